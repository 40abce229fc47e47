#pragma once
// A run's per-trial metrics as the comparison's table, and the comparison of a
// run: the bridge from the runner's results to sim/stats.

#include "sim/runner/results.hpp"
#include "sim/stats/comparison.hpp"

namespace cyres {

//! values[metric][policy][trial] of every TRIAL_METRIC_COLUMNS metric.
TrialTable trial_table(const RunResult& run);

//! compare_policies over the run's trial table.
Comparison compare_policies(const RunResult& run, const ComparisonOptions& options = {});

}  // namespace cyres
