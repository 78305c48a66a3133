#include <gtest/gtest.h>

#include "harness/report/report.h"
#include "harness/report/report_test_util.h"

namespace kc::report {
namespace {

using testing::AllVerdictsReport;
using testing::HostileReport;
using testing::MarkupProblems;
using testing::SmallReport;

std::size_t Count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(HtmlTest, SelfContainedAndWellFormed) {
  const std::string html = ToHtml(AllVerdictsReport());
  EXPECT_EQ(MarkupProblems(html, true), "");
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n"));
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  // Nothing that could fetch anything: no scripts, links, images, fonts, imports or URLs
  // in attributes; the only links are relative ones to the files beside the report.
  for (std::string_view banned :
       {"<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "@font-face"}) {
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  }
  for (std::size_t at = html.find("href=\""); at != std::string::npos;
       at = html.find("href=\"", at + 1)) {
    const std::string target = html.substr(at + 6, html.find('"', at + 6) - at - 6);
    EXPECT_EQ(target.find(':'), std::string::npos) << target;
    EXPECT_FALSE(target.starts_with("/")) << target;
    EXPECT_TRUE(target.starts_with("repro/") || target == "target.log") << target;
  }
}

TEST(HtmlTest, SummaryRowsAndColours) {
  const std::string html = ToHtml(AllVerdictsReport());
  EXPECT_NE(html.find("<span class=\"badge pass\">1 pass</span><span class=\"badge fail\">1 fail"),
            std::string::npos);
  for (std::string_view v : {"pass", "fail", "warn", "skip", "error"}) {
    EXPECT_EQ(Count(html, "<tbody class=\"rule " + std::string(v) + "\""), 1u) << v;
  }
  EXPECT_NE(html.find("--pass:#1a7f37"), std::string::npos);
  EXPECT_NE(html.find("<code>gpfi.key-not-found</code>"), std::string::npos);
}

TEST(HtmlTest, DetailsForEveryRuleExpectedVsActualForDeparturesOnly) {
  const std::string html = ToHtml(AllVerdictsReport());
  EXPECT_EQ(Count(html, "<details"), AllVerdictsReport().rules.size());
  EXPECT_EQ(Count(html, "<h3>Expected</h3>"), 3u);
  EXPECT_NE(html.find("<h3>Expected</h3><pre>expected of gpfi.key-not-found</pre>"),
            std::string::npos);
  EXPECT_NE(html.find("<blockquote>\u201csource sentence\u201d<footer>\u2014 source ref</footer>"),
            std::string::npos);
  EXPECT_NE(html.find("<pre class=\"req\">POST / HTTP/1.1\nX-Amz-Target: TrentService.CreateKey\n"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<pre class=\"repro\">#!/bin/sh\necho gpfi.key-not-found\n</pre>"),
            std::string::npos);
  EXPECT_NE(html.find("(no response: UNAVAILABLE: connection closed before a response)"),
            std::string::npos);
}

TEST(HtmlTest, EachCheckShowsTheControlsItRestsOn) {
  RunReport r = SmallReport();
  Check refused;
  refused.what = "A's token used for key B";
  refused.verdict = Verdict::kPass;
  refused.refusal = true;
  refused.controls = {"c1"};
  refused.exchange = 1;
  r.rules[0].checks = {refused};
  r.rules[0].controls = {Control{"c1", "A's token imports A's material into A",
                                 ControlStatus::kPassed, "HTTP 200 (accepted)"}};
  const std::string html = ToHtml(r);
  EXPECT_EQ(MarkupProblems(html, true), "");
  EXPECT_NE(html.find("<span class=\"ctl passed\" title=\"A&#39;s token imports A&#39;s "
                      "material into A: HTTP 200 (accepted)\">c1 passed</span>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<h3>Controls</h3>"), std::string::npos);
  const std::string md = ToMarkdown(r);
  EXPECT_NE(md.find("| pass | A's token used for key B |  | #1 | c1 passed |"), std::string::npos)
      << md;
}

TEST(HtmlTest, ScriptInAResponseBodyIsEscaped) {
  RunReport r = SmallReport();
  r.rules[0].evidence[0].response->body = "<script>alert(document.cookie)</script>";
  const std::string html = ToHtml(r);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(document.cookie)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(MarkupProblems(html, true), "");
}

TEST(HtmlTest, HostileTextEverywhereIsEscaped) {
  const std::string html = ToHtml(HostileReport());
  EXPECT_EQ(MarkupProblems(html, true), "");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find('\x01'), std::string::npos);
  EXPECT_EQ(html.find('\xff'), std::string::npos);
  EXPECT_EQ(Count(html, "<tbody class=\"rule "), 5u);
}

}  // namespace
}  // namespace kc::report
