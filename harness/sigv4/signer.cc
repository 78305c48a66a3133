#include "harness/sigv4/signer.h"

#include <utility>

#include "harness/common/bytes.h"
#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/ascii.h"
#include "harness/sigv4/canonical.h"
#include "harness/sigv4/signing_key_cache.h"

namespace kc::sigv4 {
namespace {

Status CheckSignable(const Credentials& credentials, const SigningParams& params) {
  if (!IsSignableTime(params.time)) {
    return InvalidArgumentError("sigv4: signing time is not within 1970..9999");
  }
  const std::pair<std::string_view, std::string_view> fields[] = {
      {"access key id", credentials.access_key_id},
      {"region", params.region},
      {"service", params.service}};
  for (const auto& [what, value] : fields) {
    if (value.empty() || value.find('/') != std::string_view::npos) {
      return InvalidArgumentError("sigv4: the " + std::string(what) +
                                  " must be non-empty and contain no '/'");
    }
  }
  return Status::Ok();
}

// The stages shared by Sign and Presign, from the canonical request to the signature.
std::string SignCanonicalRequest(std::string canonical_request, std::string_view amz_date,
                                 std::string_view scope, const Credentials& credentials,
                                 const SigningParams& params, SigningTrace* trace) {
  std::string string_to_sign = StringToSign(amz_date, scope, canonical_request);
  const std::string_view date = amz_date.substr(0, 8);
  const crypto::Digest256 key =
      params.key_cache != nullptr
          ? params.key_cache->Get(credentials.secret_access_key, date, params.region,
                                  params.service)
          : SigningKey(credentials.secret_access_key, date, params.region, params.service);
  std::string signature = Signature(key, string_to_sign);
  if (trace != nullptr) {
    trace->canonical_request = std::move(canonical_request);
    trace->string_to_sign = std::move(string_to_sign);
    trace->signature = signature;
  }
  return signature;
}

void AppendQueryParam(std::string& query, std::string_view key, std::string_view raw_value) {
  if (!query.empty()) query.push_back('&');
  query.append(key);
  query.push_back('=');
  AppendUriEncoded(query, raw_value, /*keep_slash=*/false);
}

}  // namespace

std::string PayloadHash(std::string_view body) { return HexEncode(crypto::Sha256(AsBytes(body))); }

std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service) {
  std::string out;
  out.reserve(date.size() + region.size() + service.size() + 3 + kScopeTerminator.size());
  out.append(date).append("/").append(region).append("/").append(service).append("/");
  out.append(kScopeTerminator);
  return out;
}

KC_SIGV4_NO_COVERAGE std::string StringToSign(std::string_view amz_date, std::string_view scope,
                                              std::string_view canonical_request) {
  std::string out;
  out.reserve(kAlgorithm.size() + amz_date.size() + scope.size() + 3 + 64);
  out.append(kAlgorithm).append("\n").append(amz_date).append("\n").append(scope).append("\n");
  const crypto::Digest256 hash = crypto::Sha256(AsBytes(canonical_request));
  static constexpr char kHex[] = "0123456789abcdef";
  for (const std::uint8_t byte : hash) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0x0F]);
  }
  return out;
}

crypto::Digest256 SigningKey(std::string_view secret_access_key, std::string_view date,
                             std::string_view region, std::string_view service) {
  std::string first_key = "AWS4";
  first_key.append(secret_access_key);
  const crypto::Digest256 date_key = crypto::HmacSha256(AsBytes(first_key), AsBytes(date));
  const crypto::Digest256 region_key = crypto::HmacSha256(date_key, AsBytes(region));
  const crypto::Digest256 service_key = crypto::HmacSha256(region_key, AsBytes(service));
  return crypto::HmacSha256(service_key, AsBytes(kScopeTerminator));
}

std::string Signature(const crypto::Digest256& signing_key, std::string_view string_to_sign) {
  return HexEncode(crypto::HmacSha256(signing_key, AsBytes(string_to_sign)));
}

std::string AuthorizationHeader(std::string_view access_key_id, std::string_view scope,
                                std::string_view signed_headers, std::string_view signature) {
  std::string out;
  out.reserve(64 + access_key_id.size() + scope.size() + signed_headers.size() + signature.size());
  out.append(kAlgorithm).append(" Credential=").append(access_key_id).append("/").append(scope);
  out.append(", SignedHeaders=").append(signed_headers);
  out.append(", Signature=").append(signature);
  return out;
}

Result<HttpRequest> Sign(HttpRequest request, const Credentials& credentials,
                         const SigningParams& params, SigningTrace* trace) {
  KC_RETURN_IF_ERROR(CheckSignable(credentials, params));
  for (std::string_view name :
       {kAuthorizationHeader, kAmzDateHeader, kSecurityTokenHeader, kContentSha256Header}) {
    RemoveHeaders(request, name);
  }
  const std::string amz_date = FormatAmzDate(params.time);
  if (!credentials.session_token.empty()) {
    request.headers.emplace_back(kSecurityTokenHeader, credentials.session_token);
  }
  request.headers.emplace_back(kAmzDateHeader, amz_date);
  std::string payload_hash = PayloadHash(request.body);
  if (params.sign_body) request.headers.emplace_back(kContentSha256Header, payload_hash);

  const std::string signed_headers = SignedHeadersOf(
      request, params.omit_session_token_from_signature ? "x-amz-security-token" : "");
  const std::string scope =
      CredentialScope(std::string_view(amz_date).substr(0, 8), params.region, params.service);
  const std::string signature = SignCanonicalRequest(
      CanonicalRequest(request, signed_headers, payload_hash, params.normalize_path), amz_date,
      scope, credentials, params, trace);
  request.headers.emplace_back(
      kAuthorizationHeader,
      AuthorizationHeader(credentials.access_key_id, scope, signed_headers, signature));
  return request;
}

Result<HttpRequest> Presign(HttpRequest request, const Credentials& credentials,
                            const SigningParams& params, std::int64_t expires_seconds,
                            SigningTrace* trace) {
  KC_RETURN_IF_ERROR(CheckSignable(credentials, params));
  if (expires_seconds < 1 || expires_seconds > kMaxPresignExpiresSeconds) {
    return InvalidArgumentError("sigv4: presigned URL expiry must be within 1..604800 seconds");
  }
  const std::string amz_date = FormatAmzDate(params.time);
  const std::string scope =
      CredentialScope(std::string_view(amz_date).substr(0, 8), params.region, params.service);
  const std::string signed_headers = SignedHeadersOf(request);

  AppendQueryParam(request.query, "X-Amz-Algorithm", kAlgorithm);
  AppendQueryParam(request.query, "X-Amz-Credential", credentials.access_key_id + "/" + scope);
  AppendQueryParam(request.query, "X-Amz-Date", amz_date);
  AppendQueryParam(request.query, "X-Amz-SignedHeaders", signed_headers);
  AppendQueryParam(request.query, "X-Amz-Expires", std::to_string(expires_seconds));
  const bool has_token = !credentials.session_token.empty();
  if (has_token && !params.omit_session_token_from_signature) {
    AppendQueryParam(request.query, "X-Amz-Security-Token", credentials.session_token);
  }
  const std::string signature = SignCanonicalRequest(
      CanonicalRequest(request, signed_headers, PayloadHash(request.body), params.normalize_path),
      amz_date, scope, credentials, params, trace);
  if (has_token && params.omit_session_token_from_signature) {
    AppendQueryParam(request.query, "X-Amz-Security-Token", credentials.session_token);
  }
  AppendQueryParam(request.query, "X-Amz-Signature", signature);
  return request;
}

}  // namespace kc::sigv4
