// cyres: command-line entry point.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <optional>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/core/pending_output.hpp"
#include "sim/core/text.hpp"
#include "sim/runner/communicator.hpp"
#include "sim/scenario/loader.hpp"

namespace {

std::string joined_command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) line += ' ';
    line += argv[i];
  }
  return line;
}

//! Reports an error and returns its exit code; under MPI with several ranks,
//! ends them all, since the others may be waiting for this one.
int fail(cyres::Communicator& communicator, const char* kind, const char* what, int code) {
  if (communicator.size() == 1 || communicator.is_writer() || code == 1) {
    fmt::print(stderr, "{}: {}\n", kind, what);
  }
  std::fflush(stderr);
  if (communicator.size() > 1) communicator.abort(code);
  return code;
}

}  // namespace

// What can escape main is out of memory while the command line is set up, or
// stderr failing while an error is reported: std::terminate is the right end.
// NOLINTNEXTLINE(bugprone-exception-escape)
int main(int argc, char** argv) {
  // MPI first (when launched by mpirun), before anything reads the arguments.
  std::optional<cyres::ProcessGroup> processes;
  try {
    processes.emplace(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
  cyres::Communicator& communicator = processes->communicator();
  // A signal or a file-size limit never leaves a temporary output behind.
  cyres::install_output_cleanup();
  CLI::App app{"cyres: critical-infrastructure cyber resilience simulator"};
  app.set_version_flag("--version",
                       fmt::format("cyres {} ({}{})", CYRES_VERSION, CYRES_GIT_REVISION,
                                   cyres::built_with_mpi() ? ", with MPI" : ""));
  app.require_subcommand(1);
  const std::string command_line = joined_command_line(argc, argv);
  const auto run = cyres::cli::add_run_command(app, command_line, communicator);
  const auto merge = cyres::cli::add_merge_command(app, command_line);
  const auto sweep = cyres::cli::add_sweep_command(app, command_line, communicator);
  const auto validate = cyres::cli::add_validate_command(app);
  const auto info = cyres::cli::add_info_command(app);
  const auto compare = cyres::cli::add_compare_command(app);
  const auto generate = cyres::cli::add_generate_command(app);
  const auto iim = cyres::cli::add_iim_command(app, joined_command_line(argc, argv));
  const auto plot = cyres::cli::add_plot_command(app);
  const auto report = cyres::cli::add_report_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version print and succeed; a bad option is one line, as
    // every other error (CLI11 adds a second, "Run with --help ...").
    if (e.get_exit_code() == 0) return app.exit(e);
    fmt::print(stderr, "error: {}\n", cyres::escape_control(e.what()));
    return 2;
  }
  try {
    if (app.got_subcommand("run")) return run();
    if (app.got_subcommand("validate")) return validate();
    if (app.got_subcommand("info")) return info();
    if (app.got_subcommand("compare")) return compare();
    if (app.got_subcommand("generate")) return generate();
    if (app.got_subcommand("iim")) return iim();
    if (app.got_subcommand("plot")) return plot();
    if (app.got_subcommand("report")) return report();
    if (app.got_subcommand("merge")) return merge();
    if (app.got_subcommand("sweep")) return sweep();
  } catch (const cyres::InputError& e) {
    return fail(communicator, "error", e.what(), 2);
  } catch (const cyres::OutputError& e) {
    const int code = fail(communicator, "error", cyres::escape_control(e.what()).c_str(), 3);
    // libhdf5 1.10 leaves a file whose close failed (a full disk) half-closed
    // and crashes on it in its exit handler, which closes every file still
    // open (SIGSEGV, exit 139). Nothing is left to write: end without exit
    // handlers (docs/reliability.md, "Output").
    processes.reset();
    std::fflush(nullptr);
    std::_Exit(code);
  } catch (const std::bad_alloc&) {
    return fail(communicator, "error",
                "out of memory: this command needs more memory than the machine gives it; "
                "reduce trials, horizon, policies, assets or threads (the memory guard's limit "
                "is --max-memory)",
                4);
  } catch (const std::exception& e) {
    return fail(communicator, "internal error", cyres::escape_control(e.what()).c_str(), 1);
  }
  return 1;
}
