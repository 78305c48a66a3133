#include "mock_kms/server/connection_stream.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace kc::mock {
namespace {

constexpr std::size_t kReadChunk = std::size_t{16} * 1024;
constexpr std::size_t kFlushThreshold = std::size_t{64} * 1024;

void AddressOf(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    port = ntohs(in6->sin6_port);
  }
  ip = text;
}

}  // namespace

ConnectionStream::ConnectionStream(int fd, int stop_fd, int read_timeout_ms, int write_timeout_ms)
    : fd_(fd),
      stop_fd_(stop_fd),
      read_timeout_ms_(read_timeout_ms),
      write_timeout_ms_(write_timeout_ms),
      in_(new char[kReadChunk]) {}

bool ConnectionStream::Wait(short events, int timeout_ms) const {
  pollfd fds[2] = {{fd_, events, 0}, {stop_fd_, POLLIN, 0}};
  for (;;) {
    const int n = ::poll(fds, 2, timeout_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    if (fds[1].revents != 0) return false;  // the server is stopping
    return fds[0].revents != 0;             // ready, or an error/hang-up that the next call reports
  }
}

ssize_t ConnectionStream::Fill(int timeout_ms) {
  in_begin_ = in_end_ = 0;
  // Optimistic first: after WaitForRequest (or within a request) the bytes are usually
  // there already, and a poll would only add a system call.
  for (bool waited = false;; waited = true) {
    const ssize_t n = ::recv(fd_, in_.get(), kReadChunk, MSG_DONTWAIT);
    if (n >= 0) {
      in_end_ = static_cast<std::size_t>(n);
      return n;
    }
    if (errno == EINTR) continue;
    if ((errno != EAGAIN && errno != EWOULDBLOCK) || waited) return -1;
    // Never wait for the peer while holding output it may be waiting for: an interim
    // "100 Continue" (Expect: 100-continue) must go out before the body can come.
    if (!out_.empty() && !Flush()) return -1;
    if (!Wait(POLLIN, timeout_ms)) return -1;
  }
}

bool ConnectionStream::WaitForRequest(int timeout_ms) {
  if (in_begin_ < in_end_) return true;  // a pipelined request is already here
  if (!Wait(POLLIN, timeout_ms)) return false;
  return Fill(0) > 0;
}

bool ConnectionStream::is_readable() const {
  return in_begin_ < in_end_ || Wait(POLLIN, read_timeout_ms_);
}

bool ConnectionStream::is_writable() const { return !broken_; }

ssize_t ConnectionStream::read(char* ptr, std::size_t size) {
  if (consumed_ >= limit_) {
    over_limit_ = true;
    return -1;
  }
  size = std::min(size, limit_ - consumed_);
  if (in_begin_ == in_end_) {
    const ssize_t n = Fill(read_timeout_ms_);
    if (n <= 0) return n;
  }
  if (size == 1) {  // cpp-httplib reads the request line and headers byte by byte
    *ptr = in_[in_begin_++];
    ++consumed_;
    return 1;
  }
  const std::size_t take = std::min(size, in_end_ - in_begin_);
  std::memcpy(ptr, in_.get() + in_begin_, take);
  in_begin_ += take;
  consumed_ += take;
  return static_cast<ssize_t>(take);
}

ssize_t ConnectionStream::write(const char* ptr, std::size_t size) {
  if (broken_) return -1;
  out_.append(ptr, size);
  if (out_.size() >= kFlushThreshold && !Flush()) return -1;
  return static_cast<ssize_t>(size);
}

bool ConnectionStream::Flush() {
  std::size_t sent = 0;
  while (!broken_ && sent < out_.size()) {
    const ssize_t n =
        ::send(fd_, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!Wait(POLLOUT, write_timeout_ms_)) broken_ = true;
    } else {
      broken_ = true;
    }
  }
  out_.clear();
  return !broken_;
}

void ConnectionStream::CacheAddresses() const {
  if (addresses_cached_) return;
  addresses_cached_ = true;
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    AddressOf(addr, remote_ip_, remote_port_);
  }
  len = sizeof addr;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    AddressOf(addr, local_ip_, local_port_);
  }
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  CacheAddresses();
  ip = remote_ip_;
  port = remote_port_;
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  CacheAddresses();
  ip = local_ip_;
  port = local_port_;
}

}  // namespace kc::mock
