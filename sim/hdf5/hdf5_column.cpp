#include "sim/hdf5/hdf5_column.hpp"

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

}  // namespace

hsize_t row_count(const Dataset& dataset) {
  auto what = [&] { return Failure{"cannot count the rows of", dataset_name(dataset)}; };
  const Handle space = checked(H5Dget_space(dataset.id()), what);
  return rows_of(space.get(), what);
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

std::size_t string_width_of(const Dataset& dataset) {
  const Handle type = checked(H5Dget_type(dataset.id()), [&] {
    return Failure{"cannot read the type of", dataset_name(dataset)};
  });
  return H5Tget_size(type.get());
}

Handle check_rows(const Dataset& dataset, hsize_t first, hsize_t count, Want want,
                  const Describe& what) {
  const Handle space = checked(H5Dget_space(dataset.id()), what);
  const hsize_t rows = rows_of(space.get(), what);
  if (first > rows || count > rows - first) {
    const Failure failure = what();
    throw Error(failure.action, failure.object, fmt::format("it has {} rows", rows));
  }
  Handle type = checked(H5Dget_type(dataset.id()), what);
  check_readable(kind_of(type.get(), what), want, what);
  return type;
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

std::size_t read_packed_strings(const Dataset& dataset, hsize_t first, hsize_t count,
                                std::vector<char>& bytes) {
  const detail::Describe what = [&] { return detail::rows_failure(dataset, first, count); };
  const Handle stored = detail::check_rows(dataset, first, count, Want::string, what);
  const Type memory = detail::string_memory_type(stored.get(), count, what);
  const std::size_t width = H5Tget_size(memory.get());
  bytes.resize(static_cast<std::size_t>(count) * width);
  if (count > 0) detail::read_rows_raw(dataset, first, count, memory.get(), bytes.data(), what);
  return width;
}

}  // namespace cyres::h5
