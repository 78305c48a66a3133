#include "harness/mutate/judge.h"

#include <gtest/gtest.h>

namespace kc::mutate {
namespace {

using contract::Operation;
using contract::Profile;
using report::Verdict;

constexpr std::string_view kJson = "application/x-amz-json-1.1";

WireOutcome Reply(int status, std::string body, std::string_view content_type = kJson,
                  bool request_id = true) {
  WireOutcome o;
  o.reply.status = status;
  o.reply.body = std::move(body);
  if (!content_type.empty()) o.reply.headers.emplace_back("Content-Type", std::string(content_type));
  if (request_id) o.reply.headers.emplace_back("x-amzn-RequestId", "5f1f0d8e-0000-4000-8000-000000000000");
  return o;
}

WireOutcome Error(std::string_view type, int status = 400) {
  return Reply(status, "{\"__type\":\"" + std::string(type) + "\",\"message\":\"m\"}");
}

// Facts of a request with a body and a primary mutation of class c.
struct Req {
  FuzzRequest request;
  Built built;
  RequestFacts facts;
};
Req Make(Operation op, std::string body, Class c, std::string label, Profile p = Profile::k2022,
         std::optional<std::string> target = std::nullopt) {
  Req r;
  r.request.op = op;
  Mutation m;
  m.cls = c;
  m.label = std::move(label);
  m.op = Mutation::Op::kBody;
  m.bytes = std::move(body);
  r.request.mutations.push_back(m);
  if (target) {
    Mutation t;
    t.cls = c;
    t.label = "unknown-operation";
    t.op = Mutation::Op::kTarget;
    t.bytes = *target;
    r.request.mutations.insert(r.request.mutations.begin(), t);
  }
  if (c == Class::kFraming) {
    r.request.mutations.front().op = Mutation::Op::kFrame;
    r.request.mutations.front().framing = Framing::kContentLengthShort;
    r.request.body = *Parse(r.request.mutations.back().bytes.empty() ? "{}" : "{}");
  }
  r.built = Build(r.request);
  r.facts = FactsOf(r.request, r.built, p);
  return r;
}

TEST(JudgeTest, AWellShapedRefusalOfAValidationErrorIsFine) {
  const Req r = Make(Operation::kListKeys, "{\"Limit\":0}", Class::kValue, "boundary");
  const Judgement j = Judge(r.facts, Error("ValidationException"));
  EXPECT_TRUE(j.departures.empty());
  EXPECT_TRUE(j.reached_decoder);
}

TEST(JudgeTest, ASuccessForWhatTheStrictDecoderRefusesIsInputValidation) {
  const Req r = Make(Operation::kListKeys, "{\"Limit\":0}", Class::kValue, "boundary");
  const Judgement j = Judge(r.facts, Reply(200, "{\"Keys\":[],\"Truncated\":false}"));
  ASSERT_EQ(j.departures.size(), 1u);
  EXPECT_EQ(j.departures[0].rule, "proto.input-validation");
  EXPECT_EQ(j.departures[0].verdict, Verdict::kFail);
  EXPECT_EQ(j.departures[0].kind, FindingKind::kSuccess);
  EXPECT_NE(j.departures[0].what.find("limit"), std::string::npos) << j.departures[0].what;
}

TEST(JudgeTest, ADuplicateKeyAcceptedIsOnlyAWarning) {
  const Req r = Make(Operation::kListKeys, "{\"Limit\":1,\"Limit\":2}", Class::kStructure,
                     "duplicate-key");
  const Judgement j = Judge(r.facts, Reply(200, "{\"Keys\":[],\"Truncated\":false}"));
  ASSERT_EQ(j.departures.size(), 1u);
  EXPECT_EQ(j.departures[0].rule, "proto.input-validation");
  EXPECT_EQ(j.departures[0].verdict, Verdict::kWarn);
}

TEST(JudgeTest, MalformedJson) {
  const Req r = Make(Operation::kListKeys, "{\"Limit\":", Class::kSyntax, "truncated");
  EXPECT_TRUE(r.facts.malformed);
  EXPECT_TRUE(Judge(r.facts, Error("SerializationException")).departures.empty());
  const Judgement ok = Judge(r.facts, Reply(200, "{\"Keys\":[],\"Truncated\":false}"));
  ASSERT_EQ(ok.departures.size(), 1u);
  EXPECT_EQ(ok.departures[0].rule, "proto.malformed-json");
  EXPECT_EQ(ok.departures[0].verdict, Verdict::kFail);
  const Judgement other = Judge(r.facts, Error("ValidationException"));
  ASSERT_EQ(other.departures.size(), 1u);
  EXPECT_EQ(other.departures[0].verdict, Verdict::kWarn);
  EXPECT_EQ(other.departures[0].kind, FindingKind::kWrongType);
  const Judgement page = Judge(r.facts, Reply(500, "Internal Server Error", "text/plain", false));
  ASSERT_EQ(page.departures.size(), 1u);
  EXPECT_EQ(page.departures[0].rule, "proto.malformed-json");
  EXPECT_EQ(page.departures[0].kind, FindingKind::kServerError);
  WireOutcome dropped;
  dropped.kind = WireOutcome::Kind::kClosed;
  const Judgement drop = Judge(r.facts, dropped);
  ASSERT_EQ(drop.departures.size(), 1u);
  EXPECT_EQ(drop.departures[0].rule, "proto.malformed-json");
  EXPECT_EQ(drop.departures[0].kind, FindingKind::kClosed);
}

TEST(JudgeTest, UnknownOperationsOnlyWhenAbsentFromTheFullModel) {
  const Req unknown = Make(Operation::kListKeys, "{}", Class::kHeader, "unknown-operation",
                           Profile::k2022, "TrentService.listkeys");
  EXPECT_TRUE(unknown.facts.unknown_target);
  EXPECT_TRUE(Judge(unknown.facts, Error("UnknownOperationException")).departures.empty());
  const Judgement page = Judge(unknown.facts, Reply(404, "<html></html>", "text/html", false));
  ASSERT_FALSE(page.departures.empty());
  EXPECT_EQ(page.departures[0].rule, "proto.unknown-operation");
  EXPECT_EQ(page.departures[0].kind, FindingKind::kWrongType);
  const Judgement ok = Judge(unknown.facts, Reply(200, "{\"Keys\":[],\"Truncated\":false}"));
  ASSERT_EQ(ok.departures.size(), 1u);
  EXPECT_EQ(ok.departures[0].rule, "proto.unknown-operation");
  EXPECT_EQ(ok.departures[0].kind, FindingKind::kSuccess);

  const Req real = Make(Operation::kListKeys, "{}", Class::kHeader, "unknown-operation",
                        Profile::k2022, "TrentService.GenerateRandom");
  EXPECT_FALSE(real.facts.unknown_target);
  EXPECT_TRUE(Judge(real.facts, Error("UnknownOperationException")).departures.empty());
  EXPECT_TRUE(Judge(real.facts, Error("ValidationException")).departures.empty());
  // RotateKeyOnDemand: unknown in 2022, a real operation in 2026.
  EXPECT_TRUE(Make(Operation::kListKeys, "{}", Class::kHeader, "u", Profile::k2022,
                   "TrentService.RotateKeyOnDemand").facts.unknown_target);
  EXPECT_FALSE(Make(Operation::kListKeys, "{}", Class::kHeader, "u", Profile::k2026,
                    "TrentService.RotateKeyOnDemand").facts.unknown_target);
}

TEST(JudgeTest, ErrorShape) {
  const Req r = Make(Operation::kDescribeKey, "{\"KeyId\":\"nope\"}", Class::kValue, "dictionary");
  const Judgement no_id = Judge(r.facts, Reply(400, "{\"__type\":\"NotFoundException\",\"message\":\"m\"}",
                                              "application/json", false));
  ASSERT_EQ(no_id.departures.size(), 1u);
  EXPECT_EQ(no_id.departures[0].rule, "proto.error-shape");
  EXPECT_EQ(no_id.departures[0].kind, FindingKind::kShape);
  const Judgement disguised = Judge(r.facts, Reply(200, "{\"message\":\"NotFoundException: m\"}"));
  ASSERT_EQ(disguised.departures.size(), 1u);
  EXPECT_EQ(disguised.departures[0].rule, "proto.error-shape");
  EXPECT_EQ(disguised.departures[0].kind, FindingKind::kDisguised);
  const Judgement crash = Judge(r.facts, Reply(500, "Traceback", "text/html", false));
  ASSERT_EQ(crash.departures.size(), 1u);
  EXPECT_EQ(crash.departures[0].rule, "proto.error-shape");
  EXPECT_EQ(crash.departures[0].kind, FindingKind::kServerError);
  // The fault errors may be 5xx.
  EXPECT_TRUE(Judge(r.facts, Error("KMSInternalException", 500)).departures.empty());
  EXPECT_TRUE(Judge(r.facts, Error("NotFoundException")).departures.empty());
}

TEST(JudgeTest, AWellFramedRequestGetsAReply) {
  const Req r = Make(Operation::kDescribeKey, "{\"KeyId\":\"nope\"}", Class::kValue, "dictionary");
  WireOutcome t;
  t.kind = WireOutcome::Kind::kTimeout;
  const Judgement j = Judge(r.facts, t);
  ASSERT_EQ(j.departures.size(), 1u);
  EXPECT_EQ(j.departures[0].rule, "proto.robustness");
  EXPECT_EQ(j.departures[0].kind, FindingKind::kTimeout);
}

TEST(JudgeTest, AFramingFaultMayBeRefusedClosedOrLeftWaitingButNot5xx) {
  const Req r = Make(Operation::kListKeys, "{}", Class::kFraming, "content-length-short");
  WireOutcome closed;
  closed.kind = WireOutcome::Kind::kClosed;
  EXPECT_TRUE(Judge(r.facts, closed).departures.empty());
  WireOutcome waiting;
  waiting.kind = WireOutcome::Kind::kTimeout;
  EXPECT_TRUE(Judge(r.facts, waiting).departures.empty());
  EXPECT_TRUE(Judge(r.facts, Reply(400, "", "", false)).departures.empty());
  const Judgement j = Judge(r.facts, Reply(502, "bad gateway", "text/plain", false));
  ASSERT_EQ(j.departures.size(), 1u);
  EXPECT_EQ(j.departures[0].rule, "proto.robustness");
  EXPECT_EQ(j.departures[0].kind, FindingKind::kServerError);
}

TEST(JudgeTest, RepliesBeforeTheDecoderDoNotCountAsReachingIt) {
  const Req r = Make(Operation::kListKeys, "{}", Class::kValue, "boundary");
  EXPECT_FALSE(Judge(r.facts, Error("UnknownOperationException")).reached_decoder);
  EXPECT_FALSE(Judge(r.facts, Error("InvalidSignatureException")).reached_decoder);
  EXPECT_FALSE(Judge(r.facts, Error("RequestEntityTooLargeException", 413)).reached_decoder);
  EXPECT_TRUE(Judge(r.facts, Error("SerializationException")).reached_decoder);
  EXPECT_TRUE(Judge(r.facts, Error("NotFoundException")).reached_decoder);
  EXPECT_TRUE(Judge(r.facts, Reply(200, "{\"Keys\":[],\"Truncated\":false}")).reached_decoder);
}

}  // namespace
}  // namespace kc::mutate
