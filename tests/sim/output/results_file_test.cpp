// The results file of a small synthetic run, read back with the HDF5 C API:
// names, shapes, types, units and scales as docs/hdf5-schema.md says, means
// and bands recomputed by hand, and no partial file under the path on failure.

#include "sim/output/results_file.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/hdf5/hdf5.hpp"
#include "sim/output/policy_group.hpp"
#include "sim/scenario/scenario_hash.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr std::uint64_t TRIALS = 4;
constexpr Step HORIZON = 3;
constexpr std::size_t SECTORS = 2;
constexpr std::size_t STATES = 2;
// service[trial][step]: quarters, so means and quantiles are exact in binary.
constexpr float SERVICE[TRIALS][HORIZON] = {
    {1.0F, 0.5F, 0.0F}, {0.5F, 0.5F, 1.0F}, {0.75F, 0.5F, 0.25F}, {0.25F, 0.5F, 0.75F}};

Scenario make_scenario() {
  Scenario scenario;
  scenario.name = "toy";
  scenario.description = "two sectors, three assets";
  scenario.sectors = {{.name = "energy", .weight = 3, .normalised_weight = 0.75},
                      {.name = "water", .weight = 1, .normalised_weight = 0.25}};
  scenario.organisations.resize(2);
  scenario.organisations[0].name = "eu";
  scenario.organisations[1].name = "nato";
  scenario.states = {{.name = "varnia"}, {.name = "ostmark"}};
  scenario.assets.id = {"plant", "grid", "pump"};
  scenario.assets.sector = {0, 0, 1};
  scenario.assets.organisation = {0, 1, 1};
  scenario.assets.state = {1, 0, 1};
  scenario.assets.criticality = {1.0, 2.5, 4.0};
  scenario.source = {.root_path = "toy.yaml",
                     .root_text = "name: toy\n",
                     .assets_path = "assets.csv",
                     .assets_text = "id,sector\n",
                     .links_path = "links.csv",
                     .links_text = "source,target\n"};
  Policy independent;
  independent.name = "independent";
  independent.preset = "independent";
  independent.description = "alone";
  Policy joint;
  joint.name = "joint";
  joint.description = "together";
  joint.sharing = {.mode = SharingMode::partners,
                   .partner_groups = {{0, 1}},
                   .delay = 6,
                   .awareness_boost = 3.0};
  joint.triage = {.order = TriageOrder::sector_priority, .sector_priority = {1, 0}};
  joint.containment.isolate_on_detection = true;
  joint.crisis = {.enabled = true,
                  .incident_trigger = 5,
                  .service_trigger = 0.9,
                  .activation_delay = 12,
                  .surge = 0.5};
  scenario.policies = {independent, joint};
  return scenario;
}

PolicyResult make_policy_result(const Policy& policy) {
  PolicyResult result;
  result.policy = policy;
  result.service = SeriesAccumulator(HORIZON);
  result.sector_service = SeriesAccumulator(HORIZON * SECTORS);
  for (std::uint64_t k = 0; k < TRIALS; ++k) {
    TrialMetrics metrics;
    metrics.resilience_loss = 1.5 * static_cast<double>(k);
    metrics.compromised = static_cast<std::uint32_t>(k + 1);
    metrics.crisis_activation = k == 0 ? std::numeric_limits<double>::quiet_NaN() : 2.0;
    result.trials.push_back(metrics);
    for (std::size_t s = 0; s < SECTORS; ++s) {
      result.sector_loss.push_back(static_cast<double>(k) + 0.5 * static_cast<double>(s));
    }
    for (std::size_t g = 0; g < STATES; ++g) {
      result.state_loss.push_back(0.25 * static_cast<double>(k) + static_cast<double>(g));
    }
    std::vector<float> sector_service;
    for (Step t = 0; t < HORIZON; ++t) {
      sector_service.push_back(SERVICE[k][t]);         // energy = Q
      sector_service.push_back(1.0F - SERVICE[k][t]);  // water = 1 - Q
    }
    result.service.add(SERVICE[k]);
    result.sector_service.add(sector_service);
  }
  for (Step t = 0; t < HORIZON; ++t) {
    for (int kind = 0; kind < state_count_kinds; ++kind) {
      result.state_count_sum.push_back(10 * t + kind);
    }
  }
  return result;
}

RunResult make_run(const Scenario& scenario) {
  RunResult run;
  run.seed = 7;
  run.trials = TRIALS;
  run.horizon = HORIZON;
  run.dt_hours = 2.0;
  run.sectors = SECTORS;
  run.states = STATES;
  for (const Policy& policy : scenario.policies) run.policies.push_back(make_policy_result(policy));
  run.wall_seconds = 1.25;
  return run;
}

const RunInfo INFO{.command_line = "cyres run toy.yaml -o out.h5",
                   .start_time = "2025-03-01T12:00:00Z",
                   .end_time = "2025-03-01T12:00:02Z"};

class ResultsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("cyres_results_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "results.h5").string();
  }
  void TearDown() override {
    if (file_ >= 0) H5Fclose(file_);
    fs::remove_all(dir_);
  }
  void write_and_open() {
    write_results_file(path_, scenario_, run_, INFO);
    file_ = H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(file_, 0);
  }
  std::vector<std::string> files_in_dir() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  // --- reading with the bare C API, independent of the layer under test ---
  std::vector<hsize_t> dims(const std::string& path) const {
    const hid_t dataset = H5Dopen2(file_, path.c_str(), H5P_DEFAULT);
    EXPECT_GE(dataset, 0) << path;
    const hid_t space = H5Dget_space(dataset);
    std::vector<hsize_t> result(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
    H5Sget_simple_extent_dims(space, result.data(), nullptr);
    H5Sclose(space);
    H5Dclose(dataset);
    return result;
  }
  std::vector<double> doubles(const std::string& path) const {
    std::size_t n = 1;
    for (hsize_t d : dims(path)) n *= d;
    std::vector<double> values(n);
    const hid_t dataset = H5Dopen2(file_, path.c_str(), H5P_DEFAULT);
    EXPECT_GE(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
    H5Dclose(dataset);
    return values;
  }
  bool stored_as(const std::string& path, hid_t native) const {
    const hid_t dataset = H5Dopen2(file_, path.c_str(), H5P_DEFAULT);
    const hid_t type = H5Dget_type(dataset);
    const bool same = H5Tequal(type, native) > 0;
    H5Tclose(type);
    H5Dclose(dataset);
    return same;
  }
  std::string string_attribute(const std::string& object, const std::string& name) const {
    const hid_t attr =
        H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    EXPECT_GE(attr, 0) << object << " @" << name;
    // Every string is fixed-length UTF-8, NUL-padded (docs/hdf5-schema.md).
    const hid_t type = H5Aget_type(attr);
    EXPECT_EQ(H5Tget_class(type), H5T_STRING) << object << " @" << name;
    EXPECT_EQ(H5Tis_variable_str(type), 0) << object << " @" << name;
    EXPECT_EQ(H5Tget_cset(type), H5T_CSET_UTF8) << object << " @" << name;
    EXPECT_EQ(H5Tget_strpad(type), H5T_STR_NULLPAD) << object << " @" << name;
    std::string value(H5Tget_size(type), '\0');
    H5Aread(attr, type, value.data());
    value.resize(value.find('\0') == std::string::npos ? value.size() : value.find('\0'));
    H5Tclose(type);
    H5Aclose(attr);
    return value;
  }
  template <class T>
  T numeric_attribute(const std::string& object, const std::string& name, hid_t native) const {
    const hid_t attr =
        H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    EXPECT_GE(attr, 0) << object << " @" << name;
    T value{};
    H5Aread(attr, native, &value);
    H5Aclose(attr);
    return value;
  }
  bool attached(const std::string& data, const std::string& scale, unsigned dim) const {
    const hid_t d = H5Dopen2(file_, data.c_str(), H5P_DEFAULT);
    const hid_t s = H5Dopen2(file_, scale.c_str(), H5P_DEFAULT);
    const bool yes = H5DSis_attached(d, s, dim) > 0;
    H5Dclose(s);
    H5Dclose(d);
    return yes;
  }

  Scenario scenario_ = make_scenario();
  RunResult run_ = make_run(scenario_);
  fs::path dir_;
  std::string path_;
  hid_t file_ = -1;
};

TEST_F(ResultsFileTest, RootAttributesDescribeTheRun) {
  write_and_open();
  EXPECT_EQ(string_attribute("/", "format"), "cyres-results");
  EXPECT_EQ(string_attribute("/", "format_version"), "2.1");
  EXPECT_EQ(string_attribute("/", "tool_version"), CYRES_VERSION);
  EXPECT_EQ(string_attribute("/", "git_revision"), CYRES_GIT_REVISION);
  EXPECT_EQ(string_attribute("/", "command_line"), INFO.command_line);
  EXPECT_EQ(string_attribute("/", "start_time"), INFO.start_time);
  EXPECT_EQ(string_attribute("/", "end_time"), INFO.end_time);
  EXPECT_EQ(string_attribute("/", "scenario_name"), "toy");
  EXPECT_EQ(string_attribute("/", "scenario_hash"), "961918d4727e7d9d");
  EXPECT_EQ(numeric_attribute<std::uint64_t>("/", "seed", H5T_NATIVE_UINT64), 7U);
  EXPECT_EQ(numeric_attribute<std::uint64_t>("/", "trials", H5T_NATIVE_UINT64), TRIALS);
  EXPECT_EQ(numeric_attribute<std::int32_t>("/", "horizon_steps", H5T_NATIVE_INT32), HORIZON);
  EXPECT_EQ(numeric_attribute<double>("/", "dt_hours", H5T_NATIVE_DOUBLE), 2.0);
  EXPECT_EQ(numeric_attribute<double>("/", "wall_seconds", H5T_NATIVE_DOUBLE), 1.25);
}

TEST_F(ResultsFileTest, ScenarioGroupHoldsTextsAndLabelTables) {
  write_and_open();
  h5::File file = h5::File::open_read_only(path_);
  const h5::Group group = h5::open_group(file, "scenario");
  EXPECT_EQ(h5::read_dataset<std::string>(h5::open_dataset(group, "text")),
            std::vector<std::string>{"name: toy\n"});
  EXPECT_EQ(h5::read_dataset<std::string>(h5::open_dataset(group, "links_csv")),
            std::vector<std::string>{"source,target\n"});
  EXPECT_EQ(string_attribute("/scenario/assets_csv", "path"), "assets.csv");
  EXPECT_EQ(h5::read_dataset<std::string>(h5::open_dataset(group, "sectors")),
            (std::vector<std::string>{"energy", "water"}));
  EXPECT_EQ(h5::read_dataset<std::string>(h5::open_dataset(group, "organisations")),
            (std::vector<std::string>{"eu", "nato"}));
  EXPECT_EQ(h5::read_dataset<std::string>(h5::open_dataset(group, "asset_ids")),
            (std::vector<std::string>{"plant", "grid", "pump"}));
  EXPECT_EQ(doubles("/scenario/sector_weights"), (std::vector<double>{0.75, 0.25}));
  EXPECT_EQ(string_attribute("/scenario/sector_weights", "units"), "1");
  EXPECT_TRUE(stored_as("/scenario/asset_sector", H5T_NATIVE_INT32));
  EXPECT_EQ(doubles("/scenario/asset_sector"), (std::vector<double>{0, 0, 1}));
  EXPECT_EQ(doubles("/scenario/asset_organisation"), (std::vector<double>{0, 1, 1}));
  EXPECT_EQ(h5::read_dataset<std::string>(h5::open_dataset(group, "states")),
            (std::vector<std::string>{"varnia", "ostmark"}));
  EXPECT_TRUE(stored_as("/scenario/asset_state", H5T_NATIVE_INT32));
  EXPECT_EQ(doubles("/scenario/asset_state"), (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(doubles("/scenario/asset_criticality"), (std::vector<double>{1.0, 2.5, 4.0}));
}

TEST_F(ResultsFileTest, PolicyLeversAreFlattenedAttributes) {
  write_and_open();
  h5::File file = h5::File::open_read_only(path_);
  EXPECT_EQ(h5::read_attribute<std::vector<std::string>>(h5::open_group(file, "policies"), "names"),
            (std::vector<std::string>{"independent", "joint"}));
  const h5::Group joint = h5::open_group(file, "policies/joint");
  EXPECT_EQ(h5::read_attribute<std::string>(joint, "sharing.mode"), "partners");
  EXPECT_EQ(h5::read_attribute<std::vector<std::string>>(joint, "sharing.partner_groups"),
            std::vector<std::string>{"eu, nato"});
  EXPECT_EQ(h5::read_attribute<std::int32_t>(joint, "sharing.delay_steps"), 6);
  EXPECT_EQ(h5::read_attribute<double>(joint, "sharing.awareness_boost"), 3.0);
  EXPECT_EQ(h5::read_attribute<std::string>(joint, "pooling.mode"), "none");
  EXPECT_EQ(h5::read_attribute<std::string>(joint, "triage.order"), "sector_priority");
  EXPECT_EQ(h5::read_attribute<std::vector<std::string>>(joint, "triage.sector_priority"),
            (std::vector<std::string>{"water", "energy"}));
  EXPECT_EQ(h5::read_attribute<std::int32_t>(joint, "crisis.activation_delay_steps"), 12);
  EXPECT_EQ(h5::read_attribute<std::string>(joint, "prevention.hardening_choice"), "criticality");
  EXPECT_EQ(h5::read_attribute<std::string>(joint, "description"), "together");
  EXPECT_EQ(string_attribute("/policies/independent", "preset"), "independent");
  // Booleans read as int8 0/1 through the enum's base type.
  EXPECT_EQ(numeric_attribute<std::int8_t>("/policies/joint", "containment.isolate_on_detection",
                                           H5T_NATIVE_INT8),
            1);
  EXPECT_EQ(
      numeric_attribute<std::int8_t>("/policies/independent", "crisis.enabled", H5T_NATIVE_INT8),
      0);
}

TEST_F(ResultsFileTest, TrialMetricsCarryUnitsAndTheTrialScale) {
  write_and_open();
  const std::string trials = "/policies/joint/trials/";
  EXPECT_TRUE(stored_as(trials + "trial", H5T_NATIVE_UINT64));
  EXPECT_EQ(doubles(trials + "trial"), (std::vector<double>{0, 1, 2, 3}));
  for (const TrialMetricColumn& column : TRIAL_METRIC_COLUMNS) {
    const std::string path = trials + column.name;
    EXPECT_EQ(dims(path), std::vector<hsize_t>{TRIALS}) << path;
    EXPECT_TRUE(stored_as(path, column.real != nullptr ? H5T_NATIVE_DOUBLE : H5T_NATIVE_UINT32))
        << path;
    EXPECT_EQ(string_attribute(path, "units"), column.units);
    EXPECT_FALSE(string_attribute(path, "description").empty());
    EXPECT_TRUE(attached(path, trials + "trial", 0)) << path;
  }
  EXPECT_EQ(string_attribute(trials + "resilience_loss", "units"), "service-hours");
  EXPECT_EQ(doubles(trials + "resilience_loss"), (std::vector<double>{0, 1.5, 3, 4.5}));
  EXPECT_EQ(doubles(trials + "compromised"), (std::vector<double>{1, 2, 3, 4}));
  const std::vector<double> crisis = doubles(trials + "crisis_activation");
  EXPECT_TRUE(std::isnan(crisis[0]));
  EXPECT_EQ(crisis[1], 2.0);

  EXPECT_EQ(dims(trials + "sector_loss"), (std::vector<hsize_t>{TRIALS, SECTORS}));
  EXPECT_EQ(doubles(trials + "sector_loss"), (std::vector<double>{0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5}));
  EXPECT_EQ(string_attribute(trials + "sector_loss", "units"), "service-hours");
  EXPECT_TRUE(attached(trials + "sector_loss", trials + "trial", 0));
  EXPECT_TRUE(attached(trials + "sector_loss", "/policies/joint/timeseries/sector", 1));

  EXPECT_EQ(dims(trials + "state_loss"), (std::vector<hsize_t>{TRIALS, STATES}));
  EXPECT_EQ(doubles(trials + "state_loss"),
            (std::vector<double>{0, 1, 0.25, 1.25, 0.5, 1.5, 0.75, 1.75}));
  EXPECT_EQ(string_attribute(trials + "state_loss", "units"), "service-hours");
  EXPECT_FALSE(string_attribute(trials + "state_loss", "description").empty());
  EXPECT_TRUE(attached(trials + "state_loss", trials + "trial", 0));
  EXPECT_TRUE(attached(trials + "state_loss", trials + "state", 1));
  h5::File file = h5::File::open_read_only(path_);
  EXPECT_EQ(h5::read_dataset<std::string>(h5::open_dataset(file, "policies/joint/trials/state")),
            (std::vector<std::string>{"varnia", "ostmark"}));
}

TEST_F(ResultsFileTest, StateLossOfTheWrongSizeIsRefused) {
  run_.policies[1].state_loss.pop_back();
  try {
    write_results_file(path_, scenario_, run_, INFO);
    FAIL() << "expected OutputError";
  } catch (const OutputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("policy 'joint': state_loss holds 7 values, expected 8"));
  }
  run_ = make_run(scenario_);
  run_.states = 3;
  EXPECT_THROW(write_results_file(path_, scenario_, run_, INFO), OutputError);
  EXPECT_TRUE(files_in_dir().empty());
}

TEST_F(ResultsFileTest, TimeseriesMeansAndBandsMatchHandComputation) {
  write_and_open();
  const std::string ts = "/policies/independent/timeseries/";
  EXPECT_EQ(doubles(ts + "time"), (std::vector<double>{2, 4, 6}));  // (t + 1) dt
  EXPECT_EQ(string_attribute(ts + "time", "units"), "h");
  EXPECT_EQ(doubles(ts + "quantile"), (std::vector<double>{0.05, 0.25, 0.5, 0.75, 0.95}));

  // Step 0 over trials: 1, 0.5, 0.75, 0.25 -> mean 0.625; step 2: 0, 1, 0.25, 0.75 -> 0.5.
  EXPECT_EQ(doubles(ts + "service_mean"), (std::vector<double>{0.625, 0.5, 0.5}));
  EXPECT_EQ(string_attribute(ts + "service_mean", "units"), "1");
  // Sorted 0.25 0.5 0.75 1 with h = 3q: q=.05 -> .25+.25*.15; q=.25 -> .5-.25*.25;
  // q=.5 -> .75-.25*.5; q=.75 -> .75+.25*.25; q=.95 -> 1-.25*.15.
  const std::vector<double> bands = doubles(ts + "service_bands");
  EXPECT_EQ(dims(ts + "service_bands"), (std::vector<hsize_t>{3, 5}));
  const std::vector<double> expected = {0.2875, 0.4375, 0.625, 0.8125, 0.9625,   // t = 0
                                        0.5,    0.5,    0.5,   0.5,    0.5,      // t = 1
                                        0.0375, 0.1875, 0.5,   0.8125, 0.9625};  // t = 2
  ASSERT_EQ(bands.size(), expected.size());
  for (std::size_t i = 0; i < bands.size(); ++i) EXPECT_NEAR(bands[i], expected[i], 1e-15) << i;

  // Water is 1 - energy, so its mean is 1 - the mean and its bands mirror.
  EXPECT_EQ(dims(ts + "sector_service_mean"), (std::vector<hsize_t>{3, SECTORS}));
  EXPECT_EQ(doubles(ts + "sector_service_mean"),
            (std::vector<double>{0.625, 0.375, 0.5, 0.5, 0.5, 0.5}));
  EXPECT_EQ(dims(ts + "sector_service_bands"), (std::vector<hsize_t>{3, SECTORS, 5}));
  const std::vector<double> sector_bands = doubles(ts + "sector_service_bands");
  EXPECT_NEAR(sector_bands[0], 0.2875, 1e-15);          // t 0, energy, q .05
  EXPECT_NEAR(sector_bands[5 + 4], 1 - 0.2875, 1e-15);  // t 0, water, q .95

  EXPECT_EQ(dims(ts + "state_counts_mean"), (std::vector<hsize_t>{3, state_count_kinds}));
  const std::vector<double> counts = doubles(ts + "state_counts_mean");
  EXPECT_EQ(counts[1 * state_count_kinds + 2], 12.0 / 4.0);
  EXPECT_EQ(string_attribute(ts + "state_counts_mean", "units"), "assets");

  for (const char* name : {"service_mean", "service_bands", "sector_service_mean",
                           "sector_service_bands", "state_counts_mean"}) {
    EXPECT_TRUE(attached(ts + name, ts + "time", 0)) << name;
  }
  EXPECT_TRUE(attached(ts + "service_bands", ts + "quantile", 1));
  EXPECT_TRUE(attached(ts + "sector_service_mean", ts + "sector", 1));
  EXPECT_TRUE(attached(ts + "sector_service_bands", ts + "sector", 1));
  EXPECT_TRUE(attached(ts + "sector_service_bands", ts + "quantile", 2));
  EXPECT_TRUE(attached(ts + "state_counts_mean", ts + "state", 1));
  h5::File file = h5::File::open_read_only(path_);
  EXPECT_EQ(h5::read_dataset<std::string>(h5::open_dataset(file, ts + "state")).at(7), "down");
  EXPECT_EQ(h5::read_attribute<std::vector<std::string>>(
                h5::open_dataset(file, ts + "state_counts_mean"), "states")
                .front(),
            "susceptible");
}

TEST_F(ResultsFileTest, LeavesOnlyTheFinalFile) {
  write_and_open();
  EXPECT_EQ(files_in_dir(), std::vector<std::string>{"results.h5"});
  EXPECT_EQ(H5Lexists(file_, "comparison", H5P_DEFAULT), 1);
}

TEST_F(ResultsFileTest, FailureMidWriteLeavesNothingAtThePath) {
  run_.policies[1].trials.pop_back();  // inconsistent: refused before any file exists
  try {
    write_results_file(path_, scenario_, run_, INFO);
    FAIL() << "expected OutputError";
  } catch (const OutputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("policy 'joint': trials holds 3 values, expected 4"));
  }
  EXPECT_TRUE(files_in_dir().empty());
}

TEST_F(ResultsFileTest, FailureKeepsThePreviousFileIntact) {
  write_results_file(path_, scenario_, run_, INFO);
  const auto size = fs::file_size(path_);
  run_.dt_hours = 5.0;
  run_.policies[0].service = SeriesAccumulator(HORIZON + 1);
  EXPECT_THROW(write_results_file(path_, scenario_, run_, INFO), OutputError);
  EXPECT_EQ(files_in_dir(), std::vector<std::string>{"results.h5"});
  EXPECT_EQ(fs::file_size(path_), size);
  file_ = H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_EQ(numeric_attribute<double>("/", "dt_hours", H5T_NATIVE_DOUBLE), 2.0);
}

TEST_F(ResultsFileTest, UnusablePolicyNamesAreRefused) {
  run_.policies[1].policy.name = "independent";
  EXPECT_THROW(write_results_file(path_, scenario_, run_, INFO), OutputError);
  run_.policies[1].policy.name = "a/b";
  EXPECT_THROW(write_results_file(path_, scenario_, run_, INFO), OutputError);
  EXPECT_TRUE(files_in_dir().empty());
}

TEST_F(ResultsFileTest, UnwritableDirectoryIsAnOutputError) {
  const std::string bad = (dir_ / "missing" / "results.h5").string();
  try {
    write_results_file(bad, scenario_, run_, INFO);
    FAIL() << "expected OutputError";
  } catch (const OutputError& error) {
    EXPECT_THAT(error.what(), HasSubstr(bad));
  }
  EXPECT_TRUE(files_in_dir().empty());
}

TEST(ScenarioHash, IsFnv1a64OverTextsWithNulSeparators) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);  // published FNV-1a test vectors
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(scenario_hash(ScenarioSource{}), "08328807b4eb6fed");  // FNV-1a of "\0\0"
  ScenarioSource source;
  source.root_path = "a.yaml";
  source.root_text = "name: toy\n";
  source.assets_text = "id,sector\n";
  source.links_text = "source,target\n";
  EXPECT_EQ(scenario_hash(source), "961918d4727e7d9d");
  source.root_path = "elsewhere/b.yaml";  // paths are not hashed
  EXPECT_EQ(scenario_hash(source), "961918d4727e7d9d");
  source.root_text = "name: toy\nid,sector\n";  // text moved across a file boundary
  source.assets_text = "";
  EXPECT_NE(scenario_hash(source), "961918d4727e7d9d");
}

}  // namespace
}  // namespace cyres
