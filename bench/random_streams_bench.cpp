// Counter-based random streams (sim/random/streams.hpp): the cost of one
// Philox4x32-10 block and of one uniform double, the unit of every draw the
// engine makes (a lateral-movement block serves four neighbours).
#include <benchmark/benchmark.h>

#include <cstdint>

#include "sim/random/streams.hpp"

namespace {

constexpr std::uint64_t SEED = 2026;

void BM_RandomStreamsBlock(benchmark::State& state) {
  const cyres::RandomStreams streams(SEED);
  std::uint32_t entity = 0;
  for (auto _ : state) {
    auto block = streams.block(7, cyres::Purpose::lateral, entity++, 11, 2);
    benchmark::DoNotOptimize(block);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * 16);
}
BENCHMARK(BM_RandomStreamsBlock);

void BM_RandomStreamsUniform(benchmark::State& state) {
  const cyres::RandomStreams streams(SEED);
  std::uint32_t entity = 0;
  for (auto _ : state) {
    double u = streams.uniform(7, cyres::Purpose::detection, entity++, 11);
    benchmark::DoNotOptimize(u);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomStreamsUniform);

// Four Bernoulli draws from one block, as rule 2 makes them (one per neighbour).
void BM_RandomStreamsBernoulliPerWord(benchmark::State& state) {
  const cyres::RandomStreams streams(SEED);
  const cyres::Threshold32 threshold(0.05);
  std::uint32_t entity = 0;
  for (auto _ : state) {
    const auto block = streams.block(7, cyres::Purpose::lateral, entity++, 11);
    int hits = 0;
    for (std::uint32_t word : block.v) hits += threshold.accepts(word) ? 1 : 0;
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(state.iterations() * 4);
}
BENCHMARK(BM_RandomStreamsBernoulliPerWord);

}  // namespace
