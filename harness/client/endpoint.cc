#include "harness/client/endpoint.h"

#include <charconv>

namespace kc::client {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

bool IsIpv6Char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
         c == '.';
}

// IsPathChar: what a base path may hold unescaped (RFC 3986 pchar plus '/'), and '%'.
bool IsPathChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-._~!$&'()*+,;=:@/%").find(c) != std::string_view::npos;
}

Status Bad(std::string_view url, std::string_view why) {
  return InvalidArgumentError("endpoint '" + std::string(url) + "': " + std::string(why));
}

}  // namespace

std::string Endpoint::HostHeader() const {
  std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) out += ":" + std::to_string(port);
  return out;
}

std::string Endpoint::Origin() const {
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return std::string(tls ? "https://" : "http://") + h + ":" + std::to_string(port);
}

std::string Endpoint::RequestPath(std::string_view path) const {
  if (base_path.empty()) return std::string(path);
  if (path.empty() || path == "/") return base_path;
  if (path.front() != '/') return base_path + "/" + std::string(path);
  return base_path + std::string(path);
}

Result<Endpoint> ParseEndpoint(std::string_view url) {
  Endpoint ep;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return Bad(url, "expected http:// or https://");
  const std::string scheme = Lower(url.substr(0, scheme_end));
  if (scheme == "https") {
    ep.tls = true;
  } else if (scheme != "http") {
    return Bad(url, "scheme '" + scheme + "' is not http or https");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  const auto path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  std::string_view path = path_start == std::string_view::npos ? "" : rest.substr(path_start);
  if (authority.find('@') != std::string_view::npos) {
    return Bad(url, "user info is not allowed (credentials come from the environment)");
  }
  if (authority.find_first_of("?#") != std::string_view::npos ||
      path.find_first_of("?#") != std::string_view::npos) {
    return Bad(url, "a query or fragment is not allowed");
  }
  std::string_view port_text;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return Bad(url, "unterminated IPv6 address");
    const std::string_view v6 = authority.substr(1, close - 1);
    if (v6.empty() || v6.find(':') == std::string_view::npos) {
      return Bad(url, "malformed IPv6 address");
    }
    for (char c : v6) {
      if (!IsIpv6Char(c)) return Bad(url, "malformed IPv6 address");
    }
    ep.host = std::string(v6);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Bad(url, "unexpected text after the IPv6 address");
      port_text = after.substr(1);
      if (port_text.empty()) return Bad(url, "empty port");
    }
  } else {
    const auto colon = authority.find(':');
    ep.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return Bad(url, "empty port");
    }
    if (ep.host.empty()) return Bad(url, "no host");
    for (char c : ep.host) {
      if (!IsHostChar(c)) return Bad(url, "invalid character in host");
    }
  }
  if (!port_text.empty()) {
    int port = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 ||
        port > 65535 || port_text.front() == '+' || port_text.front() == '-') {
      return Bad(url, "port must be 1..65535");
    }
    ep.port = port;
  } else {
    ep.port = ep.tls ? 443 : 80;
  }
  for (char c : path) {
    if (!IsPathChar(c)) return Bad(url, "invalid character in path");
  }
  while (path.ends_with('/')) path.remove_suffix(1);
  ep.base_path = std::string(path);
  return ep;
}

}  // namespace kc::client
