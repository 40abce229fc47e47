#include "sim/scenario/scenario_hash.hpp"

#include <fmt/format.h>

namespace cyres {

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t state) {
  for (const char c : bytes) {
    state ^= static_cast<std::uint8_t>(c);
    state *= FNV1A64_PRIME;
  }
  return state;
}

std::string scenario_hash(const ScenarioSource& source) {
  constexpr std::string_view SEPARATOR("\0", 1);
  std::uint64_t state = fnv1a64(source.root_text);
  state = fnv1a64(SEPARATOR, state);
  state = fnv1a64(source.assets_text, state);
  state = fnv1a64(SEPARATOR, state);
  state = fnv1a64(source.links_text, state);
  return fmt::format("{:016x}", state);
}

}  // namespace cyres
