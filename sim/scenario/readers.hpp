#pragma once
// Readers of the sections of a scenario (internal to the loader). Each takes
// the already key-checked root mapping and throws a located InputError on the
// first problem; the loader calls them in dependency order (sectors and
// organisations before assets, assets before links and campaigns).

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "sim/hdf5/hdf5_isolation.hpp"
#include "sim/scenario/csv.hpp"
#include "sim/scenario/limits.hpp"
#include "sim/scenario/name_index.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace cyres {

//! Values for asset columns absent from the CSV or left empty (`asset_defaults`).
struct AssetDefaults {
  double criticality = 1.0;      //!< w_i [1]
  double vulnerability = 0.5;    //!< nu_i [1]
  double detection = 0.01;       //!< d_i per step [1]
  Step buffer = 0;               //!< b_i [steps]
  double threshold = 1.0;        //!< theta_i [1]
  Step restore = 0;              //!< r_i [steps]
  Step manual_restoration = 72;  //!< m_i [steps] or NEVER; from simulation.manual_restoration
};

//! Scenario format versions this loader reads (`cyres: 1`, `cyres: 2`).
inline constexpr int FORMAT_V1 = 1;
inline constexpr int FORMAT_V2 = 2;

//! In a version-1 file, UnknownKeyError at the first of `keys` present in `m`:
//! those keys exist only in format version 2. Nothing in a version-2 file.
void refuse_v2_keys(const yaml::Map& m, int version, std::initializer_list<std::string_view> keys);
//! The message for a v2-only key or column met in a version-1 file.
std::string needs_v2(std::string_view what);

//! A list item's `name`: required, made of [A-Za-z0-9_.-].
std::string read_name(const yaml::Map& item);
//! ReferenceError unless `names.add(name)` succeeds; `where` is the name's node.
void add_unique_name(NameIndex& names, const std::string& name, const yaml::Map& item);

//! The duration distribution mapping under `key` of `parent` (required there):
//! `{distribution: lognormal, median: 4, sigma: 0.5}` and the like [steps].
DurationDistribution read_distribution(const yaml::Map& parent, std::string_view key);

SimulationSettings read_simulation(const yaml::Map& root, int version);
//! Version 2 `states`: required, non-empty, unique names.
std::vector<State> read_states(const yaml::Map& root, NameIndex& names);
std::vector<Sector> read_sectors(const yaml::Map& root, NameIndex& names);
//! `states` is empty in version 1 (no organisation names a state there).
std::vector<Organisation> read_organisations(const yaml::Map& root, int version,
                                             const NameIndex& states, NameIndex& names);
//! Version 2 `partnerships`, each `both: true` item expanded into its two directions.
std::vector<Partnership> read_partnerships(const yaml::Map& root, const NameIndex& organisations);
AssetDefaults read_asset_defaults(const yaml::Map& root, Step manual_restoration);
//! SizeError if the per-trial tables of `policy_count` policies, trials x
//! (PER_TRIAL_BYTES + 8 x (sectors + states)) bytes each, would exceed
//! MAX_TRIAL_TABLE_BYTES: the runner holds them until the results are written.
void check_trial_table_size(const yaml::Map& root, const SimulationSettings& settings,
                            std::size_t sector_count, std::size_t state_count,
                            std::size_t policy_count, double limit_bytes = MAX_TRIAL_TABLE_BYTES);
//! "10.1 GiB", "21.2 KiB", "512 bytes": a memory size for messages (units of 1024).
std::string memory_size_text(double bytes);
//! ValueError for a sector with no asset of criticality > 0 (its Q_s is undefined).
void check_sectors_served(const yaml::Map& root, const AssetTable& assets);

//! What an asset row refers to, and the format version its table is read in.
struct AssetReferences {
  int version = FORMAT_V1;
  const NameIndex& sectors;
  const NameIndex& organisations;
  const NameIndex& states;  //!< version 2: the declared states (the `state` column)
};

AssetTable read_assets(const CsvTable& table, const AssetDefaults& defaults,
                       const AssetReferences& references, NameIndex& asset_names);
LinkTable read_links(const CsvTable& table, const NameIndex& asset_names);

// Sums the engine forms (rule 6's input weight of an asset, the impact ranking's
// criticality totals) must be finite: the readers refuse the row at which they
// overflow, with these messages.
std::string input_weight_overflow(double weight, std::string_view target);
std::string criticality_overflow(double criticality);

// HDF5 tables (docs/scenario-format.md, "HDF5 tables"): the same checks, errors
// located by file, dataset and 0-based row. `file` is opened and shown in
// messages; a file that cannot be opened is reported at `referred_at`.
AssetTable read_assets_hdf5(const std::string& file, const SourceLocation& referred_at,
                            const AssetDefaults& defaults, const AssetReferences& references,
                            NameIndex& asset_names);
LinkTable read_links_hdf5(const std::string& file, const SourceLocation& referred_at,
                          const NameIndex& asset_names);
//! read_links_hdf5, started before the assets table is read: its child
//! reads and checks the links while this process reads the assets (two
//! children at once on two cores); take() checks what needs the assets (the
//! rows' range) and returns the table, or throws the error read_links_hdf5
//! would throw. Destroyed untaken (the assets were refused), it stops the child.
class PendingLinks {
 public:
  PendingLinks(std::string file, SourceLocation referred_at);
  LinkTable take(const NameIndex& asset_names);

 private:
  std::string file_;
  SourceLocation referred_at_;
  h5::ReadingChild child_;
};
//! ValueError for a (source, target, type) given twice, without hashing every
//! link; `assets` bounds every source row. Without `asset_names` (the links
//! read before the assets), what is thrown is for the caller to read again.
void check_duplicate_links(const std::string& file, const LinkTable& links, std::size_t assets,
                           const NameIndex* asset_names);
//! What the scenario records as an HDF5 table's "text": its size and a hash of its bytes.
std::string describe_hdf5_table(const std::string& file);

std::vector<Campaign> read_campaigns(const yaml::Map& root, int version,
                                     const SimulationSettings& settings, const NameIndex& sectors,
                                     const NameIndex& asset_names, const AssetTable& assets);

}  // namespace cyres
