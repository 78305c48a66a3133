// Fuzz target: kc::sigv4::Sign / Presign (signer.h), Verify with its Authorization-header
// and presigned-query parsers, and ParseAuthorization (verifier.h).
// Claims (each aborts with "sigv4_verify: claim violated: ..." and the request):
//  1. A request signed by Sign or Presign (fixed identity, time 2026-01-01T00:00:00Z) always
//     verifies at that time, and Verify reports the signer's identity, scope, time, token
//     and mode.
//  2. Changing a signed component makes verification fail: a byte of the method or the body
//     (also one appended or removed), of the path or the query (unless the canonical URI /
//     canonical query string, X-Amz-Signature excepted, is unchanged), a non-whitespace byte
//     of a signed header's value, a signed header's name other than by case, adding a header
//     of a signed name, X-Amz-Date (another second), the credential scope (access key id,
//     date, region, service), a hex digit of the signature, any byte of the Authorization
//     value that changes what ParseAuthorization reads.
//  3. Changes SigV4 canonicalisation ignores still verify: header-name case, whitespace
//     around a header value (X-Amz-Date and Authorization included) or inside it (one
//     whitespace byte for another, runs of spaces and tabs), the order of two adjacent
//     headers of different names, the order of query parameters, %XX for an unreserved
//     character and the case of %XX hex digits in the query, "./" and "//" in the path (KMS
//     normalises it), the case of the signature's hex digits, the order of the Authorization
//     parameters and the spaces around its commas, adding, changing or removing an
//     unsigned header (e.g. X-Amz-Security-Token when omitted from the signature). A
//     signed header that is absent canonicalises like one with an empty value
//     (canonical.h), so renaming or removing an empty-valued signed header is such a change.
//  4. ParseAuthorization never crashes; what it accepts has the documented shape and, re-
//     encoded with AuthorizationHeader, parses to the same fields. Verify never crashes on
//     an arbitrary request (header or presigned-query auth); what it accepts is refused
//     under any other secret, and names the one identity.
//
// Input: byte 0 selects the mode (bits 0-1) and flags.
//  mode 0 (header auth, Sign) and mode 1 (query auth, Presign): flags bit 2 a session
//  token; bit 3 the token left out of the signature; bit 4 x-amz-content-sha256 (Sign's
//  sign_body). Then: a method byte (bit 7 clear: POST GET PUT DELETE HEAD PATCH by value;
//  set: a string, below, mapped onto token characters); path, query: strings; a header
//  count byte (% 6), per header a name string (token characters) and a value string; a Host
//  header is added when none is named so; the body: a string; an expiry byte (Presign:
//  1 + 600 * byte seconds). Then up to 4 mutations of three bytes [kind][a][b] (kind % 21
//  picks Mutate's case), each applied to the signed request on its own.
//  A string is a length byte then that many bytes (fewer at the end of the input).
//  mode 2: the rest is an Authorization header value for ParseAuthorization.
//  mode 3: a raw request for Verify: a method string, path and query long strings (a
//  two-byte little-endian length), a header count byte (% 8), per header a name string and a
//  value long string (any bytes), the rest is the body.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/common/bytes.h"
#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/canonical.h"
#include "harness/sigv4/http_text.h"
#include "harness/sigv4/request.h"
#include "harness/sigv4/signer.h"
#include "harness/sigv4/signing_key_cache.h"
#include "harness/sigv4/verifier.h"

namespace {

using kc::sigv4::HttpRequest;
using kc::sigv4::VerifyResult;

constexpr std::string_view kAccessKey = "AKIDFUZZSIGV4VERIFY1";
// Mutations judged per signed request: each is applied on its own to a copy and verified,
// so more per input only repeats the signing's cost less often; 4 keeps inputs short (the
// libFuzzer mutators then reach every kind quickly) and the rate up.
constexpr int kMutationsPerInput = 4;
constexpr std::string_view kSecret = "fuzz/Secret+Key/sigv4verify0123456789abc";
constexpr std::string_view kOtherSecret = "fuzz/Other+Key/sigv4verify0123456789abcd";
constexpr std::string_view kToken = "FQoGZXIvYXdzEFUZZ//token+with=odd/chars==";
constexpr std::string_view kRegion = "us-east-1";
constexpr std::string_view kService = "kms";
constexpr kc::EpochSeconds kNow = 1767225600;  // 2026-01-01T00:00:00Z, also the signing time
constexpr double kSkew = 300;

constexpr std::string_view kTokenChars =
    "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kQueryAuthNames[] = {
    "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",          "X-Amz-SignedHeaders",
    "X-Amz-Expires",   "X-Amz-Signature",  "X-Amz-Security-Token"};

class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  std::uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::string Str() {
    const std::size_t n = std::min<std::size_t>(Byte(), size_ - std::min(pos_, size_));
    std::string out(reinterpret_cast<const char*>(data_) + pos_, n);
    pos_ += n;
    return out;
  }
  // A string with a two-byte (little-endian) length.
  std::string LongStr() {
    const std::size_t want = Byte() | (static_cast<std::size_t>(Byte()) << 8);
    const std::size_t n = std::min(want, size_ - std::min(pos_, size_));
    std::string out(reinterpret_cast<const char*>(data_) + pos_, n);
    pos_ += n;
    return out;
  }
  std::string Rest() {
    std::string out(reinterpret_cast<const char*>(data_) + std::min(pos_, size_),
                    size_ - std::min(pos_, size_));
    pos_ = size_;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

[[noreturn]] void Fail(const std::string& what, const HttpRequest* request = nullptr,
                       const VerifyResult* result = nullptr) {
  std::fprintf(stderr, "sigv4_verify: claim violated: %s\n", what.c_str());
  if (result != nullptr && !result->ok()) {
    std::fprintf(stderr, "verifier said %s: %s\n",
                 std::string(kc::sigv4::VerifyErrorName(result->error())).c_str(),
                 result->message().c_str());
  }
  if (request != nullptr) {
    const std::string text = kc::sigv4::SerializeHttpRequest(*request);
    std::fprintf(stderr, "request:\n");
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fprintf(stderr, "\n");
  }
  std::abort();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsUnreserved(char c) {
  return IsLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}
bool IsWs(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
char FlipCase(char c) { return IsLetter(c) ? static_cast<char>(c ^ 0x20) : c; }

std::string AsToken(std::string_view s) {
  std::string out;
  for (const char c : s)
    out.push_back(kTokenChars[static_cast<unsigned char>(c) % kTokenChars.size()]);
  return out;
}

std::vector<std::string> SplitQuery(std::string_view q) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t amp = q.find('&', start);
    out.emplace_back(
        q.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start));
    if (amp == std::string_view::npos) return out;
    start = amp + 1;
  }
}
std::string JoinQuery(const std::vector<std::string>& pieces) {
  std::string out;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (i > 0) out.push_back('&');
    out.append(pieces[i]);
  }
  return out;
}
std::string PieceKey(std::string_view piece) {
  return kc::sigv4::PercentDecode(piece.substr(0, piece.find('=')));
}
bool IsQueryAuthName(std::string_view key) {
  return std::find(std::begin(kQueryAuthNames), std::end(kQueryAuthNames), key) !=
         std::end(kQueryAuthNames);
}

const kc::sigv4::SecretLookup& Lookup(bool other) {
  static const kc::sigv4::SecretLookup ours =
      [](std::string_view id) -> std::optional<std::string> {
    if (id == kAccessKey) return std::string(kSecret);
    return std::nullopt;
  };
  static const kc::sigv4::SecretLookup theirs =
      [](std::string_view id) -> std::optional<std::string> {
    if (id == kAccessKey) return std::string(kOtherSecret);
    return std::nullopt;
  };
  return other ? theirs : ours;
}

// The signed request and what the oracles need about it.
struct Signed {
  HttpRequest request;
  bool presigned = false;
  kc::sigv4::VerifyOptions options;
  std::string signed_headers;                     // ';'-separated, lower case
  std::vector<std::string_view> skip_query_keys;  // not part of the canonical query
  std::optional<kc::sigv4::ParsedAuthorization> auth;  // header auth: the signer's, parsed
  // The canonical forms of `request` the oracles compare a mutated copy with, computed on
  // first use and then shared by the input's mutations (Original*, below).
  mutable std::optional<std::string> canon_uri;
  mutable std::optional<std::string> canon_query;
  mutable std::optional<std::string> canon_headers;
  mutable std::optional<std::vector<std::string>> query_signatures;
};

bool IsSigned(const Signed& s, std::string_view name) {
  const std::string lower = Lower(name);
  std::size_t start = 0;
  while (true) {
    const std::size_t semi = s.signed_headers.find(';', start);
    if (std::string_view(s.signed_headers)
            .substr(start, semi == std::string::npos ? std::string::npos : semi - start) == lower) {
      return true;
    }
    if (semi == std::string::npos) return false;
    start = semi + 1;
  }
}

std::string CanonHeaders(const Signed& s, const HttpRequest& r) {
  return kc::sigv4::CanonicalHeaders(r, s.signed_headers);
}
std::string CanonQuery(const Signed& s, const HttpRequest& r) {
  return kc::sigv4::CanonicalQueryString(r.query, s.skip_query_keys);
}
// The X-Amz-Signature values of a presigned query, decoded, lower case, sorted.
std::vector<std::string> QuerySignatures(const HttpRequest& r) {
  std::vector<std::string> out;
  for (const std::string& piece : SplitQuery(r.query)) {
    if (PieceKey(piece) != "X-Amz-Signature") continue;
    const std::size_t eq = piece.find('=');
    out.push_back(Lower(kc::sigv4::PercentDecode(
        eq == std::string::npos ? std::string_view() : std::string_view(piece).substr(eq + 1))));
  }
  std::sort(out.begin(), out.end());
  return out;
}
const std::string& OriginalCanonUri(const Signed& s) {
  if (!s.canon_uri) s.canon_uri = kc::sigv4::CanonicalUri(s.request.path, true);
  return *s.canon_uri;
}
const std::string& OriginalCanonQuery(const Signed& s) {
  if (!s.canon_query) s.canon_query = CanonQuery(s, s.request);
  return *s.canon_query;
}
const std::string& OriginalCanonHeaders(const Signed& s) {
  if (!s.canon_headers) s.canon_headers = CanonHeaders(s, s.request);
  return *s.canon_headers;
}
const std::vector<std::string>& OriginalQuerySignatures(const Signed& s) {
  if (!s.query_signatures) s.query_signatures = QuerySignatures(s.request);
  return *s.query_signatures;
}

VerifyResult Run(const Signed& s, const HttpRequest& r) {
  return kc::sigv4::Verify(r, Lookup(false), kNow, kSkew, s.options);
}

enum class Expect { kAccept, kRefuse, kEither };

void Judge(const Signed& s, const HttpRequest& r, Expect expect, const char* what) {
  if (expect == Expect::kEither) {
    (void)Run(s, r);
    return;
  }
  const VerifyResult v = Run(s, r);
  if (expect == Expect::kAccept) {
    if (!v.ok()) Fail(std::string("must still verify after: ") + what, &r, &v);
    const auto& got = v.value();
    if (got.access_key_id != kAccessKey || got.region != kRegion || got.service != kService ||
        got.signing_time != kNow || got.presigned != s.presigned) {
      Fail(std::string("verified with other identity, scope, time or mode after: ") + what, &r);
    }
  } else if (v.ok()) {
    Fail(std::string("must not verify after: ") + what, &r);
  }
}

std::size_t AuthIndex(const HttpRequest& r) {
  for (std::size_t i = 0; i < r.headers.size(); ++i) {
    if (kc::sigv4::EqualsIgnoreCase(r.headers[i].first, kc::sigv4::kAuthorizationHeader)) return i;
  }
  return r.headers.size();
}

bool SameAuth(const kc::sigv4::ParsedAuthorization& a, const kc::sigv4::ParsedAuthorization& b) {
  return a.access_key_id == b.access_key_id && a.date == b.date && a.region == b.region &&
         a.service == b.service && a.signed_headers == b.signed_headers &&
         a.signature == b.signature;
}

// Replaces the value of every query parameter named `key` (decoded) with `value` (raw).
void SetQueryParam(HttpRequest& r, std::string_view key, const std::string& raw_value) {
  std::vector<std::string> pieces = SplitQuery(r.query);
  for (std::string& piece : pieces) {
    if (PieceKey(piece) == key) piece = std::string(key) + "=" + raw_value;
  }
  r.query = JoinQuery(pieces);
}
std::optional<std::string> GetQueryParam(const HttpRequest& r, std::string_view key) {
  for (const std::string& piece : SplitQuery(r.query)) {
    if (PieceKey(piece) != key) continue;
    const std::size_t eq = piece.find('=');
    return kc::sigv4::PercentDecode(
        eq == std::string::npos ? std::string_view() : std::string_view(piece).substr(eq + 1));
  }
  return std::nullopt;
}

// Where the signature's 64 hex digits are: in the Authorization value (header auth) or in
// the X-Amz-Signature value. Returns false when not found.
bool SignatureSpan(const Signed& s, HttpRequest& r, std::string*& text, std::size_t& at) {
  if (!s.presigned) {
    const std::size_t i = AuthIndex(r);
    if (i == r.headers.size()) return false;
    text = &r.headers[i].second;
    const std::size_t p = text->find("Signature=");
    if (p == std::string::npos || p + 10 + 64 > text->size()) return false;
    at = p + 10;
    return true;
  }
  // The parameter named exactly X-Amz-Signature (the last one: Presign appends it), not a
  // user parameter whose name merely ends with it ("rgX-Amz-Signature=...").
  std::size_t p = std::string::npos;
  for (std::size_t i = r.query.find("X-Amz-Signature="); i != std::string::npos;
       i = r.query.find("X-Amz-Signature=", i + 1)) {
    if (i == 0 || r.query[i - 1] == '&') p = i;
  }
  if (p == std::string::npos || p + 16 + 64 > r.query.size()) return false;
  text = &r.query;
  at = p + 16;
  return true;
}

// Mutates `r`, a copy of s.request (the caller's, reused by the input's mutations: assigning
// reuses its strings' buffers), and judges it.
void Mutate(const Signed& s, HttpRequest& r, std::uint8_t kind, std::uint8_t a, std::uint8_t b) {
  const std::uint8_t x = b != 0 ? b : 1;  // a non-zero xor
  std::vector<std::pair<std::string, std::string>>& hs = r.headers;
  switch (kind % 21) {
    case 0: {  // a body byte
      if (r.body.empty()) {
        r.body.push_back(static_cast<char>(b));
      } else {
        r.body[a % r.body.size()] = static_cast<char>(r.body[a % r.body.size()] ^ x);
      }
      return Judge(s, r, Expect::kRefuse, "a body byte changed");
    }
    case 1: {  // body length
      if ((a & 1) && !r.body.empty()) {
        r.body.pop_back();
      } else {
        r.body.push_back(static_cast<char>(b));
      }
      return Judge(s, r, Expect::kRefuse, "a body byte appended or removed");
    }
    case 2: {  // a method byte
      r.method[a % r.method.size()] = static_cast<char>(r.method[a % r.method.size()] ^ x);
      return Judge(s, r, Expect::kRefuse, "a method byte changed");
    }
    case 3: {  // a path byte: fails unless the canonical URI is unchanged
      if (r.path.empty()) {
        r.path.push_back(static_cast<char>(b));
      } else {
        r.path[a % r.path.size()] = static_cast<char>(r.path[a % r.path.size()] ^ x);
      }
      const bool same =
          kc::sigv4::CanonicalUri(r.path, true) == OriginalCanonUri(s);
      return Judge(s, r, same ? Expect::kAccept : Expect::kRefuse, "a path byte changed");
    }
    case 4: {  // "./" or "/" after a '/' of the path
      std::vector<std::size_t> slashes;
      for (std::size_t i = 0; i < r.path.size(); ++i) {
        if (r.path[i] == '/') slashes.push_back(i);
      }
      if (slashes.empty()) return;
      r.path.insert(slashes[a % slashes.size()] + 1, (b & 1) ? "./" : "/");
      return Judge(s, r, Expect::kAccept, "\"./\" or \"/\" inserted after a '/' of the path");
    }
    case 5:
    case 14: {  // a query byte: fails unless the canonical query and the signature are unchanged
      if (r.query.empty()) {
        r.query.push_back(static_cast<char>(b));
      } else {
        // kind 14 aims at the end of the query, where Presign puts its parameters.
        const std::size_t n = r.query.size();
        const std::size_t i = kind % 21 == 14 ? n - 1 - (a % std::min<std::size_t>(n, 160)) : a % n;
        r.query[i] = static_cast<char>(r.query[i] ^ x);
      }
      const bool same = CanonQuery(s, r) == OriginalCanonQuery(s) &&
                        (!s.presigned || QuerySignatures(r) == OriginalQuerySignatures(s));
      return Judge(s, r, same ? Expect::kAccept : Expect::kRefuse, "a query byte changed");
    }
    case 6: {  // two query parameters swapped
      std::vector<std::string> pieces = SplitQuery(r.query);
      const std::size_t i = a % pieces.size();
      const std::size_t j = b % pieces.size();
      if (i == j) return;
      std::swap(pieces[i], pieces[j]);
      r.query = JoinQuery(pieces);
      return Judge(s, r, Expect::kAccept, "two query parameters swapped");
    }
    case 7: {  // an unreserved character of a query parameter written as %XX
      std::vector<std::string> pieces = SplitQuery(r.query);
      std::string& piece = pieces[a % pieces.size()];
      if (piece.find('%') != std::string::npos || piece.empty()) return;
      for (std::size_t k = 0; k < piece.size(); ++k) {
        const std::size_t i = (b + k) % piece.size();
        if (!IsUnreserved(piece[i])) continue;
        static constexpr char kHex[] = "0123456789ABCDEF0123456789abcdef";
        const auto c = static_cast<unsigned char>(piece[i]);
        const int off = (b & 0x80) ? 16 : 0;
        piece.replace(i, 1, {'%', kHex[off + (c >> 4)], kHex[off + (c & 15)]});
        r.query = JoinQuery(pieces);
        return Judge(s, r, Expect::kAccept, "an unreserved query character percent-encoded");
      }
      return;
    }
    case 8: {  // the case of a hex digit of a %XX escape in the query
      std::vector<std::size_t> letters;
      for (std::size_t i = 0; i < r.query.size();) {
        if (r.query[i] == '%' && i + 2 < r.query.size() && IsHex(r.query[i + 1]) &&
            IsHex(r.query[i + 2])) {
          if (IsLetter(r.query[i + 1])) letters.push_back(i + 1);
          if (IsLetter(r.query[i + 2])) letters.push_back(i + 2);
          i += 3;
        } else {
          ++i;
        }
      }
      if (letters.empty()) return;
      const std::size_t i = letters[a % letters.size()];
      r.query[i] = FlipCase(r.query[i]);
      return Judge(s, r, Expect::kAccept, "the case of a %XX hex digit in the query changed");
    }
    case 9: {  // whitespace around or inside a header value
      auto& value = hs[a % hs.size()].second;
      static constexpr std::string_view kWs[] = {" ", "\t", " \t ", "  "};
      const std::string_view ws = kWs[(b >> 2) % 4];
      switch (b % 3) {
        case 0:
          value.insert(0, ws);
          break;
        case 1:
          value.append(ws);
          break;
        default: {
          const std::size_t sp = value.find(' ', 1);
          if (sp == std::string::npos || sp + 1 >= value.size()) return;
          value.insert(sp, ws);
          break;
        }
      }
      return Judge(s, r, Expect::kAccept, "whitespace added around or inside a header value");
    }
    case 10: {  // a byte of a header value (Authorization: case 15)
      const std::size_t h = a % hs.size();
      if (h == AuthIndex(r)) return;
      auto& value = hs[h].second;
      const std::size_t i = b % (value.size() + 1);
      char before = ' ';
      char after = static_cast<char>(b ^ 0x5A);
      if (i == value.size()) {
        value.push_back(after);
      } else {
        before = value[i];
        after = static_cast<char>(before ^ (a | 1));
        value[i] = after;
      }
      const bool ignored = !IsSigned(s, hs[h].first) || (IsWs(before) && IsWs(after));
      // The canonical form must agree with the whitespace rule.
      if (IsSigned(s, hs[h].first) &&
          ignored != (CanonHeaders(s, r) == OriginalCanonHeaders(s))) {
        Fail("canonical header value disagrees with the whitespace rule", &r);
      }
      return Judge(s, r, ignored ? Expect::kAccept : Expect::kRefuse,
                   "a header value byte changed");
    }
    case 11: {  // header name case
      auto& name = hs[a % hs.size()].first;
      if (b & 1) {
        for (char& c : name) c = FlipCase(c);
      } else {
        name[b % name.size()] = FlipCase(name[b % name.size()]);
      }
      return Judge(s, r, Expect::kAccept, "the case of a header name changed");
    }
    case 12: {  // a byte of a header name, not a case change
      const std::size_t h = a % hs.size();
      std::string& name = hs[h].first;
      const std::string old_lower = Lower(name);
      const std::size_t i = b % name.size();
      const char c = static_cast<char>(name[i] ^ ((a >> 1) | 1));
      if (FlipCase(c) == name[i] || c == name[i]) return;  // a case change: case 11
      name[i] = c;
      const std::string new_lower = Lower(name);
      Expect e =
          CanonHeaders(s, r) == OriginalCanonHeaders(s) ? Expect::kAccept : Expect::kRefuse;
      if (old_lower == "authorization" || new_lower == "authorization") e = Expect::kRefuse;
      if (new_lower == kc::sigv4::kContentSha256Header) e = Expect::kEither;
      // Independent of the canonical form: a signed header with a non-empty canonical value
      // that loses its name loses its value from the signed line.
      std::string value;
      kc::sigv4::AppendCanonicalHeaderValue(value, hs[h].second);
      if (IsSigned(s, old_lower) && !value.empty() && e == Expect::kAccept) {
        Fail("canonical headers unchanged after renaming a signed header", &r);
      }
      return Judge(s, r, e, "a byte of a header name changed");
    }
    case 13: {  // another signing time
      const kc::EpochSeconds t = kNow + ((b & 1) ? 1 : -1) * (1 + a % 290);
      const std::string date = kc::sigv4::FormatAmzDate(t);
      if (s.presigned) {
        SetQueryParam(r, "X-Amz-Date", date);
      } else {
        for (auto& [name, value] : hs) {
          if (kc::sigv4::EqualsIgnoreCase(name, kc::sigv4::kAmzDateHeader)) value = date;
        }
      }
      return Judge(s, r, Expect::kRefuse, "X-Amz-Date moved by some seconds");
    }
    case 15: {  // a byte of the Authorization value
      if (s.presigned) return;
      auto& value = hs[AuthIndex(r)].second;
      const std::size_t i = (a | (static_cast<std::size_t>(b) << 8)) % value.size();
      value[i] = static_cast<char>(value[i] ^ x);
      const auto after = kc::sigv4::ParseAuthorization(value);
      const bool same = after.ok() && SameAuth(*s.auth, after.value());
      return Judge(s, r, same ? Expect::kAccept : Expect::kRefuse,
                   "a byte of the Authorization value changed");
    }
    case 16: {  // the credential scope
      const int part = b % 4;
      std::string credential;
      if (s.presigned) {
        credential = GetQueryParam(r, "X-Amz-Credential").value_or("");
      } else {
        credential = s.auth->access_key_id + "/" +
                     kc::sigv4::CredentialScope(s.auth->date, s.auth->region, s.auth->service);
      }
      std::string changed = std::string(kAccessKey);
      if (part == 0) changed.back() = static_cast<char>(changed.back() == '1' ? '2' : '1');
      const std::string date =
          kc::sigv4::FormatAmzDate(kNow + (part == 1 ? ((a & 1) ? 86400 : -86400) : 0))
              .substr(0, 8);
      changed += "/" + kc::sigv4::CredentialScope(date, part == 2 ? "us-east-2" : kRegion,
                                                  part == 3 ? "kmt" : kService);
      if (s.presigned) {
        SetQueryParam(r, "X-Amz-Credential", kc::sigv4::UriEncode(changed, false));
      } else {
        auto& value = hs[AuthIndex(r)].second;
        const std::size_t p = value.find(credential);
        if (p == std::string::npos) Fail("no credential in the signer's Authorization", &r);
        value.replace(p, credential.size(), changed);
      }
      return Judge(s, r, Expect::kRefuse, "the credential scope changed");
    }
    case 17: {  // a hex digit of the signature
      std::string* text = nullptr;
      std::size_t at = 0;
      if (!SignatureSpan(s, r, text, at)) Fail("no signature where the signer puts it", &r);
      char& c = (*text)[at + a % 64];
      if ((b & 1) && IsLetter(c)) {
        c = FlipCase(c);
        return Judge(s, r, Expect::kAccept, "the case of a signature hex digit changed");
      }
      static constexpr char kHex[] = "0123456789abcdef";
      const char lower = static_cast<char>(IsLetter(c) ? (c | 0x20) : c);
      const std::size_t d = static_cast<std::size_t>(std::string_view(kHex).find(lower));
      c = kHex[(d + 1 + b % 15) % 16];
      return Judge(s, r, Expect::kRefuse, "a signature hex digit changed");
    }
    case 18: {  // Authorization parameters reordered, spaces around the commas changed
      if (s.presigned) return;
      auto& value = hs[AuthIndex(r)].second;
      const std::size_t sp = value.find(' ');
      std::vector<std::string> params;
      std::size_t start = sp + 1;
      while (true) {
        const std::size_t comma = value.find(',', start);
        std::string piece =
            value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        while (!piece.empty() && piece.front() == ' ') piece.erase(0, 1);
        params.push_back(piece);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (params.size() != 3) Fail("the signer's Authorization has not 3 parameters", &r);
      std::rotate(params.begin(), params.begin() + a % 3, params.end());
      if (b & 1) std::swap(params[0], params[1]);
      static constexpr std::string_view kSeps[] = {",", ", ", " ,  ", ",\t"};
      std::string rebuilt = value.substr(0, sp) + ((b & 2) ? "  " : " ");
      for (std::size_t i = 0; i < params.size(); ++i) {
        if (i > 0) rebuilt.append(kSeps[(b >> (2 + i)) % 4]);
        rebuilt.append(params[i]);
      }
      value = rebuilt;
      return Judge(s, r, Expect::kAccept, "Authorization parameters reordered or re-spaced");
    }
    case 19: {  // two adjacent headers swapped (so no same-named header sits between them)
      if (hs.size() < 2) return;
      const std::size_t i = a % (hs.size() - 1);
      const std::size_t j = i + 1;
      const bool same_name = kc::sigv4::EqualsIgnoreCase(hs[i].first, hs[j].first);
      std::swap(hs[i], hs[j]);
      const bool same = CanonHeaders(s, r) == OriginalCanonHeaders(s);
      if (!same_name && !same) Fail("canonical headers changed by reordering distinct names", &r);
      return Judge(s, r, same ? Expect::kAccept : Expect::kRefuse, "two headers swapped");
    }
    default: {  // a header removed or added
      if (b & 1) {
        const std::size_t h = a % hs.size();
        const std::string lower = Lower(hs[h].first);
        hs.erase(hs.begin() + static_cast<std::ptrdiff_t>(h));
        Expect e = !IsSigned(s, lower)                                ? Expect::kAccept
                   : CanonHeaders(s, r) == OriginalCanonHeaders(s) ? Expect::kAccept
                                                                      : Expect::kRefuse;
        if (lower == "authorization") e = Expect::kRefuse;
        return Judge(s, r, e, "a header removed");
      }
      std::string name = (b & 2) ? hs[a % hs.size()].first
                                 : "X-Fuzz-" + AsToken(std::string(1, static_cast<char>(a)));
      if (b & 4) name = Lower(name);
      const std::string lower = Lower(name);
      hs.emplace_back(name, (b & 8) ? "" : "added value");
      Expect e = IsSigned(s, lower) ? Expect::kRefuse : Expect::kAccept;
      if (lower == "authorization") e = Expect::kRefuse;
      if (lower == kc::sigv4::kContentSha256Header) e = Expect::kEither;
      return Judge(s, r, e, "a header added");
    }
  }
}

// The request to sign, from the input (Presign's domain: see below).
HttpRequest ReadRequest(bool presign, Reader& in) {
  HttpRequest r;
  const std::uint8_t m = in.Byte();
  static constexpr std::string_view kMethods[] = {"POST", "GET", "PUT", "DELETE", "HEAD", "PATCH"};
  r.method = (m & 0x80) ? AsToken(in.Str()) : std::string(kMethods[m % 6]);
  if (r.method.empty()) r.method = "POST";
  r.path = in.Str();
  r.query = in.Str();
  const int count = in.Byte() % 6;
  for (int i = 0; i < count; ++i) {
    std::string name = AsToken(in.Str());
    if (name.empty()) name = "x-h" + std::to_string(i);
    r.headers.emplace_back(std::move(name), in.Str());
  }
  if (!kc::sigv4::FindHeader(r, "host")) {
    r.headers.insert(r.headers.begin(), {"Host", "kms.us-east-1.amazonaws.com"});
  }
  r.body = in.Str();
  if (presign) {
    // Presign appends its parameters and signs every header: a query that already has
    // X-Amz-* auth parameters, or an Authorization or x-amz-content-sha256 header, is outside
    // its domain (the verifier would see them), so they are dropped first.
    std::vector<std::string> kept;
    for (const std::string& piece : SplitQuery(r.query)) {
      if (!IsQueryAuthName(PieceKey(piece))) kept.push_back(piece);
    }
    r.query = JoinQuery(kept);
    kc::sigv4::RemoveHeaders(r, kc::sigv4::kAuthorizationHeader);
    kc::sigv4::RemoveHeaders(r, kc::sigv4::kContentSha256Header);
  }
  return r;
}

// The signing key of (kSecret, kNow's date, kRegion, kService), derived once for the run
// rather than four HMACs per input (Sign's result is the same: signer.h).
kc::sigv4::SigningKeyCache& KeyCache() {
  static kc::sigv4::SigningKeyCache* const cache = new kc::sigv4::SigningKeyCache(1);
  return *cache;
}

void SignAndMutate(std::uint8_t flags, Reader& in) {
  const bool presign = (flags & 1) != 0;
  const bool token = (flags & 4) != 0;
  const bool omit = (flags & 8) != 0;
  const Reader request_start = in;
  HttpRequest r = ReadRequest(presign, in);
  const std::int64_t expires = 1 + 600 * static_cast<std::int64_t>(in.Byte());

  Signed s;
  s.presigned = presign;
  static const kc::sigv4::Credentials kPlain{std::string(kAccessKey), std::string(kSecret), ""};
  static const kc::sigv4::Credentials kWithToken{std::string(kAccessKey), std::string(kSecret),
                                                 std::string(kToken)};
  const kc::sigv4::Credentials& credentials = token ? kWithToken : kPlain;
  kc::sigv4::SigningParams params;
  params.region = kRegion;
  params.service = kService;
  params.time = kNow;
  params.sign_body = (flags & 16) != 0;
  params.omit_session_token_from_signature = omit;
  params.key_cache = &KeyCache();
  kc::Result<HttpRequest> done = kc::Status::Ok();
  if (presign) {
    done = kc::sigv4::Presign(std::move(r), credentials, params, expires);
    s.options.presigned_token_is_unsigned = omit;
    s.skip_query_keys = {"X-Amz-Signature"};
    if (omit) s.skip_query_keys.push_back("X-Amz-Security-Token");
  } else {
    done = kc::sigv4::Sign(std::move(r), credentials, params);
  }
  if (!done.ok()) {
    Reader again = request_start;  // the request was moved into the signer: read it again
    const HttpRequest refused = ReadRequest(presign, again);
    Fail("the signer refused a request: " + done.status().message(), &refused);
  }
  s.request = std::move(done).value();
  if (presign) {
    s.signed_headers = kc::sigv4::SignedHeadersOf(s.request);
  } else {
    auto auth = kc::sigv4::ParseAuthorization(
        kc::sigv4::FindHeader(s.request, kc::sigv4::kAuthorizationHeader).value_or(""));
    if (!auth.ok())
      Fail("the signer's Authorization does not parse: " + auth.status().message(), &s.request);
    s.auth = std::move(auth).value();
    s.signed_headers = s.auth->signed_headers;
  }

  // Claim 1.
  const VerifyResult v = Run(s, s.request);
  if (!v.ok()) Fail("a signed request does not verify", &s.request, &v);
  const auto& got = v.value();
  if (got.access_key_id != kAccessKey || got.region != kRegion || got.service != kService ||
      got.signing_time != kNow || got.presigned != presign ||
      got.session_token != (token ? kToken : "")) {
    Fail("Verify reports another identity, scope, time, token or mode", &s.request);
  }
  // Claims 2 and 3.
  // The copy each mutation changes. It lives for this input only: a buffer kept across
  // inputs makes a run's allocations and frees differ, which libFuzzer takes for a possible
  // leak and answers with a LeakSanitizer pass (that cost more than everything else).
  HttpRequest mutated;
  for (int i = 0; i < kMutationsPerInput && !in.empty(); ++i) {
    const std::uint8_t kind = in.Byte();
    const std::uint8_t a = in.Byte();
    const std::uint8_t b = in.Byte();
    mutated = s.request;
    Mutate(s, mutated, kind, a, b);
  }
}

void CheckParseAuthorization(const std::string& text) {
  const auto parsed = kc::sigv4::ParseAuthorization(text);
  if (!parsed.ok()) {
    if (parsed.status().code() != kc::StatusCode::kInvalidArgument ||
        parsed.status().message().empty()) {
      Fail("ParseAuthorization refused without an InvalidArgument message");
    }
    return;
  }
  const auto& p = parsed.value();
  for (const std::string* part : {&p.access_key_id, &p.region, &p.service}) {
    if (part->empty() || part->find('/') != std::string::npos) {
      Fail("ParseAuthorization accepted an empty or '/'-holding credential element");
    }
  }
  if (p.date.size() != 8 || !kc::sigv4::ParseAmzDate(p.date + "T000000Z")) {
    Fail("ParseAuthorization accepted a scope date that is not YYYYMMDD");
  }
  std::string previous;
  std::size_t start = 0;
  while (true) {
    const std::size_t semi = p.signed_headers.find(';', start);
    const std::string name = p.signed_headers.substr(
        start, semi == std::string::npos ? std::string::npos : semi - start);
    if (name.empty() || (!previous.empty() && !(previous < name)) || Lower(name) != name) {
      Fail("ParseAuthorization accepted SignedHeaders that are not lower-case and ascending");
    }
    previous = name;
    if (semi == std::string::npos) break;
    start = semi + 1;
  }
  const std::string again = kc::sigv4::AuthorizationHeader(
      p.access_key_id, kc::sigv4::CredentialScope(p.date, p.region, p.service), p.signed_headers,
      kc::HexEncode(p.signature));
  const auto reparsed = kc::sigv4::ParseAuthorization(again);
  if (!reparsed.ok() || !SameAuth(p, reparsed.value())) {
    Fail("an accepted Authorization re-encodes to one that parses differently: " + again);
  }
}

void CheckRawVerify(Reader& in) {
  HttpRequest r;
  r.method = in.Str();
  r.path = in.LongStr();
  r.query = in.LongStr();
  const int count = in.Byte() % 8;
  for (int i = 0; i < count; ++i) {
    std::string name = in.Str();
    r.headers.emplace_back(std::move(name), in.LongStr());
  }
  r.body = in.Rest();
  const VerifyResult v = kc::sigv4::Verify(r, Lookup(false), kNow, kSkew);
  if (!v.ok()) {
    if (v.message().empty()) Fail("a refusal without a message", &r, &v);
    return;
  }
  const auto& got = v.value();
  if (got.access_key_id != kAccessKey || got.region.empty() || got.service.empty() ||
      got.signing_time > kNow + kSkew || got.signing_time < kNow - 604800) {
    Fail("an accepted request names another identity or an impossible time", &r);
  }
  const bool header_auth = kc::sigv4::FindHeader(r, kc::sigv4::kAuthorizationHeader).has_value();
  if (got.presigned == header_auth) Fail("accepted in the wrong mode", &r);
  if (header_auth) {
    const auto p =
        kc::sigv4::ParseAuthorization(*kc::sigv4::FindHeader(r, kc::sigv4::kAuthorizationHeader));
    if (!p.ok() || p.value().access_key_id != got.access_key_id || p.value().region != got.region ||
        p.value().service != got.service) {
      Fail("accepted Authorization disagrees with what Verify reports", &r);
    }
  }
  if (kc::sigv4::Verify(r, Lookup(true), kNow, kSkew).ok()) {
    Fail("a request accepted under one secret is accepted under another", &r);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Reader in(data, size);
  const std::uint8_t flags = in.Byte();
  switch (flags & 3) {
    case 0:
    case 1:
      SignAndMutate(flags, in);
      break;
    case 2:
      CheckParseAuthorization(in.Rest());
      break;
    default:
      CheckRawVerify(in);
      break;
  }
  return 0;
}
