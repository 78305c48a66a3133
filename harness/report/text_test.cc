#include "harness/report/text.h"

#include <gtest/gtest.h>

#include "harness/report/report.h"

namespace kc::report {
namespace {

TEST(VerdictTest, NamesRoundTrip) {
  for (Verdict v :
       {Verdict::kPass, Verdict::kFail, Verdict::kWarn, Verdict::kSkip, Verdict::kError}) {
    EXPECT_EQ(ParseVerdict(VerdictName(v)), v);
  }
  EXPECT_EQ(VerdictName(Verdict::kWarn), "warn");
  EXPECT_FALSE(ParseVerdict("PASS"));
  EXPECT_FALSE(ParseVerdict(""));
}

TEST(RuleGroupTest, PrefixBeforeTheFirstDot) {
  EXPECT_EQ(RuleGroup("ikm.token-bound-to-key"), "ikm");
  EXPECT_EQ(RuleGroup("gpfi.a.b"), "gpfi");
  EXPECT_EQ(RuleGroup("nodot"), "other");
  EXPECT_EQ(RuleGroup(".x"), "other");
}

TEST(BodyForReportTest, TextIsKeptAsIs) {
  EXPECT_EQ(BodyForReport("{\"a\":\"\xc3\xa9\"}\n\t"), "{\"a\":\"\xc3\xa9\"}\n\t");
  EXPECT_EQ(BodyForReport(""), "");
}

TEST(BodyForReportTest, BinaryBecomesBase64) {
  EXPECT_EQ(BodyForReport(std::string("\x00\x01", 2)), "base64:AAE=");
  EXPECT_EQ(BodyForReport("\xff"), "base64:/w==");
  EXPECT_EQ(BodyForReport("\xc0\xaf"), "base64:wK8=");      // overlong '/'
  EXPECT_EQ(BodyForReport("\xed\xa0\x80"), "base64:7aCA");  // surrogate
  // A text body that starts with the marker is encoded too, so it cannot be misread.
  EXPECT_EQ(BodyForReport("base64:xyz"), "base64:YmFzZTY0Onh5eg==");
}

TEST(Utf8Test, WellFormednessFollowsRfc3629) {
  EXPECT_TRUE(IsUtf8("plain"));
  EXPECT_TRUE(IsUtf8("\xe2\x82\xac\xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsUtf8("\xe2\x82"));          // truncated
  EXPECT_FALSE(IsUtf8("\xe0\x80\xaf"));      // overlong
  EXPECT_FALSE(IsUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsUtf8("\x80"));
  EXPECT_EQ(SanitizeUtf8("a\xff"
                         "b"),
            "a\xef\xbf\xbd"
            "b");
}

TEST(XmlEscapeTest, EscapesMarkupAndDropsIllegalCharacters) {
  EXPECT_EQ(XmlEscape("<a href=\"x\">&'</a>", false), "&lt;a href=\"x\"&gt;&amp;'&lt;/a&gt;");
  EXPECT_EQ(XmlEscape("<a href=\"x\">&'", true), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
  EXPECT_EQ(XmlEscape(std::string("a\x00"
                                  "b\x01\x1f"
                                  "c",
                                  6),
                      false),
            "abc");
  EXPECT_EQ(XmlEscape("\xef\xbf\xbe\xef\xbf\xbf", false), "");  // U+FFFE, U+FFFF
  EXPECT_EQ(XmlEscape("]]>", false), "]]&gt;");
  EXPECT_EQ(XmlEscape("a\nb\tc\rd", true), "a&#10;b&#9;c&#13;d");
  EXPECT_EQ(XmlEscape("a\nb\tc", false), "a\nb\tc");
  EXPECT_EQ(XmlEscape("\xff", false), "\xef\xbf\xbd");
}

TEST(HtmlEscapeTest, EscapesMarkup) {
  EXPECT_EQ(HtmlEscape("<script>alert('x')</script>&\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
  EXPECT_EQ(HtmlEscape(std::string("\x00", 1)), "\xef\xbf\xbd");
  EXPECT_EQ(HtmlEscape("\xc2\x85"), "\xef\xbf\xbd");  // C1 control
  EXPECT_EQ(HtmlEscape("line\nnext"), "line\nnext");
}

TEST(MarkdownTest, InlineEscapesMarkupAndJoinsLines) {
  EXPECT_EQ(MarkdownInline("a|b\nc"), "a\\|b c");
  EXPECT_EQ(MarkdownInline("<b>*x*_`y`</b>"), "\\<b\\>\\*x\\*\\_\\`y\\`\\</b\\>");
  EXPECT_EQ(MarkdownInline("[l](u)"), "\\[l\\](u)");
  EXPECT_EQ(MarkdownInline("ikm.token-bound-to-key"), "ikm.token-bound-to-key");
}

TEST(MarkdownTest, FenceIsLongerThanAnyBacktickRun) {
  EXPECT_EQ(MarkdownFence("x", "sh"), "```sh\nx\n```\n");
  EXPECT_EQ(MarkdownFence("a ```` b\n", ""), "`````\na ```` b\n`````\n");
  EXPECT_EQ(MarkdownFence("", "text"), "```text\n```\n");
}

TEST(TruncateBodyTest, CutsAtACharacterBoundaryWithANote) {
  EXPECT_EQ(TruncateBody("short", 10), "short");
  const std::string cut = TruncateBody(
      "ab\xe2\x82\xac"
      "cd",
      3);  // cut inside the euro sign
  EXPECT_TRUE(cut.starts_with("ab\n")) << cut;
  EXPECT_NE(cut.find("truncated: 5 more bytes"), std::string::npos) << cut;
  EXPECT_TRUE(IsUtf8(cut));
}

TEST(FormatSecondsTest, AtMostThreeDecimals) {
  EXPECT_EQ(FormatSeconds(1.7), "1.7");
  EXPECT_EQ(FormatSeconds(2), "2");
  EXPECT_EQ(FormatSeconds(0.0004), "0");
  EXPECT_EQ(FormatSeconds(0.0125), "0.013");
  EXPECT_EQ(FormatSeconds(std::numeric_limits<double>::quiet_NaN()), "0");
}

TEST(ExchangeTextTest, RequestAndResponseAsHttp) {
  Evidence e;
  e.request = HttpRequestRecord{"POST", "/", {{"Host", "h"}, {"X-Amz-Target", "T.Op"}}, "{}"};
  e.response = HttpResponseRecord{
      400, {{"Content-Type", "application/x-amz-json-1.1"}}, "{\"__type\":\"X\"}"};
  EXPECT_EQ(RequestText(e, 100), "POST / HTTP/1.1\nHost: h\nX-Amz-Target: T.Op\n\n{}\n");
  EXPECT_EQ(ResponseText(e, 100),
            "HTTP/1.1 400\nContent-Type: application/x-amz-json-1.1\n\n{\"__type\":\"X\"}\n");
  e.response.reset();
  e.transport_error = "DEADLINE_EXCEEDED: no reply within 1 s";
  EXPECT_EQ(ResponseText(e, 100), "(no response: DEADLINE_EXCEEDED: no reply within 1 s)\n");
}

}  // namespace
}  // namespace kc::report
