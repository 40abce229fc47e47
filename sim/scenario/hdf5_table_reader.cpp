// assets.h5 / links.h5 -> AssetTable / LinkTable (docs/scenario-format.md,
// "HDF5 tables"). The same checks as the CSV readers, column by column, read
// in blocks of rows so that a column is never held twice; errors name the
// file, the dataset and the 0-based row. A column's shape, kind of values and
// length are checked before any of its data is read, so that a damaged or
// forged length is an error, not an allocation.
#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <future>
#include <initializer_list>
#include <optional>
#include <span>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/core/huge_pages.hpp"
#include "sim/hdf5/hdf5.hpp"
#include "sim/scenario/hdf5_table.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/scenario_hash.hpp"

namespace cyres {
namespace {

constexpr std::size_t BLOCK_ROWS = std::size_t{1} << 20;  // rows per read: 8 MiB of 64-bit values

// HDF5's innermost reason for a failure ("file signature not found").
std::string reason_of(const h5::Error& error) {
  return error.reason().empty() ? "unknown HDF5 error" : error.reason();
}

bool in_range(double x, const NumberRule& r) {
  const bool low = r.min_open ? x > r.min : x >= r.min;
  const bool high = r.max_open ? x < r.max : x <= r.max;
  return low && high;  // false for NaN
}

// One open HDF5 table with located, typed, blockwise column reads.
class Table {
 public:
  //! `refused`: datasets of another format version, each with why it is refused there.
  Table(const std::string& file, const SourceLocation& referred_at, std::string_view kind,
        std::vector<std::string> allowed, const char* length_column,
        std::vector<std::pair<std::string, std::string>> refused = {})
      : file_(file),
        allowed_(std::move(allowed)),
        refused_(std::move(refused)),
        h5_(open_file(file, referred_at)) {
    check_kind(kind);
    check_datasets();
    rows_ = length(open(length_column), length_column);
  }

  std::size_t rows() const { return rows_; }
  bool has(const char* name) const {
    return attempt(name, [&] { return h5::exists(h5_, name); });
  }

  template <class Error = ValueError>
  [[noreturn]] void fail(std::string_view dataset, std::size_t row, const std::string& what) const {
    throw Error({file_}, fmt::format("dataset '{}', row {}: {}", dataset, row, what));
  }
  template <class Error = ValueError>
  [[noreturn]] void fail(std::string_view dataset, const std::string& what) const {
    throw Error({file_}, fmt::format("dataset '{}': {}", dataset, what));
  }

  //! Calls f(values, first_row) per block of a numeric column. Integer columns
  //! (`INTEGER`) must hold integers; real ones may hold integers or floats.
  template <class T, class F>
  void read(const char* name, F&& f) const {
    constexpr bool INTEGER = std::is_integral_v<T>;
    const h5::Dataset set = column(name);
    const h5::ValueKind kind = attempt(name, [&] { return h5::value_kind(set); });
    if (kind != h5::ValueKind::integer && (INTEGER || kind != h5::ValueKind::real)) {
      fail(name, INTEGER ? "not an integer dataset; expected integers"
                         : "not a numeric dataset; expected numbers");
    }
    for_each_block<T>(set, rows_, name, f);
  }

  //! Calls f(text, row) for each string of a fixed-length string column.
  template <class F>
  void read_strings(const char* name, F&& f) const {
    read_strings_of(column(name), rows_, name, f);
  }

  //! A small label dataset, whole.
  std::vector<std::string> labels(const char* name) const {
    const h5::Dataset set = open(name);
    std::vector<std::string> values;
    read_strings_of(set, length(set, name), name,
                    [&](std::string_view text, std::size_t) { values.emplace_back(text); });
    return values;
  }

 private:
  static h5::File open_file(const std::string& file, const SourceLocation& referred_at) {
    try {
      return h5::File::open_read_only(file);
    } catch (const h5::Error& error) {
      throw ParseError(referred_at,
                       fmt::format("cannot open HDF5 table '{}': {}", file, reason_of(error)));
    }
  }

  // Runs f(), an h5:: call about `dataset`; a failure is a ParseError naming it.
  template <class F>
  auto attempt(std::string_view dataset, F&& f) const -> decltype(f()) {
    try {
      return f();
    } catch (const h5::Error& error) {
      fail<ParseError>(dataset, fmt::format("cannot read: {}", reason_of(error)));
    }
  }

  void check_kind(std::string_view kind) const {
    const std::string expected = fmt::format("'{}' = \"{}\" and 'version' = {}",
                                             hdf5_table::KIND_ATTRIBUTE, kind, hdf5_table::VERSION);
    std::string found;
    std::int32_t version = -1;
    try {
      found = h5::read_attribute<std::string>(h5_, hdf5_table::KIND_ATTRIBUTE);
      version = h5::read_attribute<std::int32_t>(h5_, "version");
    } catch (const h5::Error& error) {
      throw ValueError({file_},
                       fmt::format("not a cyres {} table ({}); expected root attributes {}", kind,
                                   error.what(), expected));
    }
    if (found != kind || version != hdf5_table::VERSION) {
      throw ValueError({file_}, fmt::format("table kind '{}' version {} is not supported; "
                                            "expected root attributes {}",
                                            found, version, expected));
    }
  }

  // UnknownKeyError for a dataset the format does not know.
  void check_datasets() const {
    std::vector<std::string> names;
    try {
      names = h5::link_names(h5_);
    } catch (const h5::Error& error) {
      throw ParseError({file_}, fmt::format("cannot list datasets: {}", reason_of(error)));
    }
    for (const std::string& name : names) {
      for (const auto& [dataset, why] : refused_) {
        if (dataset == name) {
          throw UnknownKeyError({file_}, fmt::format("dataset '{}': {}", name, why));
        }
      }
      if (std::find(allowed_.begin(), allowed_.end(), name) == allowed_.end()) {
        throw UnknownKeyError(
            {file_}, fmt::format("unknown dataset '{}'{}", name, did_you_mean(name, allowed_)));
      }
    }
  }

  h5::Dataset open(const char* name) const {
    try {
      return h5::open_dataset(h5_, name);
    } catch (const h5::Error& error) {
      fail(name, fmt::format("missing or unreadable ({})", reason_of(error)));
    }
  }

  // Rows of 1-D dataset `name`, no more than its stored data can hold.
  std::size_t length(const h5::Dataset& set, const char* name) const {
    const h5::Dims dims = attempt(name, [&] { return h5::shape(set); });
    if (dims.size() != 1) fail(name, "not one-dimensional; expected one value per row");
    const hsize_t capacity = attempt(name, [&] { return h5::stored_capacity(set); });
    if (dims[0] > capacity) {
      fail<ParseError>(name, fmt::format("claims {} rows, but its stored data hold at most {}; "
                                         "the file is damaged",
                                         dims[0], capacity));
    }
    return static_cast<std::size_t>(dims[0]);
  }

  // A column other than the labels: as many rows as the table.
  h5::Dataset column(const char* name) const {
    h5::Dataset set = open(name);
    const std::size_t n = length(set, name);
    if (n != rows_) {
      fail<ParseError>(name, fmt::format("{} rows; expected {} (as many as the table's other "
                                         "columns)",
                                         n, rows_));
    }
    return set;
  }

  // Calls f(values, first_row) per block of up to BLOCK_ROWS of the n rows.
  template <class T, class F>
  void for_each_block(const h5::Dataset& set, std::size_t n, const char* name, F&& f) const {
    std::vector<T> block(std::min(n, BLOCK_ROWS));
    for (std::size_t first = 0; first < n; first += BLOCK_ROWS) {
      const std::size_t count = std::min(BLOCK_ROWS, n - first);
      const std::span<T> values(block.data(), count);
      try {
        h5::read_rows<T>(set, first, values);
      } catch (const h5::Error& error) {
        throw ParseError({file_}, fmt::format("dataset '{}', rows {}..{}: cannot read: {}", name,
                                              first, first + count - 1, reason_of(error)));
      }
      f(std::span<const T>(values), first);
    }
  }

  template <class F>
  void read_strings_of(const h5::Dataset& set, std::size_t n, const char* name, F&& f) const {
    const h5::ValueKind kind = attempt(name, [&] { return h5::value_kind(set); });
    if (kind == h5::ValueKind::variable_string) {
      // Written by cyres before strings were fixed-length, or by another tool.
      fail<ParseError>(name, fmt::format("holds {}; expected fixed-length strings (as cyres "
                                         "generate writes them)",
                                         h5::describe(kind)));
    }
    if (kind != h5::ValueKind::string) fail(name, "not a string dataset; expected strings");
    // As stored, a block at a time: no std::string per row.
    std::vector<char> bytes;
    for (std::size_t first = 0; first < n; first += BLOCK_ROWS) {
      const std::size_t count = std::min(BLOCK_ROWS, n - first);
      std::size_t width = 0;
      try {
        width = h5::read_packed_strings(set, first, count, bytes);
      } catch (const h5::Error& error) {
        throw ParseError({file_}, fmt::format("dataset '{}', rows {}..{}: cannot read: {}", name,
                                              first, first + count - 1, reason_of(error)));
      }
      for (std::size_t k = 0; k < count; ++k) {
        const std::string_view padded(bytes.data() + k * width, width);
        f(padded.substr(0, padded.find('\0')), first + k);
      }
    }
  }

  std::string file_;
  std::vector<std::string> allowed_;
  std::vector<std::pair<std::string, std::string>> refused_;
  h5::File h5_;
  std::size_t rows_ = 0;
};

// Code -> declared index for a `*_labels` dataset.
template <class Index>
std::vector<Index> resolve_labels(const Table& t, const char* dataset, const NameIndex& names,
                                  std::string_view noun, std::string_view section) {
  std::vector<Index> index;
  const std::vector<std::string> labels = t.labels(dataset);
  for (std::size_t k = 0; k < labels.size(); ++k) {
    const auto found = names.find(labels[k]);
    if (!found) {
      t.fail<ReferenceError>(dataset, k,
                             fmt::format("unknown {} '{}' (not declared in {}){}", noun, labels[k],
                                         section, names.suggest(labels[k])));
    }
    index.push_back(static_cast<Index>(*found));
  }
  return index;
}

template <class Index>
void read_codes(const Table& t, const char* dataset, const std::vector<Index>& labels,
                std::vector<Index>& out) {
  t.read<std::int64_t>(dataset, [&](std::span<const std::int64_t> codes, std::size_t first) {
    for (std::size_t k = 0; k < codes.size(); ++k) {
      if (codes[k] < 0 || static_cast<std::size_t>(codes[k]) >= labels.size()) {
        t.fail(dataset, first + k,
               fmt::format("code {} has no label; expected an integer in [0, {}) (a row of "
                           "'{}_labels')",
                           codes[k], labels.size(), dataset));
      }
      out.push_back(labels[static_cast<std::size_t>(codes[k])]);
    }
  });
}

void read_reals(const Table& t, const char* dataset, const NumberRule& rule, double fallback,
                std::vector<double>& out) {
  if (!t.has(dataset)) {
    out.assign(t.rows(), fallback);
    return;
  }
  reserve_huge(out, t.rows());
  t.read<double>(dataset, [&](std::span<const double> values, std::size_t first) {
    for (std::size_t k = 0; k < values.size(); ++k) {
      if (!std::isfinite(values[k]) || !in_range(values[k], rule)) {
        t.fail(dataset, first + k,
               fmt::format("value '{}' is out of range; expected {}", values[k], rule.expected()));
      }
    }
    out.insert(out.end(), values.begin(), values.end());
  });
}

// Integer durations; EMPTY takes `fallback`, NEVER_CODE is "never" where `never_ok`.
void read_steps(const Table& t, const char* dataset, Step fallback, bool never_ok,
                std::vector<Step>& out) {
  if (!t.has(dataset)) {
    out.assign(t.rows(), fallback);
    return;
  }
  reserve_huge(out, t.rows());
  t.read<std::int64_t>(dataset, [&](std::span<const std::int64_t> values, std::size_t first) {
    for (std::size_t k = 0; k < values.size(); ++k) {
      const std::int64_t v = values[k];
      if (v == hdf5_table::EMPTY) {
        out.push_back(fallback);
      } else if (never_ok && v == hdf5_table::NEVER_CODE) {
        out.push_back(NEVER);
      } else if (v < DURATION_RULE.min || v > DURATION_RULE.max) {
        t.fail(dataset, first + k,
               fmt::format("value '{}' is out of range; expected {}{} or {} (empty: default)", v,
                           DURATION_RULE.expected(), never_ok ? ", -1 (never)" : "",
                           hdf5_table::EMPTY));
      } else {
        out.push_back(static_cast<Step>(v));
      }
    }
  });
}

// Reads and checks assets.h5, indexing the ids in `asset_names`. With
// `asset_names` null (in the reading child) the ids are not indexed, so that
// an id given twice is not found: the parent, which indexes them anyway,
// finds it and reads again with the index for the located error.
AssetTable read_assets_table(const std::string& file, const SourceLocation& referred_at,
                             const AssetDefaults& defaults, const AssetReferences& references,
                             NameIndex* asset_names) {
  // Version 2 replaced the coded `region` label by the coded `state` (a declared state).
  const bool v2 = references.version >= FORMAT_V2;
  const std::string place = v2 ? "state" : "region";
  const std::string other = v2 ? "region" : "state";
  const std::string why =
      v2 ? "region was replaced by state in version 2 (a state declared in states)"
         : needs_v2(fmt::format("the coded column '{}'", other));
  const Table t(file, referred_at, "assets",
                {"id", "sector", "sector_labels", "organisation", "organisation_labels", "name",
                 place, place + "_labels", "criticality", "vulnerability", "detection", "buffer",
                 "threshold", "restore", "manual_restoration"},
                "id", {{other, why}, {other + "_labels", why}});
  const std::size_t n = t.rows();
  // AssetIndex is 32-bit; its largest value stays free as a "none" marker.
  if (n >= std::numeric_limits<AssetIndex>::max()) {
    throw SizeError({file}, fmt::format("{} assets; expected at most {}", n,
                                        std::numeric_limits<AssetIndex>::max() - 1));
  }
  AssetTable a;
  a.id.reserve(n);
  if (asset_names != nullptr) asset_names->reserve(n);
  t.read_strings("id", [&](std::string_view id, std::size_t row) {
    if (!is_identifier(id, ":")) {
      t.fail("id", row,
             fmt::format("value '{}' is not a valid asset id; expected letters, digits, '_', "
                         "'.', ':' or '-'",
                         id));
    }
    a.id.emplace_back(id);
    if (asset_names != nullptr && !asset_names->add(a.id.back())) {
      t.fail<ReferenceError>("id", row,
                             fmt::format("asset id '{}' is defined twice (first at row {}); ids "
                                         "must be unique",
                                         id, *asset_names->find(a.id.back())));
    }
  });
  a.sector.reserve(n);
  read_codes(
      t, "sector",
      resolve_labels<SectorIndex>(t, "sector_labels", references.sectors, "sector", "sectors"),
      a.sector);
  a.organisation.reserve(n);
  read_codes(t, "organisation",
             resolve_labels<OrgIndex>(t, "organisation_labels", references.organisations,
                                      "organisation", "organisations"),
             a.organisation);
  if (v2) {
    a.state.reserve(n);
    read_codes(t, "state",
               resolve_labels<StateIndex>(t, "state_labels", references.states, "state", "states"),
               a.state);
  }
  read_reals(t, "criticality", NumberRule::at_least(0.0), defaults.criticality, a.criticality);
  double total_criticality = 0.0;  // bounds every impact sum (sim/graph)
  for (std::size_t k = 0; k < n; ++k) {
    total_criticality += a.criticality[k];
    if (!std::isfinite(total_criticality)) {
      t.fail("criticality", k, criticality_overflow(a.criticality[k]));
    }
  }
  read_reals(t, "vulnerability", NumberRule::probability(), defaults.vulnerability,
             a.vulnerability);
  read_reals(t, "detection", NumberRule::probability(), defaults.detection, a.detection);
  read_steps(t, "buffer", defaults.buffer, false, a.buffer);
  read_reals(t, "threshold", NumberRule::fraction_above_zero(), defaults.threshold, a.threshold);
  read_steps(t, "restore", defaults.restore, false, a.restore);
  read_steps(t, "manual_restoration", defaults.manual_restoration, true, a.manual_restoration);
  return a;
}

// What read_links_table refuses for want of the assets table when it reads
// without it (in a child started before the assets were read): any of it
// makes the read be done again with the assets, which then fails with the
// located error.
struct NeedsTheAssets {};

// The error for an asset row `value` of `end` ("source" or "target") at
// `row` that is not in an assets table of `assets` rows.
ReferenceError unknown_asset_row(const std::string& file, const char* end, std::size_t row,
                                 std::int64_t value, std::size_t assets) {
  return ReferenceError({file}, fmt::format("dataset '{}', row {}: asset row {} is not in the "
                                            "assets table; expected an integer in [0, {}) (a "
                                            "row of the assets table)",
                                            end, row, value, assets));
}

// Reads and checks links.h5. With `asset_names` null, without the assets
// table: every check that needs it is left to check_link_ends (the rows'
// range) or throws NeedsTheAssets (a check that failed and whose message
// names assets). Every error is thrown at the row where the full read would
// throw it, or later: a read without the assets that finishes passed every
// check of the full read but the rows' range.
LinkTable read_links_table(const std::string& file, const SourceLocation& referred_at,
                           const NameIndex* asset_names) {
  const Table t(file, referred_at, "links", {"source", "target", "type", "probability", "weight"},
                "source");
  const std::size_t n = t.rows();
  // Without the assets, any index an AssetIndex can hold (its largest value is "none").
  const std::size_t assets =
      asset_names != nullptr ? asset_names->size() : std::numeric_limits<AssetIndex>::max();
  LinkTable l;
  for (const char* end : {"source", "target"}) {
    std::vector<AssetIndex>& out = end[0] == 's' ? l.source : l.target;
    reserve_huge(out, n);
    t.read<std::int64_t>(end, [&](std::span<const std::int64_t> values, std::size_t first) {
      for (std::size_t k = 0; k < values.size(); ++k) {
        if (values[k] < 0 || static_cast<std::size_t>(values[k]) >= assets) {
          if (asset_names == nullptr) throw NeedsTheAssets{};
          throw unknown_asset_row(file, end, first + k, values[k], assets);
        }
        out.push_back(static_cast<AssetIndex>(values[k]));
      }
    });
  }
  reserve_huge(l.kind, n);
  t.read<std::int64_t>("type", [&](std::span<const std::int64_t> values, std::size_t first) {
    for (std::size_t k = 0; k < values.size(); ++k) {
      if (values[k] < LinkKind::network || values[k] > LinkKind::both) {
        t.fail("type", first + k,
               fmt::format("value '{}' is not a link type; expected 1 (network), 2 (dependency) "
                           "or 3 (both)",
                           values[k]));
      }
      l.kind.push_back(static_cast<std::uint8_t>(values[k]));
    }
  });
  for (std::size_t k = 0; k < n; ++k) {
    if (l.source[k] == l.target[k]) {
      if (asset_names == nullptr) throw NeedsTheAssets{};
      t.fail("target", k,
             fmt::format("self-link '{}' -> '{}'; expected a target different from the source",
                         asset_names->names()[l.source[k]], asset_names->names()[l.target[k]]));
    }
  }
  const bool any_network = std::any_of(l.kind.begin(), l.kind.end(),
                                       [](std::uint8_t k) { return (k & LinkKind::network) != 0; });
  if (any_network && !t.has("probability")) {
    t.fail("probability", "missing; network and both links need p_uv");
  }
  read_reals(t, "probability", NumberRule::probability(), 0.0, l.probability);
  for (std::size_t k = 0; k < n; ++k) {
    if ((l.kind[k] & LinkKind::network) == 0) l.probability[k] = 0.0;  // ignored, as in CSV
  }
  read_reals(t, "weight", NumberRule::above(0.0), 1.0, l.weight);
  // Without the assets, as many as the rows named (the sums do not depend on it).
  const std::size_t rows_named =
      asset_names != nullptr
          ? assets
          : std::max<std::size_t>(
                l.source.empty() ? 0 : *std::max_element(l.source.begin(), l.source.end()) + 1,
                l.target.empty() ? 0 : *std::max_element(l.target.begin(), l.target.end()) + 1);
  std::vector<double> input_weight(rows_named, 0.0);  // sum of w_uv into each v
  for (std::size_t k = 0; k < n; ++k) {
    if ((l.kind[k] & LinkKind::dependency) == 0) continue;
    input_weight[l.target[k]] += l.weight[k];
    if (!std::isfinite(input_weight[l.target[k]])) {
      if (asset_names == nullptr) throw NeedsTheAssets{};
      t.fail("weight", k, input_weight_overflow(l.weight[k], asset_names->names()[l.target[k]]));
    }
  }
  check_duplicate_links(file, l, rows_named, asset_names);
  return l;
}

// A table read in a child hands its columns back in this order.
void encode(const AssetTable& a, h5::ByteWriter& out) {
  out.strings(a.id);
  out.values(a.sector);
  out.values(a.organisation);
  out.values(a.state);
  out.values(a.criticality);
  out.values(a.vulnerability);
  out.values(a.detection);
  out.values(a.buffer);
  out.values(a.threshold);
  out.values(a.restore);
  out.values(a.manual_restoration);
}

void encode(const LinkTable& l, h5::ByteWriter& out) {
  out.values(l.source);
  out.values(l.target);
  out.values(l.kind);
  out.values(l.probability);
  out.values(l.weight);
}

//! ParseError unless every column of a table handed back has `rows` rows
//! (`state` may be empty: format version 1).
void check_rows(const std::string& file, std::size_t rows,
                std::initializer_list<std::size_t> columns) {
  for (const std::size_t n : columns) {
    if (n != rows) {
      throw ParseError({file},
                       "the child process that read the table handed back columns of "
                       "different lengths: the file is damaged");
    }
  }
}

// The table a child handed back, its ids indexed in (empty) `asset_names`;
// nullopt, and `asset_names` empty again, if an id is there twice (the child
// did not index them).
std::optional<AssetTable> decode_assets(h5::ByteReader& in, const std::string& file,
                                        NameIndex& asset_names) {
  AssetTable a;
  a.id = in.strings();
  a.sector = in.values<SectorIndex>();
  a.organisation = in.values<OrgIndex>();
  a.state = in.values<StateIndex>();
  a.criticality = in.values<double>();
  a.vulnerability = in.values<double>();
  a.detection = in.values<double>();
  a.buffer = in.values<Step>();
  a.threshold = in.values<double>();
  a.restore = in.values<Step>();
  a.manual_restoration = in.values<Step>();
  const std::size_t n = a.size();
  check_rows(file, n,
             {a.sector.size(), a.organisation.size(), a.state.empty() ? n : a.state.size(),
              a.criticality.size(), a.vulnerability.size(), a.detection.size(), a.buffer.size(),
              a.threshold.size(), a.restore.size(), a.manual_restoration.size()});
  asset_names.reserve(n);
  for (const std::string& id : a.id) {
    if (!asset_names.add(id)) {
      asset_names = NameIndex();
      return std::nullopt;
    }
  }
  return a;
}

// The links' columns are copied by two threads, about half the bytes each:
// 10^7 links are ≈ 250 MB of new pages, which the parent fills while both
// cores are otherwise idle (the children have ended). In two rounds, the
// first two columns' pages freed between them, so that less of the table is
// held twice at once.
LinkTable decode_links(h5::ByteReader& in, const std::string& file) {
  LinkTable l;
  const auto both = [](auto first, auto second) {
    std::future<void> other = std::async(std::launch::async, second);
    first();
    other.get();
  };
  {
    const auto source = in.view<AssetIndex>();
    const auto target = in.view<AssetIndex>();
    both([&] { l.source = h5::ByteReader::copy_of(source); },
         [&] { l.target = h5::ByteReader::copy_of(target); });
    in.release();
  }
  const auto kind = in.view<std::uint8_t>();
  const auto probability = in.view<double>();
  const auto weight = in.view<double>();
  both(
      [&] {
        l.kind = h5::ByteReader::copy_of(kind);
        l.probability = h5::ByteReader::copy_of(probability);
      },
      [&] { l.weight = h5::ByteReader::copy_of(weight); });
  in.release();
  check_rows(file, l.size(),
             {l.target.size(), l.kind.size(), l.probability.size(), l.weight.size()});
  return l;
}

}  // namespace

// Each table is read in a child process (sim/hdf5/hdf5_isolation.hpp): libhdf5
// may crash on a damaged file before any check here sees it. The child reads
// the table alone, with the checks of its values (reading and checking are
// interleaved block by block), and hands the columns back, so that a table of
// 10^6 assets is not read and decompressed twice; a table the child refused
// is read again here, to throw the same located error.
AssetTable read_assets_hdf5(const std::string& file, const SourceLocation& referred_at,
                            const AssetDefaults& defaults, const AssetReferences& references,
                            NameIndex& asset_names) {
  if (asset_names.size() != 0) {
    throw std::logic_error("read_assets_hdf5: the asset names must be empty before the assets");
  }
  // The child does not index the ids (the parent does, once).
  std::optional<h5::ChildBytes> bytes = h5::read_in_child_returning(file, [&](h5::ByteWriter& out) {
    encode(read_assets_table(file, referred_at, defaults, references, nullptr), out);
  });
  if (bytes) {
    h5::ByteReader in(*bytes, file);
    std::optional<AssetTable> a = decode_assets(in, file, asset_names);
    if (a) {
      in.finish();
      return std::move(*a);
    }
  }
  // Refused by the child (or no child: this is one), or an id twice: read
  // here, for the located error (the child finished: libhdf5 takes its steps
  // here, or fewer).
  return read_assets_table(file, referred_at, defaults, references, &asset_names);
}

LinkTable read_links_hdf5(const std::string& file, const SourceLocation& referred_at,
                          const NameIndex& asset_names) {
  return h5::read_isolated(
      file, [&] { return read_links_table(file, referred_at, &asset_names); },
      [](const LinkTable& l, h5::ByteWriter& out) { encode(l, out); },
      [&](h5::ByteReader& in) { return decode_links(in, file); });
}

PendingLinks::PendingLinks(std::string file, SourceLocation referred_at)
    : file_(std::move(file)),
      referred_at_(std::move(referred_at)),
      child_(h5::start_read_in_child(file_, [this](h5::ByteWriter& out) {
        encode(read_links_table(file_, referred_at_, nullptr), out);
      })) {}

LinkTable PendingLinks::take(const NameIndex& asset_names) {
  std::optional<h5::ChildBytes> bytes = child_.wait();
  // Refused without the assets (or no child: this is one): read again with
  // them, here, to throw the located error (the child finished: libhdf5 takes
  // the same steps here, or fewer).
  if (!bytes) return read_links_table(file_, referred_at_, &asset_names);
  h5::ByteReader in(*bytes, file_);
  LinkTable l = decode_links(in, file_);
  in.finish();
  // The one check left: every row names an asset, sources first, as the full read checks them.
  const std::size_t assets = asset_names.size();
  for (const char* end : {"source", "target"}) {
    const std::vector<AssetIndex>& rows = end[0] == 's' ? l.source : l.target;
    const auto outside =
        std::find_if(rows.begin(), rows.end(), [assets](AssetIndex row) { return row >= assets; });
    if (outside != rows.end()) {
      throw unknown_asset_row(file_, end, static_cast<std::size_t>(outside - rows.begin()),
                              *outside, assets);
    }
  }
  return l;
}

void check_duplicate_links(const std::string& file, const LinkTable& l, std::size_t assets,
                           const NameIndex* asset_names) {
  // Bucket the links by source (a counting sort: 8 bytes per link, no hashing),
  // then sort each small bucket of (target, kind) keys.
  std::vector<std::uint64_t> offset(assets + 1, 0);
  for (const AssetIndex u : l.source) ++offset[u + 1];
  for (std::size_t i = 0; i < assets; ++i) offset[i + 1] += offset[i];
  std::vector<std::uint64_t> key;
  resize_huge(key, l.size());
  {
    std::vector<std::uint64_t> fill(offset.begin(), offset.end() - 1);
    for (std::size_t k = 0; k < l.size(); ++k) {
      key[fill[l.source[k]]++] = (std::uint64_t{l.target[k]} << 2) | l.kind[k];
    }
  }
  for (std::size_t i = 0; i < assets; ++i) {
    const auto first = key.begin() + static_cast<std::ptrdiff_t>(offset[i]);
    const auto last = key.begin() + static_cast<std::ptrdiff_t>(offset[i + 1]);
    std::sort(first, last);
    const auto twice = std::adjacent_find(first, last);
    if (twice == last) continue;
    if (asset_names == nullptr) throw NeedsTheAssets{};
    // Rare: find the two rows for the message.
    const auto v = static_cast<AssetIndex>(*twice >> 2);
    const auto kind = static_cast<std::uint8_t>(*twice & 3);
    std::vector<std::size_t> rows;
    for (std::size_t k = 0; k < l.size() && rows.size() < 2; ++k) {
      if (l.source[k] == i && l.target[k] == v && l.kind[k] == kind) rows.push_back(k);
    }
    static constexpr std::array<const char*, 4> TYPE = {"", "network", "dependency", "both"};
    throw ValueError({file}, fmt::format("dataset 'target', row {}: duplicate link '{}' -> '{}' "
                                         "of type '{}' (first at row {}); expected each (source, "
                                         "target, type) once",
                                         rows.back(), asset_names->names()[i],
                                         asset_names->names()[v], TYPE[kind], rows.front()));
  }
}

std::string describe_hdf5_table(const std::string& file) {
  // The text stored for an HDF5 table (in the results file and the scenario
  // hash): its size and a hash of its bytes, read in 1 MiB pieces.
  std::ifstream in(file, std::ios::binary);
  std::vector<char> buffer(std::size_t{1} << 20);
  std::uint64_t hash = FNV1A64_OFFSET;
  std::uint64_t bytes = 0;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    hash = fnv1a64(std::string_view(buffer.data(), got), hash);
    bytes += got;
  }
  // The path is left out, so that a moved scenario keeps its hash.
  return fmt::format("HDF5 table: {} bytes, FNV-1a 64 {:016x}", bytes, hash);
}

}  // namespace cyres
