#include "sim/cli/summary_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <vector>

#include "models/metric_columns.hpp"
#include "sim/stats/comparison.hpp"
#include "sim/stats/summary.hpp"

namespace cyres::cli {
namespace {

//! The column named `name`; the table's headers are the HDF5 dataset names,
//! the names `cyres compare --metric` accepts.
const TrialMetricColumn& column(const char* name) {
  const TrialMetricColumn* found = find_metric_column(name);
  if (found == nullptr) throw std::logic_error(fmt::format("no metric column '{}'", name));
  return *found;
}

std::vector<double> values_of(const PolicyResult& policy, const TrialMetricColumn& c) {
  std::vector<double> values;
  values.reserve(policy.trials.size());
  for (const TrialMetrics& m : policy.trials) values.push_back(c.of(m));
  return values;
}

std::string mean_cell(const PolicyResult& policy, const char* name, int decimals) {
  const Summary s = summarise(values_of(policy, column(name)));
  if (!std::isfinite(s.mean)) return "n/a";
  return fmt::format("{:.{}f} ± {:.{}f}", s.mean, decimals, s.half_width(), decimals);
}

//! A time in hours, or NR (not reached within the follow-up).
std::string hours(const std::optional<double>& t) {
  if (!t) return "NR";
  return std::abs(*t) >= 10.0 ? fmt::format("{:.0f}", *t) : fmt::format("{:.1f}", *t);
}

std::string quantile_cell(const SurvivalQuantile& q, bool with_ci) {
  if (!with_ci) return hours(q.time);
  return fmt::format("{} [{}, {}]", hours(q.time), hours(q.ci_low), hours(q.ci_high));
}

//! The Kaplan-Meier summary of time-to-event column `name` of one policy.
TimeToEventSummary time_to_event(const PolicyResult& policy, const char* name) {
  const TrialMetricColumn& times = column(name);
  const TrialMetricColumn* flag = event_column_of(times);
  if (flag == nullptr) throw std::logic_error(fmt::format("'{}' has no event flag", name));
  return time_to_event_summary(values_of(policy, times), values_of(policy, *flag));
}

//! Characters as a terminal shows them: UTF-8 continuation bytes (of "±")
//! take no column.
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char ch) {
    return (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  }));
}

constexpr std::size_t COLUMNS = 10;
using Row = std::array<std::string, COLUMNS>;

//! "a of b policy, c of d other" for the censoring line.
std::string censored_counts(const RunResult& run, const std::vector<TimeToEventSummary>& s) {
  std::string out;
  for (std::size_t p = 0; p < s.size(); ++p) {
    const Proportion& share = s[p].event_share;
    out += fmt::format("{}{} {} of {}", p == 0 ? "" : ", ", run.policies[p].policy.name,
                       share.trials - share.successes, share.trials);
  }
  return out;
}

}  // namespace

std::string summary_table(const RunResult& run) {
  std::vector<Row> rows;
  rows.push_back({"policy", column("resilience_loss").name, column("min_service").name,
                  column("recovered").name, column("time_to_recover").name, "",
                  column("time_to_detect").name, column("compromised").name,
                  column("attack_down").name, column("supply_down").name});
  rows.push_back({"", "mean, service-h", "mean", "of disrupted", "KM median [95 % CI], h",
                  "KM p90, h", "KM median, h", "mean", "mean", "mean"});
  std::vector<TimeToEventSummary> recover;
  std::vector<TimeToEventSummary> detect;
  for (const PolicyResult& policy : run.policies) {
    const TimeToEventSummary r = time_to_event(policy, "time_to_recover");
    const TimeToEventSummary d = time_to_event(policy, "time_to_detect");
    const Proportion& share = r.event_share;
    rows.push_back({policy.policy.name, mean_cell(policy, "resilience_loss", 2),
                    mean_cell(policy, "min_service", 3),
                    share.trials == 0
                        ? "none disrupted"
                        : fmt::format("{:.0f} % of {}", 100.0 * share.estimate, share.trials),
                    quantile_cell(r.median, true), quantile_cell(r.p90, false),
                    quantile_cell(d.median, false), mean_cell(policy, "compromised", 1),
                    mean_cell(policy, "attack_down", 1), mean_cell(policy, "supply_down", 1)});
    recover.push_back(r);
    detect.push_back(d);
  }
  std::array<std::size_t, COLUMNS> widths{};
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t i = 0; i < COLUMNS; ++i) {
      // The time_to_recover name spans its median and p90 columns.
      if (!(r == 0 && (i == 4 || i == 5)))
        widths[i] = std::max(widths[i], display_width(rows[r][i]));
    }
  }
  std::string table = fmt::format(
      "Resilience summary: {} trials per policy, horizon {:g} h. Means ± 95 % CI half-width;\n"
      "times to an event are censored at the horizon: Kaplan-Meier (KM), never averaged.\n\n",
      run.trials, static_cast<double>(run.horizon) * run.dt_hours);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const Row& row = rows[r];
    std::string line = row[0] + std::string(widths[0] - display_width(row[0]), ' ');
    for (std::size_t i = 1; i < COLUMNS; ++i) {
      if (r == 0 && i == 4) {  // time_to_recover over its two columns, left-aligned
        line += "  " + row[4] + std::string(widths[4] + 2 + widths[5] - display_width(row[4]), ' ');
        ++i;
        continue;
      }
      line += std::string(2 + widths[i] - display_width(row[i]), ' ') + row[i];
    }
    table += line + "\n";
  }
  table += fmt::format(
      "\ntime_to_recover: counted from the first disruption (service below the recovery "
      "threshold).\n  Censored, disrupted but not recovered by the horizon: {}.\n",
      censored_counts(run, recover));
  table += fmt::format(
      "time_to_detect: counted from the first compromise.\n"
      "  Censored, compromised but nothing detected by the horizon: {}.\n",
      censored_counts(run, detect));
  table +=
      "NR: not reached; the KM curve (or the end of its interval) does not get there within the "
      "horizon.\n";
  return table;
}

}  // namespace cyres::cli
