// cyres: command-line entry point.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
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

}  // namespace

// What can escape main is out of memory while the command line is set up, or
// stderr failing while an error is reported: std::terminate is the right end.
// NOLINTNEXTLINE(bugprone-exception-escape)
int main(int argc, char** argv) {
  CLI::App app{"cyres: critical-infrastructure cyber resilience simulator"};
  app.set_version_flag("--version",
                       fmt::format("cyres {} ({})", CYRES_VERSION, CYRES_GIT_REVISION));
  app.require_subcommand(1);
  const auto run = cyres::cli::add_run_command(app, joined_command_line(argc, argv));
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
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
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
  } catch (const cyres::InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  } catch (const cyres::OutputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 3;
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error: {}\n", e.what());
    return 1;
  }
  return 1;
}
