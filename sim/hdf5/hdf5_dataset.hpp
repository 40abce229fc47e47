#pragma once
// Whole datasets of any shape: one template to write values of any Element
// type, one to read them back, both driven by native_type<T>; and what a
// reader checks first (shape, kind of values, compression).

#include <cstddef>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sim/hdf5/hdf5_file.hpp"
#include "sim/hdf5/hdf5_type.hpp"

namespace cyres::h5 {

enum class Compression {
  automatic,  //!< chunk + shuffle + deflate when larger than COMPRESS_ABOVE elements
  none,       //!< contiguous
  deflate,    //!< chunk + shuffle + deflate whatever the size (if not empty)
};
inline constexpr std::size_t COMPRESS_ABOVE = 4096;  //!< [elements]
inline constexpr unsigned DEFLATE_LEVEL = 4;         //!< zlib level: most of the gain, little time
inline constexpr std::size_t CHUNK_TARGET = 16384;   //!< elements per chunk (128 KiB of doubles)

//! How write_dataset lays a dataset out.
struct Layout {
  Compression compression = Compression::automatic;
  //! false: store no modification time, so that equal data give equal bytes.
  bool track_times = true;
};

namespace detail {
//! Creates dataset `name` in `parent` of `type` and shape `dims` ({} = 1-D
//! of `count`) and writes `data` (`count` values laid out as `type` says).
Dataset write_dataset_raw(const Object& parent, std::string_view name, hid_t type, const void* data,
                          std::size_t count, const Dims& dims, const Layout& layout);
//! The type and number of values of `dataset`, once checked to read as
//! `want` and to be no more than its stored data can hold (stored_capacity).
Stored readable(const Dataset& dataset, Want want, const Describe& what);
void read_dataset_raw(const Dataset& dataset, hid_t memory_type, void* buffer,
                      const Describe& what);
//! Dataset creation properties; `track_times` as in Layout.
Handle creation_properties(bool track_times, const Describe& what);
}  // namespace detail

//! Writes `data` (a contiguous range of an Element type: std::span<const
//! double>, std::vector<std::string>, ...) as dataset `name` of shape `dims`
//! ({} = 1-D of data's size; the product of dims must equal data's size).
//! Strings are stored as wide as the longest. Returns the dataset open, to add
//! units or scales.
template <ElementRange R>
Dataset write_dataset(const Object& parent, std::string_view name, const R& data,
                      const Dims& dims = {}, const Layout& layout = {}) {
  using T = std::ranges::range_value_t<R>;
  const std::span<const T> values(std::ranges::data(data), std::ranges::size(data));
  const detail::WriteBuffer<T> buffer(values);
  return detail::write_dataset_raw(parent, name, buffer.type(), buffer.data(), values.size(), dims,
                                   layout);
}

//! Reads a whole dataset (any rank, scalar included) in row-major order as
//! T; numbers are converted by HDF5 from any integer or floating-point type.
//! A dataset whose shape claims more values than its stored data can hold is
//! an Error before anything is allocated.
template <Element T>
std::vector<T> read_dataset(const Dataset& dataset) {
  const detail::Describe what = [&] {
    return detail::Failure{"cannot read", "dataset '" + dataset.path() + "'"};
  };
  const detail::Stored stored = detail::readable(dataset, want_of<T>(), what);
  std::vector<T> values(static_cast<std::size_t>(stored.count));
  detail::read_values(
      std::span<T>(values), stored.type.get(),
      [&](hid_t memory_type, void* buffer) {
        detail::read_dataset_raw(dataset, memory_type, buffer, what);
      },
      what);
  return values;
}

//! One string as a scalar dataset (e.g. a whole file's text).
Dataset write_text_dataset(const Object& parent, std::string_view name, std::string_view text);

Dims shape(const Dataset& dataset);

//! The largest compression ratio deflate can reach (a 258-byte match coded in
//! two bits) [1].
inline constexpr hsize_t DEFLATE_MAX_RATIO = 1032;

//! The most values the data stored for `dataset` can hold, whatever its shape
//! claims: for contiguous and compact data, its bytes (at most the file's
//! size) over the size of one value; for chunked data, the values of the
//! chunks actually stored, and where every filter is shuffle, deflate or
//! Fletcher-32 also the stored bytes times DEFLATE_MAX_RATIO per deflate. A
//! shape that claims more is damaged or forged: reading it would give fill
//! values, or fail, after allocating for every claimed value.
hsize_t stored_capacity(const Dataset& dataset);
//! What the dataset stores (integers, reals, strings, ...).
ValueKind value_kind(const Dataset& dataset);
//! Whether the dataset is chunked with the deflate filter.
bool is_compressed(const Dataset& dataset);

}  // namespace cyres::h5
