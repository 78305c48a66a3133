// KmsClient: the harness's HTTP client for one KMS endpoint. It encodes typed requests
// (or sends raw bytes, for bad input), signs them with SigV4 at the target's time, sends
// them with a per-request timeout and a response size cap, decodes replies leniently
// (codec::DecodeResponse), and records every exchange, redacted, as report::Evidence.
// A misbehaving target is never a crash: a dropped connection, a timeout or an oversized
// reply is a transport Status in the Reply.
//
// One KmsClient per scenario (they are cheap; each keeps its own keep-alive connection and
// transcript); not thread-safe.
#ifndef KC_CLIENT_CLIENT_H_
#define KC_CLIENT_CLIENT_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/client/transport.h"
#include "harness/codec/codec.h"
#include "harness/codec/types.h"
#include "harness/common/bytes.h"
#include "harness/common/status.h"
#include "harness/contract/enums.h"
#include "harness/report/report.h"
#include "harness/sigv4/request.h"

namespace kc::client {

struct Target {
  std::string endpoint;  // "http://127.0.0.1:4566" or "https://kms.us-east-1.amazonaws.com"
  std::string region = "us-east-1";
  sigv4::Credentials credentials;  // access key, secret, session token (X-Amz-Security-Token)
};

// TargetHealth: shared by every client of a run, so that a target that stopped answering
// is noticed once, across jobs, and not waited for again: the run's liveness check
// (runner). OnTimeout is called after each request that got no response in time; while
// dead() is true, clients send nothing and answer Unavailable(dead_reason()) at once.
class TargetHealth {
 public:
  virtual ~TargetHealth() = default;
  virtual void OnTimeout() = 0;
  virtual bool dead() const = 0;
  virtual std::string dead_reason() const = 0;
};

// InProcess: a target answered without a socket: the signed request as it would go on the
// wire, to the reply (the embedded mock's dispatcher, for `explore --in-process`). A Status
// takes the place of a transport error.
using InProcess = std::function<Result<WireReply>(const sigv4::HttpRequest&)>;

struct ClientOptions {
  double timeout_seconds = 10;                           // per request: connect, write and read
  std::size_t max_response_bytes = 1 << 20;              // a larger reply is a transport error
  contract::Profile profile = contract::Profile::k2022;  // for DecodeResponse
  bool sign = true;                                      // SigV4-sign every request
  std::shared_ptr<TargetHealth> health;                  // nullptr: none
  // Set: requests go to this function instead of over HTTP (same signing, same transcript).
  InProcess in_process;
  // With sign and in_process only: each request carries X-Amz-Date (and
  // X-Amz-Security-Token) and an Authorization header that names the credential scope
  // (access key id, date, region, service) and the signed headers as Sign writes them, but
  // its Signature is 64 zeros: none is computed. For an in-process target that takes the
  // caller from the credential scope and checks no signature (the mock with --auth none:
  // the stateful fuzz target, where signing was a tenth of each execution). Create refuses
  // it without in_process: nothing unsigned goes on the wire as if it were signed.
  bool scope_only_signature = false;
  // false: no transcript is kept (TakeTranscript gives nothing): for callers that never
  // report exchanges, e.g. the stateful fuzz target, where redacting every exchange would
  // cost a quarter of each execution.
  bool record_transcript = true;
};

// RawReply: an HTTP reply, or the transport error that took its place.
struct RawReply {
  Status transport;  // OK when a complete HTTP response arrived
  int status = 0;
  report::Headers headers;
  std::string body;
  double ms = 0;
  // The operation the request named (X-Amz-Target "TrentService.<op>"), when it named one.
  std::optional<contract::Operation> operation;

  bool ok() const { return transport.ok(); }
  // Header: the first header named `name` (ASCII case-insensitive), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
  // View: what codec::DecodeResponse needs.
  codec::HttpReplyView View() const;
};

// Reply<Resp>: a typed call's outcome: the transport status, and when a reply arrived, its
// lenient decode (value / error / undecodable, plus findings).
template <typename Resp>
struct Reply {
  RawReply raw;
  codec::ClientReply<Resp> decoded;

  bool ok() const { return raw.ok() && decoded.ok(); }
  const Resp& value() const { return *decoded.value; }
  // The AWS error, when the target answered with one.
  const codec::ApiError* error() const { return decoded.error ? &*decoded.error : nullptr; }
  bool IsError(contract::ErrorType t) const { return raw.ok() && decoded.IsError(t); }
};

// RawRequest: for bad input and protocol probes. target "" sends no X-Amz-Target.
struct RawRequest {
  std::string method = "POST";
  std::string path = "/";
  std::string target;  // full X-Amz-Target value, e.g. "TrentService.Nope"
  std::string content_type = std::string(codec::kJsonContentType);  // "" sends none
  report::Headers extra_headers;
  std::string body;
  bool sign = true;
};

class KmsClient {
 public:
  static Result<std::unique_ptr<KmsClient>> Create(const Target& target,
                                                   const ClientOptions& options);
  ~KmsClient();
  KmsClient(const KmsClient&) = delete;
  KmsClient& operator=(const KmsClient&) = delete;

  // Call: one typed request (codec::EncodeRequest), signed, sent, decoded.
  template <typename Req>
  Reply<codec::ResponseOf<Req::kOperation>> Call(const Req& request);

  // Send: one raw request.
  RawReply Send(const RawRequest& request);

  // Step: labels the exchanges that follow in the transcript (e.g. "setup: CreateKey A");
  // probe marks them as the ones the verdict is about; control names the control
  // (report::Control::id) they belong to.
  void Step(std::string label, bool probe = false, std::string control = {});

  // SetClockOffset: sign with (local time + offset) — the target's time after a clock move
  // (a SigV4-checking target refuses a stale date).
  void SetClockOffset(double seconds);
  double clock_offset() const;

  // The exchanges so far (redacted), and taking them (clears).
  const std::vector<report::Evidence>& transcript() const;
  std::vector<report::Evidence> TakeTranscript();

  const Target& target() const;
  const ClientOptions& options() const;

 private:
  class Impl;
  explicit KmsClient(std::unique_ptr<Impl> impl);
  // SendEncoded: one typed request's body; `secrets` (plaintext the request carries) are
  // scrubbed from the transcript wherever they appear (redact.h).
  RawReply SendEncoded(contract::Operation op, std::string body,
                       std::vector<std::string> secrets = {});
  std::unique_ptr<Impl> impl_;
};

namespace detail {
inline std::vector<std::string> SecretsIn(const Bytes& b) {
  return {std::string(b.begin(), b.end())};
}
inline std::vector<std::string> SecretsIn(const std::optional<Bytes>& b) {
  return b ? SecretsIn(*b) : std::vector<std::string>{};
}
// SecretsOf: the plaintext a request carries (Encrypt's Plaintext), for redaction.
template <typename Req>
std::vector<std::string> SecretsOf(const Req& request) {
  if constexpr (requires { SecretsIn(request.plaintext); }) {
    return SecretsIn(request.plaintext);
  } else {
    return {};
  }
}
}  // namespace detail

template <typename Req>
Reply<codec::ResponseOf<Req::kOperation>> KmsClient::Call(const Req& request) {
  using Resp = codec::ResponseOf<Req::kOperation>;
  Reply<Resp> reply;
  reply.raw =
      SendEncoded(Req::kOperation, codec::EncodeRequest(request), detail::SecretsOf(request));
  if (reply.raw.ok()) {
    reply.decoded = codec::DecodeResponse<Resp>(reply.raw.View(), options().profile);
  }
  return reply;
}

}  // namespace kc::client

#endif  // KC_CLIENT_CLIENT_H_
