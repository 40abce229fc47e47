#pragma once
// Size limits of a scenario: requests beyond them are refused as absurd
// (SizeError) before anything is allocated (docs/scenario-format.md, "Size limits").

#include <cstdint>

namespace cyres {

inline constexpr std::int64_t MAX_HORIZON = 1'000'000;   //!< [steps]
inline constexpr std::int64_t MAX_TRIALS = 100'000'000;  //!< per policy [1]
inline constexpr std::int64_t MAX_TEAMS = 100'000;       //!< per organisation [1]
//! Per-trial service series of every policy that runs, held together until written [bytes].
inline constexpr double MAX_SERIES_BYTES = 8.0 * (1ull << 30);

}  // namespace cyres
