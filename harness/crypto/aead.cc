#include "harness/crypto/aead.h"

#include <climits>
#include <string>

#include <openssl/crypto.h>
#include <openssl/err.h>

#include "harness/crypto/openssl_util.h"

namespace kc::crypto {
namespace {

using internal::EvpCipherCtxPtr;

Status CheckSizes(ByteView key, ByteView iv) {
  if (key.size() != kAes256GcmKeySize) {
    return InvalidArgumentError("AES-256-GCM key must be 32 bytes, got " +
                                std::to_string(key.size()));
  }
  if (iv.size() != kAes256GcmIvSize) {
    return InvalidArgumentError("AES-256-GCM IV must be 12 bytes, got " +
                                std::to_string(iv.size()));
  }
  return Status::Ok();
}

bool FitsInt(ByteView a, ByteView b) {
  return internal::FitsInt(a.size()) && internal::FitsInt(b.size());
}

}  // namespace

Status Aes256GcmOpenFailedError() { return InvalidArgumentError("AES-GCM open failed"); }

Result<Bytes> Aes256GcmSeal(ByteView key, ByteView iv, ByteView aad, ByteView plaintext) {
  KC_RETURN_IF_ERROR(CheckSizes(key, iv));
  if (!FitsInt(aad, plaintext) || plaintext.size() > static_cast<std::size_t>(INT_MAX) - 16) {
    return InvalidArgumentError("AES-256-GCM input too large");
  }
  // The cipher's default IV length is 12 bytes, so no EVP_CTRL_GCM_SET_IVLEN is needed.
  EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  Bytes out(plaintext.size() + kAes256GcmTagSize);
  int len = 0;
  int final_len = 0;
  if (ctx == nullptr ||
      EVP_EncryptInit_ex2(ctx.get(), internal::Cipher(internal::CipherId::kAes256Gcm), key.data(),
                          iv.data(), nullptr) != 1 ||
      (!aad.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(),
                                         static_cast<int>(aad.size())) != 1) ||
      EVP_EncryptUpdate(ctx.get(), out.data(), &len, plaintext.data(),
                        static_cast<int>(plaintext.size())) != 1 ||
      static_cast<std::size_t>(len) != plaintext.size() ||
      EVP_EncryptFinal_ex(ctx.get(), out.data() + len, &final_len) != 1 || final_len != 0 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kAes256GcmTagSize),
                          out.data() + plaintext.size()) != 1) {
    return internal::OpenSslError(StatusCode::kInternal, "AES-256-GCM seal");
  }
  return out;
}

Result<Bytes> Aes256GcmOpen(ByteView key, ByteView iv, ByteView aad, ByteView sealed) {
  KC_RETURN_IF_ERROR(CheckSizes(key, iv));
  if (sealed.size() < kAes256GcmTagSize || !FitsInt(aad, sealed)) {
    return Aes256GcmOpenFailedError();
  }
  const std::size_t ct_size = sealed.size() - kAes256GcmTagSize;
  ERR_set_mark();
  EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  Bytes out(ct_size);
  int len = 0;
  int final_len = 0;
  // The tag is set before the final call, which compares it in constant time.
  if (ctx == nullptr ||
      EVP_DecryptInit_ex2(ctx.get(), internal::Cipher(internal::CipherId::kAes256Gcm), key.data(),
                          iv.data(), nullptr) != 1 ||
      (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(),
                                         static_cast<int>(aad.size())) != 1) ||
      EVP_DecryptUpdate(ctx.get(), out.data(), &len, sealed.data(), static_cast<int>(ct_size)) !=
          1 ||
      static_cast<std::size_t>(len) != ct_size ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(kAes256GcmTagSize),
                          const_cast<std::uint8_t*>(sealed.data() + ct_size)) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), out.data() + len, &final_len) != 1 || final_len != 0) {
    ERR_pop_to_mark();
    OPENSSL_cleanse(out.data(), out.size());
    return Aes256GcmOpenFailedError();
  }
  ERR_pop_to_mark();
  return out;
}

}  // namespace kc::crypto
