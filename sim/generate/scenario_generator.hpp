#pragma once
// `cyres generate`: a synthetic scenario of 1,000 to 10,000,000 assets with the
// structure documented in docs/scenario-format.md ("Generated scenarios"):
// nine sectors in three-tier supply hierarchies, regions of about 4,000
// assets, countries of 8 regions with a national CSIRT and a defence cyber
// command, EU- and NATO-level teams, local network clusters, heavy-tailed
// managed-service hubs, a sector dependency matrix with energy <-> telecoms
// cycles, a three-part campaign and the four policy presets.
//
// Deterministic: every draw comes from RandomStreams(seed) with
// Purpose::generate, keyed by asset and draw index, and numbers are sampled
// with our own code, so the same options give byte-identical files with any
// standard library. Rows stream to disk; memory does not grow with the links.

#include <cstdint>
#include <string>

#include "sim/core/output_path.hpp"

namespace cyres::generate {

enum class TableFormat { automatic, csv, hdf5 };

struct GeneratorOptions {
  std::uint64_t assets = 10'000;  //!< number of assets [1], 1,000 .. 10,000,000
  std::uint64_t seed = 1;         //!< seed of the structure (also written as simulation.seed)
  TableFormat format = TableFormat::automatic;  //!< automatic: CSV up to CSV_MAX_ASSETS
  std::uint64_t trials = 1000;                  //!< simulation.trials written to the YAML
  double mean_degree = 10.0;                    //!< target links per asset [1], 4 .. 100
  Replace replace = Replace::refuse;            //!< whether an existing scenario is replaced
};

inline constexpr std::uint64_t MIN_ASSETS = 1'000;
inline constexpr std::uint64_t MAX_ASSETS = 10'000'000;
inline constexpr std::uint64_t CSV_MAX_ASSETS = 100'000;  //!< automatic format: CSV up to here

struct GeneratedScenario {
  std::string yaml_path;  //!< OUTDIR/scenario.yaml
  std::uint64_t assets = 0;
  std::uint64_t links = 0;
  std::uint64_t regions = 0;
  std::uint64_t organisations = 0;
  TableFormat format = TableFormat::csv;  //!< the format written
};

//! Writes OUTDIR/scenario.yaml and its two tables (creating OUTDIR). Each file
//! is written as a temporary and renamed when all three are complete, the YAML
//! last, so a failure leaves OUTDIR as it was. ValueError for options out of
//! range; OutputError if OUTDIR already holds a scenario (unless
//! options.replace allows it), is not a writable folder, or a file cannot be
//! written.
GeneratedScenario generate_scenario(const std::string& outdir, const GeneratorOptions& options);

}  // namespace cyres::generate
