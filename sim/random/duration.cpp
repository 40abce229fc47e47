#include "sim/random/duration.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>

namespace cyres {

double sample_duration(const DurationDistribution& distribution, double u) {
  // Keep u strictly inside (0, 1) so that log and the normal quantile stay finite.
  constexpr double EPS = 0x1.0p-53;
  u = std::clamp(u, EPS, 1.0 - EPS);
  switch (distribution.kind) {
    case DurationDistribution::Kind::fixed:
      return distribution.a;
    case DurationDistribution::Kind::exponential:
      return -distribution.a * std::log1p(-u);
    case DurationDistribution::Kind::lognormal: {
      const boost::math::normal_distribution<double> standard_normal(0.0, 1.0);
      return distribution.a * std::exp(distribution.b * boost::math::quantile(standard_normal, u));
    }
    case DurationDistribution::Kind::uniform:
      return distribution.a + u * (distribution.b - distribution.a);
  }
  return distribution.a;
}

Step sample_duration_steps(const DurationDistribution& distribution, double u) {
  const double steps = std::ceil(sample_duration(distribution, u));
  // Durations beyond any horizon are "never" for the trial.
  if (!(steps < static_cast<double>(NEVER))) return NEVER;
  return static_cast<Step>(std::max(0.0, steps));
}

double mean_duration(const DurationDistribution& distribution) {
  switch (distribution.kind) {
    case DurationDistribution::Kind::fixed:
    case DurationDistribution::Kind::exponential:  // a is the mean
      return distribution.a;
    case DurationDistribution::Kind::lognormal:
      return distribution.a * std::exp(0.5 * distribution.b * distribution.b);
    case DurationDistribution::Kind::uniform:
      return 0.5 * (distribution.a + distribution.b);
  }
  return distribution.a;
}

}  // namespace cyres
