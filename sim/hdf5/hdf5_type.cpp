#include "sim/hdf5/hdf5_type.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace cyres::h5 {

using detail::check;
using detail::checked;
using detail::Failure;

Type string_type() {
  auto what = [] { return Failure{"cannot build", "the string type"}; };
  Handle type = checked(H5Tcopy(H5T_C_S1), what);
  check(H5Tset_size(type.get(), H5T_VARIABLE), what);
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), what);
  return Type(std::move(type));
}

Type bool_type() {
  auto what = [] { return Failure{"cannot build", "the boolean type"}; };
  Handle type = checked(H5Tenum_create(H5T_NATIVE_INT8), what);
  const std::int8_t no = 0;
  const std::int8_t yes = 1;
  check(H5Tenum_insert(type.get(), "FALSE", &no), what);
  check(H5Tenum_insert(type.get(), "TRUE", &yes), what);
  return Type(std::move(type));
}

std::string_view describe(ValueKind kind) {
  switch (kind) {
    case ValueKind::integer:
      return "integers";
    case ValueKind::real:
      return "floating-point numbers";
    case ValueKind::string:
      return "variable-length strings";
    case ValueKind::boolean:
      return "enum values";
    case ValueKind::other:
      break;
  }
  return "values of another type";
}

bool accepts(Want want, ValueKind stored) {
  switch (want) {
    case Want::number:
      return stored == ValueKind::integer || stored == ValueKind::real;
    case Want::string:
      return stored == ValueKind::string;
    case Want::boolean:
      return stored == ValueKind::boolean;
  }
  return false;
}

std::string_view describe(Want want) {
  switch (want) {
    case Want::number:
      return "numbers";
    case Want::string:
      return "variable-length strings";
    case Want::boolean:
      return "a boolean (enum)";
  }
  return "?";
}

namespace detail {

void check_readable(ValueKind stored, Want want, const Describe& what) {
  if (accepts(want, stored)) return;
  const Failure failure = what();
  throw Error(failure.action, failure.object,
              fmt::format("it holds {}; expected {}", describe(stored), describe(want)));
}

ValueKind kind_of(hid_t type, const Describe& what) {
  switch (check(H5Tget_class(type), what)) {
    case H5T_INTEGER:
      return ValueKind::integer;
    case H5T_FLOAT:
      return ValueKind::real;
    case H5T_STRING:
      return check_tri(H5Tis_variable_str(type), what) ? ValueKind::string : ValueKind::other;
    case H5T_ENUM:
      return ValueKind::boolean;
    default:
      return ValueKind::other;
  }
}

std::vector<const char*> c_strings(std::span<const std::string> values) {
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& value : values) pointers.push_back(value.c_str());
  return pointers;
}

VlenStrings::VlenStrings(hid_t memory_type, std::size_t count)
    : memory_type_(memory_type), pointers_(count, nullptr) {}

VlenStrings::~VlenStrings() {
  reclaim();
}

herr_t VlenStrings::reclaim() {
  // Only pointers HDF5 filled are freed; a failed read leaves them null.
  bool any = false;
  for (const char* text : pointers_) any = any || text != nullptr;
  if (!any) return 0;
  const hsize_t count = pointers_.size();
  const Handle space(H5Screate_simple(1, &count, nullptr));
  if (!space.valid()) return -1;
  const herr_t status = H5Dvlen_reclaim(memory_type_, space.get(), H5P_DEFAULT, pointers_.data());
  pointers_.assign(pointers_.size(), nullptr);  // never freed twice, even after a failure
  return status;
}

void VlenStrings::move_to(std::span<std::string> out, const Describe& what) {
  for (std::size_t k = 0; k < out.size(); ++k) {
    out[k] = pointers_[k] != nullptr ? pointers_[k] : "";
  }
  check(reclaim(), what);
}

}  // namespace detail
}  // namespace cyres::h5
