// Legal values, right answers: every numeric field of a scenario at the ends
// of its legal range (and the combinations that multiply into each other)
// loads, runs and gives finite results. A metric may be NaN only where its
// column says so ("NaN if never ..."): an event that did not happen. Nothing
// is ever infinite, every loss lies in [0, horizon x dt], every service level
// in [0, 1]. The same scenarios through `cyres run` exit with 0: no value
// the loader accepts fails later while writing or summarising.
//
// The base is the version-2 fixture (tests/fixtures/good_v2), whose policies
// switch on sharing partnerships, mutual aid and assistance requests; a
// fourth policy turns the crisis mechanism on at the first loss of service.
// Its assets table is cut to the columns that place an asset, so that
// `asset_defaults` sets every asset's parameters at once.
#include <gtest/gtest.h>

#include "tests/support/run_command.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "models/metric_columns.hpp"
#include "sim/runner/monte_carlo.hpp"
#include "sim/scenario/csv.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;

constexpr const char* HUGE_VALUE = "1.7e308";    // near the largest double
constexpr const char* TINY_VALUE = "4.9e-324";   // the smallest positive double
constexpr const char* MAX_STEPS = "1000000000";  // MAX_DURATION

struct ExtremeCase {
  std::string name;
  std::vector<std::string> overrides;  //!< --set PATH=VALUE
  std::string link_probability;        //!< every network link's p_uv, if set
  std::string link_weight;             //!< every dependency link's w_uv, if set
};

void PrintTo(const ExtremeCase& c, std::ostream* os) {
  *os << c.name;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The columns of `table` named in `keep`, in that order.
std::string project_csv(const CsvTable& table, const std::vector<std::string>& keep) {
  std::vector<std::size_t> index;
  for (const std::string& column : keep) {
    for (std::size_t k = 0; k < table.header.size(); ++k) {
      if (table.header[k] == column) index.push_back(k);
    }
  }
  std::string out = fmt::format("{}\n", fmt::join(keep, ","));
  for (const CsvRow& row : table.rows) {
    std::vector<std::string> cells;
    for (const std::size_t k : index) cells.push_back(row.cells[k]);
    out += fmt::format("{}\n", fmt::join(cells, ","));
  }
  return out;
}

// The scenario of one case in `dir`: good_v2 with a crisis policy added, its
// assets reduced to placement columns, its links with the case's values.
fs::path write_scenario(const ExtremeCase& c, const fs::path& dir) {
  const fs::path fixture = fs::path(CYRES_TEST_FIXTURES) / "good_v2";
  fs::create_directories(dir);
  std::string yaml = read_text(fixture / "scenario.yaml");
  yaml +=
      "  - name: crisis\n"
      "    preset: joint-crisis-cell\n"
      "    crisis: {enabled: true, incidents: 1, service: 1, delay: 0, surge: 1}\n";
  std::ofstream(dir / "scenario.yaml") << yaml;
  const CsvTable assets = parse_csv("assets.csv", read_text(fixture / "assets.csv"));
  std::ofstream(dir / "assets.csv")
      << project_csv(assets, {"id", "sector", "organisation", "state"});
  // links.csv: source, target, type, probability, weight, without quoted cells.
  const CsvTable links = parse_csv("links.csv", read_text(fixture / "links.csv"));
  std::string text = "source,target,type,probability,weight\n";
  for (const CsvRow& row : links.rows) {
    const std::string& type = row.cells[2];
    const std::string probability =
        type == "dependency" || c.link_probability.empty() ? row.cells[3] : c.link_probability;
    const std::string weight =
        type == "network" || c.link_weight.empty() ? row.cells[4] : c.link_weight;
    text += fmt::format("{},{},{},{},{}\n", row.cells[0], row.cells[1], type, probability, weight);
  }
  std::ofstream(dir / "links.csv") << text;
  return dir / "scenario.yaml";
}

// A case per end of every numeric field's range; paths as `--set` writes them.
std::vector<ExtremeCase> extreme_cases() {
  std::vector<ExtremeCase> cases;
  const auto add = [&](std::string name, std::vector<std::string> overrides) {
    cases.push_back({std::move(name), std::move(overrides), "", ""});
  };
  const auto each = [&](const std::string& path, std::initializer_list<const char*> values) {
    for (const char* value : values) {
      add(fmt::format("{}={}", path, value), {fmt::format("{}={}", path, value)});
    }
  };
  // simulation
  each("simulation.dt", {TINY_VALUE, "8760"});
  add("simulation.horizon=1", {"simulation.horizon=1", "campaigns.state-actor.start=0",
                               "campaigns.state-actor.payload_from=0"});
  each("simulation.horizon", {"20000"});
  each("simulation.seed", {"0", "18446744073709551615"});
  each("simulation.recovery_threshold", {TINY_VALUE, "1"});
  each("simulation.catastrophic_service", {"0", "1"});
  each("simulation.manual_restoration", {"0", MAX_STEPS, "never"});
  each("simulation.reinfection.vulnerability_factor", {"0", "1"});
  // sectors: the three weights at the top of the doubles overflow their sum
  add("sectors.weight=huge", {fmt::format("sectors.energy.weight={}", HUGE_VALUE),
                              fmt::format("sectors.telecom.weight={}", HUGE_VALUE),
                              fmt::format("sectors.water.weight={}", HUGE_VALUE)});
  add("sectors.weight=huge-and-tiny", {fmt::format("sectors.energy.weight={}", HUGE_VALUE),
                                       "sectors.telecom.weight=1.7e8", "sectors.water.weight=0"});
  // organisations (union-agency: lognormal, arden-csirt: exponential, arden-grid: crews)
  add("organisations.union-agency.teams=0",
      {"organisations.union-agency.teams=0", "organisations.union-agency.assistance.reserve=0"});
  each("organisations.union-agency.teams", {"100000"});
  each("organisations.union-agency.detection_capability", {"0", HUGE_VALUE});
  each("organisations.union-agency.remediation.median", {"0", HUGE_VALUE});
  each("organisations.union-agency.remediation.sigma", {"0", HUGE_VALUE});
  each("organisations.arden-csirt.remediation.mean", {"0", HUGE_VALUE});
  each("organisations.arden-grid.recovery_crews", {"0", "100000"});
  each("organisations.arden-grid.restoration.high", {HUGE_VALUE});
  each("organisations.union-agency.assistance.approval_probability", {"0", "1"});
  each("organisations.union-agency.assistance.approval_delay", {MAX_STEPS});
  each("organisations.union-agency.assistance.deployment_delay", {MAX_STEPS});
  each("organisations.union-agency.assistance.reserve", {"0", "3"});
  // partnerships
  each("partnerships.0.delay", {"0", MAX_STEPS});
  each("partnerships.0.trust", {"0", "1"});
  each("partnerships.0.fidelity", {"0", "1"});
  // assets, all at once through asset_defaults
  each("asset_defaults.criticality", {TINY_VALUE, "1e300"});
  each("asset_defaults.vulnerability", {"0", "1"});
  each("asset_defaults.detection", {"0", "1"});
  each("asset_defaults.buffer", {"0", MAX_STEPS});
  each("asset_defaults.threshold", {TINY_VALUE, "1"});
  each("asset_defaults.restore", {"0", MAX_STEPS});
  each("asset_defaults.manual_restoration", {"0", MAX_STEPS, "never"});
  // campaigns (crime-wave: random entries and the lifecycle; state-actor: targeted)
  each("campaigns.crime-wave.start", {"0", "167"});
  each("campaigns.crime-wave.intensity", {"0", HUGE_VALUE});
  each("campaigns.crime-wave.payload_probability", {"0", "1"});
  each("campaigns.crime-wave.dwell", {"0", MAX_STEPS});
  each("campaigns.crime-wave.payload_from", {"0", "167"});
  each("campaigns.crime-wave.detection_factor", {"0", "1"});
  each("campaigns.crime-wave.notice.probability", {"0", "1"});
  each("campaigns.crime-wave.notice.delay.median", {"0", HUGE_VALUE});
  each("campaigns.crime-wave.eviction.success", {"0", "1"});
  each("campaigns.crime-wave.eviction.return_delay.mean", {"0", HUGE_VALUE});
  each("campaigns.crime-wave.entry.random", {"1", "10"});
  each("campaigns.state-actor.entry.targeted", {"1", "5"});
  // scenario prevention
  each("prevention.hardening_budget", {"0", "2147483647"});
  each("prevention.factor", {"0", "1"});
  each("prevention.raise_weakest", {"0", "2147483647"});
  each("prevention.raise_to", {"0", HUGE_VALUE});
  each("prevention.raise_teams", {"0", "100000"});
  // policy levers
  each("policies.partnered.sharing.boost", {"1", HUGE_VALUE});
  each("policies.partnered.sharing.delay", {"0", MAX_STEPS});
  each("policies.assisted.pooling.reserve", {"0", "100000"});
  each("policies.assisted.pooling.mobilisation", {"0", MAX_STEPS});
  each("policies.assisted.assistance.max_open", {"1", "1000"});
  each("policies.crisis.crisis.incidents", {"1", "2147483647"});
  each("policies.crisis.crisis.service", {"0", "1"});
  each("policies.crisis.crisis.delay", {"0", MAX_STEPS});
  each("policies.crisis.crisis.surge", {"0", "1000"});
  each("policies.crisis.prevention.raise_teams", {"100000"});
  // links
  cases.push_back({"links.probability=0", {}, "0", ""});
  cases.push_back({"links.probability=1", {}, "1", ""});
  cases.push_back({"links.weight=tiny", {}, "", TINY_VALUE});
  cases.push_back({"links.weight=1e300", {}, "", "1e300"});
  // Factors that multiply into one probability, all at their largest, and at 0 against huge.
  add("multipliers=huge",
      {fmt::format("organisations.union-agency.detection_capability={}", HUGE_VALUE),
       fmt::format("prevention.raise_to={}", HUGE_VALUE),
       fmt::format("policies.partnered.sharing.boost={}", HUGE_VALUE),
       fmt::format("campaigns.state-actor.intensity={}", HUGE_VALUE), "asset_defaults.detection=1",
       "prevention.raise_teams=100000", "policies.crisis.crisis.surge=1000"});
  add("multipliers=huge-times-zero",
      {fmt::format("organisations.union-agency.detection_capability={}", HUGE_VALUE),
       fmt::format("policies.partnered.sharing.boost={}", HUGE_VALUE),
       fmt::format("campaigns.state-actor.intensity={}", HUGE_VALUE), "asset_defaults.detection=0",
       "campaigns.state-actor.detection_factor=0", "asset_defaults.vulnerability=0"});
  add("durations=longest",
      {"simulation.dt=8760",
       fmt::format("organisations.union-agency.remediation.median={}", HUGE_VALUE),
       fmt::format("campaigns.crime-wave.eviction.return_delay.mean={}", HUGE_VALUE),
       "asset_defaults.restore=1000000000", "asset_defaults.buffer=1000000000"});
  return cases;
}

std::string case_name(const testing::TestParamInfo<ExtremeCase>& info) {
  std::string name = info.param.name;
  for (char& ch : name) {
    if (std::isalnum(static_cast<unsigned char>(ch)) == 0) ch = '_';
  }
  return name;
}

fs::path case_dir(const ExtremeCase& c) {
  return fs::temp_directory_path() / ("cyres-extreme-" + case_name({c, 0}));
}

class ExtremeValues : public testing::TestWithParam<ExtremeCase> {
 protected:
  void SetUp() override { fs::remove_all(case_dir(GetParam())); }
  void TearDown() override { fs::remove_all(case_dir(GetParam())); }
};

TEST_P(ExtremeValues, GiveFiniteResults) {
  const ExtremeCase& c = GetParam();
  const fs::path path = write_scenario(c, case_dir(c));
  LoadOptions load;
  load.overrides = c.overrides;
  load.overrides.emplace_back("simulation.trials=4");
  const Scenario scenario = load_scenario(path.string(), load);
  const RunResult run = run_monte_carlo(scenario, {});
  const double horizon_hours = static_cast<double>(run.horizon) * run.dt_hours;
  ASSERT_TRUE(std::isfinite(horizon_hours));
  ASSERT_EQ(run.policies.size(), 4u);
  for (const PolicyResult& policy : run.policies) {
    ASSERT_EQ(policy.trials.size(), 4u);
    for (const TrialMetrics& trial : policy.trials) {
      for (const TrialMetricColumn& column : TRIAL_METRIC_COLUMNS) {
        const double value = column.of(trial);
        const bool may_be_nan =
            std::string_view(column.description).find("NaN") != std::string_view::npos;
        EXPECT_FALSE(std::isinf(value)) << policy.policy.name << " " << column.name;
        EXPECT_TRUE(std::isfinite(value) || may_be_nan)
            << policy.policy.name << " " << column.name << " = " << value;
      }
      EXPECT_GE(trial.resilience_loss, 0.0) << policy.policy.name;
      EXPECT_LE(trial.resilience_loss, horizon_hours * (1.0 + 1e-12)) << policy.policy.name;
      EXPECT_GE(trial.min_service, 0.0) << policy.policy.name;
      EXPECT_LE(trial.min_service, 1.0) << policy.policy.name;
    }
    for (const std::vector<double>* losses : {&policy.sector_loss, &policy.state_loss}) {
      for (const double loss : *losses) {
        EXPECT_TRUE(std::isfinite(loss) && loss >= 0.0) << policy.policy.name << " " << loss;
      }
    }
  }
}

TEST_P(ExtremeValues, RunExitsWith0) {
  const ExtremeCase& c = GetParam();
  const fs::path path = write_scenario(c, case_dir(c));
  std::string command = fmt::format("{} run '{}' --trials 4 --threads 1 -o '{}'", CYRES_BINARY,
                                    path.string(), (case_dir(c) / "out.h5").string());
  for (const std::string& o : c.overrides) command += fmt::format(" --set '{}'", o);
  const test::CommandResult r = test::run_command(command);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(case_dir(c) / "out.h5")) << r.output;
}

// Weights at the top of the doubles overflow their sum; they once made every
// share 0, so that service never fell and every loss was 0 (or all horizon).
TEST(ExtremeSectorWeights, HugeEqualWeightsGiveTheResultsOfEqualWeights) {
  const std::string path = std::string(CYRES_TEST_FIXTURES) + "/good_v2/scenario.yaml";
  const auto run_with = [&](const char* weight) {
    LoadOptions load;
    for (const char* sector : {"energy", "telecom", "water"}) {
      load.overrides.push_back(fmt::format("sectors.{}.weight={}", sector, weight));
    }
    load.overrides.emplace_back("simulation.trials=8");
    const Scenario scenario = load_scenario(path, load);
    return run_monte_carlo(scenario, {});
  };
  const RunResult huge = run_with(HUGE_VALUE);
  const RunResult ones = run_with("1");
  ASSERT_EQ(huge.policies.size(), ones.policies.size());
  double total_loss = 0.0;
  for (std::size_t p = 0; p < huge.policies.size(); ++p) {
    for (std::size_t t = 0; t < huge.policies[p].trials.size(); ++t) {
      EXPECT_EQ(huge.policies[p].trials[t].resilience_loss,
                ones.policies[p].trials[t].resilience_loss);
      total_loss += ones.policies[p].trials[t].resilience_loss;
    }
    EXPECT_EQ(huge.policies[p].sector_loss, ones.policies[p].sector_loss);
  }
  EXPECT_GT(total_loss, 0.0);  // the comparison has something to compare
}

INSTANTIATE_TEST_SUITE_P(EveryField, ExtremeValues, testing::ValuesIn(extreme_cases()), case_name);

}  // namespace
}  // namespace cyres
