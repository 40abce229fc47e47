// campaigns: -> std::vector<Campaign> (docs/scenario-format.md, "campaigns").
#include <fmt/format.h>

#include "sim/scenario/readers.hpp"

namespace cyres {

namespace {

const std::vector<std::string> CRITERIA = {"degree", "criticality", "impact"};

// Explicit entry ids: each must name an asset, once.
std::vector<AssetIndex> read_entry_ids(const yaml::Map& entry, const NameIndex& asset_names) {
  const YAML::Node list = entry.get("assets");
  const std::string path = entry.path_of("assets");
  yaml::expect_sequence(entry.doc(), list, path, true);
  std::vector<AssetIndex> ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string item_path = yaml::item_path(path, i);
    const std::string id = yaml::as_string(entry.doc(), list[i], item_path);
    const auto index = asset_names.find(id);
    if (!index) {
      throw ReferenceError(entry.doc().locate(list[i]),
                           fmt::format("{}: unknown asset '{}' (not in the assets table){}",
                                       item_path, id, asset_names.suggest(id)));
    }
    for (const AssetIndex earlier : ids) {
      if (earlier == *index) {
        throw ValueError(entry.doc().locate(list[i]),
                         fmt::format("{}: asset '{}' is listed twice; expected distinct entries",
                                     item_path, id));
      }
    }
    ids.push_back(static_cast<AssetIndex>(*index));
  }
  return ids;
}

void read_entry(const yaml::Map& entry, Campaign& c, const NameIndex& sectors,
                const NameIndex& asset_names, const AssetTable& assets) {
  const int forms =
      int{entry.has("assets")} + int{entry.has("random")} + int{entry.has("targeted")};
  if (forms != 1) {
    throw ValueError(entry.location(),
                     fmt::format("{}: {} entry forms given; expected exactly one of assets, "
                                 "random or targeted",
                                 entry.path(), forms));
  }
  if (entry.has("assets")) {
    c.selection = EntrySelection::explicit_ids;
    for (const char* key : {"sector", "by"}) {
      if (entry.has(key)) {
        throw ValueError(entry.doc().locate(entry.key_node(key)),
                         fmt::format("{}: '{}' applies only to random or targeted entries",
                                     entry.path_of(key), key));
      }
    }
    c.entries = read_entry_ids(entry, asset_names);
    c.count = static_cast<int>(c.entries.size());
    return;
  }
  const bool random = entry.has("random");
  const char* form = random ? "random" : "targeted";
  c.selection = random ? EntrySelection::random : EntrySelection::targeted;
  if (random && entry.has("by")) {
    throw ValueError(entry.doc().locate(entry.key_node("by")),
                     fmt::format("{}: 'by' applies only to targeted entries", entry.path_of("by")));
  }
  c.target = static_cast<TargetCriterion>(entry.choice("by", CRITERIA, 0));
  std::size_t candidates = assets.size();
  std::string pool = "the scenario has";
  if (entry.has("sector")) {
    const std::string name = entry.required_string("sector");
    const auto sector = sectors.find(name);
    if (!sector) {
      throw ReferenceError(entry.doc().locate(entry.get("sector")),
                           fmt::format("{}: unknown sector '{}' (not declared in sectors){}",
                                       entry.path_of("sector"), name, sectors.suggest(name)));
    }
    c.sector = static_cast<SectorIndex>(*sector);
    candidates = 0;
    for (const SectorIndex s : assets.sector) candidates += s == c.sector ? 1 : 0;
    pool = fmt::format("sector '{}' has", name);
  }
  const std::int64_t count = entry.integer(form, {1, std::numeric_limits<int>::max(), false}, 1);
  if (static_cast<std::size_t>(count) > candidates) {
    throw ValueError(entry.doc().locate(entry.get(form)),
                     fmt::format("{}: value '{}' is more entries than candidates: {} {} assets; "
                                 "expected an integer in [1, {}]",
                                 entry.path_of(form), count, pool, candidates, candidates));
  }
  c.count = static_cast<int>(count);
}

// Version 2: the set time of the payload, stealth, notice on impact and eviction.
void read_lifecycle(const yaml::Map& item, Campaign& c, const SimulationSettings& settings) {
  // The payload fires at steps < horizon; a later payload_from would never fire.
  c.payload_from =
      static_cast<Step>(item.integer("payload_from", {0, settings.horizon - 1, false}, 0));
  c.detection_factor =
      item.number("detection_factor", NumberRule::probability(), c.detection_factor);
  if (item.has("notice")) {
    const yaml::Map notice(item.doc(), item.get("notice"), item.path_of("notice"),
                           {"probability", "delay"});
    c.notice_probability =
        yaml::as_number(item.doc(), notice.require("probability"), notice.path_of("probability"),
                        NumberRule::probability());
    if (notice.has("delay")) c.notice_delay = read_distribution(notice, "delay");
  }
  if (item.has("eviction")) {
    const yaml::Map eviction(item.doc(), item.get("eviction"), item.path_of("eviction"),
                             {"success", "return_delay"});
    c.eviction_success = yaml::as_number(item.doc(), eviction.require("success"),
                                         eviction.path_of("success"), NumberRule::probability());
    // The attacker is back one step after an incomplete eviction unless told otherwise.
    c.return_delay = DurationDistribution{DurationDistribution::Kind::fixed, 1.0, 0.0};
    if (eviction.has("return_delay")) c.return_delay = read_distribution(eviction, "return_delay");
  }
}

}  // namespace

std::vector<Campaign> read_campaigns(const yaml::Map& root, int version,
                                     const SimulationSettings& settings, const NameIndex& sectors,
                                     const NameIndex& asset_names, const AssetTable& assets) {
  const YAML::Node list = root.require("campaigns");
  yaml::expect_sequence(root.doc(), list, "campaigns", true);
  NameIndex names;
  std::vector<Campaign> campaigns;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const yaml::Map item(root.doc(), list[i], yaml::item_path("campaigns", i),
                         {"name", "start", "entry", "intensity", "payload_probability", "dwell",
                          "payload_from", "detection_factor", "notice", "eviction"});
    refuse_v2_keys(item, version, {"payload_from", "detection_factor", "notice", "eviction"});
    Campaign c;
    c.name = read_name(item);
    add_unique_name(names, c.name, item);
    // Rule 1 runs at steps 0 .. horizon-1; a later start would never happen.
    c.start = static_cast<Step>(item.integer("start", {0, settings.horizon - 1, false}, 0));
    const yaml::Map entry(root.doc(), item.require("entry"), item.path_of("entry"),
                          {"assets", "random", "targeted", "sector", "by"});
    read_entry(entry, c, sectors, asset_names, assets);
    c.intensity = item.number("intensity", NumberRule::at_least(0.0), c.intensity);
    c.payload_probability =
        item.number("payload_probability", NumberRule::probability(), c.payload_probability);
    c.dwell = item.duration("dwell", c.dwell);
    if (version >= FORMAT_V2) read_lifecycle(item, c, settings);
    campaigns.push_back(std::move(c));
  }
  return campaigns;
}

}  // namespace cyres
