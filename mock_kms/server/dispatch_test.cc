// Dispatcher::Handle against a real in-process model (ManualClock, DeterministicRandom,
// FixedKeySource): the wire protocol of CONTRACT.md (proto.*), authentication, the clock
// hook and the protocol-level faults.
#include "mock_kms/server/dispatch.h"

#include <memory>
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "harness/codec/codec.h"
#include "harness/crypto/keys.h"
#include "harness/crypto/random.h"
#include "harness/sigv4/signer.h"
#include "mock_kms/model/fixed_key_source.h"
#include "mock_kms/model/fixed_test_keys.h"

namespace kc::mock {
namespace {

const crypto::PrivateKey& TestWrappingKey() { return FixedTestKeys(2048)[0]; }

constexpr const char* kKeyA = "AKIDACCOUNTAAAAAAAAA";
constexpr const char* kSecretA = "secret/A/0123456789abcdefghijklmnopqrstuv";
constexpr const char* kAccountA = "111111111111";
constexpr const char* kKeyB = "AKIDACCOUNTBBBBBBBBB";
constexpr const char* kSecretB = "secret/B/0123456789abcdefghijklmnopqrstuv";
constexpr const char* kAccountB = "222222222222";

class DispatchTest : public ::testing::Test {
 protected:
  void Build(Fault fault = Fault::kNone, AuthMode auth = AuthMode::kNone, bool test_hooks = false,
             contract::Profile profile = contract::Profile::k2022) {
    dispatcher_.reset();
    kms_.reset();
    KmsOptions kms_options;
    kms_options.profile = profile;
    kms_options.fault = fault;
    auto kms = Kms::Create(kms_options, clock_, random_, keys_);
    ASSERT_TRUE(kms.ok()) << kms.status().ToString();
    kms_ = std::move(kms).value();
    DispatchOptions options;
    options.auth = auth;
    options.identities = {{kKeyA, kSecretA, kAccountA}, {kKeyB, kSecretB, kAccountB}};
    options.test_hooks = test_hooks;
    options.advance_clock = [this](double seconds) {
      clock_.Advance(seconds);
      return clock_.Now();
    };
    dispatcher_ = std::make_unique<Dispatcher>(*kms_, options, clock_);
  }
  void SetUp() override { Build(); }

  static sigv4::HttpRequest Request(std::string_view operation, std::string body) {
    sigv4::HttpRequest r;
    r.method = "POST";
    r.path = "/";
    r.headers = {{"Host", "kms.us-east-1.amazonaws.com"},
                 {"Content-Type", "application/x-amz-json-1.1"}};
    if (!operation.empty()) {
      r.headers.emplace_back("X-Amz-Target", "TrentService." + std::string(operation));
    }
    r.body = std::move(body);
    return r;
  }
  sigv4::HttpRequest Signed(sigv4::HttpRequest r, const char* key, const char* secret,
                            double skew = 0, const char* region = "us-east-1") {
    sigv4::SigningParams params;
    params.region = region;
    params.service = "kms";
    params.time = clock_.Now() + skew;
    auto s = sigv4::Sign(std::move(r), {key, secret, ""}, params);
    EXPECT_TRUE(s.ok());
    return *s;
  }
  HttpResponse Call(std::string_view operation, std::string body) {
    return dispatcher_->Handle(Request(operation, std::move(body)));
  }
  // The key id of a new key (Origin EXTERNAL unless told otherwise).
  std::string CreateKey(const std::string& origin = "EXTERNAL") {
    const HttpResponse r = Call("CreateKey", "{\"Origin\":\"" + origin + "\"}");
    EXPECT_EQ(r.status, 200) << r.body;
    std::smatch m;
    const std::regex key_id("\"KeyId\":\"([0-9a-f-]{36})\"");
    EXPECT_TRUE(std::regex_search(r.body, m, key_id)) << r.body;
    return m[1];
  }

  ManualClock clock_;
  crypto::DeterministicRandom random_{7};
  FixedKeySource keys_{{TestWrappingKey()}};
  std::unique_ptr<Kms> kms_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

std::string Header(const HttpResponse& r, std::string_view name) {
  return std::string(FindResponseHeader(r, name).value_or("<none>"));
}

// The error type of a reply, as a client reads it.
std::string ErrorType(const HttpResponse& r) {
  std::vector<codec::Finding> findings;
  const codec::ApiError e = codec::DecodeErrorReply({.status = r.status,
                                                     .body = r.body,
                                                     .content_type = std::nullopt,
                                                     .request_id = std::nullopt,
                                                     .error_type_header = std::nullopt},
                                                    findings);
  return e.type_name;
}

void ExpectAwsShape(const HttpResponse& r) {
  // proto.error-shape: request id, JSON 1.1 content type, Content-Length.
  EXPECT_TRUE(std::regex_match(Header(r, "x-amzn-RequestId"),
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                          "[0-9a-f]{12}")))
      << Header(r, "x-amzn-RequestId");
  EXPECT_EQ(Header(r, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(Header(r, "Content-Length"), std::to_string(r.body.size()));
}

TEST_F(DispatchTest, CreateAndDescribeKey) {
  const std::string id = CreateKey();
  const HttpResponse r = Call("DescribeKey", "{\"KeyId\":\"" + id + "\"}");
  EXPECT_EQ(r.status, 200);
  ExpectAwsShape(r);
  EXPECT_NE(r.body.find("\"KeyState\":\"PendingImport\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("arn:aws:kms:us-east-1:111122223333:key/" + id), std::string::npos);
}

TEST_F(DispatchTest, EmptyBodyMeansEmptyObject) {
  const HttpResponse r = Call("CreateKey", "");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"Origin\":\"AWS_KMS\""), std::string::npos) << r.body;
}

TEST_F(DispatchTest, EmptyOutputStillSendsContentType) {
  const std::string id = CreateKey("AWS_KMS");
  const HttpResponse r = Call("DisableKey", "{\"KeyId\":\"" + id + "\"}");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{}");
  ExpectAwsShape(r);
}

TEST_F(DispatchTest, NotFoundIsAwsError) {
  const HttpResponse r = Call("DescribeKey", "{\"KeyId\":\"xyz\"}");
  EXPECT_EQ(r.status, 400);
  ExpectAwsShape(r);
  EXPECT_EQ(ErrorType(r), "NotFoundException");
  EXPECT_NE(r.body.find("Invalid keyId 'xyz'"), std::string::npos) << r.body;
}

TEST_F(DispatchTest, MalformedJsonIsSerializationException) {  // proto.malformed-json
  for (const char* body : {"{", "[1,2]", "{\"KeyId\":", "\xff\xfe", "nul"}) {
    const HttpResponse r = Call("DescribeKey", body);
    EXPECT_EQ(r.status, 400) << body;
    ExpectAwsShape(r);
    EXPECT_EQ(ErrorType(r), "SerializationException") << body << " -> " << r.body;
  }
}

TEST_F(DispatchTest, UnknownOperation) {  // proto.unknown-operation
  for (const char* target :
       {"TrentService.Bogus", "TrentService.", "DescribeKey", "Other.DescribeKey"}) {
    sigv4::HttpRequest req = Request("", "{}");
    req.headers.emplace_back("X-Amz-Target", target);
    const HttpResponse r = dispatcher_->Handle(req);
    EXPECT_EQ(r.status, 400) << target;
    ExpectAwsShape(r);
    EXPECT_EQ(ErrorType(r), "UnknownOperationException") << target;
  }
  const HttpResponse missing = Call("", "{}");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(ErrorType(missing), "UnknownOperationException");

  sigv4::HttpRequest get;
  get.method = "GET";
  get.path = "/";
  const HttpResponse r = dispatcher_->Handle(get);
  EXPECT_EQ(r.status, 400);
  ExpectAwsShape(r);
  EXPECT_EQ(ErrorType(r), "UnknownOperationException");

  sigv4::HttpRequest get_op = Request("DescribeKey", "{}");
  get_op.method = "GET";
  EXPECT_EQ(ErrorType(dispatcher_->Handle(get_op)), "UnknownOperationException");
}

TEST_F(DispatchTest, ContentTypeParametersAccepted) {
  for (const char* type : {"application/x-amz-json-1.1; charset=utf-8",
                           "Application/X-Amz-Json-1.1", " application/x-amz-json-1.1 "}) {
    sigv4::HttpRequest req = Request("CreateKey", "{}");
    req.headers[1].second = type;
    EXPECT_EQ(dispatcher_->Handle(req).status, 200) << type;
  }
  sigv4::HttpRequest none = Request("CreateKey", "{}");
  none.headers.erase(none.headers.begin() + 1);
  EXPECT_EQ(dispatcher_->Handle(none).status, 200);
}

TEST_F(DispatchTest, OtherContentTypeRefused) {
  for (const char* type : {"text/plain", "application/json", "application/x-amz-json-1.0"}) {
    sigv4::HttpRequest req = Request("CreateKey", "{}");
    req.headers[1].second = type;
    const HttpResponse r = dispatcher_->Handle(req);
    EXPECT_EQ(r.status, 400) << type;
    ExpectAwsShape(r);
    EXPECT_EQ(ErrorType(r), "UnknownOperationException") << type;
  }
}

TEST_F(DispatchTest, OversizedBodyIs413) {
  const HttpResponse r = Call("CreateKey", std::string(64 * 1024 + 1, ' '));
  EXPECT_EQ(r.status, 413);
  ExpectAwsShape(r);
  EXPECT_EQ(ErrorType(r), "RequestEntityTooLargeException");
  // Exactly at the cap is fine (whitespace around {} is valid JSON).
  std::string body = "{}" + std::string(64 * 1024 - 2, ' ');
  EXPECT_EQ(Call("CreateKey", body).status, 200);
}

TEST_F(DispatchTest, RequestIdsAreUnique) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(Header(Call("ListKeys", "{}"), "x-amzn-RequestId"));
  EXPECT_EQ(ids.size(), 1000u);
}

TEST_F(DispatchTest, Health) {
  sigv4::HttpRequest req;
  req.method = "GET";
  req.path = std::string(kHealthPath);
  const HttpResponse r = dispatcher_->Handle(req);
  EXPECT_EQ(r.status, 200);
  ExpectAwsShape(r);
  EXPECT_EQ(r.body, "{\"status\":\"ok\",\"profile\":\"2022\"}");
}

sigv4::HttpRequest ClockRequest(std::string body) {
  sigv4::HttpRequest req;
  req.method = "POST";
  req.path = std::string(kClockHookPath);
  req.body = std::move(body);
  return req;
}

TEST_F(DispatchTest, ClockHookMovesTheClock) {
  Build(Fault::kNone, AuthMode::kSigV4, /*test_hooks=*/true);
  const double before = clock_.Now();
  HttpResponse r = dispatcher_->Handle(ClockRequest("{\"advance_seconds\": 86401}"));
  EXPECT_EQ(r.status, 200) << r.body;
  ExpectAwsShape(r);
  EXPECT_DOUBLE_EQ(clock_.Now(), before + 86401);
  EXPECT_EQ(r.body, "{\"now\":" + codec::FormatTimestamp(clock_.Now()) + "}");
  r = dispatcher_->Handle(ClockRequest("{\"advance_seconds\":0.5}"));
  EXPECT_EQ(r.status, 200);
  EXPECT_DOUBLE_EQ(clock_.Now(), before + 86401.5);
}

TEST_F(DispatchTest, ClockHookRefusesBadBodies) {
  Build(Fault::kNone, AuthMode::kNone, /*test_hooks=*/true);
  for (const char* body : {"", "{}", "{\"advance_seconds\": -1}", "{\"advance_seconds\":\"5\"}",
                           "{\"advance_seconds\": 1e999}", "{\"advance_seconds\": 1, \"x\": 2}",
                           "[5]", "{\"advance_seconds\": NaN}"}) {
    const HttpResponse r = dispatcher_->Handle(ClockRequest(body));
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(ErrorType(r), "ValidationException") << body;
  }
}

TEST_F(DispatchTest, ClockHookNeedsTestHooks) {
  const double before = clock_.Now();
  const HttpResponse r = dispatcher_->Handle(ClockRequest("{\"advance_seconds\": 10}"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorType(r), "UnknownOperationException");
  EXPECT_EQ(clock_.Now(), before);
}

TEST_F(DispatchTest, AuthNoneTakesAccountAndRegionFromCredential) {
  sigv4::HttpRequest req = Request("CreateKey", "{}");
  req.headers.emplace_back("Authorization",
                           "AWS4-HMAC-SHA256 Credential=" + std::string(kKeyB) +
                               "/20260101/eu-west-3/kms/aws4_request, SignedHeaders=host, "
                               "Signature=00");
  const HttpResponse r = dispatcher_->Handle(req);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("arn:aws:kms:eu-west-3:222222222222:key/"), std::string::npos) << r.body;

  req.headers.back().second = "AWS4-HMAC-SHA256 Credential=UNKNOWNKEY/20260101/ap-south-1/kms/";
  const HttpResponse other = dispatcher_->Handle(req);
  EXPECT_NE(other.body.find("arn:aws:kms:ap-south-1:111122223333:key/"), std::string::npos)
      << other.body;
}

TEST_F(DispatchTest, SigV4AcceptsSignedRequests) {
  Build(Fault::kNone, AuthMode::kSigV4);
  const HttpResponse r =
      dispatcher_->Handle(Signed(Request("CreateKey", "{}"), kKeyA, kSecretA, 0, "us-west-2"));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("arn:aws:kms:us-west-2:111111111111:key/"), std::string::npos) << r.body;
}

TEST_F(DispatchTest, SigV4Refusals) {
  Build(Fault::kNone, AuthMode::kSigV4);
  HttpResponse r = dispatcher_->Handle(Request("ListKeys", "{}"));
  EXPECT_EQ(r.status, 400);
  ExpectAwsShape(r);
  EXPECT_EQ(ErrorType(r), "MissingAuthenticationTokenException");
  EXPECT_NE(r.body.find("Missing Authentication Token"), std::string::npos);

  r = dispatcher_->Handle(Signed(Request("ListKeys", "{}"), "AKIDUNKNOWN000000000", kSecretA));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorType(r), "UnrecognizedClientException");
  EXPECT_NE(r.body.find("The security token included in the request is invalid."),
            std::string::npos);

  r = dispatcher_->Handle(Signed(Request("ListKeys", "{}"), kKeyA, kSecretB));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorType(r), "InvalidSignatureException");
  EXPECT_NE(r.body.find("The request signature we calculated does not match"), std::string::npos);

  r = dispatcher_->Handle(Signed(Request("ListKeys", "{}"), kKeyA, kSecretA, -301));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorType(r), "InvalidSignatureException");
  EXPECT_NE(r.body.find("Signature expired"), std::string::npos) << r.body;

  sigv4::HttpRequest malformed = Request("ListKeys", "{}");
  malformed.headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 Credential=x");
  malformed.headers.emplace_back("X-Amz-Date", "20260101T000000Z");
  r = dispatcher_->Handle(malformed);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorType(r), "IncompleteSignatureException") << r.body;

  // The clock hook needs no signature.
  Build(Fault::kNone, AuthMode::kSigV4, /*test_hooks=*/true);
  EXPECT_EQ(dispatcher_->Handle(ClockRequest("{\"advance_seconds\":1}")).status, 200);
}

TEST_F(DispatchTest, SigV4AccountsAreSeparate) {  // gpfi.no-cross-account, for real
  Build(Fault::kNone, AuthMode::kSigV4);
  HttpResponse created = dispatcher_->Handle(
      Signed(Request("CreateKey", "{\"Origin\":\"EXTERNAL\"}"), kKeyA, kSecretA));
  ASSERT_EQ(created.status, 200);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(created.body, m, std::regex("\"Arn\":\"([^\"]+)\"")));
  const std::string arn = m[1];
  const std::string body = "{\"KeyId\":\"" + arn + "\"}";
  EXPECT_EQ(dispatcher_->Handle(Signed(Request("DescribeKey", body), kKeyA, kSecretA)).status, 200);
  const HttpResponse other =
      dispatcher_->Handle(Signed(Request("DescribeKey", body), kKeyB, kSecretB));
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(ErrorType(other), "NotFoundException") << other.body;
  const HttpResponse gpfi = dispatcher_->Handle(Signed(
      Request("GetParametersForImport", "{\"KeyId\":\"" + arn +
                                            "\",\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\","
                                            "\"WrappingKeySpec\":\"RSA_2048\"}"),
      kKeyB, kSecretB));
  EXPECT_EQ(gpfi.status, 400);
  EXPECT_EQ(ErrorType(gpfi), "NotFoundException") << gpfi.body;
}

TEST_F(DispatchTest, GpfiThroughDispatch) {
  const std::string id = CreateKey();
  const HttpResponse r =
      Call("GetParametersForImport", "{\"KeyId\":\"" + id +
                                         "\",\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\","
                                         "\"WrappingKeySpec\":\"RSA_2048\"}");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"ImportToken\""), std::string::npos);
  EXPECT_NE(r.body.find("\"PublicKey\""), std::string::npos);
  const HttpResponse missing = Call("GetParametersForImport", "{\"KeyId\":\"" + id + "\"}");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(ErrorType(missing), "ValidationException") << missing.body;
}

// ---- protocol-level faults: each breaks its rule, here and nowhere else ----

TEST_F(DispatchTest, FaultErrorShape) {  // proto.error-shape
  Build(Fault::kProtoErrorShape);
  const HttpResponse r = Call("DescribeKey", "{\"KeyId\":\"xyz\"}");
  EXPECT_EQ(r.status, 400);
  EXPECT_FALSE(FindResponseHeader(r, "x-amzn-RequestId"));
  EXPECT_EQ(Header(r, "Content-Type"), "application/json");
  // Successes keep their shape.
  ExpectAwsShape(Call("ListKeys", "{}"));
}

TEST_F(DispatchTest, FaultMalformedJson) {  // proto.malformed-json
  Build(Fault::kProtoMalformedJson);
  const HttpResponse r = Call("DescribeKey", "{");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find('{'), std::string::npos);
  // Other errors are untouched.
  EXPECT_EQ(Call("DescribeKey", "{\"KeyId\":\"xyz\"}").status, 400);
}

TEST_F(DispatchTest, FaultUnknownOperation) {  // proto.unknown-operation
  Build(Fault::kProtoUnknownOperation);
  const HttpResponse r = Call("Bogus", "{}");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Header(r, "Content-Type"), "text/html");
  EXPECT_EQ(Call("DescribeKey", "{").status, 400);
}

TEST_F(DispatchTest, FaultRobustness) {  // proto.robustness
  Build(Fault::kProtoRobustness);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(Call("DescribeKey", "{").status, 400);
  EXPECT_EQ(Call("ListKeys", "{}").status, 500);
  Build(Fault::kNone);
  for (int i = 0; i < 30; ++i) EXPECT_EQ(Call("DescribeKey", "{").status, 400);
  EXPECT_EQ(Call("ListKeys", "{}").status, 200);
}

TEST_F(DispatchTest, FaultGpfiRequiredMembers) {  // gpfi.required-members
  Build(Fault::kGpfiRequiredMembers);
  const std::string id = CreateKey();
  const HttpResponse r = Call("GetParametersForImport", "{\"KeyId\":\"" + id + "\"}");
  EXPECT_EQ(r.status, 200) << r.body;
  const HttpResponse spec_only = Call(
      "GetParametersForImport", "{ \"KeyId\":\"" + id + "\", \"WrappingKeySpec\":\"RSA_2048\"}");
  EXPECT_EQ(spec_only.status, 200) << spec_only.body;
}

// ---- the :2 faults of the dispatcher: a second mechanism for the same rules ----

TEST_F(DispatchTest, FaultErrorShape2) {  // proto.error-shape:2
  Build(Fault::kProtoErrorShape2);
  const std::string missing = "{\"KeyId\":\"00000000-1111-4222-8333-444444444444\"}";
  const HttpResponse r = Call("DescribeKey", missing);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("__type"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.rfind("{\"message\":\"NotFoundException: Key '", 0), 0u) << r.body;
  // Other errors keep their shape.
  const HttpResponse other = Call("DescribeKey", "{");
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(ErrorType(other), "SerializationException");
  Build(Fault::kNone);
  EXPECT_EQ(Call("DescribeKey", missing).status, 400);
}

TEST_F(DispatchTest, FaultMalformedJson2) {  // proto.malformed-json:2
  Build(Fault::kProtoMalformedJson2);
  for (const char* body : {"{", "this is not json", "{\"KeyId\": }", "\xff"}) {
    EXPECT_TRUE(Call("DescribeKey", body).drop_connection) << body;
  }
  // JSON of the wrong shape is still an AWS error (only text that is not JSON drops).
  const HttpResponse typed = Call("DescribeKey", "{\"KeyId\": 5}");
  EXPECT_FALSE(typed.drop_connection);
  EXPECT_EQ(ErrorType(typed), "SerializationException");
  Build(Fault::kNone);
  EXPECT_FALSE(Call("DescribeKey", "{").drop_connection);
}

TEST_F(DispatchTest, FaultUnknownOperation2) {  // proto.unknown-operation:2
  Build(Fault::kProtoUnknownOperation2);
  EXPECT_EQ(Call("listKeys", "{}").status, 200);
  EXPECT_EQ(ErrorType(Call("getParametersForImport", "{}")), "ValidationException");
  EXPECT_EQ(ErrorType(Call("NoSuchOperation", "{}")), "UnknownOperationException");
  Build(Fault::kNone);
  EXPECT_EQ(ErrorType(Call("listKeys", "{}")), "UnknownOperationException");
}

TEST_F(DispatchTest, FaultRobustness2) {  // proto.robustness:2
  Build(Fault::kProtoRobustness2);
  const std::string id = CreateKey();
  const std::string describe = "{\"KeyId\":\"" + id + "\"}";
  for (int i = 0; i < 19; ++i) EXPECT_EQ(Call("DescribeKey", "{").status, 400);
  EXPECT_EQ(Call("DescribeKey", describe).status, 200) << "19 malformed requests: still there";
  EXPECT_EQ(Call("DescribeKey", "{").status, 400);
  EXPECT_EQ(ErrorType(Call("DescribeKey", describe)), "NotFoundException") << "forgotten";
  // The server goes on: new keys work.
  const std::string again = CreateKey();
  EXPECT_EQ(Call("DescribeKey", "{\"KeyId\":\"" + again + "\"}").status, 200);
  Build(Fault::kNone);
  const std::string kept = CreateKey();
  for (int i = 0; i < 30; ++i) EXPECT_EQ(Call("DescribeKey", "{").status, 400);
  EXPECT_EQ(Call("DescribeKey", "{\"KeyId\":\"" + kept + "\"}").status, 200);
}

TEST_F(DispatchTest, FaultGpfiRequiredMembers2) {  // gpfi.required-members:2
  Build(Fault::kGpfiRequiredMembers2);
  const std::string no_key_id =
      "{\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\",\"WrappingKeySpec\":\"RSA_2048\"}";
  const HttpResponse r = Call("GetParametersForImport", no_key_id);
  EXPECT_EQ(ErrorType(r), "NotFoundException") << r.body;
  EXPECT_NE(r.body.find("Invalid keyId ''"), std::string::npos) << r.body;
  // The other members are still required.
  const std::string id = CreateKey();
  EXPECT_EQ(ErrorType(Call("GetParametersForImport", "{\"KeyId\":\"" + id + "\"}")),
            "ValidationException");
  Build(Fault::kNone);
  EXPECT_EQ(ErrorType(Call("GetParametersForImport", no_key_id)), "ValidationException");
}

TEST_F(DispatchTest, FaultGpfiWrappingKeySpec2) {  // gpfi.wrapping-key-spec:2
  const auto gpfi = [&](const std::string& id, const char* alg, const char* spec) {
    return Call("GetParametersForImport", "{\"KeyId\":\"" + id + "\",\"WrappingAlgorithm\":\"" +
                                              alg + "\",\"WrappingKeySpec\":\"" + spec + "\"}");
  };
  Build(Fault::kGpfiWrappingKeySpec2);
  std::string id = CreateKey();
  const HttpResponse r = gpfi(id, "RSAES_OAEP_SHA_256", "RSA_1024");
  EXPECT_EQ(r.status, 200) << r.body;
  // A spec of the 2026 enum is still refused in profile 2022.
  EXPECT_EQ(ErrorType(gpfi(id, "RSAES_OAEP_SHA_256", "RSA_4096")), "ValidationException");
  Build(Fault::kNone);
  id = CreateKey();
  EXPECT_EQ(ErrorType(gpfi(id, "RSAES_OAEP_SHA_256", "RSA_1024")), "ValidationException");
}

TEST_F(DispatchTest, FaultGpfiWrappingAlgorithm2) {  // gpfi.wrapping-algorithm:2
  const auto gpfi = [&](const std::string& id, const char* alg) {
    return Call("GetParametersForImport", "{\"KeyId\":\"" + id + "\",\"WrappingAlgorithm\":\"" +
                                              alg + "\",\"WrappingKeySpec\":\"RSA_2048\"}");
  };
  Build(Fault::kGpfiWrappingAlgorithm2);
  std::string id = CreateKey();
  EXPECT_EQ(gpfi(id, "RSAES_OAEP_SHA_512").status, 200);
  EXPECT_EQ(ErrorType(gpfi(id, "RSA_AES_KEY_WRAP_SHA_256")), "ValidationException");
  Build(Fault::kNone);
  id = CreateKey();
  EXPECT_EQ(ErrorType(gpfi(id, "RSAES_OAEP_SHA_512")), "ValidationException");
}

TEST_F(DispatchTest, FaultGpfiResponseShape2) {  // gpfi.response-shape:2
  Build(Fault::kGpfiResponseShape2);
  const std::string id = CreateKey();
  const std::string body = "{\"KeyId\":\"" + id +
                           "\",\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\","
                           "\"WrappingKeySpec\":\"RSA_2048\"}";
  const std::regex iso("\"ParametersValidTo\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"");
  HttpResponse r = Call("GetParametersForImport", body);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(std::regex_search(r.body, iso)) << r.body;
  Build(Fault::kNone);
  r = Call("GetParametersForImport", "{\"KeyId\":\"" + CreateKey() +
                                         "\",\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\","
                                         "\"WrappingKeySpec\":\"RSA_2048\"}");
  EXPECT_FALSE(std::regex_search(r.body, iso)) << r.body;
  EXPECT_NE(r.body.find("\"ParametersValidTo\":1"), std::string::npos) << r.body;
}

// ---- the aliases: the wire shapes ----

TEST_F(DispatchTest, AliasOperationsAnswerAsAws) {
  const std::string id = CreateKey("AWS_KMS");
  const std::string target = "{\"AliasName\":\"alias/app\",\"TargetKeyId\":\"" + id + "\"}";
  // CreateAlias, UpdateAlias and DeleteAlias have no output: "{}", with the JSON 1.1 shape.
  HttpResponse r = Call("CreateAlias", target);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "{}");
  ExpectAwsShape(r);
  r = Call("ListAliases", "");
  EXPECT_EQ(r.status, 200) << r.body;
  ExpectAwsShape(r);
  // AliasListEntry: the key id (not its ARN), the alias ARN, epoch-second dates.
  EXPECT_EQ(r.body,
            "{\"Aliases\":[{\"AliasArn\":\"arn:aws:kms:us-east-1:111122223333:alias/app\","
            "\"AliasName\":\"alias/app\",\"CreationDate\":1.7672256E9,"
            "\"LastUpdatedDate\":1.7672256E9,\"TargetKeyId\":\"" +
                id + "\"}],\"Truncated\":false}");
  // DescribeKey and Encrypt by alias answer the key.
  r = Call("DescribeKey", "{\"KeyId\":\"alias/app\"}");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"KeyId\":\"" + id + "\""), std::string::npos) << r.body;
  r = Call("Encrypt",
           "{\"KeyId\":\"arn:aws:kms:us-east-1:111122223333:alias/app\","
           "\"Plaintext\":\"aGk=\"}");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"KeyId\":\"arn:aws:kms:us-east-1:111122223333:key/" + id + "\""),
            std::string::npos)
      << r.body;
  clock_.Advance(1.5);
  r = Call("UpdateAlias", target);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "{}");
  r = Call("ListAliases", "{\"KeyId\":\"" + id + "\",\"Limit\":1}");
  EXPECT_NE(r.body.find("\"LastUpdatedDate\":1.7672256015E9"), std::string::npos) << r.body;
  r = Call("DeleteAlias", "{\"AliasName\":\"alias/app\"}");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "{}");
  ExpectAwsShape(r);
  EXPECT_EQ(Call("ListAliases", "{}").body, "{\"Aliases\":[],\"Truncated\":false}");
}

TEST_F(DispatchTest, AliasErrorsAreAwsErrors) {
  const std::string id = CreateKey("AWS_KMS");
  ASSERT_EQ(
      Call("CreateAlias", "{\"AliasName\":\"alias/app\",\"TargetKeyId\":\"" + id + "\"}").status,
      200);
  const auto expect = [](const HttpResponse& r, std::string_view body) {
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.body, body);
    ExpectAwsShape(r);
  };
  expect(Call("CreateAlias", "{\"AliasName\":\"alias/app\",\"TargetKeyId\":\"" + id + "\"}"),
         "{\"__type\":\"AlreadyExistsException\",\"message\":\"An alias with the name "
         "arn:aws:kms:us-east-1:111122223333:alias/app already exists\"}");
  expect(Call("CreateAlias", "{\"AliasName\":\"alias/aws/s3\",\"TargetKeyId\":\"" + id + "\"}"),
         "{\"__type\":\"InvalidAliasNameException\",\"message\":\"alias/aws/s3 is not valid: "
         "the alias/aws/ prefix is reserved for AWS managed keys.\"}");
  expect(Call("CreateAlias", "{\"AliasName\":\"app\",\"TargetKeyId\":\"" + id + "\"}"),
         "{\"__type\":\"ValidationException\",\"message\":\"Alias must start with the prefix "
         "\\\"alias/\\\". Please see "
         "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html\"}");
  // The model's constraints, before the mock's own rules.
  expect(Call("CreateAlias", "{\"AliasName\":\"alias/a b\"}"),
         "{\"__type\":\"ValidationException\",\"message\":\"2 validation errors detected: "
         "Value 'alias/a b' at 'aliasName' failed to satisfy constraint: Member must satisfy "
         "regular expression pattern: ^[a-zA-Z0-9:/_-]+$; Value null at 'targetKeyId' failed to "
         "satisfy constraint: Member must not be null\"}");
  expect(Call("DeleteAlias", "{\"AliasName\":\"alias/none\"}"),
         "{\"__type\":\"NotFoundException\",\"message\":\"Alias "
         "arn:aws:kms:us-east-1:111122223333:alias/none is not found.\"}");
  expect(Call("UpdateAlias", "{\"AliasName\":\"alias/app\",\"TargetKeyId\":\"alias/app\"}"),
         "{\"__type\":\"NotFoundException\",\"message\":\"Invalid keyId 'alias/app'\"}");
  expect(Call("ListAliases", "{\"Limit\":101}"),
         "{\"__type\":\"ValidationException\",\"message\":\"1 validation error detected: "
         "Value '101' at 'limit' failed to satisfy constraint: Member must have value less than "
         "or equal to 100\"}");
  expect(Call("ListAliases", "{\"Marker\":\"bm9uZQ==\"}"),
         "{\"__type\":\"InvalidMarkerException\",\"message\":\"The marker 'bm9uZQ==' is not "
         "valid for this request.\"}");
  expect(Call("GetParametersForImport",
              "{\"KeyId\":\"alias/app\",\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\","
              "\"WrappingKeySpec\":\"RSA_2048\"}"),
         "{\"__type\":\"NotFoundException\",\"message\":\"Invalid keyId 'alias/app'\"}");
}

TEST_F(DispatchTest, AliasesBelongToTheCallersAccountAndRegion) {
  // The account from the credentials, the region from the credential scope.
  const std::string id = CreateKey("AWS_KMS");
  ASSERT_EQ(
      Call("CreateAlias", "{\"AliasName\":\"alias/app\",\"TargetKeyId\":\"" + id + "\"}").status,
      200);
  const HttpResponse mine =
      dispatcher_->Handle(Signed(Request("ListAliases", "{}"), kKeyA, kSecretA, 0, "us-east-1"));
  EXPECT_EQ(mine.body, "{\"Aliases\":[],\"Truncated\":false}") << "account A has none";
  const HttpResponse west = dispatcher_->Handle(Request("ListAliases", "{}"));
  EXPECT_NE(west.body.find("alias/app"), std::string::npos) << "the default account has it";
  const HttpResponse other_region = dispatcher_->Handle(
      Signed(Request("DescribeKey", "{\"KeyId\":\"alias/app\"}"), kKeyA, kSecretA, 0, "eu-west-1"));
  EXPECT_EQ(other_region.status, 400);
  EXPECT_EQ(ErrorType(other_region), "NotFoundException");
  EXPECT_NE(other_region.body.find("arn:aws:kms:eu-west-1:111111111111:alias/app"),
            std::string::npos)
      << other_region.body;
}

TEST_F(DispatchTest, RotationOperationsAreUnknownIn2022) {  // proto.unknown-operation
  const std::string id = CreateKey("AWS_KMS");
  for (const char* op : {"RotateKeyOnDemand", "ListKeyRotations"}) {
    const HttpResponse r = Call(op, "{\"KeyId\":\"" + id + "\"}");
    EXPECT_EQ(r.status, 400) << op;
    ExpectAwsShape(r);
    EXPECT_EQ(ErrorType(r), "UnknownOperationException") << op;
  }
  // The signing and MAC operations exist in 2022.
  const HttpResponse sign =
      Call("Sign", "{\"KeyId\":\"" + id +
                       "\",\"Message\":\"bQ==\",\"SigningAlgorithm\":\"ECDSA_SHA_256\"}");
  EXPECT_EQ(ErrorType(sign), "InvalidKeyUsageException") << sign.body;
  // 2026 values are not in the 2022 enums.
  const HttpResponse mu =
      Call("Sign", "{\"KeyId\":\"" + id +
                       "\",\"Message\":\"bQ==\",\"MessageType\":\"EXTERNAL_MU\","
                       "\"SigningAlgorithm\":\"ECDSA_SHA_256\"}");
  EXPECT_EQ(ErrorType(mu), "ValidationException") << mu.body;
}

TEST_F(DispatchTest, RotationOperationsIn2026) {
  Build(Fault::kNone, AuthMode::kNone, false, contract::Profile::k2026);
  const std::string id = CreateKey("AWS_KMS");
  const HttpResponse rotate = Call("RotateKeyOnDemand", "{\"KeyId\":\"" + id + "\"}");
  EXPECT_EQ(rotate.status, 200) << rotate.body;
  EXPECT_EQ(rotate.body, "{\"KeyId\":\"" + id + "\"}");
  const HttpResponse list = Call("ListKeyRotations", "{\"KeyId\":\"" + id + "\"}");
  EXPECT_EQ(list.status, 200) << list.body;
  EXPECT_NE(list.body.find("\"RotationType\":\"ON_DEMAND\""), std::string::npos) << list.body;
  EXPECT_NE(list.body.find("\"Truncated\":false"), std::string::npos) << list.body;
  const HttpResponse bad_limit = Call("ListKeyRotations", "{\"KeyId\":\"" + id + "\",\"Limit\":0}");
  EXPECT_EQ(ErrorType(bad_limit), "ValidationException") << bad_limit.body;
  const HttpResponse bad_include =
      Call("ListKeyRotations", "{\"KeyId\":\"" + id + "\",\"IncludeKeyMaterial\":\"SOME\"}");
  EXPECT_EQ(ErrorType(bad_include), "ValidationException") << bad_include.body;
  const HttpResponse malformed = Call("RotateKeyOnDemand", "{\"KeyId\":");
  EXPECT_EQ(ErrorType(malformed), "SerializationException");
  const HttpResponse missing = Call("GenerateMac", "{}");
  EXPECT_EQ(ErrorType(missing), "ValidationException") << missing.body;
  ExpectAwsShape(missing);
}

}  // namespace
}  // namespace kc::mock
