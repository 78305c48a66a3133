// CreateKey: request and response (KeyMetadata).
#include "harness/codec/binding.h"
#include "harness/codec/structures.h"

namespace kc::codec {
namespace internal {

template <>
struct FieldsOf<CreateKeyRequest> {
  using R = CreateKeyRequest;
  static constexpr auto kFields = std::make_tuple(
      F("BypassPolicyLockoutSafetyCheck", &R::bypass_policy_lockout_safety_check),
      F("CustomKeyStoreId", &R::custom_key_store_id),
      F("CustomerMasterKeySpec", &R::customer_master_key_spec),
      F("Description", &R::description), F("KeySpec", &R::key_spec),
      F("KeyUsage", &R::key_usage), F("MultiRegion", &R::multi_region), F("Origin", &R::origin),
      F("Policy", &R::policy), F("Tags", &R::tags), F("XksKeyId", &R::xks_key_id));
};

template <>
struct FieldsOf<CreateKeyResponse> {
  static constexpr auto kFields =
      std::make_tuple(F("KeyMetadata", &CreateKeyResponse::key_metadata));
};

}  // namespace internal

template <>
Decoded<CreateKeyRequest> DecodeRequest<CreateKeyRequest>(std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<CreateKeyRequest>(body, p);
}
template <>
std::string EncodeRequest<CreateKeyRequest>(const CreateKeyRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
std::string EncodeResponse<CreateKeyResponse>(const CreateKeyResponse& resp) {
  return internal::EncodeResponseImpl(resp, 1024);
}
template <>
ClientReply<CreateKeyResponse> DecodeResponse<CreateKeyResponse>(const HttpReplyView& reply,
                                                                 Profile p) {
  return internal::DecodeResponseImpl<CreateKeyResponse>(
      reply, p, contract::Spec(Operation::kCreateKey, p).output);
}

}  // namespace kc::codec
