#pragma once
// One block of trials of a run plan: every policy over trials [begin, end),
// the trials spread over the TBB threads of the caller's arena, each thread
// with its own TrialEngine workspace, results stored by trial index. The
// per-step series of the block are kept raw until fold_block adds them to a
// result's accumulators, so that a block can still be dropped (the stop rule
// met earlier in a round of several processes, or an interruption).

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "models/policy_plan.hpp"
#include "models/simulation_model.hpp"
#include "sim/runner/monte_carlo.hpp"

namespace cyres {

//! The results of one block, before its series are added to histograms.
struct TrialBlock {
  struct Series {
    std::vector<float> service;                 //!< [trial][step]
    std::vector<float> sector_service;          //!< [trial][step][sector]
    std::vector<std::int64_t> state_count_sum;  //!< [step][StateCount] over the block
  };
  //! Per-trial tables of trials [begin, end); its accumulators are empty
  //! (zero cells) and its state counts are in `series`.
  RunResult tables;
  std::vector<Series> series;  //!< [policy]
};

class BlockRunner {
 public:
  BlockRunner(const Scenario& scenario, const RunPlan& plan);
  ~BlockRunner();
  BlockRunner(const BlockRunner&) = delete;
  BlockRunner& operator=(const BlockRunner&) = delete;

  //! Runs trials [begin, end) of every policy into `block` (its buffers are
  //! reused). Returns false, leaving `block` unusable, if `interrupt` was
  //! raised before every trial had started.
  bool run(std::uint64_t begin, std::uint64_t end, TrialBlock& block,
           const std::atomic<bool>* interrupt = nullptr,
           std::atomic<std::uint64_t>* progress = nullptr);

 private:
  struct Engines;
  const Scenario& scenario_;
  RunPlan plan_;
  std::unique_ptr<SimulationModel> model_;
  std::vector<PolicyPlan> plans_;
  std::unique_ptr<Engines> engines_;
};

//! Appends the block's per-trial tables to `into` (append_tables) and adds its
//! series to into's accumulators (fold_series).
void fold_block(RunResult& into, const TrialBlock& block);

//! Adds the block's series to the accumulators and state counts of `into`.
void fold_series(RunResult& into, const TrialBlock& block);

}  // namespace cyres
