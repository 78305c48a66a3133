#include <gtest/gtest.h>

#include "harness/report/report.h"
#include "harness/report/report_test_util.h"

namespace kc::report {
namespace {

using testing::AllVerdictsReport;
using testing::HostileReport;
using testing::SmallReport;

TEST(MarkdownTest, HeaderSummaryAndTable) {
  const std::string md = ToMarkdown(AllVerdictsReport());
  EXPECT_TRUE(md.starts_with("# kmsconform report: http://127.0.0.1:4566\n")) << md;
  EXPECT_NE(md.find("| profile | 2022 |"), std::string::npos);
  EXPECT_NE(md.find("| seed | 42 |"), std::string::npos);
  EXPECT_NE(md.find("| duration | 1.7 s |"), std::string::npos);
  EXPECT_NE(md.find("**5 rules:** 1 pass, 1 fail, 1 warn, 1 skip, 1 error"), std::string::npos);
  EXPECT_NE(md.find("| rule | title | confidence | status | reason |\n|---|---|---|---|---|\n"),
            std::string::npos);
  EXPECT_NE(md.find("| gpfi.key-not-found | title of gpfi.key-not-found | documented | **FAIL** | "
                    "accepted an unknown key |"),
            std::string::npos)
      << md;
}

TEST(MarkdownTest, SectionPerFailWarnAndErrorOnly) {
  const std::string md = ToMarkdown(AllVerdictsReport());
  EXPECT_NE(md.find("### FAIL: gpfi.key-not-found"), std::string::npos);
  EXPECT_NE(md.find("### WARN: ikm.key-state"), std::string::npos);
  EXPECT_NE(md.find("### ERROR: dikm.lifecycle"), std::string::npos);
  EXPECT_EQ(md.find("### PASS"), std::string::npos);
  EXPECT_EQ(md.find("### SKIP"), std::string::npos);
  EXPECT_NE(md.find("**Expected**\n\n```text\nexpected of gpfi.key-not-found\n```\n"),
            std::string::npos);
  EXPECT_NE(md.find("> \u201csource sentence\u201d\n>\n> \u2014 source ref\n"), std::string::npos);
  EXPECT_NE(md.find("```sh\n#!/bin/sh\necho gpfi.key-not-found\n```\n"), std::string::npos);
  EXPECT_NE(md.find("```http\nPOST / HTTP/1.1\nX-Amz-Target: TrentService.CreateKey\n\n{}\n```"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("(no response: UNAVAILABLE: connection closed before a response)"),
            std::string::npos);
  EXPECT_NE(md.find("#2 **probe** probe"), std::string::npos) << md;
}

TEST(MarkdownTest, LongBodiesAreTruncatedWithANote) {
  RunReport r = SmallReport();
  r.rules[0].evidence[0].response->body = std::string(10000, 'x');
  const std::string md = ToMarkdown(r);
  EXPECT_EQ(md.find(std::string(3000, 'x')), std::string::npos);
  EXPECT_NE(md.find("truncated: 7952 more bytes; the whole body is in report.json"),
            std::string::npos);
}

// OutsideFences: the Markdown with every fenced code block removed (what a renderer reads as
// markup rather than literal text).
std::string OutsideFences(std::string_view md) {
  std::string out;
  std::string fence;
  std::size_t pos = 0;
  while (pos < md.size()) {
    std::size_t end = md.find('\n', pos);
    if (end == std::string_view::npos) end = md.size();
    const std::string_view line = md.substr(pos, end - pos);
    std::size_t ticks = 0;
    while (ticks < line.size() && line[ticks] == '`') ++ticks;
    if (fence.empty() && ticks >= 3) {
      fence.assign(ticks, '`');
    } else if (!fence.empty() && ticks >= fence.size() && ticks == line.size()) {
      fence.clear();
    } else if (fence.empty()) {
      out.append(line);
      out += '\n';
    }
    pos = end + 1;
  }
  return out;
}

TEST(MarkdownTest, CommonCausesComeBeforeTheTable) {
  // Three rules that failed on the same reply of GetParametersForImport.
  RunReport r = AllVerdictsReport();
  for (int i = 0; i < 3; ++i) {
    RuleResult rule;
    rule.id = "gpfi.r" + std::to_string(i);
    rule.status = i == 2 ? Verdict::kError : Verdict::kFail;
    Evidence e;
    e.seq = 4;
    e.request.method = "POST";
    e.request.headers = {{"X-Amz-Target", "TrentService.GetParametersForImport"}};
    e.response = HttpResponseRecord{500, {{"Content-Type", "text/html"}}, "<h1>Internal</h1>"};
    rule.evidence = {e};
    Check c;
    c.verdict = rule.status;
    c.exchange = 4;
    rule.checks = {c};
    r.rules.push_back(rule);
  }
  const std::vector<Cause> causes = Causes(r);
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_EQ(causes[0].what,
            "GetParametersForImport answered HTTP 500 text/html (<h1>Internal</h1>)");
  EXPECT_EQ(causes[0].rules, (std::vector<std::string>{"gpfi.r0", "gpfi.r1", "gpfi.r2"}));
  const std::string md = ToMarkdown(r);
  const auto cause = md.find("- **3 rules:** GetParametersForImport answered HTTP 500");
  EXPECT_NE(cause, std::string::npos) << md;
  EXPECT_LT(cause, md.find("## Rules"));
  EXPECT_NE(ToHtml(r).find("<li><b>3 rules:</b> GetParametersForImport answered HTTP 500"),
            std::string::npos);
}

TEST(MarkdownTest, HostileTextCannotBreakOutOfCellsOrFences) {
  const std::string md = ToMarkdown(HostileReport());
  const std::string markup = OutsideFences(md);
  EXPECT_EQ(markup.find("<script>"), std::string::npos) << markup;
  EXPECT_NE(markup.find("\\<script\\>"), std::string::npos);
  EXPECT_NE(md.find("<script>"), std::string::npos);  // literal, inside code blocks
  // The hostile text holds a ``` run: fences around it are longer.
  EXPECT_NE(md.find("````text\n"), std::string::npos);
  // Every table row has exactly the table's column count (no '|' leaked unescaped).
  std::size_t pos = md.find("| rule | title | confidence | status | reason |");
  ASSERT_NE(pos, std::string::npos);
  for (std::size_t rows = 0; rows < 7; ++rows) {
    const std::size_t end = md.find('\n', pos);
    const std::string_view line(md.data() + pos, end - pos);
    std::size_t pipes = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++pipes;
    }
    EXPECT_EQ(pipes, 6u) << line;
    pos = end + 1;
  }
  EXPECT_EQ(md.find('\x01'), std::string::npos);
  EXPECT_EQ(md.find('\xff'), std::string::npos);
}

}  // namespace
}  // namespace kc::report
