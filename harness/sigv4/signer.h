// SigV4 signing: the string to sign, the signing key, the signature and the Authorization
// header, each a pure function (aws-c-auth style), and Sign / Presign composing them with
// the canonical request (canonical.h).
// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
#ifndef KC_SIGV4_SIGNER_H_
#define KC_SIGV4_SIGNER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "harness/common/status.h"
#include "harness/crypto/hash.h"
#include "harness/sigv4/request.h"

namespace kc::sigv4 {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kScopeTerminator = "aws4_request";
// Header names as Sign writes them (the suite's header-signed-request.txt spelling).
inline constexpr std::string_view kAuthorizationHeader = "Authorization";
inline constexpr std::string_view kAmzDateHeader = "X-Amz-Date";
inline constexpr std::string_view kSecurityTokenHeader = "X-Amz-Security-Token";
inline constexpr std::string_view kContentSha256Header = "x-amz-content-sha256";
// The longest validity a presigned URL may ask for (7 days).
inline constexpr std::int64_t kMaxPresignExpiresSeconds = 604800;

// PayloadHash: lower-case hex SHA-256 of `body` (the canonical request's last line).
std::string PayloadHash(std::string_view body);

// CredentialScope: "<date>/<region>/<service>/aws4_request"; `date` is YYYYMMDD.
std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service);

// StringToSign: "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex SHA-256 of canonical_request>".
std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);

// SigningKey: HMAC chain "AWS4"+secret -> date -> region -> service -> "aws4_request".
crypto::Digest256 SigningKey(std::string_view secret_access_key, std::string_view date,
                             std::string_view region, std::string_view service);

// Signature: lower-case hex HMAC-SHA256(signing_key, string_to_sign), 64 characters.
std::string Signature(const crypto::Digest256& signing_key, std::string_view string_to_sign);

// AuthorizationHeader: the Authorization value, "AWS4-HMAC-SHA256 Credential=<akid>/<scope>,
// SignedHeaders=<signed_headers>, Signature=<signature>" (", " between the parameters).
std::string AuthorizationHeader(std::string_view access_key_id, std::string_view scope,
                                std::string_view signed_headers, std::string_view signature);

// SigningTrace: the intermediate stages of one Sign / Presign, for tests and transcripts.
struct SigningTrace {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
};

// Sign: `request` with SigV4 header authentication added. Any Authorization, X-Amz-Date,
// X-Amz-Security-Token and x-amz-content-sha256 headers already present are removed; then,
// in this order, X-Amz-Security-Token (when credentials carry a session token),
// X-Amz-Date, x-amz-content-sha256 (when params.sign_body) and Authorization are appended.
// Signed headers: every header of the request after that (Host included: the caller must
// set it; Sign cannot guess it), minus X-Amz-Security-Token when
// params.omit_session_token_from_signature. Fills `trace` when non-null.
// Fails (InvalidArgument) when params.time is not signable (amz_date.h), or when the access
// key id, region or service is empty or contains '/' (they would corrupt the scope).
Result<HttpRequest> Sign(HttpRequest request, const Credentials& credentials,
                         const SigningParams& params, SigningTrace* trace = nullptr);

// Presign: `request` with SigV4 query-string authentication (a presigned URL) appended to
// its query, in the suite's order: X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date,
// X-Amz-SignedHeaders, X-Amz-Expires, X-Amz-Security-Token (when set; signed unless
// params.omit_session_token_from_signature) and X-Amz-Signature. Headers are not changed;
// all of them are signed. The payload hash is the body's SHA-256 (params.sign_body is not
// used). Fails like Sign, and when expires_seconds is outside [1, 604800].
Result<HttpRequest> Presign(HttpRequest request, const Credentials& credentials,
                            const SigningParams& params, std::int64_t expires_seconds,
                            SigningTrace* trace = nullptr);

}  // namespace kc::sigv4

#endif  // KC_SIGV4_SIGNER_H_
