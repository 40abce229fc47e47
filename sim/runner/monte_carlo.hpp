#pragma once
// The Monte Carlo runner: every selected policy over the same trials (common
// random numbers), in three mergeable parts (docs/model.md, "Runner"):
//   plan_run   what to run: policies, the trial range, blocks, the stop rule;
//   BlockRunner runs one block of trials on the caller's TBB arena
//              (sim/runner/block_runner.hpp);
//   append     joins results of adjacent trial ranges (sim/runner/results.hpp),
//              exactly, whatever the split.
// drive (sim/runner/run_driver.hpp) puts them together over processes,
// with checkpoints and interruption; run_monte_carlo is the one-process case.
// Threads: the runner uses the TBB arena it is called in; the caller (the
// CLI) decides how many threads that is.

#include <atomic>
#include <cstdint>
#include <vector>

#include "sim/runner/results.hpp"
#include "sim/scenario/scenario.hpp"

namespace cyres {

struct RunOptions {
  std::vector<std::size_t> policies;  //!< indices into Scenario::policies; empty = all
  std::uint64_t first_trial = 0;      //!< trials [first_trial, first_trial + trials)
  std::uint64_t trials = 0;           //!< 0 = the scenario's setting
  //! Stop rule: run trials in blocks of `stop_block` until the 95 % CI
  //! half-width of what `stop_target` names is below this fraction of the
  //! reference mean, or `trials` are done. 0 = run all trials.
  double target_relative_ci = 0.0;
  StopTarget stop_target = StopTarget::own_mean;
  std::uint64_t stop_block = 100;  //!< trials per block of the stop rule
  //! Trials per block when there is no stop rule (the unit of checkpoints and
  //! of work handed to a process); 0 = as many as the series memory bound
  //! allows (MAX_BLOCK_SERIES_BYTES). Never more than that bound.
  std::uint64_t block_trials = 0;
  std::atomic<std::uint64_t>* progress = nullptr;  //!< incremented once per finished trial
  //! When set, trials stop starting; the block under way is abandoned.
  const std::atomic<bool>* interrupt = nullptr;
};

//! The per-block buffers of per-step series are kept below this [bytes]: a
//! block holds each trial's service series until they are added to the
//! histograms, so this bounds the memory that does not depend on the trial count.
inline constexpr std::uint64_t MAX_BLOCK_SERIES_BYTES = std::uint64_t{64} << 20;

//! The largest trial count a run may have: histogram counts are 32-bit.
inline constexpr std::uint64_t MAX_RUN_TRIALS = 0xffffffffULL;

//! What a run will do, resolved from a scenario and options.
struct RunPlan {
  std::vector<std::size_t> policies;  //!< indices into Scenario::policies, run order
  std::uint64_t seed = 0;
  std::uint64_t begin = 0;  //!< first trial (global index)
  std::uint64_t end = 0;    //!< one past the last trial
  double target_relative_ci = 0.0;
  StopTarget stop_target = StopTarget::own_mean;
  std::uint64_t stop_block = 100;
  std::uint64_t block_trials = 0;  //!< trials per block (>= 1)
  Step horizon = 0;
  double dt_hours = 1.0;
  std::size_t sectors = 0;
  std::size_t states = 0;
  std::uint64_t trials() const { return end - begin; }
};

//! Resolves `options` against `scenario`. std::invalid_argument for a policy
//! index out of range, more than MAX_RUN_TRIALS trials or a stop block < 2.
RunPlan plan_run(const Scenario& scenario, const RunOptions& options);

//! An empty result for `plan` (no trials, zeroed accumulators) at plan.begin.
RunResult empty_result(const Scenario& scenario, const RunPlan& plan);

//! Whether the stop rule of `plan` is met by the trials of `run` (a zero
//! reference with zero spread counts as known).
bool stop_rule_met(const RunResult& run, const RunPlan& plan);

//! Runs `plan`'s trials in one process, on the caller's TBB arena. If
//! options.interrupt is raised, returns the blocks finished so far
//! (run.target_reached false, run.trials < planned).
RunResult run_monte_carlo(const Scenario& scenario, const RunOptions& options);

}  // namespace cyres
