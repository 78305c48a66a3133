#include "mock_kms/server/dispatch_util.h"

#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "mock_kms/server/dispatch.h"

namespace kc::mock {
namespace {

TEST(FormatRequestId, IsAVersion4UuidAndDistinct) {
  const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> ids;
  for (std::uint64_t c :
       {0ULL, 1ULL, 0xfffULL, 0x1000ULL, (1ULL << 48), (1ULL << 60), (3ULL << 60), ~0ULL >> 2}) {
    const std::string id = FormatRequestId(0x0123456789abcdefULL, c);
    EXPECT_TRUE(std::regex_match(id, uuid)) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 8u);
  EXPECT_EQ(FormatRequestId(0x0123456789abcdefULL, 1), "01234567-89ab-4cde-8000-000000000001");
}

TEST(ParseAdvanceSeconds, AcceptsNonNegativeNumbers) {
  EXPECT_EQ(ParseAdvanceSeconds("{\"advance_seconds\": 86401}"), 86401.0);
  EXPECT_EQ(ParseAdvanceSeconds(" {\"advance_seconds\":0}\n"), 0.0);
  EXPECT_EQ(ParseAdvanceSeconds("{\"advance_seconds\":1.5}"), 1.5);
  EXPECT_EQ(ParseAdvanceSeconds("{\"advance_seconds\":2e3}"), 2000.0);
}

TEST(ParseAdvanceSeconds, RefusesEverythingElse) {
  for (const char* body : {"", "{}", "{\"advance_seconds\":-1}", "{\"advance_seconds\":\"1\"}",
                           "{\"advance_seconds\":01}", "{\"advance_seconds\":1.}",
                           "{\"advance_seconds\":.5}", "{\"advance_seconds\":1e999}",
                           "{\"advance_seconds\":1}x", "{\"advance_seconds\":1,\"a\":1}",
                           "{\"Advance_seconds\":1}", "{\"advance_seconds\":true}"}) {
    EXPECT_EQ(ParseAdvanceSeconds(body), std::nullopt) << body;
  }
}

TEST(IsJson11ContentType, MediaTypeWithParameters) {
  EXPECT_TRUE(IsJson11ContentType("application/x-amz-json-1.1"));
  EXPECT_TRUE(IsJson11ContentType("application/x-amz-json-1.1; charset=utf-8"));
  EXPECT_TRUE(IsJson11ContentType("APPLICATION/X-AMZ-JSON-1.1;charset=UTF-8"));
  EXPECT_FALSE(IsJson11ContentType("application/json"));
  EXPECT_FALSE(IsJson11ContentType("application/x-amz-json-1.11"));
  EXPECT_FALSE(IsJson11ContentType(""));
}

TEST(ParseCredentialScope, Lenient) {
  auto s = ParseCredentialScope(
      "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/kms/aws4_request, "
      "SignedHeaders=host, Signature=abc");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->access_key_id, "AKID");
  EXPECT_EQ(s->region, "eu-west-1");
  s = ParseCredentialScope("Credential=AKID");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->access_key_id, "AKID");
  EXPECT_EQ(s->region, "");
  EXPECT_FALSE(ParseCredentialScope(std::nullopt));
  EXPECT_FALSE(ParseCredentialScope("Bearer token"));
  EXPECT_FALSE(ParseCredentialScope("Credential=/x/y"));
}

TEST(AddMissingGpfiMembers, InsertsWhatIsMissing) {
  EXPECT_EQ(AddMissingGpfiMembers(""),
            "{\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\",\"WrappingKeySpec\":\"RSA_2048\"}");
  EXPECT_EQ(AddMissingGpfiMembers("{}"),
            "{\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\",\"WrappingKeySpec\":\"RSA_2048\"}");
  EXPECT_EQ(AddMissingGpfiMembers("{\"KeyId\":\"k\"}"),
            "{\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\",\"WrappingKeySpec\":\"RSA_2048\","
            "\"KeyId\":\"k\"}");
  EXPECT_EQ(AddMissingGpfiMembers("{\"KeyId\":\"k\",\"WrappingKeySpec\":\"RSA_4096\"}"),
            "{\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\",\"KeyId\":\"k\","
            "\"WrappingKeySpec\":\"RSA_4096\"}");
  const std::string both =
      "{\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_1\",\"WrappingKeySpec\":\"RSA_2048\"}";
  EXPECT_EQ(AddMissingGpfiMembers(both), both);
  EXPECT_EQ(AddMissingGpfiMembers("[1]"), "[1]");
}

bool IsRsa2048(std::string_view v) { return v == "RSA_2048"; }

TEST(ReplaceUnknownStringMember, ReplacesOnlyAnUnknownValue) {
  EXPECT_EQ(ReplaceUnknownStringMember(R"({"A":1,"WrappingKeySpec" : "RSA_1024"})",
                                       "WrappingKeySpec", IsRsa2048, "RSA_2048"),
            R"({"A":1,"WrappingKeySpec" : "RSA_2048"})");
  for (const char* same :
       {R"({"WrappingKeySpec":"RSA_2048"})", R"({"WrappingKeySpec":5})", R"({"Other":"RSA_1024"})",
        R"({"WrappingKeySpec":"RSA\u0031"})", R"({"WrappingKeySpec":"RSA_1024)", ""}) {
    EXPECT_EQ(ReplaceUnknownStringMember(same, "WrappingKeySpec", IsRsa2048, "RSA_2048"), same);
  }
}

TEST(NumberMemberAsIso8601, WritesUtcSeconds) {
  EXPECT_EQ(NumberMemberAsIso8601(R"({"KeyId":"k","ParametersValidTo":1700000000.25,"X":1})",
                                  "ParametersValidTo"),
            R"({"KeyId":"k","ParametersValidTo":"2023-11-14T22:13:20Z","X":1})");
  EXPECT_EQ(NumberMemberAsIso8601(R"({"ParametersValidTo":"x"})", "ParametersValidTo"),
            R"({"ParametersValidTo":"x"})");
  EXPECT_EQ(NumberMemberAsIso8601(R"({"A":1})", "ParametersValidTo"), R"({"A":1})");
}

TEST(OperationFromTargetIgnoringCase, MatchesAnyCase) {
  EXPECT_EQ(OperationFromTargetIgnoringCase("trentservice.getparametersforimport"),
            contract::Operation::kGetParametersForImport);
  EXPECT_EQ(OperationFromTargetIgnoringCase("TrentService.ListKeys"),
            contract::Operation::kListKeys);
  EXPECT_FALSE(OperationFromTargetIgnoringCase("TrentService.ListKey"));
  EXPECT_FALSE(OperationFromTargetIgnoringCase(""));
}

TEST(ParseCredentialsFile, IdentitiesAndComments) {
  const auto ids = ParseCredentialsFile(
      "# test identities\n"
      "AKIDA secretA 111111111111\n"
      "\n"
      "  AKIDB\tsecret/B+x 222222222222   # second account\n");
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_EQ((*ids)[1].access_key_id, "AKIDB");
  EXPECT_EQ((*ids)[1].secret_access_key, "secret/B+x");
  EXPECT_EQ((*ids)[1].account, "222222222222");
  EXPECT_TRUE(ParseCredentialsFile("").ok());
}

TEST(ParseCredentialsFile, ErrorsNameTheLineNotTheSecret) {
  auto r = ParseCredentialsFile("AKIDA topsecret\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 1"), std::string::npos);
  EXPECT_EQ(r.status().message().find("topsecret"), std::string::npos);
  r = ParseCredentialsFile("# c\nAKIDA topsecret 1234\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 2"), std::string::npos);
  EXPECT_NE(r.status().message().find("12 digits"), std::string::npos);
  EXPECT_FALSE(ParseCredentialsFile("A s 111111111111\nA t 222222222222\n").ok());
  EXPECT_FALSE(ParseCredentialsFile("A/B s 111111111111\n").ok());
}

}  // namespace
}  // namespace kc::mock
