// Quiet misreadings refused: text that is not UTF-8, a second YAML document,
// a quoted number, aliases in a --set value; and every message stays one line.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/core/error.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A copy of the good fixture in a temporary folder, with its YAML and tables editable.
class TextInput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("cyres_text_{}_{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const fs::path good = fs::path(CYRES_TEST_FIXTURES) / "good";
    yaml_ = read_text(good / "scenario.yaml");
    for (const char* table : {"assets.csv", "links.csv"}) fs::copy(good / table, dir_ / table);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes the YAML (with `find` replaced by `replace`) and loads it.
  Scenario load(const std::string& find = "", const std::string& replace = "",
                const std::vector<std::string>& overrides = {}) {
    std::string text = yaml_;
    if (!find.empty()) {
      const std::size_t at = text.find(find);
      EXPECT_NE(at, std::string::npos) << find;
      text.replace(at, find.size(), replace);
    }
    std::ofstream(dir_ / "scenario.yaml", std::ios::binary) << text;
    return load_scenario((dir_ / "scenario.yaml").string(), {overrides});
  }

  template <class Error, class F>
  std::string error_of(F f) {
    try {
      f();
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
      return e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "wrong error type: " << e.what();
      return "";
    }
    ADD_FAILURE() << "expected an error";
    return "";
  }

  fs::path dir_;
  std::string yaml_;
};

TEST_F(TextInput, Latin1InTheYamlIsRefusedAtItsLineAndColumn) {
  const std::string message = error_of<ParseError>(
      [&] { load("description: \"Test fixture", "description: \"Caf\xE9 fixture"); });
  EXPECT_NE(message.find("scenario.yaml:6:18: byte 0xE9 is not UTF-8; expected UTF-8 text"),
            std::string::npos)
      << message;
}

TEST_F(TextInput, Utf8TextIsKept) {
  const Scenario s = load("description: \"Test fixture", "description: \"Z\xC3\xBCrich fixture");
  EXPECT_TRUE(s.description.starts_with("Z\xC3\xBCrich"));
}

TEST_F(TextInput, Latin1InATableIsRefusedAtItsLineAndColumn) {
  std::string assets = read_text(dir_ / "assets.csv");
  assets.replace(assets.find("SCADA master"), 12, "SCADA ma\xEEtre");
  std::ofstream(dir_ / "assets.csv", std::ios::binary) << assets;
  const std::string message = error_of<ParseError>([&] { load(); });
  EXPECT_NE(message.find("assets.csv:4:36: byte 0xEE is not UTF-8"), std::string::npos) << message;
}

TEST_F(TextInput, AControlCharacterInTheYamlIsRefused) {
  const std::string message = error_of<ParseError>([&] {
    load("name: good-fixture",
         "name: good-\x01"
         "fixture");
  });
  EXPECT_NE(message.find("scenario.yaml:5:12: control character U+0001 is not allowed"),
            std::string::npos)
      << message;
}

TEST_F(TextInput, ASecondYamlDocumentIsRefusedWhereItStarts) {
  std::string text = yaml_;
  const std::string message = error_of<ParseError>(
      [&] { load("policies:", "---\nsimulation: {trials: 5}\n...\npolicies:"); });
  EXPECT_NE(message.find("a second YAML document starts here"), std::string::npos) << message;
  // A lone document marker before the first document is one document.
  const Scenario s = load("cyres: 1", "---\ncyres: 1");
  EXPECT_EQ(s.name, "good-fixture");
}

// yaml-cpp 0.7's LoadAll takes a token that cannot start a node for an empty
// document it never consumes, and appends such documents until memory runs
// out (a fuzz finding): cyres refuses it at that token instead.
TEST_F(TextInput, ATokenThatCannotStartANodeIsRefusedNotLoopedOn) {
  const std::string first = error_of<ParseError>([&] { load("cyres: 1", ", cyres: 1"); });
  EXPECT_NE(first.find("scenario.yaml:4:1: YAML syntax error: this character cannot start a "
                       "value or a key here"),
            std::string::npos)
      << first;
  // After a first document that ends at it: refused where it is.
  const std::string later = error_of<ParseError>([&] { load("policies:", ",\npolicies:"); });
  EXPECT_NE(later.find("YAML syntax error"), std::string::npos) << later;
  EXPECT_NE(error_of<ParseError>([&] { load({}, {}, {"description=,"}); }).find("--set"),
            std::string::npos);
}

TEST_F(TextInput, AQuotedNumberIsText) {
  const std::string message = error_of<ValueError>(
      [&] { load("recovery_threshold: 0.99", "recovery_threshold: \"0.2\""); });
  EXPECT_NE(message.find("simulation.recovery_threshold: expected a number in (0, 1], found the "
                         "text '0.2' (quoted or tagged as text)"),
            std::string::npos)
      << message;
  error_of<ValueError>([&] { load("trials: 20", "trials: '20'"); });
  error_of<ValueError>([&] { load("horizon: 48", "horizon: !!str 48"); });
  error_of<ValueError>([&] { load({}, {}, {"simulation.seed=\"7\""}); });
}

TEST_F(TextInput, WordsMayBeQuotedAndTaggedNumbersAreNumbers) {
  const Scenario s = load("manual_restoration: 24", "manual_restoration: \"never\"");
  EXPECT_EQ(s.settings.manual_restoration, NEVER);
  const Scenario t = load("trials: 20", "trials: !!int 21");
  EXPECT_EQ(t.settings.trials, 21u);
}

TEST_F(TextInput, NestedAliasesInASetValueAreRefusedAtOnce) {
  // 24 levels of [*x, *x]: a tree of 2^24 nodes in under 300 bytes.
  std::string value = "[&a0 [x, x]";
  for (int k = 1; k < 24; ++k) value += fmt::format(", &a{} [*a{}, *a{}]", k, k - 1, k - 1);
  value += "]";
  const auto start = std::chrono::steady_clock::now();
  const std::string message = error_of<ParseError>([&] { load({}, {}, {"description=" + value}); });
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_NE(message.find("--set description: value has a YAML alias ('*') at column 19"),
            std::string::npos)
      << message;
  // An anchor without an alias is harmless.
  EXPECT_EQ(load({}, {}, {"simulation.trials=&t 30"}).settings.trials, 30u);
}

TEST_F(TextInput, SetValuesAreOneDocumentOfUtf8Text) {
  EXPECT_NE(error_of<ParseError>([&] {
              load({}, {}, {"description=a\n---\nb"});
            }).find("a second YAML document"),
            std::string::npos);
  EXPECT_NE(error_of<ParseError>([&] {
              load({}, {}, {"description=caf\xE9"});
            }).find("--set description: value at column 4: byte 0xE9 is not UTF-8"),
            std::string::npos);
}

TEST_F(TextInput, ControlCharactersQuotedInMessagesAreEscaped) {
  // YAML's "\n" and "\0" escapes put a line break and a NUL into the value itself.
  const std::string message =
      error_of<ValueError>([&] { load("  - name: cell", "  - name: \"cell\\nrm\\0x\""); });
  EXPECT_NE(message.find("value 'cell\\nrm\\0x' is not a valid name"), std::string::npos)
      << message;
}

}  // namespace
}  // namespace cyres
