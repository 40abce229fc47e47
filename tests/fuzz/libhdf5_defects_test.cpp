// Inputs on which Debian's libhdf5 1.10.8 itself fails, found by the fuzzers
// (docs/reliability.md, "HDF5 input"; kept in tests/fixtures/fuzz/<target>/):
// a chunk dimension of 0 that makes H5Dopen2 divide by zero (SIGFPE in every
// build), and damaged object headers that make H5Aopen read past a buffer
// (seen by ASan; a release build reads garbage and refuses the file). Each is
// a located ParseError from the reader cyres uses, because that reader runs
// first in a forked child (sim/hdf5/hdf5_isolation.hpp); before the child,
// the first crashed cyres with signal 8 and the others aborted under ASan.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/core/error.hpp"
#include "sim/output/comparison_group.hpp"
#include "sim/output/partial_file.hpp"
#include "sim/scenario/readers.hpp"
#include "tests/support/run_command.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool UNDER_ASAN = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool UNDER_ASAN = true;
#else
constexpr bool UNDER_ASAN = false;
#endif
#else
constexpr bool UNDER_ASAN = false;
#endif

const fs::path FINDINGS = fs::path(CYRES_TEST_FIXTURES) / "fuzz";

std::string bytes_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class Libhdf5Defect : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cyres_libhdf5_defect_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  //! Writes `bytes` to `name` in the test's folder; returns its path.
  std::string write(const std::string& name, const std::string& bytes) const {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }

  //! The hdf5_table finding as links.h5 (its byte 0 selects the table).
  std::string chunk_dimension_zero_links() const {
    return write("links.h5",
                 bytes_of(FINDINGS / "hdf5_table" / "chunk_dimension_zero_sigfpe").substr(1));
  }

  fs::path dir_;
};

//! Checks that `error` is located at `file`, one line, and, where libhdf5 is
//! seen to fail, says so.
void expect_refused(const InputError& error, const std::string& file, bool crash_seen) {
  EXPECT_EQ(error.where().file, file);
  EXPECT_THAT(error.what(), Not(HasSubstr("\n")));
  if (crash_seen) {
    EXPECT_THAT(error.what(), HasSubstr("libhdf5 crashed reading the file ("));
    EXPECT_THAT(error.what(), HasSubstr("the file is damaged or was not written by cyres"));
  }
}

TEST_F(Libhdf5Defect, ChunkDimensionZeroIsALocatedParseError) {
  const std::string links = chunk_dimension_zero_links();
  NameIndex assets;  // enough rows for every link of the table (the v1 fixture's)
  for (int k = 0; k < 1000; ++k) assets.add("a" + std::to_string(k));
  try {
    (void)read_links_hdf5(links, {"scenario.yaml", 45, 8}, assets);
    FAIL() << "read";
  } catch (const ParseError& error) {
    expect_refused(error, links, true);
    EXPECT_THAT(error.what(),
                HasSubstr("libhdf5 crashed reading the file (signal 8, SIGFPE in libhdf5"));
  }
}

TEST_F(Libhdf5Defect, ChunkDimensionZeroMakesValidateExitWith2AndOneLine) {
  const fs::path scenario = dir_ / "s";
  const auto generated = test::run_command(std::string(CYRES_BINARY) +
                                           " generate --assets 1000 "
                                           "--format hdf5 '" +
                                           scenario.string() + "'");
  ASSERT_EQ(generated.exit_code, 0) << generated.output;
  const std::string links = (scenario / "links.h5").string();
  std::ofstream(links, std::ios::binary | std::ios::trunc)
      << bytes_of(FINDINGS / "hdf5_table" / "chunk_dimension_zero_sigfpe").substr(1);
  const auto r = test::run_command(std::string(CYRES_BINARY) + " validate '" +
                                   (scenario / "scenario.yaml").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;  // 136 (SIGFPE) before the child
  // One line: "error: <links.h5>: libhdf5 crashed reading the file (signal 8,
  // SIGFPE in libhdf5_serial.so.103): the file is damaged or ...".
  EXPECT_THAT(r.output, ::testing::StartsWith("error: " + links +
                                              ": libhdf5 crashed reading the file (signal 8, "
                                              "SIGFPE in libhdf5"));
  EXPECT_THAT(r.output, ::testing::EndsWith("the file is damaged or was not written by cyres\n"));
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1);
}

// In a release build libhdf5 reads garbage past the header and the file is
// refused by a check of cyres (a ValueError or ParseError); under ASan the
// child's report is the ParseError.
TEST_F(Libhdf5Defect, ResultsObjectHeaderOverreadIsALocatedError) {
  const std::string results =
      write("results.h5", bytes_of(FINDINGS / "results" / "object_header_overread"));
  try {
    (void)read_results_trials(results);
    FAIL() << "read";
  } catch (const InputError& error) {
    expect_refused(error, results, UNDER_ASAN);
    if (UNDER_ASAN) {
      EXPECT_NE(dynamic_cast<const ParseError*>(&error), nullptr);
    }
  }
}

TEST_F(Libhdf5Defect, PartialObjectHeaderOverreadIsALocatedError) {
  // Read as `cyres merge --scenario` reads a shard, on the v1 fixture.
  for (const char* name : {"scenario.yaml", "assets.csv", "links.csv"}) {
    fs::copy_file(fs::path(CYRES_TEST_FIXTURES) / "good" / name, dir_ / name);
  }
  const std::string shard =
      write("shard.h5", bytes_of(FINDINGS / "partial" / "object_header_overread"));
  try {
    const PartialHeader header = read_partial_header(shard);
    const Scenario scenario = load_partial_scenario(header, (dir_ / "scenario.yaml").string());
    (void)read_partial_run(header, scenario);
    FAIL() << "read";
  } catch (const InputError& error) {
    expect_refused(error, shard, UNDER_ASAN);
    if (UNDER_ASAN) {
      EXPECT_NE(dynamic_cast<const ParseError*>(&error), nullptr);
    }
  }
}

}  // namespace
}  // namespace cyres
