#include <gtest/gtest.h>

#include "harness/report/report.h"
#include "harness/report/report_test_util.h"

namespace kc::report {
namespace {

using testing::AllVerdictsReport;
using testing::HostileReport;
using testing::SmallReport;

// The exact text of report.json for SmallReport (DESIGN.md's schema, plus step, probe,
// source, source_ref and duration_s).
constexpr std::string_view kSmallJson = R"json({
  "schema": "kmsconform-report/1",
  "tool_version": "0.1.0",
  "profile": "2022",
  "target": {
    "kind": "endpoint",
    "endpoint": "http://127.0.0.1:4566",
    "command": null,
    "clock": "none",
    "region": "us-east-1",
    "account": "111122223333"
  },
  "started": "2026-11-28T12:00:00Z",
  "duration_s": 1.7,
  "seed": 42,
  "rules": [
    {
      "id": "ikm.token-bound-to-key",
      "title": "A token issued for key A is refused for key B",
      "confidence": "documented",
      "status": "fail",
      "reason": "ImportKeyMaterial with key A's token succeeded on key B",
      "expected": "InvalidImportTokenException",
      "actual": "HTTP 200",
      "evidence": [
        {
          "request": {
            "method": "POST",
            "path": "/",
            "headers": {
              "X-Amz-Target": "TrentService.ImportKeyMaterial"
            },
            "body": "{\"KeyId\":\"b\"}"
          },
          "response": {
            "status": 200,
            "headers": {
              "x-amzn-RequestId": "r-1"
            },
            "body": "{}"
          },
          "ms": 3,
          "step": "probe: ImportKeyMaterial on B with A's token",
          "probe": true
        }
      ],
      "reproducer": "#!/bin/sh\naws kms import-key-material\n",
      "source": "To import key material, you must use the public key and import token from the same response.",
      "source_ref": "AWS CLI reference",
      "duration_s": 0.25
    }
  ],
  "summary": {
    "pass": 0,
    "fail": 1,
    "warn": 0,
    "skip": 0,
    "error": 0
  }
}
)json";

TEST(ToJsonTest, SmallReportIsExactlyTheSchema) { EXPECT_EQ(ToJson(SmallReport()), kSmallJson); }

TEST(ToJsonTest, TransportErrorHasNullResponse) {
  const std::string json = ToJson(AllVerdictsReport());
  EXPECT_NE(json.find("\"response\": null"), std::string::npos);
  EXPECT_NE(json.find("\"transport_error\": \"UNAVAILABLE: connection closed before a response\""),
            std::string::npos);
}

TEST(ToJsonTest, RepeatedHeadersAreJoined) {
  RunReport r = SmallReport();
  r.rules[0].evidence[0].response->headers = {{"Set-Cookie", "a"}, {"x", "1"}, {"set-cookie", "b"}};
  const std::string json = ToJson(r);
  EXPECT_NE(json.find("\"Set-Cookie\": \"a, b\""), std::string::npos) << json;
  EXPECT_EQ(json.find("\"set-cookie\""), std::string::npos);
}

TEST(ToJsonTest, IllFormedUtf8DoesNotThrow) {
  const std::string json = ToJson(HostileReport());
  EXPECT_NE(json.find("\xef\xbf\xbd"), std::string::npos);  // U+FFFD replaced the bad bytes
  EXPECT_TRUE(FromJson(json).ok());
}

TEST(FromJsonTest, RoundTrips) {
  for (const RunReport& r : {SmallReport(), AllVerdictsReport(), HostileReport()}) {
    const std::string json = ToJson(r);
    auto back = FromJson(json);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(ToJson(*back), json);
  }
}

TEST(FromJsonTest, ReadsEveryField) {
  auto back = FromJson(ToJson(SmallReport()));
  ASSERT_TRUE(back.ok());
  const RunReport& r = *back;
  EXPECT_EQ(r.profile, "2022");
  EXPECT_EQ(r.target.endpoint, "http://127.0.0.1:4566");
  EXPECT_FALSE(r.target.command);
  EXPECT_EQ(r.seed, 42u);
  EXPECT_DOUBLE_EQ(r.duration_s, 1.7);
  ASSERT_EQ(r.rules.size(), 1u);
  EXPECT_EQ(r.rules[0].status, Verdict::kFail);
  ASSERT_EQ(r.rules[0].evidence.size(), 1u);
  const Evidence& e = r.rules[0].evidence[0];
  EXPECT_TRUE(e.probe);
  EXPECT_EQ(e.request.headers, (Headers{{"X-Amz-Target", "TrentService.ImportKeyMaterial"}}));
  ASSERT_TRUE(e.response);
  EXPECT_EQ(e.response->status, 200);
  EXPECT_EQ(r.summary.fail, 1);
}

TEST(FromJsonTest, ChecksControlsAndTheNameRoundTrip) {
  RunReport r = SmallReport();
  r.target.name = "my emulator";
  r.rules[0].evidence[0].control = "c1";
  r.rules[0].evidence[0].seq = 3;
  Check c;
  c.what = "A's token used for key B";
  c.verdict = Verdict::kError;
  c.expected = "InvalidImportTokenException";
  c.actual = "HTTP 400; its control c1 failed";
  c.refusal = true;
  c.controls = {"c1"};
  c.exchange = 3;
  r.rules[0].checks = {c};
  r.rules[0].controls = {Control{"c1", "A's token imports into A", ControlStatus::kFailed,
                                 "HTTP 400 InvalidCiphertextException"}};
  auto back = FromJson(ToJson(r));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->target.name, "my emulator");
  EXPECT_EQ(back->rules[0].checks, r.rules[0].checks);
  EXPECT_EQ(back->rules[0].controls, r.rules[0].controls);
  EXPECT_EQ(back->rules[0].evidence[0].control, "c1");
  EXPECT_EQ(back->rules[0].evidence[0].seq, 3);
  // Reports written before controls existed have none of these members and still load.
  auto old = FromJson(kSmallJson);
  ASSERT_TRUE(old.ok());
  EXPECT_TRUE(old->rules[0].checks.empty());
  EXPECT_TRUE(old->target.name.empty());
}

TEST(FromJsonTest, LargeSeedSurvives) {
  RunReport r = SmallReport();
  r.seed = 18446744073709551615ull;
  auto back = FromJson(ToJson(r));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->seed, 18446744073709551615ull);
}

TEST(ToJsonTest, SummaryIsCountedFromTheRules) {
  RunReport r = SmallReport();
  r.summary = Summary{9, 9, 9, 9, 9};  // stale
  EXPECT_EQ(ToJson(r), kSmallJson);
}

TEST(FromJsonTest, SummaryIsRecountedFromTheRules) {
  std::string json = ToJson(SmallReport());
  const auto at = json.find("\"fail\": 1");
  ASSERT_NE(at, std::string::npos);
  json.replace(at, 9, "\"fail\": 7");
  auto back = FromJson(json);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->summary.fail, 1);
}

struct BadInput {
  std::string name;
  std::string json;
  StatusCode code;
  std::string message_part;
};

class FromJsonBadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(FromJsonBadInputTest, IsAClearError) {
  auto r = FromJson(GetParam().json);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), GetParam().code) << r.status().ToString();
  EXPECT_NE(r.status().message().find(GetParam().message_part), std::string::npos)
      << r.status().ToString();
}

std::string Minimal(std::string_view rules) {
  return R"({"schema":"kmsconform-report/1","profile":"2022","target":{},"rules":)" +
         std::string(rules) + "}";
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, FromJsonBadInputTest,
    ::testing::Values(
        BadInput{"Empty", "", StatusCode::kDataLoss, "not valid JSON"},
        BadInput{"Truncated", "{\"schema\": \"kmsconform-report/1\", \"rules\": [",
                 StatusCode::kDataLoss, "not valid JSON"},
        BadInput{"Garbage", "\x89PNG\r\n", StatusCode::kDataLoss, "not valid JSON"},
        BadInput{"Array", "[]", StatusCode::kInvalidArgument, "expected a JSON object"},
        BadInput{"NoSchema", "{}", StatusCode::kInvalidArgument, "schema: missing"},
        BadInput{"WrongSchema", R"({"schema":"kmsconform-report/2"})", StatusCode::kInvalidArgument,
                 "is not kmsconform-report/1"},
        BadInput{"SchemaNotString", R"({"schema":1})", StatusCode::kInvalidArgument,
                 "schema: expected a string"},
        BadInput{"NoRules", R"({"schema":"kmsconform-report/1","profile":"2022","target":{}})",
                 StatusCode::kInvalidArgument, "rules: missing"},
        BadInput{"RulesNotArray", Minimal("{}"), StatusCode::kInvalidArgument,
                 "rules: expected an array"},
        BadInput{"RuleNotObject", Minimal("[1]"), StatusCode::kInvalidArgument,
                 "rules[0]: expected an object"},
        BadInput{"BadStatus", Minimal(R"([{"id":"a.b","status":"PASSED"}])"),
                 StatusCode::kInvalidArgument, "rules[0].status: expected one of"},
        BadInput{"NoId", Minimal(R"([{"status":"pass"}])"), StatusCode::kInvalidArgument,
                 "rules[0].id: missing"},
        BadInput{
            "BadHttpStatus",
            Minimal(
                R"([{"id":"a","status":"pass","evidence":[{"request":{},"response":{"status":"200"}}]}])"),
            StatusCode::kInvalidArgument, "rules[0].evidence[0].response.status"},
        BadInput{
            "HeaderNotString",
            Minimal(R"([{"id":"a","status":"pass","evidence":[{"request":{"headers":{"h":1}}}]}])"),
            StatusCode::kInvalidArgument, "rules[0].evidence[0].request.headers.h"},
        BadInput{
            "NegativeSeed",
            R"({"schema":"kmsconform-report/1","profile":"2022","target":{},"seed":-1,"rules":[]})",
            StatusCode::kInvalidArgument, "seed"},
        BadInput{
            "CommandNotString",
            R"({"schema":"kmsconform-report/1","profile":"2022","target":{"command":5},"rules":[]})",
            StatusCode::kInvalidArgument, "target.command"},
        BadInput{
            "SummaryNotNumbers",
            R"({"schema":"kmsconform-report/1","profile":"2022","target":{},"rules":[],"summary":{"pass":"x"}})",
            StatusCode::kInvalidArgument, "summary.pass"},
        BadInput{"DeepNesting", std::string(100000, '[') + std::string(100000, ']'),
                 StatusCode::kInvalidArgument, "nested deeper"}),
    [](const auto& p) { return p.param.name; });

TEST(FromJsonTest, MinimalFileIsAccepted) {
  auto r = FromJson(Minimal("[]"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->rules.empty());
}

}  // namespace
}  // namespace kc::report
