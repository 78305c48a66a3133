// KmsClient against an in-test httplib server (and a raw one, to read the exact bytes):
// typed calls signed and decoded, raw requests, clock offsets, the transcript and its
// redaction.
#include "harness/client/client.h"

#include <mutex>

#include <gtest/gtest.h>

#include "harness/client/test_servers.h"
#include "harness/common/bytes.h"
#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/http_text.h"
#include "harness/sigv4/verifier.h"

namespace kc::client {
namespace {

using testing::HttpTestServer;
using testing::RawTestServer;

constexpr std::string_view kAkid = "AKIDEXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kSessionToken = "FQoGZXIvYXdzEJr//////////wEaDOf+SESSIONTOKEN=";
constexpr std::string_view kJson = "application/x-amz-json-1.1";

double Now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Seen: one request as the server saw it, as a sigv4::HttpRequest.
sigv4::HttpRequest Seen(const httplib::Request& req) {
  sigv4::HttpRequest h;
  h.method = req.method;
  const auto q = req.target.find('?');
  h.path = req.target.substr(0, q);
  if (q != std::string::npos) h.query = req.target.substr(q + 1);
  for (const auto& [name, value] : req.headers) {
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT") {
      continue;  // httplib's own bookkeeping, not sent by the client
    }
    h.headers.emplace_back(name, value);
  }
  h.body = req.body;
  return h;
}

sigv4::VerifyResult VerifyAt(const sigv4::HttpRequest& h, double now) {
  const sigv4::SecretLookup lookup = [](std::string_view akid) -> std::optional<std::string> {
    if (akid == kAkid) return std::string(kSecret);
    return std::nullopt;
  };
  return sigv4::Verify(h, lookup, now, 300);
}

// Recorder: a server that keeps what it saw and answers with a canned reply.
struct Recorder {
  std::mutex mu;
  std::vector<sigv4::HttpRequest> seen;
  std::vector<std::string> remote_ports;
  int status = 200;
  std::string body = "{}";

  httplib::Server::Handler Handler() {
    return [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lk(mu);
      seen.push_back(Seen(req));
      remote_ports.push_back(req.get_header_value("REMOTE_PORT"));
      res.status = status;
      res.set_header("x-amzn-RequestId", "11111111-2222-3333-4444-555555555555");
      res.set_content(body, std::string(kJson));
    };
  }
};

std::unique_ptr<KmsClient> MakeClient(const std::string& url, std::string_view token = {},
                                      bool sign = true) {
  Target t;
  t.endpoint = url;
  t.region = "eu-west-1";
  t.credentials = {std::string(kAkid), std::string(kSecret), std::string(token)};
  ClientOptions o;
  o.timeout_seconds = 5;
  o.sign = sign;
  auto c = KmsClient::Create(t, o);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return std::move(c).value();
}

TEST(KmsClientCreateTest, BadEndpointOrOptionsAreInvalidArgument) {
  Target t;
  t.credentials = {"AKID", "secret-secret", ""};
  for (const char* url : {"", "localhost:4566", "gopher://h", "http://h:99999", "http://u@h"}) {
    t.endpoint = url;
    auto c = KmsClient::Create(t, {});
    ASSERT_FALSE(c.ok()) << url;
    EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument) << url;
  }
  t.endpoint = "http://127.0.0.1:1";
  ClientOptions o;
  o.timeout_seconds = 0;
  EXPECT_EQ(KmsClient::Create(t, o).status().code(), StatusCode::kInvalidArgument);
  o = {};
  o.max_response_bytes = 0;
  EXPECT_EQ(KmsClient::Create(t, o).status().code(), StatusCode::kInvalidArgument);
  t.region = "";
  EXPECT_EQ(KmsClient::Create(t, {}).status().code(), StatusCode::kInvalidArgument);
  t.region = "us-east-1";
  t.credentials.access_key_id = "";
  EXPECT_EQ(KmsClient::Create(t, {}).status().code(), StatusCode::kInvalidArgument);
  ClientOptions unsigned_opts;
  unsigned_opts.sign = false;
  EXPECT_TRUE(KmsClient::Create(t, unsigned_opts).ok());
}

TEST(KmsClientCreateTest, HttpsUrlsConstructAClient) {
  Target t;
  t.endpoint = "https://kms.us-east-1.amazonaws.com";
  t.credentials = {"AKID", "secret-secret", ""};
  auto c = KmsClient::Create(t, {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ((*c)->target().endpoint, t.endpoint);
  t.endpoint = "https://[::1]:8443/prefix";
  EXPECT_TRUE(KmsClient::Create(t, {}).ok());
}

TEST(KmsClientTest, TypedCallIsSignedAndDecoded) {
  Recorder rec;
  rec.body =
      R"({"KeyId":"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",)"
      R"("ImportToken":"AQIDBA==","PublicKey":"MIIBIjAN","ParametersValidTo":1.7672256E9})";
  HttpTestServer server(rec.Handler());
  auto client = MakeClient(server.url());
  client->Step("probe: GetParametersForImport", true);

  codec::GetParametersForImportRequest req;
  req.key_id = "1234abcd-12ab-34cd-56ef-1234567890ab";
  req.wrapping_algorithm = contract::WrappingAlgorithm::kRsaesOaepSha256;
  req.wrapping_key_spec = contract::WrappingKeySpec::kRsa2048;
  const auto reply = client->Call(req);
  ASSERT_TRUE(reply.ok()) << reply.raw.transport.ToString();

  codec::GetParametersForImportResponse expected;
  expected.key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  expected.import_token = Bytes{1, 2, 3, 4};
  expected.public_key = *Base64DecodeStrict("MIIBIjAN");
  expected.parameters_valid_to = 1767225600.0;
  EXPECT_EQ(reply.value(), expected);
  EXPECT_EQ(reply.raw.status, 200);
  EXPECT_EQ(reply.raw.Header("X-AMZN-REQUESTID"), "11111111-2222-3333-4444-555555555555");

  ASSERT_EQ(rec.seen.size(), 1u);
  const sigv4::HttpRequest& seen = rec.seen[0];
  const auto verified = VerifyAt(seen, Now());
  ASSERT_TRUE(verified.ok()) << verified.message();
  EXPECT_EQ(verified.value().region, "eu-west-1");
  EXPECT_EQ(verified.value().service, "kms");
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.path, "/");
  EXPECT_EQ(sigv4::FindHeader(seen, "X-Amz-Target"), "TrentService.GetParametersForImport");
  EXPECT_EQ(sigv4::FindHeader(seen, "Content-Type"), kJson);
  EXPECT_EQ(sigv4::FindHeader(seen, "Host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(seen.body, codec::EncodeRequest(req));
  // The signed headers are exactly the ones the brief names.
  const auto auth = sigv4::ParseAuthorization(*sigv4::FindHeader(seen, "Authorization"));
  ASSERT_TRUE(auth.ok());
  EXPECT_EQ(auth->signed_headers, "content-type;host;x-amz-date;x-amz-target");

  ASSERT_EQ(client->transcript().size(), 1u);
  const report::Evidence& e = client->transcript()[0];
  EXPECT_EQ(e.step, "probe: GetParametersForImport");
  EXPECT_TRUE(e.probe);
  EXPECT_EQ(e.request.method, "POST");
  EXPECT_EQ(e.request.path, "/");
  EXPECT_EQ(e.request.body, seen.body);
  ASSERT_TRUE(e.response);
  EXPECT_EQ(e.response->status, 200);
  EXPECT_EQ(e.response->body, rec.body);
  EXPECT_GT(e.ms, 0);
  EXPECT_TRUE(e.transport_error.empty());
}

TEST(KmsClientTest, InProcessTargetGetsTheSignedRequestAndNoSocketIsOpened) {
  std::vector<sigv4::HttpRequest> seen;
  Target t;
  // Nothing listens here: an in-process client must not try.
  t.endpoint = "http://127.0.0.1:1";
  t.region = "eu-west-1";
  t.credentials = {std::string(kAkid), std::string(kSecret), ""};
  ClientOptions o;
  o.in_process = [&](const sigv4::HttpRequest& r) -> Result<WireReply> {
    seen.push_back(r);
    if (seen.size() == 2) return UnavailableError("the mock closed the connection");
    return WireReply{400, {{"x-amzn-RequestId", "r-1"}},
                     R"({"__type":"NotFoundException","message":"no such key"})"};
  };
  auto client = KmsClient::Create(t, o);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  codec::DescribeKeyRequest req;
  req.key_id = "k";
  (*client)->Step("probe: DescribeKey", true);
  const auto reply = (*client)->Call(req);
  ASSERT_TRUE(reply.raw.ok()) << reply.raw.transport.ToString();
  EXPECT_TRUE(reply.IsError(contract::ErrorType::kNotFoundException));
  EXPECT_EQ(reply.raw.Header("X-AMZN-REQUESTID"), "r-1");
  ASSERT_EQ(seen.size(), 1u);
  // The request as it would go on the wire: signed, for the endpoint's host.
  const auto verified = VerifyAt(seen[0], Now());
  ASSERT_TRUE(verified.ok()) << verified.message();
  EXPECT_EQ(sigv4::FindHeader(seen[0], "Host"), "127.0.0.1:1");
  EXPECT_EQ(seen[0].body, codec::EncodeRequest(req));
  // The transcript records it as for HTTP.
  ASSERT_EQ((*client)->transcript().size(), 1u);
  EXPECT_EQ((*client)->transcript()[0].step, "probe: DescribeKey");
  ASSERT_TRUE((*client)->transcript()[0].response);
  EXPECT_EQ((*client)->transcript()[0].response->status, 400);
  // A Status from the function is a transport error, recorded.
  const auto second = (*client)->Call(req);
  EXPECT_FALSE(second.raw.ok());
  EXPECT_EQ(second.raw.transport.code(), StatusCode::kUnavailable);
  ASSERT_EQ((*client)->transcript().size(), 2u);
  EXPECT_NE((*client)->transcript()[1].transport_error.find("closed the connection"),
            std::string::npos);
}

TEST(KmsClientTest, ScopeOnlySignatureNamesTheScopeAndComputesNoSignature) {
  Target t;
  t.endpoint = "http://127.0.0.1:1";
  t.region = "eu-west-1";
  t.credentials = {std::string(kAkid), std::string(kSecret), "session-token"};
  ClientOptions o;
  o.scope_only_signature = true;
  // Never on the wire: only an in-process target may get such requests.
  EXPECT_EQ(KmsClient::Create(t, o).status().code(), StatusCode::kInvalidArgument);
  std::vector<sigv4::HttpRequest> seen;
  o.in_process = [&](const sigv4::HttpRequest& r) -> Result<WireReply> {
    seen.push_back(r);
    return WireReply{
        200, {{"x-amzn-RequestId", "r-1"}, {"Content-Type", "application/x-amz-json-1.1"}}, "{}"};
  };
  auto client = KmsClient::Create(t, o);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  (*client)->SetClockOffset(86400);
  codec::DescribeKeyRequest req;
  req.key_id = "k";
  const auto reply = (*client)->Call(req);
  ASSERT_TRUE(reply.raw.ok()) << reply.raw.transport.ToString();
  ASSERT_EQ(seen.size(), 1u);
  // The headers Sign adds, at the client's time; the scope a reader of Credential= needs.
  const std::optional<std::string_view> date = sigv4::FindHeader(seen[0], "X-Amz-Date");
  ASSERT_TRUE(date);
  const std::optional<EpochSeconds> when = sigv4::ParseAmzDate(*date);
  ASSERT_TRUE(when);
  EXPECT_NEAR(*when, Now() + 86400, 5);
  EXPECT_EQ(sigv4::FindHeader(seen[0], "X-Amz-Security-Token"), "session-token");
  const std::string authorization(sigv4::FindHeader(seen[0], "Authorization").value_or(""));
  EXPECT_EQ(authorization,
            "AWS4-HMAC-SHA256 Credential=" + std::string(kAkid) + "/" +
                std::string(date->substr(0, 8)) +
                "/eu-west-1/kms/aws4_request, SignedHeaders=content-type;host;x-amz-date;"
                "x-amz-security-token;x-amz-target, Signature=" +
                std::string(64, '0'));
  // Which a verifier refuses: nothing was signed.
  EXPECT_FALSE(VerifyAt(seen[0], Now() + 86400).ok());
}

TEST(KmsClientTest, ErrorReplyIsAnApiErrorNotATransportFailure) {
  Recorder rec;
  rec.status = 400;
  rec.body =
      R"({"__type":"com.amazonaws.kms#NotFoundException:http://x","message":"Key 'k' does not exist"})";
  HttpTestServer server(rec.Handler());
  auto client = MakeClient(server.url());
  codec::DescribeKeyRequest req;
  req.key_id = "k";
  const auto reply = client->Call(req);
  EXPECT_TRUE(reply.raw.ok());
  EXPECT_FALSE(reply.ok());
  ASSERT_NE(reply.error(), nullptr);
  EXPECT_TRUE(reply.IsError(contract::ErrorType::kNotFoundException));
  EXPECT_EQ(reply.error()->message, "Key 'k' does not exist");
}

TEST(KmsClientTest, RawRequestWithoutTargetOrSignature) {
  Recorder rec;
  HttpTestServer server(rec.Handler());
  auto client = MakeClient(server.url());
  RawRequest raw;
  raw.target = "";
  raw.sign = false;
  raw.body = "{not json";
  const RawReply r = client->Send(raw);
  ASSERT_TRUE(r.ok()) << r.transport.ToString();
  ASSERT_EQ(rec.seen.size(), 1u);
  const sigv4::HttpRequest& seen = rec.seen[0];
  EXPECT_FALSE(sigv4::FindHeader(seen, "X-Amz-Target"));
  EXPECT_FALSE(sigv4::FindHeader(seen, "Authorization"));
  EXPECT_FALSE(sigv4::FindHeader(seen, "X-Amz-Date"));
  EXPECT_EQ(sigv4::FindHeader(seen, "Content-Type"), kJson);
  EXPECT_EQ(seen.body, "{not json");
  EXPECT_EQ(client->transcript()[0].request.body, "{not json");
}

TEST(KmsClientTest, RawRequestWithoutContentTypeSendsNone) {
  Recorder rec;
  HttpTestServer server(rec.Handler());
  auto client = MakeClient(server.url());
  RawRequest raw;
  raw.target = "TrentService.Nope";
  raw.content_type = "";
  raw.body = "{}";
  ASSERT_TRUE(client->Send(raw).ok());
  ASSERT_EQ(rec.seen.size(), 1u);
  EXPECT_FALSE(sigv4::FindHeader(rec.seen[0], "Content-Type"));  // httplib added no text/plain
  EXPECT_EQ(sigv4::FindHeader(rec.seen[0], "X-Amz-Target"), "TrentService.Nope");
  EXPECT_TRUE(VerifyAt(rec.seen[0], Now()).ok());
}

TEST(KmsClientTest, RawRequestPathMethodAndExtraHeadersAreSigned) {
  Recorder rec;
  HttpTestServer server(rec.Handler());
  auto client = MakeClient(server.url() + "/base");
  RawRequest raw;
  raw.method = "PUT";
  raw.path = "/_mock/clock?x=1";
  raw.extra_headers = {{"X-Custom", "v"},
                       {"Content-Type", "application/x-amz-json-1.1; charset=utf-8"}};
  raw.body = R"({"advance_seconds": 1})";
  ASSERT_TRUE(client->Send(raw).ok());
  ASSERT_EQ(rec.seen.size(), 1u);
  const sigv4::HttpRequest& seen = rec.seen[0];
  EXPECT_EQ(seen.method, "PUT");
  EXPECT_EQ(seen.path, "/base/_mock/clock");
  EXPECT_EQ(seen.query, "x=1");
  EXPECT_EQ(sigv4::CountHeaders(seen, "Content-Type"), 1u);
  EXPECT_EQ(sigv4::FindHeader(seen, "Content-Type"), "application/x-amz-json-1.1; charset=utf-8");
  const auto verified = VerifyAt(seen, Now());
  EXPECT_TRUE(verified.ok()) << verified.message();
  const auto auth = sigv4::ParseAuthorization(*sigv4::FindHeader(seen, "Authorization"));
  ASSERT_TRUE(auth.ok());
  EXPECT_EQ(auth->signed_headers, "content-type;host;x-amz-date;x-custom");
  EXPECT_EQ(client->transcript()[0].request.path, "/base/_mock/clock?x=1");
}

TEST(KmsClientTest, SetClockOffsetMovesTheSigningTime) {
  Recorder rec;
  HttpTestServer server(rec.Handler());
  auto client = MakeClient(server.url());
  EXPECT_EQ(client->clock_offset(), 0);
  client->SetClockOffset(86400 * 2);
  EXPECT_EQ(client->clock_offset(), 86400 * 2);
  const double before = Now();
  ASSERT_TRUE(client->Send(RawRequest{}).ok());
  ASSERT_EQ(rec.seen.size(), 1u);
  const auto date = sigv4::FindHeader(rec.seen[0], "X-Amz-Date");
  ASSERT_TRUE(date);
  const auto t = sigv4::ParseAmzDate(*date);
  ASSERT_TRUE(t);
  EXPECT_GE(*t, std::floor(before) + 86400 * 2 - 1);
  EXPECT_LE(*t, Now() + 86400 * 2 + 1);
  // Valid at the target's (moved) time, refused at ours.
  EXPECT_TRUE(VerifyAt(rec.seen[0], Now() + 86400 * 2).ok());
  EXPECT_FALSE(VerifyAt(rec.seen[0], Now()).ok());
}

TEST(KmsClientTest, UnsignedClientSendsNoAuthorization) {
  Recorder rec;
  HttpTestServer server(rec.Handler());
  auto client = MakeClient(server.url(), {}, /*sign=*/false);
  codec::ListKeysRequest req;
  ASSERT_TRUE(client->Call(req).raw.ok());
  EXPECT_FALSE(sigv4::FindHeader(rec.seen.at(0), "Authorization"));
  EXPECT_EQ(sigv4::FindHeader(rec.seen.at(0), "X-Amz-Target"), "TrentService.ListKeys");
}

TEST(KmsClientTest, OneKeepAliveConnection) {
  Recorder rec;
  HttpTestServer server(rec.Handler());
  auto client = MakeClient(server.url());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client->Send(RawRequest{}).ok());
  ASSERT_EQ(rec.remote_ports.size(), 5u);
  for (const auto& p : rec.remote_ports) EXPECT_EQ(p, rec.remote_ports[0]);
}

TEST(KmsClientTest, StepsLabelTheTranscriptAndTakeClearsIt) {
  Recorder rec;
  HttpTestServer server(rec.Handler());
  auto client = MakeClient(server.url());
  client->Step("setup: CreateKey A");
  ASSERT_TRUE(client->Send(RawRequest{}).ok());
  client->Step("probe: X", true);
  ASSERT_TRUE(client->Send(RawRequest{}).ok());
  auto t = client->TakeTranscript();
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].step, "setup: CreateKey A");
  EXPECT_FALSE(t[0].probe);
  EXPECT_EQ(t[1].step, "probe: X");
  EXPECT_TRUE(t[1].probe);
  EXPECT_TRUE(client->transcript().empty());
}

// The bytes on the wire are the signed request: every signed header byte for byte, the
// body, the path; the only other headers are the unsigned User-Agent, Accept and
// Content-Length, and the transcript lists exactly what was sent.
TEST(KmsClientTest, BytesOnTheWireAreTheSignedRequest) {
  RawTestServer server([](int fd, const std::string&) {
    RawTestServer::WriteAll(fd,
                            "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n"
                            "Content-Length: 2\r\n\r\n{}");
  });
  auto client = MakeClient(server.url(), kSessionToken);
  codec::CreateKeyRequest req;
  req.description = "wire check";
  ASSERT_TRUE(client->Call(req).raw.ok());
  const auto requests = server.Requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& bytes = requests[0];
  const auto head_end = bytes.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  EXPECT_EQ(bytes.substr(head_end + 4), codec::EncodeRequest(req));
  EXPECT_TRUE(bytes.starts_with("POST / HTTP/1.1\r\n")) << bytes;
  auto parsed = sigv4::ParseHttpRequestText(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  // httplib writes "Name: value"; the parser keeps the space, SigV4 trims it.
  const auto verified = VerifyAt(*parsed, Now());
  ASSERT_TRUE(verified.ok()) << verified.message();
  EXPECT_NE(verified.value().session_token.find(kSessionToken), std::string::npos);

  const report::Evidence& e = client->transcript().at(0);
  std::vector<std::pair<std::string, std::string>> on_wire;
  for (const auto& [name, value] : parsed->headers) {
    std::string v = value.substr(value.find_first_not_of(' '));
    on_wire.emplace_back(name, v);
  }
  std::vector<std::pair<std::string, std::string>> recorded = e.request.headers;
  auto by_name = [](const auto& a, const auto& b) { return a.first < b.first; };
  std::sort(on_wire.begin(), on_wire.end(), by_name);
  std::sort(recorded.begin(), recorded.end(), by_name);
  ASSERT_EQ(on_wire.size(), recorded.size()) << bytes;
  for (std::size_t i = 0; i < on_wire.size(); ++i) {
    EXPECT_EQ(on_wire[i].first, recorded[i].first);
    if (on_wire[i].first == "Authorization" || on_wire[i].first == "X-Amz-Security-Token") {
      EXPECT_NE(on_wire[i].second, recorded[i].second);  // redacted in the transcript
    } else {
      EXPECT_EQ(on_wire[i].second, recorded[i].second) << on_wire[i].first;
    }
  }
  EXPECT_EQ(sigv4::FindHeader(*parsed, "Accept-Encoding"), std::nullopt);
  EXPECT_EQ(sigv4::FindHeader(*parsed, "Content-Length"),
            " " + std::to_string(e.request.body.size()));
  const auto auth = sigv4::ParseAuthorization(*sigv4::FindHeader(*parsed, "Authorization"));
  ASSERT_TRUE(auth.ok());
  EXPECT_EQ(auth->signed_headers, "content-type;host;x-amz-date;x-amz-security-token;x-amz-target");
}

// Nothing secret survives into the transcript: a real signed Encrypt (plaintext in the
// request) against a server that echoes everything it can back (the Authorization header,
// the secret key, the plaintext raw and in base64, a Set-Cookie).
TEST(KmsClientRedactionTest, NoSecretSurvivesAnywhereInTheEvidence) {
  const std::string plaintext_raw = "top secret key material 0123456789";
  const std::string plaintext_b64 = Base64Encode(AsBytes(plaintext_raw));
  std::string signature;
  std::mutex mu;
  HttpTestServer server([&](const httplib::Request& req, httplib::Response& res) {
    const std::string auth = req.get_header_value("Authorization");
    {
      std::lock_guard lk(mu);
      const auto at = auth.find("Signature=");
      if (at != std::string::npos) signature = auth.substr(at + 10);
    }
    res.status = 400;
    res.set_header("Set-Cookie", "session=" + std::string(kSecret));
    res.set_header("Authorization", auth);
    res.set_header("X-Echo-Token", req.get_header_value("X-Amz-Security-Token"));
    res.set_content(R"({"__type":"InvalidSignatureException","message":"you sent )" + auth +
                        " with secret " + std::string(kSecret) + " and plaintext " + plaintext_raw +
                        " / " + plaintext_b64 + R"(","Plaintext":")" + plaintext_b64 +
                        R"(","echo":)" + req.body + "}",
                    std::string(kJson));
  });
  auto client = MakeClient(server.url(), kSessionToken);
  client->Step("probe: Encrypt " + plaintext_b64, true);
  codec::EncryptRequest req;
  req.key_id = "alias/x";
  req.plaintext = ToBytes(plaintext_raw);
  const auto reply = client->Call(req);
  ASSERT_TRUE(reply.raw.ok());
  ASSERT_EQ(signature.size(), 64u);

  // Everything the report would show of this exchange.
  report::RunReport run;
  report::RuleResult rule;
  rule.id = "proto.redaction";
  rule.status = report::Verdict::kFail;
  rule.evidence = client->transcript();
  run.rules.push_back(rule);
  const std::string everything =
      report::ToJson(run) + report::ToMarkdown(run) + report::ToHtml(run);
  const std::vector<std::string> secrets = {std::string{kSecret}, signature, plaintext_raw,
                                            plaintext_b64, std::string{kSessionToken}};
  for (const std::string& secret : secrets) {
    EXPECT_EQ(everything.find(secret), std::string::npos) << secret;
  }
  // The JSON-escaped forms too ('/' and '+' in the secret key).
  EXPECT_EQ(everything.find("wJalrXUtnFEMI"), std::string::npos);
  // What a reader needs is still there.
  const report::Evidence& e = client->transcript().at(0);
  const auto auth = std::find_if(e.request.headers.begin(), e.request.headers.end(),
                                 [](const auto& h) { return h.first == "Authorization"; });
  ASSERT_NE(auth, e.request.headers.end());
  EXPECT_NE(auth->second.find("Credential=AKIDEXAMPLE/"), std::string::npos);
  EXPECT_NE(auth->second.find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;"
                              "x-amz-target"),
            std::string::npos);
  EXPECT_TRUE(auth->second.ends_with("Signature=<redacted>"));
  EXPECT_NE(e.request.body.find(R"("Plaintext":"<redacted>")"), std::string::npos)
      << e.request.body;
  EXPECT_NE(e.request.body.find(R"("KeyId":"alias/x")"), std::string::npos);
  ASSERT_TRUE(e.response);
  EXPECT_NE(e.response->body.find("InvalidSignatureException"), std::string::npos);
  EXPECT_EQ(e.step, "probe: Encrypt <redacted>");
}

TEST(KmsClientRedactionTest, TransportErrorsAreRecordedToo) {
  RawTestServer server([](int, const std::string&) {});
  auto client = MakeClient(server.url(), kSessionToken);
  codec::EncryptRequest req;
  req.key_id = "k";
  req.plaintext = ToBytes("another secret plaintext!");
  const auto reply = client->Call(req);
  EXPECT_FALSE(reply.raw.ok());
  EXPECT_FALSE(reply.ok());
  const report::Evidence& e = client->transcript().at(0);
  EXPECT_FALSE(e.response);
  EXPECT_EQ(e.transport_error, "UNAVAILABLE: connection closed before a response");
  EXPECT_EQ(e.request.body.find(Base64Encode(AsBytes("another secret plaintext!"))),
            std::string::npos);
}

}  // namespace
}  // namespace kc::client
