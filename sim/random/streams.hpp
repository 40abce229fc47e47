#pragma once
// Counter-based random streams (Random123 Philox4x32-10).
//
// Every random number is a pure function of (seed, trial, purpose, entity,
// counter): no generator state is shared or carried, so results do not depend
// on the thread or rank that runs a trial, and switching a feature on does not
// shift another feature's numbers. The same key in two policies gives the same
// number: this is what makes common random numbers common.
//
// Layout of one Philox call: key = seed (64 bits); counter words =
//   {entity, counter, trial, purpose | block << 8}
// where `block` numbers successive groups of four 32-bit outputs.

#include <Random123/philox.h>

#include <cstdint>

namespace cyres {

class BlockBatch;

//! What a random number is for. Each purpose is its own stream.
enum class Purpose : std::uint32_t {
  campaign_entry = 1,  //!< entity = campaign, counter = draw index
  lateral = 2,         //!< entity = spreading asset, counter = jump index (models/rules_attack.cpp)
  payload = 3,         //!< entity = asset, counter = first step after the dwell
  detection = 4,       //!< entity = asset, counter = step from which the wait is drawn
  remediation = 5,     //!< entity = asset, counter = 0 (an asset is remediated once)
  hardening = 6,       //!< entity = draw index, counter = 0 (trial-independent choice)
  generate = 7,        //!< scenario generator: entity = asset, counter = draw group
  // Model v2 (docs/model.md, "Model v2"); an episode's epoch e is the block.
  notice = 8,        //!< entity = asset, counter = step the payload fired
  eviction = 9,      //!< entity = asset, counter = epoch: success, then return delay
  restoration = 10,  //!< entity = asset, counter = epoch: restore time
  sharing = 11,      //!< entity = reporting asset, counter = receiving organisation
  assistance = 12,   //!< entity = requesting organisation, counter = request number
};

class RandomStreams {
 public:
  using Block = r123::Philox4x32::ctr_type;

  explicit RandomStreams(std::uint64_t seed)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}} {}

  //! Four independent 32-bit words for one key.
  Block block(std::uint64_t trial, Purpose purpose, std::uint32_t entity, std::uint32_t counter,
              std::uint32_t block_index = 0) const {
    // Trials are validated to fit 32 bits (at most 1e8); blocks to fit 24 bits.
    const Block ctr = {{entity, counter, static_cast<std::uint32_t>(trial),
                        static_cast<std::uint32_t>(purpose) | (block_index << 8)}};
    return philox_(ctr, key_);
  }

  //! The blocks of every key in `batch` (sim/random/block_batch.hpp), the
  //! bits block() gives for each, several at once where the processor can.
  void fill(std::uint64_t trial, Purpose purpose, BlockBatch& batch) const;

  //! One uniform double in [0, 1) with 53 random bits.
  double uniform(std::uint64_t trial, Purpose purpose, std::uint32_t entity,
                 std::uint32_t counter) const {
    const Block b = block(trial, purpose, entity, counter);
    return to_unit_double(b.v[0], b.v[1]);
  }

  static double to_unit_double(std::uint32_t hi, std::uint32_t lo) {
    const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 21) ^ (lo >> 11);
    return static_cast<double>(bits & ((std::uint64_t{1} << 53) - 1)) * 0x1.0p-53;
  }

 private:
  r123::Philox4x32::key_type key_;
  r123::Philox4x32 philox_;
};

//! Bernoulli trial on one 32-bit word: true with probability p (p >= 1 always true).
//! The 2^-32 resolution is far below any probability a scenario can resolve.
class Threshold32 {
 public:
  explicit Threshold32(double p)
      : limit_(p >= 1.0   ? (std::uint64_t{1} << 32)
               : p <= 0.0 ? 0
                          : static_cast<std::uint64_t>(p * 4294967296.0)) {}
  bool accepts(std::uint32_t word) const { return word < limit_; }

 private:
  std::uint64_t limit_;
};

}  // namespace cyres
