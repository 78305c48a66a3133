// Dispatcher: one HTTP request in, one HTTP response out, no sockets. The table from
// X-Amz-Target to handler, the protocol of CONTRACT.md (Content-Type with parameters
// accepted, empty body = {}, x-amzn-RequestId on every reply, UnknownOperationException,
// SerializationException, body size cap), SigV4 authentication, the account of the caller,
// the protocol-level faults and the test clock hook. The cpp-httplib adapter
// (http_server.h) and the fuzz targets both call Handle().
#ifndef KC_MOCK_KMS_SERVER_DISPATCH_H_
#define KC_MOCK_KMS_SERVER_DISPATCH_H_

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

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
  std::size_t max_body_bytes = 64 * 1024;
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
};

class Dispatcher {
 public:
  // kms and clock must outlive the dispatcher; fault comes from kms.options().
  Dispatcher(Kms& kms, DispatchOptions options, const Clock& clock);

  // Handle: the reply to one request. Never throws; every error is a well-formed AWS error.
  HttpResponse Handle(const sigv4::HttpRequest& request);

 private:
  Kms& kms_;
  DispatchOptions options_;
  const Clock& clock_;
  std::atomic<std::uint64_t> request_counter_{0};
  std::atomic<int> malformed_seen_{0};  // proto.robustness fault
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_SERVER_DISPATCH_H_
