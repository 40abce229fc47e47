#include "sim/hdf5/hdf5_dataset.hpp"

#include <algorithm>
#include <limits>

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

//! a * b, or the largest hsize_t if that overflows.
hsize_t saturating_product(hsize_t a, hsize_t b) {
  constexpr hsize_t MAX = std::numeric_limits<hsize_t>::max();
  return (b != 0 && a > MAX / b) ? MAX : a * b;
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

Stored readable(const Dataset& dataset, Want want, const Describe& what) {
  Stored stored{checked(H5Dget_type(dataset.id()), what)};
  check_readable(kind_of(stored.type.get(), what), want, what);
  const Handle space = checked(H5Dget_space(dataset.id()), what);
  stored.count = static_cast<hsize_t>(check(H5Sget_simple_extent_npoints(space.get()), what));
  if (stored.count > 0) {
    const hsize_t capacity = stored_capacity(dataset);
    if (stored.count > capacity) {
      const Failure failure = what();
      throw Error(failure.action, failure.object,
                  fmt::format("it claims {} values, but its stored data hold at most {}; the file "
                              "is damaged",
                              stored.count, capacity));
    }
  }
  return stored;
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
  const Handle space = checked(H5Screate(H5S_SCALAR), what);
  Handle dataset = checked(H5Dcreate2(parent.id(), key.c_str(), buffer.type(), space.get(),
                                      H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                           what);
  check(H5Dwrite(dataset.get(), buffer.type(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), what);
  return Dataset(std::move(dataset));
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
