// Internal to harness/crypto: unique_ptr aliases for OpenSSL objects, the error-queue drain,
// and ciphers fetched once per process. Not included by other modules.
#ifndef KC_CRYPTO_OPENSSL_UTIL_H_
#define KC_CRYPTO_OPENSSL_UTIL_H_

#include <climits>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <openssl/evp.h>

#include "harness/common/status.h"

namespace kc::crypto::internal {

template <auto kFree>
struct OsslDeleter {
  template <typename T>
  void operator()(T* p) const {
    kFree(p);
  }
};

using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OsslDeleter<EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OsslDeleter<EVP_PKEY_CTX_free>>;
using EvpCipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, OsslDeleter<EVP_CIPHER_CTX_free>>;

// DrainOpenSslErrors: empties this thread's OpenSSL error queue and returns its entries as
// one line ("error:...; error:..."), or "no OpenSSL error reported" when it was empty.
std::string DrainOpenSslErrors();

// OpenSslError: a Status of `code` whose message is `what` followed by the drained queue.
Status OpenSslError(StatusCode code, std::string_view what);

// FitsInt: true when n can be passed to an OpenSSL length parameter of type int.
inline bool FitsInt(std::size_t n) { return n <= static_cast<std::size_t>(INT_MAX); }

// Cipher: the provider implementation of `name` ("AES-256-GCM", "AES-256-WRAP-PAD", ...),
// fetched on first use and kept for the life of the process. Passing a legacy EVP_aes_*()
// table to EVP_CipherInit instead would fetch by name on every call (OpenSSL 3.0).
// Aborts when the default provider lacks the cipher (a broken installation).
enum class CipherId { kAes128WrapPad, kAes192WrapPad, kAes256WrapPad, kAes256Gcm };
const EVP_CIPHER* Cipher(CipherId id);

}  // namespace kc::crypto::internal

#endif  // KC_CRYPTO_OPENSSL_UTIL_H_
