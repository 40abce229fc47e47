// The index of declared names (sim/scenario/name_index.hpp): rows in the order
// added, duplicates refused, every name found again after the table grows.
#include "sim/scenario/name_index.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cyres {
namespace {

TEST(NameIndex, FindsEachNameAtItsRowAndRefusesDuplicates) {
  NameIndex names;
  EXPECT_FALSE(names.find("a").has_value());  // empty: nothing to find
  EXPECT_TRUE(names.add("a"));
  EXPECT_TRUE(names.add(""));
  EXPECT_TRUE(names.add("Zürich"));
  EXPECT_FALSE(names.add("a"));
  EXPECT_FALSE(names.add(""));
  ASSERT_EQ(names.size(), 3U);
  EXPECT_EQ(names.find("a"), 0U);
  EXPECT_EQ(names.find(""), 1U);
  EXPECT_EQ(names.find("Zürich"), 2U);
  EXPECT_FALSE(names.find("b").has_value());
  EXPECT_FALSE(names.find("Zürich ").has_value());
  EXPECT_EQ(names.names(), (std::vector<std::string>{"a", "", "Zürich"}));
}

TEST(NameIndex, KeepsEveryRowAcrossGrowthWithAndWithoutReserve) {
  for (const bool reserved : {false, true}) {
    NameIndex names;
    constexpr int N = 100000;
    if (reserved) names.reserve(N);
    for (int k = 0; k < N; ++k) ASSERT_TRUE(names.add("asset-" + std::to_string(k)));
    for (int k = 0; k < N; k += 7) ASSERT_FALSE(names.add("asset-" + std::to_string(k)));
    ASSERT_EQ(names.size(), static_cast<std::size_t>(N));
    for (int k = 0; k < N; ++k) {
      ASSERT_EQ(names.find("asset-" + std::to_string(k)), static_cast<std::size_t>(k));
    }
    EXPECT_FALSE(names.find("asset-" + std::to_string(N)).has_value());
    EXPECT_FALSE(names.find("asset-").has_value());
  }
}

TEST(NameIndex, SuggestsTheClosestName) {
  NameIndex names;
  names.add("energy");
  names.add("water");
  EXPECT_NE(names.suggest("enrgy").find("energy"), std::string::npos);
}

}  // namespace
}  // namespace cyres
