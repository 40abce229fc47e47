#pragma once
// `policies:` -> std::vector<Policy>, each optionally starting from a preset of
// data/policies/presets.yaml (embedded) whose levers the scenario's keys override.

#include <cstddef>
#include <vector>

#include "sim/scenario/policy.hpp"
#include "sim/scenario/name_index.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace cyres {

//! What a policy may refer to.
struct PolicyContext {
  const NameIndex& sectors;
  const NameIndex& organisations;
  std::size_t asset_count = 0;
  int version = 1;               //!< format version of the file (version 1 refuses the v2 levers)
  std::size_t partnerships = 0;  //!< scenario partnerships: mode `partnerships` needs some
  bool assistance_mandates = false;  //!< whether any organisation has an `assistance` mandate
};

//! The presets shipped in the binary, in file order.
std::vector<Policy> load_presets(const PolicyContext& context);

//! The scenario's policies; without a `policies` key, the `independent` preset alone.
std::vector<Policy> read_policies(const yaml::Map& root, const PolicyContext& context);

//! Version 2 `prevention:` section, applied under every policy: the keys, ranges
//! and meanings of a policy's `prevention` lever. Defaults (nothing) when absent.
PreventionLever read_scenario_prevention(const yaml::Map& root, const PolicyContext& context);

//! How many policies read_policies will return, known before anything is read:
//! the length of the `policies` list, or 1 without one (or with a malformed
//! one, which read_policies refuses).
std::size_t count_policies(const yaml::Map& root);

}  // namespace cyres
