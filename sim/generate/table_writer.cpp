#include "sim/generate/table_writer.hpp"

#include <hdf5.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/hdf5/hdf5.hpp"
#include "sim/scenario/hdf5_table.hpp"

namespace cyres::generate {
namespace {

constexpr std::size_t BLOCK_ROWS = 65536;  // rows per write and per HDF5 chunk
constexpr unsigned DEFLATE = 1;            // zlib level: tables are written once, read often

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
  CsvWriter(const std::string& dir, const TableLabels& labels, IdOf id_of)
      : labels_(labels),
        id_of_(std::move(id_of)),
        assets_(dir + "/assets.csv"),
        links_(dir + "/links.csv") {
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

[[noreturn]] void fail(const std::string& what) {
  throw OutputError(fmt::format("HDF5: {}", what));
}

h5::Handle check(hid_t id, const std::string& what) {
  if (id < 0) fail(what);
  return h5::Handle(id);
}

h5::Handle string_type() {
  h5::Handle type = check(H5Tcopy(H5T_C_S1), "string type");
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

// Dataset creation without modification times, so that equal rows give equal bytes.
h5::Handle creation(bool chunked, bool compressed) {
  h5::Handle dcpl = check(H5Pcreate(H5P_DATASET_CREATE), "property list");
  H5Pset_obj_track_times(dcpl.get(), false);
  if (chunked) {
    const hsize_t chunk = BLOCK_ROWS;
    H5Pset_chunk(dcpl.get(), 1, &chunk);
    if (compressed) {
      H5Pset_shuffle(dcpl.get());
      H5Pset_deflate(dcpl.get(), DEFLATE);
    }
  }
  return dcpl;
}

void write_labels(hid_t file, const char* name, const std::vector<std::string>& labels) {
  std::vector<const char*> pointers;
  for (const auto& label : labels) pointers.push_back(label.c_str());
  const hsize_t n = labels.size();
  const h5::Handle space = check(H5Screate_simple(1, &n, nullptr), name);
  const h5::Handle type = string_type();
  const h5::Handle set = check(H5Dcreate2(file, name, type.get(), space.get(), H5P_DEFAULT,
                                          creation(false, false).get(), H5P_DEFAULT),
                               name);
  if (n > 0 && H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0)
    fail(fmt::format("cannot write '{}'", name));
}

// One extendible 1-D column; rows are buffered and appended a block at a time.
template <class T>
class Column {
 public:
  Column(hid_t file, const char* name, hid_t file_type, hid_t memory_type)
      : name_(name), memory_type_(memory_type) {
    const hsize_t zero = 0;
    const hsize_t unlimited = H5S_UNLIMITED;
    const h5::Handle space = check(H5Screate_simple(1, &zero, &unlimited), name);
    set_ = check(H5Dcreate2(file, name, file_type, space.get(), H5P_DEFAULT,
                            creation(true, !std::is_pointer_v<T>).get(), H5P_DEFAULT),
                 name);
    buffer_.reserve(BLOCK_ROWS);
  }
  bool push(T value) {
    buffer_.push_back(value);
    return buffer_.size() == BLOCK_ROWS;
  }
  void flush() {
    if (buffer_.empty()) return;
    const hsize_t count = buffer_.size();
    const hsize_t size = rows_ + count;
    const std::string what = fmt::format("cannot append to '{}'", name_);
    if (H5Dset_extent(set_.get(), &size) < 0) fail(what);
    const h5::Handle space = check(H5Dget_space(set_.get()), what);
    H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &rows_, nullptr, &count, nullptr);
    const h5::Handle memory = check(H5Screate_simple(1, &count, nullptr), what);
    if (H5Dwrite(set_.get(), memory_type_, memory.get(), space.get(), H5P_DEFAULT, buffer_.data()) <
        0)
      fail(what);
    rows_ = size;
    buffer_.clear();
  }
  void close() {
    flush();
    set_.close();
  }

 private:
  std::string name_;
  hid_t memory_type_;
  h5::Handle set_;
  std::vector<T> buffer_;
  hsize_t rows_ = 0;
};

h5::Handle create_table(const std::string& path, const char* kind) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  h5::Handle file = check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                          fmt::format("cannot create '{}'", path));
  const h5::Group root(check(H5Gopen2(file.get(), "/", H5P_DEFAULT), path));
  h5::write_attribute(root, hdf5_table::KIND_ATTRIBUTE, std::string_view(kind));
  h5::write_attribute(root, "version", hdf5_table::VERSION);
  return file;
}

class Hdf5Writer final : public TableWriter {
 public:
  Hdf5Writer(const std::string& dir, const TableLabels& labels)
      : assets_file_(create_table(dir + "/assets.h5", "assets")),
        links_file_(create_table(dir + "/links.h5", "links")),
        string_(string_type()),
        id_(assets_file_.get(), "id", string_.get(), string_.get()),
        sector_(assets_file_.get(), "sector", H5T_STD_U16LE, H5T_NATIVE_UINT16),
        organisation_(assets_file_.get(), "organisation", H5T_STD_U16LE, H5T_NATIVE_UINT16),
        region_(assets_file_.get(), "region", H5T_STD_U32LE, H5T_NATIVE_UINT32),
        criticality_(assets_file_.get(), "criticality", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE),
        vulnerability_(assets_file_.get(), "vulnerability", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE),
        detection_(assets_file_.get(), "detection", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE),
        threshold_(assets_file_.get(), "threshold", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE),
        buffer_(assets_file_.get(), "buffer", H5T_STD_I32LE, H5T_NATIVE_INT32),
        restore_(assets_file_.get(), "restore", H5T_STD_I32LE, H5T_NATIVE_INT32),
        manual_(assets_file_.get(), "manual_restoration", H5T_STD_I32LE, H5T_NATIVE_INT32),
        source_(links_file_.get(), "source", H5T_STD_U32LE, H5T_NATIVE_UINT32),
        target_(links_file_.get(), "target", H5T_STD_U32LE, H5T_NATIVE_UINT32),
        type_(links_file_.get(), "type", H5T_STD_U8LE, H5T_NATIVE_UINT8),
        probability_(links_file_.get(), "probability", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE),
        weight_(links_file_.get(), "weight", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE) {
    write_labels(assets_file_.get(), "sector_labels", labels.sectors);
    write_labels(assets_file_.get(), "organisation_labels", labels.organisations);
    write_labels(assets_file_.get(), "region_labels", labels.regions);
    ids_.reserve(BLOCK_ROWS);
  }

  void asset(const AssetRow& r) override {
    ids_.push_back(r.id);
    id_.push(ids_.back().c_str());
    sector_.push(r.sector);
    organisation_.push(r.organisation);
    region_.push(r.region);
    criticality_.push(r.criticality);
    vulnerability_.push(r.vulnerability);
    detection_.push(r.detection);
    threshold_.push(r.threshold);
    buffer_.push(r.buffer);
    restore_.push(r.restore);
    if (manual_.push(r.manual)) flush_assets();
  }
  void link(const LinkRow& r) override {
    source_.push(r.source);
    target_.push(r.target);
    type_.push(r.type);
    probability_.push(r.probability);
    if (weight_.push(r.weight)) {
      source_.flush();
      target_.flush();
      type_.flush();
      probability_.flush();
      weight_.flush();
    }
  }
  void close() override {
    flush_assets();
    id_.close(), sector_.close(), organisation_.close(), region_.close();
    criticality_.close(), vulnerability_.close(), detection_.close(), threshold_.close();
    buffer_.close(), restore_.close(), manual_.close();
    source_.close(), target_.close(), type_.close(), probability_.close(), weight_.close();
    string_.close();
    assets_file_.close();
    links_file_.close();
  }

 private:
  void flush_assets() {
    id_.flush(), sector_.flush(), organisation_.flush(), region_.flush();
    criticality_.flush(), vulnerability_.flush(), detection_.flush(), threshold_.flush();
    buffer_.flush(), restore_.flush(), manual_.flush();
    ids_.clear();  // after the id column is written: it points into these strings
  }

  h5::Handle assets_file_, links_file_, string_;
  std::vector<std::string> ids_;
  Column<const char*> id_;
  Column<std::uint16_t> sector_, organisation_;
  Column<std::uint32_t> region_;
  Column<double> criticality_, vulnerability_, detection_, threshold_;
  Column<std::int32_t> buffer_, restore_, manual_;
  Column<std::uint32_t> source_, target_;
  Column<std::uint8_t> type_;
  Column<double> probability_, weight_;
};

}  // namespace

std::unique_ptr<TableWriter> make_csv_writer(const std::string& dir, const TableLabels& labels,
                                             IdOf id_of) {
  return std::make_unique<CsvWriter>(dir, labels, std::move(id_of));
}

std::unique_ptr<TableWriter> make_hdf5_writer(const std::string& dir, const TableLabels& labels) {
  return std::make_unique<Hdf5Writer>(dir, labels);
}

}  // namespace cyres::generate
