#pragma once
// Philox4x32-10 blocks of many counters at once, bit for bit the blocks of
// RandomStreams::block (sim/random/streams.hpp).
//
// Why: the engine's trial spends a fifth of its time in Philox, one block
// at a time, in loops whose blocks do not depend on each other (every
// spreader due in a step, every asset compromised in a step). Eight blocks
// side by side in AVX2 registers cost about what one costs alone: Philox's
// rounds are 32 x 32 -> 64-bit products and exclusive ors, which AVX2 does
// for eight 32-bit lanes in a few instructions. Without AVX2 the blocks are
// computed one by one by Random123 itself; the bits are the same either way
// (tests/sim/random/block_batch_test.cpp).

#include <array>
#include <cstddef>
#include <cstdint>

#include "sim/random/streams.hpp"

namespace cyres {

//! The keys of up to `CAPACITY` blocks of one trial and purpose, and, after
//! RandomStreams::fill, their four words, as arrays of each field and each
//! word (structure of arrays: what eight lanes load and store at once).
class BlockBatch {
 public:
  static constexpr std::size_t CAPACITY = 64;  //!< 4 KiB of keys and words: stays in L1
  static constexpr std::size_t LANES = 8;      //!< blocks computed side by side

  void clear() { size_ = 0; }
  std::size_t size() const { return size_; }
  bool full() const { return size_ == CAPACITY; }

  //! Adds the key (entity, counter, block_index) of RandomStreams::block and
  //! returns its index; the batch must not be full.
  std::size_t add(std::uint32_t entity, std::uint32_t counter, std::uint32_t block_index = 0) {
    entity_[size_] = entity;
    counter_[size_] = counter;
    block_index_[size_] = block_index;
    return size_++;
  }

  //! Block j of the last fill.
  RandomStreams::Block block(std::size_t j) const {
    return {{words_[0][j], words_[1][j], words_[2][j], words_[3][j]}};
  }

 private:
  friend class RandomStreams;
  using Column = std::array<std::uint32_t, CAPACITY>;
  // Zeroed, so that the lanes past size() of the last group of eight hold
  // defined (and ignored) keys.
  alignas(32) Column entity_{};
  alignas(32) Column counter_{};
  alignas(32) Column block_index_{};
  alignas(32) std::array<Column, 4> words_{};
  std::size_t size_ = 0;
};

}  // namespace cyres
