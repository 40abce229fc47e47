#include "sim/random/block_batch.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CYRES_BLOCK_BATCH_AVX2 1
#endif

namespace cyres {
namespace {

// Random123's Philox4x32 constants (Random123/philox.h): the two multipliers
// and the key's increments per round (the golden ratio and sqrt(3) - 1).
constexpr std::uint32_t MULTIPLIER_0 = 0xD2511F53;
constexpr std::uint32_t MULTIPLIER_1 = 0xCD9E8D57;
constexpr std::uint32_t KEY_STEP_0 = 0x9E3779B9;
constexpr std::uint32_t KEY_STEP_1 = 0xBB67AE85;
constexpr int ROUNDS = 10;

#ifdef CYRES_BLOCK_BATCH_AVX2

// The high and low 32 bits of the products of eight lanes by one multiplier:
// the even lanes' products from one widening multiply, the odd lanes' from
// another on the lanes shifted down.
__attribute__((target("avx2"))) inline void multiply_high_low(__m256i x, __m256i multiplier,
                                                              __m256i& high, __m256i& low) {
  const __m256i even = _mm256_mul_epu32(x, multiplier);
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), multiplier);
  low = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  high = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

// Philox4x32-10 of the counters {entity, counter, trial, tag} in groups of
// eight lanes; `groups` * 8 <= CAPACITY.
__attribute__((target("avx2"))) void fill_avx2(const std::uint32_t* entity,
                                               const std::uint32_t* counter,
                                               const std::uint32_t* tag, std::uint32_t trial,
                                               std::uint32_t key_0, std::uint32_t key_1,
                                               std::size_t groups, std::uint32_t* const words[4]) {
  const __m256i multiplier_0 = _mm256_set1_epi64x(MULTIPLIER_0);
  const __m256i multiplier_1 = _mm256_set1_epi64x(MULTIPLIER_1);
  __m256i round_key_0[ROUNDS];
  __m256i round_key_1[ROUNDS];
  for (int r = 0; r < ROUNDS; ++r) {
    round_key_0[r] =
        _mm256_set1_epi32(static_cast<int>(key_0 + static_cast<std::uint32_t>(r) * KEY_STEP_0));
    round_key_1[r] =
        _mm256_set1_epi32(static_cast<int>(key_1 + static_cast<std::uint32_t>(r) * KEY_STEP_1));
  }
  const __m256i trials = _mm256_set1_epi32(static_cast<int>(trial));
  for (std::size_t g = 0; g < groups; ++g) {
    const std::size_t at = g * BlockBatch::LANES;
    __m256i x0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(entity + at));
    __m256i x1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(counter + at));
    __m256i x2 = trials;
    __m256i x3 = _mm256_load_si256(reinterpret_cast<const __m256i*>(tag + at));
    for (int r = 0; r < ROUNDS; ++r) {
      __m256i high_0;
      __m256i low_0;
      __m256i high_1;
      __m256i low_1;
      multiply_high_low(x0, multiplier_0, high_0, low_0);
      multiply_high_low(x2, multiplier_1, high_1, low_1);
      x0 = _mm256_xor_si256(_mm256_xor_si256(high_1, x1), round_key_0[r]);
      x1 = low_1;
      x2 = _mm256_xor_si256(_mm256_xor_si256(high_0, x3), round_key_1[r]);
      x3 = low_0;
    }
    _mm256_store_si256(reinterpret_cast<__m256i*>(words[0] + at), x0);
    _mm256_store_si256(reinterpret_cast<__m256i*>(words[1] + at), x1);
    _mm256_store_si256(reinterpret_cast<__m256i*>(words[2] + at), x2);
    _mm256_store_si256(reinterpret_cast<__m256i*>(words[3] + at), x3);
  }
}

bool has_avx2() {
  static const bool avx2 = __builtin_cpu_supports("avx2") != 0;
  return avx2;
}

#endif

}  // namespace

void RandomStreams::fill(std::uint64_t trial, Purpose purpose, BlockBatch& batch) const {
  const std::size_t n = batch.size();
  const auto purpose_bits = static_cast<std::uint32_t>(purpose);
  // The counter's fourth word, purpose | block << 8, as block() forms it.
  alignas(32) BlockBatch::Column tag{};
  const std::size_t groups = (n + BlockBatch::LANES - 1) / BlockBatch::LANES;
  for (std::size_t j = 0; j < groups * BlockBatch::LANES; ++j) {
    tag[j] = purpose_bits | (batch.block_index_[j] << 8);
  }
#ifdef CYRES_BLOCK_BATCH_AVX2
  if (has_avx2()) {
    std::uint32_t* const words[4] = {batch.words_[0].data(), batch.words_[1].data(),
                                     batch.words_[2].data(), batch.words_[3].data()};
    fill_avx2(batch.entity_.data(), batch.counter_.data(), tag.data(),
              static_cast<std::uint32_t>(trial), key_.v[0], key_.v[1], groups, words);
    return;
  }
#endif
  for (std::size_t j = 0; j < n; ++j) {
    const Block b =
        block(trial, purpose, batch.entity_[j], batch.counter_[j], batch.block_index_[j]);
    for (std::size_t k = 0; k < 4; ++k) batch.words_[k][j] = b.v[k];
  }
}

}  // namespace cyres
