#include "sim/hdf5/hdf5_column.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include <fmt/format.h>

namespace cyres::h5 {

using detail::check;
using detail::checked;
using detail::Failure;

namespace {

std::string dataset_name(const Dataset& dataset) {
  return fmt::format("dataset '{}'", dataset.path());
}

//! a * b, or the largest hsize_t if that overflows.
hsize_t saturating_product(hsize_t a, hsize_t b) {
  constexpr hsize_t MAX = std::numeric_limits<hsize_t>::max();
  return (b != 0 && a > MAX / b) ? MAX : a * b;
}

//! Rows of 1-D `space`; Error (with what()) for another rank.
hsize_t rows_of(hid_t space, const detail::Describe& what) {
  const int rank = check(H5Sget_simple_extent_ndims(space), what);
  if (rank != 1) {
    const Failure failure = what();
    throw Error(failure.action, failure.object,
                fmt::format("it has {} dimensions; expected one", rank));
  }
  hsize_t rows = 0;
  check(H5Sget_simple_extent_dims(space, &rows, nullptr), what);
  return rows;
}

//! How much the filters of `create` (a dataset creation property list) can
//! shrink data: 1 without filters, DEFLATE_MAX_RATIO per deflate; 0 if a
//! filter's ratio has no known bound.
hsize_t filter_ratio(hid_t create, const detail::Describe& what) {
  hsize_t ratio = 1;
  const int filters = check(H5Pget_nfilters(create), what);
  for (int i = 0; i < filters; ++i) {
    unsigned flags = 0;
    std::size_t values = 0;
    unsigned config = 0;
    const H5Z_filter_t filter = check(H5Pget_filter2(create, static_cast<unsigned>(i), &flags,
                                                     &values, nullptr, 0, nullptr, &config),
                                      what);
    if (filter == H5Z_FILTER_DEFLATE) {
      ratio = saturating_product(ratio, DEFLATE_MAX_RATIO);
    } else if (filter != H5Z_FILTER_SHUFFLE && filter != H5Z_FILTER_FLETCHER32) {
      return 0;
    }
  }
  return ratio;
}

}  // namespace

hsize_t row_count(const Dataset& dataset) {
  auto what = [&] { return Failure{"cannot count the rows of", dataset_name(dataset)}; };
  const Handle space = checked(H5Dget_space(dataset.id()), what);
  return rows_of(space.get(), what);
}

hsize_t stored_capacity(const Dataset& dataset) {
  auto what = [&] { return Failure{"cannot measure the stored data of", dataset_name(dataset)}; };
  const Handle type = checked(H5Dget_type(dataset.id()), what);
  const std::size_t value_bytes = H5Tget_size(type.get());
  if (value_bytes == 0) detail::fail(what);
  // H5Dget_storage_size answers 0 both for "nothing stored" and on failure;
  // only the error stack tells them apart.
  const hsize_t storage = H5Dget_storage_size(dataset.id());
  if (storage == 0 && check(H5Eget_num(H5E_DEFAULT), what) > 0) detail::fail(what);
  const Handle file = checked(H5Iget_file_id(dataset.id()), what);
  hsize_t file_bytes = 0;
  check(H5Fget_filesize(file.get(), &file_bytes), what);
  const hsize_t stored = std::min(storage, file_bytes);

  const Handle create = checked(H5Dget_create_plist(dataset.id()), what);
  if (check(H5Pget_layout(create.get()), what) != H5D_CHUNKED) return stored / value_bytes;

  // Chunked: every value lies in a chunk, and only stored chunks hold values.
  const Handle space = checked(H5Dget_space(dataset.id()), what);
  const int rank = check(H5Sget_simple_extent_ndims(space.get()), what);
  Dims chunk(static_cast<std::size_t>(std::max(rank, 1)), 1);
  check(H5Pget_chunk(create.get(), rank, chunk.data()), what);
  hsize_t chunk_values = 1;
  for (const hsize_t extent : chunk) chunk_values = saturating_product(chunk_values, extent);
  hsize_t chunks = 0;
  check(H5Dget_num_chunks(dataset.id(), space.get(), &chunks), what);
  const hsize_t in_chunks = saturating_product(chunks, chunk_values);
  const hsize_t ratio = filter_ratio(create.get(), what);
  if (ratio == 0) return in_chunks;
  return std::min(in_chunks, saturating_product(stored, ratio) / value_bytes);
}

namespace detail {

Dataset create_growable_raw(const Object& parent, std::string_view name, hid_t type,
                            const GrowableLayout& layout) {
  const std::string key(name);
  auto what = [&] { return Failure{"cannot create", child("dataset", parent, key)}; };
  const hsize_t none = 0;
  const hsize_t unlimited = H5S_UNLIMITED;
  const Handle space = checked(H5Screate_simple(1, &none, &unlimited), what);
  const Handle create = creation_properties(layout.track_times, what);
  check(H5Pset_chunk(create.get(), 1, &layout.chunk_rows), what);
  if (layout.deflate_level > 0) {
    check(H5Pset_shuffle(create.get()), what);
    check(H5Pset_deflate(create.get(), layout.deflate_level), what);
  }
  return Dataset(checked(H5Dcreate2(parent.id(), key.c_str(), type, space.get(), H5P_DEFAULT,
                                    create.get(), H5P_DEFAULT),
                         what));
}

void append_raw(const Dataset& dataset, hid_t type, const void* data, hsize_t count) {
  auto what = [&] {
    return Failure{fmt::format("cannot append {} rows to", count), dataset_name(dataset)};
  };
  const hsize_t first = [&] {
    const Handle space = checked(H5Dget_space(dataset.id()), what);
    return rows_of(space.get(), what);
  }();
  const hsize_t rows = first + count;
  check(H5Dset_extent(dataset.id(), &rows), what);
  const Handle space = checked(H5Dget_space(dataset.id()), what);  // the extended one
  check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &first, nullptr, &count, nullptr), what);
  const Handle memory = checked(H5Screate_simple(1, &count, nullptr), what);
  check(H5Dwrite(dataset.id(), type, memory.get(), space.get(), H5P_DEFAULT, data), what);
}

void check_rows(const Dataset& dataset, hsize_t first, hsize_t count, Want want,
                const Describe& what) {
  const Handle space = checked(H5Dget_space(dataset.id()), what);
  const hsize_t rows = rows_of(space.get(), what);
  if (first > rows || count > rows - first) {
    const Failure failure = what();
    throw Error(failure.action, failure.object, fmt::format("it has {} rows", rows));
  }
  const Handle type = checked(H5Dget_type(dataset.id()), what);
  check_readable(kind_of(type.get(), what), want, what);
}

Failure rows_failure(const Dataset& dataset, hsize_t first, hsize_t count) {
  if (count == 0) return Failure{"cannot read rows of", dataset_name(dataset)};
  return Failure{fmt::format("cannot read rows {}..{} of", first, first + count - 1),
                 dataset_name(dataset)};
}

void read_rows_raw(const Dataset& dataset, hsize_t first, hsize_t count, hid_t memory_type,
                   void* buffer, const Describe& what) {
  const Handle space = checked(H5Dget_space(dataset.id()), what);
  check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &first, nullptr, &count, nullptr), what);
  const Handle memory = checked(H5Screate_simple(1, &count, nullptr), what);
  check(H5Dread(dataset.id(), memory_type, memory.get(), space.get(), H5P_DEFAULT, buffer), what);
}

}  // namespace detail
}  // namespace cyres::h5
