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

// JudgeOne: one refusal whose control passed.
Verdict JudgeOne(std::string_view rule, const ReplySummary& reply, const ExpectedError& expected) {
  Judge j(MustRule(rule));
  const ControlRef c = j.NewControl("the same request with the element changed succeeds");
  j.ExpectError(reply, expected, "probe", {c});
  j.ControlReply(c, Accepted());
  return j.verdict();
}

const ExpectedError kInvalidToken{
    {ErrorType::kInvalidImportTokenException}, std::nullopt, {}, std::nullopt};

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
  EXPECT_EQ(
      JudgeOne("ikm.token-bound-to-key", ErrorReply(500, "KMSInternalException"), kInvalidToken),
      Verdict::kFail);
  // botocore's fallback type (the status) means the body had no AWS error shape.
  EXPECT_EQ(JudgeOne("ikm.token-bound-to-key", ErrorReply(400, "400"), kInvalidToken),
            Verdict::kFail);
  EXPECT_EQ(JudgeOne("ikm.token-bound-to-key", ErrorReply(400, ""), kInvalidToken), Verdict::kFail);
}

TEST(JudgeTest, AnotherTypeFailsAStrictRuleAndWarnsWhereTheTypeIsInferred) {
  EXPECT_EQ(
      JudgeOne("ikm.token-bound-to-key", ErrorReply(400, "ValidationException"), kInvalidToken),
      Verdict::kFail);
  const ExpectedError not_found{{ErrorType::kNotFoundException, ErrorType::kAccessDeniedException},
                                std::nullopt,
                                {},
                                std::nullopt};
  EXPECT_EQ(
      JudgeOne("ikm.no-cross-account", ErrorReply(400, "KMSInvalidStateException"), not_found),
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
  const ExpectedError recorded{
      {ErrorType::kNotFoundException}, "Invalid keyId 'x'", {}, std::nullopt};
  EXPECT_EQ(JudgeOne("gpfi.key-not-found",
                     ErrorReply(400, "NotFoundException", "Invalid keyId 'x'"), recorded),
            Verdict::kPass);
  EXPECT_EQ(
      JudgeOne("gpfi.key-not-found", ErrorReply(400, "NotFoundException", "not found"), recorded),
      Verdict::kWarn);
  EXPECT_EQ(JudgeOne("gpfi.key-not-found",
                     ErrorReply(404, "NotFoundException", "Invalid keyId 'x'"), recorded),
            Verdict::kWarn);
  const ExpectedError prefix{
      {ErrorType::kValidationException}, "1 validation error detected: ...", {}, std::nullopt};
  EXPECT_EQ(
      JudgeOne("gpfi.wrapping-key-spec",
               ErrorReply(400, "ValidationException", "1 validation error detected: x"), prefix),
      Verdict::kPass);
  const ExpectedError contains{{ErrorType::kValidationException},
                               std::nullopt,
                               {"'keyId'", "Member must not be null"},
                               std::nullopt};
  EXPECT_EQ(JudgeOne("gpfi.required-members",
                     ErrorReply(400, "ValidationException",
                                "1 validation error detected: Value null at 'keyId' failed to "
                                "satisfy constraint: Member must not be null"),
                     contains),
            Verdict::kPass);
  EXPECT_EQ(
      JudgeOne("gpfi.required-members", ErrorReply(400, "ValidationException", "bad"), contains),
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
  EXPECT_EQ(r.reason, "1 check passed: validTo; not judged: no clock control");
  Judge n(MustRule("ikm.lifecycle"));
  EXPECT_EQ(n.verdict(), Verdict::kError);
}

TEST(JudgeControlTest, ARefusalPassesOnlyWhenItsControlPassed) {
  const ReplySummary refused = ErrorReply(400, "InvalidImportTokenException");
  {
    Judge j(MustRule("ikm.token-bound-to-key"));
    const ControlRef c = j.NewControl("A's token imports into A");
    j.ExpectError(refused, kInvalidToken, "A's token for B", {c});
    EXPECT_EQ(j.verdict(), Verdict::kError) << "a control that never ran proves nothing";
    j.ControlReply(c, Accepted());
    EXPECT_EQ(j.verdict(), Verdict::kPass);
    report::RuleResult r;
    j.FillResult(r);
    ASSERT_EQ(r.controls.size(), 1u);
    EXPECT_EQ(r.controls[0].id, "c1");
    EXPECT_EQ(r.controls[0].status, report::ControlStatus::kPassed);
    ASSERT_EQ(r.checks.size(), 1u);
    EXPECT_TRUE(r.checks[0].refusal);
    EXPECT_EQ(r.checks[0].controls, std::vector<std::string>{"c1"});
  }
  {
    Judge j(MustRule("ikm.token-bound-to-key"));
    const ControlRef c = j.NewControl("A's token imports into A");
    j.ExpectError(refused, kInvalidToken, "A's token for B", {c});
    j.ControlReply(c, ErrorReply(400, "InvalidImportTokenException"));
    report::RuleResult r;
    j.FillResult(r);
    EXPECT_EQ(r.status, Verdict::kError);
    EXPECT_NE(r.reason.find("its control c1 failed"), std::string::npos) << r.reason;
    EXPECT_EQ(r.controls[0].status, report::ControlStatus::kFailed);
  }
  {
    Judge j(MustRule("proto.key-id-forms"));
    const ControlRef c = j.NewControl("the alias exists");
    j.ControlUnavailable(c, "CreateAlias: UnknownOperationException");
    j.ExpectError(ErrorReply(400, "NotFoundException"), {ErrorType::kNotFoundException},
                  "ImportKeyMaterial by alias", {c});
    EXPECT_EQ(j.verdict(), Verdict::kSkip);
  }
}

TEST(JudgeControlTest, AnAcceptanceFailsWhateverTheControlSays) {
  Judge j(MustRule("ikm.token-bound-to-key"));
  const ControlRef c = j.NewControl("A's token imports into A");
  j.ControlReply(c, ErrorReply(400, "InvalidImportTokenException"));
  j.ExpectError(Accepted(), kInvalidToken, "A's token for B", {c});
  EXPECT_EQ(j.verdict(), Verdict::kFail);
}

TEST(JudgeControlTest, ANotJudgedPairingIsANoteAndTheOthersDecide) {
  Judge j(MustRule("ikm.token-same-response"));
  const ControlRef newer = j.NewControl("P2's token imports");
  const ControlRef older = j.NewControl("P1's token imports", IfControlFails::kNotJudged);
  const ReplySummary refused = ErrorReply(400, "InvalidCiphertextException");
  const ExpectedError want{
      {ErrorType::kInvalidCiphertextException}, std::nullopt, {}, std::nullopt};
  j.ExpectError(refused, want, "P1's key with P2's token", {newer});
  j.ExpectError(refused, want, "P2's key with P1's token", {older});
  j.ControlReply(newer, Accepted());
  j.ControlReply(older, ErrorReply(400, "ExpiredImportTokenException"));
  report::RuleResult r;
  j.FillResult(r);
  EXPECT_EQ(r.status, Verdict::kPass);
  EXPECT_NE(r.reason.find("not judged: P2's key with P1's token"), std::string::npos) << r.reason;
  // No pairing judged: skip.
  Judge none(MustRule("ikm.token-same-response"));
  const ControlRef c = none.NewControl("P1's token imports", IfControlFails::kNotJudged);
  none.ExpectError(refused, want, "P2's key with P1's token", {c});
  none.ControlReply(c, ErrorReply(400, "InvalidImportTokenException"));
  EXPECT_EQ(none.verdict(), Verdict::kSkip);
}

TEST(JudgeControlTest, AControlPassesOnlyIfEveryCheckOfItPassed) {
  Judge j(MustRule("gpfi.key-not-found"));
  const ControlRef c = j.NewControl("by id and by ARN");
  EXPECT_FALSE(j.ControlReply(c, ErrorReply(400, "NotFoundException")));
  EXPECT_FALSE(j.ControlReply(c, Accepted()));
  EXPECT_FALSE(j.passed(c));
}

TEST(JudgeControlTest, AnErrorDisguisedAsASuccessFailsAndIsHandedToErrorShape) {
  ReplySummary disguised = Accepted();
  disguised.disguised_error = "an error member message = 'NotFoundException: gone'";
  Judge j(MustRule("gpfi.key-not-found"));
  const ControlRef c = j.NewControl("by id");
  j.ControlReply(c, Accepted());
  j.ExpectError(disguised, {ErrorType::kNotFoundException}, "an unknown key id", {c});
  report::RuleResult r;
  j.FillResult(r);
  EXPECT_EQ(r.status, Verdict::kFail);
  EXPECT_NE(r.reason.find("disguised as a success"), std::string::npos) << r.reason;
  ASSERT_EQ(r.disguised_errors.size(), 1u);
  // A disguised error is no success either: a control cannot pass on it.
  Judge k(MustRule("gpfi.key-not-found"));
  const ControlRef d = k.NewControl("by id");
  EXPECT_FALSE(k.ControlReply(d, disguised));
}

TEST(JudgeTest, DescribeIsOneReadableLine) {
  EXPECT_EQ(Accepted().Describe(), "HTTP 200 (accepted)");
  EXPECT_EQ(Dropped().Describe(), "no reply: connection closed before a response");
  EXPECT_EQ(ErrorReply(400, "NotFoundException", "gone").Describe(),
            "HTTP 400 NotFoundException: gone");
}

}  // namespace
}  // namespace kc::scenarios
