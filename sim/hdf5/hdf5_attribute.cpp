#include "sim/hdf5/hdf5_attribute.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace cyres::h5 {

using detail::check_tri;
using detail::Failure;

void set_units(const Object& obj, std::string_view units) {
  write_attribute(obj, "units", units);
}

bool has_attribute(const Object& obj, std::string_view name) {
  const std::string key(name);
  return check_tri(H5Aexists(obj.id(), key.c_str()), [&] {
    return Failure{"cannot look up", detail::attribute_name(obj, key)};
  });
}

ValueKind attribute_kind(const Object& obj, std::string_view name) {
  const Handle attribute = detail::open_attribute(obj, name);
  auto what = [&] { return Failure{"cannot read the type of", detail::attribute_name(obj, name)}; };
  const Handle type = detail::checked(H5Aget_type(attribute.get()), what);
  return detail::kind_of(type.get(), what);
}

namespace detail {

std::string attribute_name(const Object& obj, std::string_view name) {
  return fmt::format("attribute '{}' of '{}'", name, obj.path());
}

void write_attribute_raw(const Object& obj, std::string_view name, hid_t type, const Dims& dims,
                         const void* data) {
  const std::string key(name);
  auto what = [&] { return Failure{"cannot write", attribute_name(obj, key)}; };
  if (check_tri(H5Aexists(obj.id(), key.c_str()), what)) {
    check(H5Adelete(obj.id(), key.c_str()), what);
  }
  const Handle space =
      checked(dims.empty() ? H5Screate(H5S_SCALAR)
                           : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
              what);
  const Handle attribute =
      checked(H5Acreate2(obj.id(), key.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT), what);
  hsize_t count = 1;
  for (const hsize_t extent : dims) count *= extent;
  if (count > 0) check(H5Awrite(attribute.get(), type, data), what);
}

Handle open_attribute(const Object& obj, std::string_view name) {
  const std::string key(name);
  return checked(H5Aopen(obj.id(), key.c_str(), H5P_DEFAULT), [&] {
    return Failure{"cannot open", attribute_name(obj, key)};
  });
}

Stored readable(hid_t attribute, Want want, std::size_t value_bytes, const Describe& what) {
  Stored stored{checked(H5Aget_type(attribute), what)};
  check_readable(kind_of(stored.type.get(), what), want, what);
  const Handle space = checked(H5Aget_space(attribute), what);
  stored.count = static_cast<hsize_t>(check(H5Sget_simple_extent_npoints(space.get()), what));
  const hsize_t each = std::max<hsize_t>(value_bytes, H5Tget_size(stored.type.get()));
  if (stored.count > MAX_ATTRIBUTE_BYTES / each) {
    const Failure failure = what();
    throw Error(failure.action, failure.object,
                fmt::format("it claims {} values of {} bytes; expected at most {} bytes in all",
                            stored.count, each, MAX_ATTRIBUTE_BYTES));
  }
  return stored;
}

void read_attribute_raw(hid_t attribute, hid_t memory_type, void* buffer, const Describe& what) {
  check(H5Aread(attribute, memory_type, buffer), what);
}

}  // namespace detail
}  // namespace cyres::h5
