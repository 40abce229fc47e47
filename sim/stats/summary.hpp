#pragma once
// Summary statistics of per-trial metrics: mean with a Student-t 95 %
// confidence interval (Boost.Math), over the finite values only (a metric is
// NaN in trials where it is undefined, e.g. no detection).

#include <cstddef>
#include <span>

namespace cyres {

struct Summary {
  std::size_t count = 0;  //!< finite values used
  double mean = 0.0;
  double standard_deviation = 0.0;  //!< sample (n - 1) standard deviation
  double ci_low = 0.0;              //!< lower end of the confidence interval of the mean
  double ci_high = 0.0;             //!< upper end
  double half_width() const { return 0.5 * (ci_high - ci_low); }
};

//! Mean and two-sided confidence interval at `level` (default 95 %). Sums run
//! in the order given, so equal inputs give equal bits.
Summary summarise(std::span<const double> values, double level = 0.95);

}  // namespace cyres
