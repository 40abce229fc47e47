#include "sim/stats/survival.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace cyres {
namespace {

//! Slack when comparing S or a band with 1 - p: products of (1 - d/n) that
//! are exactly 1 - p in real arithmetic can land a few ulps either side.
constexpr double QUANTILE_TOLERANCE = 1e-12;

//! The log(-log) band of one step (Kalbfleisch & Prentice 1980; Klein &
//! Moeschberger 2003, eq. 4.3.2).
void set_band(SurvivalStep& step, double z) {
  if (step.survival >= 1.0) {
    step.ci_low = step.ci_high = 1.0;
    return;
  }
  if (step.survival <= 0.0) {
    step.ci_low = step.ci_high = 0.0;
    return;
  }
  const double sigma = std::sqrt(step.greenwood) / std::abs(std::log(step.survival));
  step.ci_low = std::pow(step.survival, std::exp(z * sigma));
  step.ci_high = std::pow(step.survival, std::exp(-z * sigma));
}

}  // namespace

double KaplanMeier::survival_at(double t) const {
  double s = 1.0;
  for (const SurvivalStep& step : steps) {
    if (step.time > t) break;
    s = step.survival;
  }
  return s;
}

KaplanMeier kaplan_meier(std::span<const double> times, std::span<const double> events,
                         double level) {
  if (times.size() != events.size()) {
    throw std::invalid_argument(
        fmt::format("{} times but {} event flags", times.size(), events.size()));
  }
  if (!(level > 0.0 && level < 1.0)) {
    throw std::invalid_argument(fmt::format("confidence level {} is not in (0, 1)", level));
  }
  // (time, event) of every subject whose clock started.
  std::vector<std::pair<double, bool>> subjects;
  subjects.reserve(times.size());
  for (std::size_t k = 0; k < times.size(); ++k) {
    if (std::isnan(times[k])) continue;
    if (!(times[k] >= 0.0) || std::isinf(times[k])) {
      throw std::invalid_argument(
          fmt::format("time {} of subject {} is not a finite time >= 0", times[k], k));
    }
    if (events[k] != 0.0 && events[k] != 1.0) {
      throw std::invalid_argument(
          fmt::format("event flag {} of subject {} is neither 0 nor 1", events[k], k));
    }
    subjects.emplace_back(times[k], events[k] == 1.0);
  }
  // Ascending time; at equal times events (true) first, so the censored are
  // counted at risk of them.
  std::sort(subjects.begin(), subjects.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second > b.second;
  });

  KaplanMeier km;
  km.level = level;
  km.subjects = subjects.size();
  km.longest_follow_up =
      subjects.empty() ? std::numeric_limits<double>::quiet_NaN() : subjects.back().first;
  const double z = boost::math::quantile(boost::math::normal_distribution<>(), 0.5 + level / 2.0);
  double survival = 1.0;
  double greenwood = 0.0;
  std::size_t i = 0;
  while (i < subjects.size()) {
    SurvivalStep step;
    step.time = subjects[i].first;
    step.at_risk = subjects.size() - i;
    for (; i < subjects.size() && subjects[i].first == step.time; ++i) {
      ++(subjects[i].second ? step.events : step.censored);
    }
    if (step.events > 0) {
      const auto n = static_cast<double>(step.at_risk);
      const auto d = static_cast<double>(step.events);
      survival *= 1.0 - d / n;
      greenwood = step.events == step.at_risk ? std::numeric_limits<double>::infinity()
                                              : greenwood + d / (n * (n - d));
    }
    km.events += step.events;
    step.survival = survival;
    step.greenwood = greenwood;
    set_band(step, z);
    km.steps.push_back(step);
  }
  return km;
}

SurvivalQuantile survival_quantile(const KaplanMeier& estimate, double p) {
  if (!(p > 0.0 && p < 1.0)) {
    throw std::invalid_argument(fmt::format("survival quantile {} is not in (0, 1)", p));
  }
  const double target = 1.0 - p;
  SurvivalQuantile q;
  q.probability = p;
  for (const SurvivalStep& step : estimate.steps) {
    if (step.events == 0) continue;  // S and its band change only at events
    if (!q.ci_low && step.ci_low <= target + QUANTILE_TOLERANCE) q.ci_low = step.time;
    if (!q.time && step.survival <= target + QUANTILE_TOLERANCE) q.time = step.time;
    if (!q.ci_high && step.ci_high < target - QUANTILE_TOLERANCE) {
      q.ci_high = step.time;
      break;  // ci_high >= S >= ci_low: the other two are set by now
    }
  }
  return q;
}

}  // namespace cyres
