#include <fmt/format.h>

#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres::cli {

Command add_validate_command(CLI::App& app) {
  auto* command = app.add_subcommand("validate", "Check a scenario and report its first error");
  auto arguments = std::make_shared<ScenarioArguments>();
  arguments->add_to(*command);
  // The options of `run` that shape what it loads, so that validate refuses
  // whatever run would refuse before simulating.
  auto selection = std::make_shared<RunSelection>();
  selection->add_to(*command);
  return [arguments, selection] {
    const std::string path = arguments->resolved_path();
    const Scenario scenario = load_scenario(path, selection->load_options(*arguments));
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
