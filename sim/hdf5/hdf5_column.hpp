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

#include "sim/hdf5/hdf5_dataset.hpp"

namespace cyres::h5 {

//! How create_growable lays a growable 1-D dataset out. HDF5 extends only
//! chunked datasets; appending whole chunks is fastest.
struct GrowableLayout {
  hsize_t chunk_rows = CHUNK_TARGET;  //!< rows per chunk [rows]
  unsigned deflate_level = 0;         //!< 0: no filters; 1..9: shuffle + deflate at this zlib level
  bool track_times = true;            //!< as in Layout
};

//! The largest compression ratio deflate can reach (a 258-byte match coded in
//! two bits) [1].
inline constexpr hsize_t DEFLATE_MAX_RATIO = 1032;

namespace detail {
Dataset create_growable_raw(const Object& parent, std::string_view name, hid_t type,
                            const GrowableLayout& layout);
void append_raw(const Dataset& dataset, hid_t type, const void* data, hsize_t count);
//! Checks that rows [first, first + count) exist in 1-D `dataset` and read as
//! `want`.
void check_rows(const Dataset& dataset, hsize_t first, hsize_t count, Want want,
                const Describe& what);
//! "cannot read rows 0..9 of" "dataset '/x'".
Failure rows_failure(const Dataset& dataset, hsize_t first, hsize_t count);
void read_rows_raw(const Dataset& dataset, hsize_t first, hsize_t count, hid_t memory_type,
                   void* buffer, const Describe& what);
}  // namespace detail

//! Number of rows of a 1-D dataset; Error if it has another rank.
hsize_t row_count(const Dataset& dataset);

//! The most values the data stored for `dataset` can hold, whatever its shape
//! claims: for contiguous data, its bytes (at most the file's size) over the
//! size of one value; for chunked data, the values of the chunks actually
//! stored, and where every filter is shuffle, deflate or Fletcher-32 also the
//! stored bytes times DEFLATE_MAX_RATIO per deflate. A shape that claims more
//! is damaged or forged: reading it would give fill values, or fail, after
//! allocating for every claimed value.
hsize_t stored_capacity(const Dataset& dataset);

//! Creates an empty growable 1-D dataset of T.
template <Element T>
Dataset create_growable(const Object& parent, std::string_view name,
                        const GrowableLayout& layout = {}) {
  return detail::create_growable_raw(parent, name, native_type<T>().get(), layout);
}

//! Appends `rows` (a contiguous range of an Element type) at the end of a
//! growable 1-D dataset.
template <ElementRange R>
void append(const Dataset& dataset, const R& rows) {
  using T = std::ranges::range_value_t<R>;
  const std::span<const T> values(std::ranges::data(rows), std::ranges::size(rows));
  if (values.empty()) return;
  const detail::WriteBuffer<T> buffer(values);
  detail::append_raw(dataset, native_type<T>().get(), buffer.data(), values.size());
}

//! Reads rows [first, first + out.size()) of a 1-D dataset into `out`.
template <Element T>
void read_rows(const Dataset& dataset, hsize_t first, std::span<T> out) {
  const hsize_t count = out.size();
  const detail::Describe what = [&] { return detail::rows_failure(dataset, first, count); };
  detail::check_rows(dataset, first, count, want_of<T>(), what);
  detail::read_values(
      out,
      [&](hid_t memory_type, void* buffer) {
        detail::read_rows_raw(dataset, first, count, memory_type, buffer, what);
      },
      what);
}

}  // namespace cyres::h5
