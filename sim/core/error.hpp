#pragma once
// Typed errors. Every error a user can cause says where (file:line:column or
// file:row), what value was found and what was expected, so that the message
// alone is enough to fix the input. The CLI maps InputError to exit code 2.

#include <stdexcept>
#include <string>

namespace cyres {

//! A place in an input: a YAML node (line and column) or a CSV row.
//! Line, column and row are 1-based; 0 means "not known / not applicable".
struct SourceLocation {
  std::string file;  //!< path as the user gave it, or "--set" for a command-line override
  int line = 0;      //!< 1-based line in the file
  int column = 0;    //!< 1-based column in the line
  std::string to_string() const;  //!< "file:line:column", "file:line" or "file"
};

//! Base of every error caused by the user's input (exit code 2). The message
//! (and the location in what()) has its control characters and non-UTF-8
//! bytes escaped (sim/core/text.hpp): it is always one printable line.
class InputError : public std::runtime_error {
 public:
  InputError(SourceLocation where, const std::string& message);
  const SourceLocation& where() const { return where_; }
  //! The message without the location prefix, escaped.
  const std::string& detail() const { return detail_; }

 private:
  SourceLocation where_;
  std::string detail_;
};

//! Malformed YAML or CSV syntax; a file that cannot be read.
class ParseError : public InputError {
  using InputError::InputError;
};
//! A key the format does not know (message carries a "did you mean" suggestion).
class UnknownKeyError : public InputError {
  using InputError::InputError;
};
//! A value of the wrong type, out of range, NaN, or a required key missing.
class ValueError : public InputError {
  using InputError::InputError;
};
//! A reference to a sector, organisation, asset or policy that does not exist,
//! or an identifier defined twice.
class ReferenceError : public InputError {
  using InputError::InputError;
};
//! A request that would need absurd resources; refused before allocating.
class SizeError : public InputError {
  using InputError::InputError;
};

//! Errors in writing output (disk full, permission denied). Exit code 3.
class OutputError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace cyres
