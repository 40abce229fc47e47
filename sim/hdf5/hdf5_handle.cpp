#include "sim/hdf5/hdf5_handle.hpp"

#include <string>
#include <utility>

namespace cyres::h5 {
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

Handle::Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)) {}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = std::exchange(other.id_, -1);
  }
  return *this;
}

void Handle::reset() noexcept {
  if (id_ < 0) return;
  // A destructor may run while an exception unwinds: failures here are
  // dropped (and cleared from the error stack) rather than thrown.
  if (H5Iis_valid(id_) > 0) close_id(id_);
  H5Eclear2(H5E_DEFAULT);
  id_ = -1;
}

void Handle::close() {
  if (id_ < 0) return;
  detail::check(close_id(id_), [&] {
    return detail::Failure{"cannot close", "'" + detail::name_of(id_) + "'"};
  });
  id_ = -1;
}

namespace detail {

Handle checked(hid_t id, const Describe& what) {
  if (id < 0) fail(what);
  return Handle(id);
}

std::string name_of(hid_t id) {
  // Asked twice: first for the length, so that no name is ever cut short.
  const ssize_t length = H5Iget_name(id, nullptr, 0);
  if (length <= 0) return "?";
  std::string name(static_cast<std::size_t>(length) + 1, '\0');
  if (H5Iget_name(id, name.data(), name.size()) != length) return "?";
  name.resize(static_cast<std::size_t>(length));
  return name;
}

}  // namespace detail
}  // namespace cyres::h5
