#include "sim/cli/commands.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres::cli {

void ScenarioArguments::add_to(CLI::App& command) {
  command.add_option("scenario", path,
                     "Scenario YAML file (default: the embedded default scenario)");
  command
      .add_option("--set", overrides,
                  "Override a scenario value, e.g. --set simulation.trials=200 "
                  "(validated like the file; repeatable)")
      ->type_name("PATH=VALUE");
}

std::string ScenarioArguments::resolved_path() const {
  return path.empty() ? default_scenario_path() : path;
}

}  // namespace cyres::cli
