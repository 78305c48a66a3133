// AES key wrap with padding (RFC 5649, NIST SP 800-38F "KWP"): the second half of the
// RSA_AES_KEY_WRAP_* import algorithms.
#ifndef KC_CRYPTO_AES_KWP_H_
#define KC_CRYPTO_AES_KWP_H_

#include "harness/common/bytes.h"
#include "harness/common/status.h"
#include "harness/crypto/unwrap_error.h"

namespace kc::crypto {

// AesKwpWrappedSize: the length AesKwpWrap produces for a plaintext of n bytes:
// n rounded up to a multiple of 8, plus 8.
std::size_t AesKwpWrappedSize(std::size_t n);

// AesKwpWrap: wraps `plaintext` (1 byte up to 2^31 - 16 bytes) under `kek` (16, 24 or 32
// bytes, AES-128/192/256). Deterministic: the same inputs give the same output.
// InvalidArgument on a wrong key size or an empty / oversized plaintext; Internal if OpenSSL
// fails.
Result<Bytes> AesKwpWrap(ByteView kek, ByteView plaintext);

// AesKwpUnwrap: the plaintext on success; UnwrapFailedError() on any failure: a wrong key
// size, a wrapped length below 16 or not a multiple of 8, a failed integrity check, wrong
// length indicator or nonzero padding.
Result<Bytes> AesKwpUnwrap(ByteView kek, ByteView wrapped);

}  // namespace kc::crypto

#endif  // KC_CRYPTO_AES_KWP_H_
