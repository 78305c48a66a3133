// Endpoint: a KMS endpoint URL taken apart (scheme, host, port, base path), and the request
// path and Host header the client derives from it. Pure.
#ifndef KC_CLIENT_ENDPOINT_H_
#define KC_CLIENT_ENDPOINT_H_

#include <string>
#include <string_view>

#include "harness/common/status.h"

namespace kc::client {

struct Endpoint {
  bool tls = false;       // https
  std::string host;       // "127.0.0.1", "kms.us-east-1.amazonaws.com", "::1" (no brackets)
  int port = 0;           // explicit, or 80 / 443
  std::string base_path;  // "" or "/prefix" (no trailing '/')

  // HostHeader: the Host header value: the host ("[::1]" for IPv6) with ":port" unless the
  // port is the scheme's default.
  std::string HostHeader() const;
  // Origin: "http://host:port" (for messages).
  std::string Origin() const;
  // RequestPath: the path to send for `path` ("/" unless a probe says otherwise): the base
  // path alone for "/", else base path + path (botocore's endpoint_url joining).
  std::string RequestPath(std::string_view path) const;
};

// ParseEndpoint: "http[s]://host[:port][/base/path]". The scheme is http or https (any
// case); the host a DNS name, an IPv4 address or a bracketed IPv6 address; the port 1..65535.
// No user info, query or fragment. InvalidArgument with the reason otherwise.
Result<Endpoint> ParseEndpoint(std::string_view url);

}  // namespace kc::client

#endif  // KC_CLIENT_ENDPOINT_H_
