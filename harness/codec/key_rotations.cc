// RotateKeyOnDemand and ListKeyRotations: requests and responses (2026 model only; in a 2022
// decode the request is UnknownOperationException and a reply's members are ignored).
#include "harness/codec/binding.h"

namespace kc::codec {
namespace internal {

template <>
struct FieldsOf<RotateKeyOnDemandRequest> {
  static constexpr auto kFields = std::make_tuple(F("KeyId", &RotateKeyOnDemandRequest::key_id));
};

template <>
struct FieldsOf<RotateKeyOnDemandResponse> {
  static constexpr auto kFields = std::make_tuple(F("KeyId", &RotateKeyOnDemandResponse::key_id));
};

template <>
struct FieldsOf<ListKeyRotationsRequest> {
  using R = ListKeyRotationsRequest;
  static constexpr auto kFields =
      std::make_tuple(F("KeyId", &R::key_id), F("IncludeKeyMaterial", &R::include_key_material),
                      F("Limit", &R::limit), F("Marker", &R::marker));
};

template <>
struct FieldsOf<RotationsListEntry> {
  using R = RotationsListEntry;
  static constexpr auto kFields = std::make_tuple(
      F("KeyId", &R::key_id), F("KeyMaterialId", &R::key_material_id),
      F("KeyMaterialDescription", &R::key_material_description), F("ImportState", &R::import_state),
      F("KeyMaterialState", &R::key_material_state), F("ExpirationModel", &R::expiration_model),
      F("ValidTo", &R::valid_to), F("RotationDate", &R::rotation_date),
      F("RotationType", &R::rotation_type));
};

template <>
struct FieldsOf<ListKeyRotationsResponse> {
  using R = ListKeyRotationsResponse;
  static constexpr auto kFields =
      std::make_tuple(F("Rotations", &R::rotations), F("NextMarker", &R::next_marker),
                      F("Truncated", &R::truncated));
};

}  // namespace internal

template <>
Decoded<RotateKeyOnDemandRequest> DecodeRequest<RotateKeyOnDemandRequest>(std::string_view body,
                                                                          Profile p) {
  return internal::DecodeRequestImpl<RotateKeyOnDemandRequest>(body, p);
}
template <>
std::string EncodeRequest<RotateKeyOnDemandRequest>(const RotateKeyOnDemandRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
std::string EncodeResponse<RotateKeyOnDemandResponse>(const RotateKeyOnDemandResponse& resp) {
  return internal::EncodeResponseImpl(resp);
}
template <>
ClientReply<RotateKeyOnDemandResponse> DecodeResponse<RotateKeyOnDemandResponse>(
    const HttpReplyView& reply, Profile p) {
  return internal::DecodeResponseImpl<RotateKeyOnDemandResponse>(
      reply, p, contract::Spec(Operation::kRotateKeyOnDemand, p).output);
}

template <>
Decoded<ListKeyRotationsRequest> DecodeRequest<ListKeyRotationsRequest>(std::string_view body,
                                                                        Profile p) {
  return internal::DecodeRequestImpl<ListKeyRotationsRequest>(body, p);
}
template <>
std::string EncodeRequest<ListKeyRotationsRequest>(const ListKeyRotationsRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
std::string EncodeResponse<ListKeyRotationsResponse>(const ListKeyRotationsResponse& resp) {
  return internal::EncodeResponseImpl(resp, 1024);
}
template <>
ClientReply<ListKeyRotationsResponse> DecodeResponse<ListKeyRotationsResponse>(
    const HttpReplyView& reply, Profile p) {
  return internal::DecodeResponseImpl<ListKeyRotationsResponse>(
      reply, p, contract::Spec(Operation::kListKeyRotations, p).output);
}

}  // namespace kc::codec
