#pragma once
// Sample quantiles as numpy computes them by default (numpy.quantile,
// method="linear"; Hyndman & Fan 1996, definition 7), so that bands in the
// output match what an analyst recomputes in Python from per-trial data.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cyres {

//! Quantile q in [0, 1] of values sorted ascending, without NaN (callers drop
//! NaN first). With n values, h = (n - 1) q and the result interpolates
//! linearly between sorted[floor(h)] and sorted[floor(h) + 1], evaluated in the
//! same order of operations as numpy so that results agree to the last bit.
//! NaN for an empty input or a NaN q; std::invalid_argument for q outside [0, 1].
double quantile_sorted(std::span<const double> sorted, double q);

//! quantile_sorted over a sorted copy of `values`.
double quantile(std::vector<double> values, double q);

//! Several quantiles at once, equal bit for bit to quantile_sorted on the
//! sorted values, by selection (std::nth_element) instead of a full sort:
//! O(n) per quantile, for the per-step bands over many trials. `qs` must be
//! ascending; `values` (no NaN) is reordered; out.size() == qs.size().
void quantiles_unsorted(std::span<double> values, std::span<const double> qs,
                        std::span<double> out);

// --- quantiles of values in [0, 1] from a fixed-resolution histogram --------------
//
// The per-step service bands are computed from histograms rather than from
// every trial's value, so that their memory does not grow with the trial count
// and partial results add up exactly (integer counts) in any order. A value
// v in [0, 1] is counted in slot k = round(v * B), B = UNIT_HISTOGRAM_BINS =
// 1024 (B + 1 slots; ties to even), which stands for the value k / B. A
// quantile takes numpy's type-7 rule over the counts with each order statistic
// replaced by its slot's value. So a band is exact wherever the order
// statistics it interpolates are multiples of 1/1024 (0 and 1 included: full
// service, a sector wholly down), and within UNIT_HISTOGRAM_ERROR = 1/2048 of
// the type-7 quantile of the values otherwise.

inline constexpr std::size_t UNIT_HISTOGRAM_BINS = 1024;  //!< resolution: values k / 1024
inline constexpr std::size_t UNIT_HISTOGRAM_SLOTS = UNIT_HISTOGRAM_BINS + 1;
//! Largest difference between a histogram quantile and the exact one [1].
inline constexpr double UNIT_HISTOGRAM_ERROR = 0.5 / static_cast<double>(UNIT_HISTOGRAM_BINS);

//! round(x) for 0 <= x < 2^52, ties to even: std::nearbyint in the default
//! rounding mode (cyres never changes it), without a call into libm. Adding
//! 2^52 leaves no fraction bit, so the sum is x rounded in that mode, and
//! subtracting 2^52 again is exact. The runner counts every value of every
//! trial's series through this (sim/runner/series_accumulator.cpp).
inline double round_half_even(double x) {
  constexpr double TWO_52 = 4503599627370496.0;
  return (x + TWO_52) - TWO_52;
}

//! The slot of `value`; values below 0 count as 0 and above 1 as 1. NaN has
//! no slot: callers leave it out.
inline std::size_t unit_histogram_slot(double value) {
  if (!(value > 0.0)) return 0;  // 0, below 0 (NaN is the caller's to leave out)
  if (value >= 1.0) return UNIT_HISTOGRAM_BINS;
  // value * 1024 is exact in binary floating point, so the slot edges are exact.
  return static_cast<std::size_t>(
      round_half_even(value * static_cast<double>(UNIT_HISTOGRAM_BINS)));
}

//! The value a slot stands for, slot / UNIT_HISTOGRAM_BINS.
double unit_histogram_value(std::size_t slot);

//! Type-7 quantiles `qs` (ascending, each in [0, 1]) of the values counted in
//! `counts` (UNIT_HISTOGRAM_SLOTS entries), each order statistic replaced by
//! its slot's value; NaN if the histogram is empty or q is NaN.
//! out.size() == qs.size(); std::invalid_argument otherwise or for q outside [0, 1].
void quantiles_from_unit_histogram(std::span<const std::uint32_t> counts,
                                   std::span<const double> qs, std::span<double> out);

//! One non-empty slot of a unit histogram kept sparsely.
struct UnitHistogramEntry {
  std::uint16_t slot = 0;   //!< 0 .. UNIT_HISTOGRAM_BINS
  std::uint32_t count = 0;  //!< > 0
  bool operator==(const UnitHistogramEntry&) const = default;
};

//! quantiles_from_unit_histogram over the non-empty slots only, in
//! ascending slot order (same results as over the dense counts).
void quantiles_from_unit_histogram(std::span<const UnitHistogramEntry> entries,
                                   std::span<const double> qs, std::span<double> out);

}  // namespace cyres
