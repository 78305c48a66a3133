// The official SigV4 test suite (testdata/sigv4, 38 cases), stage by stage as aws-c-auth
// checks it. For each case folder:
//   request.txt + context.json      -> Sign()    == header-canonical-request.txt,
//                                                   header-string-to-sign.txt,
//                                                   header-signature.txt,
//                                                   header-signed-request.txt (byte for byte)
//   each golden file alone          -> the one stage that produces the next golden file
//   request.txt + context.json      -> Presign() == query-*.txt (presigned URL variant)
//   header-/query-signed-request.txt -> Verify() accepts it at the case's time
#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/canonical.h"
#include "harness/sigv4/http_text.h"
#include "harness/sigv4/signer.h"
#include "harness/sigv4/suite_case.h"
#include "harness/sigv4/verifier.h"

namespace kc::sigv4 {
namespace {

using testing::LoadSuiteCase;
using testing::SuiteCase;
using testing::SuiteCaseNames;

// The signed header list of a golden canonical request: its second-to-last line.
std::string SignedHeadersLine(const std::string& canonical_request) {
  const std::size_t last = canonical_request.rfind('\n');
  const std::size_t before = canonical_request.rfind('\n', last - 1);
  return canonical_request.substr(before + 1, last - before - 1);
}

SecretLookup LookupFor(const Credentials& credentials) {
  return [credentials](std::string_view access_key_id) -> std::optional<std::string> {
    if (access_key_id != credentials.access_key_id) return std::nullopt;
    return credentials.secret_access_key;
  };
}

TEST(SigV4SuiteTest, FindsEveryCase) {
  // The parameterised tests below would pass vacuously on an empty folder.
  const auto names = SuiteCaseNames();
  ASSERT_EQ(names.size(), testing::kSuiteCaseCount) << "looked in " << testing::SuiteDir();
  for (const auto& name : names) EXPECT_TRUE(LoadSuiteCase(name).ok()) << name;
}

class SigV4SuiteCaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    Result<SuiteCase> loaded = LoadSuiteCase(GetParam());
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    case_ = std::move(loaded).value();
  }
  std::string File(const std::string& name) const {
    std::string text = case_.File(name);
    EXPECT_FALSE(text.empty()) << case_.name << "/" << name;
    return text;
  }

  SuiteCase case_;
};

TEST_P(SigV4SuiteCaseTest, SignMatchesEveryHeaderStage) {
  SigningTrace trace;
  const Result<HttpRequest> signed_request =
      Sign(case_.request, case_.credentials, case_.params, &trace);
  ASSERT_TRUE(signed_request.ok()) << signed_request.status().ToString();
  EXPECT_EQ(trace.canonical_request, File("header-canonical-request.txt"));
  EXPECT_EQ(trace.string_to_sign, File("header-string-to-sign.txt"));
  EXPECT_EQ(trace.signature, File("header-signature.txt"));
  EXPECT_EQ(SerializeHttpRequest(*signed_request), File("header-signed-request.txt"));
}

TEST_P(SigV4SuiteCaseTest, EachHeaderStageMatchesFromTheGoldenInput) {
  const std::string golden_canonical = File("header-canonical-request.txt");
  const std::string golden_string_to_sign = File("header-string-to-sign.txt");
  const std::string golden_signature = File("header-signature.txt");
  const std::string golden_signed = File("header-signed-request.txt");

  // Canonical request of the golden signed request (minus Authorization) over the golden
  // signed header list.
  Result<HttpRequest> signed_request = ParseHttpRequestText(golden_signed);
  ASSERT_TRUE(signed_request.ok()) << signed_request.status().ToString();
  HttpRequest unsigned_request = *signed_request;
  ASSERT_EQ(RemoveHeaders(unsigned_request, "authorization"), 1u);
  const std::string signed_headers = SignedHeadersLine(golden_canonical);
  EXPECT_EQ(CanonicalRequest(unsigned_request, signed_headers, PayloadHash(unsigned_request.body),
                             case_.params.normalize_path),
            golden_canonical);

  const std::string amz_date = FormatAmzDate(case_.params.time);
  const std::string scope =
      CredentialScope(amz_date.substr(0, 8), case_.params.region, case_.params.service);
  EXPECT_EQ(StringToSign(amz_date, scope, golden_canonical), golden_string_to_sign);

  const auto key = SigningKey(case_.credentials.secret_access_key, amz_date.substr(0, 8),
                              case_.params.region, case_.params.service);
  EXPECT_EQ(Signature(key, golden_string_to_sign), golden_signature);

  EXPECT_EQ(
      AuthorizationHeader(case_.credentials.access_key_id, scope, signed_headers, golden_signature),
      *FindHeader(*signed_request, "Authorization"));
}

TEST_P(SigV4SuiteCaseTest, PresignMatchesEveryQueryStage) {
  SigningTrace trace;
  const Result<HttpRequest> presigned =
      Presign(case_.request, case_.credentials, case_.params, case_.expires_seconds, &trace);
  ASSERT_TRUE(presigned.ok()) << presigned.status().ToString();
  EXPECT_EQ(trace.canonical_request, File("query-canonical-request.txt"));
  EXPECT_EQ(trace.string_to_sign, File("query-string-to-sign.txt"));
  EXPECT_EQ(trace.signature, File("query-signature.txt"));
  EXPECT_EQ(SerializeHttpRequest(*presigned), File("query-signed-request.txt"));
}

TEST_P(SigV4SuiteCaseTest, SignedRequestTextRoundTrips) {
  for (const char* name : {"header-signed-request.txt", "query-signed-request.txt"}) {
    const std::string text = File(name);
    const Result<HttpRequest> parsed = ParseHttpRequestText(text);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(SerializeHttpRequest(*parsed), text) << name;
  }
}

TEST_P(SigV4SuiteCaseTest, VerifierAcceptsTheGoldenHeaderSignedRequest) {
  const Result<HttpRequest> signed_request =
      ParseHttpRequestText(File("header-signed-request.txt"));
  ASSERT_TRUE(signed_request.ok()) << signed_request.status().ToString();
  SigningKeyCache cache;
  const VerifyResult result =
      Verify(*signed_request, LookupFor(case_.credentials), case_.params.time, 300,
             VerifyOptions{.normalize_path = case_.params.normalize_path, .key_cache = &cache});
  ASSERT_TRUE(result.ok()) << VerifyErrorName(result.error()) << ": " << result.message();
  EXPECT_EQ(result.value().access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(result.value().region, "us-east-1");
  EXPECT_EQ(result.value().service, "service");
  EXPECT_EQ(result.value().session_token, case_.credentials.session_token);
  EXPECT_EQ(result.value().signing_time, case_.params.time);
  EXPECT_FALSE(result.value().presigned);
}

TEST_P(SigV4SuiteCaseTest, VerifierAcceptsTheGoldenPresignedRequest) {
  const Result<HttpRequest> presigned = ParseHttpRequestText(File("query-signed-request.txt"));
  ASSERT_TRUE(presigned.ok()) << presigned.status().ToString();
  const VerifyOptions options{
      .normalize_path = case_.params.normalize_path,
      .presigned_token_is_unsigned = case_.params.omit_session_token_from_signature};
  const VerifyResult result =
      Verify(*presigned, LookupFor(case_.credentials), case_.params.time + 3000, 300, options);
  ASSERT_TRUE(result.ok()) << VerifyErrorName(result.error()) << ": " << result.message();
  EXPECT_TRUE(result.value().presigned);
  EXPECT_EQ(result.value().session_token, case_.credentials.session_token);

  if (case_.params.omit_session_token_from_signature) {
    // The token is outside the signature only when the verifier is told so.
    const VerifyResult strict =
        Verify(*presigned, LookupFor(case_.credentials), case_.params.time, 300,
               VerifyOptions{.normalize_path = options.normalize_path});
    ASSERT_FALSE(strict.ok());
    EXPECT_EQ(strict.error(), VerifyError::kSignatureMismatch);
  }

  // X-Amz-Expires=3600: one second later than that the URL is refused.
  const VerifyResult expired =
      Verify(*presigned, LookupFor(case_.credentials), case_.params.time + 3601, 300, options);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error(), VerifyError::kSignatureExpired);
  EXPECT_EQ(expired.message(),
            "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z "
            "(20150830T133601Z - 3600 sec.)");
}

TEST_P(SigV4SuiteCaseTest, VerifierRefusesTheGoldenRequestWithAnotherSecret) {
  const Result<HttpRequest> signed_request =
      ParseHttpRequestText(File("header-signed-request.txt"));
  ASSERT_TRUE(signed_request.ok());
  Credentials other = case_.credentials;
  other.secret_access_key.back() = 'X';
  const VerifyResult result = Verify(*signed_request, LookupFor(other), case_.params.time, 300,
                                     VerifyOptions{.normalize_path = case_.params.normalize_path});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error(), VerifyError::kSignatureMismatch);
  EXPECT_EQ(result.message(), kSignatureMismatchMessage);
}

std::string CaseTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Suite, SigV4SuiteCaseTest, ::testing::ValuesIn(SuiteCaseNames()),
                         CaseTestName);

}  // namespace
}  // namespace kc::sigv4
