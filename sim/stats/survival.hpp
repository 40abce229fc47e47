#pragma once
// Kaplan-Meier estimation for right-censored times to an event (docs/model.md,
// "Metrics v2" and "Comparing policies"). A time to recover that has not
// ended by the horizon is censored: it says only "longer than this", so it is
// never averaged as if measured. What is reported instead: the survival curve
// S(t) = P(T > t), its pointwise confidence band, and quantiles of T read off
// the curve with Brookmeyer-Crowley intervals; a quantile the curve does not
// reach is "not reached", never a number.
//
// References: Kaplan & Meier (1958); Greenwood (1926) for the variance;
// Kalbfleisch & Prentice (1980) for the log(-log S) transform; Brookmeyer &
// Crowley (1982) for quantile intervals; Klein & Moeschberger (2003),
// sections 4.2-4.5, for all of them in one place.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace cyres {

//! The curve at one distinct observed time (an event, a censoring or both).
struct SurvivalStep {
  double time = 0.0;
  std::size_t at_risk = 0;   //!< n: subjects with time >= this time [1]
  std::size_t events = 0;    //!< d: events at this time [1]
  std::size_t censored = 0;  //!< censored at this time (still at risk at it) [1]
  double survival = 1.0;     //!< S(t) = prod over event times <= t of (1 - d/n) [1]
  //! Greenwood's sum, sum over event times <= t of d / (n (n - d)), so that
  //! Var S(t) = S(t)^2 * greenwood; +inf once S = 0 (n == d) [1].
  double greenwood = 0.0;
  double ci_low = 1.0;   //!< pointwise CI of S(t), log(-log S) scale [1]
  double ci_high = 1.0;  //!< upper end [1]
};

//! The Kaplan-Meier estimate of one sample.
struct KaplanMeier {
  std::vector<SurvivalStep> steps;  //!< ascending time, one per distinct time
  std::size_t subjects = 0;         //!< observations used (finite times) [1]
  std::size_t events = 0;           //!< of them, events (the rest are censored) [1]
  double level = 0.95;              //!< two-sided level of ci_low/ci_high [1]
  //! The longest observed time (event or censoring); NaN without subjects.
  //! The curve is known up to here: a quantile not reached is beyond it.
  double longest_follow_up = 0.0;

  //! S(t): 1 before the first event time; the last step's value at or after
  //! the longest follow-up (beyond it S is unknown; callers should not ask).
  double survival_at(double t) const;
};

//! Kaplan-Meier estimate from `times` and `events` (same size): subject k
//! had the event at times[k] if events[k] is 1, or was censored there (still
//! without the event at times[k]) if it is 0. Subjects whose time is NaN
//! (the clock never started) are left out. At a time with both, events count
//! before censorings: the censored are still at risk of the events at that
//! time. The band at each step is the log(-log) interval
//! [S^exp(z sigma), S^exp(-z sigma)], sigma = sqrt(greenwood) / |log S|,
//! z the standard normal quantile of (1 + level) / 2: [1, 1] while S = 1 and
//! [0, 0] once S = 0. std::invalid_argument if the sizes differ, a time is
//! negative or infinite, an event flag is neither 0 nor 1 (for a finite time)
//! or the level is not in (0, 1).
KaplanMeier kaplan_meier(std::span<const double> times, std::span<const double> events,
                         double level = 0.95);

//! A quantile of the time to the event: the time by which a share p of the
//! subjects has had it, t_p = min{t : S(t) <= 1 - p}, with its
//! Brookmeyer-Crowley interval, the set of t whose pointwise log(-log)
//! interval of S(t) contains 1 - p: from the first time the lower band is
//! <= 1 - p to the first time the upper band is < 1 - p. Each of the three
//! is empty ("not reached") when the curve or band never gets there within
//! the follow-up; an empty ci_high means the interval is unbounded above.
//! Comparisons against 1 - p allow 1e-12 for the rounding of the products.
struct SurvivalQuantile {
  double probability = 0.5;  //!< p [1]
  std::optional<double> time;
  std::optional<double> ci_low;
  std::optional<double> ci_high;
};

//! Quantile p in (0, 1) of the estimate (0.5: median; 0.9: the time by which
//! 90 % have had the event). std::invalid_argument for p outside (0, 1).
SurvivalQuantile survival_quantile(const KaplanMeier& estimate, double p);

}  // namespace cyres
