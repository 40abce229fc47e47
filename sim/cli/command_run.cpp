#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <memory>
#include <optional>
#include <sstream>

#include "sim/cli/commands.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/summary_table.hpp"
#include "sim/core/error.hpp"
#include "sim/output/results_file.hpp"
#include "sim/runner/monte_carlo.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres::cli {
namespace {

struct RunArguments {
  ScenarioArguments scenario;
  std::string output = "results.h5";
  std::optional<std::uint64_t> trials;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::vector<std::string> policies;
  double target_ci = 0.0;
};

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// --policy names resolved to indices, in the order given.
std::vector<std::size_t> select_policies(const Scenario& scenario,
                                         const std::vector<std::string>& names) {
  std::vector<std::size_t> selected;
  for (const std::string& name : names) {
    const int index = scenario.find_policy(name);
    if (index < 0) {
      std::string known;
      for (const Policy& p : scenario.policies) known += (known.empty() ? "" : ", ") + p.name;
      throw ReferenceError({"--policy"},
                           fmt::format("unknown policy '{}'; expected one of: {}", name, known));
    }
    selected.push_back(static_cast<std::size_t>(index));
  }
  return selected;
}

int run(const RunArguments& args, const std::string& command_line) {
  const std::string start_time = utc_now();
  LoadOptions load_options{args.scenario.overrides};
  load_options.policies_to_run = args.policies.size();  // the memory guard counts what runs
  // --trials and --seed are shorthands for overrides, validated like the file.
  if (args.trials)
    load_options.overrides.push_back(fmt::format("simulation.trials={}", *args.trials));
  if (args.seed) load_options.overrides.push_back(fmt::format("simulation.seed={}", *args.seed));
  const Scenario scenario = load_scenario(args.scenario.resolved_path(), load_options);

  RunOptions options;
  options.policies = select_policies(scenario, args.policies);
  options.threads = args.threads;
  options.target_relative_ci = args.target_ci;
  std::atomic<std::uint64_t> done{0};
  options.progress = &done;
  const std::size_t policy_count =
      options.policies.empty() ? scenario.policies.size() : options.policies.size();

  RunResult result;
  {
    ProgressBar bar(done, scenario.settings.trials * policy_count);
    result = run_monte_carlo(scenario, options);
  }
  write_results_file(args.output, scenario, result, {command_line, start_time, utc_now()});

  fmt::print("{}\n", summary_table(result));
  const double trials_run = static_cast<double>(result.trials * result.policies.size());
  if (args.target_ci > 0.0) {
    fmt::print("stop rule: target relative CI half-width {} {} after {} of at most {} trials\n",
               args.target_ci, result.target_reached ? "reached" : "not reached", result.trials,
               result.trials_requested);
  }
  fmt::print("{} trials x {} policies in {:.2f} s ({:.0f} trials/s); results in {}\n",
             result.trials, result.policies.size(), result.wall_seconds,
             trials_run / result.wall_seconds, args.output);
  return 0;
}

}  // namespace

Command add_run_command(CLI::App& app, const std::string& command_line) {
  auto* command = app.add_subcommand("run", "Run the Monte Carlo simulation of a scenario");
  auto args = std::make_shared<RunArguments>();
  args->scenario.add_to(*command);
  command->add_option("-o,--output", args->output, "HDF5 results file")->capture_default_str();
  command->add_option("--trials", args->trials, "Trials per policy (overrides simulation.trials)")
      ->check(CLI::PositiveNumber);
  command->add_option("--seed", args->seed, "Random seed (overrides simulation.seed)");
  command->add_option("--threads", args->threads, "Worker threads (0 = all cores)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command->add_option("--policy", args->policies, "Policies to simulate (default: all)")
      ->delimiter(',');
  command
      ->add_option("--target-ci", args->target_ci,
                   "Stop rule: run blocks of 100 trials until the 95 % CI half-width of every "
                   "policy's mean loss is below this fraction of the mean (or --trials are done)")
      ->check(CLI::Range(0.0, 1.0));
  return [args, command_line] { return run(*args, command_line); };
}

}  // namespace cyres::cli
