#pragma once
// Internals shared by sim/output/hdf5.cpp and hdf5_dataset.cpp: turning HDF5
// return codes into OutputError, and the type map. Not for use elsewhere.

#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "sim/hdf5/hdf5.hpp"

namespace cyres::h5::detail {

//! Throws OutputError for `what`, with the most specific message on HDF5's
//! error stack (e.g. "unable to open file: ... 'Permission denied'").
[[noreturn]] void fail(const std::string& what);

// `what` is a callable so that the message (which may query object paths) is
// only built when something failed.
using Describe = std::function<std::string()>;

Handle checked(hid_t id, const Describe& what);
void check(herr_t status, const Describe& what);
bool check_tri(htri_t answer, const Describe& what);

template <class T>
inline hid_t native_type() {
  if constexpr (std::is_same_v<T, double>) return H5T_NATIVE_DOUBLE;
  if constexpr (std::is_same_v<T, float>) return H5T_NATIVE_FLOAT;
  if constexpr (std::is_same_v<T, std::int32_t>) return H5T_NATIVE_INT32;
  if constexpr (std::is_same_v<T, std::int64_t>) return H5T_NATIVE_INT64;
  if constexpr (std::is_same_v<T, std::uint32_t>) return H5T_NATIVE_UINT32;
  if constexpr (std::is_same_v<T, std::uint64_t>) return H5T_NATIVE_UINT64;
}

//! Variable-length UTF-8 string type.
Handle string_type();
hsize_t element_count(const Dims& dims);
std::vector<const char*> c_strings(const std::vector<std::string>& values);
//! Reads variable-length strings from an attribute (is_attribute) or dataset.
std::vector<std::string> read_vlen_strings(hid_t id, bool is_attribute, const Describe& what);

}  // namespace cyres::h5::detail
