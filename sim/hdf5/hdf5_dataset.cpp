#include <hdf5_hl.h>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/hdf5/hdf5.hpp"
#include "sim/hdf5/hdf5_detail.hpp"

namespace cyres::h5 {

using namespace detail;  // NOLINT(google-build-using-namespace): this file implements the API

namespace {

//! Halves the outermost dimension still above 1 until a chunk holds at most
//! CHUNK_TARGET elements: chunks keep whole rows (the contiguous trailing
//! dimensions, e.g. one trial's or one step's values) while they fit.
Dims chunk_dims(Dims dims) {
  for (hsize_t& dim : dims) {
    while (element_count(dims) > CHUNK_TARGET && dim > 1) dim = (dim + 1) / 2;
  }
  return dims;
}

Dataset write_dataset_raw(const Object& parent, std::string_view name, hid_t type, const void* data,
                          std::size_t count, const Dims& requested, Compression compression) {
  const std::string key(name);
  auto what = [&] { return fmt::format("cannot write dataset '{}' in '{}'", key, parent.path()); };
  const Dims dims = requested.empty() ? Dims{count} : requested;
  if (element_count(dims) != count) {
    throw OutputError(
        fmt::format("HDF5: dataset '{}' in '{}': shape holds {} elements but {} given", key,
                    parent.path(), element_count(dims), count));
  }
  Handle space =
      checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), what);
  Handle create = checked(H5Pcreate(H5P_DATASET_CREATE), what);
  const bool chunked =
      count > 0 && (compression == Compression::deflate ||
                    (compression == Compression::automatic && count > COMPRESS_ABOVE));
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

template <class T>
Dataset write_numeric(const Object& parent, std::string_view name, std::span<const T> data,
                      const Dims& dims, Compression compression) {
  return write_dataset_raw(parent, name, native_type<T>(), data.data(), data.size(), dims,
                           compression);
}

}  // namespace

// --- datasets -----------------------------------------------------------------

Dataset write_dataset(const Object& parent, std::string_view name, std::span<const double> data,
                      const Dims& dims, Compression compression) {
  return write_numeric(parent, name, data, dims, compression);
}
Dataset write_dataset(const Object& parent, std::string_view name, std::span<const float> data,
                      const Dims& dims, Compression compression) {
  return write_numeric(parent, name, data, dims, compression);
}
Dataset write_dataset(const Object& parent, std::string_view name,
                      std::span<const std::int32_t> data, const Dims& dims,
                      Compression compression) {
  return write_numeric(parent, name, data, dims, compression);
}
Dataset write_dataset(const Object& parent, std::string_view name,
                      std::span<const std::int64_t> data, const Dims& dims,
                      Compression compression) {
  return write_numeric(parent, name, data, dims, compression);
}
Dataset write_dataset(const Object& parent, std::string_view name,
                      std::span<const std::uint32_t> data, const Dims& dims,
                      Compression compression) {
  return write_numeric(parent, name, data, dims, compression);
}
Dataset write_dataset(const Object& parent, std::string_view name,
                      std::span<const std::uint64_t> data, const Dims& dims,
                      Compression compression) {
  return write_numeric(parent, name, data, dims, compression);
}
Dataset write_dataset(const Object& parent, std::string_view name,
                      const std::vector<std::string>& data, const Dims& dims) {
  const std::vector<const char*> pointers = c_strings(data);
  Handle type = string_type();
  return write_dataset_raw(parent, name, type.get(), pointers.data(), pointers.size(), dims,
                           Compression::none);
}

Dataset write_text_dataset(const Object& parent, std::string_view name, std::string_view text) {
  const std::string key(name);
  auto what = [&] { return fmt::format("cannot write dataset '{}' in '{}'", key, parent.path()); };
  const std::string value(text);
  const char* pointer = value.c_str();
  Handle type = string_type();
  Handle space = checked(H5Screate(H5S_SCALAR), what);
  Handle dataset = checked(H5Dcreate2(parent.id(), key.c_str(), type.get(), space.get(),
                                      H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                           what);
  check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &pointer), what);
  return Dataset(std::move(dataset));
}

Dims shape(const Dataset& dataset) {
  auto what = [&] { return fmt::format("cannot read the shape of '{}'", dataset.path()); };
  Handle space = checked(H5Dget_space(dataset.id()), what);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail(what());
  Dims dims(static_cast<std::size_t>(rank));
  if (rank > 0) check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), what);
  return dims;
}

bool is_compressed(const Dataset& dataset) {
  auto what = [&] { return fmt::format("cannot read the filters of '{}'", dataset.path()); };
  Handle create = checked(H5Dget_create_plist(dataset.id()), what);
  if (H5Pget_layout(create.get()) != H5D_CHUNKED) return false;
  const int filters = H5Pget_nfilters(create.get());
  for (int i = 0; i < filters; ++i) {
    unsigned flags = 0;
    std::size_t values = 0;
    unsigned config = 0;
    if (H5Pget_filter2(create.get(), static_cast<unsigned>(i), &flags, &values, nullptr, 0, nullptr,
                       &config) == H5Z_FILTER_DEFLATE) {
      return true;
    }
  }
  return false;
}

template <class T>
std::vector<T> read_dataset(const Dataset& dataset) {
  const Dims dims = shape(dataset);
  std::vector<T> values(static_cast<std::size_t>(element_count(dims)));
  if (!values.empty()) {
    check(H5Dread(dataset.id(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          [&] { return fmt::format("cannot read dataset '{}'", dataset.path()); });
  }
  return values;
}
template std::vector<double> read_dataset<double>(const Dataset&);
template std::vector<float> read_dataset<float>(const Dataset&);
template std::vector<std::int32_t> read_dataset<std::int32_t>(const Dataset&);
template std::vector<std::int64_t> read_dataset<std::int64_t>(const Dataset&);
template std::vector<std::uint32_t> read_dataset<std::uint32_t>(const Dataset&);
template std::vector<std::uint64_t> read_dataset<std::uint64_t>(const Dataset&);

std::vector<std::string> read_strings(const Dataset& dataset) {
  return read_vlen_strings(dataset.id(), false, [&] {
    return fmt::format("cannot read strings of '{}'", dataset.path());
  });
}

// --- dimension scales ---------------------------------------------------------

void make_scale(const Dataset& scale, std::string_view name) {
  const std::string key(name);
  check(H5DSset_scale(scale.id(), key.c_str()),
        [&] { return fmt::format("cannot make '{}' a dimension scale", scale.path()); });
}

void attach_scale(const Dataset& dataset, const Dataset& scale, unsigned dim,
                  std::string_view label) {
  const std::string text(label);
  auto what = [&] {
    return fmt::format("cannot attach scale '{}' to dimension {} of '{}'", scale.path(), dim,
                       dataset.path());
  };
  check(H5DSattach_scale(dataset.id(), scale.id(), dim), what);
  check(H5DSset_label(dataset.id(), dim, text.c_str()), what);
}

bool is_attached(const Dataset& dataset, const Dataset& scale, unsigned dim) {
  return check_tri(H5DSis_attached(dataset.id(), scale.id(), dim), [&] {
    return fmt::format("cannot query scale '{}' on '{}'", scale.path(), dataset.path());
  });
}

}  // namespace cyres::h5
