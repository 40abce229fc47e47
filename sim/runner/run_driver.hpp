#pragma once
// Runs a plan over the processes of a Communicator, in rounds: in each round
// rank r runs block r of the next `size` blocks (sim/runner/block_runner.hpp);
// rank 0 gathers the blocks' per-trial tables, appends them in trial order,
// applies the stop rule at each block boundary (so it stops at the same trial
// as one process would, dropping blocks past that point), and tells every rank
// which blocks count. Each rank adds the series of its counted blocks to its
// own accumulators; they are summed at rank 0 at the end and before each
// checkpoint. Integer sums and trial-ordered tables: the result is
// bit-identical for any number of ranks, threads and block sizes.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

#include "sim/runner/communicator.hpp"
#include "sim/runner/monte_carlo.hpp"

namespace cyres {

struct DriveControl {
  //! Raised (by a signal handler) to stop: the block under way is dropped and
  //! the run returns what it has, with `interrupted` set.
  const std::atomic<bool>* interrupt = nullptr;
  std::atomic<std::uint64_t>* progress = nullptr;  //!< this rank's finished trials
  //! Called at rank 0 with everything run so far (resumed trials included)
  //! when a checkpoint is due: after `checkpoint_trials` more trials or
  //! `checkpoint_seconds` since the last one (0 = never on that count).
  std::function<void(const RunResult&)> checkpoint;
  std::uint64_t checkpoint_trials = 0;
  double checkpoint_seconds = 0.0;
};

struct DriveOutcome {
  RunResult result;          //!< complete at rank 0; other ranks hold no trials
  bool interrupted = false;  //!< stopped by DriveControl::interrupt (on any rank)
};

//! Runs `plan` from where `resumed` ends (resumed.end_trial(), plan.begin if it
//! holds no trials); `resumed` counts only at rank 0. Call on every rank with
//! the same scenario and plan; each rank uses its caller's TBB arena.
DriveOutcome drive(const Scenario& scenario, const RunPlan& plan, Communicator& communicator,
                   RunResult resumed, const DriveControl& control = {});

}  // namespace cyres
