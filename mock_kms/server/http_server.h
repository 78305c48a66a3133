// MockServer: the mock KMS on a real HTTP port: the model (Kms) with its wrapping-key pool,
// the dispatcher, and the cpp-httplib adapter, the only code of the mock that touches
// sockets. Used by the mock-kms binary and by the runner's embedded target (an ephemeral
// loopback port; the clock moved directly through clock().Advance()).
//
// The adapter turns each cpp-httplib request into a sigv4::HttpRequest, calls
// Dispatcher::Handle and writes its reply. cpp-httplib's own error replies (an oversized
// body, an unparsable request line) are replaced by AWS-style JSON errors, and its
// exceptions are caught here: every reply is a well-formed AWS error or success.
#ifndef KC_MOCK_KMS_SERVER_HTTP_SERVER_H_
#define KC_MOCK_KMS_SERVER_HTTP_SERVER_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "harness/common/clock.h"
#include "harness/common/status.h"
#include "mock_kms/model/kms.h"
#include "mock_kms/server/dispatch.h"
#include "mock_kms/server/server_options.h"

namespace kc::mock {

class RequestStream;  // connection_stream.h

class MockServer {
 public:
  // Start: validates the options, builds the key pool and the model (replaying the
  // --state-dir journal), binds host:port and starts serving; returns once the port
  // accepts connections. InvalidArgument for bad options, Unavailable when the address
  // cannot be bound, the model's error when the state directory is unusable.
  static Result<std::unique_ptr<MockServer>> Start(const ServerOptions& options);
  ~MockServer();  // Stop()
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  // port: the bound port (the ephemeral one when options.port was 0).
  int port() const;
  // endpoint: "http://HOST:PORT".
  std::string endpoint() const;
  // Stop: stops accepting, closes idle connections, waits for the workers, stops the key
  // pool. Idempotent; the model stays usable (kms()) until destruction.
  void Stop();

  SystemClock& clock();
  Kms& kms();
  Dispatcher& dispatcher();
  // StartupNotes: what the journal replay and the key cache found (for stderr).
  std::vector<std::string> StartupNotes() const;
  // WaitForWrappingKeys: waits until the wrapping-key pool holds a key of every size the
  // profile's suite asks for (RSA-2048; in 2026 also RSA-3072 and RSA-4096), so that a cold
  // start does not turn into request timeouts. false on timeout.
  bool WaitForWrappingKeys(std::chrono::milliseconds timeout);

 private:
  class Impl;
  explicit MockServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// StreamFrontEnd: TEST SEAM for fuzz/mock_http.cc. The HTTP adapter MockServer runs (the
// same cpp-httplib server subclass, routes, error and exception handlers, limits and
// connection loop), but over a dispatcher the caller owns and without a socket or a thread:
// ServeConnection serves the requests of `stream` the way MockServer serves one accepted
// connection, and returns when the stream has no next request (or the loop closes the
// connection). MockServer does not use it and behaves as before.
class StreamFrontEnd {
 public:
  // Only the HTTP fields of options matter (max_body_bytes, max_request_bytes,
  // keep_alive_max_requests, timeouts); dispatcher must outlive this.
  StreamFrontEnd(Dispatcher& dispatcher, const ServerOptions& options);
  ~StreamFrontEnd();
  StreamFrontEnd(const StreamFrontEnd&) = delete;
  StreamFrontEnd& operator=(const StreamFrontEnd&) = delete;

  bool ServeConnection(RequestStream& stream);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_SERVER_HTTP_SERVER_H_
