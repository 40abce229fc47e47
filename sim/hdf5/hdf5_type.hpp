#pragma once
// The type map of the layer: which C++ types it stores (Element), the HDF5
// type of each in memory (native_type<T>), and how values of each reach and
// leave HDF5's buffers. Every typed read and write in the layer is one
// template over this map.
//
// Strings are variable-length UTF-8, which h5py returns as `str` (attributes)
// or via `Dataset.asstr()` (datasets). Booleans are attributes only, stored as
// h5py stores them (an int8 enum FALSE = 0, TRUE = 1), so h5py reads
// numpy.bool_.

#include <cstdint>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sim/hdf5/hdf5_handle.hpp"

namespace cyres::h5 {

//! A type whose values the layer stores in datasets and attributes; it is
//! stored with exactly this type (h5py: float64, uint32, str, ...).
template <class T>
concept Element =
    std::is_same_v<T, double> || std::is_same_v<T, float> || std::is_same_v<T, std::int8_t> ||
    std::is_same_v<T, std::uint8_t> || std::is_same_v<T, std::int16_t> ||
    std::is_same_v<T, std::uint16_t> || std::is_same_v<T, std::int32_t> ||
    std::is_same_v<T, std::uint32_t> || std::is_same_v<T, std::int64_t> ||
    std::is_same_v<T, std::uint64_t> || std::is_same_v<T, std::string>;

//! An HDF5 datatype: one of the library's predefined types (not owned), or
//! one built for a string or boolean (owned, closed with the Type).
class Type {
 public:
  explicit Type(hid_t predefined) : id_(predefined) {}
  explicit Type(Handle built) : id_(built.get()), built_(std::move(built)) {}
  hid_t get() const { return id_; }

 private:
  hid_t id_;
  Handle built_;
};

//! Variable-length UTF-8 string.
Type string_type();
//! h5py's boolean: an int8 enum FALSE = 0, TRUE = 1.
Type bool_type();

//! What native_type maps: the Elements, and bool (attributes only).
template <class T>
concept Storable = Element<T> || std::is_same_v<T, bool>;

//! A contiguous range of Elements: std::span<const double>,
//! std::vector<std::string>, ...
template <class R>
concept ElementRange = std::ranges::contiguous_range<R> && std::ranges::sized_range<R> &&
    Element<std::ranges::range_value_t<R>>;

//! The HDF5 type of T in memory; datasets and attributes are created with it.
template <Storable T>
Type native_type() {
  if constexpr (std::is_same_v<T, double>) return Type(H5T_NATIVE_DOUBLE);
  if constexpr (std::is_same_v<T, float>) return Type(H5T_NATIVE_FLOAT);
  if constexpr (std::is_same_v<T, std::int8_t>) return Type(H5T_NATIVE_INT8);
  if constexpr (std::is_same_v<T, std::uint8_t>) return Type(H5T_NATIVE_UINT8);
  if constexpr (std::is_same_v<T, std::int16_t>) return Type(H5T_NATIVE_INT16);
  if constexpr (std::is_same_v<T, std::uint16_t>) return Type(H5T_NATIVE_UINT16);
  if constexpr (std::is_same_v<T, std::int32_t>) return Type(H5T_NATIVE_INT32);
  if constexpr (std::is_same_v<T, std::uint32_t>) return Type(H5T_NATIVE_UINT32);
  if constexpr (std::is_same_v<T, std::int64_t>) return Type(H5T_NATIVE_INT64);
  if constexpr (std::is_same_v<T, std::uint64_t>) return Type(H5T_NATIVE_UINT64);
  if constexpr (std::is_same_v<T, std::string>) return string_type();
  if constexpr (std::is_same_v<T, bool>) return bool_type();
}

//! What a dataset or attribute stores, as far as reading it goes.
enum class ValueKind {
  integer,  //!< any integer type (converted on reading)
  real,     //!< any floating-point type (converted on reading)
  string,   //!< variable-length string
  boolean,  //!< an enum (h5py's booleans)
  other,    //!< anything else, fixed-length strings included
};
//! "integers", "floating-point numbers", ... for messages.
std::string_view describe(ValueKind kind);

//! What a read into T needs stored: numbers read from integers and reals
//! alike (HDF5 converts), strings from variable-length strings, bool from an
//! enum.
enum class Want { number, string, boolean };
template <class T>
constexpr Want want_of() {
  if constexpr (std::is_same_v<T, std::string>) {
    return Want::string;
  } else if constexpr (std::is_same_v<T, bool>) {
    return Want::boolean;
  } else {
    return Want::number;
  }
}
bool accepts(Want want, ValueKind stored);
//! "numbers", "variable-length strings", "a boolean (enum)" for messages.
std::string_view describe(Want want);

//! A shape: extents from the outermost (slowest) dimension in; {} is a scalar.
using Dims = std::vector<hsize_t>;

namespace detail {

//! The kind of values of HDF5 datatype `type`.
ValueKind kind_of(hid_t type, const Describe& what);
//! Throws Error (with what()) unless values of kind `stored` read as `want`.
void check_readable(ValueKind stored, Want want, const Describe& what);

//! Pointers to the characters of each string, as HDF5 reads variable-length
//! strings from memory.
std::vector<const char*> c_strings(std::span<const std::string> values);

//! Values of T as HDF5 reads them from memory when writing: the values
//! themselves, or for strings a pointer to each one's characters.
template <class T>
class WriteBuffer {
 public:
  explicit WriteBuffer(std::span<const T> values) : values_(values) {
    if constexpr (std::is_same_v<T, std::string>) pointers_ = c_strings(values);
  }
  const void* data() const {
    if constexpr (std::is_same_v<T, std::string>) {
      return pointers_.data();
    } else {
      return values_.data();
    }
  }

 private:
  std::span<const T> values_;
  std::vector<const char*> pointers_;
};

//! Memory HDF5 fills with variable-length strings when reading (one char*
//! each, allocated by HDF5), handed back to HDF5 when done.
class VlenStrings {
 public:
  VlenStrings(hid_t memory_type, std::size_t count);
  ~VlenStrings();  // reclaims, ignoring failure (destructors do not throw)
  VlenStrings(const VlenStrings&) = delete;
  VlenStrings& operator=(const VlenStrings&) = delete;
  void* data() { return pointers_.data(); }
  //! Copies the strings into `out` (null pointers become "") and reclaims.
  void move_to(std::span<std::string> out, const Describe& what);

 private:
  herr_t reclaim();
  hid_t memory_type_;
  std::vector<char*> pointers_;
};

//! Reads values of T into `out` through `read(memory_type, buffer)`, a call
//! to H5Aread or H5Dread that throws on failure.
template <class T, class Read>
void read_values(std::span<T> out, Read&& read, const Describe& what) {
  if (out.empty()) return;
  const Type memory = native_type<T>();
  if constexpr (std::is_same_v<T, std::string>) {
    VlenStrings buffer(memory.get(), out.size());
    read(memory.get(), buffer.data());
    buffer.move_to(out, what);
  } else {
    static_assert(!std::is_same_v<T, bool> || sizeof(bool) == 1, "bool must be one byte");
    read(memory.get(), static_cast<void*>(out.data()));
  }
}

}  // namespace detail
}  // namespace cyres::h5
