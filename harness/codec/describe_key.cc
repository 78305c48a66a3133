// DescribeKey: request and response (KeyMetadata).
#include "harness/codec/binding.h"
#include "harness/codec/structures.h"

namespace kc::codec {
namespace internal {

template <>
struct FieldsOf<DescribeKeyRequest> {
  static constexpr auto kFields =
      std::make_tuple(F("GrantTokens", &DescribeKeyRequest::grant_tokens),
                      F("KeyId", &DescribeKeyRequest::key_id));
};

template <>
struct FieldsOf<DescribeKeyResponse> {
  static constexpr auto kFields =
      std::make_tuple(F("KeyMetadata", &DescribeKeyResponse::key_metadata));
};

}  // namespace internal

template <>
Decoded<DescribeKeyRequest> DecodeRequest<DescribeKeyRequest>(std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<DescribeKeyRequest>(body, p);
}
template <>
std::string EncodeRequest<DescribeKeyRequest>(const DescribeKeyRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
std::string EncodeResponse<DescribeKeyResponse>(const DescribeKeyResponse& resp) {
  return internal::EncodeResponseImpl(resp, 1024);
}
template <>
ClientReply<DescribeKeyResponse> DecodeResponse<DescribeKeyResponse>(const HttpReplyView& reply,
                                                                     Profile p) {
  return internal::DecodeResponseImpl<DescribeKeyResponse>(
      reply, p, contract::Spec(Operation::kDescribeKey, p).output);
}

}  // namespace kc::codec
