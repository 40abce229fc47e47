// The HDF5 layer is the only code that calls the HDF5 C API: no source outside
// sim/hdf5/ includes its headers or names one of its functions or constants
// (H5Dread, H5T_NATIVE_DOUBLE, ...), so every HDF5 call is owned and checked.

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cyres {
namespace {

namespace fs = std::filesystem;

TEST(Hdf5Boundary, OnlyTheHdf5LayerCallsTheHdf5CApi) {
  const fs::path root = CYRES_SOURCE_DIR;
  const std::regex raw(R"(\bH5[A-Z][A-Za-z0-9_]*|#\s*include\s*<hdf5)");
  std::vector<std::string> offenders;
  std::size_t scanned = 0;
  for (const char* folder : {"sim", "models", "bench"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
      const fs::path& file = entry.path();
      if (!entry.is_regular_file() || (file.extension() != ".cpp" && file.extension() != ".hpp")) {
        continue;
      }
      if (fs::relative(file, root).string().starts_with("sim/hdf5/")) continue;
      ++scanned;
      std::ifstream in(file);
      std::string line;
      for (int number = 1; std::getline(in, line); ++number) {
        if (std::regex_search(line, raw)) {
          offenders.push_back(fs::relative(file, root).string() + ":" + std::to_string(number) +
                              ": " + line);
        }
      }
    }
  }
  EXPECT_GT(scanned, 50U);  // the walk found the sources
  EXPECT_TRUE(offenders.empty()) << "raw HDF5 outside sim/hdf5/:\n"
                                 << ::testing::PrintToString(offenders);
}

}  // namespace
}  // namespace cyres
