#pragma once
// A joint-response policy: a composition of the levers of docs/model.md
// ("Policy levers"). Defaults describe the `independent` policy: every
// organisation detects and remediates its own assets alone, first come first
// served. Each parameter's scenario key, range, HDF5 attribute and unit are in
// the lever table, sim/scenario/policy_levers.hpp: a new parameter needs a row there.

#include <string>
#include <vector>

#include "sim/core/types.hpp"

namespace cyres {

enum class SharingMode { none, partners, all, partnerships };
enum class PoolingMode { none, mutual_aid, pooled };
enum class TriageOrder { fifo, criticality, impact, sector_priority };
enum class HardeningChoice { criticality, impact, random };
enum class AssistanceMode { none, requests };

// The options as spelled in scenario files and in the output, indexed by the
// enumerator's value: the one list of each, which the lever table hands to the
// loader and the writer.
inline const std::vector<std::string> SHARING_MODE_NAMES = {"none", "partners", "all",
                                                           "partnerships"};
inline const std::vector<std::string> POOLING_MODE_NAMES = {"none", "mutual_aid", "pooled"};
inline const std::vector<std::string> TRIAGE_ORDER_NAMES = {"fifo", "criticality", "impact",
                                                            "sector_priority"};
inline const std::vector<std::string> HARDENING_CHOICE_NAMES = {"criticality", "impact", "random"};
inline const std::vector<std::string> ASSISTANCE_MODE_NAMES = {"none", "requests"};

struct SharingLever {
  SharingMode mode = SharingMode::none;
  //! partners mode: groups of organisations that share with each other.
  std::vector<std::vector<OrgIndex>> partner_groups;
  Step delay = 0;                //!< steps from a detection until partners are aware [steps]
  double awareness_boost = 2.0;  //!< kappa: detection multiplier once aware of a campaign [1]
  bool own_boost = true;  //!< an organisation's own detection makes it aware (v1: always)
};

//! Requests for assistance along the scenario's mandates (docs/model.md, rule 5).
struct AssistanceLever {
  AssistanceMode mode = AssistanceMode::none;
  int max_open = 1;  //!< requests an organisation may have awaiting a decision [1]
};

struct PoolingLever {
  PoolingMode mode = PoolingMode::none;
  int reserve_teams = 1;  //!< mutual aid: teams an organisation never lends [1]
  Step mobilisation = 0;  //!< mutual aid: steps before a lent team starts work [steps]
};

struct TriageLever {
  TriageOrder order = TriageOrder::fifo;
  std::vector<SectorIndex> sector_priority;  //!< sector_priority: first = served first
};

struct ContainmentLever {
  bool isolate_on_detection = false;     //!< a detected asset stops spreading at once
  bool isolation_costs_service = false;  //!< an isolated asset counts as down until clean
};

struct CrisisLever {
  bool enabled = false;
  int incident_trigger = 0;  //!< activate when concurrent incidents (C+D detected) >= n; 0 = off
  double service_trigger = 0.0;  //!< activate when Q < q; 0 = off
  Step activation_delay = 0;     //!< steps from trigger to activation [steps]
  double surge = 0.0;            //!< sigma: teams become M_o * (1 + sigma) [1]
};

struct PreventionLever {
  int hardening_budget = 0;  //!< k assets hardened before the trial starts [1]
  HardeningChoice hardening_choice = HardeningChoice::criticality;
  double hardening_factor = 0.5;      //!< h: multiplies nu_v of hardened assets [1]
  int capability_raised_orgs = 0;     //!< the n organisations with the lowest capability...
  double capability_raised_to = 1.0;  //!< ...get at least this detection capability [1]
  int teams_added = 0;  //!< capacity building: teams given to each of those organisations [1]
};

struct Policy {
  std::string name;
  std::string preset;  //!< preset it extends ("" = built from defaults)
  std::string description;
  SharingLever sharing;
  PoolingLever pooling;
  AssistanceLever assistance;
  TriageLever triage;
  ContainmentLever containment;
  CrisisLever crisis;
  PreventionLever prevention;
};

}  // namespace cyres
