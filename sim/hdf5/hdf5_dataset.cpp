#include "sim/hdf5/hdf5_dataset.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace cyres::h5 {

using detail::check;
using detail::checked;
using detail::Failure;

namespace {

hsize_t element_count(const Dims& dims) {
  hsize_t n = 1;
  for (const hsize_t d : dims) n *= d;
  return n;
}

//! Halves the outermost dimension still above 1 until a chunk holds at most
//! CHUNK_TARGET elements: chunks keep whole rows (the contiguous trailing
//! dimensions, e.g. one trial's or one step's values) while they fit.
Dims chunk_dims(Dims dims) {
  for (hsize_t& dim : dims) {
    while (element_count(dims) > CHUNK_TARGET && dim > 1) dim = (dim + 1) / 2;
  }
  return dims;
}

std::string dataset_name(const Dataset& dataset) {
  return fmt::format("dataset '{}'", dataset.path());
}

}  // namespace

namespace detail {

Handle creation_properties(bool track_times, const Describe& what) {
  Handle list = checked(H5Pcreate(H5P_DATASET_CREATE), what);
  if (!track_times) check(H5Pset_obj_track_times(list.get(), false), what);
  return list;
}

Dataset write_dataset_raw(const Object& parent, std::string_view name, hid_t type, const void* data,
                          std::size_t count, const Dims& requested, const Layout& layout) {
  const std::string key(name);
  auto what = [&] { return Failure{"cannot write", child("dataset", parent, key)}; };
  const Dims dims = requested.empty() ? Dims{count} : requested;
  if (element_count(dims) != count) {
    throw Error("cannot write", child("dataset", parent, key),
                fmt::format("its shape {} holds {} values but {} were given", fmt::join(dims, "x"),
                            element_count(dims), count));
  }
  const Handle space =
      checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), what);
  const Handle create = creation_properties(layout.track_times, what);
  const bool chunked =
      count > 0 && (layout.compression == Compression::deflate ||
                    (layout.compression == Compression::automatic && count > COMPRESS_ABOVE));
  if (chunked) {
    const Dims chunk = chunk_dims(dims);
    check(H5Pset_chunk(create.get(), static_cast<int>(chunk.size()), chunk.data()), what);
    // Shuffle first: grouping the bytes of equal significance lets deflate
    // find the long runs in slowly varying doubles.
    check(H5Pset_shuffle(create.get()), what);
    check(H5Pset_deflate(create.get(), DEFLATE_LEVEL), what);
  }
  Handle dataset = checked(H5Dcreate2(parent.id(), key.c_str(), type, space.get(), H5P_DEFAULT,
                                      create.get(), H5P_DEFAULT),
                           what);
  if (count > 0) check(H5Dwrite(dataset.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), what);
  return Dataset(std::move(dataset));
}

hsize_t readable_count(const Dataset& dataset, Want want, const Describe& what) {
  const Handle type = checked(H5Dget_type(dataset.id()), what);
  check_readable(kind_of(type.get(), what), want, what);
  const Handle space = checked(H5Dget_space(dataset.id()), what);
  return static_cast<hsize_t>(check(H5Sget_simple_extent_npoints(space.get()), what));
}

void read_dataset_raw(const Dataset& dataset, hid_t memory_type, void* buffer,
                      const Describe& what) {
  check(H5Dread(dataset.id(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer), what);
}

}  // namespace detail

Dataset write_text_dataset(const Object& parent, std::string_view name, std::string_view text) {
  const std::string key(name);
  auto what = [&] { return Failure{"cannot write", detail::child("dataset", parent, key)}; };
  const std::string value(text);
  const detail::WriteBuffer<std::string> buffer{std::span<const std::string>(&value, 1)};
  const Type type = string_type();
  const Handle space = checked(H5Screate(H5S_SCALAR), what);
  Handle dataset = checked(H5Dcreate2(parent.id(), key.c_str(), type.get(), space.get(),
                                      H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                           what);
  check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), what);
  return Dataset(std::move(dataset));
}

Dims shape(const Dataset& dataset) {
  auto what = [&] { return Failure{"cannot read the shape of", dataset_name(dataset)}; };
  const Handle space = checked(H5Dget_space(dataset.id()), what);
  const int rank = check(H5Sget_simple_extent_ndims(space.get()), what);
  Dims dims(static_cast<std::size_t>(rank));
  if (rank > 0) check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), what);
  return dims;
}

ValueKind value_kind(const Dataset& dataset) {
  auto what = [&] { return Failure{"cannot read the type of", dataset_name(dataset)}; };
  const Handle type = checked(H5Dget_type(dataset.id()), what);
  return detail::kind_of(type.get(), what);
}

bool is_compressed(const Dataset& dataset) {
  auto what = [&] { return Failure{"cannot read the filters of", dataset_name(dataset)}; };
  const Handle create = checked(H5Dget_create_plist(dataset.id()), what);
  if (check(H5Pget_layout(create.get()), what) != H5D_CHUNKED) return false;
  const int filters = check(H5Pget_nfilters(create.get()), what);
  for (int i = 0; i < filters; ++i) {
    unsigned flags = 0;
    std::size_t values = 0;
    unsigned config = 0;
    const H5Z_filter_t filter = check(H5Pget_filter2(create.get(), static_cast<unsigned>(i), &flags,
                                                     &values, nullptr, 0, nullptr, &config),
                                      what);
    if (filter == H5Z_FILTER_DEFLATE) return true;
  }
  return false;
}

}  // namespace cyres::h5
