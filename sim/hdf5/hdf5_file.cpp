#include "sim/hdf5/hdf5_file.hpp"

#include <fmt/format.h>

namespace cyres::h5 {

using detail::check;
using detail::check_tri;
using detail::checked;
using detail::Failure;

std::string Object::path() const {
  return detail::name_of(id());
}

File File::create(const std::string& path) {
  detail::quiet_errors();
  auto what = [&] { return Failure{"cannot create", fmt::format("file '{}'", path)}; };
  Handle access = checked(H5Pcreate(H5P_FILE_ACCESS), what);
  check(H5Pset_fclose_degree(access.get(), H5F_CLOSE_SEMI), what);
  return File(checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get()), what),
              path);
}

File File::open_read_only(const std::string& path) {
  detail::quiet_errors();
  auto what = [&] { return Failure{"cannot open", fmt::format("file '{}' for reading", path)}; };
  return File(checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), what), path);
}

void File::close() {
  if (id() < 0) return;
  auto what = [&] { return Failure{"cannot close", fmt::format("file '{}'", filename_)}; };
  check(H5Fflush(id(), H5F_SCOPE_LOCAL), what);
  try {
    handle_.close();
  } catch (const Error& error) {
    throw Error(error.action(), fmt::format("file '{}'", filename_), error.reason());
  }
}

hsize_t File::size() const {
  hsize_t bytes = 0;
  check(H5Fget_filesize(id(), &bytes), [&] {
    return Failure{"cannot get the size of", fmt::format("file '{}'", filename_)};
  });
  return bytes;
}

Group create_group(const Object& parent, std::string_view name) {
  const std::string key(name);
  return Group(
      checked(H5Gcreate2(parent.id(), key.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), [&] {
        return Failure{"cannot create", detail::child("group", parent, key)};
      }));
}

Group open_group(const Object& parent, std::string_view name) {
  const std::string key(name);
  return Group(checked(H5Gopen2(parent.id(), key.c_str(), H5P_DEFAULT), [&] {
    return Failure{"cannot open", detail::child("group", parent, key)};
  }));
}

Dataset open_dataset(const Object& parent, std::string_view name) {
  const std::string key(name);
  return Dataset(checked(H5Dopen2(parent.id(), key.c_str(), H5P_DEFAULT), [&] {
    return Failure{"cannot open", detail::child("dataset", parent, key)};
  }));
}

bool exists(const Object& parent, std::string_view name) {
  const std::string key(name);
  return check_tri(H5Lexists(parent.id(), key.c_str(), H5P_DEFAULT), [&] {
    return Failure{"cannot look up", detail::child("link", parent, key)};
  });
}

std::vector<std::string> link_names(const Object& parent) {
  auto what = [&] {
    return Failure{"cannot list the links of", fmt::format("'{}'", parent.path())};
  };
  H5G_info_t info{};
  check(H5Gget_info(parent.id(), &info), what);
  std::vector<std::string> names;
  names.reserve(info.nlinks);
  for (hsize_t k = 0; k < info.nlinks; ++k) {
    // Asked twice: first for the length, so that no name is ever cut short.
    const ssize_t length = check(H5Lget_name_by_idx(parent.id(), ".", H5_INDEX_NAME, H5_ITER_INC, k,
                                                    nullptr, 0, H5P_DEFAULT),
                                 what);
    std::string name(static_cast<std::size_t>(length) + 1, '\0');
    check(H5Lget_name_by_idx(parent.id(), ".", H5_INDEX_NAME, H5_ITER_INC, k, name.data(),
                             name.size(), H5P_DEFAULT),
          what);
    name.resize(static_cast<std::size_t>(length));
    names.push_back(std::move(name));
  }
  return names;
}

namespace detail {

std::string child(std::string_view kind, const Object& parent, std::string_view name) {
  const std::string base = parent.path();
  if (name.starts_with('/')) return fmt::format("{} '{}'", kind, name);
  return fmt::format("{} '{}{}{}'", kind, base, base.ends_with('/') ? "" : "/", name);
}

}  // namespace detail
}  // namespace cyres::h5
