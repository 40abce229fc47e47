// Duration sampling by inverse transform (sim/random/duration.hpp): each kind
// against Boost.Math's quantile of the same distribution, monotone in u (what
// keeps common random numbers common), rounded up to whole steps, and the
// closed-form means.

#include "sim/random/duration.hpp"

#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace cyres {
namespace {

using Kind = DurationDistribution::Kind;

const std::vector<double> US = {0x1.0p-53, 1e-9, 0.001, 0.1,      0.25,         0.5,
                                0.75,      0.9,  0.999, 1 - 1e-9, 1 - 0x1.0p-53};

// Relative tolerance against Boost: the same transforms computed by other
// routes (log1p against Boost's own; exp of a quantile), a few ulp apart.
constexpr double REL = 1e-13;

TEST(SampleDuration, FixedIsItsValueForEveryU) {
  const DurationDistribution fixed{Kind::fixed, 7.5, 0.0};
  for (double u : US) EXPECT_EQ(sample_duration(fixed, u), 7.5) << "u = " << u;
}

TEST(SampleDuration, ExponentialIsBoostsQuantile) {
  const double mean = 6.0;
  const DurationDistribution exponential{Kind::exponential, mean, 0.0};
  const boost::math::exponential_distribution<double> reference(1.0 / mean);
  for (double u : US) {
    const double expected = boost::math::quantile(reference, u);
    EXPECT_NEAR(sample_duration(exponential, u), expected, REL * expected) << "u = " << u;
  }
  // The median of an exponential is mean * ln 2.
  EXPECT_NEAR(sample_duration(exponential, 0.5), mean * std::log(2.0), REL * mean);
}

TEST(SampleDuration, LognormalIsBoostsQuantileWithTheGivenMedian) {
  const double median = 4.0;
  const double sigma = 0.7;
  const DurationDistribution lognormal{Kind::lognormal, median, sigma};
  const boost::math::lognormal_distribution<double> reference(std::log(median), sigma);
  for (double u : US) {
    const double expected = boost::math::quantile(reference, u);
    EXPECT_NEAR(sample_duration(lognormal, u), expected, REL * expected) << "u = " << u;
  }
  EXPECT_NEAR(sample_duration(lognormal, 0.5), median, REL * median);
}

TEST(SampleDuration, UniformIsBoostsQuantile) {
  const DurationDistribution uniform{Kind::uniform, 2.0, 10.0};
  const boost::math::uniform_distribution<double> reference(2.0, 10.0);
  for (double u : US) {
    EXPECT_NEAR(sample_duration(uniform, u), boost::math::quantile(reference, u), REL * 10.0)
        << "u = " << u;
  }
}

TEST(SampleDuration, EndsOfTheUnitIntervalGiveFiniteDurations) {
  // u is kept inside (0, 1), so log1p(-u) and the normal quantile stay finite.
  for (const DurationDistribution& d : {DurationDistribution{Kind::exponential, 3.0, 0.0},
                                        DurationDistribution{Kind::lognormal, 3.0, 1.5}}) {
    for (double u : {0.0, 1.0}) {
      const double x = sample_duration(d, u);
      EXPECT_TRUE(std::isfinite(x)) << "u = " << u;
      EXPECT_GT(x, 0.0) << "u = " << u;
    }
  }
}

TEST(SampleDuration, IsMonotoneInU) {
  const std::vector<DurationDistribution> distributions = {
      {Kind::fixed, 3.0, 0.0},
      {Kind::exponential, 5.0, 0.0},
      {Kind::lognormal, 5.0, 0.9},
      {Kind::uniform, 1.0, 4.0},
  };
  constexpr int GRID = 20000;
  for (const DurationDistribution& d : distributions) {
    double previous = sample_duration(d, 0.0);
    Step previous_steps = sample_duration_steps(d, 0.0);
    for (int k = 1; k <= GRID; ++k) {
      const double u = (k < GRID) ? static_cast<double>(k) / GRID : 1.0 - 0x1.0p-53;
      const double x = sample_duration(d, u);
      const Step steps = sample_duration_steps(d, u);
      ASSERT_GE(x, previous) << "kind " << static_cast<int>(d.kind) << " u = " << u;
      ASSERT_GE(steps, previous_steps) << "kind " << static_cast<int>(d.kind) << " u = " << u;
      previous = x;
      previous_steps = steps;
    }
  }
}

TEST(SampleDurationSteps, RoundsUpToWholeSteps) {
  EXPECT_EQ(sample_duration_steps({Kind::fixed, 0.0, 0.0}, 0.5), 0);
  EXPECT_EQ(sample_duration_steps({Kind::fixed, 1e-9, 0.0}, 0.5), 1);
  EXPECT_EQ(sample_duration_steps({Kind::fixed, 2.0, 0.0}, 0.5), 2);
  EXPECT_EQ(sample_duration_steps({Kind::fixed, 2.1, 0.0}, 0.5), 3);
  // Uniform on [1, 3]: u = 0.25 gives 1.5 -> 2, u = 0.5 gives exactly 2 -> 2.
  EXPECT_EQ(sample_duration_steps({Kind::uniform, 1.0, 3.0}, 0.25), 2);
  EXPECT_EQ(sample_duration_steps({Kind::uniform, 1.0, 3.0}, 0.5), 2);
  // Exponential with mean 1 at u = 1 - e^-2.5 is 2.5 -> 3.
  EXPECT_EQ(sample_duration_steps({Kind::exponential, 1.0, 0.0}, -std::expm1(-2.5)), 3);
}

TEST(SampleDurationSteps, BeyondAnyHorizonIsNever) {
  EXPECT_EQ(sample_duration_steps({Kind::fixed, 1e300, 0.0}, 0.5), NEVER);
  EXPECT_EQ(sample_duration_steps({Kind::fixed, std::ldexp(1.0, 31), 0.0}, 0.5), NEVER);
  EXPECT_EQ(sample_duration_steps({Kind::fixed, std::ldexp(1.0, 31) - 2.0, 0.0}, 0.5), NEVER - 1);
  EXPECT_EQ(sample_duration_steps({Kind::lognormal, 1e6, 5.0}, 1.0 - 0x1.0p-53), NEVER);
}

TEST(MeanDuration, ClosedForms) {
  EXPECT_EQ(mean_duration({Kind::fixed, 7.0, 0.0}), 7.0);
  EXPECT_EQ(mean_duration({Kind::exponential, 6.0, 0.0}), 6.0);
  EXPECT_DOUBLE_EQ(mean_duration({Kind::lognormal, 4.0, 0.7}), 4.0 * std::exp(0.245));
  EXPECT_EQ(mean_duration({Kind::uniform, 2.0, 10.0}), 6.0);
}

TEST(MeanDuration, MatchesTheMeanOfTheInverseTransform) {
  // Midpoint rule over u in (0, 1) of the quantile function, whose integral
  // is the mean. With 10^5 points the error is below 10^-3 relative for these
  // tails (it grows like log(n)/n for the exponential's logarithmic end).
  constexpr int POINTS = 100000;
  for (const DurationDistribution& d : {DurationDistribution{Kind::exponential, 6.0, 0.0},
                                        DurationDistribution{Kind::lognormal, 4.0, 0.7},
                                        DurationDistribution{Kind::uniform, 2.0, 10.0}}) {
    double sum = 0.0;
    for (int k = 0; k < POINTS; ++k) sum += sample_duration(d, (k + 0.5) / POINTS);
    const double mean = mean_duration(d);
    EXPECT_NEAR(sum / POINTS, mean, 1e-3 * mean) << "kind " << static_cast<int>(d.kind);
  }
}

}  // namespace
}  // namespace cyres
