#include "fuzz/fuzz_targets.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "sim/core/error.hpp"
#include "sim/hdf5/hdf5.hpp"
#include "sim/hdf5/hdf5_isolation.hpp"
#include "sim/output/comparison_group.hpp"
#include "sim/output/partial_file.hpp"
#include "sim/scenario/hdf5_table.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/stats/comparison.hpp"

namespace cyres::fuzz {
namespace {

//! A located InputError is the right answer to a bad input, except the one
//! that says cyres's own code crashed while a child process read an HDF5 file
//! (h5::CyresCrashedReading, sim/hdf5/hdf5_isolation.hpp): refused to the user
//! as a ParseError like a crash inside libhdf5, but a defect of cyres, and a
//! finding here. Told by its type: the message may echo the input's text.
void refused(const InputError& error) {
  if (dynamic_cast<const h5::CyresCrashedReading*>(&error) != nullptr) {
    std::fprintf(stderr, "finding: %s\n", error.what());
    std::abort();
  }
}

//! Loads and validates a scenario as `cyres validate` and `cyres run` do.
void load(const std::string& scenario, const LoadOptions& options = {}) {
  try {
    (void)load_scenario(scenario, options);
  } catch (const InputError& error) {
    refused(error);
  }
}

// --- scenario_yaml: the input is scenario.yaml beside the v2 fixture's tables --

void scenario_yaml(std::string_view input) {
  static const bool tables = [] {
    copy_fixture("good_v2", "assets.csv");
    copy_fixture("good_v2", "links.csv");
    return true;
  }();
  (void)tables;
  load(write_file("scenario.yaml", input));
}

// --- scenario_csv: byte 0 chooses the table (even: assets.csv, odd: links.csv),
// the rest is its text; the other table and the YAML are the v2 fixture's ----

struct CsvFixture {
  std::string scenario, assets, links;
};

void scenario_csv(std::string_view input) {
  static const CsvFixture f = [] {
    CsvFixture made;
    made.assets = read_file(copy_fixture("good_v2", "assets.csv"));
    made.links = read_file(copy_fixture("good_v2", "links.csv"));
    made.scenario = copy_fixture("good_v2", "scenario.yaml");
    return made;
  }();
  if (input.empty()) return;
  const bool links = (static_cast<unsigned char>(input[0]) & 1U) != 0;
  const std::string_view text = input.substr(1);
  write_file("assets.csv", links ? std::string_view(f.assets) : text);
  write_file("links.csv", links ? text : std::string_view(f.links));
  load(f.scenario);
}

// --- set_value: each line is one `--set PATH=VALUE`, on the v2 fixture -------

void set_value(std::string_view input) {
  static const std::string scenario = [] {
    copy_fixture("good_v2", "assets.csv");
    copy_fixture("good_v2", "links.csv");
    return copy_fixture("good_v2", "scenario.yaml");
  }();
  LoadOptions options;
  for (std::size_t first = 0; first <= input.size();) {
    std::size_t end = input.find('\n', first);
    if (end == std::string_view::npos) end = input.size();
    options.overrides.emplace_back(input.substr(first, end - first));
    first = end + 1;
  }
  load(scenario, options);
}

// --- hdf5_table: byte 0 chooses the table (even: assets.h5, odd: links.h5), the
// rest is the file; the other table is a valid one made from the v1 fixture --

template <class T, class From>
std::vector<T> converted(const std::vector<From>& values) {
  return std::vector<T>(values.begin(), values.end());
}

std::vector<std::int64_t> step_codes(const std::vector<Step>& values) {
  std::vector<std::int64_t> out;
  out.reserve(values.size());
  for (const Step v : values) out.push_back(v == NEVER ? hdf5_table::NEVER_CODE : v);
  return out;
}

h5::File create_table(const std::string& path, const char* kind) {
  h5::File file = h5::File::create(path);
  h5::write_attribute(file, hdf5_table::KIND_ATTRIBUTE, kind);
  h5::write_attribute(file, "version", hdf5_table::VERSION);
  return file;
}

//! Writes the tables of `sc` as assets.h5 and links.h5 in scratch().
void write_tables(const Scenario& sc, h5::Compression compression) {
  const h5::Layout layout{.compression = compression, .track_times = false};
  {
    h5::File f = create_table(scratch() + "/assets.h5", "assets");
    const AssetTable& a = sc.assets;
    std::vector<std::string> sectors;
    std::vector<std::string> organisations;
    for (const Sector& s : sc.sectors) sectors.push_back(s.name);
    for (const Organisation& o : sc.organisations) organisations.push_back(o.name);
    h5::write_dataset(f, "id", a.id, {}, layout);
    h5::write_dataset(f, "sector", converted<std::int64_t>(a.sector), {}, layout);
    h5::write_dataset(f, "sector_labels", sectors, {}, layout);
    h5::write_dataset(f, "organisation", converted<std::int64_t>(a.organisation), {}, layout);
    h5::write_dataset(f, "organisation_labels", organisations, {}, layout);
    h5::write_dataset(f, "criticality", a.criticality, {}, layout);
    h5::write_dataset(f, "vulnerability", a.vulnerability, {}, layout);
    h5::write_dataset(f, "detection", a.detection, {}, layout);
    h5::write_dataset(f, "buffer", step_codes(a.buffer), {}, layout);
    h5::write_dataset(f, "threshold", a.threshold, {}, layout);
    h5::write_dataset(f, "restore", step_codes(a.restore), {}, layout);
    h5::write_dataset(f, "manual_restoration", step_codes(a.manual_restoration), {}, layout);
    f.close();
  }
  h5::File f = create_table(scratch() + "/links.h5", "links");
  const LinkTable& l = sc.links;
  h5::write_dataset(f, "source", converted<std::int64_t>(l.source), {}, layout);
  h5::write_dataset(f, "target", converted<std::int64_t>(l.target), {}, layout);
  h5::write_dataset(f, "type", converted<std::int64_t>(l.kind), {}, layout);
  h5::write_dataset(f, "probability", l.probability, {}, layout);
  h5::write_dataset(f, "weight", l.weight, {}, layout);
  f.close();
}

struct TableFixture {
  std::string scenario;  //!< the v1 fixture's YAML naming assets.h5 and links.h5
  std::string assets, links;
};

const TableFixture& table_fixture() {
  static const TableFixture f = [] {
    copy_fixture("good", "assets.csv");
    copy_fixture("good", "links.csv");
    const std::string csv_yaml = copy_fixture("good", "scenario.yaml");
    write_tables(load_scenario(csv_yaml), h5::Compression::none);
    std::string text = read_file(csv_yaml);
    text = replace_all(text, "assets: assets.csv", "assets: assets.h5");
    text = replace_all(text, "links: links.csv", "links: links.h5");
    TableFixture made;
    made.scenario = write_file("tables.yaml", text);
    made.assets = read_file(scratch() + "/assets.h5");
    made.links = read_file(scratch() + "/links.h5");
    return made;
  }();
  return f;
}

void hdf5_table(std::string_view input) {
  const TableFixture& f = table_fixture();
  if (input.empty()) return;
  const bool links = (static_cast<unsigned char>(input[0]) & 1U) != 0;
  const std::string_view bytes = input.substr(1);
  write_file("assets.h5", links ? std::string_view(f.assets) : bytes);
  write_file("links.h5", links ? bytes : std::string_view(f.links));
  load(f.scenario);
}

// --- results: the reader of `cyres compare`, then the comparison it feeds -----

void results(std::string_view input) {
  const std::string path = write_file("results.h5", input);
  try {
    const ResultsTrials trials = read_results_trials(path);
    if (trials.table.policy_names.empty()) return;  // compare refuses this with a ValueError
    ComparisonOptions options;
    options.catastrophic_service = trials.catastrophic_service;
    (void)compare_policies(trials.table, options);
  } catch (const InputError& error) {
    refused(error);
  }
}

// --- partial: a shard or checkpoint, read as `cyres merge` and `--resume` do, on
// the v1 fixture (the `--scenario` the reader is given instead of the path the
// file records; the v1 fixture's short horizon keeps the seed small) ---------

void partial(std::string_view input) {
  static const std::string scenario = [] {
    copy_fixture("good", "assets.csv");
    copy_fixture("good", "links.csv");
    return copy_fixture("good", "scenario.yaml");
  }();
  const std::string path = write_file("partial.h5", input);
  try {
    const PartialHeader header = read_partial_header(path);
    const Scenario sc = load_partial_scenario(header, scenario);
    (void)read_partial_run(header, sc);
  } catch (const InputError& error) {
    refused(error);
  }
}

constexpr std::array<Target, 6> TARGETS = {{
    {"scenario_yaml", scenario_yaml},
    {"scenario_csv", scenario_csv},
    {"hdf5_table", hdf5_table},
    {"set_value", set_value},
    {"results", results},
    {"partial", partial},
}};

}  // namespace

std::span<const Target> targets() {
  return TARGETS;
}

const Target& target(std::string_view name) {
  for (const Target& t : TARGETS) {
    if (name == t.name) return t;
  }
  std::fprintf(stderr, "no fuzz target '%.*s'\n", static_cast<int>(name.size()), name.data());
  std::abort();
}

void write_hdf5_table_seeds(const std::string& dir) {
  const TableFixture& f = table_fixture();
  auto seed = [&](const std::string& name, char table, const std::string& bytes) {
    std::string content(1, table);
    content += bytes;
    std::FILE* out = std::fopen((dir + "/" + name).c_str(), "wb");
    if (out == nullptr || std::fwrite(content.data(), 1, content.size(), out) != content.size() ||
        std::fclose(out) != 0) {
      std::fprintf(stderr, "cannot write seed %s/%s\n", dir.c_str(), name.c_str());
      std::abort();
    }
  };
  seed("assets_contiguous", 0, f.assets);
  seed("links_contiguous", 1, f.links);
  write_tables(load_scenario(f.scenario), h5::Compression::deflate);
  seed("assets_deflate", 0, read_file(scratch() + "/assets.h5"));
  seed("links_deflate", 1, read_file(scratch() + "/links.h5"));
}

}  // namespace cyres::fuzz
