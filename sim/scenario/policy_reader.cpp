#include "sim/scenario/policy_reader.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "sim/scenario/embedded.hpp"
#include "sim/scenario/policy_levers.hpp"
#include "sim/scenario/readers.hpp"

namespace cyres {

namespace {

constexpr const char* PRESETS_KEY = "policies/presets.yaml";

// The keys of a policy mapping: its own, then one per lever of the table.
std::vector<std::string_view> policy_keys(bool with_preset) {
  std::vector<std::string_view> keys = {"name"};
  if (with_preset) keys.emplace_back("preset");
  keys.emplace_back("description");
  for (const std::string_view section : lever_sections()) keys.push_back(section);
  return keys;
}

std::size_t resolve(const yaml::Map& map, const YAML::Node& node, const std::string& path,
                    const NameIndex& names, const char* what, const char* section) {
  const std::string name = yaml::as_string(map.doc(), node, path);
  const auto index = names.find(name);
  if (!index) {
    throw ReferenceError(map.doc().locate(node),
                         fmt::format("{}: unknown {} '{}' (not declared in {}){}", path, what, name,
                                     section, names.suggest(name)));
  }
  return *index;
}

// sharing.partners: groups of at least two declared organisations.
OrganisationGroups read_organisation_groups(const yaml::Map& m, std::string_view key,
                                            const PolicyContext& ctx) {
  const YAML::Node groups = m.get(key);
  const std::string path = m.path_of(key);
  yaml::expect_sequence(m.doc(), groups, path, true);
  OrganisationGroups result;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::string group_path = yaml::item_path(path, g);
    yaml::expect_sequence(m.doc(), groups[g], group_path, true);
    if (groups[g].size() < 2) {
      throw ValueError(m.doc().locate(groups[g]),
                       fmt::format("{}: a group of {} organisation; expected at least two "
                                   "organisations that share with each other",
                                   group_path, groups[g].size()));
    }
    std::vector<OrgIndex> members;
    for (std::size_t k = 0; k < groups[g].size(); ++k) {
      members.push_back(
          static_cast<OrgIndex>(resolve(m, groups[g][k], yaml::item_path(group_path, k),
                                        ctx.organisations, "organisation", "organisations")));
    }
    result.push_back(std::move(members));
  }
  return result;
}

// triage.sectors: declared sectors, each once.
SectorList read_sector_list(const yaml::Map& m, std::string_view key, const PolicyContext& ctx) {
  const YAML::Node list = m.get(key);
  const std::string path = m.path_of(key);
  yaml::expect_sequence(m.doc(), list, path, true);
  SectorList result;
  for (std::size_t k = 0; k < list.size(); ++k) {
    const auto s = static_cast<SectorIndex>(
        resolve(m, list[k], yaml::item_path(path, k), ctx.sectors, "sector", "sectors"));
    if (std::find(result.begin(), result.end(), s) != result.end()) {
      throw ValueError(m.doc().locate(list[k]),
                       fmt::format("{}: sector '{}' is listed twice; expected each sector once",
                                   yaml::item_path(path, k), ctx.sectors.names()[s]));
    }
    result.push_back(s);
  }
  return result;
}

// A budget or count beyond what exists hardens or raises everything there is.
void clamp_prevention(PreventionLever& p, const PolicyContext& ctx) {
  p.hardening_budget = static_cast<int>(std::min<std::size_t>(p.hardening_budget, ctx.asset_count));
  p.capability_raised_orgs =
      static_cast<int>(std::min<std::size_t>(p.capability_raised_orgs, ctx.organisations.size()));
}

// ValueError at the policy's `lever` mapping (or the policy, if it inherits the lever).
[[noreturn]] void fail_lever(const yaml::Map& item, const char* lever, const std::string& problem) {
  const YAML::Node node = item.get(lever);
  throw ValueError(item.doc().locate(node.IsDefined() ? node : item.node()),
                   fmt::format("{}: {}", item.path_of(lever), problem));
}

// What a scenario's policy needs of the scenario (not checked on the presets
// themselves, which serve every scenario).
void check_scenario_needs(const yaml::Map& item, const Policy& p, const PolicyContext& ctx) {
  if (p.sharing.mode == SharingMode::partnerships && ctx.partnerships == 0) {
    fail_lever(item, "sharing",
               "mode 'partnerships' needs a non-empty scenario 'partnerships' list");
  }
  if (p.assistance.mode == AssistanceMode::requests && !ctx.assistance_mandates) {
    fail_lever(item, "assistance",
               "mode 'requests' needs an organisation with an 'assistance' mandate; no "
               "organisation of the scenario has one");
  }
}

// One parameter of the lever mapping `m`, if given, into `p`; checked against the table's range.
void read_parameter(const yaml::Map& m, const LeverParameter& lever, Policy& p,
                    const PolicyContext& ctx) {
  if (!m.has(lever.key)) return;
  const LeverMember& f = lever.member;
  switch (f.kind) {
    case LeverKind::real:
      f.real.set(p, m.number(lever.key, lever.real_range, f.real.get(p)));
      return;
    case LeverKind::integer:
      f.integer.set(p, m.integer(lever.key, lever.integer_range, f.integer.get(p)));
      return;
    case LeverKind::flag:
      f.flag.set(p, m.boolean(lever.key, f.flag.get(p)));
      return;
    case LeverKind::option:
      f.option.set(p, m.choice(lever.key, *lever.options, f.option.get(p)));
      return;
    case LeverKind::organisation_groups:
      f.organisation_groups.set(p, read_organisation_groups(m, lever.key, ctx));
      return;
    case LeverKind::sector_list:
      f.sector_list.set(p, read_sector_list(m, lever.key, ctx));
      return;
  }
}

// Checks that concern several levers or their combination with a preset.
void check_policy(const yaml::Map& item, Policy& p, const PolicyContext& ctx) {
  const auto fail = [&](const char* lever, const std::string& problem) {
    fail_lever(item, lever, problem);
  };
  const bool partners_mode = p.sharing.mode == SharingMode::partners;
  if (partners_mode && p.sharing.partner_groups.empty()) {
    fail("sharing", "mode 'partners' needs a non-empty 'partners' list of organisation groups");
  }
  if (!partners_mode && !p.sharing.partner_groups.empty()) {
    fail("sharing", "a 'partners' list applies only to mode 'partners'");
  }
  if (p.triage.order == TriageOrder::sector_priority && p.triage.sector_priority.empty()) {
    fail("triage", "order 'sector_priority' needs a non-empty 'sectors' list");
  }
  if (p.crisis.enabled && p.crisis.incident_trigger == 0 && p.crisis.service_trigger == 0.0) {
    fail("crisis",
         "an enabled crisis mechanism needs a trigger; expected 'incidents' > 0 or "
         "'service' > 0");
  }
  if (p.assistance.mode == AssistanceMode::requests && p.pooling.mode == PoolingMode::pooled) {
    fail("assistance",
         "mode 'requests' cannot be combined with pooling mode 'pooled': pooled teams already "
         "serve every queue");
  }
  clamp_prevention(p.prevention, ctx);
}

// One policy mapping, on top of `base` (the preset or the defaults).
Policy read_policy(const yaml::Map& item, Policy base, const PolicyContext& ctx) {
  Policy p = std::move(base);
  p.name = read_name(item);
  p.description = item.string("description", p.description);
  for (const std::string_view section : lever_sections()) {
    if (!item.has(section)) continue;
    // A lever all of whose parameters are newer than the file is refused as a key.
    const bool newer = std::all_of(
        LEVER_PARAMETERS.begin(), LEVER_PARAMETERS.end(), [&](const LeverParameter& parameter) {
          return section != parameter.section || parameter.since_version > ctx.version;
        });
    if (newer) refuse_v2_keys(item, ctx.version, {section});
    const yaml::Map lever(item.doc(), item.get(section), item.path_of(section),
                          lever_keys(section));
    for (const LeverParameter& parameter : LEVER_PARAMETERS) {
      if (section != parameter.section) continue;
      if (parameter.since_version > ctx.version)
        refuse_v2_keys(lever, ctx.version, {parameter.key});
      read_parameter(lever, parameter, p, ctx);
    }
    if (section == std::string_view("sharing") && p.sharing.mode == SharingMode::partnerships &&
        lever.has("mode") && ctx.version < FORMAT_V2) {
      throw ValueError(
          lever.doc().locate(lever.get("mode")),
          fmt::format("{}: {}", lever.path_of("mode"), needs_v2("value 'partnerships'")));
    }
  }
  check_policy(item, p, ctx);
  return p;
}

}  // namespace

std::vector<Policy> load_presets(const PolicyContext& scenario_context) {
  // The presets file is cyres's own, written in the newest format.
  PolicyContext context = scenario_context;
  context.version = 2;
  const auto& files = embedded_files();
  const auto it = files.find(PRESETS_KEY);
  const std::string file = fmt::format("embedded:{}", PRESETS_KEY);
  if (it == files.end()) throw ParseError({file}, "the policy presets are missing from the binary");
  const yaml::Document doc = yaml::Document::parse(file, std::string(it->second));
  const yaml::Map root(doc, doc.root(), "", {"presets"});
  const YAML::Node list = root.require("presets");
  yaml::expect_sequence(doc, list, "presets", true);
  std::vector<Policy> presets;
  NameIndex names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    // A preset is a policy written in the same syntax, minus `preset` (no chains).
    const yaml::Map item(doc, list[i], yaml::item_path("presets", i), policy_keys(false));
    Policy p = read_policy(item, Policy{}, context);
    add_unique_name(names, p.name, item);
    presets.push_back(std::move(p));
  }
  return presets;
}

std::vector<Policy> read_policies(const yaml::Map& root, const PolicyContext& context) {
  const std::vector<Policy> presets = load_presets(context);
  NameIndex preset_names;
  for (const Policy& p : presets) preset_names.add(p.name);
  const auto preset = [&](const std::string& name) {
    Policy p = presets[*preset_names.find(name)];
    p.preset = name;
    return p;
  };
  if (!root.has("policies")) return {preset("independent")};

  const YAML::Node list = root.get("policies");
  yaml::expect_sequence(root.doc(), list, "policies", true);
  std::vector<Policy> policies;
  NameIndex names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const yaml::Map item(root.doc(), list[i], yaml::item_path("policies", i), policy_keys(true));
    Policy base;
    if (item.has("preset")) {
      const std::string name = item.required_string("preset");
      if (!preset_names.find(name)) {
        throw ReferenceError(root.doc().locate(item.get("preset")),
                             fmt::format("{}: unknown preset '{}'{}", item.path_of("preset"), name,
                                         preset_names.suggest(name)));
      }
      base = preset(name);
    }
    Policy p = read_policy(item, std::move(base), context);
    if (p.name == ".") {
      // /policies/<name> in the results file: refused here rather than after the run.
      throw ValueError(root.doc().locate(item.get("name")),
                       fmt::format("{}: value '.' cannot name a policy: the results file keeps "
                                   "each policy in a group of its name, and '.' names the "
                                   "enclosing group; expected another name",
                                   item.path_of("name")));
    }
    check_scenario_needs(item, p, context);
    add_unique_name(names, p.name, item);
    policies.push_back(std::move(p));
  }
  return policies;
}

PreventionLever read_scenario_prevention(const yaml::Map& root, const PolicyContext& context) {
  Policy p;
  if (!root.has("prevention")) return p.prevention;
  const yaml::Map lever(root.doc(), root.get("prevention"), "prevention", lever_keys("prevention"));
  for (const LeverParameter& parameter : LEVER_PARAMETERS) {
    if (parameter.section == std::string_view("prevention")) {
      read_parameter(lever, parameter, p, context);
    }
  }
  clamp_prevention(p.prevention, context);
  return p.prevention;
}

std::size_t count_policies(const yaml::Map& root) {
  const YAML::Node list = root.get("policies");
  return list.IsSequence() && list.size() > 0 ? list.size() : 1;
}

}  // namespace cyres
