// Readers of the YAML sections that need no table: simulation, states,
// sectors, organisations, partnerships, asset_defaults, and the checks that
// tie them to the tables.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "sim/scenario/readers.hpp"

namespace cyres {

namespace {

const std::vector<std::string> DISTRIBUTIONS = {"fixed", "exponential", "lognormal", "uniform"};

// The keys each duration distribution takes, in DISTRIBUTIONS order.
const std::vector<std::vector<std::string>> DISTRIBUTION_KEYS = {
    {"value"}, {"mean"}, {"median", "sigma"}, {"low", "high"}};

// Lognormal spread when only the median is given: the 84th percentile is e^0.5 ~ 1.65x
// the median, a moderate tail for incident-handling times.
constexpr double DEFAULT_LOGNORMAL_SIGMA = 0.5;

const std::vector<std::string> ORG_LEVELS(std::begin(ORG_LEVEL_NAMES), std::end(ORG_LEVEL_NAMES));

// A declared name from `names`; ReferenceError with a suggestion otherwise.
std::size_t resolve_name(const yaml::Map& map, const YAML::Node& node, const std::string& path,
                         const NameIndex& names, std::string_view what, std::string_view section) {
  const std::string name = yaml::as_string(map.doc(), node, path);
  const auto index = names.find(name);
  if (!index) {
    throw ReferenceError(map.doc().locate(node),
                         fmt::format("{}: unknown {} '{}' (not declared in {}){}", path, what, name,
                                     section, names.suggest(name)));
  }
  return *index;
}

// Version 2 `recovery_crews`: an integer in [0, MAX_TEAMS] or "unlimited".
int read_recovery_crews(const yaml::Map& item) {
  if (!item.has("recovery_crews")) return UNLIMITED_CREWS;
  const YAML::Node node = item.get("recovery_crews");
  const std::string path = item.path_of("recovery_crews");
  const IntRule rule{0, MAX_TEAMS, true};
  const std::string expected = fmt::format("{} or 'unlimited'", rule.expected());
  if (!node.IsScalar()) {
    const char* found = node.IsMap() ? "a mapping" : node.IsSequence() ? "a list" : "nothing";
    throw ValueError(item.doc().locate(node),
                     fmt::format("{}: expected {}, found {}", path, expected, found));
  }
  if (node.Scalar() == "unlimited") return UNLIMITED_CREWS;
  const Parsed<std::int64_t> crews =
      parse_integer(yaml::as_plain_scalar(item.doc(), node, path, expected), rule);
  if (crews.status == Parsed<std::int64_t>::Status::too_large) {
    throw SizeError(item.doc().locate(node), fmt::format("{}: {}", path, crews.problem));
  }
  if (!crews.ok()) {
    throw ValueError(item.doc().locate(node),
                     fmt::format("{}: {} or 'unlimited'", path, crews.problem));
  }
  return static_cast<int>(crews.value);
}

// Version 2: an organisation's `assistance` mandate. `assists` is resolved
// against every organisation (a mandate may name one declared later).
AssistanceMandate read_mandate(const yaml::Map& item, OrgIndex self, int teams,
                               const NameIndex& organisations) {
  const yaml::Map m(
      item.doc(), item.require("assistance"), item.path_of("assistance"),
      {"assists", "approval_probability", "approval_delay", "deployment_delay", "reserve"});
  AssistanceMandate mandate;
  const YAML::Node list = m.require("assists");
  const std::string path = m.path_of("assists");
  yaml::expect_sequence(m.doc(), list, path, true);
  for (std::size_t k = 0; k < list.size(); ++k) {
    const std::string item_path = yaml::item_path(path, k);
    const auto o = static_cast<OrgIndex>(
        resolve_name(m, list[k], item_path, organisations, "organisation", "organisations"));
    if (o == self) {
      throw ValueError(m.doc().locate(list[k]),
                       fmt::format("{}: an organisation cannot assist itself; expected other "
                                   "organisations",
                                   item_path));
    }
    if (std::find(mandate.assists.begin(), mandate.assists.end(), o) != mandate.assists.end()) {
      throw ValueError(m.doc().locate(list[k]),
                       fmt::format("{}: organisation '{}' is listed twice; expected each "
                                   "organisation once",
                                   item_path, organisations.names()[o]));
    }
    mandate.assists.push_back(o);
  }
  mandate.approval_probability =
      m.number("approval_probability", NumberRule::probability(), mandate.approval_probability);
  mandate.approval_delay = m.duration("approval_delay", mandate.approval_delay);
  mandate.deployment_delay = m.duration("deployment_delay", mandate.deployment_delay);
  const std::int64_t reserve = m.integer("reserve", {0, MAX_TEAMS, true}, mandate.reserve);
  if (reserve > teams) {
    throw ValueError(m.doc().locate(m.get("reserve")),
                     fmt::format("{}: value '{}' is more than the organisation's {} teams; "
                                 "expected an integer in [0, {}]",
                                 m.path_of("reserve"), reserve, teams, teams));
  }
  mandate.reserve = static_cast<int>(reserve);
  return mandate;
}

// Version 2: level, state, recovery crews and restoration of one organisation.
void read_v2_organisation(const yaml::Map& item, const NameIndex& states, Organisation& o) {
  o.level = static_cast<OrgLevel>(
      item.choice("level", ORG_LEVELS, static_cast<std::size_t>(OrgLevel::national)));
  if (item.has("state")) {
    o.state = static_cast<StateIndex>(
        resolve_name(item, item.get("state"), item.path_of("state"), states, "state", "states"));
  } else if (o.level == OrgLevel::operator_level || o.level == OrgLevel::national) {
    throw ValueError(item.location(),
                     fmt::format("{}: missing required key 'state' for level '{}'; operators and "
                                 "national bodies belong to a declared state",
                                 item.path(), ORG_LEVELS[static_cast<std::size_t>(o.level)]));
  }
  o.recovery_crews = read_recovery_crews(item);
  if (item.has("restoration")) {
    if (o.recovery_crews == UNLIMITED_CREWS) {
      throw ValueError(item.doc().locate(item.key_node("restoration")),
                       fmt::format("{}: applies only with a number of recovery_crews; with "
                                   "recovery_crews unlimited each asset is restored after its "
                                   "'restore' time",
                                   item.path_of("restoration")));
    }
    o.has_restoration = true;
    o.restoration = read_distribution(item, "restoration");
  }
}

}  // namespace

DurationDistribution read_distribution(const yaml::Map& parent, std::string_view name) {
  const yaml::Map map(parent.doc(), parent.require(name), parent.path_of(name),
                      {"distribution", "value", "mean", "median", "sigma", "low", "high"});
  const auto kind = map.choice("distribution", DISTRIBUTIONS, DISTRIBUTIONS.size());
  if (kind == DISTRIBUTIONS.size()) map.require("distribution");
  for (const auto& entry : map.node()) {
    const std::string& key = entry.first.Scalar();
    bool fits = key == "distribution";
    for (const std::string& k : DISTRIBUTION_KEYS[kind]) fits = fits || k == key;
    if (!fits) {
      throw UnknownKeyError(map.doc().locate(entry.first),
                            fmt::format("key '{}' does not apply to distribution '{}' in {}; "
                                        "expected {}",
                                        key, DISTRIBUTIONS[kind], map.path(),
                                        fmt::join(DISTRIBUTION_KEYS[kind], ", ")));
    }
  }
  const NumberRule steps = NumberRule::at_least(0.0);
  DurationDistribution d;
  d.kind = static_cast<DurationDistribution::Kind>(kind);
  const std::string& first = DISTRIBUTION_KEYS[kind][0];
  d.a = yaml::as_number(map.doc(), map.require(first), map.path_of(first), steps);
  if (d.kind == DurationDistribution::Kind::lognormal) {
    d.b = map.number("sigma", steps, DEFAULT_LOGNORMAL_SIGMA);
  } else if (d.kind == DurationDistribution::Kind::uniform) {
    d.b = yaml::as_number(map.doc(), map.require("high"), map.path_of("high"),
                          NumberRule::at_least(d.a));
  }
  return d;
}

std::string needs_v2(std::string_view what) {
  return fmt::format("{} needs format version 2 ('cyres: 2'); this file is 'cyres: 1'", what);
}

void refuse_v2_keys(const yaml::Map& m, int version, std::initializer_list<std::string_view> keys) {
  if (version >= FORMAT_V2) return;
  for (const std::string_view key : keys) {
    if (!m.has(key)) continue;
    const std::string where =
        m.path().empty() ? "at the top level" : fmt::format("in {}", m.path());
    throw UnknownKeyError(m.doc().locate(m.key_node(key)),
                          needs_v2(fmt::format("key '{}' {}", key, where)));
  }
}

std::string read_name(const yaml::Map& item) {
  std::string name = item.required_string("name");  // not const: returned by move
  if (!is_identifier(name)) {
    throw ValueError(item.doc().locate(item.get("name")),
                     fmt::format("{}: value '{}' is not a valid name; expected letters, digits, "
                                 "'_', '.' or '-'",
                                 item.path_of("name"), name));
  }
  return name;
}

void add_unique_name(NameIndex& names, const std::string& name, const yaml::Map& item) {
  if (!names.add(name)) {
    throw ReferenceError(
        item.doc().locate(item.get("name")),
        fmt::format("{}: '{}' is defined twice; names must be unique", item.path_of("name"), name));
  }
}

SimulationSettings read_simulation(const yaml::Map& root, int version) {
  SimulationSettings s;
  if (!root.has("simulation")) return s;
  const yaml::Map sim(root.doc(), root.get("simulation"), "simulation",
                      {"dt", "horizon", "trials", "seed", "recovery_threshold",
                       "catastrophic_service", "manual_restoration", "reinfection"});
  refuse_v2_keys(sim, version, {"reinfection"});
  s.dt_hours = sim.number("dt", {0.0, MAX_DT_HOURS, true, false, "a number"}, s.dt_hours);
  s.horizon = static_cast<Step>(sim.integer("horizon", {1, MAX_HORIZON, true}, s.horizon));
  s.trials = static_cast<std::uint64_t>(
      sim.integer("trials", {1, MAX_TRIALS, true}, static_cast<std::int64_t>(s.trials)));
  s.seed = sim.unsigned_integer("seed", s.seed);
  s.recovery_threshold =
      sim.number("recovery_threshold", NumberRule::fraction_above_zero(), s.recovery_threshold);
  s.catastrophic_service =
      sim.number("catastrophic_service", NumberRule::probability(), s.catastrophic_service);
  s.manual_restoration = sim.duration_or_never("manual_restoration", s.manual_restoration);
  if (sim.has("reinfection")) {
    const yaml::Map r(root.doc(), sim.get("reinfection"), sim.path_of("reinfection"),
                      {"immune", "vulnerability_factor"});
    s.reinfection.immune = r.boolean("immune", s.reinfection.immune);
    s.reinfection.vulnerability_factor = r.number("vulnerability_factor", NumberRule::probability(),
                                                  s.reinfection.vulnerability_factor);
  }
  return s;
}

std::vector<State> read_states(const yaml::Map& root, NameIndex& names) {
  const YAML::Node list = root.require("states");
  yaml::expect_sequence(root.doc(), list, "states", true);
  if (list.size() >= NO_STATE) {
    throw SizeError(root.doc().locate(list), fmt::format("states: {} states; expected at most {}",
                                                         list.size(), NO_STATE - 1));
  }
  std::vector<State> states;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const yaml::Map item(root.doc(), list[i], yaml::item_path("states", i), {"name"});
    State s;
    s.name = read_name(item);
    add_unique_name(names, s.name, item);
    states.push_back(std::move(s));
  }
  return states;
}

std::vector<Sector> read_sectors(const yaml::Map& root, NameIndex& names) {
  const YAML::Node list = root.require("sectors");
  yaml::expect_sequence(root.doc(), list, "sectors", true);
  if (list.size() >= NO_SECTOR) {
    throw SizeError(root.doc().locate(list), fmt::format("sectors: {} sectors; expected at most {}",
                                                         list.size(), NO_SECTOR - 1));
  }
  std::vector<Sector> sectors;
  double total = 0.0;
  double largest = 0.0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const yaml::Map item(root.doc(), list[i], yaml::item_path("sectors", i), {"name", "weight"});
    Sector s;
    s.name = read_name(item);
    add_unique_name(names, s.name, item);
    s.weight = item.number("weight", NumberRule::at_least(0.0), 1.0);
    total += s.weight;
    largest = std::max(largest, s.weight);
    sectors.push_back(s);
  }
  if (!(total > 0.0)) {
    throw ValueError(root.doc().locate(list),
                     "sectors: every weight is 0; expected weights that sum to more than 0");
  }
  if (std::isfinite(total)) {
    for (Sector& s : sectors) s.normalised_weight = s.weight / total;
  } else {
    // Weights near the largest double overflow their sum: normalise the
    // weights scaled by the largest (each <= 1, so their sum is <= the sector
    // count). Finite sums keep the plain division above, bit for bit.
    double scaled_total = 0.0;
    for (const Sector& s : sectors) scaled_total += s.weight / largest;
    for (Sector& s : sectors) s.normalised_weight = s.weight / largest / scaled_total;
  }
  // A positive weight whose share underflows to 0 would drop its sector from Q silently.
  for (std::size_t i = 0; i < sectors.size(); ++i) {
    if (sectors[i].weight > 0.0 && !(sectors[i].normalised_weight > 0.0)) {
      const YAML::Node weight = yaml::find(list[i], "weight");
      throw ValueError(root.doc().locate(weight),
                       fmt::format("sectors[{}].weight: value '{}' is too small beside the "
                                   "largest weight {}: its share of the total rounds to 0; "
                                   "expected 0 or a weight at most 1e300 times smaller than the "
                                   "largest",
                                   i, weight.Scalar(), largest));
    }
  }
  return sectors;
}

std::vector<Organisation> read_organisations(const yaml::Map& root, int version,
                                             const NameIndex& states, NameIndex& names) {
  const YAML::Node list = root.require("organisations");
  yaml::expect_sequence(root.doc(), list, "organisations", true);
  if (list.size() >= NO_ORG) {
    throw SizeError(root.doc().locate(list),
                    fmt::format("organisations: {} organisations; expected at most {}", list.size(),
                                NO_ORG - 1));
  }
  std::vector<Organisation> orgs;
  std::vector<yaml::Map> items;
  items.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const yaml::Map& item =
        items.emplace_back(root.doc(), list[i], yaml::item_path("organisations", i),
                           std::initializer_list<std::string_view>{
                               "name", "teams", "detection_capability", "remediation", "level",
                               "state", "recovery_crews", "restoration", "assistance"});
    refuse_v2_keys(item, version,
                   {"level", "state", "recovery_crews", "restoration", "assistance"});
    Organisation o;
    o.name = read_name(item);
    add_unique_name(names, o.name, item);
    o.teams = static_cast<int>(item.integer("teams", {0, MAX_TEAMS, true}, o.teams));
    o.detection_capability =
        item.number("detection_capability", NumberRule::at_least(0.0), o.detection_capability);
    o.remediation = read_distribution(item, "remediation");
    if (version >= FORMAT_V2) read_v2_organisation(item, states, o);
    orgs.push_back(o);
  }
  // Mandates name organisations, possibly later ones: read once all are known.
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].has("assistance")) continue;
    orgs[i].assistance = read_mandate(items[i], static_cast<OrgIndex>(i), orgs[i].teams, names);
  }
  return orgs;
}

std::vector<Partnership> read_partnerships(const yaml::Map& root, const NameIndex& organisations) {
  std::vector<Partnership> partnerships;
  if (!root.has("partnerships")) return partnerships;
  const YAML::Node list = root.get("partnerships");
  // An empty list is allowed: `--set partnerships=[]` switches the network off.
  yaml::expect_sequence(root.doc(), list, "partnerships", false);
  std::vector<std::size_t> declared_in;  // the item each directed pair comes from
  for (std::size_t i = 0; i < list.size(); ++i) {
    const yaml::Map item(root.doc(), list[i], yaml::item_path("partnerships", i),
                         {"from", "to", "both", "delay", "trust", "fidelity"});
    Partnership p;
    p.from = static_cast<OrgIndex>(resolve_name(item, item.require("from"), item.path_of("from"),
                                                organisations, "organisation", "organisations"));
    p.to = static_cast<OrgIndex>(resolve_name(item, item.require("to"), item.path_of("to"),
                                              organisations, "organisation", "organisations"));
    if (p.to == p.from) {
      throw ValueError(item.doc().locate(item.get("to")),
                       fmt::format("{}: a partnership from '{}' to itself; expected another "
                                   "organisation (its own detections are sharing.own_boost)",
                                   item.path_of("to"), organisations.names()[p.from]));
    }
    const bool both = item.boolean("both", false);
    p.delay = static_cast<Step>(
        yaml::as_integer(item.doc(), item.require("delay"), item.path_of("delay"), DURATION_RULE));
    p.trust = item.number("trust", NumberRule::probability(), p.trust);
    p.fidelity = item.number("fidelity", NumberRule::probability(), p.fidelity);
    Partnership back = p;
    std::swap(back.from, back.to);
    for (const Partnership& directed : both ? std::vector{p, back} : std::vector{p}) {
      for (std::size_t k = 0; k < partnerships.size(); ++k) {
        if (partnerships[k].from != directed.from || partnerships[k].to != directed.to) continue;
        throw ValueError(item.location(),
                         fmt::format("{}: partnership '{}' -> '{}' is given twice (first in "
                                     "partnerships[{}]); expected each (from, to) pair once, "
                                     "counting both directions of 'both: true'",
                                     item.path(), organisations.names()[directed.from],
                                     organisations.names()[directed.to], declared_in[k]));
      }
      partnerships.push_back(directed);
      declared_in.push_back(i);
    }
  }
  return partnerships;
}

AssetDefaults read_asset_defaults(const yaml::Map& root, Step manual_restoration) {
  AssetDefaults d;
  d.manual_restoration = manual_restoration;
  if (!root.has("asset_defaults")) return d;
  const yaml::Map m(root.doc(), root.get("asset_defaults"), "asset_defaults",
                    {"criticality", "vulnerability", "detection", "buffer", "threshold", "restore",
                     "manual_restoration"});
  d.criticality = m.number("criticality", NumberRule::at_least(0.0), d.criticality);
  d.vulnerability = m.number("vulnerability", NumberRule::probability(), d.vulnerability);
  d.detection = m.number("detection", NumberRule::probability(), d.detection);
  d.buffer = m.duration("buffer", d.buffer);
  d.threshold = m.number("threshold", NumberRule::fraction_above_zero(), d.threshold);
  d.restore = m.duration("restore", d.restore);
  d.manual_restoration = m.duration_or_never("manual_restoration", d.manual_restoration);
  return d;
}

std::string memory_size_text(double bytes) {
  constexpr std::array<const char*, 4> UNITS = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024.0) return fmt::format("{:.0f} bytes", bytes);
  std::size_t unit = 0;
  double value = bytes / 1024.0;
  while (value >= 1024.0 && unit + 1 < UNITS.size()) {
    value /= 1024.0;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, UNITS[unit]);
}

void check_trial_table_size(const yaml::Map& root, const SimulationSettings& settings,
                            std::size_t sector_count, std::size_t state_count,
                            std::size_t policy_count, double limit_bytes) {
  // Each trial's metrics, comparison row, sector losses and state losses, for
  // every policy that runs (all are held until written); in double to avoid overflow.
  const double per_trial =
      static_cast<double>(PER_TRIAL_BYTES) + 8.0 * static_cast<double>(sector_count + state_count);
  const double bytes =
      static_cast<double>(settings.trials) * static_cast<double>(policy_count) * per_trial;
  if (bytes <= limit_bytes) return;
  const YAML::Node trials = yaml::find(root.get("simulation"), "trials");
  const SourceLocation at = root.doc().locate(trials.IsDefined() ? trials : root.node());
  throw SizeError(
      at,
      fmt::format("simulation.trials: {} trials x {} {} x ({} + 8 x ({} sectors + {} {})) "
                  "bytes = {} of per-trial tables; expected at most the memory limit of {}: "
                  "reduce trials or the number of policies, or raise the limit with "
                  "--max-memory",
                  settings.trials, policy_count, policy_count == 1 ? "policy" : "policies",
                  PER_TRIAL_BYTES, sector_count, state_count, state_count == 1 ? "state" : "states",
                  memory_size_text(bytes), memory_size_text(limit_bytes)));
}

std::string input_weight_overflow(double weight, std::string_view target) {
  return fmt::format(
      "value '{}' makes the dependency weights into '{}' sum to more than the "
      "largest number ({:g}); expected weights whose sum per target is finite",
      weight, target, std::numeric_limits<double>::max());
}

std::string criticality_overflow(double criticality) {
  return fmt::format(
      "value '{}' makes the criticalities of the assets sum to more than the "
      "largest number ({:g}); expected criticalities whose sum is finite",
      criticality, std::numeric_limits<double>::max());
}

void check_sectors_served(const yaml::Map& root, const AssetTable& assets) {
  const YAML::Node list = root.get("sectors");
  std::vector<bool> served(list.size(), false);
  for (std::size_t i = 0; i < assets.size(); ++i) {
    if (assets.criticality[i] > 0.0) served[assets.sector[i]] = true;
  }
  for (std::size_t s = 0; s < served.size(); ++s) {
    if (served[s]) continue;
    const yaml::Map item(root.doc(), list[s], yaml::item_path("sectors", s), {"name", "weight"});
    throw ValueError(item.location(),
                     fmt::format("sectors[{}]: sector '{}' has no asset with criticality > 0; "
                                 "expected at least one (its service level would be undefined)",
                                 s, item.required_string("name")));
  }
}

}  // namespace cyres
