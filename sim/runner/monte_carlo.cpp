#include "sim/runner/monte_carlo.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <memory>
#include <numeric>

#include "models/policy_plan.hpp"
#include "models/simulation_model.hpp"
#include "models/trial_engine.hpp"

namespace cyres {
namespace {

// Trials per task: large enough to amortise scheduling, small enough to balance.
constexpr std::uint64_t TRIAL_GRAIN = 4;

PolicyResult allocate_result(const Policy& policy, std::uint64_t trials, std::size_t steps,
                             std::size_t sectors) {
  PolicyResult result;
  result.policy = policy;
  result.trials.resize(trials);
  result.sector_loss.assign(trials * sectors, 0.0);
  result.service.assign(trials * steps, 0.0f);
  result.sector_service.assign(trials * steps * sectors, 0.0f);
  result.state_count_sum.assign(steps * state_count_kinds, 0);
  return result;
}

}  // namespace

RunResult run_monte_carlo(const Scenario& scenario, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const SimulationModel model(scenario);
  const std::uint64_t trials = options.trials > 0 ? options.trials : scenario.settings.trials;
  const auto steps = static_cast<std::size_t>(scenario.settings.horizon);
  const std::size_t sectors = scenario.sectors.size();

  std::vector<std::size_t> selected = options.policies;
  if (selected.empty()) {
    selected.resize(scenario.policies.size());
    std::iota(selected.begin(), selected.end(), std::size_t{0});
  }

  RunResult run;
  run.seed = scenario.settings.seed;
  run.trials = trials;
  run.horizon = scenario.settings.horizon;
  run.dt_hours = scenario.settings.dt_hours;
  run.sectors = sectors;

  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  tbb::enumerable_thread_specific<std::unique_ptr<TrialEngine>> engines;
  for (std::size_t p : selected) {
    const Policy& policy = scenario.policies[p];
    const PolicyPlan plan(model, policy, scenario.settings.seed);
    PolicyResult result = allocate_result(policy, trials, steps, sectors);
    // State counts are integers: summing per thread and then across threads
    // gives the same total in any order.
    tbb::enumerable_thread_specific<std::vector<std::int64_t>> counts(
        std::vector<std::int64_t>(steps * state_count_kinds, 0));

    arena.execute([&] {
      tbb::parallel_for(
          tbb::blocked_range<std::uint64_t>(0, trials, TRIAL_GRAIN),
          [&](const tbb::blocked_range<std::uint64_t>& range) {
            std::unique_ptr<TrialEngine>& engine = engines.local();
            if (!engine) engine = std::make_unique<TrialEngine>(model);
            std::vector<std::int64_t>& local_counts = counts.local();
            for (std::uint64_t k = range.begin(); k != range.end(); ++k) {
              TrialOutput out;
              out.metrics = &result.trials[k];
              out.sector_loss = {result.sector_loss.data() + k * sectors, sectors};
              out.service = {result.service.data() + k * steps, steps};
              out.sector_service = {result.sector_service.data() + k * steps * sectors, steps * sectors};
              out.state_count_sum = local_counts;
              engine->run(plan, options.first_trial + k, out);
              if (options.progress) options.progress->fetch_add(1, std::memory_order_relaxed);
            }
          });
    });
    for (const auto& local : counts) {
      for (std::size_t j = 0; j < local.size(); ++j) result.state_count_sum[j] += local[j];
    }
    run.policies.push_back(std::move(result));
  }
  run.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

}  // namespace cyres
