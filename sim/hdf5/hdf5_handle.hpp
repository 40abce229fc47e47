#pragma once
// Ownership of HDF5 identifiers: every hid_t the layer obtains is held by a
// move-only Handle from the moment the call returns, so that no code path
// (exceptions included) leaks or double-closes one.

#include <hdf5.h>

#include <string>

#include "sim/hdf5/hdf5_error.hpp"

namespace cyres::h5 {

//! Owns one HDF5 identifier of any kind and closes it with the matching
//! H5Fclose / H5Gclose / H5Dclose / H5Aclose / H5Sclose / H5Tclose / H5Pclose.
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  //! Closes now, ignoring failure (for destructors, which must not throw).
  void reset() noexcept;
  //! Closes now; throws Error if HDF5 reports failure (e.g. a flush that hits
  //! a full disk when a file is closed). On failure the handle still owns the
  //! identifier, so that the destructor tries again.
  void close();

 private:
  hid_t id_ = -1;
};

namespace detail {
//! Takes ownership of `id`, or throws Error if the call that returned it failed.
Handle checked(hid_t id, const Describe& what);
//! The full path of the object `id` refers to ("/g/x"; "/" for a file), of
//! any length; "?" when HDF5 cannot say (it only ever names an object in a
//! message, so it does not throw).
std::string name_of(hid_t id);
}  // namespace detail

}  // namespace cyres::h5
