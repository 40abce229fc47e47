#include "sim/core/suggest.hpp"

#include <gtest/gtest.h>

namespace cyres {
namespace {

TEST(SuggestTest, EditDistanceCountsInsertionsDeletionsSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("horizon", "horizon"), 0u);
  EXPECT_EQ(edit_distance("horizen", "horizon"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("team", "teams"), 1u);
}

TEST(SuggestTest, EditDistanceCountsATranspositionAsOneEdit) {
  EXPECT_EQ(edit_distance("trails", "trials"), 1u);
  EXPECT_EQ(edit_distance("ab", "ba"), 1u);
  EXPECT_EQ(edit_distance("ca", "abc"), 3u);  // optimal string alignment, not full Damerau
}

TEST(SuggestTest, ClosestMatchFindsTyposAndIgnoresCase) {
  const std::vector<std::string> keys = {"dt", "horizon", "trials", "seed", "recovery_threshold"};
  EXPECT_EQ(closest_match("horizen", keys), "horizon");
  EXPECT_EQ(closest_match("trails", keys), "trials");
  EXPECT_EQ(closest_match("HORIZON", keys), "horizon");
  EXPECT_EQ(closest_match("recovery_treshold", keys), "recovery_threshold");
  EXPECT_EQ(closest_match("colour", keys), "");
}

TEST(SuggestTest, ClosestMatchAcceptsAbbreviations) {
  const std::vector<std::string> columns = {"probability", "weight"};
  EXPECT_EQ(closest_match("prob", columns), "probability");
  EXPECT_EQ(closest_match("pr", columns), "");  // too short to be a deliberate abbreviation
}

TEST(SuggestTest, ClosestMatchPrefersTheNearestAndThenTheFirst) {
  EXPECT_EQ(closest_match("sead", {"seed", "read"}), "seed");
  EXPECT_EQ(closest_match("cat", {"hat", "bat"}), "hat");
  EXPECT_EQ(closest_match("abcdefgh", {"abcdefgx", "abcdefgh"}), "abcdefgh");
}

TEST(SuggestTest, DidYouMeanPhrasesTheSuggestion) {
  EXPECT_EQ(did_you_mean("horizen", {"dt", "horizon"}), "; did you mean 'horizon'?");
  EXPECT_EQ(did_you_mean("zzz", {"dt", "horizon"}), "; expected one of dt, horizon");
  EXPECT_EQ(did_you_mean("zzz", {}), "");
  std::vector<std::string> many;
  for (int i = 0; i < 100; ++i) many.push_back("asset-" + std::to_string(i));
  EXPECT_EQ(did_you_mean("zzz", many), "");  // too many to list
  EXPECT_EQ(did_you_mean("aset-42", many), "; did you mean 'asset-42'?");
}

}  // namespace
}  // namespace cyres
