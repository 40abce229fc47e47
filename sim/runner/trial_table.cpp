#include "sim/runner/trial_table.hpp"

#include "models/metric_columns.hpp"

namespace cyres {

TrialTable trial_table(const RunResult& run) {
  TrialTable table;
  for (const PolicyResult& result : run.policies) table.policy_names.push_back(result.policy.name);
  table.values.resize(TRIAL_METRIC_COLUMNS.size());
  for (std::size_t m = 0; m < TRIAL_METRIC_COLUMNS.size(); ++m) {
    for (const PolicyResult& result : run.policies) {
      std::vector<double>& column = table.values[m].emplace_back();
      column.reserve(result.trials.size());
      for (const TrialMetrics& trial : result.trials) {
        column.push_back(TRIAL_METRIC_COLUMNS[m].of(trial));
      }
    }
  }
  return table;
}

Comparison compare_policies(const RunResult& run, const ComparisonOptions& options) {
  return compare_policies(trial_table(run), options);
}

}  // namespace cyres
