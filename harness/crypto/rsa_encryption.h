// RSA encryption schemes of the KMS import contract (RFC 8017): RSAES-OAEP with MGF1 over the
// same hash as the label hash, and RSAES-PKCS1-v1_5.
//
// Encryption pads in this file with bytes from the given RandomSource (so DeterministicRandom
// makes a wrapped blob reproducible) and applies the raw RSA public operation of OpenSSL.
// Decryption is OpenSSL's (constant-time padding checks); every decryption failure is
// UnwrapFailedError().
#ifndef KC_CRYPTO_RSA_ENCRYPTION_H_
#define KC_CRYPTO_RSA_ENCRYPTION_H_

#include <cstddef>

#include "harness/common/bytes.h"
#include "harness/common/status.h"
#include "harness/crypto/keys.h"
#include "harness/crypto/random.h"
#include "harness/crypto/unwrap_error.h"

namespace kc::crypto {

enum class HashAlg { kSha1, kSha256 };

// HashSize: 20 for SHA-1, 32 for SHA-256.
std::size_t HashSize(HashAlg hash);

// RsaOaepMaxMessageSize: the longest message RSAES-OAEP can carry under a modulus of
// `modulus_bytes`: k - 2 hLen - 2 (RFC 8017 section 7.1.1), e.g. 190 for RSA-2048 with
// SHA-256; 0 when the modulus is too small for any message.
std::size_t RsaOaepMaxMessageSize(std::size_t modulus_bytes, HashAlg hash);

// RsaOaepEncrypt: RSAES-OAEP-ENCRYPT of `message` with `label`, OAEP hash and MGF1 hash both
// `hash`. Returns a ciphertext of exactly key.size() bytes. InvalidArgument when the key is
// not RSA or the message is longer than RsaOaepMaxMessageSize; Internal if OpenSSL fails.
Result<Bytes> RsaOaepEncrypt(const PublicKey& key, HashAlg hash, ByteView label, ByteView message,
                             RandomSource& rng = DefaultRandom());

// RsaOaepDecrypt: RSAES-OAEP-DECRYPT. The message on success; UnwrapFailedError() on any
// failure (a ciphertext not of exactly the modulus length, bad padding, another label, a
// non-RSA key).
Result<Bytes> RsaOaepDecrypt(const PrivateKey& key, HashAlg hash, ByteView label,
                             ByteView ciphertext);

// RsaPkcs1Encrypt: RSAES-PKCS1-V1_5-ENCRYPT. A ciphertext of key.size() bytes; InvalidArgument
// when the key is not RSA or the message exceeds key.size() - 11 bytes.
Result<Bytes> RsaPkcs1Encrypt(const PublicKey& key, ByteView message,
                              RandomSource& rng = DefaultRandom());

// RsaPkcs1Decrypt: RSAES-PKCS1-V1_5-DECRYPT. The message on success; UnwrapFailedError() on
// any failure. OpenSSL 3.0 reports bad padding as an error (no implicit rejection, which came
// in 3.2), so the error is uniform in content but not in timing: PKCS#1 v1.5 stays a legacy
// scheme, offered only because the 2022 contract lists RSAES_PKCS1_V1_5.
Result<Bytes> RsaPkcs1Decrypt(const PrivateKey& key, ByteView ciphertext);

}  // namespace kc::crypto

#endif  // KC_CRYPTO_RSA_ENCRYPTION_H_
