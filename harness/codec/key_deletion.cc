// ScheduleKeyDeletion and CancelKeyDeletion: requests and responses.
#include "harness/codec/binding.h"

namespace kc::codec {
namespace internal {

template <>
struct FieldsOf<ScheduleKeyDeletionRequest> {
  using R = ScheduleKeyDeletionRequest;
  static constexpr auto kFields = std::make_tuple(
      F("KeyId", &R::key_id), F("PendingWindowInDays", &R::pending_window_in_days));
};

template <>
struct FieldsOf<ScheduleKeyDeletionResponse> {
  using R = ScheduleKeyDeletionResponse;
  static constexpr auto kFields =
      std::make_tuple(F("DeletionDate", &R::deletion_date), F("KeyId", &R::key_id),
                      F("KeyState", &R::key_state),
                      F("PendingWindowInDays", &R::pending_window_in_days));
};

template <>
struct FieldsOf<CancelKeyDeletionRequest> {
  static constexpr auto kFields = std::make_tuple(F("KeyId", &CancelKeyDeletionRequest::key_id));
};

template <>
struct FieldsOf<CancelKeyDeletionResponse> {
  static constexpr auto kFields =
      std::make_tuple(F("KeyId", &CancelKeyDeletionResponse::key_id));
};

}  // namespace internal

template <>
Decoded<ScheduleKeyDeletionRequest> DecodeRequest<ScheduleKeyDeletionRequest>(
    std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<ScheduleKeyDeletionRequest>(body, p);
}
template <>
std::string EncodeRequest<ScheduleKeyDeletionRequest>(const ScheduleKeyDeletionRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
std::string EncodeResponse<ScheduleKeyDeletionResponse>(const ScheduleKeyDeletionResponse& resp) {
  return internal::EncodeResponseImpl(resp);
}
template <>
ClientReply<ScheduleKeyDeletionResponse> DecodeResponse<ScheduleKeyDeletionResponse>(
    const HttpReplyView& reply, Profile p) {
  return internal::DecodeResponseImpl<ScheduleKeyDeletionResponse>(
      reply, p, contract::Spec(Operation::kScheduleKeyDeletion, p).output);
}

template <>
Decoded<CancelKeyDeletionRequest> DecodeRequest<CancelKeyDeletionRequest>(std::string_view body,
                                                                          Profile p) {
  return internal::DecodeRequestImpl<CancelKeyDeletionRequest>(body, p);
}
template <>
std::string EncodeRequest<CancelKeyDeletionRequest>(const CancelKeyDeletionRequest& req) {
  return internal::EncodeRequestImpl(req);
}
template <>
std::string EncodeResponse<CancelKeyDeletionResponse>(const CancelKeyDeletionResponse& resp) {
  return internal::EncodeResponseImpl(resp);
}
template <>
ClientReply<CancelKeyDeletionResponse> DecodeResponse<CancelKeyDeletionResponse>(
    const HttpReplyView& reply, Profile p) {
  return internal::DecodeResponseImpl<CancelKeyDeletionResponse>(
      reply, p, contract::Spec(Operation::kCancelKeyDeletion, p).output);
}

}  // namespace kc::codec
