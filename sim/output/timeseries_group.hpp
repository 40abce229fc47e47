#pragma once
// /policies/<name>/timeseries/ of the results file: mean and quantile bands
// over trials of service Q(t) and sector service Q_s(t), and mean state
// counts, with dimension scales time [h], sector, quantile and state.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/hdf5/hdf5.hpp"
#include "sim/runner/results.hpp"
#include "sim/scenario/scenario.hpp"

namespace cyres {

//! Probabilities of the bands (dataset `quantile`), ascending.
inline constexpr std::array<double, 5> BAND_QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};

//! Mean over trials of `series` laid out [trial][row]: for each row, the sum
//! over trials in trial order (in double) divided by `trials`, so the result
//! does not depend on how trials were spread over threads. NaN if trials == 0.
std::vector<double> mean_over_trials(std::span<const float> series, std::uint64_t trials,
                                     std::size_t rows);

//! Type-7 quantiles (sim/stats/quantile.hpp) over trials of `series` laid out
//! [trial][row], NaN values left out: result [row][quantile], row-major.
std::vector<double> bands_over_trials(std::span<const float> series, std::uint64_t trials,
                                      std::size_t rows, std::span<const double> quantiles);

//! Fills `group`; returns the `sector` scale, which trials/sector_loss shares.
h5::Dataset write_timeseries_group(const h5::Group& group, const Scenario& scenario,
                                   const RunResult& run, const PolicyResult& result);

}  // namespace cyres
