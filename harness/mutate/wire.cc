#include "harness/mutate/wire.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>

namespace kc::mutate {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string Head(const sigv4::HttpRequest& r, std::string_view eol,
                 const std::vector<std::pair<std::string, std::string>>& extra) {
  std::string out = r.method + " " + r.path + (r.query.empty() ? "" : "?" + r.query) +
                    " HTTP/1.1" + std::string(eol);
  for (const auto& [name, value] : r.headers) {
    out += name;
    out += ':';
    if (!value.empty() && value.front() != ' ') out += ' ';
    out += value;
    out += eol;
  }
  for (const auto& [name, value] : extra) out += name + ": " + value + std::string(eol);
  out += eol;
  return out;
}

std::string Hex(std::size_t n) {
  char buf[32];
  const auto [p, ec] = std::to_chars(buf, buf + sizeof buf, n, 16);
  return std::string(buf, p);
}

}  // namespace

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::optional<std::string_view> WireReply::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::string_view OutcomeName(WireOutcome::Kind k) {
  switch (k) {
    case WireOutcome::Kind::kReply: return "reply";
    case WireOutcome::Kind::kClosed: return "connection closed";
    case WireOutcome::Kind::kTimeout: return "timeout";
    case WireOutcome::Kind::kConnectFailed: return "connect failed";
    case WireOutcome::Kind::kBadReply: return "not an HTTP response";
  }
  return "?";
}

std::string WireEndpoint::HostHeader() const { return host + ":" + std::to_string(port); }

std::optional<WireEndpoint> ParseWireEndpoint(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return std::nullopt;
  url.remove_prefix(kScheme.size());
  const std::size_t slash = url.find('/');
  if (slash != std::string_view::npos) {
    if (url.substr(slash) != "/") return std::nullopt;
    url = url.substr(0, slash);
  }
  WireEndpoint e;
  std::string_view host = url;
  std::size_t colon = url.rfind(':');
  if (!url.empty() && url.front() == '[') {
    const std::size_t close = url.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = url.substr(1, close - 1);
    colon = close + 1 < url.size() && url[close + 1] == ':' ? close + 1 : std::string_view::npos;
  } else if (colon != std::string_view::npos) {
    host = url.substr(0, colon);
  }
  if (colon != std::string_view::npos) {
    const std::string_view port = url.substr(colon + 1);
    int p = 0;
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || ptr != port.data() + port.size() || p <= 0 || p > 65535)
      return std::nullopt;
    e.port = p;
  }
  if (host.empty()) return std::nullopt;
  e.host = std::string(host);
  return e;
}

std::string Frame(const sigv4::HttpRequest& r, Framing f) {
  const std::string& body = r.body;
  const std::string len = std::to_string(body.size());
  switch (f) {
    case Framing::kNone:
    case Framing::kHalfClosed:
      return Head(r, "\r\n", {{"Content-Length", len}}) + body;
    case Framing::kPipelined: {
      const std::string one = Head(r, "\r\n", {{"Content-Length", len}}) + body;
      return one + one;
    }
    case Framing::kContentLengthShort:
      return Head(r, "\r\n", {{"Content-Length", std::to_string(body.size() / 2)}}) + body;
    case Framing::kContentLengthLong:
      return Head(r, "\r\n", {{"Content-Length", std::to_string(body.size() + 16)}}) + body;
    case Framing::kContentLengthInvalid:
      return Head(r, "\r\n", {{"Content-Length", len + "abc"}}) + body;
    case Framing::kContentLengthTwice:
      return Head(r, "\r\n",
                  {{"Content-Length", len}, {"Content-Length", std::to_string(body.size() + 1)}}) +
             body;
    case Framing::kChunkedBadSize:
      return Head(r, "\r\n", {{"Transfer-Encoding", "chunked"}}) + "zz\r\n" + body + "\r\n0\r\n\r\n";
    case Framing::kChunkedTruncated:
      return Head(r, "\r\n", {{"Transfer-Encoding", "chunked"}}) + Hex(body.size()) + "\r\n" + body +
             "\r\n";
    case Framing::kChunkedAndLength:
      return Head(r, "\r\n",
                  {{"Transfer-Encoding", "chunked"},
                   {"Content-Length", std::to_string(body.size() + 5)}}) +
             Hex(body.size()) + "\r\n" + body + "\r\n0\r\n\r\n";
    case Framing::kBareLf:
      return Head(r, "\n", {{"Content-Length", len}}) + body;
  }
  return Head(r, "\r\n", {{"Content-Length", len}}) + body;
}

Connection::Connection(WireEndpoint endpoint, double timeout_seconds, std::size_t max_reply_bytes)
    : endpoint_(std::move(endpoint)), timeout_(timeout_seconds), max_reply_(max_reply_bytes) {}

Connection::~Connection() { Close(); }

void Connection::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  pending_.clear();
}

bool Connection::Connect(double deadline, std::string& why) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const std::string port = std::to_string(endpoint_.port);
  if (const int rc = ::getaddrinfo(endpoint_.host.c_str(), port.c_str(), &hints, &res); rc != 0) {
    why = "cannot resolve " + endpoint_.host + ": " + gai_strerror(rc);
    return false;
  }
  for (addrinfo* a = res; a != nullptr; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      const int ms = static_cast<int>(std::max(0.0, (deadline - NowSeconds()) * 1000));
      if (::poll(&p, 1, ms) == 1) {
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        rc = err == 0 ? 0 : -1;
        errno = err;
      } else {
        errno = ETIMEDOUT;
      }
    }
    if (rc == 0) {
      ::freeaddrinfo(res);
      fd_ = fd;
      return true;
    }
    char buf[128];
    why = std::string("connect to ") + endpoint_.HostHeader() + ": " +
          strerror_r(errno, buf, sizeof buf);
    ::close(fd);
  }
  ::freeaddrinfo(res);
  if (why.empty()) why = "no address for " + endpoint_.host;
  return false;
}

WireOutcome Connection::Exchange(std::string_view bytes, bool half_close, double wait_seconds,
                                 bool keep) {
  const double started = NowSeconds();
  const double deadline = started + (wait_seconds < 0 ? timeout_ : wait_seconds);
  WireOutcome out;
  // A kept connection the target closed meanwhile shows as a failed write or an immediate EOF:
  // try once more on a fresh connection then.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = fd_ >= 0;
    if (fd_ < 0) {
      std::string why;
      if (!Connect(deadline, why)) {
        out.kind = WireOutcome::Kind::kConnectFailed;
        out.detail = why;
        out.ms = (NowSeconds() - started) * 1000;
        return out;
      }
    }
    std::size_t off = 0;
    bool write_failed = false;
    while (off < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
      if (n > 0) {
        off += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        pollfd p{fd_, POLLOUT, 0};
        const int ms = static_cast<int>(std::max(0.0, (deadline - NowSeconds()) * 1000));
        if (::poll(&p, 1, ms) <= 0) break;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      write_failed = true;
      break;
    }
    bytes_sent_ += off;
    if (write_failed && reused && off == 0) {
      Close();
      continue;
    }
    if (half_close && !write_failed) ::shutdown(fd_, SHUT_WR);
    out = Read(deadline, started);
    if (out.kind == WireOutcome::Kind::kClosed && reused && pending_.empty() &&
        out.detail == "closed before any byte of a reply" && attempt == 0 && !half_close) {
      // The target had closed the idle kept connection; the request never reached it.
      Close();
      continue;
    }
    break;
  }
  if (!out.ok() || !keep) Close();
  return out;
}

WireOutcome Connection::ReadReply(double wait_seconds, bool keep) {
  const double started = NowSeconds();
  WireOutcome out;
  if (fd_ < 0) {
    out.kind = WireOutcome::Kind::kClosed;
    out.detail = "the connection was already closed";
    return out;
  }
  out = Read(started + (wait_seconds < 0 ? timeout_ : wait_seconds), started);
  if (!out.ok() || !keep) Close();
  return out;
}

WireOutcome Connection::Read(double deadline, double started) {
  WireOutcome out;
  std::string& buf = pending_;
  auto fill = [&]() -> int {  // 1: more bytes; 0: EOF; -1: timeout; -2: error
    if (buf.size() > max_reply_ + 65536) return -3;
    char chunk[16384];
    while (true) {
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n > 0) {
        buf.append(chunk, static_cast<std::size_t>(n));
        return 1;
      }
      if (n == 0) return 0;
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return -2;
      pollfd p{fd_, POLLIN, 0};
      const int ms = static_cast<int>((deadline - NowSeconds()) * 1000);
      if (ms <= 0) return -1;
      const int rc = ::poll(&p, 1, ms);
      if (rc == 0) return -1;
      if (rc < 0 && errno != EINTR) return -2;
    }
  };
  auto fail = [&](WireOutcome::Kind k, std::string why) {
    out.kind = k;
    out.detail = std::move(why);
    out.ms = (NowSeconds() - started) * 1000;
    return out;
  };
  auto stop = [&](int rc, bool any) {
    if (rc == -1) return fail(WireOutcome::Kind::kTimeout, any ? "the reply stopped coming"
                                                               : "no reply");
    if (rc == -3) return fail(WireOutcome::Kind::kBadReply, "a reply larger than the cap");
    return fail(WireOutcome::Kind::kClosed, any ? "closed in the middle of a reply"
                                                : "closed before any byte of a reply");
  };
  while (true) {
    // The head.
    std::size_t head_end;
    std::size_t sep = 4;
    while (true) {
      head_end = buf.find("\r\n\r\n");
      if (head_end == std::string::npos) {
        head_end = buf.find("\n\n");
        sep = 2;
      } else {
        sep = 4;
      }
      if (head_end != std::string::npos) break;
      if (buf.size() > 65536) return fail(WireOutcome::Kind::kBadReply, "a reply head over 64 KiB");
      const int rc = fill();
      if (rc != 1) return stop(rc, !buf.empty());
    }
    const std::string_view head(buf.data(), head_end);
    std::size_t line_end = head.find('\n');
    const std::string_view status_line = Trim(head.substr(0, line_end));
    if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12) {
      return fail(WireOutcome::Kind::kBadReply,
                  "not an HTTP/1.x status line: '" + std::string(status_line.substr(0, 40)) + "'");
    }
    int status = 0;
    const std::string_view code = status_line.substr(9, 3);
    const auto [p, ec] = std::from_chars(code.data(), code.data() + 3, status);
    if (ec != std::errc() || status < 100 || status > 999) {
      return fail(WireOutcome::Kind::kBadReply, "bad status code");
    }
    const bool http10 = status_line.starts_with("HTTP/1.0");
    WireReply reply;
    reply.status = status;
    while (line_end != std::string_view::npos && line_end < head.size()) {
      const std::size_t next = head.find('\n', line_end + 1);
      const std::string_view line =
          Trim(head.substr(line_end + 1, next == std::string_view::npos ? std::string_view::npos
                                                                        : next - line_end - 1));
      line_end = next;
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      reply.headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                                 std::string(Trim(line.substr(colon + 1))));
    }
    buf.erase(0, head_end + sep);
    if (status >= 100 && status < 200) continue;  // 100 Continue: the real reply follows
    bool close_after = http10;
    if (const auto c = reply.Header("Connection")) {
      if (EqualsIgnoreCase(Trim(*c), "close")) close_after = true;
      if (EqualsIgnoreCase(Trim(*c), "keep-alive")) close_after = false;
    }
    const auto te = reply.Header("Transfer-Encoding");
    const auto cl = reply.Header("Content-Length");
    if (status == 204 || status == 304) {
      // no body
    } else if (te && Trim(*te).find("chunked") != std::string_view::npos) {
      std::size_t pos = 0;
      std::string body;
      while (true) {
        std::size_t eol;
        while ((eol = buf.find("\r\n", pos)) == std::string::npos) {
          const int rc = fill();
          if (rc != 1) return stop(rc, true);
        }
        std::size_t size = 0;
        const std::string_view hex(buf.data() + pos, eol - pos);
        const auto [q, e2] = std::from_chars(hex.data(), hex.data() + hex.size(), size, 16);
        if (e2 != std::errc()) return fail(WireOutcome::Kind::kBadReply, "a bad chunk size");
        if (size > max_reply_) return fail(WireOutcome::Kind::kBadReply, "a reply larger than the cap");
        pos = eol + 2;
        while (buf.size() < pos + size + 2) {
          const int rc = fill();
          if (rc != 1) return stop(rc, true);
        }
        if (size == 0) {
          // Trailers end with an empty line.
          std::size_t end;
          while ((end = buf.find("\r\n", pos)) == std::string::npos) {
            const int rc = fill();
            if (rc != 1) return stop(rc, true);
          }
          while (end != pos) {
            pos = end + 2;
            while ((end = buf.find("\r\n", pos)) == std::string::npos) {
              const int rc = fill();
              if (rc != 1) return stop(rc, true);
            }
          }
          pos = end + 2;
          break;
        }
        body.append(buf, pos, size);
        if (body.size() > max_reply_) return fail(WireOutcome::Kind::kBadReply, "a reply larger than the cap");
        pos += size + 2;
      }
      buf.erase(0, pos);
      reply.body = std::move(body);
    } else if (cl) {
      std::size_t n = 0;
      const std::string_view v = Trim(*cl);
      const auto [q, e2] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (e2 != std::errc() || q != v.data() + v.size()) {
        return fail(WireOutcome::Kind::kBadReply, "a bad Content-Length in the reply");
      }
      if (n > max_reply_) return fail(WireOutcome::Kind::kBadReply, "a reply larger than the cap");
      while (buf.size() < n) {
        const int rc = fill();
        if (rc != 1) return stop(rc, true);
      }
      reply.body = buf.substr(0, n);
      buf.erase(0, n);
    } else {
      // Delimited by the end of the connection.
      while (true) {
        const int rc = fill();
        if (rc == 0) break;
        if (rc != 1) return stop(rc, true);
      }
      reply.body = std::move(buf);
      buf.clear();
      close_after = true;
    }
    out.kind = WireOutcome::Kind::kReply;
    out.reply = std::move(reply);
    out.ms = (NowSeconds() - started) * 1000;
    if (close_after) Close();
    return out;
  }
}

}  // namespace kc::mutate
