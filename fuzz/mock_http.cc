// Why this target links cpp-httplib (DESIGN.md: fuzz targets never link it, with ONE
// exception): it is that exception, the target for the mock's HTTP front end. What it tests
// is the bytes-on-the-wire layer that no other target reaches: cpp-httplib's request
// parser, router and response writer together with the mock's adapter around them
// (mock_kms/server/http_server.cc: the connection loop, the per-request read limit, the
// error and exception handlers that turn cpp-httplib's own errors into AWS errors, and the
// reply writer). It feeds them through a memory-backed httplib::Stream (no socket, no
// thread) via kc::mock::StreamFrontEnd, the test seam that hands a stream to the same
// configured httplib::Server subclass MockServer runs.
//
// Functions under test: kc::mock::StreamFrontEnd::ServeConnection -> HttpFrontEnd's
// connection loop -> httplib::Server::process_request (request line, headers, chunked and
// Content-Length bodies, Expect: 100-continue, keep-alive, pipelining) -> the adapter's
// Serve / error handler / exception handler -> kc::mock::Dispatcher::Handle.
// Claim (proto.error-shape, proto.robustness): whatever bytes arrive, the mock answers each
// request it reads with one well-formed HTTP/1.1 response (status line; exactly one
// Content-Length, equal to the body's length; no other framing) that has the AWS JSON shape:
// x-amzn-RequestId, a JSON object body, and for a non-2xx status string "__type" (a known
// error name) and "message" members; the status is 200, 400, 413, 500 or 503, and 5xx only
// for the fault errors. Or it closes the connection cleanly (no partial reply). Never a
// crash, hang or leak.
//
// Input: the bytes a client sends on one connection (one or more pipelined requests); see
// corpus/mock_http/. The mock runs deterministically: ManualClock at 2026-01-01T00:00:00Z,
// DeterministicRandom, the compiled RSA-2048 test keys (FixedTestKeys), --auth none (signed
// requests are accepted too), --test-hooks, profile 2022, and small HTTP limits (2 KiB body,
// 12 KiB request, 5 requests per connection) so that short inputs reach those paths.
// KC_FUZZ_VERBOSE=1 prints every reply.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "harness/common/clock.h"
#include "harness/contract/enums.h"
#include "harness/crypto/random.h"
#include "mock_kms/model/fixed_key_source.h"
#include "mock_kms/model/fixed_test_keys.h"
#include "mock_kms/model/kms.h"
#include "mock_kms/server/connection_stream.h"
#include "mock_kms/server/dispatch.h"
#include "mock_kms/server/http_server.h"
#include "mock_kms/server/server_options.h"

namespace {

// MemoryStream: one client connection over memory. read() hands out the input (0 at its
// end: the client closed its side), write() gathers the reply, Flush() records it as one
// request's wire reply. The per-request read limit works like ConnectionStream's.
class MemoryStream final : public kc::mock::RequestStream {
 public:
  struct Exchange {
    std::string_view request;  // the bytes the request consumed
    std::string reply;         // what was flushed after it (empty: nothing was sent)
  };

  MemoryStream(const std::uint8_t* data, std::size_t size)
      : in_(reinterpret_cast<const char*>(data), size) {}

  const std::vector<Exchange>& exchanges() const { return exchanges_; }
  bool discarded() const { return discarded_; }

  bool WaitForRequest(int /*timeout_ms*/) override { return at_ < in_.size(); }
  void StartRequest(std::size_t limit) override {
    limit_ = limit;
    consumed_ = 0;
    over_limit_ = false;
    request_start_ = at_;
  }
  bool over_limit() const override { return over_limit_; }
  bool Flush() override {
    exchanges_.push_back({in_.substr(request_start_, at_ - request_start_), std::move(out_)});
    out_.clear();
    return true;
  }
  void Discard() override {
    out_.clear();
    discarded_ = true;
  }

  // Like a socket: readable at the end too (read() then reports the close).
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, std::size_t size) override {
    if (consumed_ >= limit_) {
      over_limit_ = true;
      return -1;
    }
    size = std::min({size, limit_ - consumed_, in_.size() - at_});
    if (size == 0) return 0;
    std::memcpy(ptr, in_.data() + at_, size);
    at_ += size;
    consumed_ += size;
    return static_cast<ssize_t>(size);
  }
  ssize_t write(const char* ptr, std::size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 50000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 4566;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
  std::size_t request_start_ = 0;
  std::size_t limit_ = static_cast<std::size_t>(-1);
  std::size_t consumed_ = 0;
  bool over_limit_ = false;
  std::string out_;
  bool discarded_ = false;
  std::vector<Exchange> exchanges_;
};

[[noreturn]] void Violation(const char* what, const MemoryStream::Exchange& x) {
  std::fprintf(stderr,
               "proto.error-shape violated: %s\n--- request (%zu bytes): %.300s\n--- reply (%zu "
               "bytes): %.600s\n",
               what, x.request.size(), std::string(x.request).c_str(), x.reply.size(),
               x.reply.c_str());
  std::abort();
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool AllDigits(std::string_view s) {
  if (s.empty() || s.size() > 9) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// CheckReply: one request's flushed bytes are exactly one well-formed response with the AWS
// JSON shape (after interim 100 Continue responses, which carry no body).
void CheckReply(const MemoryStream::Exchange& x) {
  std::string_view wire = x.reply;
  constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
  while (wire.substr(0, kContinue.size()) == kContinue) wire.remove_prefix(kContinue.size());

  // Status line: HTTP/1.1 NNN Reason
  const std::size_t eol = wire.find("\r\n");
  if (eol == std::string_view::npos) Violation("no status line", x);
  const std::string_view status_line = wire.substr(0, eol);
  if (status_line.size() < 13 || status_line.substr(0, 9) != "HTTP/1.1 " ||
      !AllDigits(status_line.substr(9, 3)) || status_line[12] != ' ') {
    Violation("malformed status line", x);
  }
  const int status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
  if (status != 200 && status != 400 && status != 413 && status != 500 && status != 503) {
    Violation("status", x);
  }
  wire.remove_prefix(eol + 2);

  // Headers up to the empty line.
  int content_lengths = 0;
  std::size_t content_length = 0;
  bool request_id = false;
  for (;;) {
    const std::size_t end = wire.find("\r\n");
    if (end == std::string_view::npos) Violation("headers not terminated", x);
    const std::string_view line = wire.substr(0, end);
    wire.remove_prefix(end + 2);
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) Violation("malformed header line", x);
    const std::string_view name = line.substr(0, colon);
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (EqualsIgnoreCase(name, "Content-Length")) {
      ++content_lengths;
      if (!AllDigits(value)) Violation("Content-Length not a number", x);
      content_length = static_cast<std::size_t>(std::atol(std::string(value).c_str()));
    } else if (EqualsIgnoreCase(name, "Transfer-Encoding")) {
      Violation("Transfer-Encoding in a reply", x);
    } else if (EqualsIgnoreCase(name, kc::mock::kRequestIdHeader)) {
      request_id = !value.empty();
    }
  }
  if (content_lengths != 1) Violation("not exactly one Content-Length", x);
  if (!request_id) Violation("no x-amzn-RequestId", x);

  // A HEAD reply has the Content-Length of the body it does not send.
  // (cpp-httplib takes the method from a request line it then refuses, "HEAD\r\n" included:
  // the reply to that is still a reply to HEAD.)
  const bool head = x.request.substr(0, 4) == "HEAD" &&
                    (x.request.size() == 4 || x.request[4] == ' ' || x.request[4] == '\t' ||
                     x.request[4] == '\r' || x.request[4] == '\n');
  if (head && wire.empty()) return;
  if (wire.size() != content_length) Violation("Content-Length differs from the body", x);
  const auto json = nlohmann::json::parse(wire, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) Violation("body is not a JSON object", x);
  if (status == 200) return;
  const auto type = json.find("__type");
  const auto message = json.find("message");
  if (type == json.end() || !type->is_string()) Violation("no string __type", x);
  if (message == json.end() || !message->is_string()) Violation("no string message", x);
  const auto error = kc::contract::FromWire<kc::contract::ErrorType>(type->get<std::string>());
  if (!error) Violation("unknown __type", x);
  if (status >= 500 && !kc::contract::IsFaultError(*error)) Violation("5xx for a client error", x);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Read once, before any thread could change the environment.
  static const bool verbose =
      std::getenv("KC_FUZZ_VERBOSE") != nullptr;  // NOLINT(concurrency-mt-unsafe)

  // A fresh mock per input (a run is a pure function of its input); the wrapping key is
  // compiled in, so nothing here generates RSA keys.
  kc::ManualClock clock;
  kc::crypto::DeterministicRandom random(1);
  kc::mock::FixedKeySource keys({kc::mock::FixedTestKeys(2048)[0]});
  kc::mock::KmsOptions kms_options;
  auto kms = kc::mock::Kms::Create(kms_options, clock, random, keys);
  if (!kms.ok()) std::abort();

  kc::mock::ServerOptions server;
  server.test_hooks = true;
  server.max_body_bytes = 2048;
  server.max_request_bytes = 12288;
  server.keep_alive_max_requests = 5;

  kc::mock::DispatchOptions dispatch;
  dispatch.auth = kc::mock::AuthMode::kNone;
  dispatch.default_region = server.region;
  dispatch.max_body_bytes = server.max_body_bytes;
  dispatch.test_hooks = server.test_hooks;
  dispatch.advance_clock = [&clock](double seconds) {
    clock.Advance(seconds);
    return clock.Now();
  };
  kc::mock::Dispatcher dispatcher(**kms, std::move(dispatch), clock);
  kc::mock::StreamFrontEnd front_end(dispatcher, server);

  MemoryStream stream(data, size);
  front_end.ServeConnection(stream);

  const auto& exchanges = stream.exchanges();
  for (std::size_t i = 0; i < exchanges.size(); ++i) {
    const MemoryStream::Exchange& x = exchanges[i];
    if (verbose) std::fprintf(stderr, "--- reply %zu:\n%s\n", i, x.reply.c_str());
    if (x.reply.empty()) {
      // Nothing sent: the connection must close here (a clean close, no reply skipped).
      if (i + 1 != exchanges.size()) Violation("an empty reply, then more replies", x);
      continue;
    }
    CheckReply(x);
  }
  return 0;
}
