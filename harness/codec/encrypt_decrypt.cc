// Encrypt and Decrypt: requests and responses. The harness uses them to prove imported
// material is in use (DESIGN.md); Plaintext is sensitive and never echoed in an error.
#include "harness/codec/binding.h"

namespace kc::codec {
namespace internal {

template <>
struct FieldsOf<EncryptRequest> {
  using R = EncryptRequest;
  static constexpr auto kFields = std::make_tuple(
      F("DryRun", &R::dry_run), F("EncryptionAlgorithm", &R::encryption_algorithm),
      F("EncryptionContext", &R::encryption_context), F("GrantTokens", &R::grant_tokens),
      F("KeyId", &R::key_id), F("Plaintext", &R::plaintext));
};

template <>
struct FieldsOf<EncryptResponse> {
  using R = EncryptResponse;
  static constexpr auto kFields =
      std::make_tuple(F("CiphertextBlob", &R::ciphertext_blob),
                      F("EncryptionAlgorithm", &R::encryption_algorithm), F("KeyId", &R::key_id));
};

// DecryptRequest: the 2026 model's DryRunModifiers and Recipient are checked against the
// model but not kept (kmsconform does not implement them).
template <>
struct FieldsOf<DecryptRequest> {
  using R = DecryptRequest;
  static constexpr auto kFields = std::make_tuple(
      F("CiphertextBlob", &R::ciphertext_blob), F("DryRun", &R::dry_run),
      F("EncryptionAlgorithm", &R::encryption_algorithm),
      F("EncryptionContext", &R::encryption_context), F("GrantTokens", &R::grant_tokens),
      F("KeyId", &R::key_id));
};

template <>
struct FieldsOf<DecryptResponse> {
  using R = DecryptResponse;
  static constexpr auto kFields = std::make_tuple(
      F("EncryptionAlgorithm", &R::encryption_algorithm), F("KeyId", &R::key_id),
      F("KeyMaterialId", &R::key_material_id), F("Plaintext", &R::plaintext));
};

}  // namespace internal

template <>
Decoded<EncryptRequest> DecodeRequest<EncryptRequest>(std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<EncryptRequest>(body, p);
}
template <>
std::string EncodeRequest<EncryptRequest>(const EncryptRequest& req) {
  return internal::EncodeRequestImpl(req, req.plaintext.size() * 4 / 3 + 256);
}
template <>
std::string EncodeResponse<EncryptResponse>(const EncryptResponse& resp) {
  return internal::EncodeResponseImpl(
      resp, (resp.ciphertext_blob ? resp.ciphertext_blob->size() : 0) * 4 / 3 + 256);
}
template <>
ClientReply<EncryptResponse> DecodeResponse<EncryptResponse>(const HttpReplyView& reply,
                                                             Profile p) {
  return internal::DecodeResponseImpl<EncryptResponse>(
      reply, p, contract::Spec(Operation::kEncrypt, p).output);
}

template <>
Decoded<DecryptRequest> DecodeRequest<DecryptRequest>(std::string_view body, Profile p) {
  return internal::DecodeRequestImpl<DecryptRequest>(body, p);
}
template <>
std::string EncodeRequest<DecryptRequest>(const DecryptRequest& req) {
  return internal::EncodeRequestImpl(
      req, (req.ciphertext_blob ? req.ciphertext_blob->size() : 0) * 4 / 3 + 256);
}
template <>
std::string EncodeResponse<DecryptResponse>(const DecryptResponse& resp) {
  return internal::EncodeResponseImpl(
      resp, (resp.plaintext ? resp.plaintext->size() : 0) * 4 / 3 + 256);
}
template <>
ClientReply<DecryptResponse> DecodeResponse<DecryptResponse>(const HttpReplyView& reply,
                                                             Profile p) {
  return internal::DecodeResponseImpl<DecryptResponse>(
      reply, p, contract::Spec(Operation::kDecrypt, p).output);
}

}  // namespace kc::codec
