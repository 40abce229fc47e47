#include "sim/generate/scenario_generator.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/generate/sector_profile.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres::generate {
namespace {

namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
class GeneratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("cyres_gen_{}_{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string out(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

std::string bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

GeneratorOptions options(std::uint64_t assets, std::uint64_t seed, TableFormat format) {
  GeneratorOptions o;
  o.assets = assets;
  o.seed = seed;
  o.format = format;
  return o;
}

TEST_F(GeneratorTest, SameSeedGivesIdenticalBytesInBothFormats) {
  for (const auto& [format, ext] :
       {std::pair{TableFormat::csv, "csv"}, {TableFormat::hdf5, "h5"}}) {
    const std::string a = std::string("a_") + ext, b = std::string("b_") + ext;
    generate_scenario(out(a), options(3000, 7, format));
    generate_scenario(out(b), options(3000, 7, format));
    for (const std::string& file : {std::string("scenario.yaml"), std::string("assets.") + ext,
                                    std::string("links.") + ext}) {
      EXPECT_EQ(bytes(out(a + "/" + file)), bytes(out(b + "/" + file))) << file;
    }
  }
}

TEST_F(GeneratorTest, DifferentSeedGivesDifferentTables) {
  generate_scenario(out("a"), options(2000, 1, TableFormat::csv));
  generate_scenario(out("b"), options(2000, 2, TableFormat::csv));
  EXPECT_NE(bytes(out("a/links.csv")), bytes(out("b/links.csv")));
  EXPECT_NE(bytes(out("a/assets.csv")), bytes(out("b/assets.csv")));
}

TEST_F(GeneratorTest, AutomaticFormatIsCsvForSmallScenarios) {
  const GeneratedScenario g = generate_scenario(out("a"), options(1000, 1, TableFormat::automatic));
  EXPECT_EQ(g.format, TableFormat::csv);
  EXPECT_TRUE(fs::exists(out("a/assets.csv")));
}

TEST_F(GeneratorTest, GeneratedScenarioLoadsWithDocumentedStructure) {
  const std::uint64_t n = 20'000;
  const GeneratedScenario g = generate_scenario(out("a"), options(n, 3, TableFormat::hdf5));
  const Scenario s = load_scenario(g.yaml_path);
  ASSERT_EQ(s.assets.size(), n);
  EXPECT_EQ(s.links.size(), g.links);
  EXPECT_EQ(g.regions, 5u);  // regions of about 4,000 assets
  // 10 links per asset by default: within 5 % (the local cluster's size is drawn).
  EXPECT_NEAR(static_cast<double>(s.links.size()) / static_cast<double>(n), 10.0, 0.5);
  // Sector shares: rounding per region moves at most a few assets per sector.
  std::array<double, SECTORS> count{};
  for (const SectorIndex sector : s.assets.sector) count[sector] += 1.0;
  ASSERT_EQ(s.sectors.size(), SECTORS);
  for (std::size_t k = 0; k < SECTORS; ++k) {
    EXPECT_EQ(s.sectors[k].name, PROFILES[k].name);
    EXPECT_NEAR(count[k] / static_cast<double>(n), PROFILES[k].share, 0.002) << PROFILES[k].name;
  }
  // EU, NATO, then a CSIRT and a defence command per country of 8 regions.
  ASSERT_EQ(s.organisations.size(), 4u);
  EXPECT_EQ(s.organisations[0].name, "eu-cert");
  EXPECT_EQ(s.organisations[1].name, "nato-ncirc");
  EXPECT_EQ(s.campaigns.size(), 3u);
  ASSERT_EQ(s.policies.size(), 4u);
  EXPECT_EQ(s.policies[3].name, "joint-crisis-cell");

  // Dependency cycles: energy needs telecoms and telecoms needs energy.
  bool energy_to_telecoms = false, telecoms_to_energy = false;
  for (std::size_t k = 0; k < s.links.size(); ++k) {
    if ((s.links.kind[k] & LinkKind::dependency) == 0) continue;
    const auto from = s.assets.sector[s.links.source[k]];
    const auto to = s.assets.sector[s.links.target[k]];
    energy_to_telecoms |= from == energy && to == telecoms;
    telecoms_to_energy |= from == telecoms && to == energy;
  }
  EXPECT_TRUE(energy_to_telecoms && telecoms_to_energy);
}

TEST_F(GeneratorTest, NetworkDegreeIsHeavyTailed) {
  const std::uint64_t n = 100'000;
  const GeneratedScenario g = generate_scenario(out("a"), options(n, 1, TableFormat::hdf5));
  const Scenario s = load_scenario(g.yaml_path);
  std::vector<std::uint32_t> degree(n, 0);
  std::uint64_t total = 0;
  for (std::size_t k = 0; k < s.links.size(); ++k) {
    if ((s.links.kind[k] & LinkKind::network) == 0) continue;
    ++degree[s.links.source[k]];
    ++degree[s.links.target[k]];
    total += 2;
  }
  const double mean = static_cast<double>(total) / static_cast<double>(n);
  const double max = *std::max_element(degree.begin(), degree.end());
  // The largest managed-service hub serves H^-0.4 of 15 % of all assets (H = 5 hubs here).
  EXPECT_GT(max, 100.0 * mean) << "mean " << mean;
}

TEST_F(GeneratorTest, RefusesSizesOutsideTheRange) {
  EXPECT_THROW(generate_scenario(out("a"), options(999, 1, TableFormat::csv)), ValueError);
  EXPECT_THROW(generate_scenario(out("a"), options(10'000'001, 1, TableFormat::csv)), ValueError);
  GeneratorOptions o = options(1000, 1, TableFormat::csv);
  o.mean_degree = 2.0;
  EXPECT_THROW(generate_scenario(out("a"), o), ValueError);
}

}  // namespace
}  // namespace cyres::generate
