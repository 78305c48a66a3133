#include "harness/common/utf8.h"

#include <gtest/gtest.h>

namespace kc {
namespace {

TEST(Utf8Test, DecodesWellFormedSequences) {
  EXPECT_EQ(DecodeUtf8("a", 0).value, U'a');
  EXPECT_EQ(DecodeUtf8("\xc3\xa9", 0).value, U'\u00e9');
  EXPECT_EQ(DecodeUtf8("\xe2\x82\xac", 0).value, U'\u20ac');
  EXPECT_EQ(DecodeUtf8("\xe2\x82\xac", 0).length, 3u);
  EXPECT_EQ(DecodeUtf8("\xf0\x9f\x98\x80", 0).value, U'\U0001F600');
  EXPECT_EQ(DecodeUtf8("\xf4\x8f\xbf\xbf", 0).value, U'\U0010FFFF');
}

TEST(Utf8Test, RefusesWhatRfc3629Forbids) {
  for (const char* bad : {"\x80", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80",
                          "\xf0\x80\x80\xaf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xe2\x82",
                          "\xff", "\xc3\x28"}) {
    EXPECT_EQ(DecodeUtf8(bad, 0).length, 0u) << bad;
    EXPECT_FALSE(IsValidUtf8(bad));
  }
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain \xe2\x82\xac \xf0\x9f\x98\x80"));
}

TEST(Utf8Test, EveryScalarValueRoundTrips) {
  for (char32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x800 ? 1 : 97)) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string s;
    AppendUtf8(s, cp);
    const CodePoint c = DecodeUtf8(s, 0);
    ASSERT_EQ(c.length, s.size()) << static_cast<unsigned>(cp);
    ASSERT_EQ(c.value, cp);
  }
}

}  // namespace
}  // namespace kc
