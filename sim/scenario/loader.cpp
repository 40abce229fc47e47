// load_scenario: reads the files, applies overrides, and runs the section
// readers in dependency order. Nothing is returned until everything is valid.
#include "sim/scenario/loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "sim/scenario/embedded.hpp"
#include "sim/scenario/hdf5_table.hpp"
#include "sim/scenario/overrides.hpp"
#include "sim/scenario/policy_reader.hpp"
#include "sim/scenario/readers.hpp"

namespace cyres {

namespace {

constexpr std::string_view EMBEDDED_PREFIX = "embedded:";

// Where a scenario's files come from: the disk, or the files built into the binary.
// `display` names are what messages show; `key`s are what is opened.
class ScenarioFiles {
 public:
  explicit ScenarioFiles(const std::string& path) {
    embedded_ = path.starts_with(EMBEDDED_PREFIX);
    if (embedded_) {
      name_ = path.substr(EMBEDDED_PREFIX.size());
      root_key_ = fmt::format("scenarios/{}/scenario.yaml", name_);
      root_display_ = fmt::format("{}{}/scenario.yaml", EMBEDDED_PREFIX, name_);
    } else {
      root_key_ = path;
      root_display_ = path;
    }
  }

  const std::string& root_display() const { return root_display_; }
  bool embedded() const { return embedded_; }
  std::string root_text() const {
    if (embedded_ && embedded_files().count(root_key_) == 0) {
      std::vector<std::string> names;
      for (const auto& [key, text] : embedded_files()) {
        const std::filesystem::path p(key);
        if (key.starts_with("scenarios/") && p.filename() == "scenario.yaml") {
          names.push_back(p.parent_path().filename().string());
        }
      }
      throw ParseError({root_display_}, fmt::format("no embedded scenario '{}'{}", name_,
                                                    did_you_mean(name_, names)));
    }
    return read(root_key_, {root_display_});
  }

  //! Display name of a file the root refers to by `relative` path.
  std::string display(const std::string& relative) const {
    const std::filesystem::path rel(relative);
    if (embedded_)
      return fmt::format("{}{}", EMBEDDED_PREFIX,
                         (name_ / rel).lexically_normal().generic_string());
    return (std::filesystem::path(root_key_).parent_path() / rel).lexically_normal().string();
  }

  //! Text of a file the root refers to; ParseError located at the referring node.
  std::string text(const std::string& relative, const SourceLocation& referred_at) const {
    const std::filesystem::path rel(relative);
    const std::string key = embedded_ ? (std::filesystem::path(root_key_).parent_path() / rel)
                                            .lexically_normal()
                                            .generic_string()
                                      : display(relative);
    return read(key, referred_at);
  }

 private:
  std::string read(const std::string& key, const SourceLocation& at) const {
    if (embedded_) {
      const auto it = embedded_files().find(key);
      if (it == embedded_files().end()) {
        throw ParseError(at, fmt::format("cannot open embedded file '{}': not in the binary", key));
      }
      return std::string(it->second);
    }
    std::ifstream in(key, std::ios::binary);
    if (!in) {
      throw ParseError(at, fmt::format("cannot open file '{}': {}", key, std::strerror(errno)));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw ParseError(at, fmt::format("cannot read file '{}'", key));
    return text.str();
  }

  bool embedded_ = false;
  std::string name_;
  std::string root_key_;
  std::string root_display_;
};

// The format version the file declares: 1 or 2.
int check_version(const yaml::Document& doc) {
  const YAML::Node& root = doc.root();
  if (!root.IsMap()) {
    throw ValueError(doc.locate(root),
                     "expected a mapping of keys (cyres: 2, name: ..., ...) at "
                     "the top of the file");
  }
  const YAML::Node version = yaml::find(root, "cyres");
  if (!version.IsDefined()) {
    throw ValueError(doc.locate(root),
                     "missing required key 'cyres' (the format version); "
                     "expected 'cyres: 1' or 'cyres: 2' as the first line");
  }
  const std::int64_t v = yaml::as_integer(doc, version, "cyres", {0});
  if (v != FORMAT_V1 && v != FORMAT_V2) {
    throw ValueError(doc.locate(version),
                     fmt::format("cyres: format version {} is not supported; expected 1 or 2", v));
  }
  return static_cast<int>(v);
}

// Reads the CSV named by the root key `key` (a path relative to the root file).
CsvTable read_table(const ScenarioFiles& files, const yaml::Map& root, const char* key,
                    std::string& path_out, std::string& text_out) {
  const std::string relative = root.required_string(key);
  path_out = files.display(relative);
  text_out = files.text(relative, root.doc().locate(root.get(key)));
  return parse_csv(path_out, text_out);
}

// For a table named `*.h5`/`*.hdf5`: its path (out) and where the root names it;
// nullopt for a CSV table. HDF5 tables are read from disk only.
std::optional<SourceLocation> hdf5_table_at(const ScenarioFiles& files, const yaml::Map& root,
                                            const char* key, std::string& path_out) {
  const std::string relative = root.required_string(key);
  if (!hdf5_table::is_hdf5_path(relative)) return std::nullopt;
  SourceLocation at = root.doc().locate(root.get(key));
  if (files.embedded()) {
    throw ParseError(at, fmt::format("'{}' is an HDF5 table; expected a CSV table in an embedded "
                                     "scenario",
                                     relative));
  }
  path_out = files.display(relative);
  return at;
}

// `cyres run --policy` names: declared policies, each once (the results file
// holds one group per policy, and a policy run twice would be the same trials).
void check_selected_policies(const std::vector<Policy>& policies,
                             const std::vector<std::string>& selected) {
  std::vector<std::string> names;
  names.reserve(policies.size());
  for (const Policy& p : policies) names.push_back(p.name);
  for (std::size_t k = 0; k < selected.size(); ++k) {
    const std::string& name = selected[k];
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      throw ReferenceError({"--policy"},
                           fmt::format("unknown policy '{}'; expected one of: {}{}", name,
                                       fmt::join(names, ", "), did_you_mean(name, names)));
    }
    if (std::find(selected.begin(), selected.begin() + static_cast<std::ptrdiff_t>(k), name) !=
        selected.begin() + static_cast<std::ptrdiff_t>(k)) {
      throw ValueError({"--policy"}, fmt::format("policy '{}' is named twice; expected each "
                                                 "policy once (the results hold one group per "
                                                 "policy)",
                                                 name));
    }
  }
}

}  // namespace

Scenario load_scenario(const std::string& path, const LoadOptions& options) {
  const ScenarioFiles files(path);
  Scenario sc;
  sc.source.root_path = path;
  sc.source.root_text = files.root_text();
  yaml::Document doc = yaml::Document::parse(files.root_display(), sc.source.root_text);
  apply_overrides(doc, options.overrides);
  sc.version = check_version(doc);
  const yaml::Map root(
      doc, doc.root(), "",
      {"cyres", "name", "description", "simulation", "states", "sectors", "organisations",
       "partnerships", "asset_defaults", "assets", "links", "campaigns", "prevention", "policies"});
  refuse_v2_keys(root, sc.version, {"states", "partnerships", "prevention"});
  const bool v2 = sc.version >= FORMAT_V2;
  sc.name = read_name(root);
  sc.description = root.string("description", "");
  sc.settings = read_simulation(root, sc.version);

  NameIndex state_names, sector_names, org_names, asset_names;
  if (v2) sc.states = read_states(root, state_names);
  sc.sectors = read_sectors(root, sector_names);
  // Version 1 has one state, made after the organisations are read.
  check_trial_table_size(root, sc.settings, sc.sectors.size(), v2 ? sc.states.size() : 1,
                         options.policies_to_run > 0 ? options.policies_to_run
                         : !options.policies.empty() ? options.policies.size()
                                                     : count_policies(root),
                         options.max_memory_bytes);
  sc.organisations = read_organisations(root, sc.version, state_names, org_names);
  if (v2) sc.partnerships = read_partnerships(root, org_names);
  const AssetDefaults defaults = read_asset_defaults(root, sc.settings.manual_restoration);

  const AssetReferences references{sc.version, sector_names, org_names, state_names};
  // An HDF5 links table is read by its child process while the assets are
  // read: the child starts first and checks what needs no assets; its result
  // is taken after the assets. An error in naming the table is left for its
  // turn below, after the assets' errors, as when the tables are read in turn.
  std::optional<PendingLinks> links_ahead;
  {
    std::string links_path;
    std::optional<SourceLocation> links_at;
    try {
      links_at = hdf5_table_at(files, root, "links", links_path);
    } catch (const InputError&) {  // NOLINT(bugprone-empty-catch): thrown again in its turn
    }
    if (links_at) links_ahead.emplace(links_path, *links_at);
  }
  if (const auto at = hdf5_table_at(files, root, "assets", sc.source.assets_path)) {
    // Its child usually ends first (10^6 assets, 10^7 links): the assets
    // are decoded while the links' child still reads.
    sc.assets = read_assets_hdf5(sc.source.assets_path, *at, defaults, references, asset_names);
    sc.source.assets_text = describe_hdf5_table(sc.source.assets_path);
  } else {
    const CsvTable asset_rows =
        read_table(files, root, "assets", sc.source.assets_path, sc.source.assets_text);
    sc.assets = read_assets(asset_rows, defaults, references, asset_names);
  }
  if (hdf5_table_at(files, root, "links", sc.source.links_path)) {
    // The same call as above, so its child was started there.
    // Hashed first, while the links' child may still read.
    sc.source.links_text = describe_hdf5_table(sc.source.links_path);
    sc.links = links_ahead.value().take(asset_names);
  } else {
    const CsvTable link_rows =
        read_table(files, root, "links", sc.source.links_path, sc.source.links_text);
    sc.links = read_links(link_rows, asset_names);
  }
  check_sectors_served(root, sc.assets);

  sc.campaigns =
      read_campaigns(root, sc.version, sc.settings, sector_names, asset_names, sc.assets);
  const bool mandates =
      std::any_of(sc.organisations.begin(), sc.organisations.end(),
                  [](const Organisation& o) { return !o.assistance.assists.empty(); });
  const PolicyContext context{.sectors = sector_names,
                              .organisations = org_names,
                              .asset_count = sc.assets.size(),
                              .version = sc.version,
                              .partnerships = sc.partnerships.size(),
                              .assistance_mandates = mandates};
  if (v2) sc.prevention = read_scenario_prevention(root, context);
  sc.policies = read_policies(root, context);
  check_selected_policies(sc.policies, options.policies);
  if (!v2) {
    // Version 1: one state, named after the scenario, holds every asset.
    sc.states = {State{sc.name}};
    sc.assets.state.assign(sc.assets.size(), 0);
  }
  return sc;
}

std::string default_scenario_path() {
  return fmt::format("{}{}", EMBEDDED_PREFIX, DEFAULT_SCENARIO);
}

}  // namespace cyres
