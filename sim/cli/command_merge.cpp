// `cyres merge SHARDS... -o FILE`: joins the shards of a run (`cyres run
// --trial-range A:B`, e.g. one per job of a job array) into the results file
// one run over all trials writes, after checking that they belong together.

#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/cli/run_session.hpp"
#include "sim/cli/summary_table.hpp"
#include "sim/core/output_path.hpp"
#include "sim/output/partial_file.hpp"
#include "sim/output/results_file.hpp"

namespace cyres::cli {
namespace {

struct MergeArguments {
  std::vector<std::string> shards;
  std::string output = "results.h5";
  std::string scenario;
  ForceFlag force;
};

int merge(const MergeArguments& args, const std::string& command_line) {
  std::vector<std::string> inputs = args.shards;
  inputs.push_back(args.scenario);
  // Before the work, never over a shard.
  check_output_path(args.output, inputs, args.force.replace());
  MergedShards merged = merge_shards(args.shards, args.scenario);
  merged.info.command_line = command_line;
  write_results_file(args.output, merged.scenario, merged.run, merged.info);
  fmt::print("{}\n", summary_table(merged.run));
  fmt::print("{} shards, trials 0:{} x {} policies; results in {}\n", args.shards.size(),
             merged.run.trials, merged.run.policies.size(), args.output);
  return 0;
}

}  // namespace

Command add_merge_command(CLI::App& app, const std::string& command_line) {
  auto* command = app.add_subcommand(
      "merge", "Join the shards of a run (cyres run --trial-range) into one results file");
  auto args = std::make_shared<MergeArguments>();
  command->add_option("shards", args->shards, "Shard files, in any order")->required();
  command->add_option("-o,--output", args->output, "HDF5 results file")->capture_default_str();
  command->add_option("--scenario", args->scenario,
                      "Scenario file, if it is no longer where the shards were run from");
  args->force.add_to(*command);
  return [args, command_line] { return merge(*args, command_line); };
}

}  // namespace cyres::cli
