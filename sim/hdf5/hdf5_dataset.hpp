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
//! Number of values of `dataset` once checked to read as `want`.
hsize_t readable_count(const Dataset& dataset, Want want, const Describe& what);
void read_dataset_raw(const Dataset& dataset, hid_t memory_type, void* buffer,
                      const Describe& what);
//! Dataset creation properties; `track_times` as in Layout.
Handle creation_properties(bool track_times, const Describe& what);
}  // namespace detail

//! Writes `data` (a contiguous range of an Element type: std::span<const
//! double>, std::vector<std::string>, ...) as dataset `name` of shape `dims`
//! ({} = 1-D of data's size; the product of dims must equal data's size).
//! Strings are never compressed (the text lives in the global heap, which
//! filters do not reach). Returns the dataset open, to add units or scales.
template <ElementRange R>
Dataset write_dataset(const Object& parent, std::string_view name, const R& data,
                      const Dims& dims = {}, Layout layout = {}) {
  using T = std::ranges::range_value_t<R>;
  const std::span<const T> values(std::ranges::data(data), std::ranges::size(data));
  if constexpr (std::is_same_v<T, std::string>) layout.compression = Compression::none;
  const detail::WriteBuffer<T> buffer(values);
  return detail::write_dataset_raw(parent, name, native_type<T>().get(), buffer.data(),
                                   values.size(), dims, layout);
}

//! Reads a whole dataset (any rank, scalar included) in row-major order as
//! T; numbers are converted by HDF5 from any integer or floating-point type.
template <Element T>
std::vector<T> read_dataset(const Dataset& dataset) {
  const detail::Describe what = [&] {
    return detail::Failure{"cannot read", "dataset '" + dataset.path() + "'"};
  };
  std::vector<T> values(
      static_cast<std::size_t>(detail::readable_count(dataset, want_of<T>(), what)));
  detail::read_values(
      std::span<T>(values),
      [&](hid_t memory_type, void* buffer) {
        detail::read_dataset_raw(dataset, memory_type, buffer, what);
      },
      what);
  return values;
}

//! One string as a scalar dataset (e.g. a whole file's text).
Dataset write_text_dataset(const Object& parent, std::string_view name, std::string_view text);

Dims shape(const Dataset& dataset);
//! What the dataset stores (integers, reals, strings, ...).
ValueKind value_kind(const Dataset& dataset);
//! Whether the dataset is chunked with the deflate filter.
bool is_compressed(const Dataset& dataset);

}  // namespace cyres::h5
