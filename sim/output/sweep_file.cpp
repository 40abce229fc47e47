#include "sim/output/sweep_file.hpp"

#include <fmt/format.h>

#include "models/metric_columns.hpp"
#include "sim/core/error.hpp"
#include "sim/core/pending_output.hpp"
#include "sim/hdf5/hdf5.hpp"

namespace cyres {
namespace {

//! A (points, policies) dataset of one field of every point's comparison.
template <class Field>
void write_grid(const h5::Group& group, const char* name, const SweepTable& t, std::size_t metric,
                Field field, std::string_view units, const std::string& description,
                const h5::Dataset& point_scale, const h5::Dataset& policy_scale) {
  const std::size_t points = t.points.size();
  const std::size_t policies = t.policies.size();
  std::vector<double> values(points * policies);
  for (std::size_t k = 0; k < points; ++k) {
    for (std::size_t p = 0; p < policies; ++p) {
      values[k * policies + p] = field(t.points[k].metrics[metric].policies[p]);
    }
  }
  const h5::Dataset dataset =
      h5::write_dataset(group, name, std::span<const double>(values), h5::Dims{points, policies});
  h5::set_units(dataset, units);
  h5::write_attribute(dataset, "description", description);
  h5::attach_scale(dataset, point_scale, 0, "point");
  h5::attach_scale(dataset, policy_scale, 1, "policy");
}

void write_table(const h5::File& file, const SweepTable& t, const RunInfo& info) {
  h5::write_attribute(file, "format", SWEEP_FORMAT);
  h5::write_attribute(file, "format_version", SWEEP_FORMAT_VERSION);
  h5::write_attribute(file, "tool_version", CYRES_VERSION);
  h5::write_attribute(file, "git_revision", CYRES_GIT_REVISION);
  h5::write_attribute(file, "command_line", info.command_line);
  h5::write_attribute(file, "start_time", info.start_time);
  h5::write_attribute(file, "end_time", info.end_time);
  h5::write_attribute(file, "wall_seconds", t.wall_seconds);
  h5::write_attribute(file, "seed", t.seed);
  h5::write_attribute(file, "trials", t.trials);
  h5::write_attribute(file, "scenario_name", t.scenario_name);
  h5::write_attribute(file, "scenario_hash", t.scenario_hash);
  h5::write_attribute(h5::write_text_dataset(file, "sweep_file", t.sweep_text), "path",
                      t.sweep_file);

  const h5::Group sweep = h5::create_group(file, "sweep");
  h5::write_attribute(sweep, "parameters", t.parameters);
  h5::write_attribute(sweep, "policies", t.policies);
  h5::write_attribute(sweep, "baseline",
                      t.points.empty() ? std::string() : t.points.front().baseline_name());
  h5::write_attribute(sweep, "design", t.design);
  h5::write_attribute(sweep, "confidence_level", 0.95);
  h5::write_attribute(sweep, "points", static_cast<std::uint64_t>(t.points.size()));

  std::vector<std::uint64_t> index(t.points.size());
  for (std::size_t k = 0; k < index.size(); ++k) index[k] = k;
  const h5::Dataset point =
      h5::write_dataset(sweep, "point", std::span<const std::uint64_t>(index));
  h5::make_scale(point, "point");
  h5::set_units(point, "1");
  h5::write_attribute(point, "description", "point index k; point_results/point_<k>.h5 if kept");
  const h5::Dataset policy = h5::write_dataset(sweep, "policy", t.policies);
  h5::make_scale(policy, "policy");

  for (std::size_t i = 0; i < t.parameters.size(); ++i) {
    const std::string& name = t.parameters[i];
    if (h5::exists(sweep, name) || find_metric_column(name) != nullptr) {
      throw OutputError(fmt::format("swept path '{}' collides with a name in /sweep", name));
    }
    h5::Dataset column = [&] {
      if (!t.numeric[i]) return h5::write_dataset(sweep, name, t.values[i]);
      std::vector<double> numbers;
      for (const std::string& v : t.values[i]) numbers.push_back(std::strtod(v.c_str(), nullptr));
      h5::Dataset d = h5::write_dataset(sweep, name, std::span<const double>(numbers));
      h5::set_units(d, "");  // the scenario value's own unit (docs/scenario-format.md)
      return d;
    }();
    h5::write_attribute(column, "role", "parameter");
    h5::write_attribute(column, "description",
                        fmt::format("value of --set {}=VALUE at each point", name));
    h5::attach_scale(column, point, 0, "point");
  }

  if (t.points.empty()) return;
  const std::string base = t.points.front().baseline_name();
  for (std::size_t m = 0; m < TRIAL_METRIC_COLUMNS.size(); ++m) {
    const TrialMetricColumn& column = TRIAL_METRIC_COLUMNS[m];
    const h5::Group group = h5::create_group(sweep, column.name);
    h5::write_attribute(group, "units", column.units);
    h5::write_attribute(group, "better", better_name(column.better));
    h5::write_attribute(group, "description", column.description);
    const std::string_view units = column.units;
    using E = PolicyMetricComparison;
    write_grid(
        group, "mean", t, m, [](const E& e) { return e.summary.mean; }, units,
        "mean over the point's trials", point, policy);
    write_grid(
        group, "ci_low", t, m, [](const E& e) { return e.summary.ci_low; }, units,
        "lower end of the 95 % Student-t CI of the mean", point, policy);
    write_grid(
        group, "ci_high", t, m, [](const E& e) { return e.summary.ci_high; }, units,
        "upper end of the 95 % Student-t CI of the mean", point, policy);
    write_grid(
        group, "paired_difference", t, m, [](const E& e) { return e.difference.mean; }, units,
        fmt::format("mean over trials of policy - '{}' at the same point, paired by trial", base),
        point, policy);
    write_grid(
        group, "paired_ci_low", t, m, [](const E& e) { return e.difference.ci_low; }, units,
        "lower end of the 95 % Student-t CI of the paired difference", point, policy);
    write_grid(
        group, "paired_ci_high", t, m, [](const E& e) { return e.difference.ci_high; }, units,
        "upper end of the 95 % Student-t CI of the paired difference", point, policy);
  }
}

void write_contents(const std::string& file_path, const SweepTable& t, const RunInfo& info) {
  h5::File file = h5::File::create(file_path);
  write_table(file, t, info);  // every object it opened is closed when it returns
  file.close();
}

}  // namespace

void write_sweep_file(const std::string& path, const SweepTable& table, const RunInfo& info) {
  write_output_file(path, "sweep file",
                    [&](const std::string& temporary) { write_contents(temporary, table, info); });
}

}  // namespace cyres
