// `cyres plot RESULTS.h5 [KIND ...] -o DIR`: figures (PNG and SVG) from a
// results file, drawn by scripts/cyres_plot.py with matplotlib; each kind is
// also a function of that module (docs/analysis.md).

#include <memory>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/cli/python_scripts.hpp"

namespace cyres::cli {
namespace {

struct PlotArguments {
  std::string file;
  std::vector<std::string> kinds;
  std::string output = "plots";
  std::string iim;
  std::vector<std::string> formats;
  bool list = false;
};

}  // namespace

Command add_plot_command(CLI::App& app) {
  auto* command =
      app.add_subcommand("plot", "Draw figures (PNG and SVG) from a results file with matplotlib");
  auto args = std::make_shared<PlotArguments>();
  command->add_option("file", args->file, "HDF5 results file written by `cyres run`")->required();
  command->add_option("kinds", args->kinds,
                      "Figures to draw (default: every kind whose data the file holds; "
                      "--list names them)");
  command->add_option("-o,--output", args->output, "Folder for the figures")->capture_default_str();
  command->add_option("--iim", args->iim, "IIM file written by `cyres iim -o` (IIM figures)");
  command->add_option("--format", args->formats, "Image formats (default: png,svg)")
      ->delimiter(',');
  command->add_flag("--list", args->list, "List the figure kinds and exit");
  return [args] {
    // Figures are drawn again over their earlier selves; the folder must be one.
    if (!args->list) check_output_folder(args->output, {}, Replace::allow);
    std::vector<std::string> argv = {args->file};
    argv.insert(argv.end(), args->kinds.begin(), args->kinds.end());
    argv.insert(argv.end(), {"-o", args->output});
    if (!args->iim.empty()) argv.insert(argv.end(), {"--iim", args->iim});
    for (const std::string& f : args->formats) argv.insert(argv.end(), {"--format", f});
    if (args->list) argv.emplace_back("--list");
    return run_python_script("cyres_plot.py", argv);
  };
}

}  // namespace cyres::cli
