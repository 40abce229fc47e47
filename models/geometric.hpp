#pragma once
// Geometric waiting times for the scheduled rules (2, 3 and 4): the number of
// failures before the first success of independent Bernoulli(p) trials, by
// inverse transform of one uniform. P(gap >= m) = (1 - p)^m up to the 2^-53
// resolution of the uniform.
//
// The gap is defined as floor(log1p(-u) / log(1 - p)) in double precision
// (geometric_gap_exact). GeometricRate::gap gives the same value, bit for
// bit, with a cheaper logarithm: a table-driven ln(1 - u) accurate to ~1e-14
// whose quotient is trusted only where it lies farther from an integer than
// both its own error and the reference's can reach; within that margin (a
// fraction ~1e-12 of the draws) it computes the reference expression itself.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace cyres {

//! log(1 - p) for 0 < p < 1, the rate of geometric_gap.
inline double log_miss(double p) {
  return std::log1p(-p);
}

//! Failures before the first success, from a uniform u in [0, 1) and
//! log_miss(p) (p in (0, 1)): the reference definition. A double: it may
//! exceed every integer range.
inline double geometric_gap_exact(double u, double log_miss_p) {
  return std::floor(std::log1p(-u) / log_miss_p);
}

namespace detail {

//! ln(m) for m in [1, 2) by intervals of 1/128: ln(m) = ln(c) + ln(m / c)
//! with c = 1 / invc near m, so that |m * invc - 1| < 2^-7.5.
struct LnTable {
  static constexpr int BITS = 7;
  double invc[1 << BITS];
  double lnc[1 << BITS];  //!< -ln(invc[i]): ln of the centre actually used
  LnTable() {
    for (int i = 0; i < (1 << BITS); ++i) {
      invc[i] = 1.0 / (1.0 + (i + 0.5) / (1 << BITS));
      lnc[i] = -std::log(invc[i]);
    }
  }
};
inline const LnTable LN_TABLE;

//! ln(y) for a normal y in (0, 1], absolute error below 2e-14 (every term:
//! the table, the product m * invc, the degree-6 series of ln(1 + r) for
//! |r| < 0.0039, whose truncation is below 1e-17, and the sums).
inline double ln_unit(double y) {
  std::uint64_t bits;
  std::memcpy(&bits, &y, sizeof bits);
  const auto exponent = static_cast<int>(bits >> 52) - 1023;
  const auto index =
      static_cast<unsigned>(bits >> (52 - LnTable::BITS)) & ((1u << LnTable::BITS) - 1);
  const std::uint64_t mantissa_bits =
      (bits & ((std::uint64_t{1} << 52) - 1)) | (std::uint64_t{1023} << 52);
  double m;
  std::memcpy(&m, &mantissa_bits, sizeof m);
  const double r = m * LN_TABLE.invc[index] - 1.0;
  const double r2 = r * r;
  // ln(1 + r) = r - r^2/2 + r^3/3 - r^4/4 + r^5/5 - r^6/6 + O(r^7)
  const double series = r - r2 * (0.5 - r * (1.0 / 3.0 - r * (0.25 - r * (0.2 - r * (1.0 / 6.0)))));
  constexpr double LN2 = 0.6931471805599453094;
  return exponent * LN2 + LN_TABLE.lnc[index] + series;
}

}  // namespace detail

//! One rate of geometric gaps, log_miss(p), with what the fast path needs.
class GeometricRate {
 public:
  GeometricRate() = default;
  explicit GeometricRate(double log_miss_p)
      : log_miss_(log_miss_p),
        inverse_(1.0 / log_miss_p),
        // |ln error| / |log_miss|: the fast logarithm's absolute error (2e-14,
        // taken as 1e-13) divided by |log_miss|.
        absolute_slack_(-1e-13 * inverse_) {}

  double log_miss() const { return log_miss_; }

  //! geometric_gap_exact(u, log_miss()), bit for bit.
  double gap(double u) const {
    // 1 - u is exact for u >= 1/2 and within 2^-54 otherwise (then >= 1/2, so
    // its ln moves by at most 2^-53: inside the slack).
    const double x = detail::ln_unit(1.0 - u) * inverse_;
    // The reference's own error (log1p within 1 ulp, the division 1/2 ulp)
    // and this product's (3/2 ulp) are relative: 4e-15 |x| covers them.
    const double slack = absolute_slack_ + 4e-15 * x;
    if (x < 4503599627370496.0) {  // 2^52: the integer part is exact
      const auto whole = static_cast<double>(static_cast<std::int64_t>(x));
      if (x - whole > slack && whole + 1.0 - x > slack) return whole;
    }
    return geometric_gap_exact(u, log_miss_);
  }

 private:
  double log_miss_ = 0.0;
  double inverse_ = 0.0;
  double absolute_slack_ = std::numeric_limits<double>::infinity();
};

//! Failures before the first success, from a uniform u in [0, 1) and the rate
//! log_miss(p) (p in (0, 1)). A double: it may exceed every integer range.
inline double geometric_gap(double u, const GeometricRate& rate) {
  return rate.gap(u);
}

//! The rate of log_miss(p) with a one-entry memo: the rates of one trial are
//! mostly the same few values (one per campaign and per detection
//! probability), and the result is the same function of p either way, so
//! nothing depends on hits.
class LogMissCache {
 public:
  const GeometricRate& operator()(double p) {
    if (p != p_) {
      p_ = p;
      rate_ = GeometricRate(log_miss(p));
    }
    return rate_;
  }

 private:
  double p_ = -1.0;
  GeometricRate rate_;
};

}  // namespace cyres
