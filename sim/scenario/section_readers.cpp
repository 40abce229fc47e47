// Readers of the YAML sections that need no table: simulation, sectors,
// organisations, asset_defaults, and the checks that tie them to the tables.
#include <fmt/format.h>

#include "sim/scenario/readers.hpp"

namespace cyres {

namespace {

const std::vector<std::string> DISTRIBUTIONS = {"fixed", "exponential", "lognormal", "uniform"};

// The keys each remediation distribution takes, in DISTRIBUTIONS order.
const std::vector<std::vector<std::string>> DISTRIBUTION_KEYS = {
    {"value"}, {"mean"}, {"median", "sigma"}, {"low", "high"}};

// Lognormal spread when only the median is given: the 84th percentile is e^0.5 ~ 1.65x
// the median, a moderate tail for incident-handling times.
constexpr double DEFAULT_LOGNORMAL_SIGMA = 0.5;

DurationDistribution read_distribution(const yaml::Map& map) {
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

}  // namespace

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

SimulationSettings read_simulation(const yaml::Map& root) {
  SimulationSettings s;
  if (!root.has("simulation")) return s;
  const yaml::Map sim(root.doc(), root.get("simulation"), "simulation",
                      {"dt", "horizon", "trials", "seed", "recovery_threshold",
                       "catastrophic_service", "manual_restoration"});
  s.dt_hours = sim.number("dt", NumberRule::above(0.0), s.dt_hours);
  s.horizon = static_cast<Step>(sim.integer("horizon", {1, MAX_HORIZON, true}, s.horizon));
  s.trials = static_cast<std::uint64_t>(
      sim.integer("trials", {1, MAX_TRIALS, true}, static_cast<std::int64_t>(s.trials)));
  s.seed = sim.unsigned_integer("seed", s.seed);
  s.recovery_threshold =
      sim.number("recovery_threshold", NumberRule::fraction_above_zero(), s.recovery_threshold);
  s.catastrophic_service =
      sim.number("catastrophic_service", NumberRule::probability(), s.catastrophic_service);
  s.manual_restoration = sim.duration_or_never("manual_restoration", s.manual_restoration);
  return s;
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
  for (std::size_t i = 0; i < list.size(); ++i) {
    const yaml::Map item(root.doc(), list[i], yaml::item_path("sectors", i), {"name", "weight"});
    Sector s;
    s.name = read_name(item);
    add_unique_name(names, s.name, item);
    s.weight = item.number("weight", NumberRule::at_least(0.0), 1.0);
    total += s.weight;
    sectors.push_back(s);
  }
  if (!(total > 0.0)) {
    throw ValueError(root.doc().locate(list),
                     "sectors: every weight is 0; expected weights that sum to more than 0");
  }
  for (Sector& s : sectors) s.normalised_weight = s.weight / total;
  return sectors;
}

std::vector<Organisation> read_organisations(const yaml::Map& root, NameIndex& names) {
  const YAML::Node list = root.require("organisations");
  yaml::expect_sequence(root.doc(), list, "organisations", true);
  if (list.size() >= NO_ORG) {
    throw SizeError(root.doc().locate(list),
                    fmt::format("organisations: {} organisations; expected at most {}", list.size(),
                                NO_ORG - 1));
  }
  std::vector<Organisation> orgs;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const yaml::Map item(root.doc(), list[i], yaml::item_path("organisations", i),
                         {"name", "teams", "detection_capability", "remediation"});
    Organisation o;
    o.name = read_name(item);
    add_unique_name(names, o.name, item);
    o.teams = static_cast<int>(item.integer("teams", {0, MAX_TEAMS, true}, o.teams));
    o.detection_capability =
        item.number("detection_capability", NumberRule::at_least(0.0), o.detection_capability);
    const yaml::Map remediation(
        root.doc(), item.require("remediation"), item.path_of("remediation"),
        {"distribution", "value", "mean", "median", "sigma", "low", "high"});
    o.remediation = read_distribution(remediation);
    orgs.push_back(o);
  }
  return orgs;
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

void check_series_size(const yaml::Map& root, const SimulationSettings& settings,
                       std::size_t sector_count, std::size_t policy_count) {
  // Q(t) and every Q_s(t) kept per trial as 4-byte floats, for every policy
  // that runs (all are held until written); in double to avoid overflow.
  const double bytes =
      static_cast<double>(settings.trials) * static_cast<double>(settings.horizon) *
      static_cast<double>(sector_count + 1) * 4.0 * static_cast<double>(policy_count);
  if (bytes <= MAX_SERIES_BYTES) return;
  const YAML::Node trials = yaml::find(root.get("simulation"), "trials");
  const SourceLocation at = root.doc().locate(trials.IsDefined() ? trials : root.node());
  throw SizeError(at,
                  fmt::format("simulation.trials: {} trials x {} steps x ({} sectors + 1) x "
                              "4 bytes x {} {} = {:.1f} GiB of per-trial series; expected at most "
                              "{:.0f} GiB: reduce trials, horizon or the number of policies",
                              settings.trials, settings.horizon, sector_count, policy_count,
                              policy_count == 1 ? "policy" : "policies", bytes / double(1ull << 30),
                              MAX_SERIES_BYTES / double(1ull << 30)));
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
