// Against moto_server (moto 5.2.1, preinstalled on the development machines; the test skips
// where it is absent): the import operations answer HTTP 500, and the run must say so rule
// by rule and complete without a crash.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "harness/contract/rules.h"
#include "harness/runner/runner.h"

namespace kc::runner {
namespace {

bool HaveMoto() { return std::system("command -v moto_server >/dev/null 2>&1") == 0; }

TEST(MotoTest, ImportOperationsFailWithHttp500AndTheRunCompletes) {
  if (!HaveMoto()) GTEST_SKIP() << "moto_server is not installed here (pip install moto[server])";
  RunOptions o;
  o.target.kind = TargetOptions::Kind::kSpawn;
  o.target.spawn_command = "moto_server -H 127.0.0.1 -p {port}";
  o.target.spawn_timeout_seconds = 60;
  o.target.region = "us-east-1";
  o.target.credentials = sigv4::Credentials{"test", "test", ""};
  o.report_dir = std::filesystem::path(::testing::TempDir()) / "kc-moto";
  o.seed = 42;
  std::FILE* devnull = std::fopen("/dev/null", "w");
  Console console(devnull, devnull);
  auto outcome = runner::Run(o, console);
  std::fclose(devnull);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->exit_code, 1);
  const auto& rules = outcome->report.rules;
  ASSERT_EQ(rules.size(), contract::RulesFor(contract::Profile::k2022).size());
  auto find = [&](std::string_view id) -> const report::RuleResult& {
    for (const auto& r : rules) {
      if (r.id == id) return r;
    }
    static const report::RuleResult none;
    ADD_FAILURE() << "no rule " << id;
    return none;
  };
  // GetParametersForImport itself answers 500: the rules it is the probe of fail...
  const auto& shape = find("gpfi.response-shape");
  EXPECT_EQ(shape.status, report::Verdict::kFail);
  EXPECT_NE(shape.reason.find("HTTP 500"), std::string::npos) << shape.reason;
  EXPECT_FALSE(shape.evidence.empty());
  // ... and the rules it is a setup step of are errors that say why.
  const auto& bound = find("ikm.token-bound-to-key");
  EXPECT_EQ(bound.status, report::Verdict::kError);
  EXPECT_NE(bound.reason.find("GetParametersForImport"), std::string::npos) << bound.reason;
  EXPECT_NE(bound.reason.find("HTTP 500"), std::string::npos) << bound.reason;
  // moto creates EXTERNAL keys Enabled.
  const auto& lifecycle = find("ikm.lifecycle");
  EXPECT_EQ(lifecycle.status, report::Verdict::kFail);
  EXPECT_NE(lifecycle.reason.find("KeyState=Enabled"), std::string::npos) << lifecycle.reason;
  // No clock control: the time rules are skipped with the reason.
  const auto& expired = find("ikm.token-expired");
  EXPECT_EQ(expired.status, report::Verdict::kSkip);
  EXPECT_NE(expired.reason.find("no clock control"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(o.report_dir.value() / "report.html"));
}

}  // namespace
}  // namespace kc::runner
