// Verify and ParseAuthorization: every refusal asserts the exact VerifyError and message.
#include "harness/sigv4/verifier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/canonical.h"
#include "harness/sigv4/http_text.h"
#include "harness/sigv4/signer.h"
#include "harness/sigv4/suite_case.h"

namespace kc::sigv4 {
namespace {

constexpr EpochSeconds kSuiteTime = 1440938160;  // 2015-08-30T12:36:00Z
constexpr double kSkew = 300;                    // AWS's 5 minutes
constexpr std::string_view kSuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

SecretLookup SuiteLookup() {
  return [](std::string_view access_key_id) -> std::optional<std::string> {
    if (access_key_id == "AKIDEXAMPLE") return std::string(kSuiteSecret);
    return std::nullopt;
  };
}

HttpRequest GoldenSigned(const std::string& case_name) {
  const auto text =
      testing::ReadTextFile(testing::SuiteDir() / case_name / "header-signed-request.txt");
  if (!text.ok()) return {};
  return ParseHttpRequestText(*text).value_or(HttpRequest{});
}

std::string& HeaderValue(HttpRequest& request, std::string_view name) {
  for (auto& [header_name, value] : request.headers) {
    if (EqualsIgnoreCase(header_name, name)) return value;
  }
  static std::string none;
  ADD_FAILURE() << "no header " << name;
  return none;
}

// Asserts that `result` is a refusal with exactly `error` and `message`.
void ExpectRefused(const VerifyResult& result, VerifyError error, std::string_view message) {
  ASSERT_FALSE(result.ok()) << "accepted";
  EXPECT_EQ(VerifyErrorName(result.error()), VerifyErrorName(error));
  EXPECT_EQ(result.message(), message);
}

VerifyResult VerifyAt(const HttpRequest& request, EpochSeconds now) {
  return Verify(request, SuiteLookup(), now, kSkew);
}

class VerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(vanilla_.headers.empty());
    ASSERT_FALSE(form_.headers.empty());
    ASSERT_FALSE(key_sort_.headers.empty());
    ASSERT_TRUE(VerifyAt(vanilla_, kSuiteTime).ok());
    ASSERT_TRUE(VerifyAt(form_, kSuiteTime).ok());
    ASSERT_TRUE(VerifyAt(key_sort_, kSuiteTime).ok());
  }

  // Authorization of get-vanilla with `from` replaced by `to`.
  HttpRequest VanillaWithAuthorization(std::string_view from, std::string_view to) {
    HttpRequest request = vanilla_;
    std::string& authorization = HeaderValue(request, "Authorization");
    const std::size_t at = authorization.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) authorization.replace(at, from.size(), to);
    return request;
  }

  HttpRequest vanilla_ = GoldenSigned("get-vanilla");
  HttpRequest form_ = GoldenSigned("post-x-www-form-urlencoded");  // sign_body: true
  HttpRequest key_sort_ = GoldenSigned("post-header-key-sort");    // signs My-Header1
};

// --- Mismatches -----------------------------------------------------------------------------

TEST_F(VerifierTest, OneByteOfTheBodyChangedIsAMismatch) {
  form_.body[0] = 'Q';
  ExpectRefused(VerifyAt(form_, kSuiteTime), VerifyError::kSignatureMismatch,
                kSignatureMismatchMessage);
  // Without x-amz-content-sha256 the body hash comes from the body itself.
  RemoveHeaders(form_, "x-amz-content-sha256");
  ExpectRefused(VerifyAt(form_, kSuiteTime), VerifyError::kSignatureMismatch,
                kSignatureMismatchMessage);
}

TEST_F(VerifierTest, BodyMatchingAForgedContentSha256IsAMismatch) {
  // The announced hash is signed; a body that no longer hashes to it is refused even though
  // the signature over the headers still holds.
  form_.body = "Param1=value2";
  ExpectRefused(VerifyAt(form_, kSuiteTime), VerifyError::kSignatureMismatch,
                kSignatureMismatchMessage);
}

TEST_F(VerifierTest, ChangedSignedHeaderValueIsAMismatch) {
  HeaderValue(key_sort_, "My-Header1") = "value2";
  ExpectRefused(VerifyAt(key_sort_, kSuiteTime), VerifyError::kSignatureMismatch,
                kSignatureMismatchMessage);
}

TEST_F(VerifierTest, ChangedUnsignedHeaderIsAccepted) {
  vanilla_.headers.emplace_back("User-Agent", "not signed");
  EXPECT_TRUE(VerifyAt(vanilla_, kSuiteTime).ok());
}

TEST_F(VerifierTest, HeaderCanonicalisationDoesNotBreakTheSignature) {
  // Case of names, surrounding and inner spaces are canonicalised away.
  HeaderValue(key_sort_, "My-Header1") = "   value1  ";
  key_sort_.headers[1].first = "MY-HEADER1";
  EXPECT_TRUE(VerifyAt(key_sort_, kSuiteTime).ok());
}

TEST_F(VerifierTest, ChangedSignatureIsAMismatch) {
  // get-vanilla's signature is 5fa00fa3...; flip its first hex digit.
  ExpectRefused(VerifyAt(VanillaWithAuthorization("Signature=5", "Signature=6"), kSuiteTime),
                VerifyError::kSignatureMismatch, kSignatureMismatchMessage);
}

TEST_F(VerifierTest, ChangedPathOrQueryIsAMismatch) {
  vanilla_.path = "/other";
  ExpectRefused(VerifyAt(vanilla_, kSuiteTime), VerifyError::kSignatureMismatch,
                kSignatureMismatchMessage);
  vanilla_.path = "/";
  vanilla_.query = "a=b";
  ExpectRefused(VerifyAt(vanilla_, kSuiteTime), VerifyError::kSignatureMismatch,
                kSignatureMismatchMessage);
}

TEST_F(VerifierTest, ChangedDateWithinSkewIsAMismatch) {
  HeaderValue(vanilla_, "X-Amz-Date") = "20150830T123601Z";
  ExpectRefused(VerifyAt(vanilla_, kSuiteTime), VerifyError::kSignatureMismatch,
                kSignatureMismatchMessage);
}

TEST_F(VerifierTest, ScopeDateOtherThanTheSigningDateIsAMismatch) {
  // Signed at 2015-08-30T23:59:00Z but scoped to the 31st (as a client with a skewed
  // midnight would): refused even though the skew is within limits.
  Credentials credentials{"AKIDEXAMPLE", std::string(kSuiteSecret), ""};
  HttpRequest request;
  request.method = "GET";
  request.path = "/";
  request.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T235900Z"}};
  const std::string canonical =
      CanonicalRequest(request, "host;x-amz-date", PayloadHash(""), /*normalize_path=*/true);
  const std::string scope = CredentialScope("20150831", "us-east-1", "service");
  const std::string signature =
      Signature(SigningKey(kSuiteSecret, "20150831", "us-east-1", "service"),
                StringToSign("20150830T235900Z", scope, canonical));
  request.headers.emplace_back(
      "Authorization", AuthorizationHeader("AKIDEXAMPLE", scope, "host;x-amz-date", signature));
  ExpectRefused(VerifyAt(request, *ParseAmzDate("20150830T235900Z")),
                VerifyError::kSignatureMismatch, kSignatureMismatchMessage);
}

// --- Identity and time --------------------------------------------------------------------

TEST_F(VerifierTest, UnknownAccessKeyIsUnrecognised) {
  const VerifyResult result = Verify(
      vanilla_, [](std::string_view) { return std::optional<std::string>(); }, kSuiteTime, kSkew);
  ExpectRefused(result, VerifyError::kUnknownAccessKey,
                "The security token included in the request is invalid.");
}

TEST_F(VerifierTest, SkewIsAcceptedUpToFiveMinutesEitherWay) {
  for (double offset : {-300.0, -240.0, -1.0, 0.0, 1.0, 240.0, 240.5, 300.0, 300.9}) {
    const VerifyResult result = VerifyAt(vanilla_, kSuiteTime + offset);
    EXPECT_TRUE(result.ok()) << offset << ": " << result.message();
  }
}

TEST_F(VerifierTest, ExpiredSignatureIsRefused) {
  ExpectRefused(VerifyAt(vanilla_, kSuiteTime + 301), VerifyError::kSignatureExpired,
                "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z "
                "(20150830T124101Z - 5 min.)");
  // The example AWS documents: 15 minutes late.
  ExpectRefused(VerifyAt(vanilla_, kSuiteTime + 900), VerifyError::kSignatureExpired,
                "Signature expired: 20150830T123600Z is now earlier than 20150830T124600Z "
                "(20150830T125100Z - 5 min.)");
}

TEST_F(VerifierTest, FutureSignatureIsRefused) {
  ExpectRefused(VerifyAt(vanilla_, kSuiteTime - 301), VerifyError::kSignatureExpired,
                "Signature not yet current: 20150830T123600Z is still later than "
                "20150830T123559Z (20150830T123059Z + 5 min.)");
}

TEST_F(VerifierTest, NonMinuteSkewIsSpelledInSeconds) {
  ExpectRefused(Verify(vanilla_, SuiteLookup(), kSuiteTime + 91, 90),
                VerifyError::kSignatureExpired,
                "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z "
                "(20150830T123731Z - 90 sec.)");
}

TEST_F(VerifierTest, NanClockIsRefusedNotAccepted) {
  const VerifyResult result = VerifyAt(vanilla_, std::nan(""));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error(), VerifyError::kSignatureExpired);
}

TEST_F(VerifierTest, DateHeaderStandsInForXAmzDate) {
  // A request dated by Date (IMF-fixdate) alone; the string to sign uses the ISO form.
  HttpRequest request;
  request.method = "GET";
  request.path = "/";
  request.headers = {{"Host", "example.amazonaws.com"}, {"Date", "Sun, 30 Aug 2015 12:36:00 GMT"}};
  const std::string canonical =
      CanonicalRequest(request, "date;host", PayloadHash(""), /*normalize_path=*/true);
  const std::string scope = CredentialScope("20150830", "us-east-1", "service");
  const std::string signature =
      Signature(SigningKey(kSuiteSecret, "20150830", "us-east-1", "service"),
                StringToSign("20150830T123600Z", scope, canonical));
  request.headers.emplace_back("Authorization",
                               AuthorizationHeader("AKIDEXAMPLE", scope, "date;host", signature));
  const VerifyResult result = VerifyAt(request, kSuiteTime);
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_EQ(result.value().signing_time, kSuiteTime);
}

// --- Missing and malformed authentication ------------------------------------------------

TEST_F(VerifierTest, NoAuthorizationIsMissingAuthentication) {
  RemoveHeaders(vanilla_, "Authorization");
  ExpectRefused(VerifyAt(vanilla_, kSuiteTime), VerifyError::kMissingAuthentication,
                "Missing Authentication Token");
  vanilla_.query = "Action=ListKeys&X-Amz-Date-Not=1";  // look-alikes are not query auth
  ExpectRefused(VerifyAt(vanilla_, kSuiteTime), VerifyError::kMissingAuthentication,
                "Missing Authentication Token");
}

TEST_F(VerifierTest, MissingSignatureIsIncomplete) {
  const HttpRequest request = VanillaWithAuthorization(
      ", Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", "");
  ExpectRefused(VerifyAt(request, kSuiteTime), VerifyError::kIncompleteSignature,
                "Authorization header requires 'Signature' parameter. Authorization="
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                "aws4_request, SignedHeaders=host;x-amz-date");
}

TEST_F(VerifierTest, MissingCredentialIsIncomplete) {
  const HttpRequest request = VanillaWithAuthorization(
      "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ", "");
  ExpectRefused(VerifyAt(request, kSuiteTime), VerifyError::kIncompleteSignature,
                "Authorization header requires 'Credential' parameter. Authorization="
                "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, "
                "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST_F(VerifierTest, EveryMissingParameterIsNamed) {
  HttpRequest request = vanilla_;
  HeaderValue(request, "Authorization") = "AWS4-HMAC-SHA256";
  ExpectRefused(VerifyAt(request, kSuiteTime), VerifyError::kIncompleteSignature,
                "Authorization header requires 'Credential' parameter. Authorization header "
                "requires 'Signature' parameter. Authorization header requires 'SignedHeaders' "
                "parameter. Authorization=AWS4-HMAC-SHA256");
}

TEST_F(VerifierTest, BadCredentialScopeIsIncomplete) {
  ExpectRefused(
      VerifyAt(VanillaWithAuthorization("/service/aws4_request", "/aws4_request"), kSuiteTime),
      VerifyError::kIncompleteSignature,
      "Credential must have exactly 5 non-empty slash-delimited elements, e.g. "
      "keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1/aws4_request'.");
  ExpectRefused(VerifyAt(VanillaWithAuthorization("/us-east-1/", "//"), kSuiteTime),
                VerifyError::kIncompleteSignature,
                "Credential must have exactly 5 non-empty slash-delimited elements, e.g. "
                "keyid/date/region/service/term, got "
                "'AKIDEXAMPLE/20150830//service/aws4_request'.");
  ExpectRefused(VerifyAt(VanillaWithAuthorization("aws4_request", "aws5_request"), kSuiteTime),
                VerifyError::kIncompleteSignature,
                "Credential should be scoped with a valid terminator: 'aws4_request', not "
                "'aws5_request'.");
  ExpectRefused(VerifyAt(VanillaWithAuthorization("/20150830/", "/20150832/"), kSuiteTime),
                VerifyError::kIncompleteSignature,
                "Credential should be scoped to a valid date (YYYYMMDD), not '20150832'.");
}

TEST_F(VerifierTest, MalformedSignatureOrSignedHeadersIsIncomplete) {
  ExpectRefused(VerifyAt(VanillaWithAuthorization("Signature=5f", "Signature="), kSuiteTime),
                VerifyError::kIncompleteSignature,
                "Signature must be 64 hexadecimal characters, got "
                "'a00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'.");
  ExpectRefused(
      VerifyAt(VanillaWithAuthorization("host;x-amz-date", "x-amz-date;host"), kSuiteTime),
      VerifyError::kIncompleteSignature,
      "SignedHeaders must be lower-case header names separated by ';' in ascending order, got "
      "'x-amz-date;host'.");
  ExpectRefused(
      VerifyAt(VanillaWithAuthorization("host;x-amz-date", "Host;X-Amz-Date"), kSuiteTime),
      VerifyError::kIncompleteSignature,
      "SignedHeaders must be lower-case header names separated by ';' in ascending order, got "
      "'Host;X-Amz-Date'.");
  ExpectRefused(VerifyAt(VanillaWithAuthorization("host;x-amz-date", "x-amz-date"), kSuiteTime),
                VerifyError::kIncompleteSignature,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
}

TEST_F(VerifierTest, OtherAlgorithmIsIncomplete) {
  HttpRequest request = vanilla_;
  HeaderValue(request, "Authorization") = "Bearer abc";
  ExpectRefused(VerifyAt(request, kSuiteTime), VerifyError::kIncompleteSignature,
                "Unsupported AWS 'algorithm': 'Bearer'. Authorization=Bearer abc");
}

TEST_F(VerifierTest, MissingOrMalformedDateIsIncomplete) {
  HttpRequest request = vanilla_;
  RemoveHeaders(request, "X-Amz-Date");
  ExpectRefused(VerifyAt(request, kSuiteTime), VerifyError::kIncompleteSignature,
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
                "header. Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
                "us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  HeaderValue(vanilla_, "X-Amz-Date") = "2015-08-30T12:36:00Z";
  ExpectRefused(VerifyAt(vanilla_, kSuiteTime), VerifyError::kIncompleteSignature,
                "X-Amz-Date must be in the ISO 8601 basic format YYYYMMDD'T'HHMMSS'Z', got "
                "'2015-08-30T12:36:00Z'.");
}

TEST_F(VerifierTest, TwoAuthorizationHeadersAreIncomplete) {
  vanilla_.headers.push_back(vanilla_.headers.back());
  ExpectRefused(VerifyAt(vanilla_, kSuiteTime), VerifyError::kIncompleteSignature,
                "Authorization header must appear only once, got 2.");
}

TEST_F(VerifierTest, IncompletePresignedUrlIsIncomplete) {
  RemoveHeaders(vanilla_, "Authorization");
  vanilla_.query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20150830T123600Z";
  ExpectRefused(VerifyAt(vanilla_, kSuiteTime), VerifyError::kIncompleteSignature,
                "AWS query-string parameters must include 'X-Amz-Algorithm', "
                "'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', "
                "'X-Amz-Expires'. Re-examine the query-string parameters.");
}

TEST_F(VerifierTest, PresignedUrlChecksItsOwnWindow) {
  const auto text =
      testing::ReadTextFile(testing::SuiteDir() / "get-vanilla" / "query-signed-request.txt");
  ASSERT_TRUE(text.ok());
  HttpRequest presigned = ParseHttpRequestText(*text).value_or(HttpRequest{});
  EXPECT_TRUE(VerifyAt(presigned, kSuiteTime + 3600).ok());
  ExpectRefused(VerifyAt(presigned, kSuiteTime - 301), VerifyError::kSignatureExpired,
                "Signature not yet current: 20150830T123600Z is still later than "
                "20150830T123559Z (20150830T123059Z + 5 min.)");
  presigned.query.replace(presigned.query.find("X-Amz-Expires=3600"), 18, "X-Amz-Expires=0");
  ExpectRefused(VerifyAt(presigned, kSuiteTime), VerifyError::kIncompleteSignature,
                "X-Amz-Expires must be a whole number of seconds between 1 and 604800, got "
                "'0'.");
  presigned.query += "&X-Amz-Date=20150830T123600Z";
  ExpectRefused(VerifyAt(presigned, kSuiteTime), VerifyError::kIncompleteSignature,
                "AWS query-string parameter 'X-Amz-Date' must appear only once.");
}

// --- ParseAuthorization -------------------------------------------------------------------

TEST(ParseAuthorizationTest, ToleratesSpacingAndParameterOrder) {
  const std::string signature(64, 'a');
  for (const std::string& header :
       {"AWS4-HMAC-SHA256 Credential=AK/20150830/eu-west-1/kms/aws4_request,SignedHeaders=host;"
        "x-amz-date,Signature=" +
            signature,
        "  AWS4-HMAC-SHA256   Signature=" + signature +
            " ,  SignedHeaders=host;x-amz-date,   Credential=AK/20150830/eu-west-1/kms/"
            "aws4_request  ",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/eu-west-1/kms/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=" +
            std::string(64, 'A') + ", Extra=1"}) {
    const Result<ParsedAuthorization> parsed = ParseAuthorization(header);
    ASSERT_TRUE(parsed.ok()) << header << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed->access_key_id, "AK");
    EXPECT_EQ(parsed->date, "20150830");
    EXPECT_EQ(parsed->region, "eu-west-1");
    EXPECT_EQ(parsed->service, "kms");
    EXPECT_EQ(parsed->signed_headers, "host;x-amz-date");
    for (std::uint8_t byte : parsed->signature) EXPECT_EQ(byte, 0xAA);
  }
}

TEST(ParseAuthorizationTest, RefusesDuplicateParameters) {
  const Result<ParsedAuthorization> parsed = ParseAuthorization(
      "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request, Credential=x, "
      "SignedHeaders=host, Signature=" +
      std::string(64, '0'));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message().rfind(
                "Authorization header has more than one 'Credential' parameter.", 0),
            0u);
}

// --- Round trip of a KMS request --------------------------------------------------------

HttpRequest KmsRequest(std::string target, std::size_t body_size) {
  HttpRequest request;
  request.method = "POST";
  request.path = "/";
  std::string body = R"({"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","WrappingAlgorithm":)"
                     R"("RSAES_OAEP_SHA_256","WrappingKeySpec":"RSA_4096","Pad":")";
  body.append(body_size > body.size() + 2 ? body_size - body.size() - 2 : 0, 'x');
  body.append("\"}");
  request.headers = {{"Host", "127.0.0.1:4566"},
                     {"Content-Type", "application/x-amz-json-1.1"},
                     {"X-Amz-Target", std::move(target)},
                     {"User-Agent", "kmsconform/0.1"},
                     {"Content-Length", std::to_string(body.size())}};
  request.body = std::move(body);
  return request;
}

TEST(KmsRoundTripTest, SignedGetParametersForImportVerifies) {
  const Credentials credentials{"AKIAKMSCONFORM000001", "kmsconform/secret/key+0123456789abcd",
                                "session-token-xyz"};
  const SigningParams params{.region = "eu-central-1", .service = "kms", .time = 1767225600.75};
  const Result<HttpRequest> signed_request =
      Sign(KmsRequest("TrentService.GetParametersForImport", 1200), credentials, params);
  ASSERT_TRUE(signed_request.ok()) << signed_request.status().ToString();
  EXPECT_EQ(*FindHeader(*signed_request, "X-Amz-Date"), "20260101T000000Z");
  EXPECT_EQ(*FindHeader(*signed_request, "X-Amz-Security-Token"), "session-token-xyz");
  EXPECT_EQ(FindHeader(*signed_request, "x-amz-content-sha256"), std::nullopt);
  EXPECT_NE(FindHeader(*signed_request, "Authorization")
                ->find(", SignedHeaders=content-length;content-type;host;user-agent;x-amz-date;"
                       "x-amz-security-token;x-amz-target, Signature="),
            std::string_view::npos);

  const SecretLookup lookup = [&](std::string_view id) -> std::optional<std::string> {
    if (id == credentials.access_key_id) return credentials.secret_access_key;
    return std::nullopt;
  };
  const VerifyResult result = Verify(*signed_request, lookup, params.time + 10, kSkew);
  ASSERT_TRUE(result.ok()) << VerifyErrorName(result.error()) << ": " << result.message();
  EXPECT_EQ(result.value().access_key_id, credentials.access_key_id);
  EXPECT_EQ(result.value().region, "eu-central-1");
  EXPECT_EQ(result.value().service, "kms");
  EXPECT_EQ(result.value().session_token, "session-token-xyz");
  EXPECT_EQ(result.value().signing_time, 1767225600.0);

  // Signing again after a change replaces the old authentication headers.
  HttpRequest changed = *signed_request;
  HeaderValue(changed, "X-Amz-Target") = "TrentService.ImportKeyMaterial";
  ExpectRefused(Verify(changed, lookup, params.time, kSkew), VerifyError::kSignatureMismatch,
                kSignatureMismatchMessage);
  const Result<HttpRequest> resigned = Sign(changed, credentials, params);
  ASSERT_TRUE(resigned.ok());
  EXPECT_EQ(CountHeaders(*resigned, "Authorization"), 1u);
  EXPECT_EQ(CountHeaders(*resigned, "X-Amz-Date"), 1u);
  EXPECT_TRUE(Verify(*resigned, lookup, params.time, kSkew).ok());
}

TEST(KmsRoundTripTest, SignRefusesWhatWouldCorruptTheScope) {
  const Credentials credentials{"AKID", "secret", ""};
  const HttpRequest request = KmsRequest("TrentService.ListKeys", 10);
  for (const SigningParams& params :
       {SigningParams{.region = "", .service = "kms", .time = kSuiteTime},
        SigningParams{.region = "us/east", .service = "kms", .time = kSuiteTime},
        SigningParams{.region = "us-east-1", .service = "kms", .time = -1},
        SigningParams{.region = "us-east-1", .service = "kms", .time = std::nan("")}}) {
    const Result<HttpRequest> signed_request = Sign(request, credentials, params);
    ASSERT_FALSE(signed_request.ok());
    EXPECT_EQ(signed_request.status().code(), StatusCode::kInvalidArgument);
  }
  EXPECT_FALSE(Sign(request, Credentials{"", "secret", ""},
                    SigningParams{.region = "r", .service = "kms", .time = kSuiteTime})
                   .ok());
  EXPECT_FALSE(Presign(request, credentials,
                       SigningParams{.region = "r", .service = "kms", .time = kSuiteTime}, 0)
                   .ok());
}

// --- Signing key cache --------------------------------------------------------------------

TEST(SigningKeyCacheTest, ReturnsTheDerivedKeyAndHitsOnRepeat) {
  SigningKeyCache cache(4);
  const auto direct = SigningKey(kSuiteSecret, "20150830", "us-east-1", "service");
  EXPECT_EQ(cache.Get(kSuiteSecret, "20150830", "us-east-1", "service"), direct);
  EXPECT_EQ(cache.Get(kSuiteSecret, "20150830", "us-east-1", "service"), direct);
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.misses(), 1u);
  // Any differing field is a different key, never a stale hit.
  EXPECT_NE(cache.Get(kSuiteSecret, "20150831", "us-east-1", "service"), direct);
  EXPECT_NE(cache.Get("other", "20150830", "us-east-1", "service"), direct);
  EXPECT_NE(cache.Get(kSuiteSecret, "20150830", "us-east-2", "service"), direct);
  EXPECT_NE(cache.Get(kSuiteSecret, "20150830", "us-east-1", "kms"), direct);
  EXPECT_EQ(cache.Get(kSuiteSecret, "20150830", "us-east-1", "service"), direct);
}

TEST(SigningKeyCacheTest, ConcurrentVerifiersAgree) {
  SigningKeyCache cache(2);  // tiny: forces evictions between threads
  const HttpRequest vanilla = GoldenSigned("get-vanilla");
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const auto region = "r" + std::to_string((i + t) % 5);
        (void)cache.Get("s", "20150830", region, "kms");
        accepted +=
            Verify(vanilla, SuiteLookup(), kSuiteTime, kSkew, VerifyOptions{.key_cache = &cache})
                .ok();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(accepted.load(), 800);
}

}  // namespace
}  // namespace kc::sigv4
