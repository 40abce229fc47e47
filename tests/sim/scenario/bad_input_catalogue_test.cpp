// The bad-input catalogue: every directory under tests/fixtures/bad holds a
// broken scenario and an expect.txt with three lines, none of them blank (a
// blank substring would match any message, so the case could not fail):
//   1. the InputError subclass thrown (ParseError, UnknownKeyError, ...)
//   2. the location as basename:line[:column] (prefix, e.g. `scenario.yaml:12`),
//      or a command-line location such as `--set simulation.seed`
//   3. a substring the message must contain
//   4. (optional) the options `cyres run` gets instead of `--trials 2`, for a
//      case whose fault is the trial count (which --trials would replace) or
//      another option of run
//   5. (optional) for a fault in a command-line option: the options
//      `cyres validate` gets (which takes run's --policy, --trials, --seed and
//      --max-memory), or `run-only` for an option only run has. The scenario
//      itself is then good: the loader must accept it. Line 1 names the
//      InputError subclass, or CommandLine for an option the parser refuses.
// and, optionally, an overrides.txt: one PATH=VALUE per line, given to the
// loader and to `cyres validate` and `cyres run` as `--set` (`\n`, `\t`,
// `\xHH` and `\\` in it stand for the bytes, so that a value can hold them).
// The same cases are run through the `cyres` binary, which must exit with code
// 2 and print one located line free of control characters, leaving no output
// file behind and every file of the case as it was.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include "tests/support/run_command.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>
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
  std::string validate_options;        //!< line 5: "" = none, "run-only" = not validate's
  std::vector<std::string> overrides;  //!< from overrides.txt
  bool option_fault() const { return !validate_options.empty(); }
};

// `\n`, `\t`, `\xHH` and `\\` in a line of overrides.txt, as bytes.
std::string unescape(const std::string& line) {
  std::string out;
  for (std::size_t k = 0; k < line.size(); ++k) {
    if (line[k] != '\\' || k + 1 == line.size()) {
      out.push_back(line[k]);
      continue;
    }
    const char next = line[++k];
    if (next == 'n') {
      out.push_back('\n');
    } else if (next == 't') {
      out.push_back('\t');
    } else if (next == 'x' && k + 2 < line.size()) {
      out.push_back(static_cast<char>(std::stoi(line.substr(k + 1, 2), nullptr, 16)));
      k += 2;
    } else {
      out.push_back(next);
    }
  }
  return out;
}

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
    std::getline(expect, c.validate_options);
    std::ifstream overrides(entry.path() / "overrides.txt");
    for (std::string line; std::getline(overrides, line);) {
      if (!line.empty()) c.overrides.push_back(unescape(line));
    }
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
  if (c.option_fault()) {
    // The fault is in an option of the command line: the scenario is good.
    EXPECT_NO_THROW(load_scenario((c.dir / "scenario.yaml").string(), {c.overrides}));
    return;
  }
  try {
    load_scenario((c.dir / "scenario.yaml").string(), {c.overrides});
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

TEST(BadInputCatalogueSize, HasAtLeast100Cases) {
  EXPECT_GE(bad_cases().size(), 100u);
}

using test::CommandResult;
using test::run_command;

// `text` as one shell word.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char ch : text) {
    if (ch == '\'') {
      out += "'\\''";
    } else {
      out.push_back(ch);
    }
  }
  return out + "'";
}

std::string quoted(const fs::path& path) {
  return quoted(path.string());
}

std::string set_options(const BadCase& c) {
  std::string out;
  for (const std::string& o : c.overrides) out += " --set " + quoted(o);
  return out;
}

// Every file under `dir` with its bytes, to show that a command changed none.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) {
      files[entry.path().string()] = "(not a regular file)";
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    files[entry.path().string()] = bytes.str();
  }
  return files;
}

// The output is one line, its only control character the final line break.
void expect_one_printable_line(const std::string& output) {
  ASSERT_FALSE(output.empty());
  EXPECT_EQ(output.find('\n'), output.size() - 1) << "expected one line:\n" << output;
  for (std::size_t k = 0; k + 1 < output.size(); ++k) {
    const auto ch = static_cast<unsigned char>(output[k]);
    EXPECT_FALSE(ch < 0x20 || ch == 0x7F)
        << "control character " << int(ch) << " at " << k << " in " << output;
  }
}

// A file location is shown after the scenario's folder; a command-line one
// (`--set PATH`, `--seed`) right after "error: ".
bool shows_location(const std::string& output, const std::string& location) {
  return location.starts_with("--") ? output.find("error: " + location) != std::string::npos
                                    : output.find("/" + location) != std::string::npos;
}

class BadInputCli : public testing::TestWithParam<BadCase> {};

TEST_P(BadInputCli, ValidatePrintsOneLocatedLineAndExitsWith2) {
  const BadCase& c = GetParam();
  expect_complete(c);
  if (testing::Test::HasFailure()) return;
  const auto before = snapshot(c.dir);
  const bool run_only = c.validate_options == "run-only";
  const CommandResult r =
      run_command(std::string(CYRES_BINARY) + " validate " + quoted(c.dir / "scenario.yaml") +
                  set_options(c) + " " + (run_only ? "" : c.validate_options));
  if (run_only) {
    // validate has no such option; it finds the scenario itself good.
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(snapshot(c.dir), before) << "validate changed a file of the case";
    return;
  }
  EXPECT_EQ(r.exit_code, 2) << r.output;
  expect_one_printable_line(r.output);
  // The CLI shows the path as given: the expected basename location follows a '/'.
  EXPECT_TRUE(shows_location(r.output, c.location)) << c.location << " in " << r.output;
  EXPECT_NE(r.output.find(c.substring), std::string::npos) << r.output;
  EXPECT_EQ(snapshot(c.dir), before) << "validate changed a file of the case";
}

TEST_P(BadInputCli, RunExitsWith2AndWritesNoFile) {
  const BadCase& c = GetParam();
  const fs::path dir = fs::temp_directory_path() / ("cyres-bad-input-" + c.name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto before = snapshot(c.dir);
  const CommandResult r =
      run_command(std::string(CYRES_BINARY) + " run " + quoted(c.dir / "scenario.yaml") + " -o " +
                  quoted(dir / "out.h5") + " " + c.run_options + set_options(c));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  expect_one_printable_line(r.output);
  EXPECT_TRUE(shows_location(r.output, c.location)) << c.location << " in " << r.output;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    ADD_FAILURE() << "left behind: " << entry.path();
  }
  EXPECT_EQ(snapshot(c.dir), before) << "run changed a file of the case";
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, BadInputCli, testing::ValuesIn(bad_cases()), case_name);

}  // namespace
}  // namespace cyres
