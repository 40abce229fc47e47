#include "sim/runner/series_accumulator.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace cyres {
namespace {

using Entries = std::vector<UnitHistogramEntry>;

//! Adds the (ascending, non-empty) entries `more` into `into`.
void merge_entries(Entries& into, const Entries& more, Entries& scratch) {
  if (more.empty()) return;
  if (into.empty()) {
    into = more;
    return;
  }
  scratch.clear();
  auto a = into.begin();
  auto b = more.begin();
  while (a != into.end() || b != more.end()) {
    if (b == more.end() || (a != into.end() && a->slot < b->slot)) {
      scratch.push_back(*a++);
    } else if (a == into.end() || b->slot < a->slot) {
      scratch.push_back(*b++);
    } else {
      scratch.push_back({a->slot, a->count + b->count});
      ++a;
      ++b;
    }
  }
  into.swap(scratch);
}

//! Cells add_block counts together: one 64-byte cache line of each trial's
//! floats. The values of a block lie [trial][cell], one trial's series
//! (thousands of cells) apart, so counting one cell at a time would fetch a
//! line per value and use 4 of its bytes.
constexpr std::size_t CELL_TILE = 16;
//! Rows (trials) add_tile fetches ahead of the one it counts.
constexpr std::size_t ROWS_AHEAD = 12;

//! Per-thread scratch of add_block: for each cell of a tile, the run of equal
//! values it is counting (consecutive trials very often repeat a value: full
//! service, a sector wholly down), its dense counts over the block, the slots
//! they touched and its sum; and a merge buffer.
struct BlockScratch {
  std::array<std::uint32_t, CELL_TILE> run_bits{};  //!< the run's float, as bits
  std::array<std::uint32_t, CELL_TILE> run_length{};
  std::array<std::array<std::uint32_t, UNIT_HISTOGRAM_SLOTS>, CELL_TILE> dense{};
  std::array<std::vector<std::uint16_t>, CELL_TILE> touched;
  std::array<std::uint64_t, CELL_TILE> sum{};
  Entries block;
  Entries merged;

  //! Counts cell j's run: run_length values equal to run_bits. A count and a
  //! sum of run_length equal values are what adding them one by one gives
  //! (integers, wrapping alike).
  void count_run(std::size_t j) {
    const std::uint32_t n = run_length[j];
    run_length[j] = 0;
    if (n == 0) return;
    float value;
    std::memcpy(&value, &run_bits[j], sizeof value);
    if (std::isnan(value)) return;
    const double v = static_cast<double>(value);
    const std::size_t slot = unit_histogram_slot(v);
    if (dense[j][slot] == 0) touched[j].push_back(static_cast<std::uint16_t>(slot));
    dense[j][slot] += n;
    sum[j] += std::uint64_t{n} * fixed_point(v);
  }
};

//! Adds cells first .. first + CELL_TILE (or to the end) of a block laid out
//! [trial][cell] to their histograms and sums. Each cell's counts are
//! integers: the same entries and sum whatever the order or the split.
void add_tile(std::span<const float> values, std::size_t trials, std::size_t first, BlockScratch& s,
              std::vector<Entries>& histograms, std::vector<std::uint64_t>& sums) {
  const std::size_t cells = histograms.size();
  const std::size_t width = std::min(CELL_TILE, cells - first);
  for (std::size_t k = 0; k < trials; ++k) {
    const float* row = values.data() + k * cells + first;
    // The next rows are a trial's series (kilobytes) apart, a stride the
    // hardware's prefetchers do not follow across pages: fetch them ahead.
    // (Both ends of the tile: it may straddle two lines.)
    if (k + ROWS_AHEAD < trials) {
      __builtin_prefetch(row + ROWS_AHEAD * cells);
      __builtin_prefetch(row + ROWS_AHEAD * cells + width - 1);
    }
    for (std::size_t j = 0; j < width; ++j) {
      std::uint32_t bits;
      std::memcpy(&bits, &row[j], sizeof bits);
      if (bits == s.run_bits[j] && s.run_length[j] > 0) {
        ++s.run_length[j];
        continue;
      }
      s.count_run(j);
      s.run_bits[j] = bits;
      s.run_length[j] = 1;
    }
  }
  for (std::size_t j = 0; j < width; ++j) {
    s.count_run(j);
    std::sort(s.touched[j].begin(), s.touched[j].end());
    s.block.clear();
    for (const std::uint16_t slot : s.touched[j]) {
      s.block.push_back({slot, s.dense[j][slot]});
      s.dense[j][slot] = 0;
    }
    s.touched[j].clear();
    merge_entries(histograms[first + j], s.block, s.merged);
    sums[first + j] += s.sum[j];
    s.sum[j] = 0;
  }
}

}  // namespace

SeriesAccumulator::SeriesAccumulator(std::size_t cells) : cells_(cells), sums_(cells, 0) {}

void SeriesAccumulator::add(std::span<const float> values) {
  if (values.size() != cells()) throw std::invalid_argument("SeriesAccumulator::add: wrong size");
  for (std::size_t c = 0; c < values.size(); ++c) {
    if (std::isnan(values[c])) continue;
    const double v = static_cast<double>(values[c]);
    const auto slot = static_cast<std::uint16_t>(unit_histogram_slot(v));
    Entries& entries = cells_[c];
    const auto at =
        std::lower_bound(entries.begin(), entries.end(), slot,
                         [](const UnitHistogramEntry& e, std::uint16_t s) { return e.slot < s; });
    if (at != entries.end() && at->slot == slot) {
      ++at->count;
    } else {
      entries.insert(at, {slot, 1});
    }
    sums_[c] += fixed_point(v);
  }
}

void SeriesAccumulator::add_block(std::span<const float> values, std::size_t trials) {
  const std::size_t n = cells();
  if (values.size() != trials * n) {
    throw std::invalid_argument("SeriesAccumulator::add_block: wrong size");
  }
  const std::size_t tiles = (n + CELL_TILE - 1) / CELL_TILE;
  tbb::enumerable_thread_specific<BlockScratch> scratches;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, tiles, 2),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      BlockScratch& s = scratches.local();
                      for (std::size_t tile = range.begin(); tile != range.end(); ++tile) {
                        add_tile(values, trials, tile * CELL_TILE, s, cells_, sums_);
                      }
                    });
}

void SeriesAccumulator::merge(const SeriesAccumulator& other) {
  if (other.cells() != cells()) {
    throw std::invalid_argument("SeriesAccumulator::merge: different shapes");
  }
  Entries scratch;
  for (std::size_t c = 0; c < cells_.size(); ++c) {
    merge_entries(cells_[c], other.cells_[c], scratch);
    sums_[c] += other.sums_[c];
  }
}

void SeriesAccumulator::clear() {
  for (Entries& entries : cells_) entries.clear();
  std::fill(sums_.begin(), sums_.end(), std::uint64_t{0});
}

std::uint64_t SeriesAccumulator::count(std::size_t cell) const {
  std::uint64_t n = 0;
  for (const UnitHistogramEntry& e : cells_[cell]) n += e.count;
  return n;
}

double SeriesAccumulator::mean(std::size_t cell) const {
  const std::uint64_t n = count(cell);
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  return std::ldexp(static_cast<double>(sums_[cell]), -SERIES_SUM_FRACTION_BITS) /
         static_cast<double>(n);
}

void SeriesAccumulator::quantiles(std::size_t cell, std::span<const double> qs,
                                  std::span<double> out) const {
  quantiles_from_unit_histogram(std::span<const UnitHistogramEntry>(cells_[cell]), qs, out);
}

void SeriesAccumulator::export_counts(std::vector<std::uint64_t>& index,
                                      std::vector<std::uint32_t>& count) const {
  index.clear();
  count.clear();
  for (std::size_t c = 0; c < cells_.size(); ++c) {
    for (const UnitHistogramEntry& e : cells_[c]) {
      index.push_back(c * UNIT_HISTOGRAM_SLOTS + e.slot);
      count.push_back(e.count);
    }
  }
}

SeriesAccumulator SeriesAccumulator::from_raw(std::span<const std::uint64_t> index,
                                              std::span<const std::uint32_t> count,
                                              std::vector<std::uint64_t> sums) {
  if (index.size() != count.size()) {
    throw std::invalid_argument("SeriesAccumulator::from_raw: indices and counts differ in length");
  }
  SeriesAccumulator a(sums.size());
  a.sums_ = std::move(sums);
  const std::uint64_t limit = a.cells() * UNIT_HISTOGRAM_SLOTS;
  for (std::size_t i = 0; i < index.size(); ++i) {
    if (index[i] >= limit || count[i] == 0 || (i > 0 && index[i] <= index[i - 1])) {
      throw std::invalid_argument(
          "SeriesAccumulator::from_raw: an index beyond the cells, not ascending, or a zero count");
    }
    a.cells_[index[i] / UNIT_HISTOGRAM_SLOTS].push_back(
        {static_cast<std::uint16_t>(index[i] % UNIT_HISTOGRAM_SLOTS), count[i]});
  }
  return a;
}

}  // namespace cyres
