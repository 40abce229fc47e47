#include "sim/core/suggest.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace cyres {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A typo plausibly costs one edit per three characters, and at least one.
std::size_t max_typo_distance(std::size_t length) {
  return std::max<std::size_t>(1, length / 3);
}

// Lists longer than this are not spelled out in a message (asset ids, say).
constexpr std::size_t MAX_LISTED = 16;

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rolling rows of the dynamic-programming table: O(|a|·|b|) time, O(|b|) memory.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string key = lower(word);
  const std::size_t limit = max_typo_distance(key.size());
  std::size_t best_distance = limit + 1;
  const std::string* best = nullptr;
  for (const std::string& candidate : candidates) {
    // Cheap lower bound first: with a million asset ids most are skipped here.
    const std::size_t length_gap = candidate.size() > key.size() ? candidate.size() - key.size()
                                                                 : key.size() - candidate.size();
    if (length_gap >= best_distance) continue;
    const std::size_t distance = edit_distance(key, lower(candidate));
    if (distance < best_distance) {
      best_distance = distance;
      best = &candidate;
    }
  }
  if (best != nullptr) return *best;
  // An abbreviation ("prob" for "probability") is not a typo but just as plausible.
  if (key.size() >= 3) {
    for (const std::string& candidate : candidates) {
      if (lower(candidate).starts_with(key)) return candidate;
    }
  }
  return {};
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string match = closest_match(word, candidates);
  if (!match.empty()) return fmt::format("; did you mean '{}'?", match);
  if (candidates.empty() || candidates.size() > MAX_LISTED) return {};
  return fmt::format("; expected one of {}", fmt::join(candidates, ", "));
}

}  // namespace cyres
