// The lever table (sim/scenario/policy_levers.hpp) drives the policy reader:
// every parameter is read into its own member, refused outside its range with
// the range in the message, and listed in docs/scenario-format.md exactly as
// the table describes it.

#include "sim/scenario/policy_levers.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres {
namespace {

using ::testing::HasSubstr;

const std::string GOOD = std::string(CYRES_TEST_FIXTURES) + "/good/scenario.yaml";
// The good fixture's second policy, `cell`: joint-crisis-cell with sector priority.
constexpr std::size_t CELL = 1;
// Parameters of format version 2 are tried on the version-2 fixture's third
// policy, `assisted`: mutual-assistance with requests and capacity building.
const std::string GOOD_V2 = std::string(CYRES_TEST_FIXTURES) + "/good_v2/scenario.yaml";
constexpr std::size_t ASSISTED = 2;

//! The fixture and policy a parameter is tried on.
struct Target {
  const std::string& file;
  std::size_t policy;
};
Target target(const LeverParameter& p) {
  return p.since_version > 1 ? Target{GOOD_V2, ASSISTED} : Target{GOOD, CELL};
}

bool is_name_list(const LeverParameter& p) {
  return p.member.kind == LeverKind::organisation_groups || p.member.kind == LeverKind::sector_list;
}

//! The parameter's value in `policy`, as text (for comparing two policies).
std::string value_text(const LeverParameter& p, const Policy& policy) {
  const LeverMember& f = p.member;
  switch (f.kind) {
    case LeverKind::real:
      return fmt::format("{}", f.real.get(policy));
    case LeverKind::integer:
      return fmt::format("{}", f.integer.get(policy));
    case LeverKind::flag:
      return f.flag.get(policy) ? "true" : "false";
    case LeverKind::option:
      return p.options->at(f.option.get(policy));
    case LeverKind::organisation_groups: {
      std::string text;
      for (const auto& group : f.organisation_groups.get(policy)) {
        text += fmt::format("[{}]", fmt::join(group, ","));
      }
      return text;
    }
    case LeverKind::sector_list:
      return fmt::format("[{}]", fmt::join(f.sector_list.get(policy), ","));
  }
  return "";
}

bool accepts(const LeverParameter& p, double v) {
  if (p.member.kind == LeverKind::integer) {
    return v >= static_cast<double>(p.integer_range.min) &&
           v <= static_cast<double>(p.integer_range.max);
  }
  const NumberRule& r = p.real_range;
  return (r.min_open ? v > r.min : v >= r.min) && (r.max_open ? v < r.max : v <= r.max);
}

//! A value of a scalar parameter, in its range and other than `current`, as YAML text.
std::string other_value(const LeverParameter& p, const Policy& policy) {
  const LeverMember& f = p.member;
  switch (f.kind) {
    case LeverKind::flag:
      return f.flag.get(policy) ? "false" : "true";
    case LeverKind::option: {
      // The next option; a version-1 file cannot take the version-2 mode.
      std::size_t next = (f.option.get(policy) + 1) % p.options->size();
      if (p.since_version == 1 && p.options->at(next) == "partnerships") {
        next = (next + 1) % p.options->size();
      }
      return p.options->at(next);
    }
    default:
      break;
  }
  const std::string current = value_text(p, policy);
  for (const double v : {1.0, 0.25, 3.0, 0.75}) {  // small: counts are clamped to what exists
    const std::string text = fmt::format("{}", v);
    const bool integral = v == std::floor(v);
    if (accepts(p, v) && text != current && (integral || f.kind == LeverKind::real)) return text;
  }
  ADD_FAILURE() << lever_path(p) << ": no test value in range";
  return "";
}

Scenario load_with(const std::vector<std::string>& overrides, const std::string& file = GOOD) {
  LoadOptions options;
  options.overrides = overrides;
  return load_scenario(file, options);
}

std::string set_path(const LeverParameter& p) {
  return fmt::format("policies.{}.{}", target(p).policy, lever_path(p));
}

TEST(LeverTableTest, KeysAndAttributesAreUnique) {
  std::set<std::string> keys;
  std::set<std::string> attributes;
  for (const LeverParameter& p : LEVER_PARAMETERS) {
    EXPECT_TRUE(keys.insert(lever_path(p)).second) << lever_path(p) << " twice";
    EXPECT_TRUE(attributes.insert(p.hdf5).second) << p.hdf5 << " twice";
  }
}

TEST(LeverTableTest, EachParameterHasTheAccessorOfItsKindAndADescription) {
  for (const LeverParameter& p : LEVER_PARAMETERS) {
    const LeverMember& f = p.member;
    const LeverKind k = f.kind;
    SCOPED_TRACE(lever_path(p));
    EXPECT_EQ(f.real.get != nullptr && f.real.set != nullptr, k == LeverKind::real);
    EXPECT_EQ(f.integer.get != nullptr && f.integer.set != nullptr, k == LeverKind::integer);
    EXPECT_EQ(f.flag.get != nullptr && f.flag.set != nullptr, k == LeverKind::flag);
    EXPECT_EQ(f.option.get != nullptr && f.option.set != nullptr, k == LeverKind::option);
    EXPECT_EQ(f.organisation_groups.get != nullptr, k == LeverKind::organisation_groups);
    EXPECT_EQ(f.sector_list.get != nullptr, k == LeverKind::sector_list);
    EXPECT_EQ(p.options != nullptr, k == LeverKind::option);
    const bool numeric = k == LeverKind::real || k == LeverKind::integer;
    EXPECT_EQ(std::string(p.unit).empty(), !numeric) << "a unit for numbers, none otherwise";
    EXPECT_FALSE(std::string(p.why).empty());
    EXPECT_FALSE(std::string(p.doc).empty());
    EXPECT_EQ(std::string(p.hdf5).rfind(std::string(p.section) + ".", 0), 0u)
        << "the attribute is named under its lever";
  }
}

TEST(LeverTableTest, EachKeySetsItsOwnMemberAndNoOther) {
  for (const LeverParameter& p : LEVER_PARAMETERS) {
    if (is_name_list(p)) continue;  // NameListsResolveNames
    SCOPED_TRACE(lever_path(p));
    const Target t = target(p);
    const Policy before = load_with({}, t.file).policies[t.policy];
    const std::string value = other_value(p, before);
    const Policy after = load_with({set_path(p) + "=" + value}, t.file).policies[t.policy];
    EXPECT_EQ(value_text(p, after), value);
    for (const LeverParameter& other : LEVER_PARAMETERS) {
      if (&other == &p) continue;
      EXPECT_EQ(value_text(other, after), value_text(other, before))
          << lever_path(other) << " changed too";
    }
  }
}

TEST(LeverTableTest, NameListsResolveNames) {
  const Scenario s = load_with({"policies.cell.triage.sectors=[water, telecom]",
                                "policies.cell.sharing={mode: partners, partners: "
                                "[[national-csirt, grid-csirt]]}"});
  const Policy& cell = s.policies[CELL];
  EXPECT_EQ(cell.triage.sector_priority, (SectorList{2, 1}));
  ASSERT_EQ(cell.sharing.partner_groups.size(), 1u);
  EXPECT_EQ(cell.sharing.partner_groups[0], (std::vector<OrgIndex>{1, 0}));
}

//! Values just outside the range of `p`, as YAML text.
std::vector<std::string> outside_values(const LeverParameter& p) {
  std::vector<std::string> values;
  if (p.member.kind == LeverKind::integer) {
    values.push_back(fmt::format("{}", p.integer_range.min - 1));
    if (p.integer_range.max < std::numeric_limits<std::int64_t>::max()) {
      values.push_back(fmt::format("{}", p.integer_range.max + 1));
    }
  } else if (p.member.kind == LeverKind::real) {
    const NumberRule& r = p.real_range;
    if (std::isfinite(r.min)) values.push_back(fmt::format("{}", r.min_open ? r.min : r.min - 0.5));
    if (std::isfinite(r.max)) values.push_back(fmt::format("{}", r.max_open ? r.max : r.max + 0.5));
  } else if (p.member.kind == LeverKind::option) {
    values.emplace_back("bogus");
  } else if (p.member.kind == LeverKind::flag) {
    values.emplace_back("maybe");
  }
  return values;
}

TEST(LeverTableTest, ValuesOutsideTheRangeAreRefusedWithTheRange) {
  for (const LeverParameter& p : LEVER_PARAMETERS) {
    for (const std::string& value : outside_values(p)) {
      SCOPED_TRACE(lever_path(p) + "=" + value);
      try {
        load_with({set_path(p) + "=" + value}, target(p).file);
        ADD_FAILURE() << "accepted";
      } catch (const ValueError& e) {
        EXPECT_EQ(e.where().file, "--set " + set_path(p));
        EXPECT_THAT(e.what(), HasSubstr(fmt::format("policies[{}].{}: value '{}' is ",
                                                    target(p).policy, lever_path(p), value)));
        EXPECT_THAT(e.what(), HasSubstr(lever_range_text(p)));
      }
    }
  }
}

TEST(LeverTableTest, UnknownKeysOfALeverAreRefusedWithASuggestion) {
  try {
    load_with({"policies.cell.crisis.surgee=1"});
    ADD_FAILURE() << "accepted";
  } catch (const UnknownKeyError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unknown key 'surgee' in policies[1].crisis"));
    EXPECT_THAT(e.what(), HasSubstr("did you mean 'surge'?"));
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

//! The cells of a markdown table row "| a | b |", trimmed.
std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::size_t start = row.find('|');
  while (start != std::string::npos) {
    const std::size_t end = row.find('|', start + 1);
    if (end == std::string::npos) break;
    std::string cell = row.substr(start + 1, end - start - 1);
    cell.erase(0, cell.find_first_not_of(' '));
    cell.erase(cell.find_last_not_of(' ') + 1);
    out.push_back(cell);
    start = end;
  }
  return out;
}

const std::string SCENARIO_FORMAT = std::string(CYRES_SOURCE_DIR) + "/docs/scenario-format.md";

TEST(LeverTableTest, DocsListEveryParameterAsTheTableDescribesIt) {
  const std::string text = read_file(SCENARIO_FORMAT);
  const std::size_t section = text.find("### Policy levers");
  ASSERT_NE(section, std::string::npos) << SCENARIO_FORMAT << " has no 'Policy levers' section";
  std::map<std::string, std::vector<std::string>> rows;  // key -> cells
  std::istringstream lines(text.substr(section, text.find("\n### ", section + 1) - section));
  for (std::string line; std::getline(lines, line);) {
    const std::vector<std::string> row = cells(line);
    if (row.size() == 7 && row[0].starts_with('`')) rows[row[0]] = row;
  }
  for (const LeverParameter& p : LEVER_PARAMETERS) {
    const std::string key = "`" + lever_path(p) + "`";
    const std::vector<std::string> expected = {key,
                                               lever_kind_name(p.member.kind),
                                               lever_range_text(p),
                                               p.why,
                                               p.unit,
                                               fmt::format("`{}`", p.hdf5),
                                               p.doc};
    const auto found = rows.find(key);
    if (found == rows.end()) {
      ADD_FAILURE() << SCENARIO_FORMAT << " lists no " << key << "; expected the row\n| "
                    << fmt::format("{}", fmt::join(expected, " | ")) << " |";
      continue;
    }
    EXPECT_EQ(found->second, expected)
        << "expected the row\n| " << fmt::format("{}", fmt::join(expected, " | ")) << " |";
    rows.erase(found);
  }
  for (const auto& [key, row] : rows) {
    ADD_FAILURE() << SCENARIO_FORMAT << " lists " << key << ", which is not in the lever table";
  }
}

TEST(LeverTableTest, DocsExampleShowsEveryKeyUnderItsLever) {
  const std::string text = read_file(SCENARIO_FORMAT);
  const std::size_t block = text.find("\npolicies:");
  ASSERT_NE(block, std::string::npos);
  const std::string example = text.substr(block, text.find("```", block) - block);
  for (const std::string_view section : lever_sections()) {
    // "    sharing:     {mode: ..., delay: 24}", possibly over several lines
    const std::regex mapping("\\n\\s+" + std::string(section) + ":\\s+\\{([^}]*)\\}");
    std::smatch match;
    ASSERT_TRUE(std::regex_search(example, match, mapping)) << section << " not in the example";
    std::vector<std::string> shown;
    const std::regex key("(?:^|[{,]\\s*)([a-z_]+):");
    const std::string body = "{" + match[1].str();
    for (auto it = std::sregex_iterator(body.begin(), body.end(), key);
         it != std::sregex_iterator(); ++it) {
      shown.push_back((*it)[1].str());
    }
    std::vector<std::string> expected;
    for (const std::string_view k : lever_keys(section)) expected.emplace_back(k);
    EXPECT_EQ(shown, expected) << section;
  }
}

}  // namespace
}  // namespace cyres
