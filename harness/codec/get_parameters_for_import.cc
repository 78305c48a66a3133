// GetParametersForImport: request (KeyId, WrappingAlgorithm, WrappingKeySpec; all required)
// and response (KeyId, ImportToken, PublicKey, ParametersValidTo).
#include "harness/codec/binding.h"

namespace kc::codec {
namespace internal {

template <>
struct FieldsOf<GetParametersForImportRequest> {
  using R = GetParametersForImportRequest;
  // gpfi.wrapping-key-spec / gpfi.wrapping-algorithm: the model's enums per profile refuse
  // RSA_4096 and RSA_AES_KEY_WRAP_* in 2022 (ValidationException) before any handler runs.
  static constexpr auto kFields =
      std::make_tuple(F("KeyId", &R::key_id), F("WrappingAlgorithm", &R::wrapping_algorithm),
                      F("WrappingKeySpec", &R::wrapping_key_spec));
};

template <>
struct FieldsOf<GetParametersForImportResponse> {
  using R = GetParametersForImportResponse;
  static constexpr auto kFields =
      std::make_tuple(F("ImportToken", &R::import_token), F("KeyId", &R::key_id),
                      F("ParametersValidTo", &R::parameters_valid_to),
                      F("PublicKey", &R::public_key));
};

}  // namespace internal

template <>
Decoded<GetParametersForImportRequest> DecodeRequest<GetParametersForImportRequest>(
    std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<GetParametersForImportRequest>(body, p);
}
template <>
std::string EncodeRequest<GetParametersForImportRequest>(
    const GetParametersForImportRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
std::string EncodeResponse<GetParametersForImportResponse>(
    const GetParametersForImportResponse& resp) {
  // An RSA-4096 public key and a token: about 1.5 KB of base64.
  return internal::EncodeResponseImpl(resp, 2048);
}
template <>
ClientReply<GetParametersForImportResponse> DecodeResponse<GetParametersForImportResponse>(
    const HttpReplyView& reply, Profile p) {
  return internal::DecodeResponseImpl<GetParametersForImportResponse>(
      reply, p, contract::Spec(Operation::kGetParametersForImport, p).output);
}

}  // namespace kc::codec
