#pragma once
// The results file of one run (layout and units in docs/hdf5-schema.md).
// Written by one thread after the simulation, to `path + ".tmp.<pid>"`, then
// renamed to `path`: a reader never sees a partial file under `path`, and a
// failed write leaves whatever was there before untouched.

#include <functional>
#include <string>

#include "sim/hdf5/hdf5.hpp"
#include "sim/runner/results.hpp"
#include "sim/scenario/scenario.hpp"

namespace cyres {

inline constexpr const char* RESULTS_FORMAT = "cyres-results";  //!< root attribute `format`
//! Root attribute `format_version`, "major.minor". The minor number grows when
//! names are added (old readers keep working); the major number when a name,
//! shape, dtype or meaning changes. Readers refuse a major version they do not know.
//! 2.0: time_to_recover counts from the first disruption and is censored at
//! the horizon (NaN if never disrupted), with event flags; time-to-event
//! metrics in /comparison carry Kaplan-Meier summaries instead of means.
//! 2.1: every string (attribute or dataset) is fixed-length UTF-8, NUL-padded
//! (h5py reads bytes), never variable-length; cyres no longer reads 2.0 files.
inline constexpr const char* RESULTS_FORMAT_VERSION = "2.1";
inline constexpr long RESULTS_FORMAT_MAJOR = 2;  //!< the major number of RESULTS_FORMAT_VERSION

//! What the command line knows about a run and the results do not.
struct RunInfo {
  std::string command_line;  //!< the arguments as given, joined with spaces
  std::string start_time;    //!< ISO 8601 UTC, e.g. "2025-03-01T12:00:00Z"
  std::string end_time;      //!< ISO 8601 UTC, when the simulation finished
};

//! More groups for the same file, written last (the partial results of a
//! shard or checkpoint, sim/output/partial_file.hpp).
using ExtraContents = std::function<void(const h5::File&)>;

//! Writes the results of `run` on `scenario`, then `extra` if given. Throws
//! OutputError (nothing left under `path` or beside it) if the run's shapes
//! are inconsistent or any write, close or rename fails.
void write_results_file(const std::string& path, const Scenario& scenario, const RunResult& run,
                        const RunInfo& info, const ExtraContents& extra = {});

//! Throws OutputError naming the first array of `run` whose size does not
//! match trials x horizon x sectors, or a policy name unusable as a group name.
void check_run_shapes(const Scenario& scenario, const RunResult& run);

}  // namespace cyres
