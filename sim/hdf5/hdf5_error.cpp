#include "sim/hdf5/hdf5_error.hpp"

#include <vector>

#include <fmt/format.h>

namespace cyres::h5 {
namespace {

std::string message_of(const std::string& action, const std::string& object,
                       const std::string& reason) {
  if (reason.empty()) return fmt::format("HDF5: {} {}", action, object);
  return fmt::format("HDF5: {} {}: {}", action, object, reason);
}

//! libhdf5's file drivers describe a failed read or write as "file write
//! failed: time = ..., filename = ..., errno = 28, error message = 'No space
//! left on device', buf = 0x..." (with a raw newline and pointers): kept as
//! "file write failed: No space left on device", one stable line.
std::string plain_reason(std::string desc) {
  const std::string quoted = "error message = '";
  const std::size_t start = desc.find(quoted);
  const std::size_t colon = desc.find(':');
  if (start == std::string::npos || colon == std::string::npos || colon > start) return desc;
  const std::size_t end = desc.find('\'', start + quoted.size());
  if (end == std::string::npos) return desc;
  return desc.substr(0, colon) + ": " +
         desc.substr(start + quoted.size(), end - start - quoted.size());
}

herr_t collect(unsigned /*n*/, const H5E_error2_t* error, void* data) {
  auto* messages = static_cast<std::vector<std::string>*>(data);
  if (error->desc != nullptr && error->desc[0] != '\0') {
    messages->push_back(plain_reason(error->desc));
  }
  return 0;
}

}  // namespace

Error::Error(std::string action, std::string object, std::string reason)
    : OutputError(message_of(action, object, reason)),
      action_(std::move(action)),
      object_(std::move(object)),
      reason_(std::move(reason)) {}

namespace detail {

void fail(const Describe& what) {
  // Walking upward starts at the innermost frame, which says why
  // ("Permission denied"); the outer frames only repeat which call failed.
  // Failures while reading the stack leave the reason empty: the action and
  // object still say what failed.
  std::vector<std::string> messages;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect, &messages);
  H5Eclear2(H5E_DEFAULT);
  const Failure failure = what();
  throw Error(failure.action, failure.object, messages.empty() ? "" : messages.front());
}

bool check_tri(htri_t answer, const Describe& what) {
  return check(answer, what) > 0;
}

void quiet_errors() {
  check(H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr), [] {
    return Failure{"cannot silence", "the HDF5 error stack"};
  });
}

}  // namespace detail
}  // namespace cyres::h5
