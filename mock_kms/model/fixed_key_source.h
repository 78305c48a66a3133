// FixedKeySource: a WrappingKeySource that hands out a fixed ring of key pairs per size, in
// turn: the k-th Take(bits) of a size (k = 0, 1, ...) gets ring[k mod N] of that size's ring.
// It REPEATS pairs, so it breaks gpfi.fresh-wrapping-key by design: test-only (fuzzing,
// deterministic tests, `mock-kms --test-hooks --fixed-wrapping-keys N` and the runner's
// embedded target with TargetOptions::fixed_wrapping_keys, so that RSA key generation never
// bounds explore or fuzz). Never the source of a server a user relies on.
//
// Two ways to build one:
//  - FixedKeySource(keys): each size's ring is the given keys of that size, in list order;
//    a size without a key is FailedPrecondition.
//  - FixedKeySource::Ring(options): N pairs per size (RSA-2048, RSA-3072, RSA-4096). Each
//    slot is filled once and then kept, from the first of: the --key-cache file's keys (each
//    used once by this process), the compiled test keys (FixedTestKeys(bits)[slot]), a key
//    generated on the spot (appended to the cache file when there is one). The RSA-2048 ring
//    is filled by Ring(); a 3072/4096 slot the first time it is reached. With no cache and
//    N <= 8 (RSA-2048) or N <= 2 (RSA-3072/4096) nothing is ever generated.
//
// What a model of the mock must predict in this mode: import tokens still carry their own
// key pair, sealed and bound to account, region, key, algorithm, spec and expiry as always
// (ikm.token-bound-to-key etc. are unchanged). But responses that share a pair (k and k+N of
// one size, counted over the whole server: every account, region and KMS key, and every
// GetParametersForImport that passed its checks) are indistinguishable at unwrap time:
// material wrapped for response k's public key imports with response k+N's token (into that
// token's key, with its algorithm), where AWS refuses it (ikm.token-same-response). Pairings
// of responses whose pairs differ are refused as before. Under concurrent calls which
// response got which slot is not predictable.
#ifndef KC_MOCK_KMS_MODEL_FIXED_KEY_SOURCE_H_
#define KC_MOCK_KMS_MODEL_FIXED_KEY_SOURCE_H_

#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mock_kms/model/wrapping_keys.h"

namespace kc::mock {

class KeyPool;

// The bounds of --fixed-wrapping-keys N.
inline constexpr int kMinFixedWrappingKeys = 1;
inline constexpr int kMaxFixedWrappingKeys = 1024;

struct FixedKeyRingOptions {
  int size = 8;  // N: pairs per size, kMinFixedWrappingKeys..kMaxFixedWrappingKeys
  // --key-cache: its keys fill slots first; keys generated for the ring are appended to it.
  std::optional<std::filesystem::path> cache_file;
};

// Where the pairs of a ring came from (for notes and tests).
struct FixedKeyRingStats {
  std::size_t from_cache = 0;
  std::size_t compiled = 0;
  std::size_t generated = 0;
};

class FixedKeySource final : public WrappingKeySource {
 public:
  explicit FixedKeySource(std::vector<crypto::PrivateKey> keys);
  // Ring: a ring of options.size pairs per size, the RSA-2048 one filled. InvalidArgument
  // for a size out of range; Internal when a key cannot be generated.
  static Result<std::unique_ptr<FixedKeySource>> Ring(FixedKeyRingOptions options);
  ~FixedKeySource() override;
  FixedKeySource(const FixedKeySource&) = delete;
  FixedKeySource& operator=(const FixedKeySource&) = delete;

  // Take: the next pair of `bits` in its ring (wrapping around). FailedPrecondition when a
  // list has no RSA key of that size; InvalidArgument for a size a Ring does not have;
  // Internal when a ring slot's key cannot be generated.
  Result<crypto::PrivateKey> Take(int bits) override;

  std::size_t taken() const;
  FixedKeyRingStats stats() const;
  // Notes: what the key cache found (a ring over --key-cache), for stderr.
  std::vector<std::string> Notes() const;

 private:
  struct SizeRing {
    std::vector<std::optional<crypto::PrivateKey>> slots;
    std::size_t next = 0;
  };
  // FillSlot: the pair of an empty ring slot, made and kept (serialised per size, so that
  // two first requests of a size do not both generate one).
  Result<crypto::PrivateKey> FillSlot(int bits, std::size_t slot);
  Result<crypto::PrivateKey> NewSlotKey(int bits, std::size_t slot);

  bool is_ring_ = false;               // built by Ring() (else by the list constructor)
  std::unique_ptr<KeyPool> cache_;     // a ring over --key-cache (no background thread)
  std::array<std::mutex, 3> fill_mu_;  // per size: 2048, 3072, 4096
  mutable std::mutex mu_;
  std::map<int, SizeRing> rings_;  // guarded by mu_ (only slots and next change)
  std::size_t taken_ = 0;          // guarded by mu_
  FixedKeyRingStats stats_;        // guarded by mu_
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_FIXED_KEY_SOURCE_H_
