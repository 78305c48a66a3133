#include <gtest/gtest.h>

#include "harness/report/report.h"
#include "harness/report/report_test_util.h"

namespace kc::report {
namespace {

using testing::AllVerdictsReport;
using testing::HostileReport;
using testing::MarkupProblems;

std::size_t Count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(JUnitTest, OneSuiteWithCountsAndOneTestcasePerRule) {
  const std::string xml = ToJUnit(AllVerdictsReport());
  EXPECT_EQ(MarkupProblems(xml, false), "");
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite "));
  EXPECT_NE(xml.find("<testsuite name=\"kmsconform 2022 http://127.0.0.1:4566\" tests=\"5\" "
                     "failures=\"1\" errors=\"1\" skipped=\"1\" time=\"1.7\""),
            std::string::npos)
      << xml;
  EXPECT_EQ(Count(xml, "<testsuite "), 1u);
  EXPECT_EQ(Count(xml, "<testcase "), 5u);
  EXPECT_NE(xml.find("<testcase classname=\"gpfi\" name=\"gpfi.origin-external-only\" time=\"0\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"dikm\" name=\"dikm.lifecycle\""), std::string::npos);
}

TEST(JUnitTest, VerdictsMapToJUnitElements) {
  const std::string xml = ToJUnit(AllVerdictsReport());
  EXPECT_NE(xml.find("<failure message=\"accepted an unknown key\" type=\"fail\">accepted an "
                     "unknown key\nexpected: expected of gpfi.key-not-found\nactual: actual of "
                     "gpfi.key-not-found\n"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<error message=\"setup CreateKey failed\" type=\"error\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"no clock control (--clock none)\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<system-out>warn: another plausible type\n"), std::string::npos);
  EXPECT_EQ(Count(xml, "<failure "), 1u);
  EXPECT_EQ(Count(xml, "<error "), 1u);
  EXPECT_EQ(Count(xml, "<skipped "), 1u);
}

TEST(JUnitTest, HostileTextIsEscapedAndIllegalCharactersStripped) {
  const std::string xml = ToJUnit(HostileReport());
  EXPECT_EQ(MarkupProblems(xml, false), "");
  EXPECT_EQ(xml.find("<script>"), std::string::npos);
  EXPECT_NE(xml.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(xml.find('\x0b'), std::string::npos);
  EXPECT_EQ(xml.find('\xff'), std::string::npos);
  // Every rule's message attribute stays inside its quotes.
  EXPECT_NE(
      xml.find("message=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;q&apos;"),
      std::string::npos);
}

}  // namespace
}  // namespace kc::report
