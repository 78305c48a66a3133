// GetPublicKey, Sign and Verify: requests and responses (asymmetric keys; in 2026 also keys
// with imported RSA and ECC private keys). Message is sensitive and never echoed in an error.
#include "harness/codec/binding.h"

namespace kc::codec {
namespace internal {

template <>
struct FieldsOf<GetPublicKeyRequest> {
  using R = GetPublicKeyRequest;
  static constexpr auto kFields =
      std::make_tuple(F("KeyId", &R::key_id), F("GrantTokens", &R::grant_tokens));
};

template <>
struct FieldsOf<GetPublicKeyResponse> {
  using R = GetPublicKeyResponse;
  static constexpr auto kFields = std::make_tuple(
      F("KeyId", &R::key_id), F("PublicKey", &R::public_key),
      F("CustomerMasterKeySpec", &R::customer_master_key_spec), F("KeySpec", &R::key_spec),
      F("KeyUsage", &R::key_usage), F("EncryptionAlgorithms", &R::encryption_algorithms),
      F("SigningAlgorithms", &R::signing_algorithms),
      F("KeyAgreementAlgorithms", &R::key_agreement_algorithms));
};

template <>
struct FieldsOf<SignRequest> {
  using R = SignRequest;
  static constexpr auto kFields =
      std::make_tuple(F("KeyId", &R::key_id), F("Message", &R::message),
                      F("MessageType", &R::message_type), F("GrantTokens", &R::grant_tokens),
                      F("SigningAlgorithm", &R::signing_algorithm), F("DryRun", &R::dry_run));
};

template <>
struct FieldsOf<SignResponse> {
  using R = SignResponse;
  static constexpr auto kFields =
      std::make_tuple(F("KeyId", &R::key_id), F("Signature", &R::signature),
                      F("SigningAlgorithm", &R::signing_algorithm));
};

template <>
struct FieldsOf<VerifyRequest> {
  using R = VerifyRequest;
  static constexpr auto kFields = std::make_tuple(
      F("KeyId", &R::key_id), F("Message", &R::message), F("MessageType", &R::message_type),
      F("Signature", &R::signature), F("SigningAlgorithm", &R::signing_algorithm),
      F("GrantTokens", &R::grant_tokens), F("DryRun", &R::dry_run));
};

template <>
struct FieldsOf<VerifyResponse> {
  using R = VerifyResponse;
  static constexpr auto kFields =
      std::make_tuple(F("KeyId", &R::key_id), F("SignatureValid", &R::signature_valid),
                      F("SigningAlgorithm", &R::signing_algorithm));
};

}  // namespace internal

#define KC_CODEC_DEFINE(Req, Resp, Op)                                                 \
  template <>                                                                          \
  Decoded<Req> DecodeRequest<Req>(std::string_view body, Profile p) {                  \
    return internal::DecodeRequestImpl<Req>(body, p);                                  \
  }                                                                                    \
  template <>                                                                          \
  std::string EncodeRequest<Req>(const Req& req) {                                     \
    return internal::EncodeRequestImpl(req, 1024);                                     \
  }                                                                                    \
  template <>                                                                          \
  std::string EncodeResponse<Resp>(const Resp& resp) {                                 \
    return internal::EncodeResponseImpl(resp, 1024);                                   \
  }                                                                                    \
  template <>                                                                          \
  ClientReply<Resp> DecodeResponse<Resp>(const HttpReplyView& reply, Profile p) {      \
    return internal::DecodeResponseImpl<Resp>(reply, p, contract::Spec(Op, p).output); \
  }

KC_CODEC_DEFINE(GetPublicKeyRequest, GetPublicKeyResponse, Operation::kGetPublicKey)
KC_CODEC_DEFINE(SignRequest, SignResponse, Operation::kSign)
KC_CODEC_DEFINE(VerifyRequest, VerifyResponse, Operation::kVerify)
#undef KC_CODEC_DEFINE

}  // namespace kc::codec
