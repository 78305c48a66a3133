// The HTTP transport of a build that only talks to a mock in process (kc_client_no_http,
// chosen by the target property KC_NO_HTTP_TRANSPORT; see CMakeLists.txt): no sockets, no
// cpp-httplib. A client created without ClientOptions::in_process says so.
#include "harness/client/transport.h"

namespace kc::client {

class HttpTransport::Impl {};

HttpTransport::HttpTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpTransport::~HttpTransport() = default;

Result<std::unique_ptr<HttpTransport>> HttpTransport::Create(const Endpoint& endpoint,
                                                             const TransportOptions& /*options*/) {
  return UnimplementedError("this build has no HTTP transport (in-process only): cannot reach " +
                            endpoint.host);
}

Result<WireReply> HttpTransport::Exchange(const sigv4::HttpRequest& /*request*/) {
  return UnimplementedError("this build has no HTTP transport (in-process only)");
}

}  // namespace kc::client
