#include "harness/scenarios/judge.h"

#include <gtest/gtest.h>

#include "harness/scenarios/session.h"

namespace kc::scenarios {
namespace {

using report::Verdict;

ReplySummary ErrorReply(int status, std::string type, std::string message = "m") {
  ReplySummary r;
  r.status = status;
  r.error = codec::ApiError{std::move(type), std::move(message)};
  return r;
}

ReplySummary Accepted() {
  ReplySummary r;
  r.status = 200;
  r.success = true;
  return r;
}

ReplySummary Dropped() {
  ReplySummary r;
  r.transport = UnavailableError("connection closed before a response");
  return r;
}

Verdict JudgeOne(std::string_view rule, const ReplySummary& reply, const ExpectedError& expected) {
  Judge j(MustRule(rule));
  j.ExpectError(reply, expected, "probe");
  return j.verdict();
}

const ExpectedError kInvalidToken{{ErrorType::kInvalidImportTokenException}, std::nullopt, {},
                                  std::nullopt};

TEST(JudgeTest, TheExpectedTypePasses) {
  EXPECT_EQ(JudgeOne("ikm.token-bound-to-key", ErrorReply(400, "InvalidImportTokenException"),
                     kInvalidToken),
            Verdict::kPass);
}

TEST(JudgeTest, AcceptanceDroppedConnectionAnd5xxFail) {
  EXPECT_EQ(JudgeOne("ikm.token-bound-to-key", Accepted(), kInvalidToken), Verdict::kFail);
  EXPECT_EQ(JudgeOne("ikm.token-bound-to-key", Dropped(), kInvalidToken), Verdict::kFail);
  EXPECT_EQ(JudgeOne("ikm.token-bound-to-key", ErrorReply(500, "InvalidImportTokenException"),
                     kInvalidToken),
            Verdict::kFail);
  EXPECT_EQ(JudgeOne("ikm.token-bound-to-key", ErrorReply(500, "KMSInternalException"),
                     kInvalidToken),
            Verdict::kFail);
  // botocore's fallback type (the status) means the body had no AWS error shape.
  EXPECT_EQ(JudgeOne("ikm.token-bound-to-key", ErrorReply(400, "400"), kInvalidToken),
            Verdict::kFail);
  EXPECT_EQ(JudgeOne("ikm.token-bound-to-key", ErrorReply(400, ""), kInvalidToken),
            Verdict::kFail);
}

TEST(JudgeTest, AnotherTypeFailsAStrictRuleAndWarnsWhereTheTypeIsInferred) {
  EXPECT_EQ(JudgeOne("ikm.token-bound-to-key", ErrorReply(400, "ValidationException"),
                     kInvalidToken),
            Verdict::kFail);
  const ExpectedError not_found{{ErrorType::kNotFoundException, ErrorType::kAccessDeniedException},
                                std::nullopt, {}, std::nullopt};
  EXPECT_EQ(JudgeOne("ikm.no-cross-account", ErrorReply(400, "KMSInvalidStateException"),
                     not_found),
            Verdict::kWarn);
  EXPECT_EQ(JudgeOne("ikm.no-cross-account", Accepted(), not_found), Verdict::kFail);
  ExpectedError inferred = kInvalidToken;
  inferred.strictness = contract::Strictness::kTypeInferred;
  EXPECT_EQ(JudgeOne("ikm.token-bound-to-key", ErrorReply(400, "ValidationException"), inferred),
            Verdict::kWarn);
}

TEST(JudgeTest, AWarnOnlyRuleNeverFails) {
  Judge j(MustRule("gpfi.fresh-wrapping-key"));
  j.Check(false, "different keys", "different", "the same");
  EXPECT_EQ(j.verdict(), Verdict::kWarn);
  Judge k(MustRule("gpfi.fresh-wrapping-key"));
  k.ExpectSuccess(Dropped(), "GetParametersForImport");
  EXPECT_EQ(k.verdict(), Verdict::kWarn);
}

TEST(JudgeTest, MessagesAndStatusesOtherThanAwsOnlyWarn) {
  const ExpectedError recorded{{ErrorType::kNotFoundException}, "Invalid keyId 'x'", {},
                               std::nullopt};
  EXPECT_EQ(JudgeOne("gpfi.key-not-found", ErrorReply(400, "NotFoundException", "Invalid keyId 'x'"),
                     recorded),
            Verdict::kPass);
  EXPECT_EQ(JudgeOne("gpfi.key-not-found", ErrorReply(400, "NotFoundException", "not found"),
                     recorded),
            Verdict::kWarn);
  EXPECT_EQ(JudgeOne("gpfi.key-not-found", ErrorReply(404, "NotFoundException", "Invalid keyId 'x'"),
                     recorded),
            Verdict::kWarn);
  const ExpectedError prefix{{ErrorType::kValidationException}, "1 validation error detected: ...",
                             {}, std::nullopt};
  EXPECT_EQ(JudgeOne("gpfi.wrapping-key-spec",
                     ErrorReply(400, "ValidationException", "1 validation error detected: x"),
                     prefix),
            Verdict::kPass);
  const ExpectedError contains{{ErrorType::kValidationException}, std::nullopt,
                               {"'keyId'", "Member must not be null"}, std::nullopt};
  EXPECT_EQ(JudgeOne("gpfi.required-members",
                     ErrorReply(400, "ValidationException",
                                "1 validation error detected: Value null at 'keyId' failed to "
                                "satisfy constraint: Member must not be null"),
                     contains),
            Verdict::kPass);
  EXPECT_EQ(JudgeOne("gpfi.required-members", ErrorReply(400, "ValidationException", "bad"),
                     contains),
            Verdict::kWarn);
}

TEST(JudgeTest, TheWorstCheckDecidesAndTheReasonNamesIt) {
  Judge j(MustRule("ikm.lifecycle"));
  j.Pass("first");
  j.Warn("second", "a", "b");
  j.Error("setup: CreateKey", "HTTP 500 KMSInternalException");
  j.Fail("third", "x", "y");
  report::RuleResult r;
  j.FillResult(r);
  EXPECT_EQ(r.status, Verdict::kFail);
  EXPECT_EQ(r.reason, "third: y (+2 more)");
  EXPECT_EQ(r.expected, "x");
  EXPECT_EQ(r.actual, "y");

  Judge e(MustRule("ikm.lifecycle"));
  e.Pass("first");
  e.Error("setup: GetParametersForImport", "HTTP 500");
  e.FillResult(r);
  EXPECT_EQ(r.status, Verdict::kError);
  EXPECT_EQ(r.reason, "setup: GetParametersForImport: HTTP 500");
}

TEST(JudgeTest, SkipsAloneSkipAndNothingJudgedIsAnError) {
  Judge s(MustRule("ikm.token-expired"));
  s.Skip("no clock control");
  report::RuleResult r;
  s.FillResult(r);
  EXPECT_EQ(r.status, Verdict::kSkip);
  EXPECT_EQ(r.reason, "no clock control");
  Judge p(MustRule("gpfi.validity-24h"));
  p.Pass("validTo");
  p.Skip("no clock control");
  p.FillResult(r);
  EXPECT_EQ(r.status, Verdict::kPass);
  EXPECT_EQ(r.reason, "1 check passed (1 skipped): validTo");
  Judge n(MustRule("ikm.lifecycle"));
  EXPECT_EQ(n.verdict(), Verdict::kError);
}

TEST(JudgeTest, DescribeIsOneReadableLine) {
  EXPECT_EQ(Accepted().Describe(), "HTTP 200 (accepted)");
  EXPECT_EQ(Dropped().Describe(), "no reply: connection closed before a response");
  EXPECT_EQ(ErrorReply(400, "NotFoundException", "gone").Describe(),
            "HTTP 400 NotFoundException: gone");
}

}  // namespace
}  // namespace kc::scenarios
