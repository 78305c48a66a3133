// CreateAlias, DeleteAlias, UpdateAlias (an alias name, and for two of them a TargetKeyId,
// in; no output: "{}") and ListAliases (KeyId filter and paging in; AliasListEntry list,
// paging marker out).
#include "harness/codec/binding.h"
#include "harness/codec/structures.h"

namespace kc::codec {
namespace internal {

template <>
struct FieldsOf<CreateAliasRequest> {
  static constexpr auto kFields =
      std::make_tuple(F("AliasName", &CreateAliasRequest::alias_name),
                      F("TargetKeyId", &CreateAliasRequest::target_key_id));
};

template <>
struct FieldsOf<DeleteAliasRequest> {
  static constexpr auto kFields = std::make_tuple(F("AliasName", &DeleteAliasRequest::alias_name));
};

template <>
struct FieldsOf<UpdateAliasRequest> {
  static constexpr auto kFields =
      std::make_tuple(F("AliasName", &UpdateAliasRequest::alias_name),
                      F("TargetKeyId", &UpdateAliasRequest::target_key_id));
};

template <>
struct FieldsOf<ListAliasesRequest> {
  static constexpr auto kFields = std::make_tuple(F("KeyId", &ListAliasesRequest::key_id),
                                                  F("Limit", &ListAliasesRequest::limit),
                                                  F("Marker", &ListAliasesRequest::marker));
};

template <>
struct FieldsOf<ListAliasesResponse> {
  static constexpr auto kFields =
      std::make_tuple(F("Aliases", &ListAliasesResponse::aliases),
                      F("NextMarker", &ListAliasesResponse::next_marker),
                      F("Truncated", &ListAliasesResponse::truncated));
};

}  // namespace internal

template <>
Decoded<CreateAliasRequest> DecodeRequest<CreateAliasRequest>(std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<CreateAliasRequest>(body, p);
}
template <>
std::string EncodeRequest<CreateAliasRequest>(const CreateAliasRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
Decoded<DeleteAliasRequest> DecodeRequest<DeleteAliasRequest>(std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<DeleteAliasRequest>(body, p);
}
template <>
std::string EncodeRequest<DeleteAliasRequest>(const DeleteAliasRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
Decoded<UpdateAliasRequest> DecodeRequest<UpdateAliasRequest>(std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<UpdateAliasRequest>(body, p);
}
template <>
std::string EncodeRequest<UpdateAliasRequest>(const UpdateAliasRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
Decoded<ListAliasesRequest> DecodeRequest<ListAliasesRequest>(std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<ListAliasesRequest>(body, p);
}
template <>
std::string EncodeRequest<ListAliasesRequest>(const ListAliasesRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
std::string EncodeResponse<ListAliasesResponse>(const ListAliasesResponse& resp) {
  return internal::EncodeResponseImpl(resp, 1024);
}
template <>
ClientReply<ListAliasesResponse> DecodeResponse<ListAliasesResponse>(const HttpReplyView& reply,
                                                                     Profile p) {
  return internal::DecodeResponseImpl<ListAliasesResponse>(
      reply, p, contract::Spec(Operation::kListAliases, p).output);
}

}  // namespace kc::codec
