#include "sim/core/error.hpp"

#include <fmt/format.h>

#include "sim/core/text.hpp"

namespace cyres {

std::string SourceLocation::to_string() const {
  if (line > 0 && column > 0) return fmt::format("{}:{}:{}", file, line, column);
  if (line > 0) return fmt::format("{}:{}", file, line);
  return file;
}

// Values quoted in a message may hold line breaks, NUL or bytes that are not
// UTF-8: escaped, so that the message is one printable line.
InputError::InputError(SourceLocation where, const std::string& message)
    : std::runtime_error(
          fmt::format("{}: {}", escape_control(where.to_string()), escape_control(message))),
      where_(std::move(where)),
      detail_(escape_control(message)) {}

}  // namespace cyres
