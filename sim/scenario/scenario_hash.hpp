#pragma once
// A fingerprint of the scenario a result came from, stored as the root
// attribute `scenario_hash` so that results of the same inputs can be matched
// and results of different inputs told apart (docs/hdf5-schema.md).

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/scenario/scenario.hpp"

namespace cyres {

inline constexpr std::uint64_t FNV1A64_OFFSET = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t FNV1A64_PRIME = 0x100000001b3ULL;

//! 64-bit FNV-1a of `bytes`, continuing from `state` (start: FNV1A64_OFFSET).
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t state = FNV1A64_OFFSET);

//! FNV-1a 64 over root_text, one NUL byte, assets_text, one NUL byte,
//! links_text (the file contents as read; paths are not hashed, so a moved
//! scenario keeps its hash), printed as 16 lower-case hex digits. The NUL
//! separators keep text moved from the end of one file to the start of the next
//! from giving the same hash. Not cryptographic: it detects change, not tampering.
std::string scenario_hash(const ScenarioSource& source);

}  // namespace cyres
