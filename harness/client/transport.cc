#include "harness/client/transport.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <httplib.h>

#include "harness/client/socket_stats.h"

namespace kc::client {
namespace {

using SteadyClock = std::chrono::steady_clock;

// A header flood is cut once the socket has read this much more than the body cap.
constexpr std::size_t kHeaderAllowance = std::size_t{256} * 1024;
// The watchdog's deadline trails httplib's own timeouts, which normally fire first.
constexpr double kWatchdogGraceSeconds = 0.25;
constexpr auto kWatchdogPoll = std::chrono::milliseconds(10);

void SplitSeconds(double seconds, time_t& sec, time_t& usec) {
  if (!std::isfinite(seconds) || seconds <= 0) seconds = 0.001;
  if (seconds > 1e6) seconds = 1e6;
  sec = static_cast<time_t>(seconds);
  usec = static_cast<time_t>((seconds - static_cast<double>(sec)) * 1e6);
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

bool HasLineBreakOrNul(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return sigv4::EqualsIgnoreCase(a, b);
}

// Validate: whether `request` can go on the wire as given.
Status Validate(const sigv4::HttpRequest& request) {
  if (!IsToken(request.method)) return InvalidArgumentError("request method is not an HTTP token");
  if (request.path.empty() || request.path.front() != '/') {
    return InvalidArgumentError("request path must start with '/'");
  }
  for (const std::string* part : {&request.path, &request.query}) {
    for (char c : *part) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) {
        return InvalidArgumentError("request path or query holds a space or control character");
      }
    }
  }
  for (const auto& [name, value] : request.headers) {
    if (!IsToken(name)) return InvalidArgumentError("header name '" + name + "' is not a token");
    if (HasLineBreakOrNul(value)) {
      return InvalidArgumentError("header " + name + " holds CR, LF or NUL");
    }
    if (EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Transfer-Encoding")) {
      return InvalidArgumentError("header " + name + " is set by the transport");
    }
  }
  return Status::Ok();
}

}  // namespace

// Watchdog: aborts (ClientImpl::stop, httplib's thread-safe way to cut an exchange in
// flight) an exchange past its deadline or whose socket read more than its byte limit.
// Lock order: the callback httplib runs under its socket mutex takes only fd_mu_ (a leaf);
// the watchdog never holds mu_ while calling stop().
class Watchdog {
 public:
  enum class Fired { kNone, kDeadline, kBytes };

  explicit Watchdog(httplib::ClientImpl* cli) : cli_(cli) {}
  ~Watchdog() {
    {
      std::lock_guard lk(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  // OnSocket: httplib created a new connection (its socket-options hook).
  void OnSocket(int fd) {
    std::lock_guard lk(fd_mu_);
    fd_ = fd;
    baseline_ = 0;
  }

  void Arm(SteadyClock::time_point deadline, std::uint64_t byte_limit) {
    {
      std::lock_guard fl(fd_mu_);
      baseline_ = BytesReceived(fd_).value_or(0);
    }
    std::lock_guard lk(mu_);
    if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
    deadline_ = deadline;
    byte_limit_ = byte_limit;
    fired_ = Fired::kNone;
    armed_ = true;
    cv_.notify_all();
  }

  // Disarm: what fired during this exchange (waits for an abort in progress to finish).
  Fired Disarm() {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return !firing_; });
    armed_ = false;
    return fired_;
  }

 private:
  std::uint64_t ReadSinceArm() {
    std::lock_guard fl(fd_mu_);
    const auto now = BytesReceived(fd_);
    if (!now || *now < baseline_) return 0;
    return *now - baseline_;
  }

  void Run() {
    std::unique_lock lk(mu_);
    while (!stop_) {
      if (!armed_) {
        cv_.wait(lk);
        continue;
      }
      cv_.wait_until(lk, std::min(deadline_, SteadyClock::now() + kWatchdogPoll));
      if (stop_ || !armed_) continue;
      Fired why = Fired::kNone;
      if (SteadyClock::now() >= deadline_) {
        why = Fired::kDeadline;
      } else if (ReadSinceArm() > byte_limit_) {
        why = Fired::kBytes;
      }
      if (why == Fired::kNone) continue;
      fired_ = why;
      armed_ = false;
      firing_ = true;
      lk.unlock();
      cli_->stop();
      lk.lock();
      firing_ = false;
      cv_.notify_all();
    }
  }

  httplib::ClientImpl* cli_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
  bool stop_ = false;
  bool armed_ = false;
  bool firing_ = false;
  Fired fired_ = Fired::kNone;
  SteadyClock::time_point deadline_;
  std::uint64_t byte_limit_ = 0;
  std::mutex fd_mu_;
  int fd_ = -1;
  std::uint64_t baseline_ = 0;
};

class HttpTransport::Impl {
 public:
  Impl(const Endpoint& endpoint, const TransportOptions& options,
       std::unique_ptr<httplib::ClientImpl> cli)
      : endpoint_(endpoint), options_(options), cli_(std::move(cli)), watchdog_(cli_.get()) {
    time_t sec = 0;
    time_t usec = 0;
    SplitSeconds(options.timeout_seconds, sec, usec);
    cli_->set_connection_timeout(sec, usec);
    cli_->set_read_timeout(sec, usec);
    cli_->set_write_timeout(sec, usec);
    cli_->set_keep_alive(true);
    cli_->set_tcp_nodelay(true);
    cli_->set_url_encode(false);  // the path goes out as signed
    cli_->set_decompress(false);  // the body as sent; no Accept-Encoding added
    cli_->set_follow_location(false);
    cli_->set_socket_options([this](socket_t sock) { watchdog_.OnSocket(sock); });
  }

  Result<WireReply> Exchange(const sigv4::HttpRequest& request);

 private:
  Status MapError(httplib::Error error, double elapsed_s, Watchdog::Fired fired, bool cap_hit);

  Endpoint endpoint_;
  TransportOptions options_;
  std::unique_ptr<httplib::ClientImpl> cli_;
  Watchdog watchdog_;
};

Result<WireReply> HttpTransport::Impl::Exchange(const sigv4::HttpRequest& request) {
  KC_RETURN_IF_ERROR(Validate(request));
  httplib::Request req;
  req.method = request.method;
  req.path = request.query.empty() ? request.path : request.path + "?" + request.query;
  for (const auto& [name, value] : request.headers) {
    // httplib writes "Name: value"; the value's leading spaces would be doubled otherwise.
    std::string_view v = value;
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    req.headers.emplace(name, std::string(v));
  }
  // The body through a content provider: httplib then adds Content-Length and nothing else
  // (with req.body set it would add "Content-Type: text/plain" to a request that has none).
  const std::string& body = request.body;
  req.content_length_ = body.size();
  req.content_provider_ = [&body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
    if (offset > body.size()) return false;
    return sink.write(body.data() + offset, std::min(length, body.size() - offset));
  };

  const std::size_t cap = options_.max_response_bytes;
  bool cap_hit = false;
  WireReply reply;
  req.response_handler = [&](const httplib::Response& res) {
    const std::string length = res.get_header_value("Content-Length");
    if (!length.empty()) {
      char* end = nullptr;
      const unsigned long long n = std::strtoull(length.c_str(), &end, 10);
      if (end != nullptr && *end == '\0' && n > cap) {
        cap_hit = true;
        return false;
      }
    }
    return true;
  };
  req.content_receiver = [&](const char* data, std::size_t n, std::uint64_t, std::uint64_t) {
    if (reply.body.size() + n > cap) {
      cap_hit = true;
      return false;
    }
    reply.body.append(data, n);
    return true;
  };

  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  bool sent = false;
  const auto start = SteadyClock::now();
  const double budget = std::isfinite(options_.timeout_seconds) && options_.timeout_seconds > 0
                            ? std::min(options_.timeout_seconds, 1e6)
                            : 0.001;
  watchdog_.Arm(start + std::chrono::duration_cast<SteadyClock::duration>(
                            std::chrono::duration<double>(budget + kWatchdogGraceSeconds)),
                cap + kHeaderAllowance);
  try {
    sent = cli_->send(req, res, error);
  } catch (const std::exception& e) {
    watchdog_.Disarm();
    return InternalError(std::string("HTTP client failed: ") + e.what());
  } catch (...) {
    watchdog_.Disarm();
    return InternalError("HTTP client failed");
  }
  const Watchdog::Fired fired = watchdog_.Disarm();
  const double elapsed = std::chrono::duration<double>(SteadyClock::now() - start).count();
  if (!sent || cap_hit) return MapError(error, elapsed, fired, cap_hit);

  reply.status = res.status;
  for (const auto& [name, value] : res.headers) reply.headers.emplace_back(name, value);
  return reply;
}

Status HttpTransport::Impl::MapError(httplib::Error error, double elapsed_s, Watchdog::Fired fired,
                                     bool cap_hit) {
  const std::string origin = endpoint_.Origin();
  const std::string timeout = std::to_string(options_.timeout_seconds);
  if (cap_hit || fired == Watchdog::Fired::kBytes) {
    return ResourceExhaustedError("response larger than " +
                                  std::to_string(options_.max_response_bytes) +
                                  " bytes (max_response_bytes); reading stopped");
  }
  if (fired == Watchdog::Fired::kDeadline) {
    return DeadlineExceededError("no complete response within " + timeout + " s");
  }
  switch (error) {
    case httplib::Error::Connection:
      return UnavailableError("could not connect to " + origin +
                              " (connection refused or unreachable)");
    case httplib::Error::ConnectionTimeout:
      return DeadlineExceededError("could not connect to " + origin + " within " + timeout + " s");
    case httplib::Error::Read:
      // httplib reports a read timeout and a closed connection alike.
      if (elapsed_s >= 0.9 * options_.timeout_seconds) {
        return DeadlineExceededError("no response within " + timeout + " s");
      }
      return UnavailableError("connection closed before a response");
    case httplib::Error::Write:
      if (elapsed_s >= 0.9 * options_.timeout_seconds) {
        return DeadlineExceededError("could not send the request within " + timeout + " s");
      }
      return UnavailableError("connection closed while sending the request");
    case httplib::Error::SSLConnection:
      return UnavailableError("TLS handshake with " + origin + " failed");
    case httplib::Error::SSLServerVerification:
      return UnavailableError("TLS: the certificate of " + endpoint_.host +
                              " did not verify against the system CA bundle");
    case httplib::Error::SSLLoadingCerts:
      return InternalError("TLS: could not load the system CA certificates");
    case httplib::Error::Canceled:
      return InternalError("exchange cancelled");
    default:
      return InternalError("HTTP client error: " + httplib::to_string(error));
  }
}

Result<std::unique_ptr<HttpTransport>> HttpTransport::Create(const Endpoint& endpoint,
                                                             const TransportOptions& options) {
  try {
    std::unique_ptr<httplib::ClientImpl> cli;
    if (endpoint.tls) {
      auto ssl = std::make_unique<httplib::SSLClient>(endpoint.host, endpoint.port);
      ssl->enable_server_certificate_verification(true);
      cli = std::move(ssl);
    } else {
      cli = std::make_unique<httplib::ClientImpl>(endpoint.host, endpoint.port);
    }
    if (!cli->is_valid())
      return InternalError("could not set up a client for " + endpoint.Origin());
    return std::unique_ptr<HttpTransport>(
        new HttpTransport(std::make_unique<Impl>(endpoint, options, std::move(cli))));
  } catch (const std::exception& e) {
    return InternalError(std::string("could not set up the HTTP client: ") + e.what());
  }
}

HttpTransport::HttpTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpTransport::~HttpTransport() = default;

Result<WireReply> HttpTransport::Exchange(const sigv4::HttpRequest& request) {
  return impl_->Exchange(request);
}

}  // namespace kc::client
