#include "mock_kms/server/http_server.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <utility>

#include <httplib.h>

#include "harness/codec/types.h"
#include "harness/contract/enums.h"
#include "harness/crypto/random.h"
#include "mock_kms/model/fixed_key_source.h"
#include "mock_kms/model/key_pool.h"
#include "mock_kms/server/connection_stream.h"
#include "mock_kms/server/task_queue.h"

namespace kc::mock {
namespace {

using codec::ApiError;
using contract::ErrorType;

// The connection the current thread serves (cpp-httplib runs one connection per worker),
// so that the error handler can tell a request that hit the read limit.
thread_local const RequestStream* current_stream = nullptr;
// Set by the handler when the dispatcher's reply says to drop the connection unanswered
// (HttpResponse::drop_connection, the fault proto.malformed-json:2).
thread_local bool drop_current = false;

// HttpFrontEnd: cpp-httplib's server (accept loop, worker pool, request parser, router,
// response writer) with the mock's own connection loop over a ConnectionStream: one send
// per reply, blocking keep-alive waits that Stop() interrupts at once (see
// connection_stream.h). Also a deeper listen backlog: the packaged library listens with a
// backlog of 5, so a burst of connects (hundreds of clients opening keep-alive connections
// at once) overflows the accept queue and the dropped SYNs are retried only after a
// second; Linux lets listen() be called again to resize it.
class HttpFrontEnd final : public httplib::Server {
 public:
  explicit HttpFrontEnd(std::size_t max_request_bytes)
      : stop_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)), max_request_bytes_(max_request_bytes) {}
  ~HttpFrontEnd() override {
    if (stop_fd_ >= 0) ::close(stop_fd_);
  }
  HttpFrontEnd(const HttpFrontEnd&) = delete;
  HttpFrontEnd& operator=(const HttpFrontEnd&) = delete;

  bool ok() const { return stop_fd_ >= 0; }
  bool SetBacklog(int backlog) {
    const int sock = svr_sock_;
    return sock >= 0 && ::listen(sock, backlog) == 0;
  }
  // WakeConnections: every connection waiting for its next request (or in the middle of
  // reading one) gives up now; cpp-httplib's stop() then ends the accept loop.
  void WakeConnections() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(stop_fd_, &one, sizeof one);
  }

  // ServeConnection: the requests of one connection, until the stream has no next request,
  // the keep-alive quota is used up, a reply asks to close, or the server stops.
  bool ServeConnection(RequestStream& stream) {
    current_stream = &stream;
    bool ok = false;
    const int keep_alive_ms = Millis(keep_alive_timeout_sec_, 0);
    for (std::size_t left = keep_alive_max_count_; left > 0; --left) {
      if ((!socketless_ && svr_sock_ == INVALID_SOCKET) || !stream.WaitForRequest(keep_alive_ms)) {
        break;
      }
      bool client_closes = false;
      stream.StartRequest(max_request_bytes_);
      drop_current = false;
      // The last request of the connection's quota answers "Connection: close". A Range
      // header is ignored, as AWS does: cpp-httplib would otherwise answer a slice of the
      // JSON reply (found by fuzz/mock_http.cc).
      ok = process_request(stream, /*close_connection=*/left == 1, client_closes,
                           [](httplib::Request& req) { req.ranges.clear(); });
      if (drop_current) {
        stream.Discard();
        ok = false;
        break;
      }
      if (!stream.Flush()) ok = false;
      if (!ok || client_closes || stream.over_limit()) break;
    }
    current_stream = nullptr;
    return ok;
  }
  // SetSocketless: ServeConnection for a server that never listens (StreamFrontEnd), which
  // a stopped server's closed listening socket must not end.
  void SetSocketless() { socketless_ = true; }

 private:
  bool process_and_close_socket(socket_t sock) override {
    int one = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ConnectionStream stream(sock, stop_fd_, Millis(read_timeout_sec_, read_timeout_usec_),
                            Millis(write_timeout_sec_, write_timeout_usec_));
    const bool ok = ServeConnection(stream);
    if (stream.over_limit()) LingeringClose(sock);
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
  }

  // LingeringClose: after refusing a request whose bytes are still arriving, a plain close
  // would answer them with a reset, which can destroy the refusal before the client reads
  // it. Half-close, then read and drop what comes for a short while.
  static void LingeringClose(int sock) {
    ::shutdown(sock, SHUT_WR);
    char scratch[16384];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{sock, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      if (::recv(sock, scratch, sizeof scratch, 0) <= 0) return;
    }
  }

  static int Millis(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

  const int stop_fd_;
  const std::size_t max_request_bytes_;
  bool socketless_ = false;
};

bool IsAdapterHeader(const std::string& name) {
  // Pseudo-headers cpp-httplib adds to every request; not what the client sent.
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

// WriteReply: the dispatcher's reply into cpp-httplib's response. Content-Length is left to
// cpp-httplib, which always writes it for a body (and would otherwise send it twice).
void WriteReply(HttpResponse&& reply, httplib::Response& res) {
  res.status = reply.status;
  res.headers.clear();
  for (auto& [name, value] : reply.headers) {
    if (sigv4::EqualsIgnoreCase(name, "Content-Length")) continue;
    res.set_header(name, value);
  }
  res.body = std::move(reply.body);
}

}  // namespace

Status ValidateServerOptions(const ServerOptions& o) {
  if (o.host.empty()) return InvalidArgumentError("--host must not be empty");
  if (o.port < 0 || o.port > 65535) {
    return InvalidArgumentError("--port must be 0..65535 (0: an ephemeral port)");
  }
  if (o.region.empty() || o.region.size() > 64) {
    return InvalidArgumentError("--region must be a region name such as us-east-1");
  }
  for (const char c : o.region) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return InvalidArgumentError("--region must be a region name such as us-east-1 (a-z, 0-9, -)");
    }
  }
  if (o.auth == AuthMode::kSigV4 && o.identities.empty()) {
    return InvalidArgumentError(
        "--auth sigv4 needs --credentials FILE with at least one identity "
        "(ACCESS_KEY_ID SECRET_ACCESS_KEY ACCOUNT_ID per line)");
  }
  if (o.key_pool < 0 || o.key_pool > 100000) {
    return InvalidArgumentError("--key-pool must be 0..100000");
  }
  if (o.fixed_wrapping_keys != 0 && (o.fixed_wrapping_keys < kMinFixedWrappingKeys ||
                                     o.fixed_wrapping_keys > kMaxFixedWrappingKeys)) {
    return InvalidArgumentError("--fixed-wrapping-keys must be " +
                                std::to_string(kMinFixedWrappingKeys) + ".." +
                                std::to_string(kMaxFixedWrappingKeys));
  }
  if (o.max_request_bytes <= o.max_body_bytes) {
    return InvalidArgumentError("max_request_bytes must exceed max_body_bytes");
  }
  if (o.max_body_bytes == 0 || o.max_threads == 0 || o.keep_alive_max_requests == 0 ||
      o.keep_alive_timeout_seconds < 1 || o.read_timeout_seconds < 1 ||
      o.write_timeout_seconds < 1 || o.listen_backlog < 1) {
    return InvalidArgumentError("HTTP limits must be positive");
  }
  return Status::Ok();
}

class MockServer::Impl {
 public:
  explicit Impl(ServerOptions options)
      : options_(std::move(options)), http_(options_.max_request_bytes) {}
  ~Impl() { Stop(); }

  Status Init();
  void Stop();

  ServerOptions options_;
  SystemClock clock_;
  std::unique_ptr<KeyPool> pool_;
  std::unique_ptr<FixedKeySource> ring_;  // --fixed-wrapping-keys (then no pool_)
  std::unique_ptr<Kms> kms_;
  std::unique_ptr<Dispatcher> dispatcher_;
  HttpFrontEnd http_;
  std::thread listener_;
  int port_ = 0;
  std::atomic<bool> stopped_{false};
  std::vector<std::string> notes_;
};

namespace {

// Serve: one cpp-httplib request through the dispatcher.
void Serve(Dispatcher& dispatcher, const httplib::Request& req, httplib::Response& res) {
  sigv4::HttpRequest request;
  request.method = req.method;
  const std::size_t query = req.target.find('?');
  request.path = req.target.substr(0, query);
  if (query != std::string::npos) request.query = req.target.substr(query + 1);
  request.headers.reserve(req.headers.size());
  for (const auto& [name, value] : req.headers) {
    if (!IsAdapterHeader(name)) request.headers.emplace_back(name, value);
  }
  request.body = req.body;
  HttpResponse reply = dispatcher.Handle(request);
  if (reply.drop_connection) drop_current = true;
  WriteReply(std::move(reply), res);
}

// ConfigureHttp: routes, error and exception handlers, socket options and limits of the
// adapter (MockServer and StreamFrontEnd alike).
void ConfigureHttp(HttpFrontEnd& http, Dispatcher& dispatcher, const ServerOptions& options) {
  const auto serve = [&dispatcher](const httplib::Request& req, httplib::Response& res) {
    Serve(dispatcher, req, res);
  };
  // Every method and path goes to the dispatcher, which answers AWS-style errors for what
  // is not a KMS operation (proto.unknown-operation).
  http.Get(".*", serve);
  http.Post(".*", serve);
  http.Put(".*", serve);
  http.Patch(".*", serve);
  http.Delete(".*", serve);
  http.Options(".*", serve);

  // cpp-httplib's own errors (no body): an oversized body (413), a request it cannot parse
  // (400), a URI that is too long (414), ... become AWS-style JSON errors.
  const std::size_t max_body_bytes = options.max_body_bytes;
  const httplib::Server::HandlerWithResponse on_error = [&dispatcher, max_body_bytes](
                                                            const httplib::Request&,
                                                            httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    ApiError error;
    if (res.status == 413 || (current_stream != nullptr && current_stream->over_limit())) {
      error = ApiError::Of(ErrorType::kRequestEntityTooLargeException,
                           "Request body exceeds the limit of " +
                               std::to_string(max_body_bytes) + " bytes");
    } else if (res.status >= 500) {
      error = ApiError::Of(ErrorType::kKMSInternalException, "Internal error");
    } else {
      error = ApiError::Of(
          ErrorType::kSerializationException,
          "The HTTP request could not be read (HTTP " + std::to_string(res.status) + ")");
    }
    WriteReply(dispatcher.ErrorResponse(error), res);
    return httplib::Server::HandlerResponse::Handled;
  };
  http.set_error_handler(on_error);
  // The adapter is where exceptions stop: none reaches the model's callers or the socket.
  http.set_exception_handler(
      // NOLINTNEXTLINE(performance-unnecessary-value-param): cpp-httplib's signature
      [&dispatcher](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        WriteReply(dispatcher.ErrorResponse(
                       ApiError::Of(ErrorType::kKMSInternalException, "Internal error")),
                   res);
      });

  // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, with which a second mock
  // on the same port would silently share it (the kernel splits the connections).
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(options.keep_alive_max_requests);
  http.set_keep_alive_timeout(options.keep_alive_timeout_seconds);
  http.set_read_timeout(options.read_timeout_seconds, 0);
  http.set_write_timeout(options.write_timeout_seconds, 0);
  http.set_payload_max_length(options.max_body_bytes);
  const std::size_t max_threads = options.max_threads;
  http.new_task_queue = [max_threads] { return new GrowingTaskQueue(max_threads); };
}

}  // namespace

Status MockServer::Impl::Init() {
  KC_RETURN_IF_ERROR(ValidateServerOptions(options_));

  WrappingKeySource* wrapping_keys = nullptr;
  if (options_.fixed_wrapping_keys > 0) {
    FixedKeyRingOptions ring_options;
    ring_options.size = options_.fixed_wrapping_keys;
    ring_options.cache_file = options_.key_cache;
    auto ring = FixedKeySource::Ring(ring_options);
    if (!ring.ok()) return ring.status().WithContext("fixed wrapping keys");
    ring_ = std::move(ring).value();
    for (auto& note : ring_->Notes()) notes_.push_back(note);
    if (const FixedKeyRingStats st = ring_->stats(); st.generated > 0) {
      notes_.push_back("fixed wrapping keys: generated " + std::to_string(st.generated) +
                       " RSA-2048 pairs for the ring (" + std::to_string(st.from_cache) +
                       " from the key cache, " + std::to_string(st.compiled) + " compiled)");
    }
    wrapping_keys = ring_.get();
  } else {
    KeyPoolOptions pool_options;
    pool_options.target = options_.key_pool;
    pool_options.cache_file = options_.key_cache;
    // Profile 2026 also wraps with RSA_3072/4096: keep one of each ready from the start, so
    // the first such request does not wait seconds for a key.
    if (options_.profile == contract::Profile::k2026) pool_options.eager_sizes = {3072, 4096};
    auto pool = KeyPool::Create(pool_options);
    if (!pool.ok()) return pool.status().WithContext("wrapping key pool");
    pool_ = std::move(pool).value();
    for (auto& note : pool_->Notes()) notes_.push_back(note);
    wrapping_keys = pool_.get();
  }

  KmsOptions kms_options;
  kms_options.profile = options_.profile;
  kms_options.fault = options_.fault;
  kms_options.state_dir = options_.state_dir;
  auto kms = Kms::Create(kms_options, clock_, crypto::DefaultRandom(), *wrapping_keys);
  if (!kms.ok()) return kms.status().WithContext("state directory");
  kms_ = std::move(kms).value();
  for (auto& note : kms_->RecoveryNotes()) notes_.push_back(note);

  DispatchOptions dispatch;
  dispatch.auth = options_.auth;
  dispatch.identities = options_.identities;
  dispatch.default_region = options_.region;
  dispatch.max_body_bytes = options_.max_body_bytes;
  dispatch.test_hooks = options_.test_hooks;
  dispatch.advance_clock = [this](double seconds) {
    clock_.Advance(seconds);
    return clock_.Now();
  };
  dispatcher_ = std::make_unique<Dispatcher>(*kms_, std::move(dispatch), clock_);

  if (!http_.ok()) return InternalError("eventfd failed");
  try {
    ConfigureHttp(http_, *dispatcher_, options_);
    if (options_.port == 0) {
      port_ = http_.bind_to_any_port(options_.host);
    } else {
      port_ = http_.bind_to_port(options_.host, options_.port) ? options_.port : -1;
    }
    if (port_ <= 0) {
      return UnavailableError("cannot listen on " + options_.host + ":" +
                              std::to_string(options_.port) +
                              " (address in use, or not an address of this machine)");
    }
    http_.SetBacklog(options_.listen_backlog);
    listener_ = std::thread([this] {
      try {
        http_.listen_after_bind();
      } catch (...) {
        // The accept loop ended; Stop() still joins this thread.
      }
    });
  } catch (const std::exception& e) {
    return InternalError(std::string("HTTP server: ") + e.what());
  }
  // The bound socket already queues connections; wait for the accept loop so that Stop()
  // (which cpp-httplib ignores before it runs) always finds it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!http_.is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return InternalError("the HTTP accept loop did not start");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return Status::Ok();
}

void MockServer::Impl::Stop() {
  if (stopped_.exchange(true)) return;
  http_.WakeConnections();
  try {
    http_.stop();
  } catch (...) {
  }
  if (listener_.joinable()) listener_.join();
  if (pool_) pool_->Stop();
}

Result<std::unique_ptr<MockServer>> MockServer::Start(const ServerOptions& options) {
  auto impl = std::make_unique<Impl>(options);
  if (Status status = impl->Init(); !status.ok()) return status;
  return std::unique_ptr<MockServer>(new MockServer(std::move(impl)));
}

MockServer::MockServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MockServer::~MockServer() { Stop(); }

int MockServer::port() const { return impl_->port_; }
std::string MockServer::endpoint() const {
  const std::string& host = impl_->options_.host;
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port_);
}
void MockServer::Stop() { impl_->Stop(); }
SystemClock& MockServer::clock() { return impl_->clock_; }
Kms& MockServer::kms() { return *impl_->kms_; }
Dispatcher& MockServer::dispatcher() { return *impl_->dispatcher_; }
std::vector<std::string> MockServer::StartupNotes() const { return impl_->notes_; }

bool MockServer::WaitForWrappingKeys(std::chrono::milliseconds timeout) {
  KeyPool* pool = impl_->pool_.get();
  // A fixed ring's RSA-2048 pairs are all there once Start returned; its 3072/4096 slots come
  // from the cache or the compiled keys, or are generated when first reached.
  if (pool == nullptr) return true;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto left = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::max(deadline - std::chrono::steady_clock::now(), std::chrono::steady_clock::duration{}));
  };
  if (!pool->WaitReady(2048, 1, left())) return false;
  if (impl_->options_.profile == contract::Profile::k2026) {
    if (!pool->WaitReady(3072, 1, left())) return false;
    if (!pool->WaitReady(4096, 1, left())) return false;
  }
  return true;
}

class StreamFrontEnd::Impl {
 public:
  Impl(Dispatcher& dispatcher, const ServerOptions& options) : http(options.max_request_bytes) {
    ConfigureHttp(http, dispatcher, options);
    http.SetSocketless();
  }
  HttpFrontEnd http;
};

StreamFrontEnd::StreamFrontEnd(Dispatcher& dispatcher, const ServerOptions& options)
    : impl_(std::make_unique<Impl>(dispatcher, options)) {}
StreamFrontEnd::~StreamFrontEnd() = default;
bool StreamFrontEnd::ServeConnection(RequestStream& stream) {
  return impl_->http.ServeConnection(stream);
}

}  // namespace kc::mock
