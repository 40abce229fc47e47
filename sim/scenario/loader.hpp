#pragma once
// Reads and validates a scenario (docs/scenario-format.md). Every problem is
// reported as a typed InputError (sim/core/error.hpp) carrying file and
// line:column (YAML) or line (CSV); nothing is half-loaded.

#include <cstddef>
#include <string>
#include <vector>

#include "sim/scenario/limits.hpp"
#include "sim/scenario/scenario.hpp"

namespace cyres {

struct LoadOptions {
  //! "PATH=VALUE" overrides applied to the YAML tree before validation
  //! (docs/scenario-format.md, "Command-line overrides").
  std::vector<std::string> overrides;
  //! How many policies will run (`cyres run --policy`), for the memory guard;
  //! 0 = every policy of the scenario (or as many as `policies` names).
  std::size_t policies_to_run = 0;
  //! The policies `cyres run --policy` names, in run order (empty = all): each
  //! must be a policy of the scenario, named once (errors located at `--policy`).
  std::vector<std::string> policies{};
  //! Limit of the memory guard (`--max-memory`) [bytes].
  double max_memory_bytes = MAX_TRIAL_TABLE_BYTES;
};

//! Loads a scenario. `path` is a YAML file on disk, or "embedded:NAME" for a
//! scenario shipped in the binary (data/scenarios/NAME/scenario.yaml).
Scenario load_scenario(const std::string& path, const LoadOptions& options = {});

//! The scenario shipped as the default (`cyres run` with no SCENARIO).
std::string default_scenario_path();

}  // namespace cyres
