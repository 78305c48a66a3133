#include "harness/client/test_servers.h"

#include <arpa/inet.h>
#include <chrono>
#include <cstdlib>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace kc::client::testing {

HttpTestServer::HttpTestServer(const httplib::Server::Handler& handler) {
  server_.set_tcp_nodelay(true);
  server_.Get(".*", handler);
  server_.Post(".*", handler);
  server_.Put(".*", handler);
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("bind failed");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // The socket already listens (connections queue); wait for the accept loop anyway.
  for (int i = 0; i < 200 && !server_.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

HttpTestServer::~HttpTestServer() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

std::string ReadRequest(int fd) {
  std::string data;
  char buf[4096];
  std::size_t need = std::string::npos;
  while (data.size() < (1u << 20)) {
    if (need != std::string::npos && data.size() >= need) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) break;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    data.append(buf, static_cast<std::size_t>(n));
    const auto head_end = data.find("\r\n\r\n");
    if (need == std::string::npos && head_end != std::string::npos) {
      std::size_t length = 0;
      std::string lower = data.substr(0, head_end);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const auto cl = lower.find("\r\ncontent-length:");
      if (cl != std::string::npos) length = std::strtoul(lower.c_str() + cl + 17, nullptr, 10);
      need = head_end + 4 + length;
    }
  }
  return data;
}

RawTestServer::RawTestServer(Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 16) != 0) {
    throw std::runtime_error("bind failed");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Loop(); });
}

RawTestServer::~RawTestServer() {
  stop_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  if (thread_.joinable()) thread_.join();
  for (auto& w : workers_) w.join();
  ::close(listen_fd_);
}

void RawTestServer::Loop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    // A client that stops reading must not block the test's server for long.
    timeval send_timeout{0, 500000};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
    workers_.emplace_back([this, fd] {
      const std::string request = ReadRequest(fd);
      {
        std::lock_guard lk(mu_);
        requests_.push_back(request);
      }
      handler_(fd, request);
      ::close(fd);
    });
  }
}

std::vector<std::string> RawTestServer::Requests() {
  std::lock_guard lk(mu_);
  return requests_;
}

void RawTestServer::WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace kc::client::testing
