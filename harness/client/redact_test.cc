#include "harness/client/redact.h"

#include <vector>

#include <gtest/gtest.h>

namespace kc::client {
namespace {

constexpr std::string_view kSig =
    "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

TEST(RedactAuthorizationTest, KeepsCredentialAndSignedHeaders) {
  const std::string auth =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kms/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" +
      std::string(kSig);
  EXPECT_EQ(RedactAuthorization(auth),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kms/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=<redacted>");
  // Not hex, parameters reordered, lower case: still cut.
  EXPECT_EQ(RedactAuthorization("AWS4-HMAC-SHA256 signature=not-hex!, Credential=a/b"),
            "AWS4-HMAC-SHA256 signature=<redacted>, Credential=a/b");
  EXPECT_EQ(RedactAuthorization("Signature="), "Signature=");
}

TEST(RedactSignatureParamsTest, HexAfterSignatureAnywhere) {
  EXPECT_EQ(RedactSignatureParams("...&X-Amz-Signature=" + std::string(kSig) + "&x=1"),
            "...&X-Amz-Signature=<redacted>&x=1");
  EXPECT_EQ(
      RedactSignatureParams("The signature you provided: Signature=" + std::string(kSig) + "."),
      "The signature you provided: Signature=<redacted>.");
  EXPECT_EQ(RedactSignatureParams("no signature here"), "no signature here");
}

struct JsonCase {
  std::string in;
  std::string out;
};

class RedactJsonTest : public ::testing::TestWithParam<JsonCase> {};

TEST_P(RedactJsonTest, RedactsSecretMembersOnly) {
  EXPECT_EQ(RedactJsonMembers(GetParam().in), GetParam().out);
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, RedactJsonTest,
    ::testing::Values(
        JsonCase{R"({"KeyId":"k","Plaintext":"AAECAw=="})",
                 R"({"KeyId":"k","Plaintext":"<redacted>"})"},
        JsonCase{R"({"Plaintext" :  "AAECAw==" , "b":1})",
                 R"({"Plaintext" :  "<redacted>" , "b":1})"},
        JsonCase{R"({"a":{"SecretAccessKey":"x/y+z"},"b":[{"secret":1}]})",
                 R"({"a":{"SecretAccessKey":"<redacted>"},"b":[{"secret":"<redacted>"}]})"},
        JsonCase{R"({"Plaintext":{"x":[1,"]}",{"y":"}"}]},"b":2})",
                 R"({"Plaintext":"<redacted>","b":2})"},
        JsonCase{R"({"Plaintext":null})", R"({"Plaintext":"<redacted>"})"},
        JsonCase{R"({"Plaintext":12345})", R"({"Plaintext":"<redacted>"})"},
        JsonCase{R"({"Pl\u0061intext":"AAEC"})", R"({"Pl\u0061intext":"<redacted>"})"},
        JsonCase{R"({"plaintext":"AAEC","PrivateKeyPlaintext":"MII="})",
                 R"({"plaintext":"<redacted>","PrivateKeyPlaintext":"<redacted>"})"},
        JsonCase{
            R"({"PrivateKeyCiphertextBlob":"AQI=","ImportToken":"AQID","SessionToken":"t"})",
            R"({"PrivateKeyCiphertextBlob":"AQI=","ImportToken":"AQID","SessionToken":"<redacted>"})"},
        // A member name inside a string value is text, not a member.
        JsonCase{R"({"message":"\"Plaintext\": \"AAEC\""})",
                 R"({"message":"\"Plaintext\": \"AAEC\""})"},
        // Truncated and malformed bodies: redacted as far as they go.
        JsonCase{R"({"Plaintext":"AAECAwQF)", R"({"Plaintext":"<redacted>")"},
        JsonCase{R"({"Plaintext":)", R"({"Plaintext":"<redacted>")"},
        JsonCase{R"(not json "Plaintext": secretvalue, rest)",
                 R"(not json "Plaintext": "<redacted>", rest)"},
        JsonCase{"", ""}, JsonCase{R"(["Plaintext"])", R"(["Plaintext"])"}));

TEST(IsSecretMemberNameTest, Names) {
  for (std::string_view n : {"Plaintext", "PLAINTEXT", "SecretAccessKey", "client_secret",
                             "PrivateKeyPlaintext", "SessionToken", "privateKey", "Password"}) {
    EXPECT_TRUE(IsSecretMemberName(n)) << n;
  }
  for (std::string_view n : {"KeyId", "ImportToken", "PublicKey", "CiphertextBlob",
                             "EncryptedKeyMaterial", "PrivateKeyCiphertextBlob", "message"}) {
    EXPECT_FALSE(IsSecretMemberName(n)) << n;
  }
}

TEST(RedactPrivateKeysTest, PemBlocks) {
  EXPECT_EQ(RedactPrivateKeys("a -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- b"),
            "a -----BEGIN PRIVATE KEY-----<redacted>-----END PRIVATE KEY----- b");
  EXPECT_EQ(RedactPrivateKeys("-----BEGIN RSA PRIVATE KEY-----\\nMIIE...unterminated"),
            "-----BEGIN RSA PRIVATE KEY-----<redacted>-----END RSA PRIVATE KEY-----");
  const std::string pub = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----";
  EXPECT_EQ(RedactPrivateKeys(pub), pub);
}

TEST(ScrubLiteralsTest, LongSecretsAnywhereShortOnesNot) {
  const std::vector<std::string> secrets = {"wJalrXUtnFEMI/K7MDENG", "wJalrXUtnFEMI", "test"};
  EXPECT_EQ(ScrubLiterals("k=wJalrXUtnFEMI/K7MDENG; p=wJalrXUtnFEMI; this is a test", secrets),
            "k=<redacted>; p=<redacted>; this is a test");
}

TEST(RedactBodyTest, NonJsonIsKeptButScannedAndNonUtf8IsBase64) {
  const std::vector<std::string> secrets = {std::string(kSig)};
  EXPECT_EQ(RedactBody("<html>bad sig " + std::string(kSig) + "</html>", secrets),
            "<html>bad sig <redacted></html>");
  const std::string binary = std::string("\xff\x00", 2) + std::string(kSig);
  const std::string body = RedactBody(binary, secrets);
  EXPECT_TRUE(body.starts_with("base64:")) << body;
  EXPECT_EQ(body, report::BodyForReport(std::string("\xff\x00", 2) + "<redacted>"));
}

TEST(RedactHeadersTest, RequestAndResponse) {
  const std::vector<std::string> secrets;
  const report::Headers req = RedactRequestHeaders(
      {{"Authorization",
        "AWS4-HMAC-SHA256 Credential=A/B, SignedHeaders=host, Signature=" + std::string(kSig)},
       {"x-amz-security-token", "FQoGZXIvYXdzEJr"},
       {"X-Amz-Target", "TrentService.Encrypt"}},
      secrets);
  EXPECT_EQ(req, (report::Headers{{"Authorization",
                                   "AWS4-HMAC-SHA256 Credential=A/B, SignedHeaders=host, "
                                   "Signature=<redacted>"},
                                  {"x-amz-security-token", "<redacted>"},
                                  {"X-Amz-Target", "TrentService.Encrypt"}}));
  const report::Headers resp = RedactResponseHeaders(
      {{"set-cookie", "session=abc"}, {"Authorization", "Bearer x"}, {"x-amzn-RequestId", "r"}},
      secrets);
  EXPECT_EQ(resp, (report::Headers{{"set-cookie", "<redacted>"},
                                   {"Authorization", "<redacted>"},
                                   {"x-amzn-RequestId", "r"}}));
}

TEST(SecretFormsTest, RawAndBase64) {
  EXPECT_EQ(SecretForms("abc"), (std::vector<std::string>{"abc", "YWJj"}));
  EXPECT_TRUE(SecretForms("").empty());
}

}  // namespace
}  // namespace kc::client
