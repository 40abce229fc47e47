#pragma once
// A thin RAII layer over the HDF5 C API (serial libhdf5 1.10), after OpenMC's
// hdf5_interface: typed write_attribute / write_dataset overloads, but every
// identifier is owned by a move-only Handle so that no code path (exceptions
// included) leaks or double-closes one. Every HDF5 failure becomes a
// cyres::OutputError whose message names the object and HDF5's innermost
// reason. HDF5's automatic error printing (library-wide state) is switched
// off when a file is created or opened, since the exceptions carry the message.
//
// Strings are written as variable-length UTF-8, which h5py returns as `str`
// (attributes) or via `Dataset.asstr()` (datasets).

#include <hdf5.h>

#include <concepts>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cyres::h5 {

//! Owns one HDF5 identifier of any kind and closes it with the matching
//! H5Fclose / H5Gclose / H5Dclose / H5Aclose / H5Sclose / H5Tclose / H5Pclose.
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  //! Closes now, ignoring failure (for destructors, which must not throw).
  void reset() noexcept;
  //! Closes now; throws OutputError if HDF5 reports failure (e.g. a flush
  //! that hits a full disk when a file is closed).
  void close();

 private:
  hid_t id_ = -1;
};

//! Something attributes can be attached to: a file (its root group), a group
//! or a dataset.
class Object {
 public:
  hid_t id() const { return handle_.get(); }
  //! Path of the object inside its file, e.g. "/policies/independent".
  std::string path() const;

 protected:
  explicit Object(Handle handle) : handle_(std::move(handle)) {}
  Handle handle_;
};

class File : public Object {
 public:
  //! Creates `path`, truncating any existing file.
  static File create(const std::string& path);
  static File open_read_only(const std::string& path);
  //! Flushes and closes; throws OutputError on failure. Created files use
  //! H5F_CLOSE_SEMI, so closing also fails while an object in one is still open
  //! (a leaked handle is an error, not a file that silently stays open).
  void close();
  const std::string& filename() const { return filename_; }

 private:
  File(Handle handle, std::string filename)
      : Object(std::move(handle)), filename_(std::move(filename)) {}
  std::string filename_;
};

class Group : public Object {
 public:
  explicit Group(Handle handle) : Object(std::move(handle)) {}
};

class Dataset : public Object {
 public:
  explicit Dataset(Handle handle) : Object(std::move(handle)) {}
};

using Dims = std::vector<hsize_t>;

Group create_group(const Object& parent, std::string_view name);
Group open_group(const Object& parent, std::string_view name);
Dataset open_dataset(const Object& parent, std::string_view name);
//! Whether `parent` has a link called `name` (one path component).
bool exists(const Object& parent, std::string_view name);

// --- attributes ---------------------------------------------------------------
void write_attribute(const Object& obj, std::string_view name, double value);
void write_attribute(const Object& obj, std::string_view name, std::int32_t value);
void write_attribute(const Object& obj, std::string_view name, std::int64_t value);
void write_attribute(const Object& obj, std::string_view name, std::uint32_t value);
void write_attribute(const Object& obj, std::string_view name, std::uint64_t value);
void write_attribute(const Object& obj, std::string_view name, std::string_view value);
void write_attribute(const Object& obj, std::string_view name, std::span<const double> values);
void write_attribute(const Object& obj, std::string_view name,
                     const std::vector<std::string>& values);
void write_bool_attribute(const Object& obj, std::string_view name, bool value);
//! Booleans are stored as h5py stores them (an int8 enum FALSE=0, TRUE=1), so
//! h5py reads numpy.bool_. A template so that a string literal never binds here.
template <std::same_as<bool> B>
void write_attribute(const Object& obj, std::string_view name, B value) {
  write_bool_attribute(obj, name, value);
}
//! The `units` attribute every numeric dataset carries ("1" for dimensionless).
void set_units(const Object& obj, std::string_view units);

//! Reads a scalar attribute: double, std::int32_t, std::int64_t, std::uint32_t,
//! std::uint64_t or std::string (variable-length).
template <class T>
T read_attribute(const Object& obj, std::string_view name);
std::vector<std::string> read_string_array_attribute(const Object& obj, std::string_view name);
std::vector<double> read_double_array_attribute(const Object& obj, std::string_view name);
bool has_attribute(const Object& obj, std::string_view name);

// --- datasets -----------------------------------------------------------------
enum class Compression {
  automatic,  //!< chunk + shuffle + deflate when larger than COMPRESS_ABOVE elements
  none,       //!< contiguous
  deflate,    //!< chunk + shuffle + deflate whatever the size (if not empty)
};
inline constexpr std::size_t COMPRESS_ABOVE = 4096;  //!< [elements]
inline constexpr unsigned DEFLATE_LEVEL = 4;         //!< zlib level: most of the gain, little time
inline constexpr std::size_t CHUNK_TARGET = 16384;   //!< elements per chunk (128 KiB of doubles)

//! Writes a dataset of shape `dims` (empty = 1-D of data.size()); the product
//! of dims must equal data.size(). Returns it open, to add units or scales.
Dataset write_dataset(const Object& parent, std::string_view name, std::span<const double> data,
                      const Dims& dims = {}, Compression compression = Compression::automatic);
Dataset write_dataset(const Object& parent, std::string_view name, std::span<const float> data,
                      const Dims& dims = {}, Compression compression = Compression::automatic);
Dataset write_dataset(const Object& parent, std::string_view name,
                      std::span<const std::int32_t> data, const Dims& dims = {},
                      Compression compression = Compression::automatic);
Dataset write_dataset(const Object& parent, std::string_view name,
                      std::span<const std::int64_t> data, const Dims& dims = {},
                      Compression compression = Compression::automatic);
Dataset write_dataset(const Object& parent, std::string_view name,
                      std::span<const std::uint32_t> data, const Dims& dims = {},
                      Compression compression = Compression::automatic);
Dataset write_dataset(const Object& parent, std::string_view name,
                      std::span<const std::uint64_t> data, const Dims& dims = {},
                      Compression compression = Compression::automatic);
//! Variable-length UTF-8 strings; never compressed (the text lives in the
//! global heap, which filters do not reach).
Dataset write_dataset(const Object& parent, std::string_view name,
                      const std::vector<std::string>& data, const Dims& dims = {});
//! One string as a scalar dataset (e.g. a whole file's text).
Dataset write_text_dataset(const Object& parent, std::string_view name, std::string_view text);

Dims shape(const Dataset& dataset);
//! Whether the dataset is chunked with the deflate filter.
bool is_compressed(const Dataset& dataset);
//! Reads a whole numeric dataset in row-major order, converted to T: double,
//! float, std::int32_t, std::int64_t, std::uint32_t or std::uint64_t.
template <class T>
std::vector<T> read_dataset(const Dataset& dataset);
//! Variable-length strings of a scalar or any-rank dataset, in row-major order.
std::vector<std::string> read_strings(const Dataset& dataset);

// --- dimension scales (H5DS) ----------------------------------------------------
//! Marks `scale` as a dimension scale named `name` (h5py: dims[i][name]).
void make_scale(const Dataset& scale, std::string_view name);
//! Attaches `scale` to dimension `dim` of `dataset` and labels that dimension
//! with the scale's role (h5py: dims[dim].label).
void attach_scale(const Dataset& dataset, const Dataset& scale, unsigned dim,
                  std::string_view label);
//! Whether `scale` is attached to dimension `dim` of `dataset`.
bool is_attached(const Dataset& dataset, const Dataset& scale, unsigned dim);

}  // namespace cyres::h5
