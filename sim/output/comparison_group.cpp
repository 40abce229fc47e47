#include "sim/output/comparison_group.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/output/results_file.hpp"

namespace cyres {
namespace {

//! One 1-D dataset over policies with its units, description and the scale.
void write_over_policies(const h5::Group& group, const char* name, const std::vector<double>& data,
                         std::string_view units, const std::string& description,
                         const h5::Dataset& policy_scale) {
  const h5::Dataset dataset = h5::write_dataset(group, name, std::span<const double>(data));
  h5::set_units(dataset, units);
  h5::write_attribute(dataset, "description", description);
  h5::attach_scale(dataset, policy_scale, 0, "policy");
}

//! One 1-D uint64 dataset over policies, units "1".
void write_counts_over_policies(const h5::Group& group, const char* name,
                                const std::vector<std::uint64_t>& data,
                                const std::string& description, const h5::Dataset& policy_scale) {
  const h5::Dataset dataset = h5::write_dataset(group, name, std::span<const std::uint64_t>(data));
  h5::set_units(dataset, "1");
  h5::write_attribute(dataset, "description", description);
  h5::attach_scale(dataset, policy_scale, 0, "policy");
}

double or_nan(const std::optional<double>& value) {
  return value ? *value : std::numeric_limits<double>::quiet_NaN();
}

//! A time to an event: Kaplan-Meier summaries instead of means (censored
//! times are never averaged), and the paired difference of the event flag.
void write_time_to_event_datasets(const h5::Group& group, const Comparison& c,
                                  const MetricComparison& metric, const h5::Dataset& policy_scale) {
  const TrialMetricColumn& column = *metric.column;
  const char* event = metric.event_column->name;
  h5::write_attribute(group, "event", event);
  const std::size_t n = metric.policies.size();
  std::vector<std::uint64_t> timed(n), events(n), paired_count(n);
  std::vector<double> share(n), share_low(n), share_high(n), follow_up(n), difference(n),
      difference_low(n), difference_high(n);
  std::vector<std::vector<double>> quantiles(6, std::vector<double>(n));
  for (std::size_t p = 0; p < n; ++p) {
    const PolicyMetricComparison& e = metric.policies[p];
    const TimeToEventSummary& s = *e.time_to_event;
    timed[p] = s.event_share.trials;
    events[p] = s.event_share.successes;
    share[p] = s.event_share.estimate;
    share_low[p] = s.event_share.ci_low;
    share_high[p] = s.event_share.ci_high;
    follow_up[p] = s.longest_follow_up;
    std::size_t i = 0;
    for (const SurvivalQuantile* q : {&s.median, &s.p90}) {
      quantiles[i++][p] = or_nan(q->time);
      quantiles[i++][p] = or_nan(q->ci_low);
      quantiles[i++][p] = or_nan(q->ci_high);
    }
    paired_count[p] = e.paired_count;
    difference[p] = e.event_difference.mean;
    difference_low[p] = e.event_difference.ci_low;
    difference_high[p] = e.event_difference.ci_high;
  }
  const double percent = 100.0 * c.confidence_level;
  const std::string_view units = column.units;
  write_counts_over_policies(
      group, "timed", timed,
      fmt::format("trials in which the clock started ({} is finite): the Kaplan-Meier sample",
                  column.name),
      policy_scale);
  write_counts_over_policies(group, "events", events,
                             fmt::format("timed trials with {} = 1 (the rest are censored at "
                                         "the horizon)",
                                         event),
                             policy_scale);
  write_over_policies(group, "event_share", share, "1",
                      fmt::format("events / timed: share of the timed trials with {} = 1", event),
                      policy_scale);
  write_over_policies(
      group, "event_share_ci_low", share_low, "1",
      fmt::format("lower end of the {:g} % Clopper-Pearson interval of event_share", percent),
      policy_scale);
  write_over_policies(
      group, "event_share_ci_high", share_high, "1",
      fmt::format("upper end of the {:g} % Clopper-Pearson interval of event_share", percent),
      policy_scale);
  const char* names[] = {"median", "median_ci_low", "median_ci_high",
                         "p90",    "p90_ci_low",    "p90_ci_high"};
  const std::string not_reached = "NaN: not reached within longest_follow_up (or nothing timed)";
  for (std::size_t i = 0; i < 6; ++i) {
    const char* which = i < 3 ? "median (p = 0.5)" : "90th percentile (p = 0.9)";
    const std::string what =
        i % 3 == 0   ? fmt::format("Kaplan-Meier {}: first time with S(t) <= 1 - p", which)
        : i % 3 == 1 ? fmt::format(
                           "lower end of the {:g} % Brookmeyer-Crowley interval of the {} "
                           "(log(-log) band of S, Greenwood variance)",
                           percent, which)
                     : fmt::format(
                           "upper end of the {:g} % Brookmeyer-Crowley interval of the {}; NaN "
                           "also when the interval is unbounded above",
                           percent, which);
    write_over_policies(group, names[i], quantiles[i], units,
                        fmt::format("{}; {}", what, not_reached), policy_scale);
  }
  write_over_policies(group, "longest_follow_up", follow_up, units,
                      "longest timed trial (event or censored): the curve is known up to here",
                      policy_scale);
  write_counts_over_policies(group, "paired_count", paired_count,
                             "trials timed under both the policy and the baseline", policy_scale);
  const std::string& base = c.baseline_name();
  write_over_policies(group, "paired_event_difference", difference, "1",
                      fmt::format("mean over the trials timed under both of {} (policy) - {} "
                                  "('{}'); no difference of medians is given (censored)",
                                  event, event, base),
                      policy_scale);
  write_over_policies(
      group, "paired_event_ci_low", difference_low, "1",
      fmt::format("lower end of the {:g} % Student-t CI of paired_event_difference", percent),
      policy_scale);
  write_over_policies(
      group, "paired_event_ci_high", difference_high, "1",
      fmt::format("upper end of the {:g} % Student-t CI of paired_event_difference", percent),
      policy_scale);
}

void write_metric_group(const h5::Group& comparison_group, const Comparison& c,
                        const MetricComparison& metric, const h5::Dataset& policy_scale) {
  const TrialMetricColumn& column = *metric.column;
  const h5::Group group = h5::create_group(comparison_group, column.name);
  h5::write_attribute(group, "units", column.units);
  h5::write_attribute(group, "better", better_name(column.better));
  h5::write_attribute(group, "description", column.description);
  if (metric.is_time_to_event()) {
    write_time_to_event_datasets(group, c, metric, policy_scale);
    return;
  }

  const std::size_t n = metric.policies.size();
  std::vector<double> mean(n), ci_low(n), ci_high(n), difference(n), difference_low(n),
      difference_high(n), unpaired(n), share(n), cvar(n);
  std::vector<std::uint64_t> paired_count(n);
  for (std::size_t p = 0; p < n; ++p) {
    const PolicyMetricComparison& e = metric.policies[p];
    mean[p] = e.summary.mean;
    ci_low[p] = e.summary.ci_low;
    ci_high[p] = e.summary.ci_high;
    difference[p] = e.difference.mean;
    difference_low[p] = e.difference.ci_low;
    difference_high[p] = e.difference.ci_high;
    unpaired[p] = e.unpaired_half_width;
    share[p] = e.share_better;
    cvar[p] = e.cvar95;
    paired_count[p] = e.paired_count;
  }
  const double percent = 100.0 * c.confidence_level;
  const std::string& base = c.baseline_name();
  const std::string_view units = column.units;
  write_over_policies(group, "mean", mean, units, "mean over trials (NaN values left out)",
                      policy_scale);
  write_over_policies(group, "ci_low", ci_low, units,
                      fmt::format("lower end of the {:g} % Student-t CI of the mean", percent),
                      policy_scale);
  write_over_policies(group, "ci_high", ci_high, units,
                      fmt::format("upper end of the {:g} % Student-t CI of the mean", percent),
                      policy_scale);
  write_over_policies(group, "paired_difference", difference, units,
                      fmt::format("mean over trials of policy - '{}' (paired by trial; trials "
                                  "where either is NaN left out)",
                                  base),
                      policy_scale);
  write_over_policies(
      group, "paired_ci_low", difference_low, units,
      fmt::format("lower end of the {:g} % Student-t CI of the paired difference", percent),
      policy_scale);
  write_over_policies(
      group, "paired_ci_high", difference_high, units,
      fmt::format("upper end of the {:g} % Student-t CI of the paired difference", percent),
      policy_scale);
  write_over_policies(group, "unpaired_half_width", unpaired, units,
                      fmt::format("half-width of the {:g} % Welch CI of the same difference, as "
                                  "if the trials were independent (for contrast)",
                                  percent),
                      policy_scale);
  write_over_policies(group, "share_better", share, "1",
                      fmt::format("share of paired trials in which the policy did strictly "
                                  "better than '{}' ({} is better; NaN if neither)",
                                  base, better_name(column.better)),
                      policy_scale);
  write_over_policies(
      group, "cvar95", cvar, units,
      fmt::format("CVaR95: mean of the worst ceil({} n / 100) of n trials ({})", CVAR_TAIL_PERCENT,
                  column.better == Better::higher ? "lowest values" : "highest values"),
      policy_scale);
  const h5::Dataset count =
      h5::write_dataset(group, "paired_count", std::span<const std::uint64_t>(paired_count));
  h5::set_units(count, "1");
  h5::write_attribute(count, "description",
                      "trials in which both the policy and the baseline are finite");
  h5::attach_scale(count, policy_scale, 0, "policy");
}

std::vector<double> catastrophic_field(const Comparison& c, double Proportion::*field) {
  std::vector<double> values;
  for (const Proportion& p : c.catastrophic) values.push_back(p.*field);
  return values;
}

//! The major number of a "major.minor" version, or -1 if malformed.
long major_version(const std::string& version) {
  const std::size_t dot = version.find('.');
  if (dot == 0 || dot == std::string::npos) return -1;
  for (std::size_t i = 0; i < version.size(); ++i) {
    if (i != dot && (version[i] < '0' || version[i] > '9')) return -1;
  }
  return std::strtol(version.substr(0, dot).c_str(), nullptr, 10);
}

//! Whether column m of TRIAL_METRIC_COLUMNS is the event flag of a time to an event.
bool is_event_flag(std::size_t m) {
  for (const TrialMetricColumn& column : TRIAL_METRIC_COLUMNS) {
    if (event_column_of(column) == &TRIAL_METRIC_COLUMNS[m]) return true;
  }
  return false;
}

//! Throws ValueError unless every value of column `m` is one the comparison
//! can take: an event flag is 0 or 1; a time to an event is NaN (no time) or
//! finite and >= 0; a count is finite and >= 0; any other value is finite or
//! NaN (undefined). What a file from elsewhere holds is checked here, not
//! trusted to be what cyres run writes.
void check_values(const SourceLocation& where, const std::string& policy, std::size_t m,
                  const std::vector<double>& values) {
  const TrialMetricColumn& column = TRIAL_METRIC_COLUMNS[m];
  const bool flag = is_event_flag(m);
  for (std::size_t k = 0; k < values.size(); ++k) {
    const double v = values[k];
    const char* expected = nullptr;
    if (flag) {
      if (v != 0.0 && v != 1.0) expected = "0 or 1 (an event flag)";
    } else if (column.event != nullptr) {
      if (!std::isnan(v) && !(std::isfinite(v) && v >= 0.0)) expected = "a time >= 0 or NaN";
    } else if (column.count != nullptr) {
      if (!(std::isfinite(v) && v >= 0.0)) expected = "a count >= 0";
    } else if (std::isinf(v)) {
      expected = "a finite number or NaN";
    }
    if (expected != nullptr) {
      throw ValueError(where, fmt::format("/policies/{}/trials/{}, trial {}: value {} is not {}",
                                          policy, column.name, k, v, expected));
    }
  }
}

ResultsTrials read_checked(const std::string& path) {
  const SourceLocation where{path, 0, 0};
  const h5::File file = h5::File::open_read_only(path);
  if (h5::has_attribute(file, "format") &&
      h5::attribute_kind(file, "format") == h5::ValueKind::variable_string) {
    throw ValueError(where,
                     "results format 2.0 or older stores variable-length strings, which "
                     "this cyres does not read (a damaged one can crash libhdf5): run "
                     "the scenario again with this cyres");
  }
  const std::string format =
      h5::has_attribute(file, "format") ? h5::read_attribute<std::string>(file, "format") : "";
  if (format != RESULTS_FORMAT) {
    throw ValueError(where, fmt::format("not a cyres results file: root attribute 'format' is "
                                        "'{}', expected '{}'",
                                        format, RESULTS_FORMAT));
  }
  ResultsTrials r;
  r.format_version = h5::read_attribute<std::string>(file, "format_version");
  const long major = major_version(r.format_version);
  if (major != RESULTS_FORMAT_MAJOR) {
    throw ValueError(
        where, fmt::format("results format version '{}' is not supported; this cyres reads "
                           "{}.x{}",
                           r.format_version, RESULTS_FORMAT_MAJOR,
                           major >= 1 && major < RESULTS_FORMAT_MAJOR
                               ? " (older files count time_to_recover from the start and carry no "
                                 "event flags: run the scenario again with this cyres)"
                               : ""));
  }
  const auto trials = h5::read_attribute<std::uint64_t>(file, "trials");
  r.seed = h5::read_attribute<std::uint64_t>(file, "seed");
  r.scenario_name = h5::read_attribute<std::string>(file, "scenario_name");
  r.scenario_hash = h5::read_attribute<std::string>(file, "scenario_hash");
  r.catastrophic_service =
      h5::read_attribute<double>(h5::open_group(file, "scenario"), "catastrophic_service");
  const h5::Group policies = h5::open_group(file, "policies");
  r.table.policy_names = h5::read_attribute<std::vector<std::string>>(policies, "names");
  r.table.values.resize(TRIAL_METRIC_COLUMNS.size());
  for (const std::string& name : r.table.policy_names) {
    const h5::Group group = h5::open_group(h5::open_group(policies, name), "trials");
    if (r.trial_index.empty())
      r.trial_index = h5::read_dataset<std::uint64_t>(h5::open_dataset(group, "trial"));
    for (std::size_t m = 0; m < TRIAL_METRIC_COLUMNS.size(); ++m) {
      std::vector<double> values =
          h5::read_dataset<double>(h5::open_dataset(group, TRIAL_METRIC_COLUMNS[m].name));
      if (values.size() != trials) {
        throw ValueError(where,
                         fmt::format("/policies/{}/trials/{} holds {} values; the file "
                                     "says {} trials",
                                     name, TRIAL_METRIC_COLUMNS[m].name, values.size(), trials));
      }
      check_values(where, name, m, values);
      r.table.values[m].push_back(std::move(values));
    }
  }
  return r;
}

}  // namespace

void write_comparison_group(const h5::Object& parent, const Comparison& c) {
  const h5::Group group = h5::create_group(parent, "comparison");
  h5::write_attribute(group, "baseline", c.policy_names.empty() ? "" : c.baseline_name());
  h5::write_attribute(group, "catastrophic_service", c.catastrophic_service);
  h5::write_attribute(group, "confidence_level", c.confidence_level);
  h5::write_attribute(group, "cvar_tail_percent", static_cast<std::uint32_t>(CVAR_TAIL_PERCENT));

  const h5::Dataset policy = h5::write_dataset(group, "policy", c.policy_names);
  h5::make_scale(policy, "policy");
  h5::write_attribute(policy, "description",
                      "policy names in run order; the baseline is @baseline");
  for (const MetricComparison& metric : c.metrics) write_metric_group(group, c, metric, policy);

  const double percent = 100.0 * c.confidence_level;
  const std::string event = fmt::format("min_service < {:g}", c.catastrophic_service);
  write_over_policies(group, "catastrophic_probability",
                      catastrophic_field(c, &Proportion::estimate), "1",
                      fmt::format("share of trials with {}", event), policy);
  write_over_policies(
      group, "catastrophic_ci_low", catastrophic_field(c, &Proportion::ci_low), "1",
      fmt::format("lower end of the {:g} % Clopper-Pearson interval of P({})", percent, event),
      policy);
  write_over_policies(
      group, "catastrophic_ci_high", catastrophic_field(c, &Proportion::ci_high), "1",
      fmt::format("upper end of the {:g} % Clopper-Pearson interval of P({})", percent, event),
      policy);
}

void write_comparison(const h5::File& file, const Scenario& scenario, const RunResult& run) {
  write_comparison_group(file, compare_policies(run, {.baseline = 0,
                                                      .confidence_level = 0.95,
                                                      .catastrophic_service =
                                                          scenario.settings.catastrophic_service}));
}

ResultsTrials read_results_trials(const std::string& path) {
  // Read first in a child process: libhdf5 may crash on a damaged file
  // (sim/hdf5/hdf5_isolation.hpp).
  return h5::read_isolated(path, [&] {
    try {
      return read_checked(path);
    } catch (const OutputError& error) {
      // The HDF5 layer reports read failures as OutputError; here they mean the
      // input file is not what `compare` needs.
      throw ParseError(SourceLocation{path, 0, 0},
                       fmt::format("cannot read as a cyres results file: {}", error.what()));
    }
  });
}

}  // namespace cyres
