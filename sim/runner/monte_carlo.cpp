#include "sim/runner/monte_carlo.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <numeric>
#include <optional>

#include "models/policy_plan.hpp"
#include "models/simulation_model.hpp"
#include "models/trial_engine.hpp"
#include "sim/stats/summary.hpp"

namespace cyres {
namespace {

// Trials per task: large enough to amortise scheduling, small enough to balance.
constexpr std::uint64_t TRIAL_GRAIN = 4;

// Grows the per-trial arrays of `result` to hold `trials` trials.
void grow(PolicyResult& result, std::uint64_t trials, std::size_t steps, std::size_t sectors,
          std::size_t states) {
  result.trials.resize(trials);
  result.sector_loss.resize(trials * sectors, 0.0);
  result.state_loss.resize(trials * states, 0.0);
  result.service.resize(trials * steps, 0.0f);
  result.sector_service.resize(trials * steps * sectors, 0.0f);
}

// The stop rule is met when every policy's mean loss is known to the target
// relative precision (a zero mean with zero spread counts as known).
bool precise_enough(const std::vector<PolicyResult>& results, double target) {
  for (const PolicyResult& result : results) {
    std::vector<double> loss;
    loss.reserve(result.trials.size());
    for (const TrialMetrics& m : result.trials) loss.push_back(m.resilience_loss);
    const Summary s = summarise(loss);
    if (!(s.half_width() <= target * std::abs(s.mean))) return false;
  }
  return true;
}

}  // namespace

RunResult run_monte_carlo(const Scenario& scenario, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const SimulationModel model(scenario);
  const std::uint64_t max_trials = options.trials > 0 ? options.trials : scenario.settings.trials;
  const auto steps = static_cast<std::size_t>(scenario.settings.horizon);
  const std::size_t sectors = scenario.sectors.size();
  const std::size_t states = scenario.states.size();

  std::vector<std::size_t> selected = options.policies;
  if (selected.empty()) {
    selected.resize(scenario.policies.size());
    std::iota(selected.begin(), selected.end(), std::size_t{0});
  }
  std::vector<PolicyPlan> plans;
  plans.reserve(selected.size());
  RunResult run;
  for (std::size_t p : selected) {
    plans.emplace_back(model, scenario.policies[p], scenario.settings.seed);
    PolicyResult result;
    result.policy = scenario.policies[p];
    result.state_count_sum.assign(steps * state_count_kinds, 0);
    run.policies.push_back(std::move(result));
  }
  run.seed = scenario.settings.seed;
  run.trials_requested = max_trials;
  run.target_relative_ci = options.target_relative_ci;
  run.horizon = scenario.settings.horizon;
  run.dt_hours = scenario.settings.dt_hours;
  run.sectors = sectors;
  run.states = states;

  // Trials are keyed by their global index, so running them in blocks gives
  // the same trials as one pass; the stop decision is taken only between
  // blocks, from results that do not depend on the thread count.
  const std::uint64_t block = options.target_relative_ci > 0.0
                                  ? std::max<std::uint64_t>(options.stop_block, 2)
                                  : max_trials;
  // An explicit thread count is honoured even beyond the number of cores (TBB
  // otherwise caps its workers there), so that thread-count tests mean it.
  std::optional<tbb::global_control> thread_limit;
  if (options.threads > 0) {
    thread_limit.emplace(tbb::global_control::max_allowed_parallelism,
                         static_cast<std::size_t>(options.threads));
  }
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  tbb::enumerable_thread_specific<std::unique_ptr<TrialEngine>> engines;
  std::uint64_t done = 0;
  while (done < max_trials) {
    const std::uint64_t end = std::min(max_trials, done + block);
    for (std::size_t p = 0; p < plans.size(); ++p) {
      PolicyResult& result = run.policies[p];
      grow(result, end, steps, sectors, states);
      // State counts are integers: summing per thread and then across threads
      // gives the same total in any order.
      tbb::enumerable_thread_specific<std::vector<std::int64_t>> counts(
          std::vector<std::int64_t>(steps * state_count_kinds, 0));
      arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::uint64_t>(done, end, TRIAL_GRAIN),
                          [&](const tbb::blocked_range<std::uint64_t>& range) {
                            std::unique_ptr<TrialEngine>& engine = engines.local();
                            if (!engine) engine = std::make_unique<TrialEngine>(model);
                            std::vector<std::int64_t>& local_counts = counts.local();
                            for (std::uint64_t k = range.begin(); k != range.end(); ++k) {
                              TrialOutput out;
                              out.metrics = &result.trials[k];
                              out.sector_loss = {result.sector_loss.data() + k * sectors, sectors};
                              out.service = {result.service.data() + k * steps, steps};
                              out.sector_service = {
                                  result.sector_service.data() + k * steps * sectors,
                                  steps * sectors};
                              out.state_count_sum = local_counts;
                              out.state_loss = {result.state_loss.data() + k * states, states};
                              engine->run(plans[p], options.first_trial + k, out);
                              if (options.progress)
                                options.progress->fetch_add(1, std::memory_order_relaxed);
                            }
                          });
      });
      for (const auto& local : counts) {
        for (std::size_t j = 0; j < local.size(); ++j) result.state_count_sum[j] += local[j];
      }
    }
    done = end;
    if (options.target_relative_ci > 0.0 &&
        precise_enough(run.policies, options.target_relative_ci)) {
      run.target_reached = true;
      break;
    }
  }
  run.trials = done;
  run.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

}  // namespace cyres
