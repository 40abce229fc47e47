// Counter-based streams (sim/random/streams.hpp): the documented key layout
// (docs/model.md, "Random numbers and common random numbers"), a different
// block for a change in any one key field, uniforms in [0, 1) with 53 random
// bits, and Threshold32's acceptance limits.
//
// Statistical checks draw n = 2^16 values and allow 5 standard errors: a
// correct stream fails one with probability below 10^-6.

#include "sim/random/streams.hpp"

#include <cmath>
#include <cstdint>
#include <set>
#include <tuple>

#include <gtest/gtest.h>

namespace cyres {
namespace {

constexpr std::uint32_t N = 1u << 16;

using Words = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>;

Words words(const RandomStreams::Block& b) {
  return {b.v[0], b.v[1], b.v[2], b.v[3]};
}

TEST(RandomStreams, BlockIsPhiloxOfTheDocumentedCounterAndKey) {
  // Random123's known answer for Philox4x32-10 (kat_vectors, the digits of pi):
  // counter {243f6a88 85a308d3 13198a2e 03707344}, key {a4093822 299f31d0}.
  // Under the layout {entity, counter, trial, purpose | block << 8} with the
  // seed's low word first, that is this call.
  const RandomStreams streams(0x299f31d0a4093822ull);
  const auto b =
      streams.block(0x13198a2e, static_cast<Purpose>(0x44), 0x243f6a88, 0x85a308d3, 0x037073);
  EXPECT_EQ(words(b), Words(0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1));
}

TEST(RandomStreams, SameKeySameBlockFromAnyInstance) {
  const RandomStreams a(42);
  const RandomStreams b(42);
  EXPECT_EQ(words(a.block(7, Purpose::detection, 3, 11, 2)),
            words(b.block(7, Purpose::detection, 3, 11, 2)));
  EXPECT_EQ(a.uniform(7, Purpose::detection, 3, 11), b.uniform(7, Purpose::detection, 3, 11));
}

TEST(RandomStreams, ChangingAnyOneKeyFieldChangesTheBlock) {
  const std::uint64_t seed = 0x0123456789abcdefull;
  const std::uint64_t trial = 5;
  const Purpose purpose = Purpose::lateral;
  const std::uint32_t entity = 17;
  const std::uint32_t counter = 9;
  const std::uint32_t block_index = 1;
  const Words base = words(RandomStreams(seed).block(trial, purpose, entity, counter, block_index));
  const std::set<Words> variants = {
      base,
      // The seed's low and high 32 bits are both part of the key.
      words(RandomStreams(seed ^ 1).block(trial, purpose, entity, counter, block_index)),
      words(RandomStreams(seed ^ (1ull << 63)).block(trial, purpose, entity, counter, block_index)),
      words(RandomStreams(seed).block(trial + 1, purpose, entity, counter, block_index)),
      words(RandomStreams(seed).block(trial, Purpose::payload, entity, counter, block_index)),
      words(RandomStreams(seed).block(trial, purpose, entity + 1, counter, block_index)),
      words(RandomStreams(seed).block(trial, purpose, entity, counter + 1, block_index)),
      words(RandomStreams(seed).block(trial, purpose, entity, counter, block_index + 1)),
      // Entity and counter are not interchangeable.
      words(RandomStreams(seed).block(trial, purpose, counter, entity, block_index)),
  };
  EXPECT_EQ(variants.size(), 9u);
}

TEST(RandomStreams, EveryPurposeIsItsOwnStream) {
  const RandomStreams streams(3);
  std::set<Words> blocks;
  for (Purpose p : {Purpose::campaign_entry, Purpose::lateral, Purpose::payload, Purpose::detection,
                    Purpose::remediation, Purpose::hardening, Purpose::generate}) {
    blocks.insert(words(streams.block(0, p, 0, 0)));
  }
  EXPECT_EQ(blocks.size(), 7u);
}

TEST(RandomStreams, UniformTakesTheFirstTwoWordsOfBlockZero) {
  const RandomStreams streams(99);
  for (std::uint32_t entity = 0; entity < 100; ++entity) {
    const auto b = streams.block(4, Purpose::remediation, entity, 0);
    EXPECT_EQ(streams.uniform(4, Purpose::remediation, entity, 0),
              RandomStreams::to_unit_double(b.v[0], b.v[1]));
  }
}

TEST(ToUnitDouble, SpansZeroToOneMinusTwoToTheMinus53) {
  EXPECT_EQ(RandomStreams::to_unit_double(0, 0), 0.0);
  EXPECT_EQ(RandomStreams::to_unit_double(0xffffffffu, 0xffffffffu), 1.0 - 0x1.0p-53);
  EXPECT_LT(RandomStreams::to_unit_double(0xffffffffu, 0xffffffffu), 1.0);
  EXPECT_EQ(RandomStreams::to_unit_double(0x80000000u, 0), 0.5);
}

TEST(ToUnitDouble, HasA53BitGrid) {
  // The high word gives the top 32 bits, the top 21 bits of the low word the rest;
  // the low word's bottom 11 bits are dropped.
  EXPECT_EQ(RandomStreams::to_unit_double(1, 0), 0x1.0p-32);
  EXPECT_EQ(RandomStreams::to_unit_double(0, 1u << 11), 0x1.0p-53);
  EXPECT_EQ(RandomStreams::to_unit_double(0, (1u << 11) - 1), 0.0);
  EXPECT_EQ(RandomStreams::to_unit_double(0, 0xffffffffu), 0x1.0p-32 - 0x1.0p-53);
  // Neighbours on the grid just below 1 are distinct doubles.
  EXPECT_EQ(RandomStreams::to_unit_double(0xffffffffu, 0xffffffffu) -
                RandomStreams::to_unit_double(0xffffffffu, 0xffffffffu - (1u << 11)),
            0x1.0p-53);
}

TEST(RandomStreams, UniformsAreInUnitIntervalOnTheGridWithMeanOneHalf) {
  const RandomStreams streams(2024);
  double sum = 0.0;
  std::uint32_t below_2_to_minus_32_resolution = 0;
  for (std::uint32_t k = 0; k < N; ++k) {
    const double u = streams.uniform(1, Purpose::payload, k, 0);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const double scaled = std::ldexp(u, 53);
    ASSERT_EQ(scaled, std::floor(scaled)) << "not on the 2^-53 grid: " << u;
    // A uniform built from one 32-bit word would always be a multiple of 2^-32.
    const double scaled32 = std::ldexp(u, 32);
    below_2_to_minus_32_resolution += scaled32 != std::floor(scaled32);
    sum += u;
  }
  // Mean of U(0, 1): 1/2, standard error sqrt(1/12 / n).
  EXPECT_NEAR(sum / N, 0.5, 5.0 * std::sqrt(1.0 / 12.0 / N));
  // The low word contributes: all but about n * 2^-21 values use it.
  EXPECT_GT(below_2_to_minus_32_resolution, N - 10);
}

TEST(Threshold32, ProbabilitiesAtAndBeyondTheEnds) {
  EXPECT_FALSE(Threshold32(0.0).accepts(0));
  EXPECT_FALSE(Threshold32(-0.5).accepts(0));
  EXPECT_TRUE(Threshold32(1.0).accepts(0xffffffffu));
  EXPECT_TRUE(Threshold32(2.0).accepts(0xffffffffu));
  // Below 2^-32 nothing is accepted; at 2^-32 exactly one word is.
  EXPECT_FALSE(Threshold32(1e-12).accepts(0));
  EXPECT_TRUE(Threshold32(0x1.0p-32).accepts(0));
  EXPECT_FALSE(Threshold32(0x1.0p-32).accepts(1));
}

TEST(Threshold32, AcceptsExactlyTheWordsBelowPTimesTwoToThe32) {
  EXPECT_TRUE(Threshold32(0.5).accepts(0x7fffffffu));
  EXPECT_FALSE(Threshold32(0.5).accepts(0x80000000u));
  EXPECT_TRUE(Threshold32(0.25).accepts(0x3fffffffu));
  EXPECT_FALSE(Threshold32(0.25).accepts(0x40000000u));
}

TEST(Threshold32, AcceptanceFrequencyIsP) {
  const RandomStreams streams(11);
  for (double p : {0.01, 0.3, 0.9}) {
    const Threshold32 threshold(p);
    std::uint32_t accepted = 0;
    for (std::uint32_t k = 0; k < N; ++k) {
      accepted += threshold.accepts(streams.block(0, Purpose::detection, k, 0).v[2]);
    }
    EXPECT_NEAR(static_cast<double>(accepted) / N, p, 5.0 * std::sqrt(p * (1 - p) / N))
        << "p = " << p;
  }
}

}  // namespace
}  // namespace cyres
