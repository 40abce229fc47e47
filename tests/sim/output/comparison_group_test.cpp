// /comparison written and read back with the HDF5 layer: names, units, the
// policy scale and every number equal to the Comparison it came from; and the
// per-trial reader behind `cyres compare`, with its refusals.

#include "sim/output/comparison_group.hpp"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/hdf5/hdf5.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr const char* FIELDS[] = {"mean",
                                  "ci_low",
                                  "ci_high",
                                  "paired_difference",
                                  "paired_ci_low",
                                  "paired_ci_high",
                                  "unpaired_half_width",
                                  "share_better",
                                  "cvar95"};

//! Three policies, five trials, every metric filled with distinct values.
TrialTable make_table() {
  TrialTable table;
  table.policy_names = {"independent", "shared", "joint-cell"};
  table.values.resize(TRIAL_METRIC_COLUMNS.size());
  for (std::size_t m = 0; m < TRIAL_METRIC_COLUMNS.size(); ++m) {
    for (std::size_t p = 0; p < 3; ++p) {
      std::vector<double>& v = table.values[m].emplace_back();
      for (std::size_t k = 0; k < 5; ++k) {
        // Integers for the uint32 columns; min_service in [0, 1].
        const double x = static_cast<double>((7 * k + 3 * p + m) % 11);
        v.push_back(TRIAL_METRIC_COLUMNS[m].count != nullptr ? x : x / 10.0);
      }
    }
  }
  // Event flags are 0 or 1; one untimed trial (NaN time) per time to an event.
  for (std::size_t m = 0; m < TRIAL_METRIC_COLUMNS.size(); ++m) {
    const TrialMetricColumn* flag = event_column_of(TRIAL_METRIC_COLUMNS[m]);
    if (flag == nullptr) continue;
    const auto f = static_cast<std::size_t>(flag - TRIAL_METRIC_COLUMNS.data());
    for (std::size_t p = 0; p < 3; ++p) {
      for (std::size_t k = 0; k < 5; ++k) table.values[f][p][k] = (k + p) % 2 == 0 ? 1.0 : 0.0;
      table.values[m][p][p + 1] = std::nan("");
    }
  }
  // An undefined detection latency.
  const auto latency = static_cast<std::size_t>(find_metric_column("mean_detection_latency") -
                                                TRIAL_METRIC_COLUMNS.data());
  table.values[latency][1][2] = std::nan("");
  return table;
}

class ComparisonGroupTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cyres-comparison-group-" + std::to_string(static_cast<long>(::getpid())));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }

  //! A minimal results file holding what read_results_trials needs.
  void write_trials_file(const std::string& file_path, const TrialTable& table,
                         const std::string& format = "cyres-results",
                         const std::string& version = "2.1", std::uint64_t trials = 5) {
    h5::File file = h5::File::create(file_path);
    h5::write_attribute(file, "format", format);
    h5::write_attribute(file, "format_version", version);
    h5::write_attribute(file, "trials", trials);
    h5::write_attribute(file, "seed", std::uint64_t{42});
    h5::write_attribute(file, "scenario_name", "toy");
    h5::write_attribute(file, "scenario_hash", "sha256:0123");
    h5::write_attribute(h5::create_group(file, "scenario"), "catastrophic_service", 0.3);
    {
      const h5::Group policies = h5::create_group(file, "policies");
      h5::write_attribute(policies, "names", table.policy_names);
      for (std::size_t p = 0; p < table.policy_names.size(); ++p) {
        const h5::Group trials_group =
            h5::create_group(h5::create_group(policies, table.policy_names[p]), "trials");
        // Global trial indices: the trials of a shard of trials 10, 11, ...
        std::vector<std::uint64_t> trial_index(table.values[0][p].size());
        for (std::size_t k = 0; k < trial_index.size(); ++k) trial_index[k] = 10 + k;
        h5::write_dataset(trials_group, "trial", std::span<const std::uint64_t>(trial_index));
        for (std::size_t m = 0; m < TRIAL_METRIC_COLUMNS.size(); ++m) {
          const std::vector<double>& v = table.values[m][p];
          if (TRIAL_METRIC_COLUMNS[m].count != nullptr) {
            const std::vector<std::uint32_t> counts(v.begin(), v.end());
            h5::write_dataset(trials_group, TRIAL_METRIC_COLUMNS[m].name,
                              std::span<const std::uint32_t>(counts));
          } else {
            h5::write_dataset(trials_group, TRIAL_METRIC_COLUMNS[m].name,
                              std::span<const double>(v));
          }
        }
      }
    }
    file.close();
  }

  fs::path dir_;
};

void expect_same(const std::vector<double>& got, const std::vector<double>& expected,
                 const std::string& what) {
  ASSERT_EQ(got.size(), expected.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << what << "[" << i << "]";
    } else {
      EXPECT_EQ(got[i], expected[i]) << what << "[" << i << "]";
    }
  }
}

double or_nan(const std::optional<double>& value) {
  return value ? *value : std::nan("");
}

//! A time-to-event group: Kaplan-Meier summaries, no mean (censored times are
//! never averaged), every number as computed.
void expect_time_to_event_group(const h5::Group& m, const MetricComparison& metric,
                                const h5::Dataset& policy) {
  const std::string name = metric.column->name;
  EXPECT_EQ(h5::read_attribute<std::string>(m, "event"), metric.event_column->name);
  for (const char* absent : FIELDS) {
    EXPECT_FALSE(h5::exists(m, absent)) << name << "/" << absent << " must not be written";
  }
  std::vector<double> median, median_low, median_high, p90, p90_low, p90_high, share, share_low,
      share_high, follow_up, difference, difference_low, difference_high;
  std::vector<std::uint64_t> timed, events, paired;
  for (const PolicyMetricComparison& e : metric.policies) {
    const TimeToEventSummary& s = *e.time_to_event;
    median.push_back(or_nan(s.median.time));
    median_low.push_back(or_nan(s.median.ci_low));
    median_high.push_back(or_nan(s.median.ci_high));
    p90.push_back(or_nan(s.p90.time));
    p90_low.push_back(or_nan(s.p90.ci_low));
    p90_high.push_back(or_nan(s.p90.ci_high));
    share.push_back(s.event_share.estimate);
    share_low.push_back(s.event_share.ci_low);
    share_high.push_back(s.event_share.ci_high);
    follow_up.push_back(s.longest_follow_up);
    difference.push_back(e.event_difference.mean);
    difference_low.push_back(e.event_difference.ci_low);
    difference_high.push_back(e.event_difference.ci_high);
    timed.push_back(s.event_share.trials);
    events.push_back(s.event_share.successes);
    paired.push_back(e.paired_count);
  }
  const std::string units = metric.column->units;
  const std::pair<const char*, const std::vector<double>*> reals[] = {
      {"median", &median},
      {"median_ci_low", &median_low},
      {"median_ci_high", &median_high},
      {"p90", &p90},
      {"p90_ci_low", &p90_low},
      {"p90_ci_high", &p90_high},
      {"event_share", &share},
      {"event_share_ci_low", &share_low},
      {"event_share_ci_high", &share_high},
      {"longest_follow_up", &follow_up},
      {"paired_event_difference", &difference},
      {"paired_event_ci_low", &difference_low},
      {"paired_event_ci_high", &difference_high}};
  for (const auto& [field, expected] : reals) {
    const h5::Dataset ds = h5::open_dataset(m, field);
    const std::string what = name + "/" + field;
    expect_same(h5::read_dataset<double>(ds), *expected, what);
    const bool in_hours = std::string_view(field).starts_with("median") ||
                          std::string_view(field).starts_with("p90") ||
                          std::string_view(field) == "longest_follow_up";
    EXPECT_EQ(h5::read_attribute<std::string>(ds, "units"), in_hours ? units : "1") << what;
    EXPECT_FALSE(h5::read_attribute<std::string>(ds, "description").empty()) << what;
    EXPECT_TRUE(h5::is_attached(ds, policy, 0)) << what;
  }
  const std::pair<const char*, const std::vector<std::uint64_t>*> counts[] = {
      {"timed", &timed}, {"events", &events}, {"paired_count", &paired}};
  for (const auto& [field, expected] : counts) {
    const h5::Dataset ds = h5::open_dataset(m, field);
    EXPECT_EQ(h5::read_dataset<std::uint64_t>(ds), *expected) << name << "/" << field;
    EXPECT_TRUE(h5::is_attached(ds, policy, 0)) << name << "/" << field;
  }
  // One trial of each policy is untimed in make_table.
  EXPECT_EQ(timed, (std::vector<std::uint64_t>{4, 4, 4})) << name;
}

TEST_F(ComparisonGroupTest, RoundTripKeepsEveryNumberNameUnitAndScale) {
  const Comparison c = compare_policies(
      make_table(), {.baseline = 1, .confidence_level = 0.95, .catastrophic_service = 0.3});
  {
    h5::File file = h5::File::create(path("c.h5"));
    write_comparison_group(file, c);
    file.close();
  }
  const h5::File file = h5::File::open_read_only(path("c.h5"));
  const h5::Group group = h5::open_group(file, "comparison");
  EXPECT_EQ(h5::read_attribute<std::string>(group, "baseline"), "shared");
  EXPECT_EQ(h5::read_attribute<double>(group, "catastrophic_service"), 0.3);
  EXPECT_EQ(h5::read_attribute<double>(group, "confidence_level"), 0.95);
  const h5::Dataset policy = h5::open_dataset(group, "policy");
  EXPECT_EQ(h5::read_dataset<std::string>(policy), c.policy_names);

  for (const MetricComparison& metric : c.metrics) {
    const h5::Group m = h5::open_group(group, metric.column->name);
    EXPECT_EQ(h5::read_attribute<std::string>(m, "units"), metric.column->units);
    if (metric.is_time_to_event()) {
      expect_time_to_event_group(m, metric, policy);
      continue;
    }
    EXPECT_FALSE(h5::has_attribute(m, "event"));
    std::vector<std::vector<double>> expected(std::size(FIELDS));
    for (const PolicyMetricComparison& e : metric.policies) {
      const double values[] = {e.summary.mean,        e.summary.ci_low,    e.summary.ci_high,
                               e.difference.mean,     e.difference.ci_low, e.difference.ci_high,
                               e.unpaired_half_width, e.share_better,      e.cvar95};
      for (std::size_t f = 0; f < std::size(FIELDS); ++f) expected[f].push_back(values[f]);
    }
    for (std::size_t f = 0; f < std::size(FIELDS); ++f) {
      const h5::Dataset ds = h5::open_dataset(m, FIELDS[f]);
      const std::string what = std::string(metric.column->name) + "/" + FIELDS[f];
      EXPECT_EQ(h5::shape(ds), h5::Dims{3}) << what;
      expect_same(h5::read_dataset<double>(ds), expected[f], what);
      const std::string units = h5::read_attribute<std::string>(ds, "units");
      EXPECT_EQ(units, std::string(FIELDS[f]) == "share_better" ? "1" : metric.column->units);
      EXPECT_FALSE(h5::read_attribute<std::string>(ds, "description").empty()) << what;
      EXPECT_TRUE(h5::is_attached(ds, policy, 0)) << what;
    }
  }
  const char* catastrophic[] = {"catastrophic_probability", "catastrophic_ci_low",
                                "catastrophic_ci_high"};
  double Proportion::*members[] = {&Proportion::estimate, &Proportion::ci_low,
                                   &Proportion::ci_high};
  for (std::size_t i = 0; i < 3; ++i) {
    const h5::Dataset ds = h5::open_dataset(group, catastrophic[i]);
    std::vector<double> expected;
    for (const Proportion& p : c.catastrophic) expected.push_back(p.*members[i]);
    expect_same(h5::read_dataset<double>(ds), expected, catastrophic[i]);
    EXPECT_EQ(h5::read_attribute<std::string>(ds, "units"), "1");
    EXPECT_TRUE(h5::is_attached(ds, policy, 0));
  }
}

TEST_F(ComparisonGroupTest, ReaderReturnsTheTrialsAsWritten) {
  const TrialTable table = make_table();
  write_trials_file(path("r.h5"), table);
  const ResultsTrials r = read_results_trials(path("r.h5"));
  EXPECT_EQ(r.scenario_name, "toy");
  EXPECT_EQ(r.seed, 42U);
  EXPECT_EQ(r.scenario_hash, "sha256:0123");
  EXPECT_EQ(r.trial_index, (std::vector<std::uint64_t>{10, 11, 12, 13, 14}));
  EXPECT_EQ(r.format_version, "2.1");
  EXPECT_EQ(r.catastrophic_service, 0.3);
  EXPECT_EQ(r.table.policy_names, table.policy_names);
  ASSERT_EQ(r.table.values.size(), table.values.size());
  for (std::size_t m = 0; m < table.values.size(); ++m) {
    for (std::size_t p = 0; p < table.policy_names.size(); ++p) {
      expect_same(r.table.values[m][p], table.values[m][p], TRIAL_METRIC_COLUMNS[m].name);
    }
  }
}

TEST_F(ComparisonGroupTest, ReaderRefusesValuesTheComparisonCannotTake) {
  // A file from elsewhere may hold anything: each value is checked for what
  // its column means before the statistics see it (found by damaging files).
  const auto refused = [&](const char* metric, double value, const char* expected) {
    TrialTable table = make_table();
    std::size_t m = 0;
    while (std::string_view(TRIAL_METRIC_COLUMNS[m].name) != metric) ++m;
    table.values[m][1][3] = value;
    write_trials_file(path("bad.h5"), table);
    try {
      read_results_trials(path("bad.h5"));
      ADD_FAILURE() << metric << " = " << value << " was read";
    } catch (const ValueError& e) {
      EXPECT_EQ(e.where().file, path("bad.h5"));
      EXPECT_THAT(e.what(), HasSubstr(std::string("/policies/shared/trials/") + metric +
                                      ", trial 3: value "));
      EXPECT_THAT(e.what(), HasSubstr(expected));
    }
  };
  refused("recovered", 7.0, "is not 0 or 1 (an event flag)");
  refused("time_to_recover", -1.0, "is not a time >= 0 or NaN");
  refused("time_to_recover", std::numeric_limits<double>::infinity(), "is not a time >= 0");
  refused("resilience_loss", -std::numeric_limits<double>::infinity(),
          "is not a finite number or NaN");
}

TEST_F(ComparisonGroupTest, ReaderRefusesOtherFormatsNamingTheFile) {
  write_trials_file(path("other.h5"), make_table(), "netcdf-thing");
  try {
    read_results_trials(path("other.h5"));
    FAIL() << "expected ValueError";
  } catch (const ValueError& e) {
    EXPECT_EQ(e.where().file, path("other.h5"));
    EXPECT_THAT(e.what(), HasSubstr("not a cyres results file"));
  }
  write_trials_file(path("v3.h5"), make_table(), "cyres-results", "3.0");
  EXPECT_THROW(read_results_trials(path("v3.h5")), ValueError);
  // Format 1.x counted time_to_recover from the start, without event flags.
  write_trials_file(path("v1.h5"), make_table(), "cyres-results", "1.0");
  try {
    read_results_trials(path("v1.h5"));
    FAIL() << "expected ValueError";
  } catch (const ValueError& e) {
    EXPECT_THAT(e.what(), HasSubstr("this cyres reads 2.x"));
    EXPECT_THAT(e.what(), HasSubstr("run the scenario again"));
  }
  write_trials_file(path("short.h5"), make_table(), "cyres-results", "2.0", 6);
  EXPECT_THROW(read_results_trials(path("short.h5")), ValueError);

  // Format 2.0 stored variable-length strings, which are refused before their
  // text is read (a damaged one can crash libhdf5).
  {
    write_trials_file(path("v2_0.h5"), make_table());
    const hid_t file = H5Fopen(path("v2_0.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    ASSERT_GE(H5Adelete(file, "format"), 0);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    const hid_t space = H5Screate(H5S_SCALAR);
    const hid_t attribute = H5Acreate2(file, "format", type, space, H5P_DEFAULT, H5P_DEFAULT);
    const char* text = "cyres-results";
    EXPECT_GE(H5Awrite(attribute, type, &text), 0);
    H5Aclose(attribute);
    H5Sclose(space);
    H5Tclose(type);
    H5Fclose(file);
  }
  try {
    read_results_trials(path("v2_0.h5"));
    FAIL() << "expected ValueError";
  } catch (const ValueError& e) {
    EXPECT_EQ(e.where().file, path("v2_0.h5"));
    EXPECT_THAT(e.what(), HasSubstr("results format 2.0 or older stores variable-length strings"));
  }

  std::ofstream(path("text.h5")) << "not HDF5\n";
  try {
    read_results_trials(path("text.h5"));
    FAIL() << "expected ParseError";
  } catch (const ParseError& e) {
    EXPECT_THAT(e.what(), HasSubstr(path("text.h5")));
  }
  EXPECT_THROW(read_results_trials(path("missing.h5")), ParseError);
}

}  // namespace
}  // namespace cyres
