#include "sim/stats/comparison.hpp"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace cyres {
namespace {

constexpr double UNDEFINED = std::numeric_limits<double>::quiet_NaN();  // a statistic with no value

void require_same_size(std::span<const double> policy, std::span<const double> baseline) {
  if (policy.size() != baseline.size()) {
    throw std::invalid_argument(fmt::format("paired samples differ in size: {} and {} trials",
                                            policy.size(), baseline.size()));
  }
}

void require_level(double level) {
  if (!(level > 0.0 && level < 1.0)) {
    throw std::invalid_argument(fmt::format("confidence level {} is not in (0, 1)", level));
  }
}

bool paired(double a, double b) {
  return std::isfinite(a) && std::isfinite(b);
}

//! Sample mean and (n - 1) variance of the values at the paired trials, in
//! trial order (two passes, as in summarise).
struct Moments {
  double mean = 0.0;
  double variance = 0.0;
};
Moments paired_moments(std::span<const double> values, std::span<const double> other,
                       std::size_t n) {
  Moments m;
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (paired(values[k], other[k])) m.mean += values[k];
  }
  m.mean /= static_cast<double>(n);
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (paired(values[k], other[k])) m.variance += (values[k] - m.mean) * (values[k] - m.mean);
  }
  m.variance /= static_cast<double>(n) - 1.0;
  return m;
}

}  // namespace

const MetricComparison& Comparison::metric(std::string_view name) const {
  for (const MetricComparison& m : metrics) {
    if (name == m.column->name) return m;
  }
  throw std::out_of_range(fmt::format("no metric '{}' in the comparison", name));
}

Summary paired_difference(std::span<const double> policy, std::span<const double> baseline,
                          double level) {
  require_same_size(policy, baseline);
  std::vector<double> differences;
  differences.reserve(policy.size());
  for (std::size_t k = 0; k < policy.size(); ++k) {
    if (paired(policy[k], baseline[k])) differences.push_back(policy[k] - baseline[k]);
  }
  return summarise(differences, level);
}

double welch_half_width(std::span<const double> policy, std::span<const double> baseline,
                        double level) {
  require_same_size(policy, baseline);
  require_level(level);
  std::size_t n = 0;
  for (std::size_t k = 0; k < policy.size(); ++k) n += paired(policy[k], baseline[k]) ? 1 : 0;
  if (n < 2) return UNDEFINED;
  const Moments p = paired_moments(policy, baseline, n);
  const Moments b = paired_moments(baseline, policy, n);
  const auto count = static_cast<double>(n);
  const double vp = p.variance / count;  // squared standard errors
  const double vb = b.variance / count;
  const double variance = vp + vb;
  if (!(variance > 0.0)) return 0.0;  // both samples constant: the difference is exact
  // Welch-Satterthwaite degrees of freedom (equal n on both sides). Values so
  // large that their squared errors overflow leave it undefined.
  const double dof = variance * variance / ((vp * vp + vb * vb) / (count - 1.0));
  if (!std::isfinite(dof) || !(dof > 0.0)) return UNDEFINED;
  const boost::math::students_t t_distribution(dof);
  const double t =
      boost::math::quantile(boost::math::complement(t_distribution, (1.0 - level) / 2.0));
  return t * std::sqrt(variance);
}

double share_better(std::span<const double> policy, std::span<const double> baseline,
                    Better better) {
  require_same_size(policy, baseline);
  if (better == Better::neither) return UNDEFINED;
  std::size_t n = 0;
  std::size_t wins = 0;
  for (std::size_t k = 0; k < policy.size(); ++k) {
    if (!paired(policy[k], baseline[k])) continue;
    ++n;
    const bool won = better == Better::lower ? policy[k] < baseline[k] : policy[k] > baseline[k];
    wins += won ? 1 : 0;
  }
  return n == 0 ? UNDEFINED : static_cast<double>(wins) / static_cast<double>(n);
}

double cvar95(std::span<const double> values, Better better) {
  std::vector<double> finite;
  finite.reserve(values.size());
  for (double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  if (finite.empty()) return UNDEFINED;
  // ceil(5 n / 100) in integers: 0.05 * n in floating point can land just
  // above an integer and take one trial too many.
  const std::size_t k = (CVAR_TAIL_PERCENT * finite.size() + 99) / 100;
  // Worst first; the k worst values are the same whatever the order of ties,
  // and summing them sorted fixes the order of the sum.
  if (better == Better::higher) {
    std::sort(finite.begin(), finite.end());
  } else {
    std::sort(finite.begin(), finite.end(), std::greater<>());
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < k; ++i) sum += finite[i];
  return sum / static_cast<double>(k);
}

Proportion clopper_pearson(std::size_t successes, std::size_t trials, double level) {
  require_level(level);
  if (successes > trials) {
    throw std::invalid_argument(
        fmt::format("{} successes in {} trials: more successes than trials", successes, trials));
  }
  Proportion p{.successes = successes,
               .trials = trials,
               .estimate = UNDEFINED,
               .ci_low = 0.0,
               .ci_high = 1.0};
  if (trials == 0) return p;
  using boost::math::binomial_distribution;
  const auto n = static_cast<double>(trials);
  const auto k = static_cast<double>(successes);
  const double alpha_half = (1.0 - level) / 2.0;
  p.estimate = k / n;
  p.ci_low = binomial_distribution<>::find_lower_bound_on_p(n, k, alpha_half);
  p.ci_high = binomial_distribution<>::find_upper_bound_on_p(n, k, alpha_half);
  return p;
}

const TrialMetricColumn* event_column_of(const TrialMetricColumn& column) {
  if (column.event == nullptr) return nullptr;
  for (const TrialMetricColumn& candidate : TRIAL_METRIC_COLUMNS) {
    if (candidate.count == column.event) return &candidate;
  }
  return nullptr;
}

TimeToEventSummary time_to_event_summary(std::span<const double> times,
                                         std::span<const double> events, double level) {
  const KaplanMeier km = kaplan_meier(times, events, level);
  TimeToEventSummary s;
  s.event_share = clopper_pearson(km.events, km.subjects, level);
  s.median = survival_quantile(km, 0.5);
  s.p90 = survival_quantile(km, 0.9);
  s.longest_follow_up = km.longest_follow_up;
  return s;
}

namespace {

//! The event flags of the timed trials, NaN where the time is NaN (not timed),
//! so that pairing keeps the trials timed under both policies.
std::vector<double> timed_flags(std::span<const double> times, std::span<const double> events) {
  std::vector<double> flags(times.size());
  for (std::size_t k = 0; k < times.size(); ++k)
    flags[k] = std::isnan(times[k]) ? UNDEFINED : events[k];
  return flags;
}

Summary undefined_summary() {
  return Summary{.count = 0,
                 .mean = UNDEFINED,
                 .standard_deviation = UNDEFINED,
                 .ci_low = UNDEFINED,
                 .ci_high = UNDEFINED};
}

}  // namespace

Comparison compare_policies(const TrialTable& table, const ComparisonOptions& options) {
  require_level(options.confidence_level);
  const std::size_t policies = table.policy_names.size();
  if (table.values.size() != TRIAL_METRIC_COLUMNS.size()) {
    throw std::invalid_argument(fmt::format("trial table holds {} metrics, expected {}",
                                            table.values.size(), TRIAL_METRIC_COLUMNS.size()));
  }
  if (policies > 0 && options.baseline >= policies) {
    throw std::invalid_argument(
        fmt::format("baseline {} out of range for {} policies", options.baseline, policies));
  }
  const std::size_t trials = policies == 0 ? 0 : table.values[0][0].size();
  for (const auto& metric : table.values) {
    if (metric.size() != policies) throw std::invalid_argument("trial table is ragged (policies)");
    for (const auto& values : metric) {
      if (values.size() != trials) throw std::invalid_argument("trial table is ragged (trials)");
    }
  }

  Comparison c;
  c.policy_names = table.policy_names;
  c.baseline = options.baseline;
  c.trials = trials;
  c.confidence_level = options.confidence_level;
  c.catastrophic_service = options.catastrophic_service;
  const double level = options.confidence_level;
  for (std::size_t m = 0; m < TRIAL_METRIC_COLUMNS.size(); ++m) {
    MetricComparison& metric = c.metrics.emplace_back();
    metric.column = &TRIAL_METRIC_COLUMNS[m];
    metric.event_column = event_column_of(*metric.column);
    if (metric.is_time_to_event()) {
      const auto e = static_cast<std::size_t>(metric.event_column - TRIAL_METRIC_COLUMNS.data());
      const std::vector<double> base =
          timed_flags(table.values[m][options.baseline], table.values[e][options.baseline]);
      for (std::size_t p = 0; p < policies; ++p) {
        const std::vector<double>& times = table.values[m][p];
        const std::vector<double>& events = table.values[e][p];
        PolicyMetricComparison& entry = metric.policies.emplace_back();
        entry.summary = entry.difference = undefined_summary();
        entry.unpaired_half_width = entry.share_better = entry.cvar95 = UNDEFINED;
        entry.time_to_event = time_to_event_summary(times, events, level);
        entry.event_difference = paired_difference(timed_flags(times, events), base, level);
        entry.paired_count = entry.event_difference.count;
      }
      continue;
    }
    for (std::size_t p = 0; p < policies; ++p) {
      const std::vector<double>& values = table.values[m][p];
      const std::vector<double>& base = table.values[m][options.baseline];
      PolicyMetricComparison& entry = metric.policies.emplace_back();
      entry.summary = summarise(values, level);
      entry.difference = paired_difference(values, base, level);
      entry.paired_count = entry.difference.count;
      entry.unpaired_half_width = welch_half_width(values, base, level);
      entry.share_better = share_better(values, base, metric.column->better);
      entry.cvar95 = cvar95(values, metric.column->better);
    }
  }

  const MetricComparison& min_service = c.metric("min_service");
  const std::size_t min_index =
      static_cast<std::size_t>(min_service.column - &TRIAL_METRIC_COLUMNS[0]);
  for (std::size_t p = 0; p < policies; ++p) {
    std::size_t n = 0;
    std::size_t below = 0;
    for (double q : table.values[min_index][p]) {
      if (!std::isfinite(q)) continue;
      ++n;
      below += q < options.catastrophic_service ? 1 : 0;
    }
    c.catastrophic.push_back(clopper_pearson(below, n, level));
  }
  return c;
}

}  // namespace cyres
