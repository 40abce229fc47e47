#include "sim/hdf5/hdf5.hpp"

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/hdf5/hdf5_detail.hpp"

namespace cyres::h5 {
namespace detail {
namespace {

herr_t collect_error(unsigned /*n*/, const H5E_error2_t* error, void* data) {
  auto* messages = static_cast<std::vector<std::string>*>(data);
  if (error->desc != nullptr && error->desc[0] != '\0') messages->emplace_back(error->desc);
  return 0;
}

}  // namespace

void fail(const std::string& what) {
  std::vector<std::string> messages;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_error, &messages);
  H5Eclear2(H5E_DEFAULT);
  if (messages.empty()) throw OutputError(fmt::format("HDF5: {}", what));
  throw OutputError(fmt::format("HDF5: {}: {}", what, messages.front()));
}

Handle checked(hid_t id, const Describe& what) {
  if (id < 0) fail(what());
  return Handle(id);
}
void check(herr_t status, const Describe& what) {
  if (status < 0) fail(what());
}
bool check_tri(htri_t answer, const Describe& what) {
  if (answer < 0) fail(what());
  return answer > 0;
}

Handle string_type() {
  Handle type = checked(H5Tcopy(H5T_C_S1), [] { return std::string("cannot copy string type"); });
  check(H5Tset_size(type.get(), H5T_VARIABLE), [] { return std::string("cannot size string"); });
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), [] { return std::string("cannot set UTF-8"); });
  return type;
}

hsize_t element_count(const Dims& dims) {
  hsize_t n = 1;
  for (hsize_t d : dims) n *= d;
  return n;
}

std::vector<const char*> c_strings(const std::vector<std::string>& values) {
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& value : values) pointers.push_back(value.c_str());
  return pointers;
}

std::vector<std::string> read_vlen_strings(hid_t id, bool is_attribute, const Describe& what) {
  Handle type = checked(is_attribute ? H5Aget_type(id) : H5Dget_type(id), what);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) <= 0) {
    throw OutputError(fmt::format("HDF5: {}: not a variable-length string", what()));
  }
  Handle space = checked(is_attribute ? H5Aget_space(id) : H5Dget_space(id), what);
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0) fail(what());
  std::vector<char*> buffer(static_cast<std::size_t>(count), nullptr);
  if (count == 0) return {};
  Handle memory = string_type();
  check(is_attribute ? H5Aread(id, memory.get(), buffer.data())
                     : H5Dread(id, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
        what);
  std::vector<std::string> values;
  values.reserve(buffer.size());
  for (const char* text : buffer) values.emplace_back(text != nullptr ? text : "");
  H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, buffer.data());
  return values;
}

}  // namespace detail

using namespace detail;  // NOLINT(google-build-using-namespace): this file implements them

namespace {

// HDF5's automatic printing of its error stack would duplicate (on stderr)
// what our exceptions already say; turned off whenever a file is opened.
void quiet_errors() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

//! Creates an attribute (replacing one of the same name) and writes it;
//! empty `dims` = scalar.
void write_attribute_raw(const Object& obj, std::string_view name, hid_t type, const Dims& dims,
                         const void* data) {
  const std::string key(name);
  auto what = [&] { return fmt::format("cannot write attribute '{}' of '{}'", key, obj.path()); };
  if (check_tri(H5Aexists(obj.id(), key.c_str()), what))
    check(H5Adelete(obj.id(), key.c_str()), what);
  Handle space =
      checked(dims.empty() ? H5Screate(H5S_SCALAR)
                           : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
              what);
  Handle attr =
      checked(H5Acreate2(obj.id(), key.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT), what);
  if (element_count(dims) > 0) check(H5Awrite(attr.get(), type, data), what);
}

}  // namespace

// --- handles ------------------------------------------------------------------

Handle::Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)) {}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = std::exchange(other.id_, -1);
  }
  return *this;
}

namespace {
herr_t close_id(hid_t id) {
  switch (H5Iget_type(id)) {
    case H5I_FILE:
      return H5Fclose(id);
    case H5I_GROUP:
      return H5Gclose(id);
    case H5I_DATASET:
      return H5Dclose(id);
    case H5I_ATTR:
      return H5Aclose(id);
    case H5I_DATASPACE:
      return H5Sclose(id);
    case H5I_DATATYPE:
      return H5Tclose(id);
    case H5I_GENPROP_LST:
      return H5Pclose(id);
    default:
      return H5Idec_ref(id) < 0 ? -1 : 0;
  }
}
}  // namespace

void Handle::reset() noexcept {
  if (id_ < 0) return;
  if (H5Iis_valid(id_) > 0) close_id(id_);
  H5Eclear2(H5E_DEFAULT);
  id_ = -1;
}

void Handle::close() {
  if (id_ < 0) return;
  // On failure the id stays owned, so the destructor tries again (a file in
  // H5F_CLOSE_SEMI closes once its open objects are gone).
  check(close_id(id_), [] { return std::string("cannot close object"); });
  id_ = -1;
}

std::string Object::path() const {
  const ssize_t length = H5Iget_name(id(), nullptr, 0);
  if (length <= 0) return "?";
  std::string name(static_cast<std::size_t>(length) + 1, '\0');
  H5Iget_name(id(), name.data(), name.size());
  name.resize(static_cast<std::size_t>(length));
  return name;
}

File File::create(const std::string& path) {
  quiet_errors();
  auto what = [&] { return fmt::format("cannot create file '{}'", path); };
  Handle access = checked(H5Pcreate(H5P_FILE_ACCESS), what);
  check(H5Pset_fclose_degree(access.get(), H5F_CLOSE_SEMI), what);
  return File(checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get()), what),
              path);
}

File File::open_read_only(const std::string& path) {
  quiet_errors();
  auto what = [&] { return fmt::format("cannot open file '{}' for reading", path); };
  return File(checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), what), path);
}

void File::close() {
  if (id() < 0) return;
  check(H5Fflush(id(), H5F_SCOPE_LOCAL),
        [&] { return fmt::format("cannot flush '{}'", filename_); });
  try {
    handle_.close();
  } catch (const OutputError& error) {
    throw OutputError(fmt::format("{} (closing '{}')", error.what(), filename_));
  }
}

Group create_group(const Object& parent, std::string_view name) {
  const std::string key(name);
  return Group(
      checked(H5Gcreate2(parent.id(), key.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
              [&] { return fmt::format("cannot create group '{}' in '{}'", key, parent.path()); }));
}

Group open_group(const Object& parent, std::string_view name) {
  const std::string key(name);
  return Group(checked(H5Gopen2(parent.id(), key.c_str(), H5P_DEFAULT),
                       [&] { return fmt::format("no group '{}' in '{}'", key, parent.path()); }));
}

Dataset open_dataset(const Object& parent, std::string_view name) {
  const std::string key(name);
  return Dataset(checked(H5Dopen2(parent.id(), key.c_str(), H5P_DEFAULT), [&] {
    return fmt::format("no dataset '{}' in '{}'", key, parent.path());
  }));
}

bool exists(const Object& parent, std::string_view name) {
  const std::string key(name);
  return check_tri(H5Lexists(parent.id(), key.c_str(), H5P_DEFAULT),
                   [&] { return fmt::format("cannot look up '{}' in '{}'", key, parent.path()); });
}

// --- attributes ---------------------------------------------------------------

void write_attribute(const Object& obj, std::string_view name, double value) {
  write_attribute_raw(obj, name, H5T_NATIVE_DOUBLE, {}, &value);
}
void write_attribute(const Object& obj, std::string_view name, std::int32_t value) {
  write_attribute_raw(obj, name, H5T_NATIVE_INT32, {}, &value);
}
void write_attribute(const Object& obj, std::string_view name, std::int64_t value) {
  write_attribute_raw(obj, name, H5T_NATIVE_INT64, {}, &value);
}
void write_attribute(const Object& obj, std::string_view name, std::uint32_t value) {
  write_attribute_raw(obj, name, H5T_NATIVE_UINT32, {}, &value);
}
void write_attribute(const Object& obj, std::string_view name, std::uint64_t value) {
  write_attribute_raw(obj, name, H5T_NATIVE_UINT64, {}, &value);
}
void write_attribute(const Object& obj, std::string_view name, std::string_view value) {
  const std::string text(value);
  const char* pointer = text.c_str();
  Handle type = string_type();
  write_attribute_raw(obj, name, type.get(), {}, &pointer);
}
void write_attribute(const Object& obj, std::string_view name, std::span<const double> values) {
  write_attribute_raw(obj, name, H5T_NATIVE_DOUBLE, Dims{values.size()}, values.data());
}
void write_attribute(const Object& obj, std::string_view name,
                     const std::vector<std::string>& values) {
  const std::vector<const char*> pointers = c_strings(values);
  Handle type = string_type();
  write_attribute_raw(obj, name, type.get(), Dims{values.size()}, pointers.data());
}
void write_bool_attribute(const Object& obj, std::string_view name, bool value) {
  auto what = [] { return std::string("cannot build boolean type"); };
  Handle type = checked(H5Tenum_create(H5T_NATIVE_INT8), what);
  const std::int8_t no = 0;
  const std::int8_t yes = 1;
  check(H5Tenum_insert(type.get(), "FALSE", &no), what);
  check(H5Tenum_insert(type.get(), "TRUE", &yes), what);
  const std::int8_t stored = value ? yes : no;
  write_attribute_raw(obj, name, type.get(), {}, &stored);
}
void set_units(const Object& obj, std::string_view units) {
  write_attribute(obj, "units", units);
}

bool has_attribute(const Object& obj, std::string_view name) {
  const std::string key(name);
  return check_tri(H5Aexists(obj.id(), key.c_str()), [&] {
    return fmt::format("cannot look up attribute '{}' of '{}'", key, obj.path());
  });
}

namespace {
Handle open_attribute(const Object& obj, const std::string& key) {
  return checked(H5Aopen(obj.id(), key.c_str(), H5P_DEFAULT),
                 [&] { return fmt::format("no attribute '{}' on '{}'", key, obj.path()); });
}
}  // namespace

template <class T>
T read_attribute(const Object& obj, std::string_view name) {
  const std::string key(name);
  auto what = [&] { return fmt::format("cannot read attribute '{}' of '{}'", key, obj.path()); };
  Handle attr = open_attribute(obj, key);
  if constexpr (std::is_same_v<T, std::string>) {
    std::vector<std::string> values = read_vlen_strings(attr.get(), true, what);
    if (values.size() != 1) throw OutputError(fmt::format("HDF5: {}: not one string", what()));
    return values.front();
  } else {
    T value{};
    check(H5Aread(attr.get(), native_type<T>(), &value), what);
    return value;
  }
}
template double read_attribute<double>(const Object&, std::string_view);
template std::int32_t read_attribute<std::int32_t>(const Object&, std::string_view);
template std::int64_t read_attribute<std::int64_t>(const Object&, std::string_view);
template std::uint32_t read_attribute<std::uint32_t>(const Object&, std::string_view);
template std::uint64_t read_attribute<std::uint64_t>(const Object&, std::string_view);
template std::string read_attribute<std::string>(const Object&, std::string_view);

std::vector<std::string> read_string_array_attribute(const Object& obj, std::string_view name) {
  const std::string key(name);
  Handle attr = open_attribute(obj, key);
  return read_vlen_strings(attr.get(), true, [&] {
    return fmt::format("cannot read attribute '{}' of '{}'", key, obj.path());
  });
}

std::vector<double> read_double_array_attribute(const Object& obj, std::string_view name) {
  const std::string key(name);
  auto what = [&] { return fmt::format("cannot read attribute '{}' of '{}'", key, obj.path()); };
  Handle attr = open_attribute(obj, key);
  Handle space = checked(H5Aget_space(attr.get()), what);
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0) fail(what());
  std::vector<double> values(static_cast<std::size_t>(count));
  if (count > 0) check(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, values.data()), what);
  return values;
}

}  // namespace cyres::h5
