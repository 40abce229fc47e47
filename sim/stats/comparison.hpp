#pragma once
// Policy comparison on common random numbers (docs/model.md, "Comparing policies"): trial k of
// every policy saw the same attack realisation, so the difference between a
// policy and the baseline is estimated from per-trial differences (paired),
// which removes the trial-to-trial variation both share. Per policy and metric
// of TRIAL_METRIC_COLUMNS: mean with a Student-t CI, the paired mean difference
// against the baseline with its Student-t CI, the unpaired (Welch) CI
// half-width of the same difference for contrast, the share of trials in which
// the policy did strictly better, CVaR95; per policy the probability of a
// catastrophic outcome with a Clopper-Pearson interval. Every interval comes
// from Boost.Math; every sum runs in trial order, so equal inputs give equal bits.
//
// A time to an event (a column with an `event` flag: time_to_recover,
// time_to_detect, time_to_evict) is censored at the horizon in the trials
// where the event did not happen, so it is never averaged: instead of the
// mean, paired difference, share better and CVaR, such a metric gets per
// policy a Kaplan-Meier summary (share of timed trials with the event,
// median and 90th percentile with Brookmeyer-Crowley intervals) and, against
// the baseline, the paired difference of the event flag over the trials timed
// under both. No interval is given for a difference of Kaplan-Meier medians:
// the trials are paired and the curves are censored, and neither a paired nor
// an independent-samples interval for it would be justified here.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/metric_columns.hpp"
#include "sim/stats/summary.hpp"
#include "sim/stats/survival.hpp"

namespace cyres {

//! CVaR95 averages the worst ceil(CVAR_TAIL_PERCENT / 100 * n) trials [%].
inline constexpr std::size_t CVAR_TAIL_PERCENT = 5;

struct ComparisonOptions {
  std::size_t baseline = 0;           //!< index of the baseline policy
  double confidence_level = 0.95;     //!< two-sided level of every interval [1]
  double catastrophic_service = 0.5;  //!< min_service below this is catastrophic [1]
};

//! Per-trial values of every metric of TRIAL_METRIC_COLUMNS, as doubles:
//! values[metric][policy][trial], metric in TRIAL_METRIC_COLUMNS order, trial k
//! of every policy on the same random numbers. NaN marks an undefined value.
struct TrialTable {
  std::vector<std::string> policy_names;
  std::vector<std::vector<std::vector<double>>> values;
};

//! A binomial proportion with its interval.
struct Proportion {
  std::size_t successes = 0;
  std::size_t trials = 0;
  double estimate = 0.0;  //!< successes / trials; NaN if no trials [1]
  double ci_low = 0.0;    //!< Clopper-Pearson lower end [1]
  double ci_high = 0.0;   //!< Clopper-Pearson upper end [1]
};

//! A time to an event of one policy, from its Kaplan-Meier estimate over the
//! trials in which the clock started (the time is finite): the others have
//! no such time (e.g. no disruption, so nothing to recover from).
struct TimeToEventSummary {
  //! events among the timed trials, with its Clopper-Pearson interval:
  //! trials = timed trials, successes = trials with the event by the horizon.
  Proportion event_share;
  SurvivalQuantile median;         //!< p = 0.5; not reached: std::nullopt
  SurvivalQuantile p90;            //!< p = 0.9: the time by which 90 % had the event
  double longest_follow_up = 0.0;  //!< the longest timed trial; NaN if none
};

//! One policy on one metric. For a time-to-event metric summary, difference,
//! unpaired_half_width, share_better and cvar95 are NaN (count 0) and
//! time_to_event and event_difference say what is reported instead.
struct PolicyMetricComparison {
  Summary summary;  //!< the policy's own mean and CI
  //! Trials where policy and baseline are finite (for a time-to-event
  //! metric: timed under both).
  std::size_t paired_count = 0;
  Summary difference;                //!< of policy - baseline over the paired trials
  double unpaired_half_width = 0.0;  //!< Welch CI half-width of the same difference
  double share_better = 0.0;         //!< of the paired trials; NaN for Better::neither [1]
  double cvar95 = 0.0;               //!< mean of the worst 5 % of trials (cvar95 below)
  //! Time-to-event metrics only: the Kaplan-Meier summary.
  std::optional<TimeToEventSummary> time_to_event;
  //! Time-to-event metrics only: mean over the trials timed under both of
  //! (event flag of the policy - event flag of the baseline), Student-t CI.
  Summary event_difference;
  //! Whether the CI of the paired difference lies wholly above or below 0.
  bool difference_excludes_zero() const {
    return difference.ci_low > 0.0 || difference.ci_high < 0.0;
  }
};

struct MetricComparison {
  const TrialMetricColumn* column = nullptr;
  //! For a time to an event: the column of its event flag; else nullptr.
  const TrialMetricColumn* event_column = nullptr;
  std::vector<PolicyMetricComparison> policies;  //!< [policy]
  bool is_time_to_event() const { return event_column != nullptr; }
};

struct Comparison {
  std::vector<std::string> policy_names;  //!< run order
  std::size_t baseline = 0;
  std::size_t trials = 0;  //!< trials per policy
  double confidence_level = 0.95;
  double catastrophic_service = 0.5;
  std::vector<MetricComparison> metrics;  //!< TRIAL_METRIC_COLUMNS order
  std::vector<Proportion> catastrophic;   //!< [policy]: P(min_service < catastrophic_service)

  const std::string& baseline_name() const { return policy_names.at(baseline); }
  //! The comparison of metric `name`; std::out_of_range if it is not a column.
  const MetricComparison& metric(std::string_view name) const;
};

//! The full comparison. std::invalid_argument if the table is ragged, the
//! baseline is out of range or the level is not in (0, 1).
Comparison compare_policies(const TrialTable& table, const ComparisonOptions& options = {});

// --- the pieces, for tests and other callers -----------------------------------

//! Student-t CI of the mean of policy[k] - baseline[k] over the k where both
//! are finite (the one-sample CI of the differences). Sizes must match.
Summary paired_difference(std::span<const double> policy, std::span<const double> baseline,
                          double level = 0.95);

//! Half-width of the Welch (unequal-variance) CI of mean(policy) - mean(baseline)
//! over the same trials as paired_difference, treating the samples as
//! independent: t_{nu, 1-a/2} sqrt(s_p^2/n + s_b^2/n), nu by Welch-Satterthwaite.
//! 0 when both variances are 0; NaN with fewer than 2 paired trials.
double welch_half_width(std::span<const double> policy, std::span<const double> baseline,
                        double level = 0.95);

//! Share of the trials where both are finite in which the policy is strictly
//! better than the baseline in direction `better` (ties are not better); NaN
//! for Better::neither or no such trial.
double share_better(std::span<const double> policy, std::span<const double> baseline,
                    Better better);

//! CVaR95: with n finite values and k = ceil(5 n / 100) (integer arithmetic),
//! the mean of the k worst: the k highest for Better::lower and
//! Better::neither, the k lowest for Better::higher. NaN if n == 0.
double cvar95(std::span<const double> values, Better better);

//! Clopper-Pearson ("exact") two-sided interval at `level` for `successes` of
//! `trials` (Boost.Math binomial_distribution find_lower/upper_bound_on_p with
//! alpha/2 each side); [0, 1] and NaN estimate if trials == 0.
Proportion clopper_pearson(std::size_t successes, std::size_t trials, double level = 0.95);

//! The column of TRIAL_METRIC_COLUMNS holding the event flag of time-to-event
//! column `column`, or nullptr if `column` has no event flag.
const TrialMetricColumn* event_column_of(const TrialMetricColumn& column);

//! The Kaplan-Meier summary of one policy's `times` (NaN: not timed) with
//! `events` (1 event, 0 censored) at `level`.
TimeToEventSummary time_to_event_summary(std::span<const double> times,
                                         std::span<const double> events, double level = 0.95);

}  // namespace cyres
