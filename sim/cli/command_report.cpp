// `cyres report RESULTS.h5 -o report.html`: one self-contained HTML file for
// planners (figures inlined, no network access), written by
// scripts/cyres_report.py (docs/analysis.md).

#include <memory>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/cli/python_scripts.hpp"

namespace cyres::cli {
namespace {

struct ReportArguments {
  std::string file;
  std::string output = "report.html";
  std::string iim;
  ForceFlag force;
};

}  // namespace

Command add_report_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "report", "Write a self-contained HTML report of a results file (works offline)");
  auto args = std::make_shared<ReportArguments>();
  command->add_option("file", args->file, "HDF5 results file written by `cyres run`")->required();
  command->add_option("-o,--output", args->output, "HTML file to write")->capture_default_str();
  command->add_option("--iim", args->iim, "IIM file written by `cyres iim -o` (adds its section)");
  args->force.add_to(*command);
  return [args] {
    check_output_path(args->output, {args->file, args->iim}, args->force.replace());
    std::vector<std::string> argv = {args->file, "-o", args->output};
    if (!args->iim.empty()) argv.insert(argv.end(), {"--iim", args->iim});
    return run_python_script("cyres_report.py", argv);
  };
}

}  // namespace cyres::cli
