// SigV4 verification, as the mock KMS server does it: parse the Authorization header (or a
// presigned URL's X-Amz-* query parameters), check the clock skew, recompute the signature
// over the headers the client says it signed, compare in constant time.
// Failures are values: a VerifyError and the message AWS sends with it.
#ifndef KC_SIGV4_VERIFIER_H_
#define KC_SIGV4_VERIFIER_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "harness/common/clock.h"
#include "harness/common/status.h"
#include "harness/crypto/hash.h"
#include "harness/sigv4/request.h"
#include "harness/sigv4/signing_key_cache.h"

namespace kc::sigv4 {

// VerifyError: why a request is refused. The AWS exception each maps to (codec's table
// spells them; AWS wire names live there):
enum class VerifyError {
  kMissingAuthentication,  // MissingAuthenticationTokenException: no Authorization, no query auth
  kIncompleteSignature,    // IncompleteSignatureException: malformed auth, no X-Amz-Date/Date
  kUnknownAccessKey,       // UnrecognizedClientException: the access key id is not known
  kSignatureMismatch,      // InvalidSignatureException: the signature does not verify
  kSignatureExpired,       // InvalidSignatureException: signing time outside the allowed skew
};

// VerifyErrorName: "SignatureMismatch" etc., for logs and test output.
std::string_view VerifyErrorName(VerifyError error);

inline constexpr std::string_view kMissingAuthenticationMessage = "Missing Authentication Token";
inline constexpr std::string_view kUnknownAccessKeyMessage =
    "The security token included in the request is invalid.";
inline constexpr std::string_view kSignatureMismatchMessage =
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details.";

// ParsedAuthorization: the parameters of "AWS4-HMAC-SHA256 Credential=AKID/20150830/
// us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=<64 hex>".
struct ParsedAuthorization {
  std::string access_key_id;
  std::string date;  // YYYYMMDD, the credential scope's date
  std::string region;
  std::string service;
  std::string signed_headers;  // as sent: lower-case names, ascending, ';'-separated
  crypto::Digest256 signature{};
};

// ParseAuthorization: the parameters of an Authorization header value. The algorithm must
// be AWS4-HMAC-SHA256; the parameters Credential, SignedHeaders and Signature may come in
// any order, separated by ',' with optional spaces around it; other parameters are ignored.
// Credential is exactly five non-empty '/'-separated elements, the date YYYYMMDD and the
// last "aws4_request"; SignedHeaders is non-empty lower-case names in strictly ascending
// order; Signature is 64 hex digits (either case). On failure the Status
// (InvalidArgument) message is the IncompleteSignatureException message AWS would send,
// e.g. "Authorization header requires 'Signature' parameter. Authorization=<header>".
Result<ParsedAuthorization> ParseAuthorization(std::string_view header);

// VerifiedRequest: who signed an accepted request, and for where.
struct VerifiedRequest {
  std::string access_key_id;
  std::string region;         // from the credential scope
  std::string service;        // from the credential scope
  std::string session_token;  // X-Amz-Security-Token (header or query), not checked here
  EpochSeconds signing_time = 0;
  bool presigned = false;  // authenticated by query parameters rather than Authorization
};

// VerifyResult: a VerifiedRequest, or a VerifyError with its AWS message.
class [[nodiscard]] VerifyResult {
 public:
  static VerifyResult Accept(VerifiedRequest request) { return VerifyResult(std::move(request)); }
  static VerifyResult Refuse(VerifyError error, std::string message) {
    return VerifyResult(Failure{error, std::move(message)});
  }

  bool ok() const { return std::holds_alternative<VerifiedRequest>(v_); }
  // value(): the accepted request; aborts when !ok() (check first).
  const VerifiedRequest& value() const;
  // error(), message(): why the request was refused; abort when ok().
  VerifyError error() const;
  const std::string& message() const;

 private:
  struct Failure {
    VerifyError error;
    std::string message;
  };
  explicit VerifyResult(VerifiedRequest request) : v_(std::move(request)) {}
  explicit VerifyResult(Failure failure) : v_(std::move(failure)) {}

  std::variant<VerifiedRequest, Failure> v_;
};

// SecretLookup: the secret access key of an access key id, or nullopt when it is unknown.
using SecretLookup = std::function<std::optional<std::string>(std::string_view access_key_id)>;

// VerifyOptions: the service-specific choices a verifier makes; the defaults suit KMS.
struct VerifyOptions {
  // Normalise the path of the canonical request (every service but S3; KMS does).
  bool normalize_path = true;
  // A presigned URL's X-Amz-Security-Token is not part of its signature (services that
  // sign with omit_session_token_from_signature; the suite's post-sts-header-after). Header
  // auth needs no such switch: only the headers SignedHeaders names are signed.
  bool presigned_token_is_unsigned = false;
  // Where derived signing keys are cached; null: SharedSigningKeyCache().
  SigningKeyCache* key_cache = nullptr;
};

// Verify: whether `request` carries a valid SigV4 signature at time `now`.
// Header auth: the Authorization header (exactly one), the signing time from X-Amz-Date
// (ISO 8601 basic) or else Date (IMF-fixdate or ISO 8601 basic); SignedHeaders must include
// host. Query auth (no Authorization, an X-Amz-Algorithm/-Credential/-Signature query
// parameter): X-Amz-Algorithm, -Credential, -Date, -SignedHeaders, -Expires, -Signature.
// The canonical request is rebuilt over the signed headers only, with the payload hash
// x-amz-content-sha256 announces (which must equal the body's SHA-256) or else the body's
// SHA-256, and the scope's date, region and service. Checks, in order, refusing with:
//   kMissingAuthentication  no authentication at all;
//   kIncompleteSignature    malformed authentication, no or unparsable date;
//   kUnknownAccessKey       secret_lookup has no secret for the access key id;
//   kSignatureExpired       signing time earlier than now - max_skew_seconds (presigned:
//                           also later than X-Amz-Date + X-Amz-Expires) or later than
//                           now + max_skew_seconds; times are compared in whole seconds;
//   kSignatureMismatch      scope date is not the signing time's date, the payload hash
//                           header is not the body's hash, or the signature differs
//                           (compared with crypto::ConstantTimeEquals).
// On success: who signed it (VerifiedRequest). Never throws unless secret_lookup does.
VerifyResult Verify(const HttpRequest& request, const SecretLookup& secret_lookup, EpochSeconds now,
                    double max_skew_seconds, const VerifyOptions& options = {});

}  // namespace kc::sigv4

#endif  // KC_SIGV4_VERIFIER_H_
