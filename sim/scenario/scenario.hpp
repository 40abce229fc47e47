#pragma once
// The scenario as the engine sees it: plain tables with defaults and units,
// validated by the loader (sim/scenario/loader.hpp) before anything runs.
// Durations are counted in steps of `dt_hours`; probabilities are per step.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/scenario/policy.hpp"
#include "sim/core/types.hpp"
#include "sim/random/duration.hpp"

namespace cyres {

struct SimulationSettings {
  double dt_hours = 1.0;              //!< length of one step [h]
  Step horizon = 336;                 //!< steps simulated per trial [steps] (336 h = 14 d)
  std::uint64_t trials = 1000;        //!< Monte Carlo trials per policy [1]
  std::uint64_t seed = 1;             //!< root of every random stream
  double recovery_threshold = 0.99;   //!< service level that counts as recovered [1]
  double catastrophic_service = 0.5;  //!< minimum service below this is catastrophic [1]
  Step manual_restoration = 72;       //!< default m_i [steps]; NEVER = never
};

struct Sector {
  std::string name;
  double weight = 1.0;             //!< W_s as written; normalised weights are in normalised_weight
  double normalised_weight = 0.0;  //!< W_s / sum of W [1]
};

struct Organisation {
  std::string name;
  int teams = 1;                      //!< response teams M_o [1]
  double detection_capability = 1.0;  //!< multiplier on every asset's d_i [1]
  DurationDistribution remediation;   //!< time one team needs to clean one asset [steps]
};

//! Assets as a structure of arrays, index = asset index (row order of the table).
struct AssetTable {
  std::vector<std::string> id;
  std::vector<SectorIndex> sector;
  std::vector<OrgIndex> organisation;  //!< mandate organisation
  std::vector<double> criticality;     //!< w_i, e.g. people served [1]
  std::vector<double> vulnerability;   //!< nu_i in [0,1]
  std::vector<double> detection;       //!< d_i, base detection probability per step
  std::vector<Step> buffer;            //!< b_i [steps] without sufficient supply before going down
  std::vector<double> threshold;       //!< theta_i in (0,1]: share of input weight needed
  std::vector<Step> restore;           //!< r_i [steps] to restore once clean and supplied
  std::vector<Step> manual_restoration;  //!< m_i [steps] or NEVER
  std::size_t size() const { return id.size(); }
};

enum LinkKind : std::uint8_t { network = 1, dependency = 2, both = 3 };

//! Links u -> v as a structure of arrays, in table order.
struct LinkTable {
  std::vector<AssetIndex> source;
  std::vector<AssetIndex> target;
  std::vector<std::uint8_t> kind;   //!< LinkKind bits
  std::vector<double> probability;  //!< p_uv per step (network links)
  std::vector<double> weight;       //!< w_uv (dependency links)
  std::size_t size() const { return source.size(); }
};

enum class EntrySelection { explicit_ids, random, targeted };
enum class TargetCriterion { degree, criticality, impact };

struct Campaign {
  std::string name;
  Step start = 0;  //!< step of rule 1 [steps]
  EntrySelection selection = EntrySelection::explicit_ids;
  std::vector<AssetIndex> entries;  //!< explicit entries
  SectorIndex sector = NO_SECTOR;   //!< random/targeted: restrict to sector
  int count = 1;                    //!< random/targeted: number of entries
  TargetCriterion target = TargetCriterion::degree;
  double intensity = 1.0;            //!< multiplies every p_uv [1]
  double payload_probability = 0.0;  //!< pi per step after the dwell
  Step dwell = 0;                    //!< steps after compromise before payload can fire
};

//! Raw text of every file the scenario was read from, for the output file and the hash.
struct ScenarioSource {
  std::string root_path;  //!< the YAML file as given
  std::string root_text;  //!< its content
  std::string assets_path, assets_text;
  std::string links_path, links_text;
};

struct Scenario {
  std::string name;
  std::string description;
  SimulationSettings settings;
  std::vector<Sector> sectors;
  std::vector<Organisation> organisations;
  AssetTable assets;
  LinkTable links;
  std::vector<Campaign> campaigns;
  std::vector<Policy> policies;  //!< at least one; the first is the default baseline
  ScenarioSource source;

  //! Index of the named policy, or -1.
  int find_policy(const std::string& policy_name) const;
};

}  // namespace cyres
