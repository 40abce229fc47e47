// Replays inputs through the fuzz targets (fuzz/fuzz_targets.hpp) in the
// normal suite, so that the release and ASan+UBSan builds check them too:
// every file of fuzz/corpus/<target>/ (the committed seeds), and every input
// that once was a finding, kept in tests/fixtures/fuzz/<target>/ named after
// what it found. A target lets only a located InputError pass; any other
// exception fails the case here, and a crash or sanitizer report fails the
// test binary.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_targets.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;

struct Input {
  std::string target;
  fs::path file;
};

void PrintTo(const Input& input, std::ostream* os) {
  *os << input.target << '/' << input.file.filename().string();
}

std::vector<Input> inputs_under(const fs::path& root) {
  std::vector<Input> found;
  for (const fuzz::Target& t : fuzz::targets()) {
    const fs::path dir = root / t.name;
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_regular_file()) found.push_back({t.name, entry.path()});
    }
  }
  std::sort(found.begin(), found.end(),
            [](const Input& a, const Input& b) { return a.file < b.file; });
  return found;
}

std::string bytes_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void replay(const Input& input) {
  const std::string bytes = bytes_of(input.file);
  try {
    fuzz::target(input.target).run(bytes);
  } catch (const std::exception& error) {
    ADD_FAILURE() << input.file << ": " << error.what();
  }
}

//! The case's name in gtest: target_file, with every other character than a
//! letter or digit as '_' (gtest names allow no more).
std::string case_name(const ::testing::TestParamInfo<Input>& info) {
  std::string name = info.param.target + "_" + info.param.file.filename().string();
  std::replace_if(
      name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) == 0; }, '_');
  return name;
}

const fs::path SOURCE = CYRES_SOURCE_DIR;

TEST(FuzzCorpus, EveryTargetHasSeeds) {
  for (const fuzz::Target& t : fuzz::targets()) {
    const fs::path dir = SOURCE / "fuzz" / "corpus" / t.name;
    ASSERT_TRUE(fs::is_directory(dir)) << dir;
    EXPECT_FALSE(fs::is_empty(dir)) << dir;
  }
}

class FuzzSeed : public ::testing::TestWithParam<Input> {};
TEST_P(FuzzSeed, IsReadOrRefusedWithALocatedError) {
  replay(GetParam());
}
INSTANTIATE_TEST_SUITE_P(Corpus, FuzzSeed,
                         ::testing::ValuesIn(inputs_under(SOURCE / "fuzz" / "corpus")), case_name);

class FuzzFinding : public ::testing::TestWithParam<Input> {};
TEST_P(FuzzFinding, IsRefusedWithALocatedError) {
  replay(GetParam());
}
INSTANTIATE_TEST_SUITE_P(Regression, FuzzFinding,
                         ::testing::ValuesIn(inputs_under(SOURCE / "tests" / "fixtures" / "fuzz")),
                         case_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FuzzFinding);

}  // namespace
}  // namespace cyres
