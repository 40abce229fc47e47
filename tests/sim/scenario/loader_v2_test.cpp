// Scenario format version 2 (docs/scenario-format.md): the good_v2 fixture
// loads to the values it writes, a version-1 file loads as "every v2 feature
// off", and v2-only keys are refused in a version-1 file. The bad-input
// catalogue (tests/fixtures/bad/) covers one located error per new rule.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/hdf5/hdf5.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;

const std::string GOOD_V1 = std::string(CYRES_TEST_FIXTURES) + "/good/scenario.yaml";
const std::string GOOD_V2 = std::string(CYRES_TEST_FIXTURES) + "/good_v2/scenario.yaml";

std::size_t index_of(const std::vector<std::string>& names, const std::string& name) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return i;
  }
  ADD_FAILURE() << "no " << name;
  return 0;
}

std::size_t org(const Scenario& s, const std::string& name) {
  std::vector<std::string> names;
  for (const Organisation& o : s.organisations) names.push_back(o.name);
  return index_of(names, name);
}

std::size_t asset(const Scenario& s, const std::string& id) {
  return index_of(s.assets.id, id);
}

// The InputError `load` throws, or a test failure if it throws none.
template <class Error, class Load>
Error expect_error(Load load) {
  try {
    load();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an error";
  return Error({}, "");
}

TEST(LoaderV2Test, StatesAndTheStateColumn) {
  const Scenario s = load_scenario(GOOD_V2);
  EXPECT_EQ(s.version, 2);
  ASSERT_EQ(s.states.size(), 3u);
  EXPECT_EQ(s.states[0].name, "arden");
  EXPECT_EQ(s.states[1].name, "borvia");
  EXPECT_EQ(s.states[2].name, "caldor");
  ASSERT_EQ(s.assets.state.size(), s.assets.size());
  EXPECT_EQ(s.assets.state[asset(s, "ar-plant")], 0);
  // An asset of an arden operator may lie in borvia: the mandate does not fix the state.
  EXPECT_EQ(s.assets.state[asset(s, "bo-interconnector")], 1);
  EXPECT_EQ(s.assets.organisation[asset(s, "bo-interconnector")], org(s, "arden-grid"));
  EXPECT_EQ(s.assets.state[asset(s, "ca-treatment")], 2);
  // The other columns are read as in version 1.
  EXPECT_DOUBLE_EQ(s.assets.criticality[asset(s, "ar-scada")], 10.0);  // asset_defaults
  EXPECT_EQ(s.assets.manual_restoration[asset(s, "ar-substation")], NEVER);
  EXPECT_EQ(s.assets.manual_restoration[asset(s, "ar-scada")], 48);
}

TEST(LoaderV2Test, ReinfectionSettings) {
  const Scenario s = load_scenario(GOOD_V2);
  EXPECT_FALSE(s.settings.reinfection.immune);
  EXPECT_DOUBLE_EQ(s.settings.reinfection.vulnerability_factor, 0.5);
  EXPECT_EQ(s.settings.horizon, 168);
}

TEST(LoaderV2Test, OrganisationLevelsStatesAndRecovery) {
  const Scenario s = load_scenario(GOOD_V2);
  ASSERT_EQ(s.organisations.size(), 7u);
  const Organisation& grid = s.organisations[org(s, "arden-grid")];
  EXPECT_EQ(grid.level, OrgLevel::operator_level);
  EXPECT_EQ(grid.state, 0);
  EXPECT_EQ(grid.recovery_crews, 2);
  ASSERT_TRUE(grid.has_restoration);
  EXPECT_EQ(grid.restoration.kind, DurationDistribution::Kind::uniform);
  EXPECT_DOUBLE_EQ(grid.restoration.a, 12.0);
  EXPECT_DOUBLE_EQ(grid.restoration.b, 36.0);
  EXPECT_EQ(grid.remediation.kind, DurationDistribution::Kind::lognormal);
  EXPECT_DOUBLE_EQ(grid.remediation.b, 0.5);  // default sigma

  const Organisation& arden = s.organisations[org(s, "arden-csirt")];
  EXPECT_EQ(arden.level, OrgLevel::national);
  EXPECT_EQ(arden.recovery_crews, UNLIMITED_CREWS);  // written "unlimited"
  EXPECT_FALSE(arden.has_restoration);
  EXPECT_DOUBLE_EQ(arden.detection_capability, 1.2);

  const Organisation& borvia = s.organisations[org(s, "borvia-csirt")];
  EXPECT_EQ(borvia.level, OrgLevel::national);  // the default level
  EXPECT_EQ(borvia.state, 1);
  EXPECT_EQ(borvia.recovery_crews, 0);  // zero crews is a number of crews
  EXPECT_TRUE(borvia.has_restoration);
  EXPECT_EQ(borvia.restoration.kind, DurationDistribution::Kind::fixed);
  EXPECT_DOUBLE_EQ(borvia.restoration.a, 24.0);

  const Organisation& telecom = s.organisations[org(s, "borvia-telecom")];
  EXPECT_EQ(telecom.recovery_crews, UNLIMITED_CREWS);  // absent: unlimited (v1)
  EXPECT_FALSE(telecom.has_restoration);

  const Organisation& agency = s.organisations[org(s, "union-agency")];
  EXPECT_EQ(agency.level, OrgLevel::union_level);
  EXPECT_EQ(agency.state, NO_STATE);  // optional for a union body
  const Organisation& cell = s.organisations[org(s, "alliance-cell")];
  EXPECT_EQ(cell.level, OrgLevel::alliance);
  EXPECT_EQ(cell.state, 2);
}

TEST(LoaderV2Test, AssistanceMandates) {
  const Scenario s = load_scenario(GOOD_V2);
  const AssistanceMandate& arden = s.organisations[org(s, "arden-csirt")].assistance;
  EXPECT_EQ(arden.assists, (std::vector<OrgIndex>{static_cast<OrgIndex>(org(s, "arden-grid"))}));
  EXPECT_DOUBLE_EQ(arden.approval_probability, 1.0);  // defaults
  EXPECT_EQ(arden.approval_delay, 0);
  EXPECT_EQ(arden.deployment_delay, 0);
  EXPECT_EQ(arden.reserve, 0);

  // Mandates may name organisations declared after them.
  const AssistanceMandate& borvia = s.organisations[org(s, "borvia-csirt")].assistance;
  EXPECT_EQ(borvia.assists, (std::vector<OrgIndex>{static_cast<OrgIndex>(org(s, "borvia-telecom")),
                                                   static_cast<OrgIndex>(org(s, "arden-csirt"))}));
  EXPECT_EQ(borvia.approval_delay, 2);

  const AssistanceMandate& agency = s.organisations[org(s, "union-agency")].assistance;
  ASSERT_EQ(agency.assists.size(), 3u);
  EXPECT_EQ(agency.assists[2], org(s, "caldor-csirt"));
  EXPECT_DOUBLE_EQ(agency.approval_probability, 0.8);
  EXPECT_EQ(agency.approval_delay, 12);
  EXPECT_EQ(agency.deployment_delay, 6);
  EXPECT_EQ(agency.reserve, 1);

  const AssistanceMandate& cell = s.organisations[org(s, "alliance-cell")].assistance;
  EXPECT_EQ(cell.assists[0], org(s, "union-agency"));
  EXPECT_DOUBLE_EQ(cell.approval_probability, 0.5);
  EXPECT_EQ(cell.deployment_delay, 24);
  EXPECT_EQ(cell.reserve, 2);  // all of its 2 teams: allowed, it never lends

  EXPECT_TRUE(s.organisations[org(s, "caldor-csirt")].assistance.assists.empty());
}

TEST(LoaderV2Test, PartnershipsExpandBothDirectionsInOrder) {
  const Scenario s = load_scenario(GOOD_V2);
  ASSERT_EQ(s.partnerships.size(), 4u);
  const auto arden = org(s, "arden-csirt");
  const auto agency = org(s, "union-agency");
  // partnerships[0] with both: true gives arden -> agency, then agency -> arden.
  EXPECT_EQ(s.partnerships[0].from, arden);
  EXPECT_EQ(s.partnerships[0].to, agency);
  EXPECT_EQ(s.partnerships[1].from, agency);
  EXPECT_EQ(s.partnerships[1].to, arden);
  for (const Partnership& p : {s.partnerships[0], s.partnerships[1]}) {
    EXPECT_EQ(p.delay, 4);
    EXPECT_DOUBLE_EQ(p.trust, 0.9);
    EXPECT_DOUBLE_EQ(p.fidelity, 0.5);
  }
  EXPECT_EQ(s.partnerships[2].from, org(s, "borvia-csirt"));
  EXPECT_EQ(s.partnerships[2].delay, 8);
  EXPECT_DOUBLE_EQ(s.partnerships[2].trust, 1.0);  // defaults
  EXPECT_DOUBLE_EQ(s.partnerships[2].fidelity, 1.0);
  EXPECT_EQ(s.partnerships[3].to, org(s, "alliance-cell"));
  EXPECT_EQ(s.partnerships[3].delay, 24);
  EXPECT_DOUBLE_EQ(s.partnerships[3].trust, 0.8);
  EXPECT_DOUBLE_EQ(s.partnerships[3].fidelity, 0.25);
}

TEST(LoaderV2Test, AnEmptyPartnershipListIsAllowed) {
  // (The policy that shares along partnerships must then share otherwise.)
  const Scenario s =
      load_scenario(GOOD_V2, {{"partnerships=[]", "policies.partnered.sharing.mode=all"}});
  EXPECT_TRUE(s.partnerships.empty());
}

TEST(LoaderV2Test, NoisyAndStealthyCampaigns) {
  const Scenario s = load_scenario(GOOD_V2);
  ASSERT_EQ(s.campaigns.size(), 2u);
  const Campaign& noisy = s.campaigns[0];
  EXPECT_EQ(noisy.name, "crime-wave");
  EXPECT_EQ(noisy.payload_from, 0);               // default
  EXPECT_DOUBLE_EQ(noisy.detection_factor, 1.0);  // default: not stealthy
  EXPECT_DOUBLE_EQ(noisy.notice_probability, 0.9);
  EXPECT_EQ(noisy.notice_delay.kind, DurationDistribution::Kind::lognormal);
  EXPECT_DOUBLE_EQ(noisy.notice_delay.a, 4.0);
  EXPECT_DOUBLE_EQ(noisy.notice_delay.b, 0.5);
  EXPECT_DOUBLE_EQ(noisy.eviction_success, 0.8);
  EXPECT_EQ(noisy.return_delay.kind, DurationDistribution::Kind::exponential);
  EXPECT_DOUBLE_EQ(noisy.return_delay.a, 72.0);

  const Campaign& stealthy = s.campaigns[1];
  EXPECT_EQ(stealthy.name, "state-actor");
  EXPECT_EQ(stealthy.selection, EntrySelection::targeted);
  EXPECT_EQ(stealthy.target, TargetCriterion::criticality);
  EXPECT_EQ(stealthy.payload_from, 96);
  EXPECT_DOUBLE_EQ(stealthy.detection_factor, 0.2);
  EXPECT_DOUBLE_EQ(stealthy.payload_probability, 0.5);
  EXPECT_DOUBLE_EQ(stealthy.notice_probability, 1.0);
  // Notice delay and return delay default to fixed 0 and fixed 1 steps.
  EXPECT_EQ(stealthy.notice_delay.kind, DurationDistribution::Kind::fixed);
  EXPECT_DOUBLE_EQ(stealthy.notice_delay.a, 0.0);
  EXPECT_DOUBLE_EQ(stealthy.eviction_success, 0.6);
  EXPECT_EQ(stealthy.return_delay.kind, DurationDistribution::Kind::fixed);
  EXPECT_DOUBLE_EQ(stealthy.return_delay.a, 1.0);
}

TEST(LoaderV2Test, OverridesReachVersion2Keys) {
  const Scenario s = load_scenario(GOOD_V2, {{"campaigns.state-actor.eviction.success=0.25",
                                              "organisations.union-agency.assistance.reserve=3",
                                              "organisations.borvia-telecom.recovery_crews=5",
                                              "simulation.reinfection.immune=true"}});
  EXPECT_DOUBLE_EQ(s.campaigns[1].eviction_success, 0.25);
  EXPECT_EQ(s.organisations[org(s, "union-agency")].assistance.reserve, 3);
  EXPECT_EQ(s.organisations[org(s, "borvia-telecom")].recovery_crews, 5);
  EXPECT_TRUE(s.settings.reinfection.immune);
  // Back to unlimited crews, the restoration time written for the crews is refused.
  auto e = expect_error<ValueError>(
      [] { load_scenario(GOOD_V2, {{"organisations.arden-grid.recovery_crews=unlimited"}}); });
  EXPECT_EQ(e.where().line, 36);  // the restoration key in the file
  EXPECT_NE(e.detail().find("organisations[0].restoration: applies only with a number of "
                            "recovery_crews"),
            std::string::npos)
      << e.what();
}

TEST(LoaderV2Test, ScenarioPreventionAppliesUnderEveryPolicy) {
  const Scenario s = load_scenario(GOOD_V2);
  EXPECT_EQ(s.prevention.hardening_budget, 3);
  EXPECT_EQ(s.prevention.hardening_choice, HardeningChoice::criticality);
  EXPECT_DOUBLE_EQ(s.prevention.hardening_factor, 0.4);
  EXPECT_EQ(s.prevention.capability_raised_orgs, 2);
  EXPECT_DOUBLE_EQ(s.prevention.capability_raised_to, 1.1);
  EXPECT_EQ(s.prevention.teams_added, 1);
  // As in a policy's lever, a budget or count beyond what exists takes all there is.
  const Scenario all = load_scenario(
      GOOD_V2, {{"prevention.hardening_budget=1000", "prevention.raise_weakest=1000"}});
  EXPECT_EQ(all.prevention.hardening_budget, 10);       // assets
  EXPECT_EQ(all.prevention.capability_raised_orgs, 7);  // organisations
}

TEST(LoaderV2Test, PolicyLeversOfVersion2) {
  const Scenario s = load_scenario(GOOD_V2);
  ASSERT_EQ(s.policies.size(), 3u);
  const Policy& baseline = s.policies[0];
  EXPECT_TRUE(baseline.sharing.own_boost);  // default: v1 behaviour
  EXPECT_EQ(baseline.assistance.mode, AssistanceMode::none);
  EXPECT_EQ(baseline.assistance.max_open, 1);
  EXPECT_EQ(baseline.prevention.teams_added, 0);  // presets leave prevention empty

  const Policy& partnered = s.policies[1];
  EXPECT_EQ(partnered.preset, "");
  EXPECT_EQ(partnered.sharing.mode, SharingMode::partnerships);
  EXPECT_FALSE(partnered.sharing.own_boost);
  EXPECT_DOUBLE_EQ(partnered.sharing.awareness_boost, 3.0);
  EXPECT_EQ(partnered.sharing.delay, 2);
  EXPECT_TRUE(partnered.sharing.partner_groups.empty());

  const Policy& assisted = s.policies[2];
  EXPECT_EQ(assisted.pooling.mode, PoolingMode::mutual_aid);  // from the preset
  EXPECT_EQ(assisted.assistance.mode, AssistanceMode::requests);
  EXPECT_EQ(assisted.assistance.max_open, 2);
  EXPECT_EQ(assisted.prevention.capability_raised_orgs, 1);
  EXPECT_EQ(assisted.prevention.teams_added, 2);
}

TEST(LoaderV2Test, PolicyLeversNeedWhatTheScenarioDeclares) {
  // Mode partnerships without any partnership would share nothing.
  auto p = expect_error<ValueError>([] { load_scenario(GOOD_V2, {{"partnerships=[]"}}); });
  EXPECT_EQ(p.detail(),
            "policies[1].sharing: mode 'partnerships' needs a non-empty scenario 'partnerships' "
            "list");
  // Requests and pooled teams are two answers to the same question.
  auto q = expect_error<ValueError>(
      [] { load_scenario(GOOD_V2, {{"policies.assisted.pooling.mode=pooled"}}); });
  EXPECT_NE(q.detail().find("policies[2].assistance: mode 'requests' cannot be combined with "
                            "pooling mode 'pooled'"),
            std::string::npos)
      << q.what();
  // The combination is also refused where the pooling comes from a preset.
  auto c = expect_error<ValueError>(
      [] { load_scenario(GOOD_V2, {{"policies.assisted.preset=joint-crisis-cell"}}); });
  EXPECT_NE(c.detail().find("cannot be combined with pooling mode 'pooled'"), std::string::npos)
      << c.what();
}

TEST(LoaderV2Test, Version2PolicyLeversAreRefusedInAVersionOneFile) {
  for (const char* set :
       {"policies.cell.sharing.own_boost=false", "policies.cell.assistance={mode: none}",
        "policies.cell.prevention.raise_teams=1", "prevention={hardening_budget: 1}"}) {
    auto e = expect_error<UnknownKeyError>(
        [&] { load_scenario(GOOD_V1, {{std::string(set)}}); });
    EXPECT_NE(e.detail().find("needs format version 2 ('cyres: 2'); this file is 'cyres: 1'"),
              std::string::npos)
        << set << ": " << e.what();
  }
  auto m = expect_error<ValueError>(
      [] { load_scenario(GOOD_V1, {{"policies.cell.sharing.mode=partnerships"}}); });
  EXPECT_EQ(m.detail(),
            "policies[1].sharing.mode: value 'partnerships' needs format version 2 ('cyres: 2'); "
            "this file is 'cyres: 1'");
}

// Version 1 is the case "every v2 feature off" (docs/model.md, "Model v2").
TEST(LoaderV2Test, VersionOneLoadsWithEveryV2FeatureOff) {
  const Scenario s = load_scenario(GOOD_V1);
  EXPECT_EQ(s.version, 1);
  ASSERT_EQ(s.states.size(), 1u);
  EXPECT_EQ(s.states[0].name, "good-fixture");  // named after the scenario
  EXPECT_EQ(s.assets.state, std::vector<StateIndex>(s.assets.size(), 0));
  for (const Organisation& o : s.organisations) {
    EXPECT_EQ(o.level, OrgLevel::national);
    EXPECT_EQ(o.state, NO_STATE);
    EXPECT_EQ(o.recovery_crews, UNLIMITED_CREWS);
    EXPECT_FALSE(o.has_restoration);
    EXPECT_TRUE(o.assistance.assists.empty());
  }
  EXPECT_TRUE(s.partnerships.empty());
  EXPECT_TRUE(s.settings.reinfection.immune);
  for (const Campaign& c : s.campaigns) {
    EXPECT_EQ(c.payload_from, 0);
    EXPECT_DOUBLE_EQ(c.detection_factor, 1.0);
    EXPECT_DOUBLE_EQ(c.notice_probability, 0.0);
    EXPECT_DOUBLE_EQ(c.eviction_success, 1.0);
  }
  EXPECT_EQ(s.prevention.hardening_budget, 0);
  EXPECT_EQ(s.prevention.capability_raised_orgs, 0);
  EXPECT_EQ(s.prevention.teams_added, 0);
}

TEST(LoaderV2Test, VersionTwoKeysAreRefusedInAVersionOneFile) {
  for (const char* set :
       {"simulation.reinfection={immune: false}", "states=[{name: north}]", "partnerships=[]",
        "organisations.grid-csirt.level=operator", "organisations.grid-csirt.state=north",
        "organisations.grid-csirt.recovery_crews=2",
        "organisations.grid-csirt.restoration={distribution: fixed, value: 1}",
        "organisations.grid-csirt.assistance={assists: [national-csirt]}",
        "campaigns.0.payload_from=3", "campaigns.0.detection_factor=0.5",
        "campaigns.0.notice={probability: 1}", "campaigns.0.eviction={success: 1}"}) {
    auto e = expect_error<UnknownKeyError>([&] { load_scenario(GOOD_V1, {{std::string(set)}}); });
    EXPECT_NE(e.detail().find("needs format version 2 ('cyres: 2'); this file is 'cyres: 1'"),
              std::string::npos)
        << set << ": " << e.what();
    EXPECT_EQ(e.where().file.rfind("--set ", 0), 0u) << set << ": " << e.what();
  }
}

TEST(LoaderV2Test, OnlyVersionsOneAndTwoAreRead) {
  auto e = expect_error<ValueError>([] { load_scenario(GOOD_V2, {{"cyres=3"}}); });
  EXPECT_EQ(e.detail(), "cyres: format version 3 is not supported; expected 1 or 2");
  // A version-2 file read as version 1 fails at its first v2-only key, not silently.
  auto v1 = expect_error<UnknownKeyError>([] { load_scenario(GOOD_V2, {{"cyres=1"}}); });
  EXPECT_NE(v1.detail().find("needs format version 2"), std::string::npos) << v1.what();
}

// An HDF5 assets table of version 2 holds the coded column `state` and
// `state_labels`, like `sector`.
class LoaderV2Hdf5Test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("cyres_v2h5_{}_{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const fs::path fixture = fs::path(GOOD_V2).parent_path();
    fs::copy_file(fixture / "links.csv", dir_ / "links.csv");
    std::ifstream in(GOOD_V2);
    std::ostringstream text;
    text << in.rdbuf();
    std::string yaml = text.str();
    const std::string from = "assets: assets.csv";
    yaml.replace(yaml.find(from), from.size(), "assets: assets.h5");
    std::ofstream(dir_ / "scenario.yaml") << yaml;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string yaml() const { return (dir_ / "scenario.yaml").string(); }

  //! The fixture's assets as an HDF5 table; `place` names the coded state column.
  void write_assets(const Scenario& csv, const std::string& place = "state",
                    bool with_place = true) const {
    const AssetTable& a = csv.assets;
    h5::File f = h5::File::create((dir_ / "assets.h5").string());
    h5::write_attribute(f, "cyres_table", std::string_view("assets"));
    h5::write_attribute(f, "version", std::int32_t{1});
    h5::write_dataset(f, "id", a.id);
    const auto codes = [](const auto& column) {
      return std::vector<std::int32_t>(column.begin(), column.end());
    };
    std::vector<std::string> sectors, organisations, states;
    for (const Sector& s : csv.sectors) sectors.push_back(s.name);
    for (const Organisation& o : csv.organisations) organisations.push_back(o.name);
    for (const State& s : csv.states) states.push_back(s.name);
    h5::write_dataset(f, "sector", std::span<const std::int32_t>(codes(a.sector)));
    h5::write_dataset(f, "sector_labels", sectors);
    h5::write_dataset(f, "organisation", std::span<const std::int32_t>(codes(a.organisation)));
    h5::write_dataset(f, "organisation_labels", organisations);
    if (with_place) {
      h5::write_dataset(f, place, std::span<const std::int32_t>(codes(a.state)));
      h5::write_dataset(f, place + "_labels", states);
    }
    h5::write_dataset(f, "criticality", std::span<const double>(a.criticality));
    h5::write_dataset(f, "vulnerability", std::span<const double>(a.vulnerability));
    h5::write_dataset(f, "detection", std::span<const double>(a.detection));
    h5::write_dataset(f, "threshold", std::span<const double>(a.threshold));
    std::vector<std::int64_t> buffer(a.buffer.begin(), a.buffer.end());
    std::vector<std::int64_t> restore(a.restore.begin(), a.restore.end());
    std::vector<std::int64_t> manual;
    for (const Step m : a.manual_restoration) manual.push_back(m == NEVER ? -1 : m);
    h5::write_dataset(f, "buffer", std::span<const std::int64_t>(buffer));
    h5::write_dataset(f, "restore", std::span<const std::int64_t>(restore));
    h5::write_dataset(f, "manual_restoration", std::span<const std::int64_t>(manual));
    f.close();
  }

  fs::path dir_;
};

TEST_F(LoaderV2Hdf5Test, StateColumnLoadsAsFromCsv) {
  const Scenario csv = load_scenario(GOOD_V2);
  write_assets(csv);
  const Scenario h5 = load_scenario(yaml());
  EXPECT_EQ(h5.assets.id, csv.assets.id);
  EXPECT_EQ(h5.assets.state, csv.assets.state);
  EXPECT_EQ(h5.assets.sector, csv.assets.sector);
  EXPECT_EQ(h5.assets.organisation, csv.assets.organisation);
  EXPECT_EQ(h5.assets.manual_restoration, csv.assets.manual_restoration);
}

TEST_F(LoaderV2Hdf5Test, RegionDatasetIsRefusedInVersion2) {
  write_assets(load_scenario(GOOD_V2), "region");
  auto e = expect_error<UnknownKeyError>([&] { load_scenario(yaml()); });
  EXPECT_NE(e.detail().find("dataset 'region': region was replaced by state in version 2"),
            std::string::npos)
      << e.what();
}

TEST_F(LoaderV2Hdf5Test, StateDatasetIsRequiredInVersion2) {
  write_assets(load_scenario(GOOD_V2), "state", false);
  auto e = expect_error<ValueError>([&] { load_scenario(yaml()); });
  EXPECT_NE(e.detail().find("dataset 'state_labels': missing"), std::string::npos) << e.what();
}

TEST_F(LoaderV2Hdf5Test, UndeclaredStateLabelIsAReferenceError) {
  Scenario csv = load_scenario(GOOD_V2);
  csv.states[1].name = "bordia";
  write_assets(csv);
  auto e = expect_error<ReferenceError>([&] { load_scenario(yaml()); });
  EXPECT_NE(e.detail().find("dataset 'state_labels', row 1: unknown state 'bordia' (not "
                            "declared in states); did you mean 'borvia'?"),
            std::string::npos)
      << e.what();
}

}  // namespace
}  // namespace cyres
