#include "sim/cli/summary_table.hpp"

#include <fmt/format.h>

#include <vector>

#include "sim/stats/summary.hpp"

namespace cyres::cli {
namespace {

template <typename Field>
Summary summarise_metric(const PolicyResult& policy, Field field) {
  std::vector<double> values;
  values.reserve(policy.trials.size());
  for (const TrialMetrics& m : policy.trials) values.push_back(static_cast<double>(m.*field));
  return summarise(values);
}

std::string with_ci(const Summary& s, int decimals) {
  return fmt::format("{:.{}f} ± {:.{}f}", s.mean, decimals, s.half_width(), decimals);
}

}  // namespace

std::string summary_table(const RunResult& run) {
  std::string table = fmt::format(
      "Resilience summary: {} trials per policy, horizon {:g} h; mean ± 95 % CI half-width\n\n",
      run.trials, static_cast<double>(run.horizon) * run.dt_hours);
  table += fmt::format("{:<22} {:>22} {:>16} {:>18} {:>16} {:>16} {:>14}\n", "policy",
                       "loss [service-h]", "min service", "time to recover [h]", "compromised",
                       "attack-down", "cascade-down");
  for (const PolicyResult& policy : run.policies) {
    table += fmt::format("{:<22} {:>22} {:>16} {:>18} {:>16} {:>16} {:>14}\n", policy.policy.name,
                         with_ci(summarise_metric(policy, &TrialMetrics::resilience_loss), 2),
                         with_ci(summarise_metric(policy, &TrialMetrics::min_service), 3),
                         with_ci(summarise_metric(policy, &TrialMetrics::time_to_recover), 1),
                         with_ci(summarise_metric(policy, &TrialMetrics::compromised), 1),
                         with_ci(summarise_metric(policy, &TrialMetrics::attack_down), 1),
                         with_ci(summarise_metric(policy, &TrialMetrics::supply_down), 1));
  }
  return table;
}

}  // namespace cyres::cli
