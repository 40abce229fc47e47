#pragma once
// The Monte Carlo runner: every selected policy over the same trials (common
// random numbers), trials spread over TBB threads in blocks, each thread with
// its own TrialEngine workspace, results stored by trial index and reduced in a
// fixed order, so the output is bit-identical at any thread count.

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
  int threads = 0;                    //!< 0 = all hardware threads
  //! Stop rule: run trials in blocks until the 95 % CI half-width of every
  //! policy's mean resilience loss is below this fraction of the mean, or
  //! `trials` are done. 0 = run all trials.
  double target_relative_ci = 0.0;
  std::uint64_t stop_block = 100;                  //!< trials per block of the stop rule
  std::atomic<std::uint64_t>* progress = nullptr;  //!< incremented once per finished trial
};

RunResult run_monte_carlo(const Scenario& scenario, const RunOptions& options);

}  // namespace cyres
