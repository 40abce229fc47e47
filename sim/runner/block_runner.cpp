#include "sim/runner/block_runner.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>

#include "models/trial_engine.hpp"

namespace cyres {
namespace {

// Trials per task: large enough to amortise scheduling, small enough to balance.
constexpr std::uint64_t TRIAL_GRAIN = 4;

}  // namespace

struct BlockRunner::Engines {
  tbb::enumerable_thread_specific<std::unique_ptr<TrialEngine>> per_thread;
};

BlockRunner::BlockRunner(const Scenario& scenario, const RunPlan& plan)
    : scenario_(scenario),
      plan_(plan),
      model_(std::make_unique<SimulationModel>(scenario)),
      engines_(std::make_unique<Engines>()) {
  plans_.reserve(plan.policies.size());
  for (const std::size_t p : plan.policies) {
    plans_.emplace_back(*model_, scenario.policies[p], scenario.settings.seed);
  }
}

BlockRunner::~BlockRunner() = default;

bool BlockRunner::run(std::uint64_t begin, std::uint64_t end, TrialBlock& block,
                      const std::atomic<bool>* interrupt, std::atomic<std::uint64_t>* progress) {
  const auto steps = static_cast<std::size_t>(plan_.horizon);
  const std::size_t sectors = plan_.sectors;
  const std::size_t states = plan_.states;
  const std::uint64_t n = end - begin;

  RunResult& tables = block.tables;
  tables.seed = plan_.seed;
  tables.first_trial = begin;
  tables.trials = n;
  tables.trials_requested = plan_.trials();
  tables.target_relative_ci = plan_.target_relative_ci;
  tables.stop_target = plan_.stop_target;
  tables.horizon = plan_.horizon;
  tables.dt_hours = plan_.dt_hours;
  tables.sectors = sectors;
  tables.states = states;
  tables.policies.resize(plans_.size());
  block.series.resize(plans_.size());

  for (std::size_t p = 0; p < plans_.size(); ++p) {
    PolicyResult& result = tables.policies[p];
    result.policy = scenario_.policies[plan_.policies[p]];
    result.trials.assign(n, TrialMetrics{});
    // The engine adds to the losses, so they start from zero.
    result.sector_loss.assign(n * sectors, 0.0);
    result.state_loss.assign(n * states, 0.0);
    TrialBlock::Series& series = block.series[p];
    series.service.resize(n * steps);
    series.sector_service.resize(n * steps * sectors);
    series.state_count_sum.assign(steps * state_count_kinds, 0);

    // State counts are integers: summing per thread and then across threads
    // gives the same total in any order.
    tbb::enumerable_thread_specific<std::vector<std::int64_t>> counts(
        std::vector<std::int64_t>(steps * state_count_kinds, 0));
    std::atomic<bool> abandoned{false};
    // Every task ends with a release on `tasks_done`, acquired below once the
    // loop has returned: an order between the workers' writes (results,
    // counts) and this thread's reads that ThreadSanitizer can see, as it
    // cannot see TBB's own join (Debian's libtbb is not instrumented).
    std::atomic<std::uint64_t> tasks_done{0};
    struct ReleaseAtEnd {
      std::atomic<std::uint64_t>& done;
      explicit ReleaseAtEnd(std::atomic<std::uint64_t>& counter) : done(counter) {}
      ReleaseAtEnd(const ReleaseAtEnd&) = delete;
      ReleaseAtEnd& operator=(const ReleaseAtEnd&) = delete;
      ~ReleaseAtEnd() { done.fetch_add(1, std::memory_order_release); }
    };
    tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, n, TRIAL_GRAIN),
                      [&](const tbb::blocked_range<std::uint64_t>& range) {
                        const ReleaseAtEnd release{tasks_done};
                        std::unique_ptr<TrialEngine>& engine = engines_->per_thread.local();
                        if (!engine) engine = std::make_unique<TrialEngine>(*model_);
                        std::vector<std::int64_t>& local_counts = counts.local();
                        for (std::uint64_t k = range.begin(); k != range.end(); ++k) {
                          if (interrupt != nullptr && interrupt->load(std::memory_order_relaxed)) {
                            abandoned.store(true, std::memory_order_relaxed);
                            return;
                          }
                          TrialOutput out;
                          out.metrics = &result.trials[k];
                          out.sector_loss = {result.sector_loss.data() + k * sectors, sectors};
                          out.service = {series.service.data() + k * steps, steps};
                          out.sector_service = {series.sector_service.data() + k * steps * sectors,
                                                steps * sectors};
                          out.state_count_sum = local_counts;
                          out.state_loss = {result.state_loss.data() + k * states, states};
                          engine->run(plans_[p], begin + k, out);
                          if (progress != nullptr)
                            progress->fetch_add(1, std::memory_order_relaxed);
                        }
                      });
    static_cast<void>(tasks_done.load(std::memory_order_acquire));
    if (abandoned.load()) return false;
    for (const auto& local : counts) {
      for (std::size_t j = 0; j < local.size(); ++j) series.state_count_sum[j] += local[j];
    }
  }
  return true;
}

void fold_series(RunResult& into, const TrialBlock& block) {
  const std::uint64_t n = block.tables.trials;
  for (std::size_t p = 0; p < into.policies.size(); ++p) {
    PolicyResult& result = into.policies[p];
    const TrialBlock::Series& series = block.series.at(p);
    result.service.add_block(series.service, n);
    result.sector_service.add_block(series.sector_service, n);
    for (std::size_t j = 0; j < result.state_count_sum.size(); ++j) {
      result.state_count_sum[j] += series.state_count_sum.at(j);
    }
  }
}

void fold_block(RunResult& into, const TrialBlock& block) {
  append_tables(into, block.tables);
  fold_series(into, block);
}

}  // namespace cyres
