// Blocks of many keys at once (sim/random/block_batch.hpp): the bits of
// RandomStreams::block for every key, whatever the batch's size (full groups
// of eight lanes and a part of one), and after the batch is reused.

#include "sim/random/block_batch.hpp"

#include <cstdint>
#include <random>

#include <gtest/gtest.h>

namespace cyres {
namespace {

void expect_blocks_of_block(const RandomStreams& streams, std::uint64_t trial, Purpose purpose,
                            const BlockBatch& batch, const std::vector<std::uint32_t>& keys) {
  for (std::size_t j = 0; j < batch.size(); ++j) {
    const RandomStreams::Block expected =
        streams.block(trial, purpose, keys[3 * j], keys[3 * j + 1], keys[3 * j + 2]);
    const RandomStreams::Block got = batch.block(j);
    for (std::size_t k = 0; k < 4; ++k) {
      ASSERT_EQ(got.v[k], expected.v[k])
          << "block " << j << " of " << batch.size() << ", word " << k;
    }
  }
}

TEST(BlockBatch, EveryBlockHasTheBitsOfBlockForEverySize) {
  std::mt19937_64 random(20261201);
  std::uniform_int_distribution<std::uint32_t> word;
  std::uniform_int_distribution<std::uint32_t> block_index(0, (1u << 24) - 1);
  BlockBatch batch;
  for (std::size_t size = 0; size <= BlockBatch::CAPACITY; ++size) {
    // Seeds whose two halves both matter, trials above 2^31, every purpose.
    const RandomStreams streams(random());
    const std::uint64_t trial = word(random);
    const auto purpose = static_cast<Purpose>(1 + size % 12);
    batch.clear();
    std::vector<std::uint32_t> keys;
    for (std::size_t j = 0; j < size; ++j) {
      keys.insert(keys.end(), {word(random), word(random), block_index(random)});
      EXPECT_EQ(batch.add(keys[3 * j], keys[3 * j + 1], keys[3 * j + 2]), j);
    }
    EXPECT_EQ(batch.full(), size == BlockBatch::CAPACITY);
    streams.fill(trial, purpose, batch);
    ASSERT_EQ(batch.size(), size);
    expect_blocks_of_block(streams, trial, purpose, batch, keys);
  }
}

TEST(BlockBatch, TheKnownAnswerOfPhiloxInEveryLane) {
  // Random123's known answer for Philox4x32-10 (as in streams_test.cpp), in
  // each of the eight lanes of a group with other keys beside it.
  const RandomStreams streams(0x299f31d0a4093822ull);
  const auto purpose = static_cast<Purpose>(0x44);
  for (std::size_t lane = 0; lane < BlockBatch::LANES; ++lane) {
    BlockBatch batch;
    for (std::size_t j = 0; j < BlockBatch::LANES; ++j) {
      if (j == lane) {
        batch.add(0x243f6a88, 0x85a308d3, 0x037073);
      } else {
        batch.add(static_cast<std::uint32_t>(j), 7, 1);
      }
    }
    streams.fill(0x13198a2e, purpose, batch);
    const RandomStreams::Block b = batch.block(lane);
    EXPECT_EQ(b.v[0], 0xd16cfe09u);
    EXPECT_EQ(b.v[1], 0x94fdccebu);
    EXPECT_EQ(b.v[2], 0x5001e420u);
    EXPECT_EQ(b.v[3], 0x24126ea1u);
  }
}

}  // namespace
}  // namespace cyres
