#pragma once
// Partial results: a results file (sim/output/results_file.hpp) of the trials
// run so far, plus the group /partial with what the full result needs and the
// summaries do not keep: the raw histograms and fixed-point sums of the
// service series, the integer state counts, per-trial state losses, and how
// the run was asked for. Two kinds (docs/hdf5-schema.md, "Partial results"):
//   shard       `cyres run --trial-range A:B`; `cyres merge` joins shards into
//               the file one run over all trials writes;
//   checkpoint  `cyres run --checkpoint FILE`; `cyres run --resume FILE` goes on.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/output/results_file.hpp"
#include "sim/runner/monte_carlo.hpp"
#include "sim/scenario/scenario.hpp"

namespace cyres {

enum class PartialKind { shard, checkpoint };

//! How a run was asked for: enough to check that shards belong together and
//! to resume a checkpoint in another process.
struct RunRequest {
  std::string scenario_path;           //!< absolute path, or "embedded:NAME"
  std::vector<std::string> overrides;  //!< PATH=VALUE as applied, in order
  std::vector<std::string> policies;   //!< names, run order (the first is the baseline)
  std::uint64_t range_begin = 0;       //!< the trials the run was asked for: [begin, end)
  std::uint64_t range_end = 0;
  std::uint64_t trials_total = 0;  //!< trials of the whole run the range belongs to
  double target_relative_ci = 0.0;
  StopTarget stop_target = StopTarget::own_mean;
  std::uint64_t stop_block = 100;
  std::uint64_t block_trials = 0;
  bool shard = false;      //!< the output is a shard (a trial range of a larger run)
  std::string output;      //!< the results path
  std::string checkpoint;  //!< the checkpoint path ("" = none)
  std::uint64_t checkpoint_trials = 0;
  double checkpoint_seconds = 0.0;
};

//! The StopTarget named `name` (stop_target_name); std::invalid_argument if none.
StopTarget stop_target_from_name(const std::string& name);

//! Writes `run` as a partial results file of `kind` (temporary, then renamed,
//! as write_results_file does).
void write_partial_file(const std::string& path, PartialKind kind, const Scenario& scenario,
                        const RunResult& run, const RunInfo& info, const RunRequest& request);

//! What a partial file says about itself, read without its scenario.
struct PartialHeader {
  std::string path;
  PartialKind kind = PartialKind::shard;
  std::string format_version;
  std::string tool_version;
  std::string scenario_hash;
  std::uint64_t seed = 0;
  std::uint64_t first_trial = 0;  //!< trials held: [first_trial, first_trial + trials)
  std::uint64_t trials = 0;
  RunInfo info;
  double wall_seconds = 0.0;
  RunRequest request;
};

//! Reads the header. InputError naming `path` if it is not a cyres results
//! file of a known major version or holds no /partial group.
PartialHeader read_partial_header(const std::string& path);

//! Reads the partial results of `header` as a RunResult of `scenario`'s
//! policies named in the request (the caller has checked the scenario hash).
RunResult read_partial_run(const PartialHeader& header, const Scenario& scenario);

//! Loads the scenario a partial file was run on (its path and overrides, or
//! `scenario_path` instead of the recorded one if not empty) and checks that
//! its hash is the recorded one. InputError otherwise, saying how to fix it.
Scenario load_partial_scenario(const PartialHeader& header, const std::string& scenario_path = "");

//! Shards joined: the scenario, the run over all trials and its provenance.
struct MergedShards {
  Scenario scenario;
  RunResult run;
  RunInfo info;  //!< earliest start, latest end; command line left for the caller
};

//! Checks that `paths` are shards of one run (same format version, scenario
//! hash, overrides, seed, policies and trial count; ranges disjoint and
//! covering all trials) and joins them in trial order. InputError naming the
//! files and what differs otherwise.
MergedShards merge_shards(const std::vector<std::string>& paths,
                          const std::string& scenario_path = "");

}  // namespace cyres
