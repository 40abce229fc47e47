#include <fmt/format.h>

#include <cmath>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/value_parse.hpp"

namespace cyres::cli {

void ScenarioArguments::add_to(CLI::App& command) {
  command.add_option("scenario", path,
                     "Scenario YAML file (default: the embedded default scenario)");
  command
      .add_option("--set", overrides,
                  "Override a scenario value, e.g. --set simulation.trials=200 "
                  "(validated like the file; repeatable)")
      ->type_name("PATH=VALUE");
}

std::string ScenarioArguments::resolved_path() const {
  return path.empty() ? default_scenario_path() : path;
}

void ForceFlag::add_to(CLI::App& command) {
  command.add_flag("--force", force,
                   "Replace existing output files (never an input of the command or a file that "
                   "is not a regular file)");
}

void RunSelection::add_to(CLI::App& command) {
  command.add_option("--trials", trials, "Trials per policy (overrides simulation.trials)")
      ->check(CLI::PositiveNumber);
  command.add_option("--seed", seed, "Random seed (overrides simulation.seed)")
      ->check(unsigned_64_check());
  command.add_option("--policy", policies, "Policies to simulate (default: all)")->delimiter(',');
  command
      .add_option("--max-memory", max_memory,
                  "Limit of the memory guard for the per-trial tables of all policies, e.g. 16GiB "
                  "(default 8GiB)")
      ->type_name("SIZE");
}

LoadOptions RunSelection::load_options(const ScenarioArguments& scenario) const {
  LoadOptions options{scenario.overrides};
  options.policies = policies;
  options.policies_to_run = policies.size();  // the memory guard counts what runs
  if (!max_memory.empty()) options.max_memory_bytes = parse_memory_size(max_memory, "--max-memory");
  // --trials and --seed are shorthands for overrides, validated like the file.
  if (trials) options.overrides.push_back(fmt::format("simulation.trials={}", *trials));
  if (seed) options.overrides.push_back(fmt::format("simulation.seed={}", *seed));
  return options;
}

double parse_memory_size(const std::string& text, const std::string& option) {
  static constexpr std::string_view UNITS = "KMGT";
  std::string_view number = text;
  double scale = 1.0;
  for (const std::string_view suffix : {"iB", "B", ""}) {
    if (number.size() <= suffix.size() || !number.ends_with(suffix)) continue;
    const std::string_view rest = number.substr(0, number.size() - suffix.size());
    const std::size_t unit =
        UNITS.find(static_cast<char>(std::toupper(static_cast<unsigned char>(rest.back()))));
    if (unit != std::string_view::npos) {
      number = rest.substr(0, rest.size() - 1);
      scale = std::ldexp(1.0, 10 * static_cast<int>(unit + 1));
      break;
    }
    if (suffix == "B") number = rest;  // plain bytes, "1000000B"
    if (!suffix.empty()) break;
  }
  const Parsed<double> value = parse_number(number, NumberRule::above(0.0));
  const double bytes = value.value * scale;
  if (!value.ok() || !std::isfinite(bytes)) {
    throw ValueError({option}, fmt::format("value '{}' is not a memory size; expected a number "
                                           "> 0 of bytes, optionally followed by K, M, G or T "
                                           "(KiB, MiB, GiB, TiB), e.g. 16GiB",
                                           text));
  }
  return bytes;
}

CLI::Validator unsigned_64_check() {
  return CLI::Validator(
      [](std::string& text) {
        const Parsed<std::uint64_t> value = parse_unsigned(text);
        return value.ok() ? std::string() : value.problem;
      },
      "UINT64");
}

CLI::Validator finite_range_check(double low, double high) {
  return CLI::Validator(
      [low, high](std::string& text) {
        const Parsed<double> value = parse_number(text, {low, high, false, false, "a number"});
        return value.ok() ? std::string() : value.problem;
      },
      fmt::format("FLOAT in [{} - {}]", low, high));
}

}  // namespace cyres::cli
