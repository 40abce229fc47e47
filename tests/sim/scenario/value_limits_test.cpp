// Numbers checked for what they do: sector weights are normalised without
// overflow and no positive weight loses its sector; the sums the engine forms
// from criticalities and dependency weights are finite or refused where they
// overflow, in CSV and in HDF5 tables alike.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/generate/scenario_generator.hpp"
#include "sim/hdf5/hdf5.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;

std::string good_fixture() {
  return std::string(CYRES_TEST_FIXTURES) + "/good/scenario.yaml";
}

Scenario load_with(const std::vector<std::string>& overrides) {
  return load_scenario(good_fixture(), {overrides});
}

template <class Error, class Load>
std::string error_of(Load load) {
  try {
    load();
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong error type: " << e.what();
    return "";
  }
  ADD_FAILURE() << "expected an error";
  return "";
}

TEST(SectorWeights, OrdinaryWeightsAreDividedByTheirSum) {
  const Scenario s = load_with(
      {"sectors.energy.weight=0.3", "sectors.telecom.weight=0.7", "sectors.water.weight=0.1"});
  const double total = 0.3 + 0.7 + 0.1;
  EXPECT_EQ(s.sectors[0].normalised_weight, 0.3 / total);
  EXPECT_EQ(s.sectors[1].normalised_weight, 0.7 / total);
  EXPECT_EQ(s.sectors[2].normalised_weight, 0.1 / total);
}

TEST(SectorWeights, WeightsNearTheLargestDoubleShareAsEqualWeightsDo) {
  // 1.7e308 x 3 overflows the sum to inf, which once made every share 0.
  const Scenario huge =
      load_with({"sectors.energy.weight=1.7e308", "sectors.telecom.weight=1.7e308",
                 "sectors.water.weight=1.7e308"});
  const Scenario ones =
      load_with({"sectors.energy.weight=1", "sectors.telecom.weight=1", "sectors.water.weight=1"});
  for (std::size_t s = 0; s < 3; ++s) {
    EXPECT_EQ(huge.sectors[s].normalised_weight, ones.sectors[s].normalised_weight) << s;
  }
  const Scenario two = load_with({"sectors.energy.weight=1.7e308", "sectors.telecom.weight=0",
                                  "sectors.water.weight=1.7e308"});
  EXPECT_EQ(two.sectors[0].normalised_weight, 0.5);
  EXPECT_EQ(two.sectors[1].normalised_weight, 0.0);
  EXPECT_EQ(two.sectors[2].normalised_weight, 0.5);
}

TEST(SectorWeights, APositiveWeightWhoseShareUnderflowsIsALocatedError) {
  const std::string message = error_of<ValueError>([] {
    load_with({"sectors.energy.weight=1.7e308", "sectors.telecom.weight=1e-300"});
  });
  EXPECT_NE(message.find("--set sectors.telecom.weight: sectors[1].weight: value '1e-300' is too "
                         "small beside the largest weight"),
            std::string::npos)
      << message;
  // Far apart, but the share stays positive: accepted.
  const Scenario s = load_with({"sectors.energy.weight=1.7e308", "sectors.telecom.weight=1.7e8"});
  EXPECT_GT(s.sectors[1].normalised_weight, 0.0);
}

TEST(SectorWeights, OneSectorKeepsItsWholeWeightAtAnyScale) {
  for (const char* weight : {"4.9e-324", "1", "1.7976931348623157e308"}) {
    const Scenario s = load_with({fmt::format("sectors.energy.weight={}", weight),
                                  "sectors.telecom.weight=0", "sectors.water.weight=0"});
    EXPECT_EQ(s.sectors[0].normalised_weight, 1.0) << weight;
  }
}

class TableSums : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("cyres_sums_{}_{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    generate::GeneratorOptions o;
    o.assets = 1000;
    o.seed = 3;
    o.format = generate::TableFormat::hdf5;
    yaml_ = generate::generate_scenario((dir_ / "h5").string(), o).yaml_path;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The generated YAML with the table under `key` replaced by `file`.
  std::string with_table(const std::string& key, const std::string& file) const {
    std::ifstream in(yaml_);
    std::ostringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    const std::string line = fmt::format("{}: {}.h5", key, key);
    s.replace(s.find(line), line.size(), fmt::format("{}: {}", key, file));
    const std::string out = (dir_ / "h5" / "sums.yaml").string();
    std::ofstream(out) << s;
    return out;
  }

  fs::path dir_;
  std::string yaml_;
};

TEST_F(TableSums, DependencyWeightsIntoOneAssetThatOverflowAreRefusedAtTheRow) {
  const std::string file = (dir_ / "h5" / "heavy.h5").string();
  {
    h5::File f = h5::File::create(file);
    h5::write_attribute(f, "cyres_table", "links");
    h5::write_attribute(f, "version", std::int32_t{1});
    h5::write_dataset(f, "source", std::vector<std::uint32_t>{0, 1, 2});
    h5::write_dataset(f, "target", std::vector<std::uint32_t>{5, 5, 6});
    h5::write_dataset(f, "type", std::vector<std::int32_t>{2, 3, 2});
    h5::write_dataset(f, "probability", std::vector<double>{0.0, 0.5, 0.0});
    h5::write_dataset(f, "weight", std::vector<double>{1.7e308, 1.7e308, 1.7e308});
    f.close();
  }
  const std::string message =
      error_of<ValueError>([&] { load_scenario(with_table("links", "heavy.h5")); });
  EXPECT_NE(message.find("heavy.h5: dataset 'weight', row 1: value '1.7e+308' makes the "
                         "dependency weights into"),
            std::string::npos)
      << message;
}

TEST_F(TableSums, CriticalitiesThatOverflowTheirSumAreRefusedAtTheRow) {
  const Scenario generated = load_scenario(yaml_);
  const std::string file = (dir_ / "h5" / "heavy.h5").string();
  {
    h5::File f = h5::File::create(file);
    h5::write_attribute(f, "cyres_table", "assets");
    h5::write_attribute(f, "version", std::int32_t{1});
    h5::write_dataset(f, "id", std::vector<std::string>{"a", "b", "c"});
    h5::write_dataset(f, "sector", std::vector<std::int32_t>{0, 0, 0});
    h5::write_dataset(f, "sector_labels", std::vector<std::string>{generated.sectors[0].name});
    h5::write_dataset(f, "organisation", std::vector<std::int32_t>{0, 0, 0});
    h5::write_dataset(f, "organisation_labels",
                      std::vector<std::string>{generated.organisations[0].name});
    h5::write_dataset(f, "criticality", std::vector<double>{1.0, 1.7e308, 1.7e308});
    f.close();
  }
  const std::string message =
      error_of<ValueError>([&] { load_scenario(with_table("assets", "heavy.h5")); });
  EXPECT_NE(message.find("heavy.h5: dataset 'criticality', row 2: value '1.7e+308' makes the "
                         "criticalities of the assets sum to more than the largest number"),
            std::string::npos)
      << message;
}

}  // namespace
}  // namespace cyres
