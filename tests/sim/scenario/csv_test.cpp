#include "sim/scenario/csv.hpp"

#include <gtest/gtest.h>

namespace cyres {
namespace {

TEST(ScenarioCsvTest, SplitsTrimsAndNumbersPhysicalLines) {
  const CsvTable t = parse_csv("t.csv",
                               "# comment\n"
                               "id , name,weight\r\n"
                               "\n"
                               "a, \"x, y\" ,1\n"
                               "  # indented comment\n"
                               "b,\"say \"\"hi\"\"\",\n");
  EXPECT_EQ(t.header_line, 2);
  EXPECT_EQ(t.header, (std::vector<std::string>{"id", "name", "weight"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].line, 4);
  EXPECT_EQ(t.rows[0].cells, (std::vector<std::string>{"a", "x, y", "1"}));
  EXPECT_EQ(t.rows[1].line, 6);
  EXPECT_EQ(t.rows[1].cells, (std::vector<std::string>{"b", "say \"hi\"", ""}));
}

TEST(ScenarioCsvTest, IgnoresAByteOrderMark) {
  const CsvTable t = parse_csv("t.csv", "\xEF\xBB\xBFid,sector\na,b\n");
  EXPECT_EQ(t.header[0], "id");
}

TEST(ScenarioCsvTest, RejectsMalformedRowsWithTheirLine) {
  try {
    parse_csv("t.csv", "a,b\n1,2\n1,2,3\n");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_EQ(e.where().to_string(), "t.csv:3");
  }
  try {
    parse_csv("t.csv", "a,b\n1,\"2\n");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_EQ(e.where().to_string(), "t.csv:2:3");
  }
  EXPECT_THROW(parse_csv("t.csv", "a,b\n1,\"2\"x\n"), ParseError);
  EXPECT_THROW(parse_csv("t.csv", "# only a comment\n\n"), ParseError);
}

TEST(ScenarioCsvTest, ColumnsAreCheckedAndCellsTyped) {
  const CsvTable t = parse_csv("t.csv", "id,p\na,0.5\nb,\nc,2\n");
  const CsvColumns c(t, {{"id", true}, {"p", false}, {"weight", false}});
  EXPECT_DOUBLE_EQ(c.number(t.rows[0], "p", NumberRule::probability(), 0.1), 0.5);
  EXPECT_DOUBLE_EQ(c.number(t.rows[1], "p", NumberRule::probability(), 0.1), 0.1);
  EXPECT_DOUBLE_EQ(c.number(t.rows[0], "weight", NumberRule::above(0.0), 1.0), 1.0);
  try {
    c.number(t.rows[2], "p", NumberRule::probability(), 0.1);
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_EQ(std::string(e.what()),
              "t.csv:4: column 'p': value '2' is out of range; expected a probability in [0, 1]");
  }
  EXPECT_THROW(CsvColumns(t, {{"id", true}, {"q", false}}), UnknownKeyError);
  EXPECT_THROW(CsvColumns(t, {{"id", true}, {"p", false}, {"sector", true}}), ValueError);
  const CsvTable twice = parse_csv("t.csv", "id,id\n");
  EXPECT_THROW(CsvColumns(twice, {{"id", true}}), ValueError);
}

TEST(ScenarioValueParseTest, NumbersAreLocaleFreeFiniteAndRanged) {
  EXPECT_DOUBLE_EQ(parse_number("0.25", NumberRule::probability()).value, 0.25);
  EXPECT_DOUBLE_EQ(parse_number("+1e-3", NumberRule::probability()).value, 1e-3);
  EXPECT_FALSE(parse_number("0,25", NumberRule::probability()).ok());
  EXPECT_FALSE(parse_number("", NumberRule::probability()).ok());
  EXPECT_FALSE(parse_number("nan", NumberRule::at_least(0)).ok());
  EXPECT_FALSE(parse_number(".inf", NumberRule::at_least(0)).ok());
  EXPECT_FALSE(parse_number("-.inf", {}).ok());
  EXPECT_FALSE(parse_number("0", NumberRule::above(0.0)).ok());
  EXPECT_EQ(parse_number("1.5", NumberRule::probability()).problem,
            "value '1.5' is out of range; expected a probability in [0, 1]");
  EXPECT_EQ(NumberRule::fraction_above_zero().expected(), "a number in (0, 1]");
  EXPECT_EQ(NumberRule::at_least(0).expected(), "a number >= 0");
}

TEST(ScenarioValueParseTest, IntegersRejectFractionsAndFlagAbsurdSizes) {
  const IntRule trials{1, 100'000'000, true};
  EXPECT_EQ(parse_integer("200", trials).value, 200);
  EXPECT_EQ(parse_integer("1e6", trials).value, 1'000'000);
  EXPECT_FALSE(parse_integer("2.5", trials).ok());
  EXPECT_FALSE(parse_integer("abc", trials).ok());
  EXPECT_FALSE(parse_integer("0", trials).ok());
  EXPECT_EQ(parse_integer("0", trials).status, Parsed<std::int64_t>::Status::invalid);
  EXPECT_EQ(parse_integer("100000001", trials).status, Parsed<std::int64_t>::Status::too_large);
  EXPECT_EQ(parse_integer("99999999999999999999999", trials).status,
            Parsed<std::int64_t>::Status::too_large);
  EXPECT_EQ(parse_duration_or_never("never").value, NEVER);
  EXPECT_EQ(parse_duration_or_never("12").value, 12);
  EXPECT_FALSE(parse_duration_or_never("-1").ok());
  EXPECT_TRUE(parse_bool("true").value);
  EXPECT_FALSE(parse_bool("yes").ok());
  EXPECT_EQ(parse_unsigned("18446744073709551615").value, 18446744073709551615ull);
  EXPECT_FALSE(parse_unsigned("-1").ok());
  EXPECT_EQ(parse_choice("both", {"network", "dependency", "both"}).value, 2u);
  EXPECT_EQ(parse_choice("netwrk", {"network", "dependency", "both"}).problem,
            "value 'netwrk' is not one of network, dependency, both; did you mean 'network'?");
}

}  // namespace
}  // namespace cyres
