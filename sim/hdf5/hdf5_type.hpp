#pragma once
// The type map of the layer: which C++ types it stores (Element), the HDF5
// type of each in memory (native_type<T>), and how values of each reach and
// leave HDF5's buffers. Every typed read and write in the layer is one
// template over this map.
//
// Strings are fixed-length UTF-8, NUL-padded, as wide as the longest string
// written together (at least one byte), which h5py returns as bytes
// (numpy.bytes_, arrays of dtype 'S'; `.decode()` gives str). Variable-length
// strings are neither written nor read: their text lives in the file's global
// heap, where a damaged length or address makes libhdf5 read out of bounds
// (docs/reliability.md); a fixed-length string is read as plain bytes whose
// number is checked first. Booleans are attributes only, stored as h5py stores
// them (an int8 enum FALSE = 0, TRUE = 1), so h5py reads numpy.bool_.

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
//! one built for a string or boolean, or read from a file (owned, closed with
//! the Type).
class Type {
 public:
  explicit Type(hid_t predefined) : id_(predefined) {}
  explicit Type(Handle built) : id_(built.get()), built_(std::move(built)) {}
  hid_t get() const { return id_; }

 private:
  hid_t id_;
  Handle built_;
};

//! Fixed-length UTF-8 strings of `width` bytes each, NUL-padded (a shorter
//! string ends at its first NUL). Error if `width` is 0 or above MAX_STRING_BYTES.
Type string_type(std::size_t width);
//! The widest string the layer writes or reads [bytes]: a whole scenario file
//! stored as text fits; a wider one in a file is damage or forgery.
inline constexpr std::size_t MAX_STRING_BYTES = std::size_t{1} << 26;
//! The most bytes one read of strings may take (count x width) [bytes]: a
//! block of 2^20 table rows of 64-byte ids, or one whole stored scenario.
inline constexpr std::size_t MAX_STRING_READ_BYTES = std::size_t{1} << 28;
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
//! Strings have no single type (their width depends on the values): see
//! detail::WriteBuffer and detail::read_values.
template <Storable T>
requires(!std::is_same_v<T, std::string>) Type native_type() {
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
  if constexpr (std::is_same_v<T, bool>) return bool_type();
}

//! What a dataset or attribute stores, as far as reading it goes.
enum class ValueKind {
  integer,          //!< any integer type (converted on reading)
  real,             //!< any floating-point type (converted on reading)
  string,           //!< fixed-length string
  boolean,          //!< an enum (h5py's booleans)
  variable_string,  //!< variable-length string: refused (see the top of this file)
  other,            //!< anything else
};
//! "integers", "floating-point numbers", ... for messages.
std::string_view describe(ValueKind kind);

//! What a read into T needs stored: numbers read from integers and reals
//! alike (HDF5 converts), strings from fixed-length strings, bool from an
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
//! "numbers", "fixed-length strings", "a boolean (enum)" for messages.
std::string_view describe(Want want);

//! A shape: extents from the outermost (slowest) dimension in; {} is a scalar.
using Dims = std::vector<hsize_t>;

namespace detail {

//! The kind of values of HDF5 datatype `type`.
ValueKind kind_of(hid_t type, const Describe& what);
//! Throws Error (with what()) unless values of kind `stored` read as `want`.
void check_readable(ValueKind stored, Want want, const Describe& what);

//! The byte width of fixed-length strings that hold every one of `values`
//! (at least 1); Error if one is wider than MAX_STRING_BYTES.
std::size_t string_width(std::span<const std::string> values);
//! `values` laid out as fixed-length strings of `width` bytes, NUL-padded;
//! Error (with what()) if one is longer than `width`.
std::vector<char> pack_strings(std::span<const std::string> values, std::size_t width,
                               const Describe& what);

//! Values of T as HDF5 reads them from memory when writing, with their type:
//! the values themselves, or strings packed to fixed width, by default as wide
//! as the longest (`width` 0) or as a dataset already declares.
template <class T>
class WriteBuffer {
 public:
  explicit WriteBuffer(std::span<const T> values,
                       std::size_t width = 0) requires std::is_same_v<T, std::string>
      : WriteBuffer(values, width == 0 ? string_width(values) : width, Packed{}) {}
  explicit WriteBuffer(std::span<const T> values) requires(!std::is_same_v<T, std::string>)
      : type_(native_type<T>()), values_(values) {}
  //! The HDF5 type in memory, which a new dataset or attribute is created with.
  hid_t type() const { return type_.get(); }
  const void* data() const {
    if constexpr (std::is_same_v<T, std::string>) {
      return packed_.data();
    } else {
      return values_.data();
    }
  }

 private:
  struct Packed {};
  WriteBuffer(std::span<const T> values, std::size_t width, Packed /*tag*/)
      : type_(string_type(width)), packed_(pack_strings(values, width, [] {
          return Failure{"cannot write", "strings"};
        })) {}

  Type type_;
  std::span<const T> values_;
  std::vector<char> packed_;
};

//! The memory type that reads fixed-length strings of `stored` (a string type
//! of a file) unchanged in width, NUL-padded; Error unless its width is in
//! [1, MAX_STRING_BYTES] and `count` of them fit MAX_STRING_READ_BYTES.
Type string_memory_type(hid_t stored, hsize_t count, const Describe& what);
//! Splits `bytes` (fixed-length strings of `width`) into `out`, each cut at
//! its first NUL.
void unpack_strings(std::span<const char> bytes, std::size_t width, std::span<std::string> out);

//! Reads values of T into `out` through `read(memory_type, buffer)`, a call
//! to H5Aread or H5Dread that throws on failure; `stored` is the type of the
//! data in the file, already checked to read as T (check_readable).
template <class T, class Read>
void read_values(std::span<T> out, hid_t stored, Read&& read, const Describe& what) {
  if (out.empty()) return;
  if constexpr (std::is_same_v<T, std::string>) {
    const Type memory = string_memory_type(stored, out.size(), what);
    const std::size_t width = H5Tget_size(memory.get());
    std::vector<char> bytes(out.size() * width);
    read(memory.get(), static_cast<void*>(bytes.data()));
    unpack_strings(bytes, width, out);
  } else {
    static_assert(!std::is_same_v<T, bool> || sizeof(bool) == 1, "bool must be one byte");
    const Type memory = native_type<T>();
    read(memory.get(), static_cast<void*>(out.data()));
  }
}

//! A type read from a file, with the count of values stored with it.
struct Stored {
  Handle type;
  hsize_t count = 0;
};

}  // namespace detail
}  // namespace cyres::h5
