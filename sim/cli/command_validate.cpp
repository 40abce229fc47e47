#include <fmt/format.h>

#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres::cli {

Command add_validate_command(CLI::App& app) {
  auto* command = app.add_subcommand("validate", "Check a scenario and report its first error");
  auto arguments = std::make_shared<ScenarioArguments>();
  arguments->add_to(*command);
  return [arguments] {
    const std::string path = arguments->resolved_path();
    const Scenario scenario = load_scenario(path, {arguments->overrides});
    fmt::print(
        "{}: valid scenario '{}': {} sectors, {} organisations, {} assets, {} links, "
        "{} campaigns, {} policies\n",
        path, scenario.name, scenario.sectors.size(), scenario.organisations.size(),
        scenario.assets.size(), scenario.links.size(), scenario.campaigns.size(),
        scenario.policies.size());
    return 0;
  };
}

}  // namespace cyres::cli
