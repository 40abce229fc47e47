#pragma once
// What a run produces, in a form that merges: per-trial metrics stored by
// trial index (so that the result does not depend on which thread or process
// ran which trial), and per-step series summed over trials in integer
// accumulators (sim/runner/series_accumulator.hpp), from which the mean and
// quantile bands of service are computed. A RunResult covers the contiguous
// trials [first_trial, first_trial + trials); append() joins two adjacent
// ones, and joining the parts of any split of the trials gives the same bits.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "models/trial_metrics.hpp"
#include "sim/core/types.hpp"
#include "sim/runner/series_accumulator.hpp"
#include "sim/scenario/policy.hpp"

namespace cyres {

//! What the stop rule asks to be precise.
enum class StopTarget {
  own_mean,           //!< every policy's mean resilience loss, relative to that mean
  paired_difference,  //!< every policy's paired difference of loss to the baseline
                      //!< (the first policy), relative to the baseline's mean loss
};

//! "own_mean" or "paired_difference", as written in results files.
inline const char* stop_target_name(StopTarget target) {
  return target == StopTarget::own_mean ? "own_mean" : "paired_difference";
}

//! Everything one policy produced over the trials of a run (or part of one).
struct PolicyResult {
  Policy policy;
  std::vector<TrialMetrics> trials;           //!< [trial - first_trial]
  std::vector<double> sector_loss;            //!< [trial][sector] row-major [service-hours]
  std::vector<double> state_loss;             //!< [trial][state] contribution to L [service-hours]
  SeriesAccumulator service;                  //!< cells [step]: Q(t) at the end of step t [1]
  SeriesAccumulator sector_service;           //!< cells [step][sector]: Q_s(t) [1]
  std::vector<std::int64_t> state_count_sum;  //!< [step][StateCount] summed over trials
};

struct RunResult {
  std::uint64_t seed = 0;
  std::uint64_t first_trial = 0;                  //!< global index of the first trial held
  std::uint64_t trials = 0;                       //!< trials held per policy
  std::uint64_t trials_requested = 0;             //!< the most the run was allowed (stop rule)
  double target_relative_ci = 0.0;                //!< stop rule target; 0 = none
  StopTarget stop_target = StopTarget::own_mean;  //!< what the stop rule makes precise
  bool target_reached = false;                    //!< the stop rule's target was met
  Step horizon = 0;
  double dt_hours = 1.0;
  std::size_t sectors = 0;
  std::size_t states = 0;
  std::vector<PolicyResult> policies;
  double wall_seconds = 0.0;  //!< simulation time, excluding loading and writing [s]

  std::uint64_t end_trial() const { return first_trial + trials; }
};

//! An empty result (no trials, zeroed accumulators) shaped like `like`,
//! starting at trial `first_trial`.
RunResult empty_like(const RunResult& like, std::uint64_t first_trial);

//! No trials, no accumulators (zero cells), like's policies and shapes: the
//! start of a table-only result.
RunResult tables_like(const RunResult& like);

//! Appends the per-trial tables of `next` (which must follow `into` directly)
//! and nothing else; accumulators of `next` may be empty.
void append_tables(RunResult& into, const RunResult& next);

//! Adds the accumulators and state counts of `from` (any trials) to `into`;
//! per-trial tables untouched. std::invalid_argument if shapes differ.
void add_accumulators(RunResult& into, const RunResult& from);

//! Appends `next`, whose trials must follow those of `into` directly
//! (next.first_trial == into.end_trial()), with the same policies and shapes:
//! per-trial tables are concatenated, accumulators and counts added. An empty
//! `into` takes next's first trial. std::invalid_argument if they do not fit.
//! Associative and exact: any split of a run's trials, appended in order,
//! gives the run's bits.
void append(RunResult& into, const RunResult& next);

//! The per-trial tables of `run` as bytes (for sending between processes of
//! the same binary) and back: decode_tables(encode_tables(r), like) has r's
//! trials, first trial and tables, and like's policies and shapes, with empty
//! accumulators. std::invalid_argument for bytes that do not fit `like`.
std::vector<std::byte> encode_tables(const RunResult& run);
RunResult decode_tables(std::span<const std::byte> bytes, const RunResult& like);

//! The accumulators and state counts of `run` as bytes, and adding such bytes
//! to `into` (same policies and shapes; std::invalid_argument otherwise).
std::vector<std::byte> encode_accumulators(const RunResult& run);
void add_encoded_accumulators(RunResult& into, std::span<const std::byte> bytes);

}  // namespace cyres
