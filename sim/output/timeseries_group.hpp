#pragma once
// /policies/<name>/timeseries/ of the results file: mean and quantile bands
// over trials of service Q(t) and sector service Q_s(t), from the run's
// histograms (sim/runner/series_accumulator.hpp), and mean state counts, with
// dimension scales time [h], sector, quantile and state.

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

//! Means over trials of every cell of `series` (SeriesAccumulator::mean).
std::vector<double> means_of(const SeriesAccumulator& series);

//! Histogram quantiles (sim/stats/quantile.hpp) of every cell of `series`:
//! result [cell][quantile], row-major.
std::vector<double> bands_of(const SeriesAccumulator& series, std::span<const double> quantiles);

//! Fills `group`; returns the `sector` scale, which trials/sector_loss shares.
h5::Dataset write_timeseries_group(const h5::Group& group, const Scenario& scenario,
                                   const RunResult& run, const PolicyResult& result);

}  // namespace cyres
