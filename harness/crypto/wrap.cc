#include "harness/crypto/wrap.h"

#include <array>
#include <climits>
#include <string>

#include <openssl/crypto.h>

namespace kc::crypto {
namespace {

// How each algorithm is built: PKCS#1 v1.5, or RSA-OAEP with `hash` (OAEP and MGF1), alone or
// followed by KWP (key_wrap). One row per WrapAlgorithm; `hash` is unused for PKCS#1.
struct Scheme {
  WrapAlgorithm alg;
  std::string_view name;
  bool pkcs1;
  bool key_wrap;
  HashAlg hash;
};

constexpr std::array<Scheme, 5> kSchemes = {{
    {WrapAlgorithm::kRsaesPkcs1V15, "RSAES_PKCS1_V1_5", true, false, HashAlg::kSha1},
    {WrapAlgorithm::kRsaesOaepSha1, "RSAES_OAEP_SHA_1", false, false, HashAlg::kSha1},
    {WrapAlgorithm::kRsaesOaepSha256, "RSAES_OAEP_SHA_256", false, false, HashAlg::kSha256},
    {WrapAlgorithm::kRsaAesKeyWrapSha1, "RSA_AES_KEY_WRAP_SHA_1", false, true, HashAlg::kSha1},
    {WrapAlgorithm::kRsaAesKeyWrapSha256, "RSA_AES_KEY_WRAP_SHA_256", false, true,
     HashAlg::kSha256},
}};

// SchemeOf: the row of `alg`, or nullptr for a value outside the enum (a fuzzer's cast).
const Scheme* SchemeOf(WrapAlgorithm alg) {
  for (const Scheme& s : kSchemes) {
    if (s.alg == alg) return &s;
  }
  return nullptr;
}

}  // namespace

std::string_view WrapAlgorithmDebugName(WrapAlgorithm alg) {
  const Scheme* s = SchemeOf(alg);
  return s != nullptr ? s->name : "unknown";
}

std::size_t MaxWrappableSize(WrapAlgorithm alg, std::size_t modulus_bytes) {
  const Scheme* s = SchemeOf(alg);
  if (s == nullptr) return 0;
  if (s->key_wrap) return static_cast<std::size_t>(INT_MAX) - 16;
  if (s->pkcs1) return modulus_bytes > 11 ? modulus_bytes - 11 : 0;
  return RsaOaepMaxMessageSize(modulus_bytes, s->hash);
}

Result<Bytes> Wrap(WrapAlgorithm alg, const PublicKey& wrapping_key, ByteView material,
                   RandomSource& rng) {
  if (wrapping_key.type() != KeyType::kRsa) {
    return InvalidArgumentError("wrapping key must be an RSA key");
  }
  const Scheme* s = SchemeOf(alg);
  if (s == nullptr) return InvalidArgumentError("unknown wrapping algorithm");
  if (s->pkcs1) return RsaPkcs1Encrypt(wrapping_key, material, rng);
  if (!s->key_wrap) return RsaOaepEncrypt(wrapping_key, s->hash, {}, material, rng);

  if (material.empty()) {
    return InvalidArgumentError(std::string(s->name) +
                                " cannot wrap empty material (RFC 5649 needs at least 1 byte)");
  }
  std::array<std::uint8_t, kRsaAesKeyWrapAesKeySize> aes_key{};
  rng.Fill(aes_key);
  Result<Bytes> rsa_part = RsaOaepEncrypt(wrapping_key, s->hash, {}, aes_key, rng);
  Result<Bytes> kwp_part = AesKwpWrap(aes_key, material);
  OPENSSL_cleanse(aes_key.data(), aes_key.size());
  if (!rsa_part.ok()) return rsa_part.status();
  if (!kwp_part.ok()) return kwp_part.status();
  Bytes out = std::move(rsa_part).value();
  out.insert(out.end(), kwp_part->begin(), kwp_part->end());
  return out;
}

Result<Bytes> Unwrap(WrapAlgorithm alg, const PrivateKey& wrapping_key, ByteView wrapped) {
  // Every early return below is UnwrapFailedError(): the lower-level functions return it
  // for all their failures, and the checks here return it too.
  const Scheme* s = SchemeOf(alg);
  if (s == nullptr) return UnwrapFailedError();
  if (s->pkcs1) return RsaPkcs1Decrypt(wrapping_key, wrapped);
  if (!s->key_wrap) return RsaOaepDecrypt(wrapping_key, s->hash, {}, wrapped);

  if (wrapping_key.type() != KeyType::kRsa || wrapping_key.size() <= 0) {
    return UnwrapFailedError();
  }
  const auto k = static_cast<std::size_t>(wrapping_key.size());
  if (wrapped.size() <= k) return UnwrapFailedError();
  Result<Bytes> aes_key = RsaOaepDecrypt(wrapping_key, s->hash, {}, wrapped.first(k));
  if (!aes_key.ok()) return UnwrapFailedError();
  Result<Bytes> material = aes_key->size() == kRsaAesKeyWrapAesKeySize
                               ? AesKwpUnwrap(*aes_key, wrapped.subspan(k))
                               : Result<Bytes>(UnwrapFailedError());
  OPENSSL_cleanse(aes_key->data(), aes_key->size());
  if (!material.ok()) return UnwrapFailedError();
  return material;
}

}  // namespace kc::crypto
