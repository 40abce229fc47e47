#pragma once
// The subcommands of `cyres`. Each registers its options on the CLI11 app and
// returns the function that runs it; main() maps errors to exit codes:
// 0 success, 1 internal error, 2 bad input, 3 output could not be written.

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "sim/runner/communicator.hpp"

namespace cyres::cli {

using Command = std::function<int()>;

//! `run` and `sweep` run over the processes of `communicator` (rank 0 writes).
Command add_run_command(CLI::App& app, const std::string& command_line, Communicator& communicator);
Command add_sweep_command(CLI::App& app, const std::string& command_line,
                          Communicator& communicator);
Command add_merge_command(CLI::App& app, const std::string& command_line);
Command add_validate_command(CLI::App& app);
Command add_info_command(CLI::App& app);
Command add_compare_command(CLI::App& app);
Command add_generate_command(CLI::App& app);
Command add_iim_command(CLI::App& app, const std::string& command_line);
Command add_plot_command(CLI::App& app);
Command add_report_command(CLI::App& app);

//! Common scenario options: the scenario path (default: the embedded one) and --set.
struct ScenarioArguments {
  std::string path;
  std::vector<std::string> overrides;
  void add_to(CLI::App& command);
  std::string resolved_path() const;
};

}  // namespace cyres::cli
