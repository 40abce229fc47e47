#pragma once
// The subcommands of `cyres`. Each registers its options on the CLI11 app and
// returns the function that runs it; main() maps errors to exit codes:
// 0 success, 1 internal error, 2 bad input, 3 output could not be written,
// 4 out of memory.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/output_path.hpp"
#include "sim/runner/communicator.hpp"
#include "sim/scenario/loader.hpp"

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

//! What `run` loads besides the scenario and its --set values: --policy,
//! --trials, --seed and --max-memory. `validate` takes them too, so that it
//! refuses whatever `run` would refuse before simulating.
struct RunSelection {
  std::vector<std::string> policies;
  std::optional<std::uint64_t> trials;
  std::optional<std::uint64_t> seed;
  std::string max_memory;  //!< "8GiB", "512M", bytes; "" = the default limit
  void add_to(CLI::App& command);
  //! The overrides of `scenario`, then --trials and --seed as overrides
  //! (validated like the file), the policies named and the memory limit.
  LoadOptions load_options(const ScenarioArguments& scenario) const;
};

//! --force: an existing output (a results file, a scenario folder's files)
//! may be replaced. Inputs of the command and nodes that are not regular
//! files never are (docs/reliability.md, "Output").
struct ForceFlag {
  bool force = false;
  void add_to(CLI::App& command);
  Replace replace() const { return force ? Replace::allow : Replace::refuse; }
};

//! A size such as "8GiB", "8G", "512MiB", "1.5T" or "1000000" (bytes): K, M, G
//! and T count powers of 1024. ValueError located at `option` otherwise.
double parse_memory_size(const std::string& text, const std::string& option);

//! A CLI11 check that its text is an unsigned 64-bit integer (no sign, at most
//! 2^64 - 1): CLI11 itself reads "-1" and 2^64 as 2^64 - 1.
CLI::Validator unsigned_64_check();
//! A CLI11 check that its text is a finite number in [low, high] (NaN passes
//! CLI::Range).
CLI::Validator finite_range_check(double low, double high);

}  // namespace cyres::cli
