// `cyres compare RESULTS.h5`: recomputes the paired comparison of every policy
// against a baseline from the per-trial datasets of a results file (so any
// file can be compared against any baseline) and prints it as a table for
// planners or, with --json, as one JSON object for scripts.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/core/suggest.hpp"
#include "sim/output/comparison_group.hpp"
#include "sim/stats/comparison.hpp"

namespace cyres::cli {
namespace {

const std::vector<std::string> DEFAULT_METRICS = {"resilience_loss", "min_service",
                                                  "time_to_recover", "compromised", "supply_down"};

struct CompareArguments {
  std::vector<std::string> files;
  std::optional<std::string> baseline;
  std::vector<std::string> metrics;
  bool json = false;
};

//! Index of `name` in `known`, or a ReferenceError listing them with a suggestion.
std::size_t resolve(const std::string& name, const std::vector<std::string>& known,
                    const char* option, const char* what, const std::string& known_as) {
  const auto found = std::find(known.begin(), known.end(), name);
  if (found != known.end()) return static_cast<std::size_t>(found - known.begin());
  const std::string match = closest_match(name, known);
  throw ReferenceError({option, 0, 0},
                       fmt::format("unknown {} '{}'{}; {}: {}", what, name,
                                   match.empty() ? "" : fmt::format(" (did you mean '{}'?)", match),
                                   known_as, fmt::join(known, ", ")));
}

// --- table ---------------------------------------------------------------------

//! Decimals that show about three significant digits at the metric's scale.
int decimals_for(const MetricComparison& metric) {
  double scale = 0.0;
  for (const PolicyMetricComparison& e : metric.policies) {
    for (double v : {e.summary.mean, e.cvar95}) {
      if (std::isfinite(v)) scale = std::max(scale, std::abs(v));
    }
  }
  return scale >= 1000.0 ? 0 : scale >= 100.0 ? 1 : scale >= 1.0 ? 2 : 3;
}

//! Decimals for differences: two significant digits of the narrowest paired
//! CI half-width (pairing often makes it far smaller than the means), and
//! never fewer than the means show; at most 4.
int difference_decimals_for(const Comparison& c, const MetricComparison& metric, int at_least) {
  double narrowest = std::numeric_limits<double>::infinity();
  for (std::size_t p = 0; p < metric.policies.size(); ++p) {
    const double h = metric.policies[p].difference.half_width();
    if (p != c.baseline && std::isfinite(h) && h > 0.0) narrowest = std::min(narrowest, h);
  }
  if (!std::isfinite(narrowest)) return at_least;
  const int digits = 1 - static_cast<int>(std::floor(std::log10(narrowest)));
  return std::clamp(digits, at_least, std::max(at_least, 4));
}

std::string number(double v, int decimals, bool sign = false) {
  if (!std::isfinite(v)) return "n/a";
  return sign ? fmt::format("{:+.{}f}", v, decimals) : fmt::format("{:.{}f}", v, decimals);
}

//! "title, units" for a column header; just the title for dimensionless ("1").
std::string with_units(const std::string& title, const char* units) {
  return std::string_view(units) == "1" ? title : fmt::format("{}, {}", title, units);
}

std::string direction(Better better) {
  return better == Better::neither ? "neither direction is better"
                                   : fmt::format("{} is better", better_name(better));
}

std::string metric_block(const Comparison& c, const MetricComparison& metric, std::size_t width) {
  const TrialMetricColumn& column = *metric.column;
  const int d = decimals_for(metric);
  const int dd = difference_decimals_for(c, metric, d);
  const std::string& base = c.baseline_name();
  std::vector<std::array<std::string, 4>> rows;
  for (std::size_t p = 0; p < metric.policies.size(); ++p) {
    const PolicyMetricComparison& e = metric.policies[p];
    const Summary& s = e.summary;
    const Summary& diff = e.difference;
    std::array<std::string, 4> row;
    row[0] =
        fmt::format("{} [{}, {}]", number(s.mean, d), number(s.ci_low, d), number(s.ci_high, d));
    row[1] = p == c.baseline
                 ? "(baseline)"
                 : fmt::format("{} [{}, {}]{}", number(diff.mean, dd, true),
                               number(diff.ci_low, dd, true), number(diff.ci_high, dd, true),
                               e.difference_excludes_zero() ? " *" : "");
    row[2] = p == c.baseline || !std::isfinite(e.share_better)
                 ? "-"
                 : fmt::format("{:.0f} % of trials", 100.0 * e.share_better);
    row[3] = number(e.cvar95, d);
    rows.push_back(std::move(row));
  }
  const std::array<std::string, 4> header = {
      with_units("mean [95 % CI]", column.units),
      with_units(fmt::format("policy - {} [95 % CI]", base), column.units), "better in",
      with_units("CVaR95", column.units)};
  std::array<std::size_t, 4> widths{};
  for (std::size_t i = 0; i < 4; ++i) {
    widths[i] = header[i].size();
    for (const auto& row : rows) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out = fmt::format("{} ({}): {}; {}\n", column.name, column.units, column.description,
                                direction(column.better));
  auto line = [&](const std::string& name, const std::array<std::string, 4>& cells) {
    out += fmt::format("  {:<{}}  {:>{}}  {:<{}}  {:>{}}  {:>{}}\n", name, width, cells[0],
                       widths[0], cells[1], widths[1], cells[2], widths[2], cells[3], widths[3]);
  };
  line("policy", header);
  for (std::size_t p = 0; p < rows.size(); ++p) line(c.policy_names[p], rows[p]);
  return out;
}

//! A time or an interval end in the metric's units; "NR" where not reached.
std::string reached(const std::optional<double>& t) {
  return t ? fmt::format("{:g}", *t) : "NR";
}

std::string percent(double share, bool sign = false) {
  if (!std::isfinite(share)) return "n/a";
  return sign ? fmt::format("{:+.1f}", 100.0 * share) : fmt::format("{:.1f}", 100.0 * share);
}

//! A time to an event: censored at the horizon, so no mean and no paired mean
//! difference; the Kaplan-Meier share, median and p90 per policy, and the
//! paired difference of the event flag against the baseline.
std::string time_to_event_block(const Comparison& c, const MetricComparison& metric,
                                std::size_t width) {
  const TrialMetricColumn& column = *metric.column;
  const char* event = metric.event_column->name;
  const std::string& base = c.baseline_name();
  double follow_up = 0.0;
  std::vector<std::array<std::string, 5>> rows;
  for (std::size_t p = 0; p < metric.policies.size(); ++p) {
    const PolicyMetricComparison& e = metric.policies[p];
    const TimeToEventSummary& s = *e.time_to_event;
    if (std::isfinite(s.longest_follow_up)) follow_up = std::max(follow_up, s.longest_follow_up);
    const Summary& d = e.event_difference;
    rows.push_back(
        {fmt::format("{}", s.event_share.trials),
         fmt::format("{} % [{}, {}]", percent(s.event_share.estimate),
                     percent(s.event_share.ci_low), percent(s.event_share.ci_high)),
         fmt::format("{} [{}, {}]", reached(s.median.time), reached(s.median.ci_low),
                     reached(s.median.ci_high)),
         fmt::format("{} [{}, {}]", reached(s.p90.time), reached(s.p90.ci_low),
                     reached(s.p90.ci_high)),
         p == c.baseline
             ? "(baseline)"
             : fmt::format("{} [{}, {}] pp{} (n = {})", percent(d.mean, true),
                           percent(d.ci_low, true), percent(d.ci_high, true),
                           d.ci_low > 0.0 || d.ci_high < 0.0 ? " *" : "", e.paired_count)});
  }
  const std::array<std::string, 5> header = {"timed", fmt::format("{} [95 % CI]", event),
                                             with_units("median [95 % CI]", column.units),
                                             with_units("p90 [95 % CI]", column.units),
                                             fmt::format("{}: policy - {} [95 % CI]", event, base)};
  std::array<std::size_t, 5> widths{};
  for (std::size_t i = 0; i < 5; ++i) {
    widths[i] = header[i].size();
    for (const auto& row : rows) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out = fmt::format("{} ({}): {}; Kaplan-Meier over the timed trials, never averaged\n",
                                column.name, column.units, column.description);
  auto line = [&](const std::string& name, const std::array<std::string, 5>& cells) {
    out += fmt::format("  {:<{}}  {:>{}}  {:>{}}  {:>{}}  {:>{}}  {}\n", name, width, cells[0],
                       widths[0], cells[1], widths[1], cells[2], widths[2], cells[3], widths[3],
                       cells[4]);
  };
  line("policy", header);
  for (std::size_t p = 0; p < rows.size(); ++p) line(c.policy_names[p], rows[p]);
  out += fmt::format(
      "  timed: trials in which the clock started; {} in %; pp: percentage points over the "
      "trials timed under both;\n  NR: not reached within the longest follow-up ({:g} {}). "
      "Difference of medians: n/a (censored).\n",
      event, follow_up, column.units);
  return out;
}

std::string table(const Comparison& c, const ResultsTrials& input, const std::string& file,
                  const std::vector<std::size_t>& metrics) {
  std::size_t width = std::string_view("policy").size();
  for (const std::string& name : c.policy_names) width = std::max(width, name.size());
  const double percent = 100.0 * c.confidence_level;
  const std::size_t tail = (CVAR_TAIL_PERCENT * c.trials + 99) / 100;
  std::string out = fmt::format(
      "Comparison of {} policies against the baseline '{}', {} trials each on common random "
      "numbers\n(file {}, scenario '{}', seed {}).\n"
      "Means with {:g} % confidence intervals. Differences are policy - baseline, paired by "
      "trial;\n* marks a difference whose {:g} % CI excludes 0. CVaR95 = mean of the worst "
      "{} % of trials ({} of {}).\n\n",
      c.policy_names.size(), c.baseline_name(), c.trials, file, input.scenario_name, input.seed,
      percent, percent, CVAR_TAIL_PERCENT, tail, c.trials);
  for (std::size_t m : metrics) {
    const MetricComparison& metric = c.metrics[m];
    out += (metric.is_time_to_event() ? time_to_event_block(c, metric, width)
                                      : metric_block(c, metric, width)) +
           "\n";
  }

  out += fmt::format("P(catastrophic) = P(min_service < {:g}), {:g} % Clopper-Pearson interval\n",
                     c.catastrophic_service, percent);
  for (std::size_t p = 0; p < c.catastrophic.size(); ++p) {
    const Proportion& q = c.catastrophic[p];
    out += fmt::format("  {:<{}}  {:>6.2f} % [{:.2f} %, {:.2f} %]  ({} of {} trials)\n",
                       c.policy_names[p], width, 100.0 * q.estimate, 100.0 * q.ci_low,
                       100.0 * q.ci_high, q.successes, q.trials);
  }

  // What pairing buys: paired CI half-widths against unpaired (Welch) ones.
  if (!metrics.empty()) {
    const MetricComparison& metric = c.metrics[metrics.front()];
    double low = std::numeric_limits<double>::infinity();
    double high = 0.0;
    for (std::size_t p = 0; p < metric.policies.size(); ++p) {
      const PolicyMetricComparison& e = metric.policies[p];
      const double ratio = e.difference.half_width() / e.unpaired_half_width;
      if (p == c.baseline || !std::isfinite(ratio)) continue;
      low = std::min(low, ratio);
      high = std::max(high, ratio);
    }
    if (std::isfinite(low)) {
      out += fmt::format(
          "\nNote: pairing trials on common random numbers makes the CIs of {} differences "
          "{:.0f}-{:.0f} % as wide as unpaired (Welch) CIs from the same trials.\n",
          metric.column->name, 100.0 * low, 100.0 * high);
    }
  }
  return out;
}

// --- JSON ----------------------------------------------------------------------

//! The number, or null where JSON has none (NaN, inf: an undefined statistic).
nlohmann::ordered_json json_number(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

//! The number, or null where a quantile is not reached.
nlohmann::ordered_json json_reached(const std::optional<double>& t) {
  return t ? json_number(*t) : nlohmann::ordered_json(nullptr);
}

//! Adds to a time-to-event metric's policy entry what is reported instead
//! of its mean (null there: censored times are never averaged): the
//! Kaplan-Meier summary and the paired difference of the event flag.
void add_time_to_event(const MetricComparison& metric, const PolicyMetricComparison& e,
                       nlohmann::ordered_json& entry) {
  if (!metric.is_time_to_event()) return;
  const TimeToEventSummary& s = *e.time_to_event;
  entry["event"] = metric.event_column->name;
  entry["timed"] = s.event_share.trials;
  entry["events"] = s.event_share.successes;
  entry["event_share"] = json_number(s.event_share.estimate);
  entry["event_share_ci_low"] = json_number(s.event_share.ci_low);
  entry["event_share_ci_high"] = json_number(s.event_share.ci_high);
  entry["median"] = json_reached(s.median.time);
  entry["median_ci_low"] = json_reached(s.median.ci_low);
  entry["median_ci_high"] = json_reached(s.median.ci_high);
  entry["p90"] = json_reached(s.p90.time);
  entry["p90_ci_low"] = json_reached(s.p90.ci_low);
  entry["p90_ci_high"] = json_reached(s.p90.ci_high);
  entry["longest_follow_up"] = json_number(s.longest_follow_up);
  entry["paired_event_difference"] = json_number(e.event_difference.mean);
  entry["paired_event_ci_low"] = json_number(e.event_difference.ci_low);
  entry["paired_event_ci_high"] = json_number(e.event_difference.ci_high);
}

//! The comparison as one JSON object, keys in the order of docs/cli.md.
nlohmann::ordered_json json(const Comparison& c, const ResultsTrials& input,
                            const std::string& file, const std::vector<std::size_t>& metrics) {
  nlohmann::ordered_json out;
  out["file"] = file;
  out["scenario"] = input.scenario_name;
  out["seed"] = input.seed;
  out["trials"] = c.trials;
  out["baseline"] = c.baseline_name();
  out["confidence_level"] = json_number(c.confidence_level);
  out["catastrophic_service"] = json_number(c.catastrophic_service);
  out["cvar_tail_percent"] = CVAR_TAIL_PERCENT;
  out["policies"] = c.policy_names;
  nlohmann::ordered_json& by_metric = out["metrics"] = nlohmann::ordered_json::object();
  for (const std::size_t m : metrics) {
    const MetricComparison& metric = c.metrics[m];
    const TrialMetricColumn& column = *metric.column;
    nlohmann::ordered_json& entry = by_metric[column.name];
    entry["units"] = column.units;
    entry["better"] = better_name(column.better);
    nlohmann::ordered_json& by_policy = entry["policies"] = nlohmann::ordered_json::object();
    for (std::size_t p = 0; p < metric.policies.size(); ++p) {
      const PolicyMetricComparison& e = metric.policies[p];
      by_policy[c.policy_names[p]] = {{"mean", json_number(e.summary.mean)},
                                      {"ci_low", json_number(e.summary.ci_low)},
                                      {"ci_high", json_number(e.summary.ci_high)},
                                      {"paired_difference", json_number(e.difference.mean)},
                                      {"paired_ci_low", json_number(e.difference.ci_low)},
                                      {"paired_ci_high", json_number(e.difference.ci_high)},
                                      {"difference_excludes_zero", e.difference_excludes_zero()},
                                      {"unpaired_half_width", json_number(e.unpaired_half_width)},
                                      {"share_better", json_number(e.share_better)},
                                      {"cvar95", json_number(e.cvar95)},
                                      {"paired_count", e.paired_count}};
      add_time_to_event(metric, e, by_policy[c.policy_names[p]]);
    }
  }
  nlohmann::ordered_json& catastrophic = out["catastrophic"] = nlohmann::ordered_json::object();
  for (std::size_t p = 0; p < c.catastrophic.size(); ++p) {
    const Proportion& q = c.catastrophic[p];
    catastrophic[c.policy_names[p]] = {{"probability", json_number(q.estimate)},
                                       {"ci_low", json_number(q.ci_low)},
                                       {"ci_high", json_number(q.ci_high)},
                                       {"count", q.successes},
                                       {"trials", q.trials}};
  }
  return out;
}

//! The files' per-trial tables side by side, each policy named FILE:POLICY.
//! Trial k of every file must be the same trial: the same seed, the same
//! scenario files (overrides may differ, as between the points of a sweep)
//! and the same trial indices; InputError saying which file differs otherwise.
ResultsTrials join_files(const std::vector<std::string>& files) {
  ResultsTrials joined;
  for (std::size_t f = 0; f < files.size(); ++f) {
    ResultsTrials input = read_results_trials(files[f]);
    if (f == 0) {
      joined.scenario_name = input.scenario_name;
      joined.scenario_hash = input.scenario_hash;
      joined.seed = input.seed;
      joined.format_version = input.format_version;
      joined.catastrophic_service = input.catastrophic_service;
      joined.trial_index = input.trial_index;
      joined.table.values.resize(input.table.values.size());
    } else {
      const auto refuse = [&](const std::string& why) {
        throw ValueError({files[f], 0, 0},
                         fmt::format("cannot be paired with '{}': {}", files[0], why));
      };
      if (input.seed != joined.seed) {
        refuse(
            fmt::format("seed {} here, {} there; trials of different seeds do not share "
                        "their random numbers",
                        input.seed, joined.seed));
      }
      if (input.scenario_hash != joined.scenario_hash) {
        refuse(
            fmt::format("scenario hash {} here, {} there; pairing needs runs of the same "
                        "scenario files (--set overrides may differ)",
                        input.scenario_hash, joined.scenario_hash));
      }
      if (input.trial_index != joined.trial_index) {
        refuse(fmt::format("trials {}..{} here, {}..{} there; pairing needs the same trials",
                           input.trial_index.empty() ? 0 : input.trial_index.front(),
                           input.trial_index.empty() ? 0 : input.trial_index.back(),
                           joined.trial_index.empty() ? 0 : joined.trial_index.front(),
                           joined.trial_index.empty() ? 0 : joined.trial_index.back()));
      }
      if (input.catastrophic_service != joined.catastrophic_service) {
        refuse(fmt::format("catastrophic_service {} here, {} there", input.catastrophic_service,
                           joined.catastrophic_service));
      }
    }
    for (const std::string& name : input.table.policy_names) {
      joined.table.policy_names.push_back(fmt::format("{}:{}", files[f], name));
    }
    for (std::size_t m = 0; m < input.table.values.size(); ++m) {
      for (std::vector<double>& column : input.table.values[m]) {
        joined.table.values[m].push_back(std::move(column));
      }
    }
  }
  return joined;
}

int compare(const CompareArguments& args) {
  const bool several = args.files.size() > 1;
  const ResultsTrials input =
      several ? join_files(args.files) : read_results_trials(args.files.front());
  const std::string file =
      several ? fmt::format("{}", fmt::join(args.files, ", ")) : args.files.front();
  if (input.table.policy_names.empty()) {
    throw ValueError({file, 0, 0}, "the results file holds no policies");
  }
  ComparisonOptions options;
  options.catastrophic_service = input.catastrophic_service;
  if (args.baseline) {
    // With several files, a bare policy name means the first file's.
    const std::string name = several && args.baseline->find(':') == std::string::npos
                                 ? fmt::format("{}:{}", args.files.front(), *args.baseline)
                                 : *args.baseline;
    options.baseline =
        resolve(name, input.table.policy_names, "--baseline", "policy",
                several ? "policies (FILE:POLICY)" : fmt::format("policies in '{}'", file));
  }
  std::vector<std::string> metric_names;
  metric_names.reserve(TRIAL_METRIC_COLUMNS.size());
  for (const TrialMetricColumn& column : TRIAL_METRIC_COLUMNS) metric_names.push_back(column.name);
  std::vector<std::size_t> metrics;
  for (const std::string& name : args.metrics.empty() ? DEFAULT_METRICS : args.metrics) {
    metrics.push_back(resolve(name, metric_names, "--metric", "metric", "known metrics"));
  }
  const Comparison comparison = compare_policies(input.table, options);
  if (args.json) {
    // Invalid UTF-8 (a file name in another encoding) becomes U+FFFD instead of an error.
    fmt::print("{}\n", json(comparison, input, file, metrics)
                           .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  } else {
    fmt::print("{}", table(comparison, input, file, metrics));
  }
  return 0;
}

}  // namespace

Command add_compare_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "compare", "Compare the policies of results files against a baseline, with 95 % CIs");
  auto args = std::make_shared<CompareArguments>();
  command
      ->add_option("files", args->files,
                   "HDF5 results files written by `cyres run`; with several (same seed and "
                   "scenario files), every policy of every file, paired by trial, as FILE:POLICY")
      ->required();
  command->add_option("--baseline", args->baseline,
                      "Policy to compare against (default: the first of the (first) run; with "
                      "several files FILE:POLICY, or POLICY of the first file)");
  command
      ->add_option("--metric", args->metrics,
                   "Metric to show (repeatable or comma-separated; default: resilience_loss, "
                   "min_service, time_to_recover, compromised, supply_down)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->delimiter(',');
  command->add_flag("--json", args->json, "Print one JSON object instead of the table");
  return [args] { return compare(*args); };
}

}  // namespace cyres::cli
