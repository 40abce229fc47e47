#pragma once
// Per-step series summed over trials in a form that merges exactly: for each
// cell (a step, or a step and a sector) a histogram of the values in [0, 1]
// (sim/stats/quantile.hpp: slots k/1024) and their sum in fixed point. Both
// are integers, so partial accumulators of any split of the trials add up to
// the same bits in any order, and the memory does not grow with the trial
// count. The histograms are kept sparsely, as the non-empty slots of each
// cell: service takes few distinct values per step, so an accumulator costs
// far less than the dense cells x 1025 counts, and an empty one almost nothing.
// The mean comes from the fixed-point sum (each value rounded to a multiple of
// 2^-32 before it is added), the bands from the histogram (within
// UNIT_HISTOGRAM_ERROR of the exact type-7 quantile).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/stats/quantile.hpp"

namespace cyres {

//! Fractional bits of the fixed-point sums: a value v adds round(v * 2^32).
inline constexpr int SERIES_SUM_FRACTION_BITS = 32;

class SeriesAccumulator {
 public:
  SeriesAccumulator() = default;
  explicit SeriesAccumulator(std::size_t cells);

  std::size_t cells() const { return sums_.size(); }
  //! Adds one trial's values, one per cell (values.size() == cells()).
  //! NaN values are left out of both the histogram and the sum.
  void add(std::span<const float> values);
  //! Adds `trials` trials laid out [trial][cell], spreading the cells over
  //! TBB threads (each cell is one thread's; integer sums, so any order).
  void add_block(std::span<const float> values, std::size_t trials);
  //! Adds another accumulator of the same shape; std::invalid_argument otherwise.
  void merge(const SeriesAccumulator& other);
  void clear();

  //! Values counted in `cell` (trials with a non-NaN value there).
  std::uint64_t count(std::size_t cell) const;
  //! Mean of the values of `cell`; NaN if there are none.
  double mean(std::size_t cell) const;
  //! Histogram quantiles of `cell` (quantiles_from_unit_histogram).
  void quantiles(std::size_t cell, std::span<const double> qs, std::span<double> out) const;

  //! The non-empty slots of `cell`, ascending.
  const std::vector<UnitHistogramEntry>& entries(std::size_t cell) const { return cells_[cell]; }
  //! Sums [cell], fixed point with SERIES_SUM_FRACTION_BITS fraction bits.
  const std::vector<std::uint64_t>& sums() const { return sums_; }
  //! The histogram as flat indices cell * UNIT_HISTOGRAM_SLOTS + slot of the
  //! non-empty slots, ascending, and their counts (for files and messages).
  void export_counts(std::vector<std::uint64_t>& index, std::vector<std::uint32_t>& count) const;
  //! Rebuilds from export_counts' arrays and the sums; std::invalid_argument
  //! if they do not fit (lengths, indices beyond the cells, not ascending).
  static SeriesAccumulator from_raw(std::span<const std::uint64_t> index,
                                    std::span<const std::uint32_t> count,
                                    std::vector<std::uint64_t> sums);
  //! The sums, writable, for summing accumulators across processes.
  std::span<std::uint64_t> raw_sums() { return sums_; }

  bool operator==(const SeriesAccumulator&) const = default;

 private:
  std::vector<std::vector<UnitHistogramEntry>> cells_;  //!< [cell]: non-empty slots, ascending
  std::vector<std::uint64_t> sums_;                     //!< [cell]
};

//! round(v * 2^SERIES_SUM_FRACTION_BITS) for v clamped to [0, 1], ties to even:
//! what a value adds to a sum. The product is exact (a power of two), so only
//! the rounding remains.
inline std::uint64_t fixed_point(double value) {
  constexpr auto ONE = static_cast<double>(std::uint64_t{1} << SERIES_SUM_FRACTION_BITS);
  const double clamped = value < 0.0 ? 0.0 : (value > 1.0 ? 1.0 : value);
  return static_cast<std::uint64_t>(round_half_even(clamped * ONE));
}

}  // namespace cyres
