// UTF-8 checks and the escaping that keeps every message one printable line.
#include <gtest/gtest.h>

#include <string>

#include "sim/core/error.hpp"
#include "sim/core/text.hpp"

namespace cyres {
namespace {

using namespace std::string_literals;

TEST(Utf8, WellFormedTextHasNoInvalidByte) {
  EXPECT_EQ(first_invalid_utf8(""), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("plain ASCII"), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("Z\xC3\xBCrich \xE2\x82\xAC \xF0\x9F\x94\x92"), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("\xEF\xBB\xBF"
                               "bom"),
            std::nullopt);
}

TEST(Utf8, TheFirstMalformedByteIsFound) {
  EXPECT_EQ(first_invalid_utf8("caf\xE9"), 3u);           // Latin-1 e acute
  EXPECT_EQ(first_invalid_utf8("ab\x80"), 2u);            // lone continuation byte
  EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(first_invalid_utf8("\xE0\x80\xAF"), 0u);      // overlong, three bytes
  EXPECT_EQ(first_invalid_utf8("x\xED\xA0\x80"), 1u);     // UTF-16 surrogate
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("ok\xE2\x82"), 2u);        // truncated at the end
  EXPECT_EQ(first_invalid_utf8("\xFF\xFE"
                               "a\0b"s),
            0u);  // UTF-16 byte-order mark
}

TEST(ControlCharacters, TabsAndLineBreaksAreText) {
  EXPECT_EQ(first_control_character("a\tb\r\nc"), std::nullopt);
  EXPECT_EQ(first_control_character("a\0b"s), 1u);
  EXPECT_EQ(first_control_character("ab\x1b[31m"), 2u);
  EXPECT_EQ(first_control_character("del\x7f"), 3u);
}

TEST(EscapeControl, KeepsPrintableTextAndUtf8) {
  EXPECT_EQ(escape_control("Z\xC3\xBCrich, 'x' \\ y"), "Z\xC3\xBCrich, 'x' \\ y");
}

TEST(EscapeControl, ControlCharactersAndStrayBytesBecomeEscapes) {
  EXPECT_EQ(escape_control("a\nb"), "a\\nb");
  EXPECT_EQ(escape_control("a\r\tb"), "a\\r\\tb");
  EXPECT_EQ(escape_control("a\0b"s), "a\\0b");
  EXPECT_EQ(escape_control("\x1b[31mred"), "\\x1B[31mred");
  EXPECT_EQ(escape_control("caf\xE9!"), "caf\\xE9!");
  EXPECT_EQ(escape_control("\x7f"), "\\x7F");
}

TEST(InputErrorText, MessageAndLocationAreOnePrintableLine) {
  const ValueError e({"dir\nname/scenario.yaml", 3, 4}, "value 'a\nb\0c'"s);
  EXPECT_STREQ(e.what(), "dir\\nname/scenario.yaml:3:4: value 'a\\nb\\0c'");
  EXPECT_EQ(e.detail(), "value 'a\\nb\\0c'");
  EXPECT_EQ(e.where().file, "dir\nname/scenario.yaml");  // the path itself is kept
}

}  // namespace
}  // namespace cyres
