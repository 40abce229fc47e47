#pragma once
// 1-D datasets used as the columns of a table. They are read a block of rows
// at a time (a hyperslab of the file's dataspace), so that a column of 10^7
// values is never held twice, and written by appending blocks to a growable
// dataset (chunked, unlimited), so that a writer never holds a whole column.
// Before reading, a reader can check how many rows a column claims against
// how many its stored bytes can hold (stored_capacity).

#include <ranges>
#include <span>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "sim/hdf5/hdf5_dataset.hpp"

namespace cyres::h5 {

//! How create_growable lays a growable 1-D dataset out. HDF5 extends only
//! chunked datasets; appending whole chunks is fastest.
struct GrowableLayout {
  hsize_t chunk_rows = CHUNK_TARGET;  //!< rows per chunk [rows]
  unsigned deflate_level = 0;         //!< 0: no filters; 1..9: shuffle + deflate at this zlib level
  bool track_times = true;            //!< as in Layout
  //! Width of each string of a string column [bytes] (at least the longest
  //! that will be appended); ignored for numbers.
  std::size_t string_width = 0;
};

namespace detail {
Dataset create_growable_raw(const Object& parent, std::string_view name, hid_t type,
                            const GrowableLayout& layout);
void append_raw(const Dataset& dataset, hid_t type, const void* data, hsize_t count);
//! The width of the strings of `dataset` [bytes].
std::size_t string_width_of(const Dataset& dataset);
//! Checks that rows [first, first + count) exist in 1-D `dataset` and read as
//! `want`; returns the stored type.
Handle check_rows(const Dataset& dataset, hsize_t first, hsize_t count, Want want,
                  const Describe& what);
//! "cannot read rows 0..9 of" "dataset '/x'".
Failure rows_failure(const Dataset& dataset, hsize_t first, hsize_t count);
void read_rows_raw(const Dataset& dataset, hsize_t first, hsize_t count, hid_t memory_type,
                   void* buffer, const Describe& what);
}  // namespace detail

//! Number of rows of a 1-D dataset; Error if it has another rank.
hsize_t row_count(const Dataset& dataset);

//! Creates an empty growable 1-D dataset of T (strings: of
//! layout.string_width bytes each).
template <Element T>
Dataset create_growable(const Object& parent, std::string_view name,
                        const GrowableLayout& layout = {}) {
  if constexpr (std::is_same_v<T, std::string>) {
    return detail::create_growable_raw(parent, name, string_type(layout.string_width).get(),
                                       layout);
  } else {
    return detail::create_growable_raw(parent, name, native_type<T>().get(), layout);
  }
}

//! Appends `rows` (a contiguous range of an Element type) at the end of a
//! growable 1-D dataset.
template <ElementRange R>
void append(const Dataset& dataset, const R& rows) {
  using T = std::ranges::range_value_t<R>;
  const std::span<const T> values(std::ranges::data(rows), std::ranges::size(rows));
  if (values.empty()) return;
  if constexpr (std::is_same_v<T, std::string>) {
    const std::size_t width = detail::string_width_of(dataset);
    if (detail::string_width(values) > width) {
      throw Error(fmt::format("cannot append {} rows to", values.size()),
                  "dataset '" + dataset.path() + "'",
                  fmt::format("a string is longer than the column's {} bytes", width));
    }
    const detail::WriteBuffer<T> buffer(values, width);
    detail::append_raw(dataset, buffer.type(), buffer.data(), values.size());
  } else {
    const detail::WriteBuffer<T> buffer(values);
    detail::append_raw(dataset, buffer.type(), buffer.data(), values.size());
  }
}

//! Reads rows [first, first + out.size()) of a 1-D dataset into `out`.
template <Element T>
void read_rows(const Dataset& dataset, hsize_t first, std::span<T> out) {
  const hsize_t count = out.size();
  const detail::Describe what = [&] { return detail::rows_failure(dataset, first, count); };
  const Handle stored = detail::check_rows(dataset, first, count, want_of<T>(), what);
  detail::read_values(
      out, stored.get(),
      [&](hid_t memory_type, void* buffer) {
        detail::read_rows_raw(dataset, first, count, memory_type, buffer, what);
      },
      what);
}

//! Rows [first, first + count) of a 1-D fixed-length string dataset as they
//! are stored, without a std::string per row (a column of 10^6 ids): `bytes`
//! is resized to count x width and holds each string NUL-padded to `width`
//! bytes (it ends at its first NUL, as read_rows<std::string> reads it).
//! Returns width [bytes]. Reusing `bytes` from block to block allocates once.
std::size_t read_packed_strings(const Dataset& dataset, hsize_t first, hsize_t count,
                                std::vector<char>& bytes);

}  // namespace cyres::h5
