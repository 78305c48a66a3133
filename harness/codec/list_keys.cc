// ListKeys: request and response (KeyListEntry list, paging marker).
#include "harness/codec/binding.h"
#include "harness/codec/structures.h"

namespace kc::codec {
namespace internal {

template <>
struct FieldsOf<ListKeysRequest> {
  static constexpr auto kFields = std::make_tuple(F("Limit", &ListKeysRequest::limit),
                                                  F("Marker", &ListKeysRequest::marker));
};

template <>
struct FieldsOf<ListKeysResponse> {
  static constexpr auto kFields = std::make_tuple(F("Keys", &ListKeysResponse::keys),
                                                  F("NextMarker", &ListKeysResponse::next_marker),
                                                  F("Truncated", &ListKeysResponse::truncated));
};

}  // namespace internal

template <>
Decoded<ListKeysRequest> DecodeRequest<ListKeysRequest>(std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<ListKeysRequest>(body, p);
}
template <>
std::string EncodeRequest<ListKeysRequest>(const ListKeysRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
std::string EncodeResponse<ListKeysResponse>(const ListKeysResponse& resp) {
  return internal::EncodeResponseImpl(resp, 1024);
}
template <>
ClientReply<ListKeysResponse> DecodeResponse<ListKeysResponse>(const HttpReplyView& reply,
                                                               Profile p) {
  return internal::DecodeResponseImpl<ListKeysResponse>(
      reply, p, contract::Spec(Operation::kListKeys, p).output);
}

}  // namespace kc::codec
