#pragma once
// Size limits of a scenario: requests beyond them are refused as absurd
// (SizeError) before anything is allocated (docs/scenario-format.md, "Size limits").

#include <cstdint>

namespace cyres {

inline constexpr std::int64_t MAX_HORIZON = 1'000'000;   //!< [steps]
inline constexpr std::int64_t MAX_TRIALS = 100'000'000;  //!< per policy [1]
inline constexpr std::int64_t MAX_TEAMS = 100'000;       //!< per organisation [1]
//! Longest step [h]: a step of more than a year cannot resolve an incident, and
//! the bound keeps every time (horizon x dt <= 8.76e9 h), the sums of their
//! squares over all trials, and so every mean, variance and interval finite.
inline constexpr double MAX_DT_HOURS = 8760.0;
//! Largest crisis surge: an organisation's teams (at most 2 x MAX_TEAMS with
//! prevention's raise_teams) times 1 + MAX_SURGE stay far within a 32-bit count.
inline constexpr double MAX_SURGE = 1000.0;
//! Per-trial tables of every policy that runs, held together until written [bytes]:
//! the runner keeps per-trial scalars only; the service series are summed into
//! histograms whose size does not grow with the trial count (docs/hdf5-schema.md).
inline constexpr double MAX_TRIAL_TABLE_BYTES = 8.0 * (1ull << 30);
//! Bytes one trial of one policy needs in those tables, besides its per-sector
//! and per-state losses: the trial's metrics and their row of the comparison's
//! table (the runner checks that they fit) [bytes].
inline constexpr std::uint64_t PER_TRIAL_BYTES = 512;

}  // namespace cyres
