// ImportKeyMaterial: request and response ({} in 2022; KeyId and KeyMaterialId in 2026).
#include "harness/codec/binding.h"

namespace kc::codec {
namespace internal {

template <>
struct FieldsOf<ImportKeyMaterialRequest> {
  using R = ImportKeyMaterialRequest;
  // ImportType, KeyMaterialDescription and KeyMaterialId are 2026 members: the 2022 model
  // lacks them, so a 2022 decode ignores them on the wire, as AWS ignores unknown members.
  static constexpr auto kFields = std::make_tuple(
      F("EncryptedKeyMaterial", &R::encrypted_key_material),
      F("ExpirationModel", &R::expiration_model), F("ImportToken", &R::import_token),
      F("ImportType", &R::import_type), F("KeyId", &R::key_id),
      F("KeyMaterialDescription", &R::key_material_description),
      F("KeyMaterialId", &R::key_material_id),
      // proto.timestamp-forms: integer or fractional epoch seconds.
      F("ValidTo", &R::valid_to));
};

template <>
struct FieldsOf<ImportKeyMaterialResponse> {
  using R = ImportKeyMaterialResponse;
  static constexpr auto kFields =
      std::make_tuple(F("KeyId", &R::key_id), F("KeyMaterialId", &R::key_material_id));
};

}  // namespace internal

template <>
Decoded<ImportKeyMaterialRequest> DecodeRequest<ImportKeyMaterialRequest>(std::string_view body,
                                                                          Profile p) {
  return internal::DecodeRequestImpl<ImportKeyMaterialRequest>(body, p);
}
template <>
std::string EncodeRequest<ImportKeyMaterialRequest>(const ImportKeyMaterialRequest& req) {
  // The two blobs dominate: 4/3 of their size in base64, plus the rest.
  const std::size_t reserve =
      (req.import_token.size() + req.encrypted_key_material.size()) * 4 / 3 + 512;
  return internal::EncodeRequestImpl(req, reserve);
}
template <>
std::string EncodeResponse<ImportKeyMaterialResponse>(const ImportKeyMaterialResponse& resp) {
  return internal::EncodeResponseImpl(resp);
}
template <>
ClientReply<ImportKeyMaterialResponse> DecodeResponse<ImportKeyMaterialResponse>(
    const HttpReplyView& reply, Profile p) {
  return internal::DecodeResponseImpl<ImportKeyMaterialResponse>(
      reply, p, contract::Spec(Operation::kImportKeyMaterial, p).output);
}

}  // namespace kc::codec
