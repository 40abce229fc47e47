#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/graph/asset_graph.hpp"
#include "sim/graph/graph_analysis.hpp"
#include "sim/output/policy_group.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/policy_levers.hpp"

namespace cyres::cli {
namespace {

void print_info(const std::string& path, const Scenario& scenario) {
  const AssetTable& assets = scenario.assets;
  const AssetGraph graph(assets.size(), scenario.links);
  fmt::print("scenario {} ({})\n{}\n\n", scenario.name, path, scenario.description);
  fmt::print("{} assets, {} network links, {} dependency links, {} campaigns, {} policies\n\n",
             assets.size(), graph.network_links(), graph.dependency_links(),
             scenario.campaigns.size(), scenario.policies.size());

  std::vector<std::size_t> per_sector(scenario.sectors.size(), 0);
  std::vector<double> criticality(scenario.sectors.size(), 0.0);
  std::vector<std::size_t> per_org(scenario.organisations.size(), 0);
  std::vector<std::size_t> per_state(scenario.states.size(), 0);
  std::vector<double> state_criticality(scenario.states.size(), 0.0);
  for (std::size_t i = 0; i < assets.size(); ++i) {
    ++per_sector[assets.sector[i]];
    criticality[assets.sector[i]] += assets.criticality[i];
    ++per_org[assets.organisation[i]];
    ++per_state[assets.state[i]];
    state_criticality[assets.state[i]] += assets.criticality[i];
  }
  std::vector<std::size_t> orgs_in_state(scenario.states.size(), 0);
  for (const Organisation& org : scenario.organisations) {
    if (org.state != NO_STATE) ++orgs_in_state[org.state];
  }
  fmt::print("{:<16} {:>8} {:>14} {:>14}\n", "state", "assets", "criticality", "organisations");
  for (std::size_t g = 0; g < scenario.states.size(); ++g) {
    fmt::print("{:<16} {:>8} {:>14.1f} {:>14}\n", scenario.states[g].name, per_state[g],
               state_criticality[g], orgs_in_state[g]);
  }
  fmt::print("\n");
  fmt::print("{:<16} {:>8} {:>8} {:>14}\n", "sector", "weight", "assets", "criticality");
  for (std::size_t s = 0; s < scenario.sectors.size(); ++s) {
    fmt::print("{:<16} {:>8.3f} {:>8} {:>14.1f}\n", scenario.sectors[s].name,
               scenario.sectors[s].normalised_weight, per_sector[s], criticality[s]);
  }
  fmt::print("\n{:<16} {:<9} {:<16} {:>8} {:>8} {:>12}\n", "organisation", "level", "state",
             "teams", "assets", "capability");
  for (std::size_t o = 0; o < scenario.organisations.size(); ++o) {
    const Organisation& org = scenario.organisations[o];
    const std::string state = org.state == NO_STATE ? "-" : scenario.states[org.state].name;
    fmt::print("{:<16} {:<9} {:<16} {:>8} {:>8} {:>12.2f}\n", org.name,
               ORG_LEVEL_NAMES[static_cast<std::size_t>(org.level)], state, org.teams, per_org[o],
               org.detection_capability);
  }
  const DependencyStructure deps = analyse_dependencies(graph);
  fmt::print("\ndependency cycles: {} ({} assets, largest {})\nlongest dependency chain: {} hops\n",
             deps.cyclic_components, deps.assets_in_cycles, deps.largest_cycle, deps.longest_chain);
}

//! The lever table (sim/scenario/policy_levers.hpp), one parameter per block.
void print_levers() {
  fmt::print(
      "Policy lever parameters: scenario key (kind, unit) -> attribute of /policies/<name>\n");
  for (const LeverParameter& p : LEVER_PARAMETERS) {
    const std::string unit = *p.unit != '\0' ? fmt::format(", {}", p.unit) : "";
    fmt::print("\n{} ({}{}) -> {} ({})\n    {}\n    accepts {}: {}\n", lever_path(p),
               lever_kind_name(p.member.kind), unit, p.hdf5, lever_attribute_type(p.member.kind),
               p.doc, lever_range_text(p), p.why);
  }
}

//! The lever table as a JSON array, one object per parameter, in table order.
void print_levers_json() {
  nlohmann::ordered_json levers = nlohmann::ordered_json::array();
  for (const LeverParameter& p : LEVER_PARAMETERS) {
    nlohmann::ordered_json lever;
    lever["key"] = lever_path(p);
    lever["section"] = p.section;
    lever["name"] = p.key;
    lever["kind"] = lever_kind_name(p.member.kind);
    lever["range"] = lever_range_text(p);
    lever["why"] = p.why;
    if (p.options != nullptr) lever["options"] = *p.options;
    lever["unit"] = p.unit;
    lever["hdf5_attribute"] = p.hdf5;
    lever["hdf5_type"] = lever_attribute_type(p.member.kind);
    lever["doc"] = p.doc;
    levers.push_back(std::move(lever));
  }
  fmt::print("{}\n", levers.dump(2));
}

struct InfoArguments {
  ScenarioArguments scenario;
  bool levers = false;
  bool json = false;
};

}  // namespace

Command add_info_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "info",
      "Describe a scenario: sizes, links, cycles, chains; or, with --levers, the policy "
      "lever parameters");
  auto arguments = std::make_shared<InfoArguments>();
  arguments->scenario.add_to(*command);
  auto* levers = command->add_flag(
      "--levers", arguments->levers,
      "Print the policy lever parameters (scenario key, kind, range, HDF5 attribute, unit) "
      "instead of describing a scenario");
  levers->excludes(command->get_option("scenario"))->excludes(command->get_option("--set"));
  command->add_flag("--json", arguments->json, "With --levers: print them as a JSON array")
      ->needs(levers);
  return [arguments] {
    if (arguments->levers) {
      arguments->json ? print_levers_json() : print_levers();
      return 0;
    }
    const std::string path = arguments->scenario.resolved_path();
    print_info(path, load_scenario(path, {arguments->scenario.overrides}));
    return 0;
  };
}

}  // namespace cyres::cli
