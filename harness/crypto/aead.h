// AES-256-GCM (NIST SP 800-38D) with a 96-bit IV and a 128-bit tag: how the mock KMS seals its
// import tokens (account, region, key id, algorithm, wrapping key handle, expiry) under a
// server secret, so that a token cannot be forged or altered (ikm.token-tampered).
#ifndef KC_CRYPTO_AEAD_H_
#define KC_CRYPTO_AEAD_H_

#include <cstddef>

#include "harness/common/bytes.h"
#include "harness/common/status.h"

namespace kc::crypto {

inline constexpr std::size_t kAes256GcmKeySize = 32;
inline constexpr std::size_t kAes256GcmIvSize = 12;
inline constexpr std::size_t kAes256GcmTagSize = 16;

// Aes256GcmSeal: ciphertext || 16-byte tag of `plaintext`, authenticating `aad` too.
// The IV must never repeat under one key (callers draw it from a RandomSource).
// InvalidArgument on a key that is not 32 bytes or an IV that is not 12 bytes (or inputs
// beyond 2^31 bytes); Internal if OpenSSL fails.
Result<Bytes> Aes256GcmSeal(ByteView key, ByteView iv, ByteView aad, ByteView plaintext);

// Aes256GcmOpen: the plaintext of `sealed` (ciphertext || tag) when the tag verifies under
// key, iv and aad. InvalidArgument on a wrong key or IV size (as for Seal). Every other
// failure (a sealed input shorter than the tag, any altered byte of ciphertext, tag, aad or
// IV, another key) is the one Status Aes256GcmOpenFailedError().
Result<Bytes> Aes256GcmOpen(ByteView key, ByteView iv, ByteView aad, ByteView sealed);

// Aes256GcmOpenFailedError: InvalidArgument "AES-GCM open failed".
Status Aes256GcmOpenFailedError();

}  // namespace kc::crypto

#endif  // KC_CRYPTO_AEAD_H_
