#include "sim/stats/summary.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace cyres {

Summary summarise(std::span<const double> values, double level) {
  Summary s;
  double sum = 0.0;
  for (double v : values) {
    if (std::isfinite(v)) {
      sum += v;
      ++s.count;
    }
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (s.count == 0) {
    s.mean = s.standard_deviation = s.ci_low = s.ci_high = nan;
    return s;
  }
  s.mean = sum / static_cast<double>(s.count);
  if (s.count == 1) {
    s.standard_deviation = nan;
    s.ci_low = s.ci_high = s.mean;
    return s;
  }
  // Two-pass variance: numerically stable and order-deterministic.
  double squares = 0.0;
  for (double v : values) {
    if (std::isfinite(v)) squares += (v - s.mean) * (v - s.mean);
  }
  const auto n = static_cast<double>(s.count);
  s.standard_deviation = std::sqrt(squares / (n - 1.0));
  const boost::math::students_t t_distribution(n - 1.0);
  const double t =
      boost::math::quantile(boost::math::complement(t_distribution, (1.0 - level) / 2.0));
  const double half = t * s.standard_deviation / std::sqrt(n);
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  return s;
}

}  // namespace cyres
