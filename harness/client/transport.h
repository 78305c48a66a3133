// HttpTransport: one keep-alive HTTP/1.1 connection to one endpoint; the cpp-httplib
// adapter, and the only code of kc_client that calls httplib (its exceptions stop here).
// A request goes out exactly as given: method, raw path, the given headers with their
// values, the body; the only header added on the wire is Content-Length (AddedHeaders), so
// the bytes sent are the signed request. A reply that does not come, comes too slowly or is
// too large is a Status:
//   Unavailable        connection refused, closed before a response, not HTTP, TLS failure
//   DeadlineExceeded   no complete response within the timeout (connect + write + read)
//   ResourceExhausted  more than max_response_bytes of body (or a header flood)
//   InvalidArgument    a request that cannot be put on the wire (CR/LF in a header, ...)
// A watchdog thread aborts an exchange that outlives the timeout or whose socket has read
// far more than the cap (e.g. endless headers), so the client never hangs and memory stays
// bounded whatever the target does.
#ifndef KC_CLIENT_TRANSPORT_H_
#define KC_CLIENT_TRANSPORT_H_

#include <cstddef>
#include <memory>

#include "harness/client/endpoint.h"
#include "harness/common/status.h"
#include "harness/report/report.h"
#include "harness/sigv4/request.h"

namespace kc::client {

struct TransportOptions {
  double timeout_seconds = 10;
  std::size_t max_response_bytes = 1 << 20;
};

// WireReply: a complete HTTP response.
struct WireReply {
  int status = 0;
  report::Headers headers;  // as received (names as sent, in order of name)
  std::string body;
};

class HttpTransport {
 public:
  // Create: a transport for `endpoint` (no connection yet: the first Exchange connects).
  // Fails (Internal) only when TLS cannot be set up.
  static Result<std::unique_ptr<HttpTransport>> Create(const Endpoint& endpoint,
                                                       const TransportOptions& options);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Exchange: sends `request` (path and query as on the request line) and reads the reply.
  Result<WireReply> Exchange(const sigv4::HttpRequest& request);

  // AddedHeaders: the headers Exchange adds to `request` on the wire (Content-Length).
  static report::Headers AddedHeaders(const sigv4::HttpRequest& request);

 private:
  class Impl;
  explicit HttpTransport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kc::client

#endif  // KC_CLIENT_TRANSPORT_H_
