#include "harness/crypto/signature.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include "harness/crypto/openssl_util.h"

namespace kc::crypto {
namespace {

using internal::EvpPkeyCtxPtr;

const EVP_MD* Md(DigestAlg alg) {
  switch (alg) {
    case DigestAlg::kSha224:
      return EVP_sha224();
    case DigestAlg::kSha256:
      return EVP_sha256();
    case DigestAlg::kSha384:
      return EVP_sha384();
    case DigestAlg::kSha512:
      return EVP_sha512();
  }
  return EVP_sha256();
}

bool SchemeFits(const PublicKey& key, SignatureScheme scheme) {
  return scheme == SignatureScheme::kEcdsa ? key.type() == KeyType::kEc
                                           : key.type() == KeyType::kRsa;
}

// Configure: the padding, salt and digest of an RSA or ECDSA sign/verify context.
bool Configure(EVP_PKEY_CTX* ctx, SignatureScheme scheme, DigestAlg hash) {
  if (scheme == SignatureScheme::kRsaPkcs1V15 &&
      EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) <= 0) {
    return false;
  }
  if (scheme == SignatureScheme::kRsaPss &&
      (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
       EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) <= 0 ||
       EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, Md(hash)) <= 0)) {
    return false;
  }
  return EVP_PKEY_CTX_set_signature_md(ctx, Md(hash)) > 0;
}

}  // namespace

std::size_t DigestSize(DigestAlg alg) {
  switch (alg) {
    case DigestAlg::kSha224:
      return 28;
    case DigestAlg::kSha256:
      return 32;
    case DigestAlg::kSha384:
      return 48;
    case DigestAlg::kSha512:
      return 64;
  }
  return 32;
}

Bytes Digest(DigestAlg alg, ByteView data) {
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &n, Md(alg), nullptr) != 1) {
    ERR_clear_error();
    return {};
  }
  out.resize(n);
  return out;
}

Result<Bytes> Hmac(DigestAlg alg, ByteView key, ByteView data) {
  if (!internal::FitsInt(key.size())) return InvalidArgumentError("HMAC key too long");
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int n = 0;
  static const std::uint8_t kEmpty = 0;
  if (HMAC(Md(alg), key.empty() ? &kEmpty : key.data(), static_cast<int>(key.size()),
           data.empty() ? &kEmpty : data.data(), data.size(), out.data(), &n) == nullptr) {
    return internal::OpenSslError(StatusCode::kInternal, "HMAC");
  }
  out.resize(n);
  return out;
}

Result<Bytes> SignDigest(const PrivateKey& key, SignatureScheme scheme, DigestAlg hash,
                         ByteView digest) {
  if (digest.size() != DigestSize(hash)) {
    return InvalidArgumentError("the digest is " + std::to_string(digest.size()) +
                                " bytes; the hash gives " + std::to_string(DigestSize(hash)));
  }
  if (!SchemeFits(key.Public(), scheme)) {
    return InvalidArgumentError("the signature scheme does not fit the key type");
  }
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key.pkey(), nullptr));
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) <= 0 || !Configure(ctx.get(), scheme, hash)) {
    return internal::OpenSslError(StatusCode::kInternal, "signature set-up");
  }
  std::size_t n = 0;
  if (EVP_PKEY_sign(ctx.get(), nullptr, &n, digest.data(), digest.size()) <= 0) {
    return internal::OpenSslError(StatusCode::kInternal, "signature size");
  }
  Bytes sig(n);
  if (EVP_PKEY_sign(ctx.get(), sig.data(), &n, digest.data(), digest.size()) <= 0) {
    return internal::OpenSslError(StatusCode::kInternal, "sign");
  }
  sig.resize(n);
  return sig;
}

bool VerifyDigest(const PublicKey& key, SignatureScheme scheme, DigestAlg hash, ByteView digest,
                  ByteView signature) {
  if (digest.size() != DigestSize(hash) || !SchemeFits(key, scheme) || signature.empty()) {
    return false;
  }
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key.pkey(), nullptr));
  const bool ok = ctx && EVP_PKEY_verify_init(ctx.get()) > 0 &&
                  Configure(ctx.get(), scheme, hash) &&
                  EVP_PKEY_verify(ctx.get(), signature.data(), signature.size(), digest.data(),
                                  digest.size()) == 1;
  ERR_clear_error();
  return ok;
}

}  // namespace kc::crypto
