// Kaplan-Meier, Greenwood, the log(-log) band and Brookmeyer-Crowley
// quantile intervals against a published worked example and small cases
// computed by hand.
//
// The published example is the leukaemia remission trial of Freireich et al.
// (1963, Blood 21:699-716), weeks in remission, "+" censored:
//   6-MP:    6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+
//   placebo: 1 1 2 2 3 4 4 5 5 8 8 8 8 11 11 12 12 15 17 22 23
// Published values used below:
// - 6-MP arm, S(t) and Greenwood standard errors of S: Klein & Moeschberger,
//   "Survival Analysis" (2nd ed., 2003), section 4.2, the product-limit
//   estimate of the 6-MP group; R's summary(survfit(Surv(time, status) ~ 1))
//   prints the same numbers:
//   t = 6, 7, 10, 13, 16, 22, 23; S = 0.857, 0.807, 0.753, 0.690, 0.627,
//   0.538, 0.448; se = 0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346;
//   median 23 weeks.
// - Placebo arm, Stata `sts list, by(group)` (log(-log) intervals, Stata's
//   default), as printed in G. Rodriguez's Princeton survival notes on the
//   Gehan data: t = 1: 0.9048 (se 0.0641) [0.6700, 0.9753];
//   t = 2: 0.8095 (se 0.0857) [0.5689, 0.9239].
// The remaining bands and quantile intervals are computed here from the
// definitions (numbers to 4 decimals, as those tables print them):
//   6-MP log(-log) band at 6: S^exp(+-1.96 * sqrt(3/(21*18)) / |ln S|)
//   = [0.6197, 0.9516]; at 13: [0.4316, 0.8491]; at 23: [0.1881, 0.6801].
//   Median 23, Brookmeyer-Crowley interval [13, not reached]: the lower band
//   first drops to <= 0.5 at 13 (0.4316), the upper band never drops below
//   0.5 (0.6801 at the last event). Placebo median 8, interval [4, 11]
//   (lower band 0.4254 at 4; upper band 0.4818 < 0.5 first at 11).

#include "sim/stats/survival.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace cyres {
namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<double> MP_TIMES = {6,  6,  6,  6,  7,  9,  10, 10, 11, 13, 16,
                                      17, 19, 20, 22, 23, 25, 32, 32, 34, 35};
const std::vector<double> MP_EVENTS = {1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1,
                                       0, 0, 0, 1, 1, 0, 0, 0, 0, 0};
const std::vector<double> PLACEBO_TIMES = {1, 1, 2,  2,  3,  4,  4,  5,  5,  8, 8,
                                           8, 8, 11, 11, 12, 12, 15, 17, 22, 23};
const std::vector<double> ALL_EVENTS(21, 1.0);

const SurvivalStep& step_at(const KaplanMeier& km, double time) {
  for (const SurvivalStep& step : km.steps) {
    if (step.time == time) return step;
  }
  throw std::out_of_range("no step at that time");
}

double standard_error(const SurvivalStep& step) {
  return step.survival * std::sqrt(step.greenwood);
}

TEST(SurvivalTest, FreireichSixMpMatchesKleinMoeschbergerTable) {
  const KaplanMeier km = kaplan_meier(MP_TIMES, MP_EVENTS);
  EXPECT_EQ(km.subjects, 21U);
  EXPECT_EQ(km.events, 9U);
  EXPECT_EQ(km.longest_follow_up, 35.0);
  const std::vector<double> times = {6, 7, 10, 13, 16, 22, 23};
  const std::vector<double> survival = {0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448};
  const std::vector<double> se = {0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346};
  for (std::size_t i = 0; i < times.size(); ++i) {
    const SurvivalStep& step = step_at(km, times[i]);
    // Published to 3 and 4 decimals: half a unit in the last place.
    EXPECT_NEAR(step.survival, survival[i], 0.0005) << "t = " << times[i];
    EXPECT_NEAR(standard_error(step), se[i], 0.00005) << "t = " << times[i];
  }
  // Exact fractions: S(6) = 18/21, S(23) = 18/21 * 16/17 * 14/15 * 11/12 * 10/11 * 6/7 * 5/6.
  EXPECT_DOUBLE_EQ(step_at(km, 6).survival, 18.0 / 21.0);
  EXPECT_NEAR(step_at(km, 23).survival,
              18.0 / 21 * 16 / 17 * 14 / 15 * 11 / 12 * 10 / 11 * 6 / 7 * 5 / 6, 1e-15);
  // At risk: the 6+ is at risk of the three relapses at 6 (events first).
  EXPECT_EQ(step_at(km, 6).at_risk, 21U);
  EXPECT_EQ(step_at(km, 6).events, 3U);
  EXPECT_EQ(step_at(km, 6).censored, 1U);
  EXPECT_EQ(step_at(km, 7).at_risk, 17U);
  EXPECT_EQ(step_at(km, 32).censored, 2U);
}

TEST(SurvivalTest, LogLogBandMatchesStataAndTheFormula) {
  const KaplanMeier placebo = kaplan_meier(PLACEBO_TIMES, ALL_EVENTS);
  EXPECT_NEAR(placebo.steps[0].survival, 0.9048, 0.00005);
  EXPECT_NEAR(standard_error(placebo.steps[0]), 0.0641, 0.00005);
  EXPECT_NEAR(placebo.steps[0].ci_low, 0.6700, 0.00005);
  EXPECT_NEAR(placebo.steps[0].ci_high, 0.9753, 0.00005);
  EXPECT_NEAR(placebo.steps[1].survival, 0.8095, 0.00005);
  EXPECT_NEAR(standard_error(placebo.steps[1]), 0.0857, 0.00005);
  EXPECT_NEAR(placebo.steps[1].ci_low, 0.5689, 0.00005);
  EXPECT_NEAR(placebo.steps[1].ci_high, 0.9239, 0.00005);
  // Every subject relapsed: S reaches 0 at 23 and its band is [0, 0].
  EXPECT_EQ(placebo.steps.back().survival, 0.0);
  EXPECT_EQ(placebo.steps.back().ci_low, 0.0);
  EXPECT_EQ(placebo.steps.back().ci_high, 0.0);
  EXPECT_TRUE(std::isinf(placebo.steps.back().greenwood));

  const KaplanMeier mp = kaplan_meier(MP_TIMES, MP_EVENTS);
  EXPECT_NEAR(step_at(mp, 6).ci_low, 0.6197, 0.00005);
  EXPECT_NEAR(step_at(mp, 6).ci_high, 0.9516, 0.00005);
  EXPECT_NEAR(step_at(mp, 13).ci_low, 0.4316, 0.00005);
  EXPECT_NEAR(step_at(mp, 13).ci_high, 0.8491, 0.00005);
  EXPECT_NEAR(step_at(mp, 23).ci_low, 0.1881, 0.00005);
  EXPECT_NEAR(step_at(mp, 23).ci_high, 0.6801, 0.00005);
  // The band of a censoring-only step is the one of the event before it.
  EXPECT_EQ(step_at(mp, 9).ci_low, step_at(mp, 7).ci_low);
  // The formula itself at t = 6, to the last bits.
  const double s = 18.0 / 21.0;
  const double sigma = std::sqrt(3.0 / (21.0 * 18.0)) / std::abs(std::log(s));
  const double z = 1.959963984540054;
  EXPECT_NEAR(step_at(mp, 6).ci_low, std::pow(s, std::exp(z * sigma)), 1e-14);
  EXPECT_NEAR(step_at(mp, 6).ci_high, std::pow(s, std::exp(-z * sigma)), 1e-14);
}

TEST(SurvivalTest, MedianAndP90WithBrookmeyerCrowleyIntervals) {
  const KaplanMeier mp = kaplan_meier(MP_TIMES, MP_EVENTS);
  const SurvivalQuantile median = survival_quantile(mp, 0.5);
  ASSERT_TRUE(median.time);
  EXPECT_EQ(*median.time, 23.0);
  ASSERT_TRUE(median.ci_low);
  EXPECT_EQ(*median.ci_low, 13.0);
  EXPECT_FALSE(median.ci_high) << "the upper band never drops below 0.5: not reached";
  // 55 % of the 6-MP arm is still in remission at the end: the time by which
  // 90 % relapsed is not reached, nor is either end of its interval.
  const SurvivalQuantile p90 = survival_quantile(mp, 0.9);
  EXPECT_FALSE(p90.time);
  EXPECT_FALSE(p90.ci_low);
  EXPECT_FALSE(p90.ci_high);

  const KaplanMeier placebo = kaplan_meier(PLACEBO_TIMES, ALL_EVENTS);
  const SurvivalQuantile m = survival_quantile(placebo, 0.5);
  ASSERT_TRUE(m.time && m.ci_low && m.ci_high);
  EXPECT_EQ(*m.time, 8.0);
  EXPECT_EQ(*m.ci_low, 4.0);
  EXPECT_EQ(*m.ci_high, 11.0);
  // p90: S = 0.0952 <= 0.1 first at 17; lower band 0.0595 <= 0.1 first at 12;
  // upper band < 0.1 only at 23, where S = 0.
  const SurvivalQuantile q = survival_quantile(placebo, 0.9);
  ASSERT_TRUE(q.time && q.ci_low && q.ci_high);
  EXPECT_EQ(*q.time, 17.0);
  EXPECT_EQ(*q.ci_low, 12.0);
  EXPECT_EQ(*q.ci_high, 23.0);
}

TEST(SurvivalTest, TiesCountEventsBeforeCensorings) {
  // At t = 2 one event and one censoring among 3 at risk: S(2) = 2/3. Had the
  // censoring gone first, 2 at risk would give 1/2.
  const KaplanMeier km = kaplan_meier(std::vector<double>{2, 2, 3}, std::vector<double>{1, 0, 1});
  ASSERT_EQ(km.steps.size(), 2U);
  EXPECT_EQ(km.steps[0].at_risk, 3U);
  EXPECT_DOUBLE_EQ(km.steps[0].survival, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(km.steps[0].greenwood, 1.0 / (3.0 * 2.0));
  EXPECT_EQ(km.steps[1].at_risk, 1U);
  EXPECT_EQ(km.steps[1].survival, 0.0);
  EXPECT_EQ(km.survival_at(1.9), 1.0);
  EXPECT_DOUBLE_EQ(km.survival_at(2.5), 2.0 / 3.0);
}

TEST(SurvivalTest, UncensoredSampleIsTheEmpiricalSurvivalFunction) {
  // 1, 2, 3, 4, all events: S = 3/4, 1/2, 1/4, 0; Greenwood sum at 2 is
  // 1/(4*3) + 1/(3*2) = 1/4, so Var S(2) = S^2/4 = 1/16 = S(1-S)/n, the
  // binomial variance, as it must be without censoring.
  const KaplanMeier km =
      kaplan_meier(std::vector<double>{4, 2, 3, 1}, std::vector<double>{1, 1, 1, 1});
  ASSERT_EQ(km.steps.size(), 4U);
  EXPECT_DOUBLE_EQ(km.steps[1].survival, 0.5);
  EXPECT_DOUBLE_EQ(km.steps[1].greenwood, 0.25);
  EXPECT_DOUBLE_EQ(standard_error(km.steps[1]) * standard_error(km.steps[1]), 0.5 * 0.5 / 4.0);
  // S(2) = 0.5 exactly: the median is the first time with S <= 0.5, 2 (R's
  // survfit would take the midpoint 2.5 of the flat stretch; this is the
  // textbook definition, Klein & Moeschberger section 4.5).
  EXPECT_EQ(*survival_quantile(km, 0.5).time, 2.0);
  EXPECT_EQ(*survival_quantile(km, 0.75).time, 3.0);
  EXPECT_EQ(*survival_quantile(km, 0.9).time, 4.0);
}

TEST(SurvivalTest, NothingHappenedMeansNotReached) {
  const KaplanMeier km = kaplan_meier(std::vector<double>{5, 7, 7}, std::vector<double>{0, 0, 0});
  EXPECT_EQ(km.subjects, 3U);
  EXPECT_EQ(km.events, 0U);
  EXPECT_EQ(km.longest_follow_up, 7.0);
  for (const SurvivalStep& step : km.steps) {
    EXPECT_EQ(step.survival, 1.0);
    EXPECT_EQ(step.ci_low, 1.0);
    EXPECT_EQ(step.ci_high, 1.0);
  }
  const SurvivalQuantile median = survival_quantile(km, 0.5);
  EXPECT_FALSE(median.time);
  EXPECT_FALSE(median.ci_low);
  EXPECT_FALSE(median.ci_high);
}

TEST(SurvivalTest, NaNTimesAreLeftOutAndBadInputIsRefused) {
  const KaplanMeier km =
      kaplan_meier(std::vector<double>{NaN, 3, NaN, 1}, std::vector<double>{0, 1, 0, 1});
  EXPECT_EQ(km.subjects, 2U);
  EXPECT_EQ(km.events, 2U);
  const KaplanMeier empty = kaplan_meier(std::vector<double>{NaN}, std::vector<double>{0});
  EXPECT_EQ(empty.subjects, 0U);
  EXPECT_TRUE(empty.steps.empty());
  EXPECT_TRUE(std::isnan(empty.longest_follow_up));
  EXPECT_FALSE(survival_quantile(empty, 0.5).time);

  EXPECT_THROW(kaplan_meier(std::vector<double>{1, 2}, std::vector<double>{1}),
               std::invalid_argument);
  EXPECT_THROW(kaplan_meier(std::vector<double>{1}, std::vector<double>{2}), std::invalid_argument);
  EXPECT_THROW(kaplan_meier(std::vector<double>{-1}, std::vector<double>{1}),
               std::invalid_argument);
  EXPECT_THROW(kaplan_meier(std::vector<double>{std::numeric_limits<double>::infinity()},
                            std::vector<double>{1}),
               std::invalid_argument);
  EXPECT_THROW(kaplan_meier(std::vector<double>{1}, std::vector<double>{1}, 1.0),
               std::invalid_argument);
  EXPECT_THROW(survival_quantile(km, 1.0), std::invalid_argument);
  EXPECT_THROW(survival_quantile(km, 0.0), std::invalid_argument);
}

TEST(SurvivalTest, HigherLevelWidensTheBand) {
  const KaplanMeier narrow = kaplan_meier(MP_TIMES, MP_EVENTS, 0.8);
  const KaplanMeier wide = kaplan_meier(MP_TIMES, MP_EVENTS, 0.99);
  for (std::size_t i = 0; i < narrow.steps.size(); ++i) {
    EXPECT_LT(wide.steps[i].ci_low, narrow.steps[i].ci_low);
    EXPECT_GT(wide.steps[i].ci_high, narrow.steps[i].ci_high);
    EXPECT_EQ(wide.steps[i].survival, narrow.steps[i].survival);
  }
}

}  // namespace
}  // namespace cyres
