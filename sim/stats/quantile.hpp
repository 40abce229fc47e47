#pragma once
// Sample quantiles as numpy computes them by default (numpy.quantile,
// method="linear"; Hyndman & Fan 1996, definition 7), so that bands in the
// output match what an analyst recomputes in Python from per-trial data.

#include <span>
#include <vector>

namespace cyres {

//! Quantile q in [0, 1] of values sorted ascending, without NaN (callers drop
//! NaN first). With n values, h = (n - 1) q and the result interpolates
//! linearly between sorted[floor(h)] and sorted[floor(h) + 1], evaluated in the
//! same order of operations as numpy so that results agree to the last bit.
//! NaN for an empty input or a NaN q; std::invalid_argument for q outside [0, 1].
double quantile_sorted(std::span<const double> sorted, double q);

//! quantile_sorted over a sorted copy of `values`.
double quantile(std::vector<double> values, double q);

//! Several quantiles at once, equal bit for bit to quantile_sorted on the
//! sorted values, by selection (std::nth_element) instead of a full sort:
//! O(n) per quantile, for the per-step bands over many trials. `qs` must be
//! ascending; `values` (no NaN) is reordered; out.size() == qs.size().
void quantiles_unsorted(std::span<double> values, std::span<const double> qs,
                        std::span<double> out);

}  // namespace cyres
