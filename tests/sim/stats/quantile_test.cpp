// Type-7 quantiles against values numpy 1.24 gives (numpy.quantile, default
// method "linear"); the simple cases are also worked by hand in the comments.

#include "sim/stats/quantile.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include <random>

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

// --- histogram quantiles -----------------------------------------------------

std::vector<std::uint32_t> histogram_of(const std::vector<double>& values) {
  std::vector<std::uint32_t> counts(UNIT_HISTOGRAM_SLOTS, 0);
  for (const double v : values) ++counts[unit_histogram_slot(v)];
  return counts;
}

std::vector<double> histogram_quantiles(const std::vector<double>& values) {
  std::vector<double> out(QS.size());
  quantiles_from_unit_histogram(histogram_of(values), QS, out);
  return out;
}

TEST(UnitHistogram, SlotsRoundToMultiplesOf1Over1024) {
  EXPECT_EQ(UNIT_HISTOGRAM_SLOTS, 1025u);
  EXPECT_EQ(unit_histogram_slot(0.0), 0u);
  EXPECT_EQ(unit_histogram_slot(1.0), 1024u);
  EXPECT_EQ(unit_histogram_slot(0.25), 256u);
  EXPECT_EQ(unit_histogram_slot(0.25 + 0.49 / 1024), 256u);
  EXPECT_EQ(unit_histogram_slot(0.25 + 0.51 / 1024), 257u);
  EXPECT_EQ(unit_histogram_slot(0.5 / 1024), 0u);  // a tie rounds to even
  EXPECT_EQ(unit_histogram_slot(1.5 / 1024), 2u);
  EXPECT_EQ(unit_histogram_slot(-0.5), 0u);  // outside [0, 1]: clamped
  EXPECT_EQ(unit_histogram_slot(7.0), 1024u);
  EXPECT_EQ(unit_histogram_value(256), 0.25);
  EXPECT_EQ(unit_histogram_value(1024), 1.0);
}

TEST(UnitHistogram, RoundingWithoutLibmIsNearbyint) {
  // round_half_even must be std::nearbyint (default rounding mode) for every
  // value the slots and the fixed-point sums round: ties either way, halves
  // below 1, the largest products, and many random values in between.
  const std::vector<double> edges = {
      0.0,          0.5,    1.5,     2.5,         0.49999999999999994, 1023.5, 1024.0, 4294967295.5,
      4294967296.0, 1e-300, 0x1p-33, 3 * 0x1p-33, 4503599627370495.5};
  for (const double x : edges) EXPECT_EQ(round_half_even(x), std::nearbyint(x)) << x;
  std::mt19937_64 gen(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int k = 0; k < 100000; ++k) {
    const double v = unit(gen);
    EXPECT_EQ(round_half_even(v * 1024.0), std::nearbyint(v * 1024.0));
    EXPECT_EQ(round_half_even(v * 4294967296.0), std::nearbyint(v * 4294967296.0));
    const auto f =
        static_cast<double>(static_cast<float>(v * 1e-6));  // tiny floats: fractions of 2^-32
    EXPECT_EQ(round_half_even(f * 4294967296.0), std::nearbyint(f * 4294967296.0));
  }
}

TEST(UnitHistogram, ExactForMultiplesOf1Over1024) {
  // Quarters, eighths, 0 and 1 (full service, a sector wholly down): the
  // histogram quantile is the type-7 quantile, bit for bit.
  const std::vector<double> values = {1.0, 0.5, 0.0, 0.75, 0.125, 1.0, 1.0, 0.25, 0.375, 0.5, 1.0};
  const std::vector<double> exact = [&] {
    std::vector<double> out;
    for (double q : QS) out.push_back(quantile(values, q));
    return out;
  }();
  EXPECT_EQ(histogram_quantiles(values), exact);
}

TEST(UnitHistogram, WithinHalfABinOfTheExactQuantile) {
  // Values spread over [0, 1] at every resolution; the stated bound holds.
  for (std::size_t n : {1u, 2u, 7u, 100u, 1001u}) {
    std::vector<double> values;
    for (std::size_t i = 0; i < n; ++i) {
      values.push_back(0.5 + 0.5 * std::sin(static_cast<double>(i) * 1.37 + 0.2));
    }
    const std::vector<double> approx = histogram_quantiles(values);
    for (std::size_t k = 0; k < QS.size(); ++k) {
      EXPECT_LE(std::abs(approx[k] - quantile(values, QS[k])), UNIT_HISTOGRAM_ERROR)
          << "n = " << n << ", q = " << QS[k];
    }
  }
  // The bound is reached: a value just below a slot's upper edge.
  const double v = 0.25 + 0.4999 / 1024;
  std::vector<double> out(1);
  quantiles_from_unit_histogram(histogram_of({v}), std::vector<double>{0.5}, out);
  EXPECT_NEAR(std::abs(out[0] - v), UNIT_HISTOGRAM_ERROR, 1e-6);
}

TEST(UnitHistogram, EmptyIsNanAndBadArgumentsThrow) {
  const std::vector<std::uint32_t> empty(UNIT_HISTOGRAM_SLOTS, 0);
  std::vector<double> out(QS.size());
  quantiles_from_unit_histogram(empty, QS, out);
  for (double value : out) EXPECT_TRUE(std::isnan(value));
  const std::vector<std::uint32_t> wrong(10, 1);
  EXPECT_THROW(quantiles_from_unit_histogram(wrong, QS, out), std::invalid_argument);
  const std::vector<double> descending = {0.9, 0.1};
  std::vector<double> two(2);
  EXPECT_THROW(quantiles_from_unit_histogram(histogram_of({0.5}), descending, two),
               std::invalid_argument);
}

}  // namespace
}  // namespace cyres
