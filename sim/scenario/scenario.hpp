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
  //! Model v2, rule 2: whether an evicted asset can be compromised again.
  struct Reinfection {
    bool immune = true;                 //!< true: R is never compromised again (v1)
    double vulnerability_factor = 1.0;  //!< rho in [0,1]: multiplies nu_v of an R target [1]
  } reinfection;
};

//! A state (country) of the scenario; every asset belongs to one.
struct State {
  std::string name;
};

struct Sector {
  std::string name;
  double weight = 1.0;             //!< W_s as written; normalised weights are in normalised_weight
  double normalised_weight = 0.0;  //!< W_s / sum of W [1]
};

//! The institutional level of an organisation (docs/model.md, "States, levels and mandates").
enum class OrgLevel { operator_level, national, union_level, alliance };
inline constexpr const char* ORG_LEVEL_NAMES[] = {"operator", "national", "union", "alliance"};

//! An organisation's mandate to help others when asked (rule 5, assistance).
struct AssistanceMandate {
  std::vector<OrgIndex> assists;      //!< organisations it may assist
  double approval_probability = 1.0;  //!< a request is approved with this probability [1]
  Step approval_delay = 0;            //!< request -> decision [steps]
  Step deployment_delay = 0;          //!< approval -> the lent team at work [steps]
  int reserve = 0;                    //!< teams it never lends [1]
};

//! recovery_crews value meaning "no capacity limit" (v1 restoration).
inline constexpr int UNLIMITED_CREWS = -1;

struct Organisation {
  std::string name;
  int teams = 1;                      //!< response teams M_o (eviction) [1]
  double detection_capability = 1.0;  //!< multiplier on every asset's d_i [1]
  DurationDistribution remediation;   //!< time one team needs to clean one asset [steps]
  OrgLevel level = OrgLevel::national;
  StateIndex state = NO_STATE;        //!< its state (operators, national bodies); NO_STATE if none
  //! Crews restoring attack-down assets once clean; UNLIMITED_CREWS: each
  //! asset is up r_i steps after eviction, without a queue (v1).
  int recovery_crews = UNLIMITED_CREWS;
  //! Restore time of one asset by one crew [steps]; absent: the asset's r_i.
  bool has_restoration = false;
  DurationDistribution restoration;
  AssistanceMandate assistance;
};

//! An information-sharing partnership from -> to (rule 4, mode partnerships).
struct Partnership {
  OrgIndex from = 0;
  OrgIndex to = 0;
  Step delay = 0;         //!< detection -> the receiver is aware [steps]
  double trust = 1.0;     //!< probability that a report is passed on [1]
  double fidelity = 1.0;  //!< share of the awareness boost the receiver gains [1]
};

//! Assets as a structure of arrays, index = asset index (row order of the table).
struct AssetTable {
  std::vector<std::string> id;
  std::vector<SectorIndex> sector;
  std::vector<OrgIndex> organisation;  //!< mandate organisation
  std::vector<StateIndex> state;       //!< the state it lies in
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
  // Model v2 (docs/model.md, "Model v2"); the defaults are v1's behaviour.
  Step payload_from = 0;         //!< no payload before this step [steps]
  double detection_factor = 1.0;  //!< multiplies d_i of its assets (stealth < 1) [1]
  double notice_probability = 0.0;  //!< a fired payload is noticed by the owner [1]
  DurationDistribution notice_delay;  //!< payload -> the owner's report [steps]
  double eviction_success = 1.0;      //!< a finished remediation evicts the attacker [1]
  DurationDistribution return_delay;  //!< incomplete eviction -> compromised again [steps]
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
  int version = 1;  //!< scenario format version the file was written in
  std::vector<Sector> sectors;
  std::vector<State> states;  //!< at least one (v1: one state named after the scenario)
  std::vector<Organisation> organisations;
  std::vector<Partnership> partnerships;  //!< v2 sharing network, both directions expanded
  AssetTable assets;
  LinkTable links;
  std::vector<Campaign> campaigns;
  //! Prevention applied identically under every policy (a policy's own adds to it).
  PreventionLever prevention;
  std::vector<Policy> policies;  //!< at least one; the first is the default baseline
  ScenarioSource source;

  //! Index of the named policy, or -1.
  int find_policy(const std::string& policy_name) const;
};

}  // namespace cyres
