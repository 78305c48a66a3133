#include "harness/crypto/aes_kwp.h"

#include <climits>
#include <string>

#include <openssl/crypto.h>
#include <openssl/err.h>

#include "harness/crypto/openssl_util.h"

namespace kc::crypto {
namespace {

using internal::CipherId;
using internal::EvpCipherCtxPtr;

// KwpCipher: the AES-*-WRAP-PAD cipher for a key of kek_size bytes, or nullptr.
const EVP_CIPHER* KwpCipher(std::size_t kek_size) {
  switch (kek_size) {
    case 16:
      return internal::Cipher(CipherId::kAes128WrapPad);
    case 24:
      return internal::Cipher(CipherId::kAes192WrapPad);
    case 32:
      return internal::Cipher(CipherId::kAes256WrapPad);
    default:
      return nullptr;
  }
}

// NewWrapCtx: a cipher context that allows wrap modes. EVP refuses wrap ciphers on a
// context without EVP_CIPHER_CTX_FLAG_WRAP_ALLOW; the flag must be set before the init.
EvpCipherCtxPtr NewWrapCtx() {
  EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (ctx != nullptr) EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  return ctx;
}

// EVP_*Update may write up to inl + block size bytes (EVP_EncryptUpdate(3)), and OpenSSL
// 3.0's KWP unwrap does use that room: on failure CRYPTO_128_unwrap_pad wipes `inl` bytes of
// the output, 8 more than any plaintext. So buffers get this much slack beyond the input.
constexpr std::size_t kOutputSlack = 16;

// The largest plaintext: its wrapped form must still fit OpenSSL's int lengths.
constexpr std::size_t kMaxPlaintext = static_cast<std::size_t>(INT_MAX) - 16;

}  // namespace

std::size_t AesKwpWrappedSize(std::size_t n) { return (n + 7) / 8 * 8 + 8; }

Result<Bytes> AesKwpWrap(ByteView kek, ByteView plaintext) {
  const EVP_CIPHER* cipher = KwpCipher(kek.size());
  if (cipher == nullptr) {
    return InvalidArgumentError("AES-KWP key must be 16, 24 or 32 bytes, got " +
                                std::to_string(kek.size()));
  }
  // RFC 5649 section 4.1: the plaintext is 1 to 2^32 octets; our bound is OpenSSL's int.
  if (plaintext.empty()) return InvalidArgumentError("AES-KWP cannot wrap an empty plaintext");
  if (plaintext.size() > kMaxPlaintext) return InvalidArgumentError("AES-KWP plaintext too large");
  EvpCipherCtxPtr ctx = NewWrapCtx();
  Bytes out(plaintext.size() + kOutputSlack);
  int len = 0;
  int final_len = 0;
  if (ctx == nullptr || EVP_EncryptInit_ex2(ctx.get(), cipher, kek.data(), nullptr, nullptr) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out.data(), &len, plaintext.data(),
                        static_cast<int>(plaintext.size())) != 1 ||
      static_cast<std::size_t>(len) != AesKwpWrappedSize(plaintext.size()) ||
      EVP_EncryptFinal_ex(ctx.get(), out.data() + len, &final_len) != 1 || final_len != 0) {
    return internal::OpenSslError(StatusCode::kInternal, "AES-KWP wrap");
  }
  out.resize(static_cast<std::size_t>(len));
  return out;
}

Result<Bytes> AesKwpUnwrap(ByteView kek, ByteView wrapped) {
  const EVP_CIPHER* cipher = KwpCipher(kek.size());
  // RFC 5649 section 4.2: the wrapped form is n+1 64-bit blocks, n >= 1.
  if (cipher == nullptr || wrapped.size() < 16 || wrapped.size() % 8 != 0 ||
      wrapped.size() > kMaxPlaintext + 16) {
    return UnwrapFailedError();
  }
  ERR_set_mark();
  EvpCipherCtxPtr ctx = NewWrapCtx();
  Bytes out(wrapped.size() + kOutputSlack);
  int len = 0;
  int final_len = 0;
  if (ctx == nullptr || EVP_DecryptInit_ex2(ctx.get(), cipher, kek.data(), nullptr, nullptr) != 1 ||
      EVP_DecryptUpdate(ctx.get(), out.data(), &len, wrapped.data(),
                        static_cast<int>(wrapped.size())) != 1 ||
      len <= 0 || static_cast<std::size_t>(len) > wrapped.size() - 8 ||
      EVP_DecryptFinal_ex(ctx.get(), out.data() + len, &final_len) != 1 || final_len != 0) {
    ERR_pop_to_mark();
    OPENSSL_cleanse(out.data(), out.size());
    return UnwrapFailedError();
  }
  ERR_pop_to_mark();
  const auto n = static_cast<std::size_t>(len);
  OPENSSL_cleanse(out.data() + n, out.size() - n);
  out.resize(n);
  return out;
}

}  // namespace kc::crypto
