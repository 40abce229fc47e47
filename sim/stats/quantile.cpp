#include "sim/stats/quantile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace cyres {
namespace {

//! Where quantile q falls among n sorted values: between ranks lo and lo + 1
//! (clamped to n - 1) at fraction gamma, numpy's virtual index h = (n - 1) q.
struct Rank {
  std::size_t lo;
  double gamma;
};

Rank rank_of(std::size_t n, double q) {
  if (q < 0.0 || q > 1.0) {
    throw std::invalid_argument(fmt::format("quantile: q = {} is outside [0, 1]", q));
  }
  const double h = static_cast<double>(n - 1) * q;
  const double below = std::floor(h);
  return {std::min(static_cast<std::size_t>(below), n - 1), h - below};
}

//! numpy's _lerp: interpolate from the nearer end, which keeps the result
//! monotone in q and exact at gamma = 1.
double interpolate(double a, double b, double gamma) {
  const double diff = b - a;
  return gamma >= 0.5 ? b - diff * (1.0 - gamma) : a + diff * gamma;
}

}  // namespace

double quantile_sorted(std::span<const double> sorted, double q) {
  if (std::isnan(q) || sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const Rank r = rank_of(sorted.size(), q);
  const std::size_t hi = std::min(r.lo + 1, sorted.size() - 1);
  return interpolate(sorted[r.lo], sorted[hi], r.gamma);
}

double quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return quantile_sorted(values, q);
}

void quantiles_unsorted(std::span<double> values, std::span<const double> qs,
                        std::span<double> out) {
  if (out.size() != qs.size())
    throw std::invalid_argument("quantiles_unsorted: out.size() != qs.size()");
  std::size_t settled = 0;  // values[0, settled) are <= every value after them
  for (std::size_t k = 0; k < qs.size(); ++k) {
    if (std::isnan(qs[k]) || values.empty()) {
      out[k] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    if (k > 0 && qs[k] < qs[k - 1])
      throw std::invalid_argument("quantiles_unsorted: qs not ascending");
    const Rank r = rank_of(values.size(), qs[k]);
    // Ranks only grow with q, so each selection needs only the part not yet settled.
    std::nth_element(values.begin() + static_cast<std::ptrdiff_t>(settled),
                     values.begin() + static_cast<std::ptrdiff_t>(r.lo), values.end());
    settled = r.lo;
    const double a = values[r.lo];
    const double b = r.lo + 1 < values.size()
                         ? *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(r.lo) + 1,
                                             values.end())
                         : a;
    out[k] = interpolate(a, b, r.gamma);
  }
}

double unit_histogram_value(std::size_t slot) {
  return static_cast<double>(slot) / static_cast<double>(UNIT_HISTOGRAM_BINS);
}

void quantiles_from_unit_histogram(std::span<const UnitHistogramEntry> entries,
                                   std::span<const double> qs, std::span<double> out) {
  if (out.size() != qs.size()) {
    throw std::invalid_argument("quantiles_from_unit_histogram: out.size() != qs.size()");
  }
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].count == 0 || entries[i].slot > UNIT_HISTOGRAM_BINS ||
        (i > 0 && entries[i].slot <= entries[i - 1].slot)) {
      throw std::invalid_argument(
          "quantiles_from_unit_histogram: entries not ascending, empty or beyond the last slot");
    }
    n += entries[i].count;
  }
  // The value of the order statistic of rank r (0-based), found by walking the
  // entries. Ranks lo and lo + 1 each only grow with q, so each has its own walker.
  struct Walker {
    std::span<const UnitHistogramEntry> entries;
    std::size_t at = 0;
    std::uint64_t below = 0;  //!< values in the entries before `at`
    double operator()(std::uint64_t rank) {
      while (below + entries[at].count <= rank) below += entries[at++].count;
      return unit_histogram_value(entries[at].slot);
    }
  };
  Walker lower{entries, 0, 0};
  Walker upper{entries, 0, 0};
  for (std::size_t k = 0; k < qs.size(); ++k) {
    if (std::isnan(qs[k]) || n == 0) {
      out[k] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    if (k > 0 && qs[k] < qs[k - 1])
      throw std::invalid_argument("quantiles_from_unit_histogram: qs not ascending");
    const Rank r = rank_of(static_cast<std::size_t>(n), qs[k]);
    const double a = lower(r.lo);
    const double b = r.lo + 1 < n ? upper(r.lo + 1) : a;
    out[k] = interpolate(a, b, r.gamma);
  }
}

void quantiles_from_unit_histogram(std::span<const std::uint32_t> counts,
                                   std::span<const double> qs, std::span<double> out) {
  if (counts.size() != UNIT_HISTOGRAM_SLOTS) {
    throw std::invalid_argument("quantiles_from_unit_histogram: wrong slot count");
  }
  std::vector<UnitHistogramEntry> entries;
  for (std::size_t slot = 0; slot < counts.size(); ++slot) {
    if (counts[slot] != 0) {
      entries.push_back({static_cast<std::uint16_t>(slot), counts[slot]});
    }
  }
  quantiles_from_unit_histogram(std::span<const UnitHistogramEntry>(entries), qs, out);
}

}  // namespace cyres
