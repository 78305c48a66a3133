// Wrap, Unwrap: the key-material wrapping of ImportKeyMaterial. Wrap is what an importer does
// client side with GetParametersForImport's public key; Unwrap is what KMS does server side
// with the wrapping private key.
//
// The algorithms (CONTRACT.md, "Profile 2026 details"):
//   RSAES_PKCS1_V1_5      RSAES-PKCS1-v1_5 (2022 contract only)
//   RSAES_OAEP_SHA_1      RSAES-OAEP, SHA-1 and MGF1-SHA-1, empty label
//   RSAES_OAEP_SHA_256    RSAES-OAEP, SHA-256 and MGF1-SHA-256, empty label
//   RSA_AES_KEY_WRAP_SHA_1 / _SHA_256
//       "an ephemeral AES-256 key wrapped with RSA-OAEP (same hash, MGF1 same hash, empty
//       label), followed by the material wrapped with that AES key by AES key wrap with
//       padding (RFC 5649); the two parts are concatenated."
// The wire spellings live in the contract tables; this enum is the crypto side of them.
#ifndef KC_CRYPTO_WRAP_H_
#define KC_CRYPTO_WRAP_H_

#include <string_view>

#include "harness/common/bytes.h"
#include "harness/common/status.h"
#include "harness/crypto/aes_kwp.h"
#include "harness/crypto/keys.h"
#include "harness/crypto/random.h"
#include "harness/crypto/rsa_encryption.h"
#include "harness/crypto/unwrap_error.h"

namespace kc::crypto {

enum class WrapAlgorithm {
  kRsaesPkcs1V15,
  kRsaesOaepSha1,
  kRsaesOaepSha256,
  kRsaAesKeyWrapSha1,
  kRsaAesKeyWrapSha256,
};

// kRsaAesKeyWrapAesKeySize: the ephemeral AES key of RSA_AES_KEY_WRAP_* is AES-256.
inline constexpr std::size_t kRsaAesKeyWrapAesKeySize = 32;

// WrapAlgorithmDebugName: a name for logs and test output ("RSAES_OAEP_SHA_256"). Not the
// wire table: codec/contract own the mapping to and from AWS spellings.
std::string_view WrapAlgorithmDebugName(WrapAlgorithm alg);

// MaxWrappableSize: the longest material `alg` can carry under an RSA modulus of
// `modulus_bytes` (RSAES_OAEP_SHA_256 under RSA_2048: 190). For RSA_AES_KEY_WRAP_* the bound
// is KWP's (about 2 GiB), not the RSA key's.
std::size_t MaxWrappableSize(WrapAlgorithm alg, std::size_t modulus_bytes);

// Wrap: `material` wrapped for `wrapping_key` with `alg`. All randomness (padding seeds, the
// ephemeral AES key) comes from `rng`, so a DeterministicRandom gives reproducible blobs.
// For RSA_AES_KEY_WRAP_*: RSA-OAEP part (exactly the modulus length) || KWP part.
// InvalidArgument when the key is not RSA, or the material is too long for the algorithm
// (e.g. 191 bytes for RSAES_OAEP_SHA_256 under RSA_2048) or empty for RSA_AES_KEY_WRAP_*
// (RFC 5649 wraps at least one byte); Internal if OpenSSL fails.
Result<Bytes> Wrap(WrapAlgorithm alg, const PublicKey& wrapping_key, ByteView material,
                   RandomSource& rng = DefaultRandom());

// Unwrap: the material inside `wrapped`. Every failure, whatever its cause (a wrong length,
// bad padding, a wrong key or algorithm, a failed KWP integrity check, an empty input, a
// non-RSA key), is the same UnwrapFailedError(), and OpenSSL's error queue is left as it
// was before the call. For RSA_AES_KEY_WRAP_* the first modulus-length bytes must decrypt to
// a 32-byte AES key and the rest must be a valid KWP blob under it.
// Cost: one RSA private operation and at most one KWP; no key parsing.
Result<Bytes> Unwrap(WrapAlgorithm alg, const PrivateKey& wrapping_key, ByteView wrapped);

}  // namespace kc::crypto

#endif  // KC_CRYPTO_WRAP_H_
