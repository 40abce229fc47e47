#pragma once
// Geometric waiting times for the scheduled rules (2, 3 and 4): the number of
// failures before the first success of independent Bernoulli(p) trials, by
// inverse transform of one uniform. P(gap >= m) = (1 - p)^m up to the 2^-53
// resolution of the uniform.

#include <cmath>
#include <limits>

namespace cyres {

//! log(1 - p) for 0 < p < 1, the rate of geometric_gap.
inline double log_miss(double p) {
  return std::log1p(-p);
}

//! log_miss with a one-entry memo: the rates of one trial are mostly the same
//! few values (one per campaign and per detection probability), and the
//! result is the same function of p either way, so nothing depends on hits.
class LogMissCache {
 public:
  double operator()(double p) {
    if (p != p_) {
      p_ = p;
      value_ = log_miss(p);
    }
    return value_;
  }

 private:
  double p_ = -1.0;
  double value_ = 0.0;
};

//! Failures before the first success, from a uniform u in [0, 1) and
//! log_miss(p) (p in (0, 1)). A double: it may exceed every integer range.
inline double geometric_gap(double u, double log_miss_p) {
  return std::floor(std::log1p(-u) / log_miss_p);
}

}  // namespace cyres
