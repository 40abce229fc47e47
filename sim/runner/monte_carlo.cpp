#include "sim/runner/monte_carlo.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/runner/communicator.hpp"
#include "sim/runner/run_driver.hpp"
#include "sim/stats/comparison.hpp"
#include "sim/stats/summary.hpp"

namespace cyres {
namespace {

std::vector<double> losses(const PolicyResult& result) {
  std::vector<double> loss;
  loss.reserve(result.trials.size());
  for (const TrialMetrics& m : result.trials) loss.push_back(m.resilience_loss);
  return loss;
}

}  // namespace

RunPlan plan_run(const Scenario& scenario, const RunOptions& options) {
  RunPlan plan;
  plan.policies = options.policies;
  if (plan.policies.empty()) {
    plan.policies.resize(scenario.policies.size());
    std::iota(plan.policies.begin(), plan.policies.end(), std::size_t{0});
  }
  for (const std::size_t p : plan.policies) {
    if (p >= scenario.policies.size()) {
      throw std::invalid_argument(fmt::format("run plan: policy index {} out of range", p));
    }
  }
  const std::uint64_t trials = options.trials > 0 ? options.trials : scenario.settings.trials;
  if (trials > MAX_RUN_TRIALS) {
    throw std::invalid_argument(fmt::format("run plan: {} trials is more than a run can hold ({})",
                                            trials, MAX_RUN_TRIALS));
  }
  plan.seed = scenario.settings.seed;
  plan.begin = options.first_trial;
  plan.end = options.first_trial + trials;
  plan.target_relative_ci = options.target_relative_ci;
  plan.stop_target = options.stop_target;
  plan.stop_block = options.stop_block;
  plan.horizon = scenario.settings.horizon;
  plan.dt_hours = scenario.settings.dt_hours;
  plan.sectors = scenario.sectors.size();
  plan.states = scenario.states.size();

  // Blocks: the stop rule decides between blocks of stop_block trials;
  // otherwise blocks are as large as asked and the series memory allows.
  const std::uint64_t cells = static_cast<std::uint64_t>(plan.horizon) * (1 + plan.sectors);
  const std::uint64_t per_trial = std::max<std::uint64_t>(
      1, cells * sizeof(float) * static_cast<std::uint64_t>(plan.policies.size()));
  const std::uint64_t memory_bound = std::max<std::uint64_t>(1, MAX_BLOCK_SERIES_BYTES / per_trial);
  if (plan.target_relative_ci > 0.0) {
    if (plan.stop_block < 2) {
      throw std::invalid_argument("run plan: the stop rule needs blocks of at least 2 trials");
    }
    plan.block_trials = plan.stop_block;
  } else {
    const std::uint64_t asked = options.block_trials > 0 ? options.block_trials : trials;
    plan.block_trials = std::max<std::uint64_t>(1, std::min(asked, memory_bound));
  }
  return plan;
}

RunResult empty_result(const Scenario& scenario, const RunPlan& plan) {
  const auto steps = static_cast<std::size_t>(plan.horizon);
  RunResult run;
  run.seed = plan.seed;
  run.first_trial = plan.begin;
  run.trials_requested = plan.trials();
  run.target_relative_ci = plan.target_relative_ci;
  run.stop_target = plan.stop_target;
  run.horizon = plan.horizon;
  run.dt_hours = plan.dt_hours;
  run.sectors = plan.sectors;
  run.states = plan.states;
  for (const std::size_t p : plan.policies) {
    PolicyResult result;
    result.policy = scenario.policies[p];
    result.service = SeriesAccumulator(steps);
    result.sector_service = SeriesAccumulator(steps * plan.sectors);
    result.state_count_sum.assign(steps * state_count_kinds, 0);
    run.policies.push_back(std::move(result));
  }
  return run;
}

bool stop_rule_met(const RunResult& run, const RunPlan& plan) {
  const double target = plan.target_relative_ci;
  if (run.policies.empty()) return true;
  if (plan.stop_target == StopTarget::own_mean) {
    for (const PolicyResult& result : run.policies) {
      const Summary s = summarise(losses(result));
      if (!(s.half_width() <= target * std::abs(s.mean))) return false;
    }
    return true;
  }
  // Paired differences against the baseline, each known to the target
  // fraction of the baseline's mean loss.
  const std::vector<double> baseline = losses(run.policies.front());
  const double reference = std::abs(summarise(baseline).mean);
  for (std::size_t p = 1; p < run.policies.size(); ++p) {
    const Summary d = paired_difference(losses(run.policies[p]), baseline);
    if (!(d.half_width() <= target * reference)) return false;
  }
  return true;
}

RunResult run_monte_carlo(const Scenario& scenario, const RunOptions& options) {
  const RunPlan plan = plan_run(scenario, options);
  SerialCommunicator one;
  DriveControl control;
  control.interrupt = options.interrupt;
  control.progress = options.progress;
  return drive(scenario, plan, one, empty_result(scenario, plan), control).result;
}

}  // namespace cyres
