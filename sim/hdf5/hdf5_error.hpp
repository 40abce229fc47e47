#pragma once
// The one error of the HDF5 layer and the checks that raise it. Every call
// into the HDF5 C API goes through check() / checked(), so that a failure
// becomes an h5::Error (an OutputError) that says what failed, names the
// object, and carries HDF5's innermost reason from its error stack.

#include <hdf5.h>

#include <concepts>
#include <functional>
#include <string>

#include "sim/core/error.hpp"

namespace cyres::h5 {

//! A failed HDF5 operation. what() reads "HDF5: <action> <object>: <reason>",
//! e.g. "HDF5: cannot open dataset '/g/x': object 'x' doesn't exist".
class Error : public OutputError {
 public:
  Error(std::string action, std::string object, std::string reason);
  //! What failed: "cannot open", "cannot read rows 0..9 of".
  const std::string& action() const { return action_; }
  //! The object, by kind and full name: "dataset '/g/x'", "attribute 'units'
  //! of '/g/x'", "file 'out.h5'".
  const std::string& object() const { return object_; }
  //! HDF5's innermost message ("file signature not found"), or the layer's
  //! own reason for a check it made; empty when there is none.
  const std::string& reason() const { return reason_; }

 private:
  std::string action_;
  std::string object_;
  std::string reason_;
};

namespace detail {

//! What was being done to which object, for the message of an Error.
struct Failure {
  std::string action;
  std::string object;
};
//! Builds the Failure only when a call failed (naming an object may itself
//! query HDF5, which is wasted work on success).
using Describe = std::function<Failure()>;

//! Throws an Error for what() with the innermost reason on HDF5's error stack,
//! and clears the stack. The stack is read before what() runs: any HDF5 call
//! that names the object would clear it.
[[noreturn]] void fail(const Describe& what);

//! What the C API returns where a negative value means failure: herr_t,
//! htri_t, hssize_t, ssize_t, int counts, and enums such as H5T_class_t.
template <class R>
concept ReturnCode = std::signed_integral<R> || std::is_enum_v<R>;

//! Returns `result` unless it is negative, which is how the C API reports
//! failure.
template <ReturnCode R>
R check(R result, const Describe& what) {
  if (static_cast<long long>(result) < 0) fail(what);
  return result;
}
//! An htri_t answer: true, false, or (negative) failure.
bool check_tri(htri_t answer, const Describe& what);

//! Turns off HDF5's automatic printing of its error stack to stderr (library-
//! wide state): the exceptions carry the message. Called whenever a file is
//! created or opened.
void quiet_errors();

}  // namespace detail
}  // namespace cyres::h5
