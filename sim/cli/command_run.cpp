// `cyres run`: one run of a scenario's policies on common random numbers, in
// one process or over MPI ranks (rank 0 writes), optionally a trial range of
// a larger run (a shard, joined by `cyres merge`), with checkpoints and resume.

#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/run_session.hpp"
#include "sim/cli/summary_table.hpp"
#include "sim/core/error.hpp"
#include "sim/core/output_path.hpp"
#include "sim/output/partial_file.hpp"
#include "sim/output/results_file.hpp"
#include "sim/runner/run_driver.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres::cli {
namespace {

//! Trials per block when nothing else sets it: what an interruption without
//! --checkpoint-trials can lose at most, per process.
constexpr std::uint64_t DEFAULT_BLOCK_TRIALS = 1000;

struct RunArguments {
  ScenarioArguments scenario;
  RunSelection selection;  //!< --policy, --trials, --seed, --max-memory
  std::string output = "results.h5";
  int threads = 0;
  double target_ci = 0.0;
  std::string target_on = "own";
  std::string trial_range;
  std::string checkpoint;
  std::uint64_t checkpoint_trials = 0;
  double checkpoint_seconds = 60.0;
  std::string resume;
  ForceFlag force;
  CLI::Option* output_option = nullptr;  //!< to tell an explicit -o from the default
};

//! "A:B" with A < B, as trials [A, B).
std::pair<std::uint64_t, std::uint64_t> parse_range(const std::string& text) {
  const std::size_t colon = text.find(':');
  const auto fail = [&] {
    throw ValueError({"--trial-range", 0, 0},
                     fmt::format("'{}' is not a trial range; expected A:B with 0 <= A < B, the "
                                 "trials A, A+1, ..., B-1",
                                 text));
  };
  if (colon == std::string::npos) fail();
  const std::string a = text.substr(0, colon);
  const std::string b = text.substr(colon + 1);
  const auto digits = [](const std::string& s) {
    return !s.empty() && s.size() <= 19 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!digits(a) || !digits(b)) fail();
  const std::uint64_t begin = std::stoull(a);
  const std::uint64_t end = std::stoull(b);
  if (begin >= end) fail();
  return {begin, end};
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

std::string recorded_scenario_path(const std::string& path) {
  if (path.starts_with("embedded:")) return path;
  return std::filesystem::absolute(path).lexically_normal().string();
}

//! The request of a fresh run, from its arguments and loaded scenario.
RunRequest fresh_request(const RunArguments& args, const Scenario& scenario,
                         const std::vector<std::string>& overrides) {
  RunRequest r;
  r.scenario_path = recorded_scenario_path(args.scenario.resolved_path());
  r.overrides = overrides;
  for (const std::size_t p : select_policies(scenario, args.selection.policies)) {
    r.policies.push_back(scenario.policies[p].name);
  }
  if (r.policies.empty()) {
    for (const Policy& p : scenario.policies) r.policies.push_back(p.name);
  }
  r.trials_total = scenario.settings.trials;
  r.range_begin = 0;
  r.range_end = r.trials_total;
  if (!args.trial_range.empty()) {
    const auto [begin, end] = parse_range(args.trial_range);
    if (end > r.trials_total) {
      throw ValueError({"--trial-range", 0, 0},
                       fmt::format("trials {}:{} reach beyond the run's {} trials (--trials or "
                                   "simulation.trials)",
                                   begin, end, r.trials_total));
    }
    if (args.target_ci > 0.0) {
      throw ValueError({"--trial-range", 0, 0},
                       "--target-ci cannot be used with --trial-range: one shard cannot tell when "
                       "the whole run is precise enough; run the stop rule over MPI ranks instead");
    }
    r.range_begin = begin;
    r.range_end = end;
    r.shard = true;
  }
  r.target_relative_ci = args.target_ci;
  r.stop_target =
      args.target_on == "difference" ? StopTarget::paired_difference : StopTarget::own_mean;
  r.output = args.output;
  r.checkpoint = args.checkpoint;
  r.checkpoint_trials = args.checkpoint_trials;
  r.checkpoint_seconds = args.checkpoint_seconds;
  return r;
}

RunOptions options_for(const Scenario& scenario, const RunRequest& request, int ranks) {
  RunOptions options;
  options.policies = select_policies(scenario, request.policies);
  options.first_trial = request.range_begin;
  options.trials = request.range_end - request.range_begin;
  options.target_relative_ci = request.target_relative_ci;
  options.stop_target = request.stop_target;
  options.stop_block = request.stop_block;
  const auto r = static_cast<std::uint64_t>(ranks);
  // Blocks: one per rank per round. With a checkpoint every N trials, a round
  // holds about N; otherwise each rank gets an equal share, at most a default.
  options.block_trials = request.checkpoint_trials > 0
                             ? std::max<std::uint64_t>(1, (request.checkpoint_trials + r - 1) / r)
                             : std::min(DEFAULT_BLOCK_TRIALS, (options.trials + r - 1) / r);
  return options;
}

std::string default_checkpoint_path(const std::string& output) {
  return output + ".checkpoint.h5";
}

struct Prepared {
  Scenario scenario;
  RunRequest request;
  RunInfo info;
  RunResult resumed;  //!< at rank 0 when resuming
  std::string resumed_from;
};

Prepared prepare(const RunArguments& args, const std::string& command_line,
                 const Communicator& communicator) {
  Prepared p;
  if (!args.resume.empty()) {
    const PartialHeader header = read_partial_header(args.resume);
    if (header.kind != PartialKind::checkpoint) {
      throw ValueError({args.resume, 0, 0},
                       "is a shard, not a checkpoint: shards are finished; join them with "
                       "`cyres merge`");
    }
    p.scenario = load_partial_scenario(header, args.scenario.path);
    p.request = header.request;
    if (args.output_option->count() > 0) p.request.output = args.output;
    p.request.checkpoint = args.resume;
    // The result is the original run's: its command line and start.
    p.info = header.info;
    if (communicator.is_writer()) p.resumed = read_partial_run(header, p.scenario);
    p.resumed_from = args.resume;
    return p;
  }
  const LoadOptions load_options = args.selection.load_options(args.scenario);
  p.scenario = load_scenario(args.scenario.resolved_path(), load_options);
  p.request = fresh_request(args, p.scenario, load_options.overrides);
  p.info.command_line = command_line;
  p.info.start_time = utc_now();
  return p;
}

int run(const RunArguments& args, const std::string& command_line, Communicator& communicator) {
  if (!args.resume.empty() &&
      (args.selection.trials || args.selection.seed || !args.selection.policies.empty() ||
       !args.selection.max_memory.empty() || args.target_ci > 0.0 || !args.trial_range.empty() ||
       !args.scenario.overrides.empty() || !args.checkpoint.empty())) {
    throw ValueError({"--resume", 0, 0},
                     "a resumed run takes its scenario, trials, seed, policies, stop rule and "
                     "checkpoint from the checkpoint file; give only --threads, -o and, if the "
                     "scenario moved, its path");
  }
  // Before loading, so that a signal while the scenario loads stops the run
  // as soon as it starts (a checkpoint of no trials) instead of killing it.
  InterruptGuard interrupt;
  Prepared p = prepare(args, command_line, communicator);
  const RunRequest& request = p.request;
  // Before simulating: a run is never lost to an output it could not write,
  // and never writes over one of its own inputs or a device.
  const std::vector<std::string> scenario_files = {
      p.scenario.source.root_path, p.scenario.source.assets_path, p.scenario.source.links_path};
  std::vector<std::string> inputs = scenario_files;
  inputs.push_back(p.resumed_from);
  check_output_path(request.output, inputs, args.force.replace());
  const RunOptions options = options_for(p.scenario, request, communicator.size());
  const RunPlan plan = plan_run(p.scenario, options);
  const bool writer = communicator.is_writer();

  ThreadControl threads(args.threads);
  std::atomic<std::uint64_t> done{0};
  DriveControl control;
  control.interrupt = &interrupt.flag();
  control.progress = &done;
  const std::string checkpoint_path =
      request.checkpoint.empty() ? default_checkpoint_path(request.output) : request.checkpoint;
  const auto write_checkpoint = [&](const RunResult& so_far) {
    RunInfo info = p.info;
    info.end_time = utc_now();
    write_partial_file(checkpoint_path, PartialKind::checkpoint, p.scenario, so_far, info, request);
  };
  // A resumed run goes on writing checkpoints to the file it resumed from; a
  // fresh run never replaces the checkpoint of an interrupted one unasked.
  if (p.resumed_from.empty() && !args.force.force && std::filesystem::exists(checkpoint_path)) {
    throw OutputError(fmt::format(
        "cannot write '{}': a checkpoint of an earlier run is there; resume it with `cyres run "
        "--resume {}`, or pass --force to replace it",
        checkpoint_path, checkpoint_path));
  }
  check_output_path(checkpoint_path, scenario_files, Replace::allow);
  if (!request.checkpoint.empty()) {
    control.checkpoint = write_checkpoint;
    control.checkpoint_trials = request.checkpoint_trials;
    control.checkpoint_seconds = request.checkpoint_seconds;
  }

  DriveOutcome outcome;
  {
    const std::uint64_t already = p.resumed.trials;
    std::optional<ProgressBar> bar;
    if (communicator.size() == 1) {
      bar.emplace(done, (plan.trials() - already) * plan.policies.size());
    }
    outcome = threads.run(
        [&] { return drive(p.scenario, plan, communicator, std::move(p.resumed), control); });
  }
  if (!writer) return outcome.interrupted ? 128 + interrupt.signal() : 0;
  RunResult& result = outcome.result;

  if (outcome.interrupted) {
    write_checkpoint(result);
    fmt::print(stderr,
               "interrupted after {} of {} trials; checkpoint written to {}\n"
               "resume with: cyres run --resume {}\n",
               result.trials, plan.trials(), checkpoint_path, checkpoint_path);
    return 128 + (interrupt.signal() > 0 ? interrupt.signal() : SIGINT);
  }

  RunInfo info = p.info;
  info.end_time = utc_now();
  if (request.shard) {
    write_partial_file(request.output, PartialKind::shard, p.scenario, result, info, request);
  } else {
    write_results_file(request.output, p.scenario, result, info);
  }
  // The checkpoint has served its purpose once the results are safe.
  if (!request.checkpoint.empty()) std::remove(request.checkpoint.c_str());

  fmt::print("{}\n", summary_table(result));
  const double trials_run = static_cast<double>(result.trials * result.policies.size());
  if (request.target_relative_ci > 0.0) {
    fmt::print(
        "stop rule: target relative CI half-width {} of {} {} after {} of at most {} "
        "trials\n",
        request.target_relative_ci,
        request.stop_target == StopTarget::own_mean ? "each policy's mean loss"
                                                    : "each paired difference to the baseline",
        result.target_reached ? "reached" : "not reached", result.trials, result.trials_requested);
  }
  fmt::print("{} trials x {} policies in {:.2f} s ({:.0f} trials/s{}); {} in {}\n", result.trials,
             result.policies.size(), result.wall_seconds, trials_run / result.wall_seconds,
             communicator.size() > 1 ? fmt::format(", {} ranks", communicator.size()) : "",
             request.shard
                 ? fmt::format("shard of trials {}:{}", request.range_begin, request.range_end)
                 : "results",
             request.output);
  return 0;
}

}  // namespace

Command add_run_command(CLI::App& app, const std::string& command_line,
                        Communicator& communicator) {
  auto* command = app.add_subcommand("run", "Run the Monte Carlo simulation of a scenario");
  auto args = std::make_shared<RunArguments>();
  args->scenario.add_to(*command);
  args->output_option =
      command->add_option("-o,--output", args->output, "HDF5 results file")->capture_default_str();
  args->selection.add_to(*command);
  args->force.add_to(*command);
  command->add_option("--threads", args->threads, "Worker threads per process (0 = all cores)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command
      ->add_option("--target-ci", args->target_ci,
                   "Stop rule: run blocks of 100 trials until the 95 % CI half-width of what "
                   "--target-on names is below this fraction of its reference mean (or --trials "
                   "are done)")
      ->check(finite_range_check(0.0, 1.0));
  command
      ->add_option("--target-on", args->target_on,
                   "What the stop rule makes precise: 'own' (each policy's mean loss) or "
                   "'difference' (each policy's paired difference of loss to the baseline, "
                   "relative to the baseline's mean loss)")
      ->check(CLI::IsMember({"own", "difference"}))
      ->capture_default_str();
  command
      ->add_option("--trial-range", args->trial_range,
                   "Run only trials A..B-1 of the run and write a shard (join shards with "
                   "`cyres merge`)")
      ->type_name("A:B");
  command->add_option("--checkpoint", args->checkpoint,
                      "Write a checkpoint to FILE as the run goes (see --checkpoint-trials, "
                      "--checkpoint-seconds); resume it with --resume FILE");
  command
      ->add_option("--checkpoint-trials", args->checkpoint_trials,
                   "Checkpoint after every N more trials (0 = by time only)")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--checkpoint-seconds", args->checkpoint_seconds,
                   "Checkpoint after every S seconds (0 = by trials only)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command->add_option("--resume", args->resume,
                      "Go on with the run a checkpoint FILE holds (written by --checkpoint or "
                      "on interruption); the result equals an uninterrupted run");
  return [args, command_line, &communicator] { return run(*args, command_line, communicator); };
}

}  // namespace cyres::cli
