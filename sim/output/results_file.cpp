#include "sim/output/results_file.hpp"

#include <cmath>
#include <set>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/core/pending_output.hpp"
#include "sim/hdf5/hdf5.hpp"
#include "sim/output/comparison_group.hpp"
#include "sim/output/policy_group.hpp"
#include "sim/scenario/scenario_hash.hpp"

namespace cyres {
namespace {

void require_size(std::size_t actual, std::uint64_t expected, const std::string& policy,
                  const char* what) {
  if (actual != expected) {
    throw OutputError(fmt::format("results of policy '{}': {} holds {} values, expected {}", policy,
                                  what, actual, expected));
  }
}

void write_root_attributes(const h5::File& file, const Scenario& scenario, const RunResult& run,
                           const RunInfo& info) {
  h5::write_attribute(file, "format", RESULTS_FORMAT);
  h5::write_attribute(file, "format_version", RESULTS_FORMAT_VERSION);
  h5::write_attribute(file, "tool_version", CYRES_VERSION);
  h5::write_attribute(file, "git_revision", CYRES_GIT_REVISION);
  h5::write_attribute(file, "command_line", info.command_line);
  h5::write_attribute(file, "seed", run.seed);
  h5::write_attribute(file, "trials", run.trials);
  h5::write_attribute(file, "trials_requested", run.trials_requested);
  h5::write_attribute(file, "target_relative_ci", run.target_relative_ci);
  h5::write_attribute(file, "stop_target", stop_target_name(run.stop_target));
  h5::write_attribute(file, "horizon_steps", static_cast<std::int32_t>(run.horizon));
  h5::write_attribute(file, "dt_hours", run.dt_hours);
  h5::write_attribute(file, "scenario_hash", scenario_hash(scenario.source));
  h5::write_attribute(file, "scenario_name", scenario.name);
  h5::write_attribute(file, "start_time", info.start_time);
  h5::write_attribute(file, "end_time", info.end_time);
  h5::write_attribute(file, "wall_seconds", run.wall_seconds);
}

//! The inputs verbatim, and the tables that label results (sector s of a
//! result is sectors[s]; asset i is asset_ids[i]).
void write_scenario_group(const h5::File& file, const Scenario& scenario) {
  const h5::Group group = h5::create_group(file, "scenario");
  h5::write_attribute(group, "name", scenario.name);
  h5::write_attribute(group, "description", scenario.description);
  h5::write_attribute(group, "recovery_threshold", scenario.settings.recovery_threshold);
  h5::write_attribute(group, "catastrophic_service", scenario.settings.catastrophic_service);

  const ScenarioSource& source = scenario.source;
  h5::write_attribute(h5::write_text_dataset(group, "text", source.root_text), "path",
                      source.root_path);
  h5::write_attribute(h5::write_text_dataset(group, "assets_csv", source.assets_text), "path",
                      source.assets_path);
  h5::write_attribute(h5::write_text_dataset(group, "links_csv", source.links_text), "path",
                      source.links_path);

  std::vector<std::string> sector_names;
  std::vector<double> weights;
  for (const Sector& sector : scenario.sectors) {
    sector_names.push_back(sector.name);
    weights.push_back(sector.normalised_weight);
  }
  h5::write_dataset(group, "sectors", sector_names);
  h5::set_units(h5::write_dataset(group, "sector_weights", std::span<const double>(weights)), "1");

  std::vector<std::string> organisation_names;
  for (const Organisation& organisation : scenario.organisations) {
    organisation_names.push_back(organisation.name);
  }
  h5::write_dataset(group, "organisations", organisation_names);

  std::vector<std::string> state_names;
  for (const State& state : scenario.states) state_names.push_back(state.name);
  h5::write_dataset(group, "states", state_names);

  const AssetTable& assets = scenario.assets;
  h5::write_dataset(group, "asset_ids", assets.id);
  const std::vector<std::int32_t> asset_sector(assets.sector.begin(), assets.sector.end());
  h5::write_dataset(group, "asset_sector", std::span<const std::int32_t>(asset_sector));
  const std::vector<std::int32_t> asset_organisation(assets.organisation.begin(),
                                                     assets.organisation.end());
  h5::write_dataset(group, "asset_organisation", std::span<const std::int32_t>(asset_organisation));
  const std::vector<std::int32_t> asset_state(assets.state.begin(), assets.state.end());
  h5::write_dataset(group, "asset_state", std::span<const std::int32_t>(asset_state));
  h5::set_units(
      h5::write_dataset(group, "asset_criticality", std::span<const double>(assets.criticality)),
      "1");
}

void write_contents(const std::string& file_path, const Scenario& scenario, const RunResult& run,
                    const RunInfo& info, const ExtraContents& extra) {
  h5::File file = h5::File::create(file_path);
  write_root_attributes(file, scenario, run, info);
  write_scenario_group(file, scenario);
  {
    const h5::Group policies = h5::create_group(file, "policies");
    std::vector<std::string> names;
    for (const PolicyResult& result : run.policies) names.push_back(result.policy.name);
    // Groups list alphabetically in most readers; this keeps the run's order,
    // whose first policy is the baseline of /comparison.
    h5::write_attribute(policies, "names", names);
    for (const PolicyResult& result : run.policies) {
      write_policy_group(policies, scenario, run, result);
    }
  }
  // /comparison: paired statistics of every policy against the first (baseline).
  write_comparison(file, scenario, run);
  if (extra) extra(file);
  file.close();
}

}  // namespace

void check_run_shapes(const Scenario& scenario, const RunResult& run) {
  if (run.sectors != scenario.sectors.size()) {
    throw OutputError(fmt::format("run has {} sectors but the scenario has {}", run.sectors,
                                  scenario.sectors.size()));
  }
  if (run.horizon < 0 || !(run.dt_hours > 0.0) || !std::isfinite(run.dt_hours)) {
    throw OutputError(fmt::format("run has horizon {} steps and dt {} h; expected >= 0 and > 0",
                                  run.horizon, run.dt_hours));
  }
  if (run.states != scenario.states.size()) {
    throw OutputError(fmt::format("run has {} states but the scenario has {}", run.states,
                                  scenario.states.size()));
  }
  const AssetTable& assets = scenario.assets;
  if (assets.sector.size() != assets.size() || assets.organisation.size() != assets.size() ||
      assets.state.size() != assets.size() || assets.criticality.size() != assets.size()) {
    throw OutputError("scenario asset table columns differ in length");
  }
  const auto horizon = static_cast<std::uint64_t>(run.horizon);
  std::set<std::string> seen;
  for (const PolicyResult& result : run.policies) {
    const std::string& name = result.policy.name;
    if (name.empty() || name == "." || name.find('/') != std::string::npos) {
      throw OutputError(fmt::format("policy name '{}' cannot name an HDF5 group", name));
    }
    if (!seen.insert(name).second) {
      throw OutputError(fmt::format("policy '{}' appears twice in the run", name));
    }
    require_size(result.trials.size(), run.trials, name, "trials");
    require_size(result.sector_loss.size(), run.trials * run.sectors, name, "sector_loss");
    require_size(result.state_loss.size(), run.trials * run.states, name, "state_loss");
    require_size(result.service.cells(), horizon, name, "service (steps)");
    require_size(result.sector_service.cells(), horizon * run.sectors, name,
                 "sector_service (steps x sectors)");
    require_size(result.state_count_sum.size(), horizon * state_count_kinds, name,
                 "state_count_sum");
  }
}

void write_results_file(const std::string& path, const Scenario& scenario, const RunResult& run,
                        const RunInfo& info, const ExtraContents& extra) {
  write_output_file(path, "results file", [&](const std::string& temporary) {
    check_run_shapes(scenario, run);
    write_contents(temporary, scenario, run, info, extra);
  });
}

}  // namespace cyres
