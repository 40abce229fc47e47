#include "sim/scenario/value_parse.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "sim/core/suggest.hpp"
#include "sim/core/text.hpp"

namespace cyres {

namespace {

// Shortest round-trip text of a bound, so that 100000 prints as 100000, 0.5 as 0.5.
std::string bound(double x) {
  return fmt::format("{}", x);
}

template <class T>
Parsed<T> accept(T value) {
  return Parsed<T>{value, Parsed<T>::Status::ok, {}};
}

template <class T>
Parsed<T> invalid(std::string problem) {
  return Parsed<T>{T{}, Parsed<T>::Status::invalid, std::move(problem)};
}

bool is_yaml_non_finite(std::string_view text) {
  for (const char* spelling : {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "-.inf", "-.Inf",
                               "-.INF", "+.inf", "+.Inf", "+.INF"}) {
    if (text == spelling) return true;
  }
  return false;
}

// Parses the whole of `text` as a double; false if any character is left over.
bool read_double(std::string_view text, double& out) {
  if (text.starts_with('+')) text.remove_prefix(1);
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string NumberRule::expected() const {
  const bool has_min = std::isfinite(min);
  const bool has_max = std::isfinite(max);
  if (has_min && has_max) {
    return fmt::format("{} in {}{}, {}{}", noun, min_open ? "(" : "[", bound(min), bound(max),
                       max_open ? ")" : "]");
  }
  if (has_min) return fmt::format("{} {} {}", noun, min_open ? ">" : ">=", bound(min));
  if (has_max) return fmt::format("{} {} {}", noun, max_open ? "<" : "<=", bound(max));
  return fmt::format("{}", noun);
}

std::string IntRule::expected() const {
  if (max == std::numeric_limits<std::int64_t>::max()) return fmt::format("an integer >= {}", min);
  return fmt::format("an integer in [{}, {}]", min, max);
}

Parsed<double> parse_number(std::string_view text, const NumberRule& rule) {
  double value = 0.0;
  if (is_yaml_non_finite(text) || (read_double(text, value) && !std::isfinite(value))) {
    return invalid<double>(
        fmt::format("value '{}' is not a finite number; expected {}", text, rule.expected()));
  }
  if (!read_double(text, value)) {
    return invalid<double>(
        fmt::format("value '{}' is not a number; expected {}", text, rule.expected()));
  }
  const bool below = rule.min_open ? value <= rule.min : value < rule.min;
  const bool above = rule.max_open ? value >= rule.max : value > rule.max;
  if (below || above) {
    return invalid<double>(
        fmt::format("value '{}' is out of range; expected {}", text, rule.expected()));
  }
  return accept(value);
}

Parsed<std::int64_t> parse_integer(std::string_view text, const IntRule& rule) {
  std::string_view digits = text.starts_with('+') ? text.substr(1) : text;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  const bool whole = !digits.empty() && end == digits.data() + digits.size();
  if (error == std::errc::result_out_of_range && whole) {
    const bool negative = digits.starts_with('-');
    if (!negative && rule.max_is_size_limit) {
      return {0, Parsed<std::int64_t>::Status::too_large,
              fmt::format("value '{}' is too large; expected {}", text, rule.expected())};
    }
    return invalid<std::int64_t>(
        fmt::format("value '{}' is out of range; expected {}", text, rule.expected()));
  }
  if (error != std::errc() || !whole) {
    // "1e6" is a fair way to write a million trials; "2.5" is not an integer.
    double real = 0.0;
    constexpr double LIMIT = 9.2e18;  // just below 2^63
    if (!read_double(text, real) || !std::isfinite(real) || real != std::floor(real) ||
        std::fabs(real) > LIMIT) {
      return invalid<std::int64_t>(
          fmt::format("value '{}' is not an integer; expected {}", text, rule.expected()));
    }
    value = static_cast<std::int64_t>(real);
  }
  if (value > rule.max && rule.max_is_size_limit) {
    return {value, Parsed<std::int64_t>::Status::too_large,
            fmt::format("value '{}' is too large; expected {}", text, rule.expected())};
  }
  if (value < rule.min || value > rule.max) {
    return invalid<std::int64_t>(
        fmt::format("value '{}' is out of range; expected {}", text, rule.expected()));
  }
  return accept(value);
}

Parsed<std::uint64_t> parse_unsigned(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return invalid<std::uint64_t>(
        fmt::format("value '{}' is not an unsigned 64-bit integer; expected an integer in [0, {}]",
                    text, std::numeric_limits<std::uint64_t>::max()));
  }
  return accept(value);
}

Parsed<bool> parse_bool(std::string_view text) {
  // The YAML 1.2 core schema spellings; yaml-cpp's y/n/on/off are too easy to misread.
  for (const char* yes : {"true", "True", "TRUE"}) {
    if (text == yes) return accept(true);
  }
  for (const char* no : {"false", "False", "FALSE"}) {
    if (text == no) return accept(false);
  }
  return invalid<bool>(fmt::format("value '{}' is not a boolean; expected true or false", text));
}

Parsed<Step> parse_duration_or_never(std::string_view text) {
  if (text == "never") return accept(NEVER);
  const Parsed<std::int64_t> steps = parse_integer(text, DURATION_RULE);
  if (!steps.ok()) {
    return invalid<Step>(fmt::format("{} or 'never'", steps.problem));
  }
  return accept(static_cast<Step>(steps.value));
}

Parsed<std::size_t> parse_choice(std::string_view text, const std::vector<std::string>& options) {
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (options[i] == text) return accept(i);
  }
  std::string hint = did_you_mean(text, options);
  if (hint.starts_with("; expected")) hint.clear();  // listed below anyway
  return invalid<std::size_t>(
      fmt::format("value '{}' is not one of {}{}", text, fmt::join(options, ", "), hint));
}

std::optional<TextProblem> text_problem(std::string_view text) {
  const std::optional<std::size_t> invalid = first_invalid_utf8(text);
  const std::optional<std::size_t> control = first_control_character(text);
  if (!invalid && !control) return std::nullopt;
  const std::size_t at = std::min(invalid.value_or(text.size()), control.value_or(text.size()));
  TextProblem problem;
  problem.line = 1;
  problem.column = 1;
  for (std::size_t k = 0; k < at; ++k) {
    if (text[k] == '\n') {
      ++problem.line;
      problem.column = 1;
    } else if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) {
      ++problem.column;  // a continuation byte is part of the character before it
    }
  }
  const auto byte = static_cast<unsigned>(static_cast<unsigned char>(text[at]));
  problem.what = at == invalid
                     ? fmt::format(
                           "byte 0x{:02X} is not UTF-8; expected UTF-8 text (save the file as "
                           "UTF-8)",
                           byte)
                     : fmt::format(
                           "control character U+{:04X} is not allowed; expected text (tabs and "
                           "line breaks only)",
                           byte);
  return problem;
}

bool is_identifier(std::string_view text, std::string_view extra) {
  if (text.empty()) return false;
  for (const char c : text) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '_' || c == '.' || c == '-';
    if (!plain && extra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace cyres
