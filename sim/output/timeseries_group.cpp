#include "sim/output/timeseries_group.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "sim/stats/quantile.hpp"

namespace cyres {
namespace {

constexpr const char* BANDS_DESCRIPTION_SERVICE =
    "quantiles over trials of service Q(t), from per-step histograms of resolution 1/1024: "
    "within max_error (1/2048) of numpy.quantile over the trials, exact where the values are "
    "multiples of 1/1024";
constexpr const char* BANDS_DESCRIPTION_SECTOR =
    "quantiles over trials of sector service Q_s(t), from per-step histograms of resolution "
    "1/1024: within max_error (1/2048) of numpy.quantile over the trials, exact where the values "
    "are multiples of 1/1024";

}  // namespace

std::vector<double> means_of(const SeriesAccumulator& series) {
  std::vector<double> means(series.cells());
  for (std::size_t c = 0; c < means.size(); ++c) means[c] = series.mean(c);
  return means;
}

std::vector<double> bands_of(const SeriesAccumulator& series, std::span<const double> quantiles) {
  const std::size_t q_count = quantiles.size();
  std::vector<double> bands(series.cells() * q_count);
  for (std::size_t c = 0; c < series.cells(); ++c) {
    series.quantiles(c, quantiles, std::span<double>(bands).subspan(c * q_count, q_count));
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

  const auto mark_resolution = [](const h5::Dataset& bands) {
    h5::write_attribute(bands, "resolution", 1.0 / static_cast<double>(UNIT_HISTOGRAM_BINS));
    h5::write_attribute(bands, "max_error", UNIT_HISTOGRAM_ERROR);
  };
  write("service_mean", means_of(result.service), {horizon}, "1",
        "mean over trials of service Q(t)");
  const h5::Dataset service_bands = write("service_bands", bands_of(result.service, BAND_QUANTILES),
                                          {horizon, q_count}, "1", BANDS_DESCRIPTION_SERVICE);
  h5::attach_scale(service_bands, quantile, 1, "quantile");
  mark_resolution(service_bands);

  const h5::Dataset sector_mean =
      write("sector_service_mean", means_of(result.sector_service), {horizon, sectors}, "1",
            "mean over trials of sector service Q_s(t)");
  h5::attach_scale(sector_mean, sector, 1, "sector");
  const h5::Dataset sector_bands =
      write("sector_service_bands", bands_of(result.sector_service, BAND_QUANTILES),
            {horizon, sectors, q_count}, "1", BANDS_DESCRIPTION_SECTOR);
  h5::attach_scale(sector_bands, sector, 1, "sector");
  h5::attach_scale(sector_bands, quantile, 2, "quantile");
  mark_resolution(sector_bands);

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
