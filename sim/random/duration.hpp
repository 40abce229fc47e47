#pragma once
// Sampling durations by inverse transform of one uniform number, with our own
// code (and Boost.Math's normal quantile), so that results are identical with
// any standard library and common random numbers stay monotone: a larger u
// always gives a longer duration.

#include "sim/core/types.hpp"

namespace cyres {

//! A distribution of durations in steps, sampled by inverse transform from one
//! uniform number (so that common random numbers stay common across policies).
struct DurationDistribution {
  enum class Kind { fixed, exponential, lognormal, uniform };
  Kind kind = Kind::fixed;
  double a = 0.0;  //!< fixed: value; exponential: mean; lognormal: median; uniform: low [steps]
  double b = 0.0;  //!< lognormal: sigma of log [1]; uniform: high [steps]; else unused
};


//! Duration in (real) steps for the uniform number u in [0, 1).
double sample_duration(const DurationDistribution& distribution, double u);

//! The same, rounded up to whole steps (a started step is a spent step).
Step sample_duration_steps(const DurationDistribution& distribution, double u);

//! Mean of the distribution [steps], for documentation and tests.
double mean_duration(const DurationDistribution& distribution);

}  // namespace cyres
