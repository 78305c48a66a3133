// The wire of `kmsconform fuzz`: HTTP/1.1 over a plain TCP socket, byte for byte as the fuzzer
// wants it (Content-Length lies, bad chunking, pipelining, half-closed connections), which an
// HTTP library would refuse to send. Replies are read with a deadline and a size cap, so a
// target that never answers, answers forever or drops the connection is an outcome, never a
// hang or a crash.
#ifndef KC_MUTATE_WIRE_H_
#define KC_MUTATE_WIRE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/mutate/mutate.h"
#include "harness/sigv4/request.h"

namespace kc::mutate {

using WireHeaders = std::vector<std::pair<std::string, std::string>>;

struct WireReply {
  int status = 0;
  WireHeaders headers;
  std::string body;
  // Header: the first header of that name (ASCII case-insensitive).
  std::optional<std::string_view> Header(std::string_view name) const;
};

struct WireOutcome {
  enum class Kind {
    kReply,          // a complete response
    kClosed,         // the connection was closed (or reset) before a complete response
    kTimeout,        // no complete response within the deadline
    kConnectFailed,  // no connection
    kBadReply,       // bytes that are not an HTTP/1.x response, or more than the cap
  };
  Kind kind = Kind::kReply;
  WireReply reply;
  double ms = 0;
  std::string detail;  // for everything but kReply: what happened
  bool ok() const { return kind == Kind::kReply; }
};
std::string_view OutcomeName(WireOutcome::Kind k);  // "reply" | "closed" | ...

// Endpoint of a plain-HTTP target: "http://host:port[/]" only.
struct WireEndpoint {
  std::string host;
  int port = 80;
  std::string HostHeader() const;  // "host:port"
};
std::optional<WireEndpoint> ParseWireEndpoint(std::string_view url);

// Frame: the bytes of a (signed) request as framing f puts it on the wire. kPipelined gives
// the request twice; kHalfClosed and kNone give it as is.
std::string Frame(const sigv4::HttpRequest& request, Framing f);

// Connection: one keep-alive connection; reconnects when needed. Not thread-safe.
class Connection {
 public:
  Connection(WireEndpoint endpoint, double timeout_seconds, std::size_t max_reply_bytes);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Exchange: sends `bytes` and reads one reply within `wait_seconds` (the timeout when < 0).
  // half_close: shut down the sending side after the bytes. The connection is closed after a
  // reply that says so, after any outcome other than a reply, and when keep is false.
  WireOutcome Exchange(std::string_view bytes, bool half_close = false, double wait_seconds = -1,
                       bool keep = true);
  // ReadReply: one more reply on the open connection (a pipelined request's second one).
  WireOutcome ReadReply(double wait_seconds = -1, bool keep = true);
  void Close();
  // Sent: the bytes sent so far on all connections (for the report's figures).
  std::size_t bytes_sent() const { return bytes_sent_; }

 private:
  bool Connect(double deadline, std::string& why);
  WireOutcome Read(double deadline, double started);

  WireEndpoint endpoint_;
  double timeout_;
  std::size_t max_reply_;
  int fd_ = -1;
  std::string pending_;  // bytes read past the last reply
  std::size_t bytes_sent_ = 0;
};

// NowSeconds: a monotonic clock, in seconds.
double NowSeconds();

}  // namespace kc::mutate

#endif  // KC_MUTATE_WIRE_H_
