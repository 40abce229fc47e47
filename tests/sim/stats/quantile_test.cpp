// Type-7 quantiles against values numpy 1.24 gives (numpy.quantile, default
// method "linear"); the simple cases are also worked by hand in the comments.

#include "sim/stats/quantile.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace cyres {
namespace {

const std::vector<double> QS = {0, 0.05, 0.1, 0.25, 0.333, 0.5, 0.75, 0.9, 0.95, 1};

void expect_quantiles(const std::vector<double>& values, const std::vector<double>& expected) {
  ASSERT_EQ(expected.size(), QS.size());
  for (std::size_t k = 0; k < QS.size(); ++k) {
    // Same operations in the same order as numpy; 4 ulp (EXPECT_DOUBLE_EQ)
    // allows only for a compiler that fuses the multiply-add.
    EXPECT_DOUBLE_EQ(quantile(values, QS[k]), expected[k]) << "q = " << QS[k];
  }
}

TEST(Quantile, SingleValueIsEveryQuantile) {
  expect_quantiles({3.0}, std::vector<double>(QS.size(), 3.0));
}

TEST(Quantile, TwoValuesInterpolateLinearly) {
  // n = 2: h = q, so the quantile is 1 + q.
  expect_quantiles({2.0, 1.0}, {1.0, 1.05, 1.1, 1.25, 1.333, 1.5, 1.75, 1.9, 1.95, 2.0});
}

TEST(Quantile, MatchesNumpyOnFiveValues) {
  // sorted 0.1 0.2 0.4 0.7 0.9; q = 0.25: h = 1 -> 0.2; q = 0.9: h = 3.6 ->
  // 0.9 - 0.2 * 0.4 = 0.82 (numpy interpolates from the upper end when gamma >= 0.5).
  expect_quantiles({0.1, 0.7, 0.2, 0.9, 0.4}, {0.1, 0.12000000000000001, 0.14, 0.2, 0.2664, 0.4,
                                               0.7, 0.8200000000000001, 0.86, 0.9});
}

TEST(Quantile, MatchesNumpyWithTiesAndNegatives) {
  expect_quantiles({2.5, -1.0, 7.25, 3.0, 3.0, 0.125, 10.0, -4.5, 6.0, 1.0, 0.3},
                   {-4.5, -2.75, -1.0, 0.2125, 0.531, 2.5, 4.5, 7.25, 8.625, 10.0});
}

TEST(Quantile, EmptyInputOrNanQIsNan) {
  EXPECT_TRUE(std::isnan(quantile({}, 0.5)));
  EXPECT_TRUE(std::isnan(quantile({1.0, 2.0}, std::nan(""))));
}

TEST(Quantile, QOutsideUnitIntervalThrows) {
  EXPECT_THROW(quantile({1.0}, -0.1), std::invalid_argument);
  EXPECT_THROW(quantile({1.0}, 1.5), std::invalid_argument);
}

TEST(Quantile, SelectionEqualsSortingBitForBit) {
  std::vector<double> values;
  for (int i = 0; i < 1001; ++i) values.push_back(std::sin(i * 0.7) * 100.0 + (i % 7));
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> out(QS.size());
  quantiles_unsorted(values, QS, out);
  for (std::size_t k = 0; k < QS.size(); ++k) {
    EXPECT_EQ(out[k], quantile_sorted(sorted, QS[k])) << "q = " << QS[k];
  }
}

TEST(Quantile, SelectionOfSmallInputs) {
  std::vector<double> one = {4.0};
  std::vector<double> out(QS.size());
  quantiles_unsorted(one, QS, out);
  for (double value : out) EXPECT_EQ(value, 4.0);
  std::vector<double> none;
  quantiles_unsorted(none, QS, out);
  for (double value : out) EXPECT_TRUE(std::isnan(value));
}

}  // namespace
}  // namespace cyres
