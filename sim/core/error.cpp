#include "sim/core/error.hpp"

#include <fmt/format.h>

namespace cyres {

std::string SourceLocation::to_string() const {
  if (line > 0 && column > 0) return fmt::format("{}:{}:{}", file, line, column);
  if (line > 0) return fmt::format("{}:{}", file, line);
  return file;
}

InputError::InputError(SourceLocation where, const std::string& message)
    : std::runtime_error(fmt::format("{}: {}", where.to_string(), message)),
      where_(std::move(where)),
      detail_(message) {}

}  // namespace cyres
