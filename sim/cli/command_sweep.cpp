// `cyres sweep SWEEP.yaml`: runs a base scenario at every point of a grid, a
// list or a Latin hypercube of `--set` values, each point over the same trials
// and seed (common random numbers across points and policies), and writes the
// /sweep table: per point, each metric's mean and 95 % CI per policy and the
// paired difference to the baseline. Under mpirun every point's trials are
// shared out over the ranks; rank 0 writes.

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/cli/run_session.hpp"
#include "sim/core/error.hpp"
#include "sim/output/results_file.hpp"
#include "sim/output/sweep_file.hpp"
#include "sim/runner/run_driver.hpp"
#include "sim/runner/sweep_plan.hpp"
#include "sim/runner/trial_table.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_hash.hpp"

namespace cyres::cli {
namespace {

constexpr std::uint64_t DEFAULT_BLOCK_TRIALS = 1000;

struct SweepArguments {
  std::string file;
  std::string output = "sweep.h5";
  int threads = 0;
  ForceFlag force;
};

Scenario load_point(const SweepPlan& plan, std::size_t k, std::size_t policies_to_run) {
  LoadOptions options;
  options.overrides = plan.overrides(k);
  options.policies_to_run = policies_to_run;
  try {
    return load_scenario(plan.scenario_path, options);
  } catch (const InputError& error) {
    rethrow_located(plan, k, error);
  }
}

std::vector<std::size_t> policy_indices(const SweepPlan& plan, const Scenario& scenario) {
  std::vector<std::size_t> indices;
  for (const std::string& name : plan.policies) {
    const int index = scenario.find_policy(name);
    if (index < 0) {
      std::vector<std::string> known;
      for (const Policy& p : scenario.policies) known.push_back(p.name);
      throw ReferenceError({plan.file, 0, 0},
                           fmt::format("policies: unknown policy '{}'; the scenario has: {}", name,
                                       fmt::join(known, ", ")));
    }
    indices.push_back(static_cast<std::size_t>(index));
  }
  return indices;
}

//! The file of point k's full results in the sweep's point_results folder.
std::string point_results_name(std::size_t k) {
  return fmt::format("point_{}.h5", k);
}

std::string point_label(const SweepPlan& plan, std::size_t k) {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < plan.parameters.size(); ++i) {
    parts.push_back(fmt::format("{}={}", plan.parameters[i].path, plan.points[k].values[i]));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string point_summary(const Comparison& c) {
  const MetricComparison& loss = c.metric("resilience_loss");
  std::vector<std::string> parts;
  for (std::size_t p = 0; p < c.policy_names.size(); ++p) {
    const PolicyMetricComparison& e = loss.policies[p];
    parts.push_back(p == c.baseline
                        ? fmt::format("{} {:.2f} [{:.2f}, {:.2f}]", c.policy_names[p],
                                      e.summary.mean, e.summary.ci_low, e.summary.ci_high)
                        : fmt::format("{} {:+.2f} [{:+.2f}, {:+.2f}]", c.policy_names[p],
                                      e.difference.mean, e.difference.ci_low,
                                      e.difference.ci_high));
  }
  return fmt::format("loss {}", fmt::join(parts, "; "));
}

int sweep(const SweepArguments& args, const std::string& command_line, Communicator& communicator) {
  const auto start = std::chrono::steady_clock::now();
  RunInfo info{command_line, utc_now(), ""};
  const SweepPlan plan = read_sweep_file(args.file, default_scenario_path());
  const bool writer = communicator.is_writer();

  // Every point is checked before any runs: a bad value is reported at once,
  // at its place in the sweep file.
  std::string hash;
  std::string scenario_name;
  std::vector<std::string> inputs = {plan.file};
  for (std::size_t k = 0; k < plan.points.size(); ++k) {
    const Scenario scenario = load_point(plan, k, plan.policies.size());
    policy_indices(plan, scenario);
    if (k == 0) {
      hash = scenario_hash(scenario.source);
      scenario_name = scenario.name;
      inputs.insert(inputs.end(), {scenario.source.root_path, scenario.source.assets_path,
                                   scenario.source.links_path});
    }
  }
  // And every output, so that no sweep is lost to a path it could not write.
  if (writer) {
    check_output_path(args.output, inputs, args.force.replace());
    if (!plan.point_results.empty()) {
      std::vector<std::string> files;
      for (std::size_t k = 0; k < plan.points.size(); ++k) {
        files.push_back(point_results_name(k));
      }
      check_output_folder(plan.point_results, files, args.force.replace());
      std::error_code error;
      std::filesystem::create_directories(plan.point_results, error);
      if (error) {
        throw OutputError(
            fmt::format("cannot create '{}': {}", plan.point_results, error.message()));
      }
    }
  }

  ThreadControl threads(args.threads);
  InterruptGuard interrupt;
  SweepTable table;
  table.design = sweep_design_name(plan.design);
  table.sweep_file = plan.file;
  table.sweep_text = plan.text;
  table.scenario_name = scenario_name;
  table.scenario_hash = hash;
  for (const SweepParameter& p : plan.parameters) {
    table.parameters.push_back(p.path);
    table.numeric.push_back(p.numeric);
    table.values.emplace_back();
  }
  for (std::size_t k = 0; k < plan.points.size(); ++k) {
    const Scenario scenario = load_point(plan, k, plan.policies.size());
    RunOptions options;
    options.policies = policy_indices(plan, scenario);
    const auto ranks = static_cast<std::uint64_t>(communicator.size());
    options.block_trials =
        std::min(DEFAULT_BLOCK_TRIALS, (scenario.settings.trials + ranks - 1) / ranks);
    const RunPlan run_plan = plan_run(scenario, options);
    DriveControl control;
    control.interrupt = &interrupt.flag();
    DriveOutcome outcome =
        threads.run([&] { return drive(scenario, run_plan, communicator, RunResult{}, control); });
    if (outcome.interrupted) {
      if (writer) {
        fmt::print(stderr, "interrupted at point {} of {}; no sweep file written\n", k,
                   plan.points.size());
      }
      return 128 + (interrupt.signal() > 0 ? interrupt.signal() : SIGINT);
    }
    if (!writer) continue;
    const RunResult& run = outcome.result;
    Comparison comparison =
        compare_policies(run, {.baseline = 0,
                               .confidence_level = 0.95,
                               .catastrophic_service = scenario.settings.catastrophic_service});
    fmt::print("point {}/{}: {}: {}\n", k + 1, plan.points.size(), point_label(plan, k),
               point_summary(comparison));
    if (!plan.point_results.empty()) {
      RunInfo point_info = info;
      point_info.end_time = utc_now();
      write_results_file(
          (std::filesystem::path(plan.point_results) / point_results_name(k)).string(), scenario,
          run, point_info);
    }
    if (k == 0) {
      table.seed = run.seed;
      table.trials = run.trials;
      for (const PolicyResult& p : run.policies) table.policies.push_back(p.policy.name);
    }
    for (std::size_t i = 0; i < plan.parameters.size(); ++i) {
      table.values[i].push_back(plan.points[k].values[i]);
    }
    table.points.push_back(std::move(comparison));
  }
  if (!writer) return 0;
  table.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  info.end_time = utc_now();
  write_sweep_file(args.output, table, info);
  fmt::print(
      "{} points x {} policies x {} trials (common random numbers, seed {}) in {:.1f} s; "
      "sweep table in {}\n",
      plan.points.size(), table.policies.size(), table.trials, table.seed, table.wall_seconds,
      args.output);
  return 0;
}

}  // namespace

Command add_sweep_command(CLI::App& app, const std::string& command_line,
                          Communicator& communicator) {
  auto* command = app.add_subcommand(
      "sweep", "Run a scenario over a grid, list or Latin hypercube of --set values");
  auto args = std::make_shared<SweepArguments>();
  command->add_option("sweep_file", args->file, "Sweep file (YAML; docs/cli.md)")->required();
  command->add_option("-o,--output", args->output, "HDF5 sweep file")->capture_default_str();
  args->force.add_to(*command);
  command->add_option("--threads", args->threads, "Worker threads per process (0 = all cores)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  return [args, command_line, &communicator] { return sweep(*args, command_line, communicator); };
}

}  // namespace cyres::cli
