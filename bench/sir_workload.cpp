// The SIR reduction (docs/model.md, "The SIR reduction") as an end-to-end workload: builds the
// scenario in code on an Erdős–Rényi G(N, m) graph, runs run_monte_carlo and
// prints one machine-readable line of key=value pairs (bench/compare_peers
// reads it beside the graph-tool and igraph drivers in bench/peers/).
//
// Usage: cyres_sir_bench N MEAN_DEGREE BETA GAMMA TRIALS THREADS SEED [HORIZON]
//
// Times: build = scenario and graph built in code; model = the SimulationModel
// (compressed-row graph) that run_monte_carlo builds before its trials, timed on
// its own here; sim = run_monte_carlo's wall time less the model time, i.e.
// the trials alone.
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <string>

#include "bench/bench_scenarios.hpp"
#include "models/simulation_model.hpp"
#include "sim/runner/monte_carlo.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int usage() {
  std::fputs(
      "usage: cyres_sir_bench N MEAN_DEGREE BETA GAMMA TRIALS THREADS SEED [HORIZON]\n"
      "  e.g. cyres_sir_bench 100000 10 0.05 0.2 1000 1 2026\n",
      stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 8 && argc != 9) return usage();
  try {
    cyres::bench::SirWorkload w;
    w.assets = static_cast<std::uint32_t>(std::stoul(argv[1]));
    w.mean_degree = std::stod(argv[2]);
    w.beta = std::stod(argv[3]);
    w.gamma = std::stod(argv[4]);
    const std::uint64_t trials = std::stoull(argv[5]);
    const int threads = std::stoi(argv[6]);
    w.seed = std::stoull(argv[7]);
    if (argc == 9) w.horizon = std::stoi(argv[8]);
    if (w.assets < 2 || trials == 0 || threads < 1 || w.horizon < 1) return usage();

    auto start = std::chrono::steady_clock::now();
    cyres::Scenario scenario = cyres::bench::sir_scenario(w);
    scenario.settings.trials = trials;
    const double build_s = seconds_since(start);

    start = std::chrono::steady_clock::now();
    const std::clock_t model_cpu_start = std::clock();
    { const cyres::SimulationModel model(scenario); }
    const double model_s = seconds_since(start);
    const double model_cpu_s = static_cast<double>(std::clock() - model_cpu_start) / CLOCKS_PER_SEC;

    cyres::RunOptions options;
    options.trials = trials;
    // Thread control is the caller's: a limit and an arena of that many threads.
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
    tbb::task_arena arena(threads);
    const std::clock_t cpu_start = std::clock();
    start = std::chrono::steady_clock::now();
    const cyres::RunResult run =
        arena.execute([&] { return cyres::run_monte_carlo(scenario, options); });
    const double run_s = seconds_since(start);
    // Processor time of all threads; on a shared machine trials / cpu_s at one
    // thread is steadier than the wall-clock rate.
    // Less the (single-threaded) model build, as for sim_s, by its own
    // processor time: on a loaded machine its wall time is far longer.
    const double cpu_s =
        static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC - model_cpu_s;
    const double sim_s = run_s > model_s ? run_s - model_s : run_s;

    // Large outbreak: final size above 10 % of N (the small mode dies out
    // within a few dozen assets).
    const cyres::PolicyResult& result = run.policies[0];
    std::uint64_t large = 0;
    double large_sum = 0.0;
    std::uint64_t infected = 0;  // assets ever compromised, all trials
    for (const cyres::TrialMetrics& m : result.trials) {
      infected += m.compromised;
      if (m.compromised > w.assets / 10) {
        ++large;
        large_sum += m.compromised / static_cast<double>(w.assets);
      }
    }
    // Outbreaks still spreading at the horizon would bias the final sizes
    // (detected assets stay D, isolated: with no teams nobody remediates them).
    const auto last = static_cast<std::size_t>(w.horizon - 1) * cyres::state_count_kinds;
    const std::int64_t unfinished = result.state_count_sum[last + cyres::count_compromised];

    std::printf(
        "engine=cyres n=%u links=%zu trials=%llu threads=%d build_s=%.3f model_s=%.3f sim_s=%.3f "
        "cpu_s=%.3f trials_per_s=%.2f large=%llu large_frac=%.4f mean_large_size=%.4f "
        "infected=%llu unfinished_at_horizon=%lld\n",
        w.assets, scenario.links.size(), static_cast<unsigned long long>(trials), threads, build_s,
        model_s, sim_s, cpu_s, static_cast<double>(trials) / sim_s,
        static_cast<unsigned long long>(large),
        static_cast<double>(large) / static_cast<double>(trials),
        large > 0 ? large_sum / static_cast<double>(large) : 0.0,
        static_cast<unsigned long long>(infected), static_cast<long long>(unfinished));
    return unfinished == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cyres_sir_bench: %s\n", e.what());
    return 1;
  }
}
