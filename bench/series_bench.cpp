// The runner's per-block fold of the trials' service series into the
// histograms of the quantile bands (SeriesAccumulator::add_block): one value
// per trial, step and sector. With contained trials it costs more than the
// trials themselves (docs/performance.md, "Contained trials").
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "sim/runner/series_accumulator.hpp"

namespace {

// A block as the runner folds it: `trials` rows of horizon 336 x 9 sectors
// (the generated scenarios), [trial][cell].
constexpr std::size_t CELLS = 336 * 9;

// Arg(0): every value 1 (contained trials: full service throughout).
// Arg(1): a dip in every trial, values k/1000 (an outbreak in each trial).
// Arg(2): full service but for 1 value in 10, one of three values just
// below 1 (contained trials whose detected assets are isolated).
// Arg(1) of 1: the block stays in the caches between iterations; 8: eight
// blocks (97 MB) in turn, so each is read from memory, as in a run, where
// the trials of a block write it long before the fold reads it.
void BM_SeriesAddBlock(benchmark::State& state) {
  const std::size_t trials = 1000;
  std::vector<float> values(trials * CELLS, 1.0F);
  if (state.range(0) == 1) {
    std::uint64_t x = 88172645463325252ULL;  // xorshift64: a fixed pattern
    for (float& v : values) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      v = static_cast<float>(x % 1001) / 1000.0F;
    }
  }
  if (state.range(0) == 2) {
    std::uint64_t x = 88172645463325252ULL;
    for (float& v : values) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      if (x % 10 == 0) v = 1.0F - static_cast<float>(1 + x % 3) * 0.001F;
    }
  }
  const std::vector<std::vector<float>> blocks(static_cast<std::size_t>(state.range(1)), values);
  cyres::SeriesAccumulator accumulator(CELLS);
  std::size_t next = 0;
  for (auto _ : state) {
    accumulator.add_block(blocks[next], trials);
    next = (next + 1) % blocks.size();
    benchmark::DoNotOptimize(accumulator.sums().data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * values.size()));
}
BENCHMARK(BM_SeriesAddBlock)->ArgsProduct({{0, 1, 2}, {1, 8}})->Unit(benchmark::kMillisecond);

}  // namespace
