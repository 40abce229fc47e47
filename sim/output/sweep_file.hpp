#pragma once
// The output of `cyres sweep` (format "cyres-sweep", layout in
// docs/hdf5-schema.md, "Sweep files"): the /sweep table, one row per point:
// the swept values, then per metric and policy the mean with its 95 % CI and
// the paired difference to the baseline with its CI. Written to a temporary
// name and renamed when complete, like a results file.

#include <string>
#include <vector>

#include "sim/output/results_file.hpp"
#include "sim/stats/comparison.hpp"

namespace cyres {

inline constexpr const char* SWEEP_FORMAT = "cyres-sweep";  //!< root attribute `format`
inline constexpr const char* SWEEP_FORMAT_VERSION = "1.0";  //!< as RESULTS_FORMAT_VERSION

struct SweepTable {
  std::string design;      //!< grid, list or latin_hypercube
  std::string sweep_file;  //!< path of the sweep file as given
  std::string sweep_text;  //!< its text
  std::string scenario_name;
  std::string scenario_hash;                     //!< of the base scenario files
  std::uint64_t seed = 0;                        //!< the same at every point
  std::uint64_t trials = 0;                      //!< per point and policy
  std::vector<std::string> parameters;           //!< --set paths
  std::vector<bool> numeric;                     //!< per parameter: float64 column, else strings
  std::vector<std::vector<std::string>> values;  //!< [parameter][point], as given to --set
  std::vector<std::string> policies;             //!< run order; policies[baseline] is the baseline
  std::vector<Comparison> points;                //!< [point]: every metric, every policy
  double wall_seconds = 0.0;
};

//! Writes the sweep file; OutputError (nothing left at `path`) on failure.
void write_sweep_file(const std::string& path, const SweepTable& table, const RunInfo& info);

}  // namespace cyres
