#pragma once
// /comparison of the results file: the paired statistics of every policy
// against the baseline (sim/stats/comparison.hpp), one group per metric with
// 1-D datasets over policies labelled by the `policy` dimension scale; and the
// reader `cyres compare` uses to recompute them from the per-trial datasets
// of any results file. Layout in docs/hdf5-schema.md.

#include <cstdint>
#include <string>

#include "sim/hdf5/hdf5.hpp"
#include "sim/runner/trial_table.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/stats/comparison.hpp"

namespace cyres {

//! Writes `comparison` as the group `comparison` of `parent` (the file root).
void write_comparison_group(const h5::Object& parent, const Comparison& comparison);

//! Compares the policies of `run` against its first policy, with the
//! scenario's catastrophic level, and writes /comparison into `file`.
void write_comparison(const h5::File& file, const Scenario& scenario, const RunResult& run);

//! The per-trial data of a results file, enough to recompute the comparison.
struct ResultsTrials {
  std::string scenario_name;
  std::string scenario_hash;  //!< root `scenario_hash`
  std::uint64_t seed = 0;
  std::vector<std::uint64_t> trial_index;  //!< the `trial` scale: global trial indices
  std::string format_version;              //!< "major.minor" as stored
  double catastrophic_service = 0.5;       //!< /scenario@catastrophic_service [1]
  TrialTable table;                        //!< /policies/<name>/trials/<metric>, run order
};

//! Reads /policies/<name>/trials/ of every policy. Throws InputError naming
//! `path` if it cannot be opened as HDF5, its root `format` is not
//! "cyres-results", its `format_version` major is not RESULTS_FORMAT_MAJOR, or a per-trial
//! dataset is missing or does not hold `trials` values.
ResultsTrials read_results_trials(const std::string& path);

}  // namespace cyres
