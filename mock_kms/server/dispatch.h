// Dispatcher: one HTTP request in, one HTTP response out, no sockets. The table from
// X-Amz-Target to handler, the protocol of CONTRACT.md (Content-Type with parameters
// accepted, empty body = {}, x-amzn-RequestId on every reply, UnknownOperationException,
// SerializationException, body size cap), SigV4 authentication, the account of the caller,
// the protocol-level faults and the test clock hook. The cpp-httplib adapter
// (http_server.h) and the fuzz targets both call Handle().
//
// Choices where AWS's behaviour is not recorded (CONTRACT.md leaves them open):
//  - Content-Type: application/x-amz-json-1.1, any parameters, any case. A request without
//    one is read as JSON 1.1 (curl users); another media type (application/json
//    included) is 400 UnknownOperationException, the way the service framework answers a
//    protocol it does not speak.
//  - A body over max_body_bytes is 413 RequestEntityTooLargeException with the JSON error
//    body (HttpStatusOf), checked before authentication and decoding.
//  - Anything that is not POST with a known X-Amz-Target (GET /, another path, another
//    method) is 400 UnknownOperationException; it is checked before authentication, so
//    an unsigned probe learns that, not MissingAuthenticationToken.
//  - GET (or HEAD) /_mock/health is always 200 {"status":"ok","profile":"2022"}, without
//    authentication: spawners poll it.
//  - Order of checks: health, the proto.robustness fault, the clock hook, body size,
//    operation, Content-Type, authentication, decoding, the model.
#ifndef KC_MOCK_KMS_SERVER_DISPATCH_H_
#define KC_MOCK_KMS_SERVER_DISPATCH_H_

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "harness/codec/types.h"
#include "harness/common/clock.h"
#include "harness/common/status.h"
#include "harness/sigv4/request.h"
#include "mock_kms/model/kms.h"

namespace kc::mock {

enum class AuthMode { kNone, kSigV4 };

// Identity: one line of --credentials: ACCESS_KEY_ID SECRET_ACCESS_KEY ACCOUNT_ID.
struct Identity {
  std::string access_key_id;
  std::string secret_access_key;
  std::string account;
};

// ParseCredentialsFile: the identities of a --credentials file ('#' starts a comment,
// blank lines ignored); InvalidArgument naming the line for anything else.
Result<std::vector<Identity>> ParseCredentialsFile(std::string_view text);

struct DispatchOptions {
  AuthMode auth = AuthMode::kNone;
  std::vector<Identity> identities;
  std::string default_region = "us-east-1";
  std::string default_account = "111122223333";
  std::size_t max_body_bytes = std::size_t{64} * 1024;
  double max_clock_skew_seconds = 300;  // KMS: "Signature expired" beyond 5 minutes
  // --test-hooks: POST /_mock/clock {"advance_seconds": N} calls advance_clock(N), which
  // returns the new time. Without test hooks that path is an ordinary request.
  bool test_hooks = false;
  std::function<EpochSeconds(double)> advance_clock;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The HTTP adapter closes the connection without sending anything (the fault
  // proto.malformed-json:2 only).
  bool drop_connection = false;
};

// Paths of the mock's own endpoints (not AWS's): a health check for spawners (always on)
// and the clock hook (--test-hooks only).
inline constexpr std::string_view kHealthPath = "/_mock/health";
inline constexpr std::string_view kClockHookPath = "/_mock/clock";
// The reply header that carries the request id (proto.error-shape).
inline constexpr std::string_view kRequestIdHeader = "x-amzn-RequestId";

// FindResponseHeader: the value of the first reply header named `name` (ASCII
// case-insensitive), or nullopt.
std::optional<std::string_view> FindResponseHeader(const HttpResponse& response,
                                                   std::string_view name);

class Dispatcher {
 public:
  // kms and clock must outlive the dispatcher; fault comes from kms.options().
  Dispatcher(Kms& kms, DispatchOptions options, const Clock& clock);

  // Handle: the reply to one request. Never throws; every error is a well-formed AWS error.
  HttpResponse Handle(const sigv4::HttpRequest& request);

  // ErrorResponse: a well-formed AWS error reply (status, x-amzn-RequestId, JSON body) for
  // an error found outside Handle, e.g. by the HTTP adapter (an oversized or unparsable
  // HTTP request). Subject to the proto.error-shape fault like every error reply.
  HttpResponse ErrorResponse(const codec::ApiError& error);

  // NewRequestId: a fresh request id, formatted as a version-4 UUID: a random prefix drawn
  // once per dispatcher and a counter (no lock, no system call per request).
  std::string NewRequestId();

 private:
  HttpResponse Reply(int status, std::string body, std::string_view content_type);
  HttpResponse Error(const codec::ApiError& error);
  HttpResponse ClockHook(const sigv4::HttpRequest& request);
  HttpResponse Health();
  HttpResponse UnknownOperation(std::string message);

  Kms& kms_;
  DispatchOptions options_;
  const Clock& clock_;
  std::unordered_map<std::string, const Identity*> identities_by_key_;  // into options_
  std::uint64_t id_prefix_ = 0;
  std::atomic<std::uint64_t> request_counter_{0};
  std::atomic<int> malformed_seen_{0};  // proto.robustness faults
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_SERVER_DISPATCH_H_
