// The response queue (models/response_queue.hpp): push a burst of incidents
// with random triage ranks, then serve them all in triage order.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "models/response_queue.hpp"
#include "sim/random/streams.hpp"

namespace {

void BM_ResponseQueuePushPop(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  // Ranks drawn once from a fixed stream; a few ties so that the detection
  // step and the asset index break them, as in a real queue.
  const cyres::RandomStreams streams(2026);
  std::vector<cyres::QueuedIncident> incidents(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const double u = streams.uniform(0, cyres::Purpose::hardening, i, 0x9E);
    incidents[i] = {static_cast<double>(static_cast<int>(u * 64.0)),
                    static_cast<cyres::Step>(i / 8), i};
  }
  cyres::ResponseQueue queue;
  for (auto _ : state) {
    for (const cyres::QueuedIncident& incident : incidents) queue.push(incident);
    while (!queue.empty()) {
      cyres::QueuedIncident top = queue.pop();
      benchmark::DoNotOptimize(top);
    }
  }
  state.SetItemsProcessed(state.iterations() * 2 * static_cast<std::int64_t>(n));  // pushes + pops
}
BENCHMARK(BM_ResponseQueuePushPop)->Arg(16)->Arg(1024)->Arg(65536);

}  // namespace
