#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/generate/scenario_generator.hpp"

namespace cyres::cli {

Command add_generate_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "generate", "Write a synthetic scenario (YAML + asset and link tables) of any size");
  struct Arguments {
    std::string outdir;
    std::string format = "auto";
    generate::GeneratorOptions options;
    ForceFlag force;
  };
  auto args = std::make_shared<Arguments>();
  command->add_option("outdir", args->outdir, "Folder to write scenario.yaml and its tables to")
      ->required();
  command->add_option("--assets", args->options.assets, "Number of assets (1000 .. 10000000)")
      ->required();
  command->add_option("--seed", args->options.seed, "Seed of the structure")->capture_default_str();
  command
      ->add_option("--format", args->format,
                   "Table format: csv, hdf5, or auto (CSV up to 100000 assets)")
      ->check(CLI::IsMember({"auto", "csv", "hdf5"}))
      ->capture_default_str();
  command->add_option("--trials", args->options.trials, "simulation.trials in the scenario")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--mean-degree", args->options.mean_degree, "Links per asset (4 .. 100)")
      ->capture_default_str();
  args->force.add_to(*command);
  return [args] {
    args->options.format = args->format == "csv"    ? generate::TableFormat::csv
                           : args->format == "hdf5" ? generate::TableFormat::hdf5
                                                    : generate::TableFormat::automatic;
    args->options.replace = args->force.replace();
    const auto start = std::chrono::steady_clock::now();
    const generate::GeneratedScenario g = generate::generate_scenario(args->outdir, args->options);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    fmt::print(
        "{}: {} assets, {} links ({:.2f} per asset), {} regions, {} organisations, {} "
        "tables; generated in {:.2f} s\n",
        g.yaml_path, g.assets, g.links,
        static_cast<double>(g.links) / static_cast<double>(g.assets), g.regions, g.organisations,
        g.format == generate::TableFormat::csv ? "CSV" : "HDF5", took.count());
    return 0;
  };
}

}  // namespace cyres::cli
