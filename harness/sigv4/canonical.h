// Canonical request (SigV4 task 1), one pure function per part, as aws-c-auth splits it.
// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
//
//   CanonicalRequest = Method '\n' CanonicalURI '\n' CanonicalQueryString '\n'
//                      CanonicalHeaders '\n' SignedHeaders '\n' HexEncode(Hash(Payload))
//
// Every function here is total: any byte string gives a canonical form, never an error.
#ifndef KC_SIGV4_CANONICAL_H_
#define KC_SIGV4_CANONICAL_H_

#include <span>
#include <string>
#include <string_view>

#include "harness/sigv4/request.h"

namespace kc::sigv4 {

// AppendUriEncoded: appends `text` to `out` with every byte outside the unreserved set
// (A-Z a-z 0-9 '-' '.' '_' '~') written as %XX (upper-case hex); '/' is kept as is when
// keep_slash. "Do not URI-encode any of the unreserved characters that RFC 3986 defines
// ... Percent-encode all other characters with %XY ... use uppercase".
void AppendUriEncoded(std::string& out, std::string_view text, bool keep_slash);
// UriEncode: AppendUriEncoded into a new string.
std::string UriEncode(std::string_view text, bool keep_slash);

// PercentDecode: %XX (either case) becomes the byte XX; a '%' not followed by two hex digits
// stays literal; '+' stays '+' (it is not a space in SigV4).
std::string PercentDecode(std::string_view text);
// AppendPercentDecoded: PercentDecode(text) appended to `out`; at most text.size() bytes.
void AppendPercentDecoded(std::string& out, std::string_view text);

// NormalizePath: RFC 3986 section 5.2.4 dot-segment removal, with empty segments ("//")
// dropped too. Always starts with '/'; keeps a trailing '/' (also the one a final "." or
// ".." implies), except that the root stays "/". "//example//" -> "/example/",
// "/example/.." -> "/", "/./example" -> "/example".
std::string NormalizePath(std::string_view path);

// CanonicalUri: the raw path, normalised when `normalize` (every service but S3), then
// URI-encoded once with '/' kept. The path is not decoded first, so an already-encoded
// "%20" becomes "%2520": AWS's rule for non-S3 services ("Each path segment must be
// URI-encoded twice"; the suite's get-space-* cases). An empty path is "/".
std::string CanonicalUri(std::string_view raw_path, bool normalize);

// CanonicalQueryString: the raw query split on '&' (empty pieces dropped), each piece split
// at its first '=' (no '=': empty value), key and value percent-decoded and re-encoded
// with the unreserved set ('/' encoded too), sorted by encoded key then encoded value,
// joined "k=v&k=v". A parameter whose decoded key is one of `skip_keys` is left out: the
// verifier drops X-Amz-Signature from a presigned URL this way.
std::string CanonicalQueryString(std::string_view raw_query,
                                 std::span<const std::string_view> skip_keys = {});

// AppendCanonicalHeaderValue: appends `value` trimmed of leading and trailing whitespace,
// with each inner run of whitespace (SP, HT, CR, LF: obs-fold continuations included)
// written as one space. "Trim any leading or trailing spaces ... convert sequential spaces
// to a single space."
void AppendCanonicalHeaderValue(std::string& out, std::string_view value);

// SignedHeadersOf: the lower-cased names of all of `request`'s headers, sorted, without
// duplicates, joined with ';' ("host;x-amz-date"): what the signer signs. When
// `exclude` is non-empty, that (lower-case) name is left out.
std::string SignedHeadersOf(const HttpRequest& request, std::string_view exclude = {});

// AppendCanonicalHeaders: for each name in `signed_headers` (';'-separated, lower-case,
// in the given order) appends "name:v1,v2\n", where v1, v2 are the canonical values of
// every header of that name (ASCII case-insensitive) in request order ("x:a,b" for
// duplicates, as get-header-key-duplicate). A name the request lacks gets "name:\n"; an
// empty list gives nothing.
void AppendCanonicalHeaders(std::string& out, const HttpRequest& request,
                            std::string_view signed_headers);
// CanonicalHeaders: AppendCanonicalHeaders into a new string.
std::string CanonicalHeaders(const HttpRequest& request, std::string_view signed_headers);

// CanonicalRequest: the six lines above for `request`, signing the headers named in
// `signed_headers` (as SignedHeadersOf spells them) and with `payload_hash` (lower-case
// hex SHA-256 of the body, or whatever x-amz-content-sha256 announces) as the last line.
// `skip_query_keys` is passed to CanonicalQueryString.
std::string CanonicalRequest(const HttpRequest& request, std::string_view signed_headers,
                             std::string_view payload_hash, bool normalize_path,
                             std::span<const std::string_view> skip_query_keys = {});
// AppendCanonicalRequest: CanonicalRequest appended to `out` (a buffer the caller reuses).
void AppendCanonicalRequest(std::string& out, const HttpRequest& request,
                            std::string_view signed_headers, std::string_view payload_hash,
                            bool normalize_path,
                            std::span<const std::string_view> skip_query_keys = {});

}  // namespace kc::sigv4

#endif  // KC_SIGV4_CANONICAL_H_
