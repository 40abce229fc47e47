#pragma once
// A sweep file (docs/cli.md, "cyres sweep"): a base scenario, values of any
// `--set` paths as a grid, a list of points or a Latin hypercube, crossed with
// policies. Every point runs the same trials with the same seed, so trial k
// sees the same random numbers at every point (common random numbers across
// points) as it does across policies. Reading the file checks its structure;
// what a value means is checked when each point's scenario is loaded, and
// errors there are reported at the value's place in the sweep file
// (locate_point_error).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/error.hpp"

namespace cyres {

enum class SweepDesign { grid, list, latin_hypercube };

//! "grid", "list", "latin_hypercube".
const char* sweep_design_name(SweepDesign design);

struct SweepParameter {
  std::string path;      //!< the `--set` path, e.g. "organisations.varnia-csirt.teams"
  SourceLocation where;  //!< the path's place in the sweep file
  bool numeric = true;   //!< every value of it is a number (a float64 column; else strings)
};

struct SweepPoint {
  std::vector<std::string> values;    //!< per parameter: the value as YAML text
  std::vector<SourceLocation> where;  //!< per parameter: where the value comes from
};

struct SweepPlan {
  std::string file;           //!< the sweep file as given
  std::string text;           //!< its text, kept in the output
  std::string scenario_path;  //!< resolved against the sweep file's folder, or "embedded:NAME"
  std::vector<std::string> base_overrides;  //!< `set:` PATH=VALUE applied at every point
  std::optional<std::uint64_t> trials;      //!< per point and policy
  std::optional<std::uint64_t> seed;        //!< the same at every point
  std::vector<std::string> policies;        //!< empty = all of the scenario; first = baseline
  SweepDesign design = SweepDesign::grid;
  std::uint64_t sample_seed = 0;  //!< Latin hypercube draws
  std::vector<SweepParameter> parameters;
  std::vector<SweepPoint> points;
  std::string point_results;  //!< folder for each point's full results file; "" = none

  //! The overrides of point k: the base ones, trials and seed, then the point's values.
  std::vector<std::string> overrides(std::size_t point) const;
};

//! Reads and checks a sweep file. InputError located in it for anything
//! malformed: unknown keys (with a suggestion), missing or mistyped values,
//! empty parameter lists, rows of the wrong length, min > max.
SweepPlan read_sweep_file(const std::string& path, const std::string& default_scenario);

//! An error loading point k's scenario, moved to the place in the sweep file
//! that caused it: the parameter's path for an unknown key, the value
//! otherwise; errors of the base scenario itself are returned unchanged.
//! The message keeps what the loader said.
[[noreturn]] void rethrow_located(const SweepPlan& plan, std::size_t point,
                                  const InputError& error);

}  // namespace cyres
