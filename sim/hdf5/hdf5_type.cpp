#include "sim/hdf5/hdf5_type.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

namespace cyres::h5 {

using detail::check;
using detail::checked;
using detail::Failure;

Type string_type(std::size_t width) {
  auto what = [&] {
    return Failure{"cannot build", fmt::format("the type of strings of {} bytes", width)};
  };
  if (width == 0 || width > MAX_STRING_BYTES) {
    const Failure failure = what();
    throw Error(failure.action, failure.object,
                fmt::format("expected a width of 1 to {} bytes", MAX_STRING_BYTES));
  }
  Handle type = checked(H5Tcopy(H5T_C_S1), what);
  check(H5Tset_size(type.get(), width), what);
  check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), what);
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
      return "fixed-length strings";
    case ValueKind::boolean:
      return "enum values";
    case ValueKind::variable_string:
      return "variable-length strings, which cyres does not read (a damaged one can crash "
             "libhdf5)";
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
      return "fixed-length strings";
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
      return check_tri(H5Tis_variable_str(type), what) ? ValueKind::variable_string
                                                       : ValueKind::string;
    case H5T_ENUM:
      return ValueKind::boolean;
    default:
      return ValueKind::other;
  }
}

std::size_t string_width(std::span<const std::string> values) {
  std::size_t width = 1;
  for (const std::string& value : values) width = std::max(width, value.size());
  if (width > MAX_STRING_BYTES) {
    throw Error("cannot write", fmt::format("a string of {} bytes", width),
                fmt::format("expected at most {} bytes", MAX_STRING_BYTES));
  }
  return width;
}

std::vector<char> pack_strings(std::span<const std::string> values, std::size_t width,
                               const Describe& what) {
  std::vector<char> packed(values.size() * width, '\0');
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (values[k].size() > width) {
      const Failure failure = what();
      throw Error(failure.action, failure.object,
                  fmt::format("string {} has {} bytes; the strings are {} bytes wide", k,
                              values[k].size(), width));
    }
    std::copy(values[k].begin(), values[k].end(),
              packed.begin() + static_cast<std::ptrdiff_t>(k * width));
  }
  return packed;
}

Type string_memory_type(hid_t stored, hsize_t count, const Describe& what) {
  const std::size_t width = H5Tget_size(stored);
  if (width == 0) fail(what);
  if (width > MAX_STRING_BYTES || count > MAX_STRING_READ_BYTES / width) {
    const Failure failure = what();
    throw Error(failure.action, failure.object,
                fmt::format("{} strings of {} bytes each; expected at most {} bytes in one read "
                            "and {} in one string",
                            count, width, MAX_STRING_READ_BYTES, MAX_STRING_BYTES));
  }
  // The file's own character set (converting between sets fails in HDF5),
  // NUL-padded whatever the file pads with, so a string ends at its first NUL.
  Handle type = checked(H5Tcopy(stored), what);
  check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), what);
  return Type(std::move(type));
}

void unpack_strings(std::span<const char> bytes, std::size_t width, std::span<std::string> out) {
  for (std::size_t k = 0; k < out.size(); ++k) {
    const std::string_view padded(bytes.data() + k * width, width);
    out[k] = std::string(padded.substr(0, padded.find('\0')));
  }
}

}  // namespace detail
}  // namespace cyres::h5
