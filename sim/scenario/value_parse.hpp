#pragma once
// Text -> typed value with a range check, shared by the YAML and CSV readers.
// Numbers are parsed with std::from_chars, so a German or French locale does
// not turn "0.5" into an error. The readers add where the text came from.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/types.hpp"

namespace cyres {

inline constexpr double INFINITE = std::numeric_limits<double>::infinity();

//! Allowed range of a real number, and how to name it in a message.
struct NumberRule {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;  //!< min itself excluded
  bool max_open = false;  //!< max itself excluded
  const char* noun = "a number";
  std::string expected() const;  //!< "a probability in [0, 1]", "a number >= 0"

  static constexpr NumberRule probability() { return {0.0, 1.0, false, false, "a probability"}; }
  static constexpr NumberRule at_least(double low) {
    return {low, INFINITE, false, false, "a number"};
  }
  static constexpr NumberRule above(double low) { return {low, INFINITE, true, false, "a number"}; }
  static constexpr NumberRule fraction_above_zero() { return {0.0, 1.0, true, false, "a number"}; }
};

//! Allowed range of an integer. Above `size_limit` a value is refused as absurd
//! (SizeError) rather than merely out of range (ValueError).
struct IntRule {
  std::int64_t min = 0;
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  bool max_is_size_limit = false;
  std::string expected() const;  //!< "an integer in [0, 100000]", "an integer >= 0"
};

//! Longest duration accepted anywhere [steps]: keeps t + duration far from Step overflow.
inline constexpr std::int64_t MAX_DURATION = 1'000'000'000;
inline constexpr IntRule DURATION_RULE{0, MAX_DURATION, false};

template <class T>
struct Parsed {
  enum class Status { ok, invalid, too_large };
  T value{};
  Status status = Status::ok;
  std::string problem;  //!< "value 'x' is ...; expected ..." when not ok
  bool ok() const { return status == Status::ok; }
};

Parsed<double> parse_number(std::string_view text, const NumberRule& rule);
//! Accepts "12", and also "1e6" when it is integral.
Parsed<std::int64_t> parse_integer(std::string_view text, const IntRule& rule);
Parsed<std::uint64_t> parse_unsigned(std::string_view text);
Parsed<bool> parse_bool(std::string_view text);
//! A duration in [0, MAX_DURATION] steps, or "never" -> NEVER.
Parsed<Step> parse_duration_or_never(std::string_view text);
//! Index of `text` in `options`, with a suggestion when it is not there.
Parsed<std::size_t> parse_choice(std::string_view text, const std::vector<std::string>& options);

//! Where and why a text input cannot be read as text: a byte that is not
//! UTF-8, or a control character other than tab, line feed and carriage return.
struct TextProblem {
  int line = 0;      //!< 1-based
  int column = 0;    //!< 1-based, in characters
  std::string what;  //!< "byte 0xE9 is not UTF-8; expected ..."
};
//! The first problem of `text`, or nullopt for UTF-8 text without stray
//! control characters. Scenario files, tables and `--set` values are checked
//! whole before they are parsed, so no value of them can hold such bytes.
std::optional<TextProblem> text_problem(std::string_view text);

//! True for names made of [A-Za-z0-9_.-] (`extra` adds characters, e.g. ':').
bool is_identifier(std::string_view text, std::string_view extra = {});

}  // namespace cyres
