// TokenSealer: import tokens (GetParametersForImport's ImportToken) sealed with AES-256-GCM
// under a key derived from the server secret. A token carries everything ImportKeyMaterial
// needs: account, region, key id, wrapping algorithm and key spec, issue time, expiry and
// the wrapping private key itself (PKCS#8 DER). So tokens need no server-side table, stay
// valid after later GetParametersForImport calls and, with a persisted secret, after a
// restart (DESIGN.md).
//
// Layout: version (1) | serial (8) | IV (12) | AES-256-GCM(claims || PKCS#8) || tag (16),
// with version and serial as additional data. An RSA_4096 token is about 2.5 KB, within
// the model's 6144-byte limit. Parsed private keys are cached by serial (bounded), so
// repeated imports with one token do not parse the key again.
#ifndef KC_MOCK_KMS_MODEL_TOKEN_SEALER_H_
#define KC_MOCK_KMS_MODEL_TOKEN_SEALER_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "harness/common/bytes.h"
#include "harness/common/clock.h"
#include "harness/common/status.h"
#include "harness/contract/enums.h"
#include "harness/crypto/hash.h"
#include "harness/crypto/keys.h"
#include "harness/crypto/random.h"

namespace kc::mock {

// The model's limit on an ImportToken (the API model's ImportToken blob: 1..6144 bytes).
inline constexpr std::size_t kMaxImportTokenSize = 6144;

struct TokenClaims {
  std::string account;
  std::string region;
  std::string key_id;
  contract::WrappingAlgorithm algorithm = contract::WrappingAlgorithm::kRsaesOaepSha256;
  contract::WrappingKeySpec key_spec = contract::WrappingKeySpec::kRsa2048;
  EpochSeconds issued = 0;
  EpochSeconds expires = 0;
  std::uint64_t serial = 0;  // set by Seal
};

struct OpenedToken {
  TokenClaims claims;
  crypto::PrivateKey wrapping_key;
};

class TokenSealer {
 public:
  // secret: the 32-byte server secret (a token key is derived from it).
  TokenSealer(ByteView secret, crypto::RandomSource& random, std::size_t cache_capacity = 1024);
  ~TokenSealer();
  TokenSealer(const TokenSealer&) = delete;
  TokenSealer& operator=(const TokenSealer&) = delete;

  // Seal: a token for claims (claims.serial is drawn here and returned in *serial) that
  // carries wrapping_key. Internal if the key cannot be encoded or the token would exceed
  // kMaxImportTokenSize.
  Result<Bytes> Seal(TokenClaims claims, const crypto::PrivateKey& wrapping_key,
                     std::uint64_t* serial = nullptr);

  // Open: the claims and wrapping key of a token this sealer (or one with the same secret)
  // made. InvalidArgument "import token does not open" for anything else: a modified,
  // truncated, extended or random token, or one sealed under another secret.
  Result<OpenedToken> Open(ByteView token);

  std::size_t cached_keys() const;

 private:
  struct CacheEntry {
    crypto::Digest256 der_digest;
    crypto::PrivateKey key;
  };
  Result<crypto::PrivateKey> KeyFor(std::uint64_t serial, ByteView der);

  Bytes key_;  // AES-256 key derived from the secret
  crypto::RandomSource& random_;
  const std::size_t cache_capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::uint64_t, CacheEntry> cache_;  // guarded by mu_
  std::deque<std::uint64_t> cache_order_;                // guarded by mu_ (FIFO eviction)
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_TOKEN_SEALER_H_
