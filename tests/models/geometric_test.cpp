// GeometricRate::gap, the fast geometric gap of the scheduled rules, against
// its reference definition floor(log1p(-u) / log(1 - p)): equal bit for bit,
// for random uniforms, for uniforms a few ulps either side of every integer
// boundary of the reference (where the fast path must defer to it), and at
// the ends of the uniform's range.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "models/geometric.hpp"
#include "sim/random/streams.hpp"

namespace cyres {
namespace {

// Probabilities of the engine's draws: tiny to almost certain, and the SIR
// workload's beta and gamma.
const std::vector<double> PROBABILITIES = {1e-9, 1e-6,      3.7e-4, 0.01, 0.05,  0.1,
                                           0.2,  1.0 / 3.0, 0.5,    0.9,  0.999, 1.0 - 1e-12};

TEST(GeometricGap, EqualsTheReferenceOnRandomUniforms) {
  const RandomStreams streams(2026);
  for (std::size_t k = 0; k < PROBABILITIES.size(); ++k) {
    const GeometricRate rate(log_miss(PROBABILITIES[k]));
    for (std::uint32_t j = 0; j < 200000; ++j) {
      const RandomStreams::Block b =
          streams.block(0, Purpose::lateral, static_cast<std::uint32_t>(k), j);
      for (double u : {RandomStreams::to_unit_double(b.v[0], b.v[1]),
                       RandomStreams::to_unit_double(b.v[2], b.v[3]),
                       // Small uniforms too, where 1 - u rounds.
                       RandomStreams::to_unit_double(b.v[0], b.v[1]) * 1e-3}) {
        ASSERT_EQ(rate.gap(u), geometric_gap_exact(u, rate.log_miss()))
            << "p = " << PROBABILITIES[k] << ", u = " << u;
      }
    }
  }
}

// The smallest uniform on the 2^-53 grid whose reference gap is at least g
// (the reference is non-decreasing in u), by bisection on the grid.
std::uint64_t first_grid_point_at_least(double log_miss_p, double g) {
  std::uint64_t lo = 0, hi = (std::uint64_t{1} << 53) - 1;  // gap(lo) < g <= gap(hi), or none
  const auto gap = [&](std::uint64_t k) {
    return geometric_gap_exact(static_cast<double>(k) * 0x1.0p-53, log_miss_p);
  };
  if (gap(hi) < g) return hi;
  while (hi - lo > 1) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    (gap(mid) >= g ? hi : lo) = mid;
  }
  return hi;
}

TEST(GeometricGap, EqualsTheReferenceNextToEveryBoundary) {
  int boundaries = 0;
  for (double p : PROBABILITIES) {
    const GeometricRate rate(log_miss(p));
    for (double g = 1.0; g <= 400.0; g = g < 40.0 ? g + 1.0 : std::floor(g * 1.3)) {
      const std::uint64_t edge = first_grid_point_at_least(rate.log_miss(), g);
      if (edge == (std::uint64_t{1} << 53) - 1) break;  // beyond the largest uniform
      ++boundaries;
      for (std::int64_t d = -64; d <= 64; ++d) {
        const std::int64_t k = static_cast<std::int64_t>(edge) + d;
        if (k < 0 || k >= (std::int64_t{1} << 53)) continue;  // uniforms lie in [0, 1)
        const double u = static_cast<double>(k) * 0x1.0p-53;
        ASSERT_EQ(rate.gap(u), geometric_gap_exact(u, rate.log_miss()))
            << "p = " << p << ", boundary " << g << ", u = " << u;
      }
    }
  }
  EXPECT_GT(boundaries, 100);
}

TEST(GeometricGap, EqualsTheReferenceAtTheEndsOfTheUniform) {
  for (double p : PROBABILITIES) {
    const GeometricRate rate(log_miss(p));
    for (std::uint64_t k :
         {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{2}, (std::uint64_t{1} << 52),
          (std::uint64_t{1} << 53) - 2, (std::uint64_t{1} << 53) - 1}) {
      const double u = static_cast<double>(k) * 0x1.0p-53;
      EXPECT_EQ(rate.gap(u), geometric_gap_exact(u, rate.log_miss()))
          << "p = " << p << ", u = " << u;
    }
  }
}

TEST(GeometricGap, FollowsTheGeometricLaw) {
  // P(gap >= m) = (1 - p)^m, so the mean of the gap is (1 - p) / p.
  const RandomStreams streams(7);
  const double p = 0.05;
  const GeometricRate rate(log_miss(p));
  double sum = 0.0;
  constexpr int N = 400000;
  for (int j = 0; j < N; ++j)
    sum += rate.gap(streams.uniform(0, Purpose::detection, 0, static_cast<std::uint32_t>(j)));
  const double mean = (1.0 - p) / p;
  const double sd = std::sqrt(1.0 - p) / p;
  EXPECT_NEAR(sum / N, mean, 5.0 * sd / std::sqrt(static_cast<double>(N)));
}

}  // namespace
}  // namespace cyres
