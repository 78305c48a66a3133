// Hashes and MACs used by SigV4, the token sealer and the mock: SHA-256, HMAC-SHA256,
// constant-time comparison. Thin wrappers over OpenSSL's low-level SHA-256 (stack contexts,
// no allocation: they are on the hot path of SigV4 verification); infallible.
#ifndef KC_CRYPTO_HASH_H_
#define KC_CRYPTO_HASH_H_

#include <array>
#include <cstdint>

#include "harness/common/bytes.h"

namespace kc::crypto {

using Digest256 = std::array<std::uint8_t, 32>;

// Sha256: the SHA-256 digest of data.
Digest256 Sha256(ByteView data);
// HmacSha256: HMAC-SHA256(key, data) (RFC 2104).
Digest256 HmacSha256(ByteView key, ByteView data);
// ConstantTimeEquals: true when a and b are equal; the time taken depends only on the
// lengths, never on where they differ. Unequal lengths return false.
bool ConstantTimeEquals(ByteView a, ByteView b);

}  // namespace kc::crypto

#endif  // KC_CRYPTO_HASH_H_
