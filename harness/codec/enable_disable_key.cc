// EnableKey and DisableKey: a KeyId in, an empty output ({}) out. EmptyResponse is also the
// reply of the 2022 ImportKeyMaterial and DeleteImportedKeyMaterial.
#include "harness/codec/binding.h"

namespace kc::codec {
namespace internal {

template <>
struct FieldsOf<EnableKeyRequest> {
  static constexpr auto kFields = std::make_tuple(F("KeyId", &EnableKeyRequest::key_id));
};

template <>
struct FieldsOf<DisableKeyRequest> {
  static constexpr auto kFields = std::make_tuple(F("KeyId", &DisableKeyRequest::key_id));
};

template <>
struct FieldsOf<EmptyResponse> {
  static constexpr auto kFields = std::tuple<>();
};

}  // namespace internal

template <>
Decoded<EnableKeyRequest> DecodeRequest<EnableKeyRequest>(std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<EnableKeyRequest>(body, p);
}
template <>
std::string EncodeRequest<EnableKeyRequest>(const EnableKeyRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
Decoded<DisableKeyRequest> DecodeRequest<DisableKeyRequest>(std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<DisableKeyRequest>(body, p);
}
template <>
std::string EncodeRequest<DisableKeyRequest>(const DisableKeyRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
std::string EncodeResponse<EmptyResponse>(const EmptyResponse&) {
  // An empty output is "{}", never an empty body (CONTRACT.md, "Wire protocol").
  return "{}";
}
template <>
ClientReply<EmptyResponse> DecodeResponse<EmptyResponse>(const HttpReplyView& reply, Profile p) {
  // No output shape: any JSON object is the empty output; its members are ignored.
  return internal::DecodeResponseImpl<EmptyResponse>(reply, p, nullptr);
}

}  // namespace kc::codec
