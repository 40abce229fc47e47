// The bad-input catalogue: every directory under tests/fixtures/bad holds a
// broken scenario and an expect.txt with three lines, none of them blank (a
// blank substring would match any message, so the case could not fail):
//   1. the InputError subclass thrown (ParseError, UnknownKeyError, ...)
//   2. the location as basename:line[:column] (prefix, e.g. `scenario.yaml:12`)
//   3. a substring the message must contain
//   4. (optional) the options `cyres run` gets instead of `--trials 2`, for a
//      case whose fault is the trial count (which --trials would replace)
// The same cases are run through the `cyres` binary, which must exit with code
// 2, print one line, and leave no output file behind.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include "tests/support/run_command.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;

struct BadCase {
  std::string name;
  fs::path dir;
  std::string error_class;
  std::string location;
  std::string substring;
  std::string run_options = "--trials 2";
};

// The fixture folder, so that gtest's listing and failure messages name the case.
void PrintTo(const BadCase& c, std::ostream* os) {
  *os << c.name;
}

bool blank(const std::string& line) {
  return std::all_of(line.begin(), line.end(),
                     [](unsigned char ch) { return std::isspace(ch) != 0; });
}

// Fails the calling test unless the first three lines of expect.txt are filled in.
void expect_complete(const BadCase& c) {
  const fs::path expect = c.dir / "expect.txt";
  EXPECT_FALSE(blank(c.error_class)) << expect << ": line 1 (error class) is empty";
  EXPECT_FALSE(blank(c.location)) << expect << ": line 2 (location) is empty";
  EXPECT_FALSE(blank(c.substring)) << expect << ": line 3 (message substring) is empty";
}

std::vector<BadCase> bad_cases() {
  std::vector<BadCase> cases;
  const fs::path root = fs::path(CYRES_TEST_FIXTURES) / "bad";
  if (!fs::is_directory(root)) return cases;
  for (const fs::directory_entry& entry : fs::directory_iterator(root)) {
    if (!entry.is_directory()) continue;
    BadCase c;
    c.name = entry.path().filename().string();
    c.dir = entry.path();
    std::ifstream expect(entry.path() / "expect.txt");
    std::getline(expect, c.error_class);
    std::getline(expect, c.location);
    std::getline(expect, c.substring);
    std::string options;
    if (std::getline(expect, options) && !options.empty()) c.run_options = options;
    cases.push_back(c);
  }
  std::sort(cases.begin(), cases.end(),
            [](const BadCase& a, const BadCase& b) { return a.name < b.name; });
  return cases;
}

std::string error_class(const InputError& e) {
  if (dynamic_cast<const ParseError*>(&e)) return "ParseError";
  if (dynamic_cast<const UnknownKeyError*>(&e)) return "UnknownKeyError";
  if (dynamic_cast<const ValueError*>(&e)) return "ValueError";
  if (dynamic_cast<const ReferenceError*>(&e)) return "ReferenceError";
  if (dynamic_cast<const SizeError*>(&e)) return "SizeError";
  return "InputError";
}

// "scenario.yaml:12:14" from a location whose file is a full path.
std::string short_location(const SourceLocation& where) {
  SourceLocation shortened = where;
  shortened.file = fs::path(where.file).filename().string();
  return shortened.to_string();
}

// `location` equals `expected` or continues it with ":column".
bool location_matches(const std::string& location, const std::string& expected) {
  return location == expected || location.starts_with(expected + ":");
}

std::string case_name(const testing::TestParamInfo<BadCase>& info) {
  std::string name = info.param.name;
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
  return name;
}

class BadInputCatalogue : public testing::TestWithParam<BadCase> {};

TEST_P(BadInputCatalogue, LoaderThrowsTheExpectedLocatedError) {
  const BadCase& c = GetParam();
  expect_complete(c);
  if (testing::Test::HasFailure()) return;
  try {
    load_scenario((c.dir / "scenario.yaml").string());
    FAIL() << c.name << ": loaded without error";
  } catch (const InputError& e) {
    EXPECT_EQ(error_class(e), c.error_class) << e.what();
    EXPECT_PRED2(location_matches, short_location(e.where()), c.location) << e.what();
    EXPECT_NE(std::string(e.what()).find(c.substring), std::string::npos) << e.what();
    // One line, so that the CLI prints one line.
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, BadInputCatalogue, testing::ValuesIn(bad_cases()), case_name);

TEST(BadInputCatalogueSize, HasAtLeast24Cases) {
  EXPECT_GE(bad_cases().size(), 24u);
}

using test::CommandResult;
using test::run_command;

std::string quoted(const fs::path& path) {
  return "'" + path.string() + "'";
}

class BadInputCli : public testing::TestWithParam<BadCase> {};

TEST_P(BadInputCli, ValidatePrintsOneLocatedLineAndExitsWith2) {
  const BadCase& c = GetParam();
  expect_complete(c);
  if (testing::Test::HasFailure()) return;
  const CommandResult r =
      run_command(std::string(CYRES_BINARY) + " validate " + quoted(c.dir / "scenario.yaml"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  ASSERT_FALSE(r.output.empty());
  EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << "expected one line:\n" << r.output;
  // The CLI shows the path as given: the expected basename location follows a '/'.
  EXPECT_NE(r.output.find("/" + c.location), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(c.substring), std::string::npos) << r.output;
}

TEST_P(BadInputCli, RunExitsWith2AndWritesNoFile) {
  const BadCase& c = GetParam();
  const fs::path dir = fs::temp_directory_path() / ("cyres-bad-input-" + c.name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  const CommandResult r =
      run_command(std::string(CYRES_BINARY) + " run " + quoted(c.dir / "scenario.yaml") + " -o " +
                  quoted(dir / "out.h5") + " " + c.run_options);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    EXPECT_FALSE(entry.path().filename().string().starts_with("out.h5"))
        << "left behind: " << entry.path();
  }
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, BadInputCli, testing::ValuesIn(bad_cases()), case_name);

}  // namespace
}  // namespace cyres
