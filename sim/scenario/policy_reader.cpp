#include "sim/scenario/policy_reader.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "sim/scenario/embedded.hpp"
#include "sim/scenario/readers.hpp"

namespace cyres {

namespace {

constexpr const char* PRESETS_KEY = "policies/presets.yaml";
constexpr std::int64_t MAX_INT = std::numeric_limits<int>::max();
//! assistance.max_open: more open requests than this is no longer a policy choice [1].
constexpr std::int64_t MAX_OPEN_REQUESTS = 1000;

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

void read_sharing(const yaml::Map& m, SharingLever& s, const PolicyContext& ctx) {
  refuse_v2_keys(m, ctx.version, {"own_boost"});
  s.mode = static_cast<SharingMode>(
      m.choice("mode", SHARING_MODE_NAMES, static_cast<std::size_t>(s.mode)));
  if (s.mode == SharingMode::partnerships && m.has("mode") && ctx.version < 2) {
    throw ValueError(m.doc().locate(m.get("mode")),
                     fmt::format("{}: {}", m.path_of("mode"), needs_v2("value 'partnerships'")));
  }
  s.delay = m.duration("delay", s.delay);
  s.awareness_boost = m.number("boost", NumberRule::at_least(1.0), s.awareness_boost);
  s.own_boost = m.boolean("own_boost", s.own_boost);
  if (!m.has("partners")) return;
  const YAML::Node groups = m.get("partners");
  const std::string path = m.path_of("partners");
  yaml::expect_sequence(m.doc(), groups, path, true);
  s.partner_groups.clear();
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
    s.partner_groups.push_back(std::move(members));
  }
}

void read_triage(const yaml::Map& m, TriageLever& t, const PolicyContext& ctx) {
  t.order = static_cast<TriageOrder>(
      m.choice("order", TRIAGE_ORDER_NAMES, static_cast<std::size_t>(t.order)));
  if (!m.has("sectors")) return;
  const YAML::Node list = m.get("sectors");
  const std::string path = m.path_of("sectors");
  yaml::expect_sequence(m.doc(), list, path, true);
  t.sector_priority.clear();
  for (std::size_t k = 0; k < list.size(); ++k) {
    const auto s = static_cast<SectorIndex>(
        resolve(m, list[k], yaml::item_path(path, k), ctx.sectors, "sector", "sectors"));
    if (std::find(t.sector_priority.begin(), t.sector_priority.end(), s) !=
        t.sector_priority.end()) {
      throw ValueError(m.doc().locate(list[k]),
                       fmt::format("{}: sector '{}' is listed twice; expected each sector once",
                                   yaml::item_path(path, k), ctx.sectors.names()[s]));
    }
    t.sector_priority.push_back(s);
  }
}

void read_crisis(const yaml::Map& m, CrisisLever& c) {
  c.enabled = m.boolean("enabled", c.enabled);
  c.incident_trigger = static_cast<int>(m.integer("incidents", {0, MAX_INT}, c.incident_trigger));
  c.service_trigger = m.number("service", NumberRule::probability(), c.service_trigger);
  c.activation_delay = m.duration("delay", c.activation_delay);
  c.surge = m.number("surge", NumberRule::at_least(0.0), c.surge);
}

yaml::Map prevention_map(const yaml::Document& doc, const YAML::Node& node, std::string path) {
  return yaml::Map(
      doc, node, std::move(path),
      {"hardening_budget", "choice", "factor", "raise_weakest", "raise_to", "raise_teams"});
}

void read_prevention(const yaml::Map& m, PreventionLever& p, const PolicyContext& ctx) {
  refuse_v2_keys(m, ctx.version, {"raise_teams"});
  p.hardening_budget =
      static_cast<int>(m.integer("hardening_budget", {0, MAX_INT}, p.hardening_budget));
  p.hardening_choice = static_cast<HardeningChoice>(
      m.choice("choice", HARDENING_CHOICE_NAMES, static_cast<std::size_t>(p.hardening_choice)));
  p.hardening_factor = m.number("factor", NumberRule::probability(), p.hardening_factor);
  p.capability_raised_orgs =
      static_cast<int>(m.integer("raise_weakest", {0, MAX_INT}, p.capability_raised_orgs));
  p.capability_raised_to = m.number("raise_to", NumberRule::at_least(0.0), p.capability_raised_to);
  p.teams_added = static_cast<int>(m.integer("raise_teams", {0, MAX_TEAMS, true}, p.teams_added));
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
  const auto lever = [&](const char* key, std::initializer_list<std::string_view> keys) {
    return yaml::Map(item.doc(), item.get(key), item.path_of(key), keys);
  };
  if (item.has("sharing")) {
    read_sharing(lever("sharing", {"mode", "partners", "delay", "boost", "own_boost"}), p.sharing,
                 ctx);
  }
  if (item.has("pooling")) {
    const yaml::Map m = lever("pooling", {"mode", "reserve", "mobilisation"});
    p.pooling.mode = static_cast<PoolingMode>(
        m.choice("mode", POOLING_MODE_NAMES, static_cast<std::size_t>(p.pooling.mode)));
    p.pooling.reserve_teams =
        static_cast<int>(m.integer("reserve", {0, MAX_TEAMS}, p.pooling.reserve_teams));
    p.pooling.mobilisation = m.duration("mobilisation", p.pooling.mobilisation);
  }
  if (item.has("triage")) read_triage(lever("triage", {"order", "sectors"}), p.triage, ctx);
  if (item.has("containment")) {
    const yaml::Map m = lever("containment", {"isolate_on_detection", "isolation_costs_service"});
    p.containment.isolate_on_detection =
        m.boolean("isolate_on_detection", p.containment.isolate_on_detection);
    p.containment.isolation_costs_service =
        m.boolean("isolation_costs_service", p.containment.isolation_costs_service);
  }
  if (item.has("crisis")) {
    read_crisis(lever("crisis", {"enabled", "incidents", "service", "delay", "surge"}), p.crisis);
  }
  if (item.has("prevention")) {
    read_prevention(prevention_map(item.doc(), item.get("prevention"), item.path_of("prevention")),
                    p.prevention, ctx);
  }
  if (item.has("assistance")) {
    refuse_v2_keys(item, ctx.version, {"assistance"});
    const yaml::Map m = lever("assistance", {"mode", "max_open"});
    p.assistance.mode = static_cast<AssistanceMode>(
        m.choice("mode", ASSISTANCE_MODE_NAMES, static_cast<std::size_t>(p.assistance.mode)));
    p.assistance.max_open =
        static_cast<int>(m.integer("max_open", {1, MAX_OPEN_REQUESTS}, p.assistance.max_open));
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
    const yaml::Map item(doc, list[i], yaml::item_path("presets", i),
                         {"name", "description", "sharing", "pooling", "assistance", "triage",
                          "containment", "crisis", "prevention"});
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
    const yaml::Map item(root.doc(), list[i], yaml::item_path("policies", i),
                         {"name", "preset", "description", "sharing", "pooling", "assistance",
                          "triage", "containment", "crisis", "prevention"});
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
    check_scenario_needs(item, p, context);
    add_unique_name(names, p.name, item);
    policies.push_back(std::move(p));
  }
  return policies;
}

PreventionLever read_scenario_prevention(const yaml::Map& root, const PolicyContext& context) {
  PreventionLever p;
  if (!root.has("prevention")) return p;
  read_prevention(prevention_map(root.doc(), root.get("prevention"), "prevention"), p, context);
  clamp_prevention(p, context);
  return p;
}

}  // namespace cyres
