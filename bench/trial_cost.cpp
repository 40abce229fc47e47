// Cost of each trial against the size of its outbreak, on the SIR workload
// (docs/model.md, "The SIR reduction"; docs/performance.md, "Trial cost
// follows activity"): bench/trial_cost runs it at 10^3 to 10^7 assets and
// plots the lines it prints on log-log axes.
//
// Usage: cyres_trial_cost_bench N TRIALS SEED [MEAN_DEGREE BETA GAMMA]
//
// Builds the scenario and its model first (not timed), then runs trials
// 0 .. TRIALS-1 through one TrialEngine on this thread, each timed by the
// thread's processor clock with the clean-up of what it touched
// (TrialEngine::clear_touched), and prints one line per trial:
//   n=N trial=K infected=ASSETS steps=STEPS cpu_us=MICROSECONDS
// (infected: assets ever compromised; steps: steps simulated before the early
// stop). A last line gives the set-up's times.
#include <time.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

#include "bench/bench_scenarios.hpp"
#include "models/policy_plan.hpp"
#include "models/simulation_model.hpp"
#include "models/trial_engine.hpp"

namespace {

//! Processor time of the calling thread [s].
double thread_cpu_seconds() {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

int usage() {
  std::fputs(
      "usage: cyres_trial_cost_bench N TRIALS SEED [MEAN_DEGREE BETA GAMMA]\n"
      "  e.g. cyres_trial_cost_bench 100000 200 2026 (mean degree 10, beta 0.05, gamma 0.2)\n",
      stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 7) return usage();
  try {
    cyres::bench::SirWorkload w;
    w.assets = static_cast<std::uint32_t>(std::stoul(argv[1]));
    const std::uint64_t trials = std::stoull(argv[2]);
    w.seed = std::stoull(argv[3]);
    if (argc == 7) {
      w.mean_degree = std::stod(argv[4]);
      w.beta = std::stod(argv[5]);
      w.gamma = std::stod(argv[6]);
    }
    if (w.assets < 2 || trials == 0) return usage();

    const double build_start = thread_cpu_seconds();
    const cyres::Scenario scenario = cyres::bench::sir_scenario(w);
    const cyres::SimulationModel model(scenario);
    const cyres::PolicyPlan plan(model, scenario.policies[0], scenario.settings.seed);
    cyres::TrialEngine engine(model);
    cyres::bench::TrialSlots slots(scenario);
    const double build_cpu_s = thread_cpu_seconds() - build_start;

    for (std::uint64_t trial = 0; trial < trials; ++trial) {
      const cyres::TrialOutput out = slots.output();
      const double start = thread_cpu_seconds();
      engine.run(plan, trial, out);
      const cyres::Step steps = engine.steps_run();
      engine.clear_touched();  // its own clean-up, not the next trial's
      const double cpu_us = 1e6 * (thread_cpu_seconds() - start);
      std::printf("n=%u trial=%llu infected=%u steps=%d cpu_us=%.3f\n", w.assets,
                  static_cast<unsigned long long>(trial), slots.metrics().compromised, steps,
                  cpu_us);
    }
    std::printf("n=%u links=%zu setup_cpu_s=%.3f\n", w.assets, scenario.links.size(), build_cpu_s);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cyres_trial_cost_bench: %s\n", e.what());
    return 1;
  }
}
