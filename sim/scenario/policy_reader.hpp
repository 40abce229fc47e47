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
};

//! The presets shipped in the binary, in file order.
std::vector<Policy> load_presets(const PolicyContext& context);

//! The scenario's policies; without a `policies` key, the `independent` preset alone.
std::vector<Policy> read_policies(const yaml::Map& root, const PolicyContext& context);

//! How many policies read_policies will return, known before anything is read:
//! the length of the `policies` list, or 1 without one (or with a malformed
//! one, which read_policies refuses).
std::size_t count_policies(const yaml::Map& root);

}  // namespace cyres
