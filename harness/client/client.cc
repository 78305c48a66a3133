#include "harness/client/client.h"

#include <chrono>
#include <cmath>

#include "harness/client/endpoint.h"
#include "harness/client/redact.h"
#include "harness/client/transport.h"
#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/canonical.h"
#include "harness/sigv4/signer.h"

#ifndef KC_CLIENT_USER_AGENT
#define KC_CLIENT_USER_AGENT "kmsconform"
#endif

namespace kc::client {
namespace {

constexpr std::string_view kService = "kms";
constexpr std::string_view kUserAgent = KC_CLIENT_USER_AGENT;

bool HasHeader(const report::Headers& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (sigv4::EqualsIgnoreCase(h.first, name)) return true;
  }
  return false;
}

EpochSeconds WallClockNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::optional<std::string_view> RawReply::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (sigv4::EqualsIgnoreCase(n, name)) return std::string_view{v};
  }
  return std::nullopt;
}

codec::HttpReplyView RawReply::View() const {
  codec::HttpReplyView view;
  view.status = status;
  view.body = body;
  view.content_type = Header("Content-Type");
  view.request_id = Header("x-amzn-RequestId");
  view.error_type_header = Header("x-amzn-ErrorType");
  return view;
}

class KmsClient::Impl {
 public:
  Impl(Target target, ClientOptions options, Endpoint endpoint,
       std::unique_ptr<HttpTransport> transport)
      : target_(std::move(target)),
        options_(options),
        endpoint_(std::move(endpoint)),
        transport_(std::move(transport)) {}

  RawReply Send(const RawRequest& raw, std::vector<std::string> secrets);

  Target target_;
  ClientOptions options_;
  Endpoint endpoint_;
  std::unique_ptr<HttpTransport> transport_;
  std::string step_;
  bool probe_ = false;
  std::string control_;
  double clock_offset_ = 0;
  std::vector<report::Evidence> transcript_;

 private:
  // Build: the request as it goes on the wire, signed when asked; `signature` receives
  // the signature (for redaction).
  Result<sigv4::HttpRequest> Build(const RawRequest& raw, std::string& signature) const;
  void Record(const sigv4::HttpRequest& sent, const RawReply& reply,
              std::span<const std::string> secrets);
};

Result<sigv4::HttpRequest> KmsClient::Impl::Build(const RawRequest& raw,
                                                  std::string& signature) const {
  sigv4::HttpRequest req;
  req.method = raw.method;
  std::string_view path = raw.path;
  if (path.empty()) path = "/";
  if (const auto q = path.find('?'); q != std::string_view::npos) {
    req.query = std::string(path.substr(q + 1));
    path = path.substr(0, q);
  }
  req.path = endpoint_.RequestPath(path);
  // The signed headers: host, content-type, x-amz-target, the probe's extra headers, then
  // what Sign adds (x-amz-security-token, x-amz-date). A header the probe sets itself
  // replaces the default of the same name.
  if (!HasHeader(raw.extra_headers, "Host"))
    req.headers.emplace_back("Host", endpoint_.HostHeader());
  if (!raw.content_type.empty() && !HasHeader(raw.extra_headers, "Content-Type")) {
    req.headers.emplace_back("Content-Type", raw.content_type);
  }
  if (!raw.target.empty() && !HasHeader(raw.extra_headers, "X-Amz-Target")) {
    req.headers.emplace_back("X-Amz-Target", raw.target);
  }
  for (const auto& h : raw.extra_headers) req.headers.push_back(h);
  req.body = raw.body;
  if (raw.sign && options_.scope_only_signature) {
    // The headers Sign would add, the signature left out (ClientOptions).
    const EpochSeconds time = WallClockNow() + clock_offset_;
    if (!sigv4::IsSignableTime(time)) {
      return InvalidArgumentError("sigv4: signing time is not within 1970..9999")
          .WithContext("signing the request");
    }
    for (std::string_view name : {sigv4::kAuthorizationHeader, sigv4::kAmzDateHeader,
                                  sigv4::kSecurityTokenHeader, sigv4::kContentSha256Header}) {
      std::erase_if(req.headers,
                    [&](const auto& h) { return sigv4::EqualsIgnoreCase(h.first, name); });
    }
    const std::string amz_date = sigv4::FormatAmzDate(time);
    if (!target_.credentials.session_token.empty()) {
      req.headers.emplace_back(sigv4::kSecurityTokenHeader, target_.credentials.session_token);
    }
    req.headers.emplace_back(sigv4::kAmzDateHeader, amz_date);
    const std::string scope = sigv4::CredentialScope(std::string_view(amz_date).substr(0, 8),
                                                     target_.region, kService);
    req.headers.emplace_back(
        sigv4::kAuthorizationHeader,
        sigv4::AuthorizationHeader(target_.credentials.access_key_id, scope,
                                   sigv4::SignedHeadersOf(req), std::string(64, '0')));
  } else if (raw.sign) {
    sigv4::SigningParams params;
    params.region = target_.region;
    params.service = std::string(kService);
    params.time = WallClockNow() + clock_offset_;
    sigv4::SigningTrace trace;
    auto signed_req = sigv4::Sign(std::move(req), target_.credentials, params, &trace);
    if (!signed_req.ok()) return signed_req.status().WithContext("signing the request");
    req = std::move(signed_req).value();
    signature = trace.signature;
  }
  // Headers httplib would otherwise add with values of its own; never signed, so nothing
  // on the way can invalidate the signature.
  if (!HasHeader(req.headers, "User-Agent")) req.headers.emplace_back("User-Agent", kUserAgent);
  if (!HasHeader(req.headers, "Accept")) req.headers.emplace_back("Accept", "*/*");
  return req;
}

void KmsClient::Impl::Record(const sigv4::HttpRequest& sent, const RawReply& reply,
                             std::span<const std::string> secrets) {
  if (!options_.record_transcript) return;
  report::Evidence e;
  e.step = RedactText(step_, secrets);
  e.probe = probe_;
  e.control = control_;
  e.request.method = RedactText(sent.method, secrets);
  e.request.path =
      RedactText(sent.query.empty() ? sent.path : sent.path + "?" + sent.query, secrets);
  report::Headers headers = sent.headers;
  for (auto& h : HttpTransport::AddedHeaders(sent)) headers.push_back(std::move(h));
  e.request.headers = RedactRequestHeaders(headers, secrets);
  e.request.body = RedactBody(sent.body, secrets);
  if (reply.ok()) {
    report::HttpResponseRecord r;
    r.status = reply.status;
    r.headers = RedactResponseHeaders(reply.headers, secrets);
    r.body = RedactBody(reply.body, secrets);
    e.response = std::move(r);
  } else {
    e.transport_error = RedactText(reply.transport.ToString(), secrets);
  }
  e.ms = reply.ms;
  transcript_.push_back(std::move(e));
}

RawReply KmsClient::Impl::Send(const RawRequest& raw, std::vector<std::string> secrets) {
  RawReply reply;
  std::string signature;
  auto built = Build(raw, signature);
  if (options_.record_transcript) {
    // What redaction scrubs (Record alone reads it).
    std::vector<std::string> literals;
    secrets.push_back(target_.credentials.secret_access_key);
    secrets.push_back(target_.credentials.session_token);
    secrets.push_back(signature);
    for (const std::string& s : secrets) {
      for (std::string& form : SecretForms(s)) literals.push_back(std::move(form));
    }
    secrets = std::move(literals);
  }
  if (!built.ok()) {
    // Nothing was sent; the transcript still says what was attempted.
    reply.transport = built.status();
    sigv4::HttpRequest attempted;
    attempted.method = raw.method;
    attempted.path = raw.path;
    attempted.headers = raw.extra_headers;
    attempted.body = raw.body;
    Record(attempted, reply, secrets);
    return reply;
  }
  if (options_.health && options_.health->dead()) {
    // The run declared the target dead: nothing more is sent (or waited for).
    reply.transport = UnavailableError(options_.health->dead_reason());
    Record(*built, reply, secrets);
    return reply;
  }
  const auto start = std::chrono::steady_clock::now();
  auto wire = options_.in_process ? options_.in_process(*built) : transport_->Exchange(*built);
  reply.ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (wire.ok()) {
    reply.status = wire->status;
    reply.headers = std::move(wire->headers);
    reply.body = std::move(wire->body);
  } else {
    reply.transport = wire.status();
    if (options_.health && wire.status().code() == StatusCode::kDeadlineExceeded) {
      options_.health->OnTimeout();
    }
  }
  Record(*built, reply, secrets);
  return reply;
}

Result<std::unique_ptr<KmsClient>> KmsClient::Create(const Target& target,
                                                     const ClientOptions& options) {
  KC_ASSIGN_OR_RETURN(Endpoint endpoint, ParseEndpoint(target.endpoint));
  if (!(options.timeout_seconds > 0) || !std::isfinite(options.timeout_seconds)) {
    return InvalidArgumentError("timeout must be a positive number of seconds");
  }
  if (options.max_response_bytes == 0) {
    return InvalidArgumentError("max_response_bytes must be positive");
  }
  if (options.sign) {
    if (target.region.empty() || target.region.find('/') != std::string::npos) {
      return InvalidArgumentError("region '" + target.region + "' cannot be signed for");
    }
    if (target.credentials.access_key_id.empty() ||
        target.credentials.access_key_id.find('/') != std::string::npos) {
      return InvalidArgumentError("an access key id (without '/') is needed to sign");
    }
  }
  if (options.scope_only_signature && !options.in_process) {
    return InvalidArgumentError(
        "a scope-only signature is for in-process targets only (ClientOptions)");
  }
  TransportOptions topts;
  topts.timeout_seconds = options.timeout_seconds;
  topts.max_response_bytes = options.max_response_bytes;
  std::unique_ptr<HttpTransport> transport;
  if (!options.in_process) {
    KC_ASSIGN_OR_RETURN(transport, HttpTransport::Create(endpoint, topts));
  }
  return std::unique_ptr<KmsClient>(new KmsClient(
      std::make_unique<Impl>(target, options, std::move(endpoint), std::move(transport))));
}

KmsClient::KmsClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KmsClient::~KmsClient() = default;

RawReply KmsClient::Send(const RawRequest& request) {
  RawReply reply = impl_->Send(request, {});
  if (request.target.starts_with(contract::kTargetPrefix)) {
    reply.operation = contract::FromWire<contract::Operation>(
        std::string_view(request.target).substr(contract::kTargetPrefix.size()));
  }
  return reply;
}

RawReply KmsClient::SendEncoded(contract::Operation op, std::string body,
                                std::vector<std::string> secrets) {
  RawRequest raw;
  raw.target = std::string(contract::TargetOf(op));
  raw.body = std::move(body);
  raw.sign = impl_->options_.sign;
  RawReply reply = impl_->Send(raw, std::move(secrets));
  reply.operation = op;
  return reply;
}

void KmsClient::Step(std::string label, bool probe, std::string control) {
  impl_->step_ = std::move(label);
  impl_->probe_ = probe;
  impl_->control_ = std::move(control);
}

void KmsClient::SetClockOffset(double seconds) { impl_->clock_offset_ = seconds; }
double KmsClient::clock_offset() const { return impl_->clock_offset_; }

const std::vector<report::Evidence>& KmsClient::transcript() const { return impl_->transcript_; }

std::vector<report::Evidence> KmsClient::TakeTranscript() {
  std::vector<report::Evidence> out = std::move(impl_->transcript_);
  impl_->transcript_.clear();
  return out;
}

const Target& KmsClient::target() const { return impl_->target_; }
const ClientOptions& KmsClient::options() const { return impl_->options_; }

// (Here, not in transport.cc: the in-process build has no HTTP transport but the same
// transcript.)
report::Headers HttpTransport::AddedHeaders(const sigv4::HttpRequest& request) {
  return {{"Content-Length", std::to_string(request.body.size())}};
}

}  // namespace kc::client
