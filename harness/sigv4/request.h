// The request model SigV4 signs and verifies: an HTTP/1.1 request as it is on the wire
// (raw target, headers in order with names as sent), plus credentials and signing
// parameters. Plain data; the helpers below are pure.
#ifndef KC_SIGV4_REQUEST_H_
#define KC_SIGV4_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/common/clock.h"

namespace kc::sigv4 {

class SigningKeyCache;  // signing_key_cache.h

// HttpRequest: one request as sent; Sign returns it with authentication headers added.
struct HttpRequest {
  std::string method;
  std::string path;   // raw, as on the request line: may contain %XX, spaces, UTF-8
  std::string query;  // raw, after '?'; empty when there is none
  // In order, names as sent. A value is everything after the ':' (leading spaces kept);
  // an obs-folded value keeps its "\n<whitespace>" continuations (get-header-value-multiline).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  friend bool operator==(const HttpRequest&, const HttpRequest&) = default;
};

// Credentials: an AWS identity (long-term, or temporary with a session token).
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty: long-term credentials
};

// SigningParams: where, when and how to sign (the suite's context.json).
struct SigningParams {
  std::string region;
  std::string service;
  EpochSeconds time = 0;  // signing time; whole seconds are used (X-Amz-Date's resolution)
  // Remove dot segments and collapse "//" in the canonical URI: every service except S3.
  bool normalize_path = true;
  // Also send the payload hash as x-amz-content-sha256 (and sign it). The canonical request
  // always carries the body's SHA-256, whatever this says.
  bool sign_body = false;
  // Send X-Amz-Security-Token but leave it out of the signature (some services, e.g. IoT,
  // expect this; the suite's post-sts-header-after).
  bool omit_session_token_from_signature = false;
  // Where the derived signing key is looked up (signing_key_cache.h); null: derived anew
  // on every call (four HMACs). A caller signing many requests for one identity and day
  // (a client, a fuzz target) saves them; the signature is the same either way.
  SigningKeyCache* key_cache = nullptr;
};

// EqualsIgnoreCase: true when a and b are equal up to ASCII case (header names).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// FindHeader: the value of the first header named `name` (ASCII case-insensitive), or
// nullopt when there is none. The view points into `request`.
std::optional<std::string_view> FindHeader(const HttpRequest& request, std::string_view name);

// CountHeaders: how many headers are named `name` (ASCII case-insensitive).
std::size_t CountHeaders(const HttpRequest& request, std::string_view name);

// RemoveHeaders: removes every header named `name` (ASCII case-insensitive); returns how
// many were removed.
std::size_t RemoveHeaders(HttpRequest& request, std::string_view name);

}  // namespace kc::sigv4

#endif  // KC_SIGV4_REQUEST_H_
