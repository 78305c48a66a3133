// ConnectionStream: the socket I/O of one connection of the mock's HTTP server, under
// cpp-httplib's request parser and response writer (httplib::Stream).
//
// cpp-httplib's own socket stream polls before every read and write, writes the status
// line and headers in one send and the body in another, asks the kernel for both
// addresses on every request, and waits for the next keep-alive request in a 10 ms poll
// loop that neither a stop nor an idle server can interrupt. This stream reads through a
// buffer, gathers a whole reply into one send (Flush after each request), caches the
// addresses, and waits on the socket and the server's stop descriptor at once, so Stop()
// closes idle keep-alive connections immediately.
#ifndef KC_MOCK_KMS_SERVER_CONNECTION_STREAM_H_
#define KC_MOCK_KMS_SERVER_CONNECTION_STREAM_H_

#include <cstddef>
#include <memory>
#include <string>

#include <httplib.h>

namespace kc::mock {

// RequestStream: what the adapter's connection loop (http_server.cc) needs of a connection
// besides cpp-httplib's Stream: wait for the next request, a per-request read limit, and
// the reply gathered and sent (or dropped) after each request. ConnectionStream is the one
// over a socket; the fuzz target fuzz/mock_http.cc has one over memory.
class RequestStream : public httplib::Stream {
 public:
  // WaitForRequest: true once bytes of a next request are there (within timeout_ms).
  virtual bool WaitForRequest(int timeout_ms) = 0;
  // StartRequest: the request that starts now may read at most `limit` bytes; past it
  // read() fails and over_limit() is true.
  virtual void StartRequest(std::size_t limit) = 0;
  virtual bool over_limit() const = 0;
  // Flush: sends the reply write() gathered; false when the peer is gone.
  virtual bool Flush() = 0;
  // Discard: forgets the reply write() gathered, unsent.
  virtual void Discard() = 0;
};

class ConnectionStream final : public RequestStream {
 public:
  // fd: the connection (not owned); stop_fd: becomes readable when the server stops.
  ConnectionStream(int fd, int stop_fd, int read_timeout_ms, int write_timeout_ms);

  // WaitForRequest: true once request bytes are buffered or arrive within timeout_ms;
  // false on timeout, on the peer's close or error, and as soon as the server stops.
  bool WaitForRequest(int timeout_ms) override;
  // Flush: sends what write() gathered; false when the peer is gone or too slow.
  bool Flush() override;
  // Discard: forgets what write() gathered, unsent (a reply that must not go out).
  void Discard() override { out_.clear(); }
  // StartRequest: a new request may read at most `limit` bytes (request line, headers and
  // body, also a body cpp-httplib only skips). Past it read() fails and over_limit() is
  // true: the reply is an error and the connection must close (its bytes are unread).
  void StartRequest(std::size_t limit) override {
    limit_ = limit;
    consumed_ = 0;
    over_limit_ = false;
  }
  bool over_limit() const override { return over_limit_; }

  // httplib::Stream
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return fd_; }

 private:
  // Wait: polls the socket for `events` and the stop descriptor; true when the socket is
  // ready before timeout_ms and the server is not stopping.
  bool Wait(short events, int timeout_ms) const;
  // Fill: receives into the empty buffer, waiting up to timeout_ms; what recv returned
  // (> 0 bytes, 0 at the peer's close, -1 on error, timeout or stop).
  ssize_t Fill(int timeout_ms);
  void CacheAddresses() const;

  const int fd_;
  const int stop_fd_;
  const int read_timeout_ms_;
  const int write_timeout_ms_;
  std::unique_ptr<char[]> in_;  // received, not yet consumed: in_[in_begin_, in_end_)
  std::size_t in_begin_ = 0;
  std::size_t in_end_ = 0;
  std::size_t limit_ = static_cast<std::size_t>(-1);  // of the current request
  std::size_t consumed_ = 0;
  bool over_limit_ = false;
  std::string out_;      // gathered reply bytes
  bool broken_ = false;  // a send failed: the connection is done
  mutable bool addresses_cached_ = false;
  mutable std::string remote_ip_, local_ip_;
  mutable int remote_port_ = -1, local_port_ = -1;
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_SERVER_CONNECTION_STREAM_H_
