// The whole suite against the embedded mock: every rule of each profile passes (0 fail,
// 0 error). The proof that each check can also fail is the fault matrix (harness/e2e).
#include "harness/runner/runner.h"

#include <cstdio>
#include <filesystem>

#include <gtest/gtest.h>

#include "harness/contract/rules.h"

namespace kc::runner {
namespace {

RunOptions Embedded(contract::Profile profile, const std::string& dir) {
  RunOptions o;
  o.target.kind = TargetOptions::Kind::kEmbedded;
  o.target.profile = profile;
  o.target.region = "us-east-1";
  o.target.credentials = sigv4::Credentials{"test", "test", ""};
  o.target.key_cache = KC_TEST_KEY_CACHE;
  o.report_dir = dir;
  o.seed = 42;
  o.jobs = 4;
  return o;
}

class EmbeddedRunTest : public ::testing::TestWithParam<contract::Profile> {};

TEST_P(EmbeddedRunTest, EveryRulePassesAgainstTheCleanMock) {
  const contract::Profile profile = GetParam();
  const std::string dir = ::testing::TempDir() + "kc-run-" + std::string(contract::ToWire(profile));
  Console console(stdout, stderr);
  auto outcome = runner::Run(Embedded(profile, dir), console);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  const auto& rep = outcome->report;
  EXPECT_EQ(rep.rules.size(), contract::RulesFor(profile).size());
  for (const auto& rule : rep.rules) {
    // A rule never judged (ikm.edwards-mldsa) is `skip` with its reason; every other passes.
    const bool never_judged = contract::NeverJudged(*contract::FindRule(rule.id));
    EXPECT_EQ(rule.status, never_judged ? report::Verdict::kSkip : report::Verdict::kPass)
        << rule.id << ": " << report::VerdictName(rule.status) << ": " << rule.reason;
    if (never_judged) {
      EXPECT_FALSE(rule.reason.empty()) << rule.id;
    }
    EXPECT_FALSE(rule.reproducer.empty()) << rule.id;
  }
  EXPECT_EQ(rep.summary.fail, 0);
  EXPECT_EQ(rep.summary.error, 0);
  EXPECT_EQ(outcome->exit_code, 0);
  EXPECT_EQ(rep.target.kind, "embedded");
  EXPECT_EQ(rep.target.clock, "direct");
  EXPECT_EQ(rep.target.account, "111122223333");
  for (const char* file : {"report.json", "junit.xml", "report.md", "report.html"}) {
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir) / file)) << file;
  }
}

INSTANTIATE_TEST_SUITE_P(Profiles, EmbeddedRunTest,
                         ::testing::Values(contract::Profile::k2022, contract::Profile::k2026),
                         [](const auto& param_info) {
                           return "p" + std::string(contract::ToWire(param_info.param));
                         });

TEST(RunnerTest, SelectScenariosFollowsTheProfileAndOnly) {
  auto all = SelectScenarios(contract::Profile::k2022, {});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), contract::RulesFor(contract::Profile::k2022).size());
  auto some = SelectScenarios(contract::Profile::k2026, {"ikm.valid-to"});
  ASSERT_TRUE(some.ok());
  ASSERT_EQ(some->size(), 1u);
  EXPECT_EQ((*some)[0]->rule_id, "ikm.valid-to");
  EXPECT_FALSE(SelectScenarios(contract::Profile::k2026, {"gpfi.no-hmac"}).ok());
}

TEST(RunnerTest, APassKeepsOnlyItsProbes) {
  report::RuleResult r;
  r.status = report::Verdict::kPass;
  r.evidence.resize(3);
  r.evidence[1].probe = true;
  TrimEvidence(r);
  EXPECT_EQ(r.evidence.size(), 1u);
  report::RuleResult f;
  f.status = report::Verdict::kFail;
  f.evidence.resize(3);
  TrimEvidence(f);
  EXPECT_EQ(f.evidence.size(), 3u);
}

}  // namespace
}  // namespace kc::runner
