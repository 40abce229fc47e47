#include "sim/scenario/loader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sim/core/error.hpp"
#include "sim/scenario/embedded.hpp"

namespace cyres {
namespace {

const std::string GOOD = std::string(CYRES_TEST_FIXTURES) + "/good/scenario.yaml";

std::size_t asset(const Scenario& s, const std::string& id) {
  for (std::size_t i = 0; i < s.assets.size(); ++i) {
    if (s.assets.id[i] == id) return i;
  }
  ADD_FAILURE() << "no asset " << id;
  return 0;
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

TEST(LoaderTest, GoodFixtureLoadsItsTables) {
  const Scenario s = load_scenario(GOOD);
  EXPECT_EQ(s.name, "good-fixture");
  EXPECT_EQ(s.settings.horizon, 48);
  EXPECT_EQ(s.settings.trials, 20u);
  EXPECT_EQ(s.settings.seed, 7u);
  EXPECT_EQ(s.settings.manual_restoration, 24);
  ASSERT_EQ(s.sectors.size(), 3u);
  EXPECT_EQ(s.sectors[1].name, "telecom");
  ASSERT_EQ(s.organisations.size(), 2u);
  EXPECT_EQ(s.organisations[0].teams, 2);
  EXPECT_DOUBLE_EQ(s.organisations[0].detection_capability, 1.5);
  EXPECT_EQ(s.organisations[0].remediation.kind, DurationDistribution::Kind::lognormal);
  EXPECT_DOUBLE_EQ(s.organisations[0].remediation.a, 6.0);
  EXPECT_DOUBLE_EQ(s.organisations[0].remediation.b, 0.5);
  EXPECT_EQ(s.organisations[1].remediation.kind, DurationDistribution::Kind::fixed);
  EXPECT_DOUBLE_EQ(s.organisations[1].remediation.a, 4.0);
  EXPECT_EQ(s.organisations[1].teams, 1);

  ASSERT_EQ(s.assets.size(), 12u);
  EXPECT_EQ(s.assets.id[0], "it-gateway");
  const std::size_t dns = asset(s, "dns-01");  // a row with spaces around every cell
  EXPECT_EQ(s.assets.sector[dns], 1);
  EXPECT_EQ(s.assets.organisation[dns], 1);
  EXPECT_DOUBLE_EQ(s.assets.criticality[dns], 100.0);
  EXPECT_DOUBLE_EQ(s.assets.vulnerability[dns], 0.6);

  ASSERT_EQ(s.links.size(), 16u);
  EXPECT_EQ(s.links.kind[0], LinkKind::network);
  EXPECT_DOUBLE_EQ(s.links.probability[0], 0.3);
  EXPECT_DOUBLE_EQ(s.links.weight[0], 1.0);  // default
  EXPECT_EQ(s.links.kind[5], LinkKind::both);
  EXPECT_EQ(s.links.kind[7], LinkKind::dependency);
  EXPECT_EQ(s.links.source[7], asset(s, "plant-01"));
  EXPECT_EQ(s.links.target[7], asset(s, "substation-01"));
  EXPECT_DOUBLE_EQ(s.links.weight[7], 2.0);

  ASSERT_EQ(s.campaigns.size(), 1u);
  const Campaign& c = s.campaigns[0];
  EXPECT_EQ(c.start, 2);
  EXPECT_EQ(c.selection, EntrySelection::explicit_ids);
  ASSERT_EQ(c.entries.size(), 2u);
  EXPECT_EQ(c.entries[1], asset(s, "scada-01"));
  EXPECT_DOUBLE_EQ(c.intensity, 1.5);
  EXPECT_DOUBLE_EQ(c.payload_probability, 0.2);
  EXPECT_EQ(c.dwell, 6);

  EXPECT_NE(s.source.root_text.find("good-fixture"), std::string::npos);
  EXPECT_EQ(s.source.root_path, GOOD);
  EXPECT_TRUE(s.source.assets_path.ends_with("good/assets.csv"));
  EXPECT_NE(s.source.links_text.find("core-router"), std::string::npos);
}

TEST(LoaderTest, QuotedCellsKeepCommasAndQuotes) {
  // Names are not kept in the table, so a wrong split would show as a shifted column.
  const Scenario s = load_scenario(GOOD);
  EXPECT_DOUBLE_EQ(s.assets.criticality[asset(s, "substation-01")], 500.0);
  EXPECT_EQ(s.assets.manual_restoration[asset(s, "substation-01")], NEVER);
  EXPECT_EQ(s.assets.manual_restoration[asset(s, "substation-02")], 48);
}

TEST(LoaderTest, EmptyCellsTakeAssetDefaults) {
  const Scenario s = load_scenario(GOOD);
  const std::size_t scada = asset(s, "scada-01");
  EXPECT_DOUBLE_EQ(s.assets.criticality[scada], 10.0);
  EXPECT_DOUBLE_EQ(s.assets.vulnerability[scada], 0.4);
  EXPECT_DOUBLE_EQ(s.assets.detection[scada], 0.05);
  EXPECT_EQ(s.assets.buffer[scada], 2);
  EXPECT_DOUBLE_EQ(s.assets.threshold[scada], 0.5);
  EXPECT_EQ(s.assets.restore[scada], 3);
  EXPECT_EQ(s.assets.manual_restoration[scada], 24);  // from simulation.manual_restoration
  EXPECT_DOUBLE_EQ(s.assets.criticality[asset(s, "it-gateway")], 0.0);  // explicit 0 kept
}

TEST(LoaderTest, SectorWeightsAreNormalised) {
  const Scenario s = load_scenario(GOOD);
  EXPECT_DOUBLE_EQ(s.sectors[0].weight, 2.0);
  EXPECT_DOUBLE_EQ(s.sectors[2].weight, 1.0);
  EXPECT_DOUBLE_EQ(s.sectors[0].normalised_weight, 0.5);
  EXPECT_DOUBLE_EQ(s.sectors[1].normalised_weight, 0.25);
  EXPECT_DOUBLE_EQ(s.sectors[2].normalised_weight, 0.25);
}

TEST(LoaderTest, PresetsResolveAndScenarioKeysOverrideThem) {
  const Scenario s = load_scenario(GOOD);
  ASSERT_EQ(s.policies.size(), 2u);
  EXPECT_EQ(s.find_policy("baseline"), 0);
  EXPECT_EQ(s.find_policy("cell"), 1);
  EXPECT_EQ(s.find_policy("nope"), -1);
  const Policy& base = s.policies[0];
  EXPECT_EQ(base.preset, "independent");
  EXPECT_EQ(base.sharing.mode, SharingMode::none);
  EXPECT_EQ(base.pooling.mode, PoolingMode::none);
  EXPECT_FALSE(base.description.empty());  // inherited from the preset

  const Policy& cell = s.policies[1];
  EXPECT_EQ(cell.preset, "joint-crisis-cell");
  EXPECT_EQ(cell.description, "Joint crisis cell with faster sharing");
  EXPECT_EQ(cell.sharing.mode, SharingMode::all);  // from the preset
  EXPECT_EQ(cell.sharing.delay, 2);                // overridden
  EXPECT_DOUBLE_EQ(cell.sharing.awareness_boost, 2.0);
  EXPECT_EQ(cell.pooling.mode, PoolingMode::pooled);
  EXPECT_EQ(cell.triage.order, TriageOrder::sector_priority);
  EXPECT_EQ(cell.triage.sector_priority, (std::vector<SectorIndex>{0, 2}));
  EXPECT_TRUE(cell.containment.isolate_on_detection);
  EXPECT_TRUE(cell.containment.isolation_costs_service);
  EXPECT_TRUE(cell.crisis.enabled);
  EXPECT_EQ(cell.crisis.incident_trigger, 10);
  EXPECT_DOUBLE_EQ(cell.crisis.service_trigger, 0.95);
  EXPECT_EQ(cell.crisis.activation_delay, 6);
  EXPECT_DOUBLE_EQ(cell.crisis.surge, 0.5);
  // Presets carry no prevention: it belongs to the scenario, under every policy.
  EXPECT_EQ(cell.prevention.hardening_budget, 0);
  EXPECT_EQ(cell.prevention.capability_raised_orgs, 0);
}

TEST(LoaderTest, NoPresetCarriesPrevention) {
  LoadOptions o;
  o.overrides = {
      "policies=[{name: a, preset: independent}, {name: b, preset: shared-awareness}, "
      "{name: c, preset: mutual-assistance}, {name: d, preset: joint-crisis-cell}]"};
  const Scenario s = load_scenario(GOOD, o);
  ASSERT_EQ(s.policies.size(), 4u);
  for (const Policy& p : s.policies) {
    EXPECT_EQ(p.prevention.hardening_budget, 0) << p.preset;
    EXPECT_EQ(p.prevention.capability_raised_orgs, 0) << p.preset;
    EXPECT_EQ(p.prevention.teams_added, 0) << p.preset;
  }
}

TEST(LoaderTest, HardeningBudgetBeyondTheAssetsHardensThemAll) {
  LoadOptions o;
  o.overrides = {"policies.cell.prevention={hardening_budget: 20, choice: impact, factor: 0.5}"};
  const Scenario s = load_scenario(GOOD, o);
  const Policy& cell = s.policies[1];
  EXPECT_EQ(cell.prevention.hardening_budget, 12);  // 20 asked, 12 assets exist
  EXPECT_EQ(cell.prevention.hardening_choice, HardeningChoice::impact);
  EXPECT_DOUBLE_EQ(cell.prevention.hardening_factor, 0.5);
}

TEST(LoaderTest, PresetsMatchTheirDocumentedLevers) {
  LoadOptions o;
  o.overrides = {
      "policies=[{name: a, preset: shared-awareness}, {name: b, preset: "
      "mutual-assistance}]"};
  const Scenario s = load_scenario(GOOD, o);
  const Policy& a = s.policies[0];
  EXPECT_EQ(a.sharing.mode, SharingMode::all);
  EXPECT_EQ(a.sharing.delay, 24);
  EXPECT_DOUBLE_EQ(a.sharing.awareness_boost, 2.0);
  EXPECT_EQ(a.pooling.mode, PoolingMode::none);
  const Policy& b = s.policies[1];
  EXPECT_EQ(b.sharing.delay, 24);
  EXPECT_EQ(b.pooling.mode, PoolingMode::mutual_aid);
  EXPECT_EQ(b.pooling.reserve_teams, 1);
  EXPECT_EQ(b.pooling.mobilisation, 12);
  EXPECT_EQ(b.triage.order, TriageOrder::criticality);
  EXPECT_FALSE(b.crisis.enabled);
}

TEST(LoaderTest, WithoutPoliciesTheDefaultIsIndependent) {
  LoadOptions o;
  o.overrides = {"policies=null"};
  EXPECT_THROW(load_scenario(GOOD, o), ValueError);  // an explicit empty value is an error
  // Remove the key by loading a copy without it: the embedded default covers presence,
  // so check the default through a scenario that has no policies.
  const Scenario s = load_scenario(std::string(CYRES_TEST_FIXTURES) + "/good/no_policies.yaml");
  ASSERT_EQ(s.policies.size(), 1u);
  EXPECT_EQ(s.policies[0].name, "independent");
  EXPECT_EQ(s.policies[0].preset, "independent");
  EXPECT_EQ(s.policies[0].sharing.mode, SharingMode::none);
  EXPECT_EQ(s.policies[0].triage.order, TriageOrder::fifo);
}

TEST(LoaderTest, OverridesReplaceValuesBeforeValidation) {
  LoadOptions o;
  o.overrides = {"simulation.trials=200",         "organisations.national-csirt.teams=8",
                 "campaigns.0.intensity=2",       "sectors.water.weight=5",
                 "policies.cell.sharing.delay=7", "asset_defaults.vulnerability=0.25"};
  const Scenario s = load_scenario(GOOD, o);
  EXPECT_EQ(s.settings.trials, 200u);
  EXPECT_EQ(s.organisations[1].teams, 8);
  EXPECT_DOUBLE_EQ(s.campaigns[0].intensity, 2.0);
  EXPECT_DOUBLE_EQ(s.sectors[2].normalised_weight, 5.0 / 8.0);
  EXPECT_EQ(s.policies[1].sharing.delay, 7);
  EXPECT_DOUBLE_EQ(s.assets.vulnerability[asset(s, "scada-01")], 0.25);
}

TEST(LoaderTest, OverridesCanAddKeysAndMappings) {
  LoadOptions o;
  o.overrides = {"organisations.0.remediation={distribution: exponential, mean: 3}",
                 "campaigns.wave-1.entry={random: 2, sector: water}"};
  const Scenario s = load_scenario(GOOD, o);
  EXPECT_EQ(s.organisations[0].remediation.kind, DurationDistribution::Kind::exponential);
  EXPECT_EQ(s.campaigns[0].selection, EntrySelection::random);
  EXPECT_EQ(s.campaigns[0].count, 2);
  EXPECT_EQ(s.campaigns[0].sector, 2);
}

TEST(LoaderTest, ErrorsInOverriddenValuesAreLocatedAtTheOverride) {
  LoadOptions o;
  o.overrides = {"simulation.trials=abc"};
  auto e = expect_error<ValueError>([&] { load_scenario(GOOD, o); });
  EXPECT_EQ(e.where().file, "--set simulation.trials");
  EXPECT_EQ(e.where().line, 0);
  EXPECT_NE(e.detail().find("'abc'"), std::string::npos) << e.what();

  o.overrides = {"simulation.horizen=10"};
  auto u = expect_error<UnknownKeyError>([&] { load_scenario(GOOD, o); });
  EXPECT_EQ(u.where().to_string(), "--set simulation.horizen");
  EXPECT_NE(u.detail().find("did you mean 'horizon'?"), std::string::npos) << u.what();

  o.overrides = {"organisations.national-cert.teams=8"};
  auto n = expect_error<UnknownKeyError>([&] { load_scenario(GOOD, o); });
  EXPECT_EQ(n.where().to_string(), "--set organisations.national-cert.teams");
  EXPECT_NE(n.detail().find("did you mean 'national-csirt'?"), std::string::npos) << n.what();

  o.overrides = {"campaigns.0.entry={assets: [nowhere]}"};
  auto r = expect_error<ReferenceError>([&] { load_scenario(GOOD, o); });
  EXPECT_EQ(r.where().to_string(), "--set campaigns.0.entry");

  o.overrides = {"simulation.trials"};
  auto m = expect_error<ValueError>([&] { load_scenario(GOOD, o); });
  EXPECT_EQ(m.where().to_string(), "--set simulation.trials");

  o.overrides = {"campaigns.3.intensity=1"};
  EXPECT_THROW(load_scenario(GOOD, o), UnknownKeyError);
  o.overrides = {"name.first=x"};
  EXPECT_THROW(load_scenario(GOOD, o), UnknownKeyError);
  o.overrides = {"simulation.trials=[1"};
  EXPECT_THROW(load_scenario(GOOD, o), ParseError);
}

TEST(LoaderTest, UnchangedNodesKeepTheirFileLocationAfterOverrides) {
  LoadOptions o;
  o.overrides = {"simulation.trials=200", "simulation.horizon=0"};
  auto e = expect_error<ValueError>([&] { load_scenario(GOOD, o); });
  EXPECT_EQ(e.where().to_string(), "--set simulation.horizon");
  o.overrides = {"simulation.trials=200", "sectors.0.weight=-1"};
  auto w = expect_error<ValueError>([&] { load_scenario(GOOD, o); });
  EXPECT_EQ(w.where().to_string(), "--set sectors.0.weight");
  o.overrides = {"simulation.trials=200"};
  o.overrides.push_back("campaigns.0.dwell=3");
  o.overrides.push_back("campaigns.0.start=-1");
  auto c = expect_error<ValueError>([&] { load_scenario(GOOD, o); });
  EXPECT_EQ(c.where().to_string(), "--set campaigns.0.start");
}

TEST(LoaderTest, MessagesNameKeyPathValueAndExpectation) {
  LoadOptions o;
  o.overrides = {"organisations.1.teams=-2"};
  auto e = expect_error<ValueError>([&] { load_scenario(GOOD, o); });
  EXPECT_EQ(
      e.detail(),
      "organisations[1].teams: value '-2' is out of range; expected an integer in [0, 100000]");
}

TEST(LoaderTest, MissingRootFileIsAParseErrorNamingThePath) {
  auto e = expect_error<ParseError>([] { load_scenario("/nonexistent/cyres/scenario.yaml"); });
  EXPECT_EQ(e.where().file, "/nonexistent/cyres/scenario.yaml");
  EXPECT_NE(e.detail().find("/nonexistent/cyres/scenario.yaml"), std::string::npos);
}

TEST(LoaderTest, UnknownEmbeddedScenarioSuggestsAName) {
  auto e = expect_error<ParseError>([] { load_scenario("embedded:varnya"); });
  EXPECT_EQ(e.where().file, "embedded:varnya/scenario.yaml");
  EXPECT_NE(e.detail().find("did you mean 'varnia'?"), std::string::npos) << e.what();
}

TEST(LoaderTest, EmbeddedDefaultScenarioLoads) {
  EXPECT_EQ(default_scenario_path(), "embedded:varnia");
  ASSERT_EQ(embedded_files().count("scenarios/varnia/scenario.yaml"), 1u);
  const Scenario s = load_scenario(default_scenario_path());
  EXPECT_EQ(s.name, "varnia");
  EXPECT_EQ(s.source.root_path, "embedded:varnia");
  EXPECT_EQ(s.source.assets_path, "embedded:varnia/assets.csv");
  EXPECT_GT(s.assets.size(), 0u);
  EXPECT_GT(s.links.size(), 0u);
  EXPECT_GE(s.policies.size(), 1u);
  double total = 0.0;
  for (const Sector& sector : s.sectors) total += sector.normalised_weight;
  EXPECT_NEAR(total, 1.0, 1e-12);
}

TEST(LoaderTest, EmbeddedErrorsAreLocatedInTheEmbeddedFile) {
  LoadOptions o;
  o.overrides = {"simulation.horizon=abc"};
  EXPECT_THROW(load_scenario(default_scenario_path(), o), ValueError);
  o.overrides = {"assets=missing.csv"};
  auto e = expect_error<ParseError>([&] { load_scenario(default_scenario_path(), o); });
  EXPECT_EQ(e.where().file, "--set assets");
  EXPECT_NE(e.detail().find("scenarios/varnia/missing.csv"), std::string::npos) << e.what();
}

}  // namespace
}  // namespace cyres
