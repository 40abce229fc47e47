// Whole trials through the TrialEngine (models/trial_engine.hpp), one thread,
// fixed seeds; each iteration runs the next trial index, so the sequence of
// trials is the same in every run. Three regimes of docs/model.md, "Engine: work and memory":
//   lateral movement  an SIR outbreak that takes off on an ER graph (rule 2 dominates)
//   supply cascade    a payload at the root of a dependency chain or tree (rule 6)
//   contained trial   an attack stopped within a step or two on a large graph:
//                     what is left is the per-trial reset and the per-step overhead
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <string>

#include "bench/bench_scenarios.hpp"
#include "models/policy_plan.hpp"
#include "models/simulation_model.hpp"
#include "models/trial_engine.hpp"

namespace {

using cyres::AssetIndex;
using cyres::Scenario;
using cyres::Step;

//! A scenario with its model, plan and one workspace, built before timing.
struct Bed {
  explicit Bed(Scenario s)
      : scenario(std::move(s)),
        model(scenario),
        plan(model, scenario.policies[0], scenario.settings.seed),
        engine(model),
        slots(scenario) {}
  Scenario scenario;
  cyres::SimulationModel model;
  cyres::PolicyPlan plan;
  cyres::TrialEngine engine;
  cyres::bench::TrialSlots slots;
};

// Lateral movement: beta = 0.1, gamma = 0.2 on G(n, 5n), T = 0.36, c T = 3.6:
// most trials take off and reach ~97 % of the graph.
void BM_TrialLateralMovementER(benchmark::State& state) {
  cyres::bench::SirWorkload w;
  w.assets = static_cast<std::uint32_t>(state.range(0));
  w.beta = 0.1;
  w.gamma = 0.2;
  w.horizon = 200;
  w.seed = 7;
  w.random_entry = false;
  Bed bed(cyres::bench::sir_scenario(w));
  std::uint64_t trial = 0;
  std::uint64_t compromised = 0;
  for (auto _ : state) {
    bed.engine.run(bed.plan, trial++, bed.slots.output());
    compromised += bed.slots.metrics().compromised;
    benchmark::DoNotOptimize(bed.slots.metrics());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["compromised/trial"] =
      static_cast<double>(compromised) / static_cast<double>(state.iterations());
  state.counters["compromised/s"] =
      benchmark::Counter(static_cast<double>(compromised), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TrialLateralMovementER)->Arg(10000)->Unit(benchmark::kMillisecond);

//! Assets that go supply-down one hop per step once the root's payload fires.
Scenario cascade_scenario(std::uint32_t assets, bool tree, Step horizon) {
  cyres::test::ScenarioBuilder b;
  b.horizon(horizon).seed(11);
  b.organisation("o0", 1, 0.0);
  cyres::test::AssetSpec spec;  // buffer 0, needs all inputs, never manual
  for (std::uint32_t i = 0; i < assets; ++i) b.asset(std::to_string(i), spec);
  for (AssetIndex i = 1; i < assets; ++i) b.dependency(tree ? (i - 1) / 2 : i - 1, i);
  b.campaign({0}, 0, 1.0, 0);  // payload fires in step 1
  return b.build();
}

void run_cascade(benchmark::State& state, Bed& bed) {
  std::uint64_t trial = 0;
  std::uint64_t down = 0;
  for (auto _ : state) {
    bed.engine.run(bed.plan, trial++, bed.slots.output());
    down += bed.slots.metrics().supply_down;
    benchmark::DoNotOptimize(bed.slots.metrics());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(down));  // supply-down assets
  state.counters["supply_down/trial"] =
      static_cast<double>(down) / static_cast<double>(state.iterations());
}

// A chain of n assets, each needing the previous one: n steps of one hop.
void BM_TrialSupplyCascadeChain(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  Bed bed(cascade_scenario(n, false, static_cast<Step>(n) + 4));
  run_cascade(state, bed);
}
BENCHMARK(BM_TrialSupplyCascadeChain)->Arg(1000)->Unit(benchmark::kMicrosecond);

// A binary tree of n = 2^k - 1 assets: k steps, the frontier doubling each step.
void BM_TrialSupplyCascadeTree(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  Bed bed(cascade_scenario(n, true, 24));
  run_cascade(state, bed);
}
BENCHMARK(BM_TrialSupplyCascadeTree)->Arg((1 << 15) - 1)->Unit(benchmark::kMicrosecond);

// A contained trial on a large graph: a ring of n assets (network links both
// ways, p = 0.02), a random entry each trial, detection 1 and isolation, so
// an attack touches one to a few assets. The time per trial is the reset plus
// the horizon's per-step overhead, which must not grow with n.
Scenario contained_scenario(std::uint32_t assets, Step horizon) {
  cyres::test::ScenarioBuilder b;
  b.horizon(horizon).seed(13);
  b.organisation("o0", 0, 0.0);
  cyres::test::AssetSpec spec;
  spec.detection = 1.0;
  for (std::uint32_t i = 0; i < assets; ++i) b.asset(std::to_string(i), spec);
  for (AssetIndex i = 0; i < assets; ++i) {
    const AssetIndex j = (i + 1) % assets;
    b.network(i, j, 0.02).network(j, i, 0.02);
  }
  b.campaign({0}, 0);
  cyres::Campaign& c = b.last_campaign();
  c.selection = cyres::EntrySelection::random;
  c.entries.clear();
  c.count = 1;
  cyres::Policy policy;
  policy.name = "isolate";
  policy.containment.isolate_on_detection = true;
  b.policy(policy);
  return b.build();
}

void BM_TrialContainedLargeGraph(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const auto horizon = static_cast<Step>(state.range(1));
  // Built once per (n, horizon): a 10^6-asset scenario takes seconds to build.
  static std::unique_ptr<Bed> bed;
  static std::int64_t built_for = -1;
  if (built_for != state.range(0) * 100000 + state.range(1)) {
    bed.reset();
    bed = std::make_unique<Bed>(contained_scenario(n, horizon));
    built_for = state.range(0) * 100000 + state.range(1);
  }
  std::uint64_t trial = 0;
  std::uint64_t touched = 0;
  for (auto _ : state) {
    bed->engine.run(bed->plan, trial++, bed->slots.output());
    touched += bed->engine.touched();
    benchmark::DoNotOptimize(bed->slots.metrics());
  }
  state.SetItemsProcessed(state.iterations());  // trials
  state.counters["touched/trial"] =
      static_cast<double>(touched) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_TrialContainedLargeGraph)
    ->Args({100000, 336})
    ->Args({1000000, 336})
    ->Args({1000000, 24})
    ->Unit(benchmark::kMicrosecond);

}  // namespace
