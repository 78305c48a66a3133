#include "harness/sigv4/amz_date.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kc::sigv4 {
namespace {

TEST(AmzDateTest, FormatsTheSuiteTimestamp) {
  EXPECT_EQ(FormatAmzDate(1440938160), "20150830T123600Z");
  EXPECT_EQ(FormatAmzDate(1440938160.999), "20150830T123600Z");  // seconds are floored
  EXPECT_EQ(FormatAmzDate(0), "19700101T000000Z");
  EXPECT_EQ(FormatAmzDate(951782400), "20000229T000000Z");  // leap day
  EXPECT_EQ(FormatAmzDate(1767225599), "20251231T235959Z");
}

TEST(AmzDateTest, FormatIsTotal) {
  EXPECT_EQ(FormatAmzDate(-5), "19700101T000000Z");
  EXPECT_EQ(FormatAmzDate(std::nan("")), "19700101T000000Z");
  EXPECT_EQ(FormatAmzDate(1e300), "99991231T235959Z");
  EXPECT_EQ(FormatAmzDate(kMaxAmzTime), "99991231T235959Z");
  EXPECT_FALSE(IsSignableTime(-1));
  EXPECT_FALSE(IsSignableTime(std::nan("")));
  EXPECT_FALSE(IsSignableTime(INFINITY));
  EXPECT_FALSE(IsSignableTime(kMaxAmzTime + 1));
  EXPECT_TRUE(IsSignableTime(0));
  EXPECT_TRUE(IsSignableTime(kMaxAmzTime));
}

TEST(AmzDateTest, ParseOfFormatIsIdentityOnWholeSeconds) {
  // Every day from 1970 to 2100 at a time of day that moves with it.
  for (std::int64_t day = 0; day < 47482; ++day) {
    const auto t = static_cast<EpochSeconds>(day * 86400 + (day * 7919) % 86400);
    const auto parsed = ParseAmzDate(FormatAmzDate(t));
    ASSERT_TRUE(parsed.has_value()) << FormatAmzDate(t);
    ASSERT_EQ(*parsed, t) << FormatAmzDate(t);
  }
}

TEST(AmzDateTest, ParseRefusesAnythingButTheBasicFormat) {
  for (const char* bad :
       {"", "20150830T123600", "20150830T123600z", "2015-08-30T12:36:00Z", "20150830 123600Z",
        "20150230T123600Z", "20150831T243600Z", "20150831T126000Z", "20150831T123660Z",
        "2015083aT123600Z", "20150830T123600Z ", "+0150830T123600Z", "20151330T123600Z",
        "20150800T123600Z"}) {
    EXPECT_FALSE(ParseAmzDate(bad).has_value()) << bad;
  }
  EXPECT_EQ(*ParseAmzDate("20160229T000000Z"), 1456704000);
}

TEST(HttpDateTest, ParsesImfFixdate) {
  EXPECT_EQ(*ParseHttpDate("Sun, 30 Aug 2015 12:36:00 GMT"), 1440938160);
  EXPECT_EQ(*ParseHttpDate("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
  for (const char* bad : {"Sun, 30 Aug 2015 12:36:00 UTC", "Sunday, 30-Aug-15 12:36:00 GMT",
                          "Sun Aug 30 12:36:00 2015", "Sun, 30 Aug 2015 12:36:00 GMT ",
                          "Sun, 31 Sep 2015 12:36:00 GMT", "Xyz, 30 Aug 2015 12:36:00 GMT",
                          "Sun, 30 Foo 2015 12:36:00 GMT", ""}) {
    EXPECT_FALSE(ParseHttpDate(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace kc::sigv4
