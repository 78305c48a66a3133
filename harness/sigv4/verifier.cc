#include "harness/sigv4/verifier.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <utility>

#include "harness/common/bytes.h"
#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/ascii.h"
#include "harness/sigv4/canonical.h"
#include "harness/sigv4/signer.h"

namespace kc::sigv4 {
namespace {

constexpr std::string_view kHostMustBeSignedMessage =
    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
constexpr std::string_view kMissingDateMessage =
    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
    "Authorization=";
constexpr std::string_view kBadAmzDateMessage =
    "X-Amz-Date must be in the ISO 8601 basic format YYYYMMDD'T'HHMMSS'Z'";

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

using ascii::HexValue;

std::string Quoted(std::string_view s) {
  std::string out = "'";
  out.append(s).append("'");
  return out;
}

// "<what>, got '<value>'.": every message that echoes a malformed value has this shape.
std::string Got(std::string_view what, std::string_view value) {
  std::string out(what);
  out.append(", got ").append(Quoted(value)).append(".");
  return out;
}

// ParsedAuthorization with views into the text it was parsed from (the request's header or
// query, alive for the whole verification): Verify copies none of it.
struct AuthView {
  std::string_view access_key_id;
  std::string_view date;
  std::string_view region;
  std::string_view service;
  std::string_view signed_headers;
  crypto::Digest256 signature{};
};

// Credential=<akid>/<date>/<region>/<service>/aws4_request
Status ParseCredential(std::string_view credential, AuthView& out) {
  std::array<std::string_view, 5> parts;
  std::size_t count = 0;
  bool any_empty = false;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = credential.find('/', start);
    const std::string_view part = credential.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (count < parts.size()) parts[count] = part;
    ++count;
    any_empty = any_empty || part.empty();
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (count != parts.size() || any_empty) {
    return InvalidArgumentError(
        Got("Credential must have exactly 5 non-empty slash-delimited elements, e.g. "
            "keyid/date/region/service/term",
            credential));
  }
  std::array<char, 16> midnight = {'0', '0', '0', '0', '0', '0', '0', '0',
                                   'T', '0', '0', '0', '0', '0', '0', 'Z'};
  if (parts[1].size() == 8) parts[1].copy(midnight.data(), 8);
  if (parts[1].size() != 8 ||
      !ParseAmzDate(std::string_view(midnight.data(), midnight.size())).has_value()) {
    return InvalidArgumentError("Credential should be scoped to a valid date (YYYYMMDD), not " +
                                Quoted(parts[1]) + ".");
  }
  if (parts[4] != kScopeTerminator) {
    return InvalidArgumentError("Credential should be scoped with a valid terminator: '" +
                                std::string(kScopeTerminator) + "', not " + Quoted(parts[4]) + ".");
  }
  out.access_key_id = parts[0];
  out.date = parts[1];
  out.region = parts[2];
  out.service = parts[3];
  return Status::Ok();
}

// The bytes of a SignedHeaders name: printable ASCII but ':' and A-Z.
constexpr ascii::ByteSet kSignedHeaderNameByte = [] {
  ascii::ByteSet t{};
  for (unsigned c = 0x21; c < 0x7F; ++c) t.v[c] = c != ':' && !(c >= 'A' && c <= 'Z') ? 1 : 0;
  return t;
}();

// SignedHeaders=a;b;c: lower-case, no whitespace or ':', strictly ascending (so unique).
Status ParseSignedHeaders(std::string_view signed_headers, AuthView& out) {
  bool ok = !signed_headers.empty();
  std::string_view previous;
  std::size_t start = 0;
  while (ok) {
    const std::size_t semicolon = signed_headers.find(';', start);
    const std::string_view name = signed_headers.substr(
        start, semicolon == std::string_view::npos ? std::string_view::npos : semicolon - start);
    ok = !name.empty() && (previous.empty() || previous < name);
    for (const char c : name) ok = ok && ascii::In(kSignedHeaderNameByte, c);
    previous = name;
    if (semicolon == std::string_view::npos) break;
    start = semicolon + 1;
  }
  if (!ok) {
    return InvalidArgumentError(
        Got("SignedHeaders must be lower-case header names separated by ';' in ascending order",
            signed_headers));
  }
  out.signed_headers = signed_headers;
  return Status::Ok();
}

Status ParseSignature(std::string_view signature, AuthView& out) {
  bool ok = signature.size() == 2 * out.signature.size();
  if (ok) {
    int any_bad = 0;  // negative once a byte is not a hex digit; tested once at the end
    std::uint8_t* bytes = out.signature.data();
    for (std::size_t i = 0; i < signature.size() / 2; ++i) {
      const int hi = HexValue(signature[2 * i]);
      const int lo = HexValue(signature[2 * i + 1]);
      any_bad |= hi | lo;
      bytes[i] = static_cast<std::uint8_t>((hi & 0x0F) * 16 + (lo & 0x0F));
    }
    ok = any_bad >= 0;
  }
  if (!ok) {
    return InvalidArgumentError(Got("Signature must be 64 hexadecimal characters", signature));
  }
  return Status::Ok();
}

bool SignsHost(std::string_view signed_headers) {
  std::size_t start = 0;
  while (true) {
    const std::size_t semicolon = signed_headers.find(';', start);
    if (signed_headers.substr(start, semicolon == std::string_view::npos
                                         ? std::string_view::npos
                                         : semicolon - start) == "host") {
      return true;
    }
    if (semicolon == std::string_view::npos) return false;
    start = semicolon + 1;
  }
}

// "5 min." when the skew is whole minutes (AWS's spelling), else "<n> sec.".
std::string SkewText(double seconds) {
  char buffer[64];
  if (seconds > 0 && std::fmod(seconds, 60.0) == 0 && seconds < 1e15) {
    std::snprintf(buffer, sizeof(buffer), "%.0f min.", seconds / 60);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%g sec.", seconds);
  }
  return buffer;
}

// ParseAuthorization into views of `header`.
Status ParseAuthorizationView(std::string_view header, AuthView& out) {
  const std::string_view trimmed = Trim(header);
  const std::size_t space = trimmed.find_first_of(" \t");
  const std::string_view algorithm = trimmed.substr(0, space);
  if (algorithm != kAlgorithm) {
    return InvalidArgumentError("Unsupported AWS 'algorithm': " + Quoted(algorithm) +
                                ". Authorization=" + std::string(header));
  }
  // In the order AWS lists them when they are missing.
  struct Param {
    std::string_view name;
    std::optional<std::string_view> value;
  };
  std::array<Param, 3> params = {{{"Credential", {}}, {"Signature", {}}, {"SignedHeaders", {}}}};
  std::string_view rest = space == std::string_view::npos ? "" : trimmed.substr(space);
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view piece = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
    const std::size_t eq = piece.find('=');
    for (Param& param : params) {  // pieces without '=' and unknown names are ignored
      if (eq == std::string_view::npos || piece.substr(0, eq) != param.name) continue;
      if (param.value) {
        return InvalidArgumentError("Authorization header has more than one " + Quoted(param.name) +
                                    " parameter. Authorization=" + std::string(header));
      }
      param.value = piece.substr(eq + 1);
    }
  }
  std::string missing;
  for (const Param& param : params) {
    if (!param.value) {
      missing.append("Authorization header requires ").append(Quoted(param.name));
      missing.append(" parameter. ");
    }
  }
  if (!missing.empty()) {
    return InvalidArgumentError(missing + "Authorization=" + std::string(header));
  }
  const std::string_view credential = *params[0].value;
  const std::string_view signature = *params[1].value;
  const std::string_view signed_headers = *params[2].value;

  KC_RETURN_IF_ERROR(ParseCredential(credential, out));
  KC_RETURN_IF_ERROR(ParseSignedHeaders(signed_headers, out));
  return ParseSignature(signature, out);
}

// What the request claims: from the Authorization header or the query parameters.
struct Claim {
  AuthView auth;
  EpochSeconds time = 0;
  std::int64_t expires = 0;  // presigned only
  std::string_view session_token;
  bool presigned = false;
};

VerifyResult Incomplete(std::string message) {
  return VerifyResult::Refuse(VerifyError::kIncompleteSignature, std::move(message));
}
VerifyResult Mismatch() {
  return VerifyResult::Refuse(VerifyError::kSignatureMismatch,
                              std::string(kSignatureMismatchMessage));
}

std::optional<VerifyResult> CheckTime(const Claim& claim, EpochSeconds now, double skew) {
  const EpochSeconds now_s = std::floor(now);
  const EpochSeconds t = claim.time;
  // Written so that a NaN clock or skew refuses rather than accepts.
  if (!(t <= now_s + skew)) {
    return VerifyResult::Refuse(VerifyError::kSignatureExpired,
                                "Signature not yet current: " + FormatAmzDate(t) +
                                    " is still later than " +
                                    FormatAmzDate(std::floor(now_s + skew)) + " (" +
                                    FormatAmzDate(now_s) + " + " + SkewText(skew) + ")");
  }
  const double window = claim.presigned ? static_cast<double>(claim.expires) : skew;
  if (!(claim.presigned ? now_s <= t + window : t >= now_s - window)) {
    return VerifyResult::Refuse(
        VerifyError::kSignatureExpired,
        "Signature expired: " + FormatAmzDate(t) + " is now earlier than " +
            FormatAmzDate(std::ceil(now_s - window)) + " (" + FormatAmzDate(now_s) + " - " +
            (claim.presigned ? std::to_string(claim.expires) + " sec." : SkewText(skew)) + ")");
  }
  return std::nullopt;
}

// Lower-case hex of a digest, without allocating. Plain arrays: with UBSan on, clang-14 does
// not inline std::array::operator[].
struct HexText {
  char v[64];
  std::string_view view() const { return std::string_view(v, sizeof v); }
};
KC_SIGV4_NO_COVERAGE HexText HexDigest(const crypto::Digest256& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::uint8_t* bytes = digest.data();
  HexText out{};
  for (std::size_t i = 0; i < 32; ++i) {
    out.v[2 * i] = kHex[bytes[i] >> 4];
    out.v[2 * i + 1] = kHex[bytes[i] & 0x0F];
  }
  return out;
}

// The texts CheckClaim builds, reused by every verification on this thread: under the
// sanitizers (the fuzz targets, the asan preset) allocations were most of a verification's
// cost. Cleared before use; nothing in them outlives the call.
struct VerifyScratch {
  std::string amz_date;
  std::string canonical_request;
  std::string string_to_sign;
};
VerifyScratch& ThreadVerifyScratch() {
  thread_local VerifyScratch scratch;
  return scratch;
}

// The checks shared by header and query authentication, from the key lookup on.
VerifyResult CheckClaim(const HttpRequest& request, const Claim& claim,
                        const SecretLookup& secret_lookup, EpochSeconds now, double skew,
                        const VerifyOptions& options) {
  const AuthView& auth = claim.auth;
  const std::optional<std::string> secret = secret_lookup(auth.access_key_id);
  if (!secret.has_value()) {
    return VerifyResult::Refuse(VerifyError::kUnknownAccessKey,
                                std::string(kUnknownAccessKeyMessage));
  }
  if (auto refused = CheckTime(claim, now, skew)) return std::move(*refused);
  VerifyScratch& scratch = ThreadVerifyScratch();
  std::string& amz_date = scratch.amz_date;
  amz_date.clear();
  AppendAmzDate(amz_date, claim.time);
  if (std::string_view(amz_date).substr(0, 8) != auth.date) return Mismatch();

  const HexText payload_hash = HexDigest(crypto::Sha256(AsBytes(request.body)));
  const std::string_view payload_hash_text = payload_hash.view();
  if (const auto announced = FindHeader(request, kContentSha256Header)) {
    std::string& value = scratch.string_to_sign;  // free until the string to sign
    value.clear();
    AppendCanonicalHeaderValue(value, *announced);
    if (value != payload_hash_text) return Mismatch();
  }
  // A presigned URL signs its own query minus X-Amz-Signature (and minus the token when
  // the service wants it unsigned).
  static constexpr std::string_view kUnsignedQueryKeys[] = {"X-Amz-Signature",
                                                            "X-Amz-Security-Token"};
  const std::span<const std::string_view> skip_query_keys =
      !claim.presigned                      ? std::span<const std::string_view>()
      : options.presigned_token_is_unsigned ? std::span(kUnsignedQueryKeys)
                                            : std::span(kUnsignedQueryKeys).first(1);
  std::string& canonical_request = scratch.canonical_request;
  canonical_request.clear();
  AppendCanonicalRequest(canonical_request, request, auth.signed_headers, payload_hash_text,
                         options.normalize_path, skip_query_keys);
  // StringToSign(amz_date, CredentialScope(date, region, service), canonical_request).
  const HexText canonical_hash = HexDigest(crypto::Sha256(AsBytes(canonical_request)));
  std::string& string_to_sign = scratch.string_to_sign;
  string_to_sign.clear();
  string_to_sign.append(kAlgorithm).append("\n").append(amz_date).append("\n");
  string_to_sign.append(auth.date).append("/").append(auth.region).append("/");
  string_to_sign.append(auth.service).append("/").append(kScopeTerminator).append("\n");
  string_to_sign.append(canonical_hash.view());
  SigningKeyCache& cache =
      options.key_cache != nullptr ? *options.key_cache : SharedSigningKeyCache();
  const crypto::Digest256 key = cache.Get(*secret, auth.date, auth.region, auth.service);
  const crypto::Digest256 expected = crypto::HmacSha256(key, AsBytes(string_to_sign));
  if (!crypto::ConstantTimeEquals(expected, auth.signature)) return Mismatch();

  return VerifyResult::Accept(VerifiedRequest{std::string(auth.access_key_id),
                                              std::string(auth.region), std::string(auth.service),
                                              std::string(claim.session_token), claim.time,
                                              claim.presigned});
}

VerifyResult VerifyHeaderAuth(const HttpRequest& request, std::string_view authorization,
                              const SecretLookup& secret_lookup, EpochSeconds now, double skew,
                              const VerifyOptions& options) {
  Claim claim;
  if (Status parsed = ParseAuthorizationView(authorization, claim.auth); !parsed.ok()) {
    return Incomplete(parsed.message());
  }

  std::optional<EpochSeconds> time;
  if (const auto amz_date = FindHeader(request, kAmzDateHeader)) {
    time = ParseAmzDate(Trim(*amz_date));
    if (!time) return Incomplete(Got(kBadAmzDateMessage, *amz_date));
  } else if (const auto date = FindHeader(request, "Date")) {
    time = ParseAmzDate(Trim(*date));
    if (!time) time = ParseHttpDate(Trim(*date));
    if (!time) {
      return Incomplete(
          Got("Date must be an IMF-fixdate (RFC 9110) or in the ISO 8601 basic format", *date));
    }
  } else {
    return Incomplete(std::string(kMissingDateMessage) + std::string(authorization));
  }
  claim.time = *time;
  if (!SignsHost(claim.auth.signed_headers)) {
    return Incomplete(std::string(kHostMustBeSignedMessage));
  }
  claim.session_token = FindHeader(request, kSecurityTokenHeader).value_or("");
  return CheckClaim(request, claim, secret_lookup, now, skew, options);
}

// The X-Amz-* parameters of a presigned URL, percent-decoded, indexed by QueryParam.
enum QueryParam : std::size_t {
  kQueryAlgorithm,
  kQueryCredential,
  kQueryDate,
  kQuerySignedHeaders,
  kQueryExpires,
  kQuerySignature,
  kQuerySecurityToken,  // optional; the others are required
  kQueryParamCount,
};
constexpr std::array<std::string_view, kQueryParamCount> kQueryParamNames = {
    "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",          "X-Amz-SignedHeaders",
    "X-Amz-Expires",   "X-Amz-Signature",  "X-Amz-Security-Token"};

struct QueryAuth {
  // Views into the request's query, or (values with %XX escapes) into the buffer that
  // ExtractQueryAuth was given.
  std::array<std::optional<std::string_view>, kQueryParamCount> values;
  std::string duplicate;  // the first parameter seen twice, if any

  // A request "uses query auth" once it names the algorithm, a credential or a signature.
  bool Present() const {
    return values[kQueryAlgorithm] || values[kQueryCredential] || values[kQuerySignature];
  }
  std::string_view operator[](QueryParam param) const { return *values[param]; }
};

// PercentDecode(raw) when it is at most kShortKey bytes long (the longest query auth
// name is 20), else a view that matches no name; written into `buffer`, no allocation.
constexpr std::size_t kShortKey = 24;
std::string_view DecodeShortKey(std::string_view raw, std::array<char, kShortKey + 1>& buffer) {
  if (raw.find('%') == std::string_view::npos) return raw;  // nothing to decode
  std::size_t n = 0;
  for (std::size_t i = 0; i < raw.size() && n < buffer.size(); ++i) {
    char c = raw[i];
    if (c == '%' && i + 2 < raw.size()) {
      const int hi = HexValue(raw[i + 1]);
      const int lo = HexValue(raw[i + 2]);
      if ((hi | lo) >= 0) {
        c = static_cast<char>(hi * 16 + lo);
        i += 2;
      }
    }
    buffer[n++] = c;
  }
  return std::string_view(buffer.data(), n);  // n == kShortKey + 1: longer than any name
}

// The query auth parameters of `query`; values that need decoding are decoded into
// `decoded` (reserved first so that no append moves it: each value decodes to at most its own
// length, so the views taken into it stay valid).
QueryAuth ExtractQueryAuth(std::string_view query, std::string& decoded) {
  QueryAuth out;
  std::array<char, kShortKey + 1> buffer;
  decoded.clear();
  decoded.reserve(query.size());
  std::size_t start = 0;
  while (start < query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view piece = query.substr(start, end - start);
    start = end + 1;
    const std::size_t eq = piece.find('=');
    const std::string_view key = DecodeShortKey(piece.substr(0, eq), buffer);
    for (std::size_t i = 0; i < kQueryParamCount; ++i) {
      if (key != kQueryParamNames[i]) continue;
      if (out.values[i] && out.duplicate.empty()) out.duplicate = key;
      const std::string_view raw =
          eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);
      if (raw.find('%') == std::string_view::npos) {
        out.values[i] = raw;  // decodes to itself
      } else {
        const std::size_t at = decoded.size();
        AppendPercentDecoded(decoded, raw);
        out.values[i] = std::string_view(decoded).substr(at);
      }
    }
  }
  return out;
}

// X-Amz-Expires: 1..604800 in plain decimal digits.
std::optional<std::int64_t> ParseExpires(std::string_view text) {
  if (text.empty() || text.size() > 6) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > kMaxPresignExpiresSeconds) return std::nullopt;
  return value;
}

VerifyResult VerifyQueryAuth(const HttpRequest& request, const QueryAuth& query,
                             const SecretLookup& secret_lookup, EpochSeconds now, double skew,
                             const VerifyOptions& options) {
  if (!query.duplicate.empty()) {
    return Incomplete("AWS query-string parameter " + Quoted(query.duplicate) +
                      " must appear only once.");
  }
  for (std::size_t i = 0; i < kQuerySecurityToken; ++i) {
    if (!query.values[i]) {
      return Incomplete(
          "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', "
          "'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'. "
          "Re-examine the query-string parameters.");
    }
  }
  if (query[kQueryAlgorithm] != kAlgorithm) {
    return Incomplete("Unsupported AWS 'algorithm': " + Quoted(query[kQueryAlgorithm]) + ".");
  }
  Claim claim;
  claim.presigned = true;
  Status parsed = ParseCredential(query[kQueryCredential], claim.auth);
  if (parsed.ok()) parsed = ParseSignedHeaders(query[kQuerySignedHeaders], claim.auth);
  if (parsed.ok()) parsed = ParseSignature(query[kQuerySignature], claim.auth);
  if (!parsed.ok()) return Incomplete(parsed.message());
  const std::optional<EpochSeconds> time = ParseAmzDate(query[kQueryDate]);
  if (!time) {
    return Incomplete(Got(kBadAmzDateMessage, query[kQueryDate]));
  }
  claim.time = *time;
  const std::optional<std::int64_t> expires = ParseExpires(query[kQueryExpires]);
  if (!expires) {
    return Incomplete(Got("X-Amz-Expires must be a whole number of seconds between 1 and 604800",
                          query[kQueryExpires]));
  }
  claim.expires = *expires;
  if (!SignsHost(claim.auth.signed_headers)) {
    return Incomplete(std::string(kHostMustBeSignedMessage));
  }
  if (query.values[kQuerySecurityToken]) claim.session_token = query[kQuerySecurityToken];
  return CheckClaim(request, claim, secret_lookup, now, skew, options);
}

}  // namespace

std::string_view VerifyErrorName(VerifyError error) {
  switch (error) {
    case VerifyError::kMissingAuthentication:
      return "MissingAuthentication";
    case VerifyError::kIncompleteSignature:
      return "IncompleteSignature";
    case VerifyError::kUnknownAccessKey:
      return "UnknownAccessKey";
    case VerifyError::kSignatureMismatch:
      return "SignatureMismatch";
    case VerifyError::kSignatureExpired:
      return "SignatureExpired";
  }
  return "Unknown";
}

const VerifiedRequest& VerifyResult::value() const {
  if (!ok()) std::abort();
  return std::get<VerifiedRequest>(v_);
}

VerifyError VerifyResult::error() const {
  if (ok()) std::abort();
  return std::get<Failure>(v_).error;
}

const std::string& VerifyResult::message() const {
  if (ok()) std::abort();
  return std::get<Failure>(v_).message;
}

Result<ParsedAuthorization> ParseAuthorization(std::string_view header) {
  AuthView view;
  KC_RETURN_IF_ERROR(ParseAuthorizationView(header, view));
  ParsedAuthorization out;
  out.access_key_id.assign(view.access_key_id);
  out.date.assign(view.date);
  out.region.assign(view.region);
  out.service.assign(view.service);
  out.signed_headers.assign(view.signed_headers);
  out.signature = view.signature;
  return out;
}

VerifyResult Verify(const HttpRequest& request, const SecretLookup& secret_lookup, EpochSeconds now,
                    double max_skew_seconds, const VerifyOptions& options) {
  const std::size_t authorization_count = CountHeaders(request, kAuthorizationHeader);
  if (authorization_count > 1) {
    return Incomplete("Authorization header must appear only once, got " +
                      std::to_string(authorization_count) + ".");
  }
  if (authorization_count == 1) {
    return VerifyHeaderAuth(request, *FindHeader(request, kAuthorizationHeader), secret_lookup, now,
                            max_skew_seconds, options);
  }
  std::string decoded;
  const QueryAuth query = ExtractQueryAuth(request.query, decoded);
  if (!query.Present()) {
    return VerifyResult::Refuse(VerifyError::kMissingAuthentication,
                                std::string(kMissingAuthenticationMessage));
  }
  return VerifyQueryAuth(request, query, secret_lookup, now, max_skew_seconds, options);
}

}  // namespace kc::sigv4
