#include "sim/output/timeseries_group.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "sim/stats/quantile.hpp"

namespace cyres {

std::vector<double> mean_over_trials(std::span<const float> series, std::uint64_t trials,
                                     std::size_t rows) {
  if (trials == 0) return std::vector<double>(rows, std::numeric_limits<double>::quiet_NaN());
  std::vector<double> sum(rows, 0.0);
  for (std::uint64_t k = 0; k < trials; ++k) {  // trial order: a fixed sum per row
    const float* trial = series.data() + k * rows;
    for (std::size_t r = 0; r < rows; ++r) sum[r] += static_cast<double>(trial[r]);
  }
  for (double& value : sum) value /= static_cast<double>(trials);
  return sum;
}

std::vector<double> bands_over_trials(std::span<const float> series, std::uint64_t trials,
                                      std::size_t rows, std::span<const double> quantiles) {
  const std::size_t q_count = quantiles.size();
  std::vector<double> bands(rows * q_count);
  std::vector<double> column;
  column.reserve(trials);
  for (std::size_t r = 0; r < rows; ++r) {
    column.clear();
    for (std::uint64_t k = 0; k < trials; ++k) {
      const auto value = static_cast<double>(series[k * rows + r]);
      if (!std::isnan(value)) column.push_back(value);
    }
    quantiles_unsorted(column, quantiles, std::span<double>(bands).subspan(r * q_count, q_count));
  }
  return bands;
}

h5::Dataset write_timeseries_group(const h5::Group& group, const Scenario& scenario,
                                   const RunResult& run, const PolicyResult& result) {
  const auto horizon = static_cast<std::size_t>(run.horizon);
  const std::size_t sectors = run.sectors;
  const hsize_t q_count = BAND_QUANTILES.size();

  // Scales first, so every dataset below can be attached as it is written.
  std::vector<double> hours(horizon);
  for (std::size_t t = 0; t < horizon; ++t) hours[t] = static_cast<double>(t + 1) * run.dt_hours;
  const h5::Dataset time = h5::write_dataset(group, "time", std::span<const double>(hours));
  h5::make_scale(time, "time");
  h5::set_units(time, "h");
  h5::write_attribute(time, "description", "end of step t, (t + 1) dt, where service is measured");

  const h5::Dataset quantile =
      h5::write_dataset(group, "quantile", std::span<const double>(BAND_QUANTILES));
  h5::make_scale(quantile, "quantile");
  h5::set_units(quantile, "1");
  h5::write_attribute(quantile, "description",
                      "probability of each band; numpy.quantile(..., method='linear')");

  std::vector<std::string> sector_names;
  for (const Sector& sector : scenario.sectors) sector_names.push_back(sector.name);
  h5::Dataset sector = h5::write_dataset(group, "sector", sector_names);
  h5::make_scale(sector, "sector");

  std::vector<std::string> state_names(std::begin(STATE_COUNT_NAMES), std::end(STATE_COUNT_NAMES));
  const h5::Dataset state = h5::write_dataset(group, "state", state_names);
  h5::make_scale(state, "state");

  const auto write = [&](const char* name, const std::vector<double>& values, const h5::Dims& dims,
                         const char* units, const char* description) {
    h5::Dataset dataset = h5::write_dataset(group, name, std::span<const double>(values), dims);
    h5::set_units(dataset, units);
    h5::write_attribute(dataset, "description", description);
    h5::attach_scale(dataset, time, 0, "time");
    return dataset;
  };

  write("service_mean", mean_over_trials(result.service, run.trials, horizon), {horizon}, "1",
        "mean over trials of service Q(t)");
  const h5::Dataset service_bands =
      write("service_bands", bands_over_trials(result.service, run.trials, horizon, BAND_QUANTILES),
            {horizon, q_count}, "1", "quantiles over trials of service Q(t)");
  h5::attach_scale(service_bands, quantile, 1, "quantile");

  const std::size_t cells = horizon * sectors;
  const h5::Dataset sector_mean =
      write("sector_service_mean", mean_over_trials(result.sector_service, run.trials, cells),
            {horizon, sectors}, "1", "mean over trials of sector service Q_s(t)");
  h5::attach_scale(sector_mean, sector, 1, "sector");
  const h5::Dataset sector_bands =
      write("sector_service_bands",
            bands_over_trials(result.sector_service, run.trials, cells, BAND_QUANTILES),
            {horizon, sectors, q_count}, "1", "quantiles over trials of sector service Q_s(t)");
  h5::attach_scale(sector_bands, sector, 1, "sector");
  h5::attach_scale(sector_bands, quantile, 2, "quantile");

  // state_count_sum is already summed over trials (integers, exact in any order).
  std::vector<double> counts(result.state_count_sum.size());
  for (std::size_t i = 0; i < counts.size(); ++i) {
    counts[i] = run.trials == 0 ? std::numeric_limits<double>::quiet_NaN()
                                : static_cast<double>(result.state_count_sum[i]) /
                                      static_cast<double>(run.trials);
  }
  const h5::Dataset state_counts =
      write("state_counts_mean", counts, {horizon, static_cast<hsize_t>(state_count_kinds)},
            "assets", "mean over trials of assets in each state at the end of step t");
  h5::write_attribute(state_counts, "states", state_names);
  h5::attach_scale(state_counts, state, 1, "state");
  return sector;
}

}  // namespace cyres
