#include "sim/output/comparison_group.hpp"

#include <cstdlib>
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

void write_metric_group(const h5::Group& comparison_group, const Comparison& c,
                        const MetricComparison& metric, const h5::Dataset& policy_scale) {
  const TrialMetricColumn& column = *metric.column;
  const h5::Group group = h5::create_group(comparison_group, column.name);
  h5::write_attribute(group, "units", column.units);
  h5::write_attribute(group, "better", better_name(column.better));
  h5::write_attribute(group, "description", column.description);

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

ResultsTrials read_checked(const std::string& path) {
  const SourceLocation where{path, 0, 0};
  const h5::File file = h5::File::open_read_only(path);
  const std::string format =
      h5::has_attribute(file, "format") ? h5::read_attribute<std::string>(file, "format") : "";
  if (format != RESULTS_FORMAT) {
    throw ValueError(where, fmt::format("not a cyres results file: root attribute 'format' is "
                                        "'{}', expected '{}'",
                                        format, RESULTS_FORMAT));
  }
  ResultsTrials r;
  r.format_version = h5::read_attribute<std::string>(file, "format_version");
  if (major_version(r.format_version) != 1) {
    throw ValueError(where, fmt::format("results format version '{}' is not supported; this "
                                        "cyres reads 1.x",
                                        r.format_version));
  }
  const auto trials = h5::read_attribute<std::uint64_t>(file, "trials");
  r.seed = h5::read_attribute<std::uint64_t>(file, "seed");
  r.scenario_name = h5::read_attribute<std::string>(file, "scenario_name");
  r.catastrophic_service =
      h5::read_attribute<double>(h5::open_group(file, "scenario"), "catastrophic_service");
  const h5::Group policies = h5::open_group(file, "policies");
  r.table.policy_names = h5::read_attribute<std::vector<std::string>>(policies, "names");
  r.table.values.resize(TRIAL_METRIC_COLUMNS.size());
  for (const std::string& name : r.table.policy_names) {
    const h5::Group group = h5::open_group(h5::open_group(policies, name), "trials");
    for (std::size_t m = 0; m < TRIAL_METRIC_COLUMNS.size(); ++m) {
      std::vector<double> values =
          h5::read_dataset<double>(h5::open_dataset(group, TRIAL_METRIC_COLUMNS[m].name));
      if (values.size() != trials) {
        throw ValueError(where,
                         fmt::format("/policies/{}/trials/{} holds {} values; the file "
                                     "says {} trials",
                                     name, TRIAL_METRIC_COLUMNS[m].name, values.size(), trials));
      }
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
  try {
    return read_checked(path);
  } catch (const OutputError& error) {
    // The HDF5 layer reports read failures as OutputError; here they mean the
    // input file is not what `compare` needs.
    throw ParseError(SourceLocation{path, 0, 0},
                     fmt::format("cannot read as a cyres results file: {}", error.what()));
  }
}

}  // namespace cyres
