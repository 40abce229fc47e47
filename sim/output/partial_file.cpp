#include "sim/output/partial_file.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "models/metric_columns.hpp"
#include "sim/core/error.hpp"
#include "sim/hdf5/hdf5.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_hash.hpp"
#include "sim/stats/quantile.hpp"

namespace cyres {
namespace {

constexpr const char* PARTIAL_GROUP = "partial";

const char* kind_name(PartialKind kind) {
  return kind == PartialKind::shard ? "shard" : "checkpoint";
}

void write_request(const h5::Group& group, const RunRequest& r) {
  h5::write_attribute(group, "scenario_path", r.scenario_path);
  h5::write_attribute(group, "overrides", r.overrides);
  h5::write_attribute(group, "policies", r.policies);
  h5::write_attribute(group, "range_begin", r.range_begin);
  h5::write_attribute(group, "range_end", r.range_end);
  h5::write_attribute(group, "trials_total", r.trials_total);
  h5::write_attribute(group, "target_relative_ci", r.target_relative_ci);
  h5::write_attribute(group, "stop_target", stop_target_name(r.stop_target));
  h5::write_attribute(group, "stop_block", r.stop_block);
  h5::write_attribute(group, "block_trials", r.block_trials);
  h5::write_attribute(group, "shard", static_cast<std::uint32_t>(r.shard ? 1 : 0));
  h5::write_attribute(group, "output", r.output);
  h5::write_attribute(group, "checkpoint", r.checkpoint);
  h5::write_attribute(group, "checkpoint_trials", r.checkpoint_trials);
  h5::write_attribute(group, "checkpoint_seconds", r.checkpoint_seconds);
}

RunRequest read_request(const h5::Group& group) {
  RunRequest r;
  r.scenario_path = h5::read_attribute<std::string>(group, "scenario_path");
  r.overrides = h5::read_attribute<std::vector<std::string>>(group, "overrides");
  r.policies = h5::read_attribute<std::vector<std::string>>(group, "policies");
  r.range_begin = h5::read_attribute<std::uint64_t>(group, "range_begin");
  r.range_end = h5::read_attribute<std::uint64_t>(group, "range_end");
  r.trials_total = h5::read_attribute<std::uint64_t>(group, "trials_total");
  r.target_relative_ci = h5::read_attribute<double>(group, "target_relative_ci");
  r.stop_target = stop_target_from_name(h5::read_attribute<std::string>(group, "stop_target"));
  r.stop_block = h5::read_attribute<std::uint64_t>(group, "stop_block");
  r.block_trials = h5::read_attribute<std::uint64_t>(group, "block_trials");
  r.shard = h5::read_attribute<std::uint32_t>(group, "shard") != 0;
  r.output = h5::read_attribute<std::string>(group, "output");
  r.checkpoint = h5::read_attribute<std::string>(group, "checkpoint");
  r.checkpoint_trials = h5::read_attribute<std::uint64_t>(group, "checkpoint_trials");
  r.checkpoint_seconds = h5::read_attribute<double>(group, "checkpoint_seconds");
  return r;
}

void write_policy_partial(const h5::Group& parent, const RunResult& run,
                          const PolicyResult& result) {
  const h5::Group group = h5::create_group(parent, result.policy.name);
  const auto horizon = static_cast<hsize_t>(run.horizon);
  const auto sectors = static_cast<hsize_t>(run.sectors);
  const auto write = [&](const char* name, auto values, const h5::Dims& dims,
                         const char* description) {
    const h5::Dataset dataset = h5::write_dataset(group, name, values, dims);
    h5::write_attribute(dataset, "description", description);
  };
  const auto write_counts = [&](const char* name, const SeriesAccumulator& series,
                                const char* what) {
    // Sparse: most slots of most cells are empty.
    std::vector<std::uint64_t> index;
    std::vector<std::uint32_t> count;
    series.export_counts(index, count);
    write(fmt::format("{}_index", name).c_str(), std::span<const std::uint64_t>(index), {},
          "flat index cell * 1025 + slot of each non-zero histogram count, ascending");
    write(fmt::format("{}_count", name).c_str(), std::span<const std::uint32_t>(count), {}, what);
  };
  write_counts("service_counts", result.service,
               "trials whose Q(t) rounds to slot / 1024, cells [step]");
  write("service_sums", std::span<const std::uint64_t>(result.service.sums()), {horizon},
        "sum over trials of round(Q(t) * 2^32), per step");
  write_counts("sector_service_counts", result.sector_service,
               "trials whose Q_s(t) rounds to slot / 1024, cells [step][sector]");
  write("sector_service_sums", std::span<const std::uint64_t>(result.sector_service.sums()),
        {horizon, sectors}, "sum over trials of round(Q_s(t) * 2^32)");
  write("state_count_sum", std::span<const std::int64_t>(result.state_count_sum),
        {horizon, static_cast<hsize_t>(state_count_kinds)},
        "sum over trials of assets in each state at the end of step t");
}

template <class T>
std::vector<T> read_sized(const h5::Group& group, const char* name, std::size_t expected,
                          const std::string& path) {
  std::vector<T> values = h5::read_dataset<T>(h5::open_dataset(group, name));
  if (values.size() != expected) {
    throw ValueError({path, 0, 0}, fmt::format("{}/{} holds {} values, expected {}", group.path(),
                                               name, values.size(), expected));
  }
  return values;
}

//! An accumulator from its sparse counts (`<name>_index`, `<name>_count`) and sums.
SeriesAccumulator read_series(const h5::Group& group, const std::string& name,
                              const char* sums_name, std::size_t cells, const std::string& path) {
  const auto index = h5::read_dataset<std::uint64_t>(h5::open_dataset(group, name + "_index"));
  const auto count = h5::read_dataset<std::uint32_t>(h5::open_dataset(group, name + "_count"));
  return SeriesAccumulator::from_raw(index, count,
                                     read_sized<std::uint64_t>(group, sums_name, cells, path));
}

//! InputError for anything the HDF5 layer cannot read in a file given as input.
//! The read runs first in a child process: libhdf5 may crash on a damaged file
//! (sim/hdf5/hdf5_isolation.hpp).
template <class F>
auto reading(const std::string& path, F&& read) {
  return h5::read_isolated(path, [&] {
    try {
      return read();
    } catch (const OutputError& error) {
      throw ParseError({path, 0, 0},
                       fmt::format("cannot read as cyres partial results: {}", error.what()));
    } catch (const std::invalid_argument& error) {
      throw ValueError({path, 0, 0}, error.what());
    }
  });
}

}  // namespace

StopTarget stop_target_from_name(const std::string& name) {
  if (name == "own_mean") return StopTarget::own_mean;
  if (name == "paired_difference") return StopTarget::paired_difference;
  throw std::invalid_argument(
      fmt::format("unknown stop target '{}'; expected own_mean or paired_difference", name));
}

void write_partial_file(const std::string& path, PartialKind kind, const Scenario& scenario,
                        const RunResult& run, const RunInfo& info, const RunRequest& request) {
  write_results_file(path, scenario, run, info, [&](const h5::File& file) {
    const h5::Group group = h5::create_group(file, PARTIAL_GROUP);
    h5::write_attribute(group, "kind", kind_name(kind));
    h5::write_attribute(group, "first_trial", run.first_trial);
    h5::write_attribute(group, "trials", run.trials);
    h5::write_attribute(group, "histogram_slots", static_cast<std::uint64_t>(UNIT_HISTOGRAM_SLOTS));
    h5::write_attribute(group, "sum_fraction_bits",
                        static_cast<std::uint32_t>(SERIES_SUM_FRACTION_BITS));
    write_request(group, request);
    for (const PolicyResult& result : run.policies) write_policy_partial(group, run, result);
  });
}

PartialHeader read_partial_header(const std::string& path) {
  return reading(path, [&] {
    const SourceLocation where{path, 0, 0};
    const h5::File file = h5::File::open_read_only(path);
    const std::string format =
        h5::has_attribute(file, "format") ? h5::read_attribute<std::string>(file, "format") : "";
    if (format != RESULTS_FORMAT) {
      throw ValueError(where, fmt::format("not a cyres results file: root attribute 'format' is "
                                          "'{}', expected '{}'",
                                          format, RESULTS_FORMAT));
    }
    PartialHeader h;
    h.path = path;
    h.format_version = h5::read_attribute<std::string>(file, "format_version");
    if (!h.format_version.starts_with(fmt::format("{}.", RESULTS_FORMAT_MAJOR))) {
      throw ValueError(where, fmt::format("results format version '{}' is not supported; this "
                                          "cyres reads {}.x",
                                          h.format_version, RESULTS_FORMAT_MAJOR));
    }
    if (!h5::exists(file, PARTIAL_GROUP)) {
      throw ValueError(where,
                       "holds no partial results (/partial): it is the complete result of "
                       "a run, not a shard or a checkpoint");
    }
    h.tool_version = h5::read_attribute<std::string>(file, "tool_version");
    h.scenario_hash = h5::read_attribute<std::string>(file, "scenario_hash");
    h.seed = h5::read_attribute<std::uint64_t>(file, "seed");
    h.info.command_line = h5::read_attribute<std::string>(file, "command_line");
    h.info.start_time = h5::read_attribute<std::string>(file, "start_time");
    h.info.end_time = h5::read_attribute<std::string>(file, "end_time");
    h.wall_seconds = h5::read_attribute<double>(file, "wall_seconds");
    const h5::Group group = h5::open_group(file, PARTIAL_GROUP);
    const std::string kind = h5::read_attribute<std::string>(group, "kind");
    if (kind != "shard" && kind != "checkpoint") {
      throw ValueError(where,
                       fmt::format("/partial@kind is '{}', expected shard or checkpoint", kind));
    }
    h.kind = kind == "shard" ? PartialKind::shard : PartialKind::checkpoint;
    h.first_trial = h5::read_attribute<std::uint64_t>(group, "first_trial");
    h.trials = h5::read_attribute<std::uint64_t>(group, "trials");
    const auto slots = h5::read_attribute<std::uint64_t>(group, "histogram_slots");
    if (slots != UNIT_HISTOGRAM_SLOTS) {
      throw ValueError(where, fmt::format("histograms of {} slots; this cyres uses {}", slots,
                                          UNIT_HISTOGRAM_SLOTS));
    }
    h.request = read_request(group);
    return h;
  });
}

RunResult read_partial_run(const PartialHeader& header, const Scenario& scenario) {
  return reading(header.path, [&] {
    const std::string& path = header.path;
    RunOptions options;
    options.first_trial = header.request.range_begin;
    options.trials = header.request.range_end - header.request.range_begin;
    for (const std::string& name : header.request.policies) {
      const int index = scenario.find_policy(name);
      if (index < 0) {
        throw ReferenceError({path, 0, 0},
                             fmt::format("policy '{}' of the file is not in its scenario", name));
      }
      options.policies.push_back(static_cast<std::size_t>(index));
    }
    const RunPlan plan = plan_run(scenario, options);
    RunResult run = empty_result(scenario, plan);
    run.first_trial = header.first_trial;
    run.trials = header.trials;
    run.wall_seconds = header.wall_seconds;
    run.target_relative_ci = header.request.target_relative_ci;
    run.stop_target = header.request.stop_target;

    const h5::File file = h5::File::open_read_only(path);
    const h5::Group policies = h5::open_group(file, "policies");
    const h5::Group partial = h5::open_group(file, PARTIAL_GROUP);
    const std::uint64_t n = run.trials;
    const auto steps = static_cast<std::size_t>(run.horizon);
    for (PolicyResult& result : run.policies) {
      const h5::Group trials =
          h5::open_group(h5::open_group(policies, result.policy.name), "trials");
      result.trials.assign(n, TrialMetrics{});
      for (const TrialMetricColumn& column : TRIAL_METRIC_COLUMNS) {
        if (column.real != nullptr) {
          const auto values = read_sized<double>(trials, column.name, n, path);
          for (std::uint64_t k = 0; k < n; ++k) result.trials[k].*column.real = values[k];
        } else {
          const auto values = read_sized<std::uint32_t>(trials, column.name, n, path);
          for (std::uint64_t k = 0; k < n; ++k) result.trials[k].*column.count = values[k];
        }
      }
      result.sector_loss = read_sized<double>(trials, "sector_loss", n * run.sectors, path);
      result.state_loss = read_sized<double>(trials, "state_loss", n * run.states, path);
      const h5::Group raw = h5::open_group(partial, result.policy.name);
      result.service = read_series(raw, "service_counts", "service_sums", steps, path);
      result.sector_service = read_series(raw, "sector_service_counts", "sector_service_sums",
                                          steps * run.sectors, path);
      result.state_count_sum =
          read_sized<std::int64_t>(raw, "state_count_sum", steps * state_count_kinds, path);
    }
    return run;
  });
}

Scenario load_partial_scenario(const PartialHeader& header, const std::string& scenario_path) {
  const std::string& path = scenario_path.empty() ? header.request.scenario_path : scenario_path;
  LoadOptions options;
  options.overrides = header.request.overrides;
  Scenario scenario;
  try {
    scenario = load_scenario(path, options);
  } catch (const InputError& error) {
    throw ValueError({header.path, 0, 0},
                     fmt::format("cannot load the scenario it was run on: {}{}", error.what(),
                                 scenario_path.empty() ? "; give its path with --scenario" : ""));
  }
  const std::string hash = scenario_hash(scenario.source);
  if (hash != header.scenario_hash) {
    throw ValueError({header.path, 0, 0},
                     fmt::format("was run on scenario hash {}, but '{}' now has hash {}: the "
                                 "scenario changed since",
                                 header.scenario_hash, path, hash));
  }
  return scenario;
}

namespace {

std::string joined(const std::vector<std::string>& values) {
  return values.empty() ? "(none)" : fmt::format("{}", fmt::join(values, " "));
}

//! InputError unless `b` belongs to the same run as `a`.
void check_same_run(const PartialHeader& a, const PartialHeader& b) {
  const auto differ = [&](const char* what, const std::string& x, const std::string& y) {
    throw ValueError({b.path, 0, 0}, fmt::format("does not belong with '{}': {} {} here, {} there",
                                                 a.path, what, y, x));
  };
  if (b.kind != PartialKind::shard) {
    throw ValueError({b.path, 0, 0},
                     "is a checkpoint, not a shard: finish it with `cyres run --resume` first");
  }
  if (a.format_version != b.format_version) {
    differ("format version", a.format_version, b.format_version);
  }
  if (a.scenario_hash != b.scenario_hash) differ("scenario hash", a.scenario_hash, b.scenario_hash);
  if (a.seed != b.seed) differ("seed", std::to_string(a.seed), std::to_string(b.seed));
  if (a.request.overrides != b.request.overrides) {
    differ("overrides (--set, --trials, --seed)", joined(a.request.overrides),
           joined(b.request.overrides));
  }
  if (a.request.policies != b.request.policies) {
    differ("policies", joined(a.request.policies), joined(b.request.policies));
  }
  if (a.request.trials_total != b.request.trials_total) {
    differ("total trials", std::to_string(a.request.trials_total),
           std::to_string(b.request.trials_total));
  }
}

}  // namespace

MergedShards merge_shards(const std::vector<std::string>& paths, const std::string& scenario_path) {
  if (paths.empty()) throw ValueError({"cyres merge", 0, 0}, "no shards given");
  std::vector<PartialHeader> headers;
  headers.reserve(paths.size());
  for (const std::string& path : paths) headers.push_back(read_partial_header(path));
  for (const PartialHeader& h : headers) {
    check_same_run(headers.front(), h);
    if (h.first_trial != h.request.range_begin ||
        h.trials != h.request.range_end - h.request.range_begin) {
      throw ValueError(
          {h.path, 0, 0},
          fmt::format("holds trials {}..{} of its range {}:{}: an incomplete shard", h.first_trial,
                      h.first_trial + h.trials, h.request.range_begin, h.request.range_end));
    }
  }
  std::stable_sort(headers.begin(), headers.end(),
                   [](const auto& x, const auto& y) { return x.first_trial < y.first_trial; });
  const std::uint64_t total = headers.front().request.trials_total;
  std::uint64_t covered = 0;  // trials [0, covered) are in the shards so far
  for (const PartialHeader& h : headers) {
    if (h.first_trial < covered) {
      throw ValueError(
          {h.path, 0, 0},
          fmt::format("trials {}:{} overlap another shard, which holds trials up to {}",
                      h.first_trial, h.first_trial + h.trials, covered));
    }
    if (h.first_trial > covered) {
      throw ValueError({h.path, 0, 0},
                       fmt::format("trials {}:{} are in no shard (this one starts at trial {})",
                                   covered, h.first_trial, h.first_trial));
    }
    covered = h.first_trial + h.trials;
  }
  if (covered != total) {
    throw ValueError(
        {headers.back().path, 0, 0},
        fmt::format("trials {}:{} of the run's {} are in no shard", covered, total, total));
  }

  MergedShards merged{load_partial_scenario(headers.front(), scenario_path), {}, {}};
  RunOptions options;
  options.trials = total;
  for (const std::string& name : headers.front().request.policies) {
    options.policies.push_back(static_cast<std::size_t>(merged.scenario.find_policy(name)));
  }
  const RunPlan plan = plan_run(merged.scenario, options);
  merged.run = empty_result(merged.scenario, plan);
  merged.info.start_time = headers.front().info.start_time;
  merged.info.end_time = headers.front().info.end_time;
  for (const PartialHeader& h : headers) {
    const RunResult part = read_partial_run(h, merged.scenario);
    append(merged.run, part);
    merged.run.wall_seconds += part.wall_seconds;
    merged.info.start_time = std::min(merged.info.start_time, h.info.start_time);
    merged.info.end_time = std::max(merged.info.end_time, h.info.end_time);
  }
  return merged;
}

}  // namespace cyres
