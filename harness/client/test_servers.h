// Servers for the client's tests, on ephemeral loopback ports:
//  - HttpTestServer: a cpp-httplib server in a thread (bind_to_any_port + listen_after_bind);
//  - RawTestServer: a bare TCP server whose handler gets the connected socket and the bytes
//    of the request head and body, for replies no HTTP server would send (silence, a close
//    without a reply, garbage, floods) and for reading the exact bytes a client sent.
#ifndef KC_CLIENT_TEST_SERVERS_H_
#define KC_CLIENT_TEST_SERVERS_H_

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

namespace kc::client::testing {

class HttpTestServer {
 public:
  // handler answers every request (any method, any path).
  explicit HttpTestServer(const httplib::Server::Handler& handler);
  ~HttpTestServer();
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
};

class RawTestServer {
 public:
  // Handler: called once per connection with the socket and what the client sent up to
  // the end of its first request (head, and body by Content-Length). The connection is
  // closed when the handler returns.
  using Handler = std::function<void(int fd, const std::string& request)>;
  explicit RawTestServer(Handler handler);
  ~RawTestServer();
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Requests: every request received so far (bytes as read).
  std::vector<std::string> Requests();

  // WriteAll: writes `data` to fd, ignoring errors (the client may have gone).
  static void WriteAll(int fd, std::string_view data);

 private:
  void Loop();

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> requests_;
  std::vector<std::thread> workers_;
};

// ReadRequest: reads one HTTP request (head + Content-Length body) from fd, at most 1 MiB;
// what was read when the peer stops or the limit is reached.
std::string ReadRequest(int fd);

}  // namespace kc::client::testing

#endif  // KC_CLIENT_TEST_SERVERS_H_
