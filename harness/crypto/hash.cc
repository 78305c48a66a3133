#include "harness/crypto/hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <cstdlib>

namespace kc::crypto {

Digest256 Sha256(ByteView data) {
  Digest256 out{};
  // SHA256() one-shot avoids an EVP_MD fetch per call (hot path: SigV4 verification).
  SHA256(data.data(), data.size(), out.data());
  return out;
}

Digest256 HmacSha256(ByteView key, ByteView data) {
  Digest256 out{};
  unsigned int len = 0;
  // EVP_sha256() returns a static method table, so HMAC() does no provider fetch.
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(), data.size(),
           out.data(), &len) == nullptr ||
      len != out.size()) {
    std::abort();  // only on allocation failure
  }
  return out;
}

bool ConstantTimeEquals(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace kc::crypto
