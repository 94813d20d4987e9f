#include "base/text.h"
#include "base/echoed_text.h"

#include <gtest/gtest.h>

namespace vmqkit {
namespace {

TEST(Text, CaseFoldsAsciiLettersOnly) {
  EXPECT_TRUE(EqualsIgnoreCase("*VMQ", "*vmq"));
  EXPECT_FALSE(EqualsIgnoreCase("*VMQ", "*VMQ "));
  EXPECT_FALSE(EqualsIgnoreCase("\xC4", "\xE4"));  // Latin-1 letters stay as they are
  EXPECT_EQ(ToLower("Ndi\\Params"), "ndi\\params");
}

TEST(Text, PrefixesAndSuffixes) {
  EXPECT_TRUE(StartsWithIgnoreCase("Strings.0409", "strings."));
  EXPECT_TRUE(EndsWithIgnoreCase("Install.NT.HW", ".hw"));
  EXPECT_FALSE(EndsWithIgnoreCase("hw", ".hw"));
  EXPECT_EQ(StripPrefixIgnoreCase("ndis_status_success", "NDIS_STATUS_"), "success");
  EXPECT_EQ(StripPrefixIgnoreCase("SUCCESS", "NDIS_STATUS_"), "SUCCESS");
}

// E-955: echoed input text is clipped, so a 400 KB line is never printed back.
TEST(Text, EchoedTextIsClippedAtTheLimit) {
  EXPECT_EQ(ClipEchoedText("short"), "short");
  const std::string exact(kEchoedTextLimit, 'x');
  EXPECT_EQ(ClipEchoedText(exact), exact);
  const std::string huge(400 * 1024, 'y');
  const std::string clipped = ClipEchoedText(huge);
  EXPECT_EQ(clipped, std::string(kEchoedTextLimit, 'y') + "... (409600 bytes)");
}

TEST(Text, EchoedTextIsClippedAtACharacterBoundary) {
  // "\xC3\xA4" (a-umlaut) straddles the limit of 3: the cut falls before it, not inside it.
  EXPECT_EQ(ClipEchoedText("ab\xC3\xA4" "cd", 3), "ab... (6 bytes)");
  EXPECT_EQ(ClipEchoedText("abcdef", 0), "... (6 bytes)");
}

TEST(Text, HexNumbers) {
  EXPECT_EQ(ParseHexU32("0x1F"), 31u);
  EXPECT_EQ(ParseHexU32("0XfFfFfFfF"), 0xFFFFFFFFu);
  EXPECT_EQ(ParseHexU32("0x"), std::nullopt);
  EXPECT_EQ(ParseHexU32("0x100000000"), std::nullopt);
  EXPECT_EQ(ParseHexU32("31"), std::nullopt);
}

}  // namespace
}  // namespace vmqkit
