// DeleteImportedKeyMaterial: request (KeyId; KeyMaterialId in 2026) and response (no output
// in the 2022 model; KeyId and KeyMaterialId in 2026).
#include "harness/codec/binding.h"

namespace kc::codec {
namespace internal {

template <>
struct FieldsOf<DeleteImportedKeyMaterialRequest> {
  using R = DeleteImportedKeyMaterialRequest;
  static constexpr auto kFields =
      std::make_tuple(F("KeyId", &R::key_id), F("KeyMaterialId", &R::key_material_id));
};

template <>
struct FieldsOf<DeleteImportedKeyMaterialResponse> {
  using R = DeleteImportedKeyMaterialResponse;
  static constexpr auto kFields =
      std::make_tuple(F("KeyId", &R::key_id), F("KeyMaterialId", &R::key_material_id));
};

}  // namespace internal

template <>
Decoded<DeleteImportedKeyMaterialRequest> DecodeRequest<DeleteImportedKeyMaterialRequest>(
    std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<DeleteImportedKeyMaterialRequest>(body, p);
}
template <>
std::string EncodeRequest<DeleteImportedKeyMaterialRequest>(
    const DeleteImportedKeyMaterialRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
std::string EncodeResponse<DeleteImportedKeyMaterialResponse>(
    const DeleteImportedKeyMaterialResponse& resp) {
  return internal::EncodeResponseImpl(resp);
}
template <>
ClientReply<DeleteImportedKeyMaterialResponse> DecodeResponse<DeleteImportedKeyMaterialResponse>(
    const HttpReplyView& reply, Profile p) {
  return internal::DecodeResponseImpl<DeleteImportedKeyMaterialResponse>(
      reply, p, contract::Spec(Operation::kDeleteImportedKeyMaterial, p).output);
}

}  // namespace kc::codec
