// GenerateMac and VerifyMac: requests and responses (HMAC keys; in 2026 also keys with
// imported HMAC material). Message is sensitive and never echoed in an error.
#include "harness/codec/binding.h"

namespace kc::codec {
namespace internal {

template <>
struct FieldsOf<GenerateMacRequest> {
  using R = GenerateMacRequest;
  static constexpr auto kFields = std::make_tuple(
      F("Message", &R::message), F("KeyId", &R::key_id), F("MacAlgorithm", &R::mac_algorithm),
      F("GrantTokens", &R::grant_tokens), F("DryRun", &R::dry_run));
};

template <>
struct FieldsOf<GenerateMacResponse> {
  using R = GenerateMacResponse;
  static constexpr auto kFields = std::make_tuple(
      F("Mac", &R::mac), F("MacAlgorithm", &R::mac_algorithm), F("KeyId", &R::key_id));
};

template <>
struct FieldsOf<VerifyMacRequest> {
  using R = VerifyMacRequest;
  static constexpr auto kFields = std::make_tuple(
      F("Message", &R::message), F("KeyId", &R::key_id), F("MacAlgorithm", &R::mac_algorithm),
      F("Mac", &R::mac), F("GrantTokens", &R::grant_tokens), F("DryRun", &R::dry_run));
};

template <>
struct FieldsOf<VerifyMacResponse> {
  using R = VerifyMacResponse;
  static constexpr auto kFields = std::make_tuple(
      F("KeyId", &R::key_id), F("MacValid", &R::mac_valid), F("MacAlgorithm", &R::mac_algorithm));
};

}  // namespace internal

template <>
Decoded<GenerateMacRequest> DecodeRequest<GenerateMacRequest>(std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<GenerateMacRequest>(body, p);
}
template <>
std::string EncodeRequest<GenerateMacRequest>(const GenerateMacRequest& req) {
  return internal::EncodeRequestImpl(req, req.message.size() * 4 / 3 + 256);
}
template <>
std::string EncodeResponse<GenerateMacResponse>(const GenerateMacResponse& resp) {
  return internal::EncodeResponseImpl(resp);
}
template <>
ClientReply<GenerateMacResponse> DecodeResponse<GenerateMacResponse>(const HttpReplyView& reply,
                                                                     Profile p) {
  return internal::DecodeResponseImpl<GenerateMacResponse>(
      reply, p, contract::Spec(Operation::kGenerateMac, p).output);
}

template <>
Decoded<VerifyMacRequest> DecodeRequest<VerifyMacRequest>(std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<VerifyMacRequest>(body, p);
}
template <>
std::string EncodeRequest<VerifyMacRequest>(const VerifyMacRequest& req) {
  return internal::EncodeRequestImpl(req, req.message.size() * 4 / 3 + 256);
}
template <>
std::string EncodeResponse<VerifyMacResponse>(const VerifyMacResponse& resp) {
  return internal::EncodeResponseImpl(resp);
}
template <>
ClientReply<VerifyMacResponse> DecodeResponse<VerifyMacResponse>(const HttpReplyView& reply,
                                                                 Profile p) {
  return internal::DecodeResponseImpl<VerifyMacResponse>(
      reply, p, contract::Spec(Operation::kVerifyMac, p).output);
}

}  // namespace kc::codec
