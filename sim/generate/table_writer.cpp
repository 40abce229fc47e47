#include "sim/generate/table_writer.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/hdf5/hdf5.hpp"
#include "sim/scenario/hdf5_table.hpp"

namespace cyres::generate {
namespace {

constexpr std::size_t BLOCK_ROWS = 65536;  // rows per write and per HDF5 chunk
constexpr unsigned DEFLATE = 1;            // zlib level: tables are written once, read often
// Bytes of an id in assets.h5 (fixed-length strings): a generated id is a
// two-letter sector code, '-', the region and '-', the row in the region, each
// at most the 10 digits of a 32-bit number.
constexpr std::size_t ID_BYTES = 2 + 1 + 10 + 1 + 10;

// --- CSV ------------------------------------------------------------------------

class CsvFile {
 public:
  explicit CsvFile(std::string path)
      : path_(std::move(path)), file_(std::fopen(path_.c_str(), "wb")) {
    if (file_ == nullptr) {
      throw OutputError(fmt::format("cannot create '{}': {}", path_, std::strerror(errno)));
    }
  }
  ~CsvFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;
  fmt::memory_buffer& buffer() { return buffer_; }
  void maybe_flush() {
    if (buffer_.size() > (std::size_t{1} << 20)) flush();
  }
  void close() {
    flush();
    const int status = std::fclose(file_);
    file_ = nullptr;
    if (status != 0) throw OutputError(fmt::format("cannot write '{}'", path_));
  }

 private:
  void flush() {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      throw OutputError(fmt::format("cannot write '{}': {}", path_, std::strerror(errno)));
    }
    buffer_.clear();
  }
  std::string path_;
  std::FILE* file_;
  fmt::memory_buffer buffer_;
};

class CsvWriter final : public TableWriter {
 public:
  CsvWriter(const TablePaths& paths, const TableLabels& labels, IdOf id_of)
      : labels_(labels), id_of_(std::move(id_of)), assets_(paths.assets), links_(paths.links) {
    fmt::format_to(std::back_inserter(assets_.buffer()),
                   "id,sector,organisation,region,criticality,vulnerability,detection,buffer,"
                   "threshold,restore,manual_restoration\n");
    fmt::format_to(std::back_inserter(links_.buffer()), "source,target,type,probability,weight\n");
  }
  void asset(const AssetRow& r) override {
    auto out = std::back_inserter(assets_.buffer());
    fmt::format_to(out, "{},{},{},{},{},{},{},{},{},{},", r.id, labels_.sectors[r.sector],
                   labels_.organisations[r.organisation], labels_.regions[r.region], r.criticality,
                   r.vulnerability, r.detection, r.buffer, r.threshold, r.restore);
    if (r.manual == hdf5_table::NEVER_CODE) {
      fmt::format_to(out, "never\n");
    } else if (r.manual == hdf5_table::EMPTY) {
      fmt::format_to(out, "\n");
    } else {
      fmt::format_to(out, "{}\n", r.manual);
    }
    assets_.maybe_flush();
  }
  void link(const LinkRow& r) override {
    static constexpr const char* TYPE[] = {"", "network", "dependency", "both"};
    id_of_(r.source, source_);
    id_of_(r.target, target_);
    auto out = std::back_inserter(links_.buffer());
    if (r.type == 2) {
      fmt::format_to(out, "{},{},dependency,,{}\n", source_, target_, r.weight);
    } else {
      fmt::format_to(out, "{},{},{},{},{}\n", source_, target_, TYPE[r.type], r.probability,
                     r.weight);
    }
    links_.maybe_flush();
  }
  void close() override {
    assets_.close();
    links_.close();
  }

 private:
  TableLabels labels_;
  IdOf id_of_;
  CsvFile assets_, links_;
  std::string source_, target_;
};

// --- HDF5 -----------------------------------------------------------------------

// Every dataset is created without modification times, so that equal rows give
// equal bytes.
constexpr h5::Layout LABELS = {.compression = h5::Compression::none, .track_times = false};

h5::File create_table(const std::string& path, const char* kind) {
  h5::File file = h5::File::create(path);
  h5::write_attribute(file, hdf5_table::KIND_ATTRIBUTE, kind);
  h5::write_attribute(file, "version", hdf5_table::VERSION);
  return file;
}

// One growable 1-D column; rows are buffered and appended a block (one chunk)
// at a time. Strings (the ids) are ID_BYTES wide.
template <class T>
class Column {
 public:
  Column(const h5::File& file, const char* name)
      : dataset_(h5::create_growable<T>(file, name,
                                        {.chunk_rows = BLOCK_ROWS,
                                         .deflate_level = DEFLATE,
                                         .track_times = false,
                                         .string_width = ID_BYTES})) {
    buffer_.reserve(BLOCK_ROWS);
  }
  void push(T value) {
    buffer_.push_back(std::move(value));
    if (buffer_.size() == BLOCK_ROWS) flush();
  }
  void flush() {
    h5::append(dataset_, buffer_);
    buffer_.clear();
  }
  void close() { dataset_.close(); }

 private:
  h5::Dataset dataset_;
  std::vector<T> buffer_;
};

class Hdf5Writer final : public TableWriter {
 public:
  Hdf5Writer(const TablePaths& paths, const TableLabels& labels)
      : assets_file_(create_table(paths.assets, "assets")),
        links_file_(create_table(paths.links, "links")),
        id_(assets_file_, "id"),
        sector_(assets_file_, "sector"),
        organisation_(assets_file_, "organisation"),
        region_(assets_file_, "region"),
        criticality_(assets_file_, "criticality"),
        vulnerability_(assets_file_, "vulnerability"),
        detection_(assets_file_, "detection"),
        threshold_(assets_file_, "threshold"),
        buffer_(assets_file_, "buffer"),
        restore_(assets_file_, "restore"),
        manual_(assets_file_, "manual_restoration"),
        source_(links_file_, "source"),
        target_(links_file_, "target"),
        type_(links_file_, "type"),
        probability_(links_file_, "probability"),
        weight_(links_file_, "weight") {
    h5::write_dataset(assets_file_, "sector_labels", labels.sectors, {}, LABELS);
    h5::write_dataset(assets_file_, "organisation_labels", labels.organisations, {}, LABELS);
    h5::write_dataset(assets_file_, "region_labels", labels.regions, {}, LABELS);
  }

  // Each column appends when its block is full; as every row fills each
  // column once, the blocks reach the file in column order.
  void asset(const AssetRow& r) override {
    id_.push(r.id);
    sector_.push(r.sector);
    organisation_.push(r.organisation);
    region_.push(r.region);
    criticality_.push(r.criticality);
    vulnerability_.push(r.vulnerability);
    detection_.push(r.detection);
    threshold_.push(r.threshold);
    buffer_.push(r.buffer);
    restore_.push(r.restore);
    manual_.push(r.manual);
  }
  void link(const LinkRow& r) override {
    source_.push(r.source);
    target_.push(r.target);
    type_.push(r.type);
    probability_.push(r.probability);
    weight_.push(r.weight);
  }
  void close() override {
    // The last partial blocks, then the datasets, then the files (which refuse
    // to close while a dataset is open). Closing a dataset writes the chunks
    // it still caches, so this order fixes the files' bytes.
    id_.flush(), sector_.flush(), organisation_.flush(), region_.flush();
    criticality_.flush(), vulnerability_.flush(), detection_.flush(), threshold_.flush();
    buffer_.flush(), restore_.flush(), manual_.flush();
    id_.close(), sector_.close(), organisation_.close(), region_.close();
    criticality_.close(), vulnerability_.close(), detection_.close(), threshold_.close();
    buffer_.close(), restore_.close(), manual_.close();
    source_.flush(), source_.close(), target_.flush(), target_.close();
    type_.flush(), type_.close(), probability_.flush(), probability_.close();
    weight_.flush(), weight_.close();
    assets_file_.close();
    links_file_.close();
  }

 private:
  h5::File assets_file_, links_file_;
  Column<std::string> id_;
  Column<std::uint16_t> sector_, organisation_;
  Column<std::uint32_t> region_;
  Column<double> criticality_, vulnerability_, detection_, threshold_;
  Column<std::int32_t> buffer_, restore_, manual_;
  Column<std::uint32_t> source_, target_;
  Column<std::uint8_t> type_;
  Column<double> probability_, weight_;
};

}  // namespace

std::unique_ptr<TableWriter> make_csv_writer(const TablePaths& paths, const TableLabels& labels,
                                             IdOf id_of) {
  return std::make_unique<CsvWriter>(paths, labels, std::move(id_of));
}

std::unique_ptr<TableWriter> make_hdf5_writer(const TablePaths& paths, const TableLabels& labels) {
  return std::make_unique<Hdf5Writer>(paths, labels);
}

}  // namespace cyres::generate
