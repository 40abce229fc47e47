#pragma once
// The fuzz targets as plain functions: each takes one input and runs it
// through cyres as the command line would. A located InputError is the
// expected answer to a bad input and is swallowed; anything else escapes (or
// crashes, or trips a sanitizer) and is a finding. fuzz_main.cpp wraps one
// target per libFuzzer executable; tests/fuzz/fuzz_regression_test.cpp
// replays every input that once was a finding (tests/fixtures/fuzz/<target>/)
// through the same functions in the normal suite.

#include <span>
#include <string>
#include <string_view>

namespace cyres::fuzz {

struct Target {
  const char* name;                     //!< fuzz_<name>, fuzz/corpus/<name>/
  void (*run)(std::string_view input);  //!< one input, as described in fuzz/README.md
};

//! scenario_yaml, scenario_csv, hdf5_table, set_value, results, partial.
std::span<const Target> targets();
//! The target called `name`; aborts if there is none.
const Target& target(std::string_view name);

//! Writes the seeds of hdf5_table (each table contiguous and compressed,
//! written through the HDF5 layer) into `dir` (fuzz/make_corpus.sh).
void write_hdf5_table_seeds(const std::string& dir);

}  // namespace cyres::fuzz
