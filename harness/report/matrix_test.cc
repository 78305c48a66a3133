#include <gtest/gtest.h>

#include "harness/report/report.h"
#include "harness/report/report_test_util.h"

namespace kc::report {
namespace {

using testing::MarkupProblems;

RuleResult Rule(std::string id, Verdict v, std::string reason = "why") {
  RuleResult r;
  r.id = std::move(id);
  r.status = v;
  r.reason = std::move(reason);
  return r;
}

// Two runs with different rule sets, each in catalogue order: a 2022 run against the mock
// and a 2026 run against a spawned emulator, which lacks the 2022-only rules and has a rule
// the catalogue does not know.
std::vector<RunReport> TwoRuns() {
  RunReport a;
  a.profile = "2022";
  a.target.kind = "embedded";
  a.target.endpoint = "http://127.0.0.1:1";
  a.rules = {
      Rule("gpfi.origin-external-only", Verdict::kPass), Rule("gpfi.no-asymmetric", Verdict::kPass),
      Rule("ikm.token-bound-to-key", Verdict::kPass), Rule("proto.robustness", Verdict::kPass)};
  RunReport b;
  b.profile = "2026";
  b.target.kind = "spawn";
  b.target.endpoint = "http://127.0.0.1:2";
  b.target.command = "moto_server -p {port}";
  b.rules = {Rule("gpfi.origin-external-only", Verdict::kFail, "HTTP 500 <b>boom</b>"),
             Rule("ikm.token-bound-to-key", Verdict::kWarn),
             Rule("proto.robustness", Verdict::kError), Rule("zzz.custom-rule", Verdict::kSkip)};
  return {a, b};
}

TEST(MatrixTest, MarkdownIsRulesByRuns) {
  const std::string md = MatrixMarkdown(TwoRuns());
  EXPECT_NE(md.find("| rule | embedded mock-kms (profile 2022) | moto\\_server (profile 2026) |"),
            std::string::npos)
      << md;
  // Union of the rules in catalogue order; the unknown rule last; "—" where not run.
  const std::string expected_rows =
      "| gpfi.origin-external-only | pass | **fail** |\n"
      "| gpfi.no-asymmetric | pass | \u2014 |\n"
      "| ikm.token-bound-to-key | pass | warn |\n"
      "| proto.robustness | pass | **error** |\n"
      "| zzz.custom-rule | \u2014 | skip |\n"
      "| **summary** | 4 pass, 0 fail, 0 warn, 0 skip, 0 error | 0 pass, 1 fail, 1 warn, 1 skip, 1 "
      "error |\n";
  EXPECT_NE(md.find(expected_rows), std::string::npos) << md;
}

TEST(MatrixTest, HtmlCellsAreColouredWithTheReasonAsTooltip) {
  const std::string html = MatrixHtml(TwoRuns());
  EXPECT_EQ(MarkupProblems(html, true), "");
  EXPECT_NE(
      html.find(
          "<span class=\"badge fail\" title=\"HTTP 500 &lt;b&gt;boom&lt;/b&gt;\">fail</span>"),
      std::string::npos)
      << html;
  EXPECT_NE(html.find("<th title=\"started , seed 0, clock , region \">moto_server (profile "
                      "2026)</th>"),
            std::string::npos)
      << html;
  // gpfi.no-asymmetric comes before ikm.* (catalogue order) and zzz.* is last.
  const auto asym = html.find("<code>gpfi.no-asymmetric</code>");
  const auto ikm = html.find("<code>ikm.token-bound-to-key</code>");
  const auto zzz = html.find("<code>zzz.custom-rule</code>");
  ASSERT_NE(asym, std::string::npos);
  EXPECT_LT(asym, ikm);
  EXPECT_LT(ikm, zzz);
  EXPECT_NE(
      html.find(
          "<tfoot><tr><th>summary</th><td class=\"cell\"><span class=\"badge pass\">4 pass</span>"),
      std::string::npos);
}

TEST(MatrixTest, SameLabelTwiceGetsANumber) {
  std::vector<RunReport> runs = TwoRuns();
  runs.push_back(runs[0]);
  const std::string md = MatrixMarkdown(runs);
  EXPECT_NE(md.find("embedded mock-kms (profile 2022) \\#2"), std::string::npos);
}

TEST(MatrixTest, ANameReplacesTheDefaultLabel) {
  std::vector<RunReport> runs = TwoRuns();
  runs[1].target.name = "moto 5.2.1";
  const std::string md = MatrixMarkdown(runs);
  EXPECT_NE(md.find("| moto 5.2.1 (profile 2026) |"), std::string::npos) << md;
  EXPECT_EQ(ProgramName("FOO=1 /usr/local/bin/floci --port {port}"), "floci");
  EXPECT_EQ(ProgramName("'/opt/my emu' -p {port}"), "my emu");
  EXPECT_EQ(ProgramName("env A=1 python3 -m moto.server"), "python3");
  EXPECT_EQ(ProgramName("  local-kms"), "local-kms");
}

TEST(MatrixTest, EmptyIsStillAPage) {
  EXPECT_EQ(MarkupProblems(MatrixHtml({}), true), "");
  EXPECT_NE(MatrixMarkdown({}).find("0 rules"), std::string::npos);
}

}  // namespace
}  // namespace kc::report
