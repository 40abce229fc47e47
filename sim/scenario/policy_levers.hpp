#pragma once
// The lever table: every parameter of a policy's levers described once — its
// YAML section and key, the Policy member it sets, its kind and allowed range
// with the reason for that range, the attribute of /policies/<name> it is
// written to, its unit and a one-line doc. The policy reader (parsing and
// range checks), the results writer, `cyres info --levers`, the schema test and
// the docs test all read this table, as the metrics are read from
// models/metric_columns.hpp.
//
// Adding a lever parameter: a member in policy.hpp and one row in
// LEVER_PARAMETERS; its section's key list, range check, error messages,
// HDF5 attribute and `cyres info --levers` follow. Add its row to the lever
// table of docs/scenario-format.md and the attribute to docs/hdf5-schema.md
// (tests compare both with this table).
//
// Written by hand, not from this table:
// - the two parameters that hold names rather than numbers, sharing.partners
//   (groups of organisations) and triage.sectors (a list of sectors), have
//   kinds of their own; their readers resolve and check the names
//   (sim/scenario/policy_reader.cpp) and their writer prints them
//   (sim/output/policy_group.cpp);
// - checks that combine parameters (e.g. mode `partners` needs a `partners`
//   list) and the clamping of counts to what the scenario holds, in
//   policy_reader.cpp's check_policy;
// - a policy's `name`, `preset` and `description`.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/scenario/limits.hpp"
#include "sim/scenario/policy.hpp"
#include "sim/scenario/value_parse.hpp"

namespace cyres {

//! What a lever parameter holds, and so how it is read, checked and written.
enum class LeverKind {
  real,                 //!< double; checked against `real_range`; HDF5 float64
  integer,              //!< int or Step (32 bits); checked against `integer_range`; HDF5 int32
  flag,                 //!< bool; HDF5 bool
  option,               //!< enumerator, spelled as in `options`; HDF5 str
  organisation_groups,  //!< groups of organisations, by name; HDF5 str array, ", "-joined
  sector_list,          //!< sectors, by name; HDF5 str array
};

using OrganisationGroups = std::vector<std::vector<OrgIndex>>;
using SectorList = std::vector<SectorIndex>;

//! Reads and writes one member of a Policy as a T.
template <class T>
struct LeverAccessor {
  T (*get)(const Policy&) = nullptr;
  void (*set)(Policy&, T) = nullptr;
};

//! The Policy member of a lever parameter: its kind and the accessor of that
//! kind (the others stay null). Made by lever_member<&Policy::x, &XLever::y>().
struct LeverMember {
  LeverKind kind = LeverKind::real;
  LeverAccessor<double> real{};
  LeverAccessor<std::int64_t> integer{};
  LeverAccessor<bool> flag{};
  LeverAccessor<std::size_t> option{};  //!< the enumerator's value, an index into `options`
  LeverAccessor<OrganisationGroups> organisation_groups{};
  LeverAccessor<SectorList> sector_list{};
};

namespace lever_detail {

template <class Class, class T>
T member_type(T Class::*);

template <auto Lever, auto Field, class As>
As get(const Policy& policy) {
  return static_cast<As>((policy.*Lever).*Field);
}

template <auto Lever, auto Field, class As>
void set(Policy& policy, As value) {
  (policy.*Lever).*Field = static_cast<decltype(member_type(Field))>(std::move(value));
}

template <auto Lever, auto Field, class As>
constexpr LeverAccessor<As> accessor() {
  return {&get<Lever, Field, As>, &set<Lever, Field, As>};
}

}  // namespace lever_detail

//! The member `Field` of the lever `Lever` of a Policy, its kind deduced from its type.
template <auto Lever, auto Field>
constexpr LeverMember lever_member() {
  using lever_detail::accessor;
  using T = decltype(lever_detail::member_type(Field));
  if constexpr (std::is_same_v<T, double>) {
    return {.kind = LeverKind::real, .real = accessor<Lever, Field, double>()};
  } else if constexpr (std::is_same_v<T, bool>) {
    return {.kind = LeverKind::flag, .flag = accessor<Lever, Field, bool>()};
  } else if constexpr (std::is_enum_v<T>) {
    return {.kind = LeverKind::option, .option = accessor<Lever, Field, std::size_t>()};
  } else if constexpr (std::is_integral_v<T>) {
    static_assert(std::is_signed_v<T> && sizeof(T) == sizeof(std::int32_t),
                  "integer levers are written as int32");
    return {.kind = LeverKind::integer, .integer = accessor<Lever, Field, std::int64_t>()};
  } else if constexpr (std::is_same_v<T, OrganisationGroups>) {
    return {.kind = LeverKind::organisation_groups,
            .organisation_groups = accessor<Lever, Field, OrganisationGroups>()};
  } else {
    static_assert(std::is_same_v<T, SectorList>, "a lever member of a kind LeverKind lacks");
    return {.kind = LeverKind::sector_list, .sector_list = accessor<Lever, Field, SectorList>()};
  }
}

//! One lever parameter: a key of a lever's mapping in a policy.
struct LeverParameter {
  const char* section = "";  //!< the lever: a policy's key whose mapping holds `key`
  const char* key = "";      //!< the key in that mapping
  LeverMember member{};
  NumberRule real_range{};                            //!< kind real: the values accepted
  IntRule integer_range{};                            //!< kind integer: the values accepted
  const std::vector<std::string>* options = nullptr;  //!< kind option: spellings by enumerator
  const char* why = "";                               //!< why the range is what it is
  const char* hdf5 = "";                              //!< attribute of /policies/<name>
  const char* unit = "";  //!< unit of the value; "" for names, options and flags
  const char* doc = "";   //!< what it does, in one line
  int since_version =
      1;  //!< first scenario format version that has it (v1 files refuse later ones)
};

//! assistance.max_open: more open requests than this is no longer a policy choice [1].
inline constexpr std::int64_t MAX_OPEN_REQUESTS = 1000;

//! The range of a count whose only upper bound is its field's type (int).
inline constexpr IntRule COUNT_RULE{0, std::numeric_limits<int>::max()};
//! Why a duration is in DURATION_RULE.
inline constexpr const char* DURATION_WHY =
    "a duration, capped so that t + duration cannot overflow";

// In the order of docs/scenario-format.md; within a section, the order keys are read in.
inline constexpr auto LEVER_PARAMETERS = std::to_array<LeverParameter>({
    {.section = "sharing",
     .key = "mode",
     .member = lever_member<&Policy::sharing, &SharingLever::mode>(),
     .options = &SHARING_MODE_NAMES,
     .why = "the sharing modes rule 4 implements",
     .hdf5 = "sharing.mode",
     .doc = "who learns of a detection: nobody else, partner groups, or every organisation"},
    {.section = "sharing",
     .key = "partners",
     .member = lever_member<&Policy::sharing, &SharingLever::partner_groups>(),
     .why = "sharing needs two; only declared organisations can share",
     .hdf5 = "sharing.partner_groups",
     .doc = "mode partners: groups of organisations that share with each other"},
    {.section = "sharing",
     .key = "delay",
     .member = lever_member<&Policy::sharing, &SharingLever::delay>(),
     .integer_range = DURATION_RULE,
     .why = DURATION_WHY,
     .hdf5 = "sharing.delay_steps",
     .unit = "steps",
     .doc = "steps from a detection until partners are aware"},
    {.section = "sharing",
     .key = "boost",
     .member = lever_member<&Policy::sharing, &SharingLever::awareness_boost>(),
     .real_range = NumberRule::at_least(1.0),
     .why = "awareness never makes detection less likely",
     .hdf5 = "sharing.awareness_boost",
     .unit = "1",
     .doc = "kappa: detection multiplier once aware of a campaign"},
    {.section = "sharing",
     .key = "own_boost",
     .member = lever_member<&Policy::sharing, &SharingLever::own_boost>(),
     .why = "on or off; version 1 always boosts on an organisation's own detection",
     .hdf5 = "sharing.own_boost",
     .doc = "an organisation's own detection makes it aware of the campaign",
     .since_version = 2},
    {.section = "pooling",
     .key = "mode",
     .member = lever_member<&Policy::pooling, &PoolingLever::mode>(),
     .options = &POOLING_MODE_NAMES,
     .why = "the pooling modes rule 5 implements",
     .hdf5 = "pooling.mode",
     .doc = "whose teams serve a queue: its own, lent beyond a reserve, or one joint pool"},
    {.section = "pooling",
     .key = "reserve",
     .member = lever_member<&Policy::pooling, &PoolingLever::reserve_teams>(),
     .integer_range = {0, MAX_TEAMS},
     .why = "a number of teams, at most an organisation's limit",
     .hdf5 = "pooling.reserve_teams",
     .unit = "teams",
     .doc = "mutual_aid: teams an organisation never lends"},
    {.section = "pooling",
     .key = "mobilisation",
     .member = lever_member<&Policy::pooling, &PoolingLever::mobilisation>(),
     .integer_range = DURATION_RULE,
     .why = DURATION_WHY,
     .hdf5 = "pooling.mobilisation_steps",
     .unit = "steps",
     .doc = "mutual_aid: steps before a lent team starts work"},
    {.section = "assistance",
     .key = "mode",
     .member = lever_member<&Policy::assistance, &AssistanceLever::mode>(),
     .options = &ASSISTANCE_MODE_NAMES,
     .why = "the assistance modes rule 5 implements",
     .hdf5 = "assistance.mode",
     .doc = "whether organisations request assistance along the scenario's mandates",
     .since_version = 2},
    {.section = "assistance",
     .key = "max_open",
     .member = lever_member<&Policy::assistance, &AssistanceLever::max_open>(),
     .integer_range = {1, MAX_OPEN_REQUESTS},
     .why = "at least one request; beyond 1000 awaiting a decision is no longer a choice",
     .hdf5 = "assistance.max_open",
     .unit = "requests",
     .doc = "requests an organisation may have awaiting a decision",
     .since_version = 2},
    {.section = "triage",
     .key = "order",
     .member = lever_member<&Policy::triage, &TriageLever::order>(),
     .options = &TRIAGE_ORDER_NAMES,
     .why = "the queue orders rule 5 implements",
     .hdf5 = "triage.order",
     .doc = "order in which detected incidents are remediated"},
    {.section = "triage",
     .key = "sectors",
     .member = lever_member<&Policy::triage, &TriageLever::sector_priority>(),
     .why = "a priority lists each declared sector once",
     .hdf5 = "triage.sector_priority",
     .doc = "order sector_priority: sectors served first, first listed first"},
    {.section = "containment",
     .key = "isolate_on_detection",
     .member = lever_member<&Policy::containment, &ContainmentLever::isolate_on_detection>(),
     .why = "on or off",
     .hdf5 = "containment.isolate_on_detection",
     .doc = "a detected asset stops spreading at once"},
    {.section = "containment",
     .key = "isolation_costs_service",
     .member = lever_member<&Policy::containment, &ContainmentLever::isolation_costs_service>(),
     .why = "on or off",
     .hdf5 = "containment.isolation_costs_service",
     .doc = "an isolated asset counts as down until remediated"},
    {.section = "crisis",
     .key = "enabled",
     .member = lever_member<&Policy::crisis, &CrisisLever::enabled>(),
     .why = "on or off; on needs a trigger",
     .hdf5 = "crisis.enabled",
     .doc = "the crisis mechanism can activate"},
    {.section = "crisis",
     .key = "incidents",
     .member = lever_member<&Policy::crisis, &CrisisLever::incident_trigger>(),
     .integer_range = COUNT_RULE,
     .why = "a count of incidents; 0 turns this trigger off",
     .hdf5 = "crisis.incident_trigger",
     .unit = "incidents",
     .doc = "activate when detected, unremediated incidents reach this; 0 = off"},
    {.section = "crisis",
     .key = "service",
     .member = lever_member<&Policy::crisis, &CrisisLever::service_trigger>(),
     .real_range = NumberRule::probability(),
     .why = "a service level Q; 0 turns this trigger off",
     .hdf5 = "crisis.service_trigger",
     .unit = "1",
     .doc = "activate when service Q falls below this; 0 = off"},
    {.section = "crisis",
     .key = "delay",
     .member = lever_member<&Policy::crisis, &CrisisLever::activation_delay>(),
     .integer_range = DURATION_RULE,
     .why = DURATION_WHY,
     .hdf5 = "crisis.activation_delay_steps",
     .unit = "steps",
     .doc = "steps from the trigger to activation"},
    {.section = "crisis",
     .key = "surge",
     .member = lever_member<&Policy::crisis, &CrisisLever::surge>(),
     .real_range = {0.0, MAX_SURGE, false, false, "a number"},
     .why = "a surge adds teams, never removes them; at most 1000 times an organisation's teams "
            "keeps the count within 32 bits",
     .hdf5 = "crisis.surge",
     .unit = "1",
     .doc = "sigma: once active, each organisation gets round(M_o * sigma) extra teams"},
    {.section = "prevention",
     .key = "hardening_budget",
     .member = lever_member<&Policy::prevention, &PreventionLever::hardening_budget>(),
     .integer_range = COUNT_RULE,
     .why = "a count of assets; beyond the assets, all are hardened",
     .hdf5 = "prevention.hardening_budget",
     .unit = "assets",
     .doc = "k: assets hardened before each trial"},
    {.section = "prevention",
     .key = "choice",
     .member = lever_member<&Policy::prevention, &PreventionLever::hardening_choice>(),
     .options = &HARDENING_CHOICE_NAMES,
     .why = "the rankings the hardening plan implements",
     .hdf5 = "prevention.hardening_choice",
     .doc = "which k assets are hardened"},
    {.section = "prevention",
     .key = "factor",
     .member = lever_member<&Policy::prevention, &PreventionLever::hardening_factor>(),
     .real_range = NumberRule::probability(),
     .why = "multiplies a probability; above 1 would break common random numbers",
     .hdf5 = "prevention.hardening_factor",
     .unit = "1",
     .doc = "h: multiplies the vulnerability nu of hardened assets"},
    {.section = "prevention",
     .key = "raise_weakest",
     .member = lever_member<&Policy::prevention, &PreventionLever::capability_raised_orgs>(),
     .integer_range = COUNT_RULE,
     .why = "a count of organisations; beyond them, all are raised",
     .hdf5 = "prevention.capability_raised_orgs",
     .unit = "organisations",
     .doc = "n: the organisations of lowest detection capability that are raised"},
    {.section = "prevention",
     .key = "raise_to",
     .member = lever_member<&Policy::prevention, &PreventionLever::capability_raised_to>(),
     .real_range = NumberRule::at_least(0.0),
     .why = "a detection capability multiplier",
     .hdf5 = "prevention.capability_raised_to",
     .unit = "1",
     .doc = "detection capability those n organisations get at least"},
    {.section = "prevention",
     .key = "raise_teams",
     .member = lever_member<&Policy::prevention, &PreventionLever::teams_added>(),
     .integer_range = {0, MAX_TEAMS},
     .why = "a number of teams, at most an organisation's limit",
     .hdf5 = "prevention.teams_added",
     .unit = "teams",
     .doc = "teams given to each of those n organisations before the trials",
     .since_version = 2},
});

//! The levers (sections) in table order, each once.
inline std::vector<std::string_view> lever_sections() {
  std::vector<std::string_view> sections;
  for (const LeverParameter& p : LEVER_PARAMETERS) {
    if (std::find(sections.begin(), sections.end(), p.section) == sections.end()) {
      sections.emplace_back(p.section);
    }
  }
  return sections;
}

//! The keys of `section`, in table order.
inline std::vector<std::string_view> lever_keys(std::string_view section) {
  std::vector<std::string_view> keys;
  for (const LeverParameter& p : LEVER_PARAMETERS) {
    if (section == p.section) keys.emplace_back(p.key);
  }
  return keys;
}

//! "sharing.delay": the parameter's key path under a policy.
inline std::string lever_path(const LeverParameter& p) {
  return std::string(p.section) + "." + p.key;
}

//! "real", "integer", ...: the kind as `cyres info --levers` prints it.
const char* lever_kind_name(LeverKind kind);

//! The values accepted, as error messages say it: "a number >= 1", "one of none, partners, all".
std::string lever_range_text(const LeverParameter& p);

}  // namespace cyres
