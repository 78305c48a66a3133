// SigningKeyCache: derived SigV4 signing keys, memoised per (secret, date, region, service).
// A signing key costs four HMACs and changes once a day per identity, while a verifier sees
// thousands of requests a second from a handful of identities: caching it roughly halves
// the verifier's hashing work (bench/sigv4_bench.cc).
#ifndef KC_SIGV4_SIGNING_KEY_CACHE_H_
#define KC_SIGV4_SIGNING_KEY_CACHE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "harness/crypto/hash.h"

namespace kc::sigv4 {

class SigningKeyCache {
 public:
  // A direct-mapped table of `slots` entries (at least 1): a new key evicts whatever shared
  // its slot, so the cache never grows and never needs a sweep.
  explicit SigningKeyCache(std::size_t slots = 64);
  SigningKeyCache(const SigningKeyCache&) = delete;
  SigningKeyCache& operator=(const SigningKeyCache&) = delete;

  // Get: SigningKey(secret, date, region, service) (signer.h); always the same value as
  // calling it directly. Thread-safe; the HMACs of a miss run outside the lock.
  crypto::Digest256 Get(std::string_view secret_access_key, std::string_view date,
                        std::string_view region, std::string_view service);

  std::uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  std::uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    bool used = false;
    std::string secret;
    std::string date;
    std::string region;
    std::string service;
    crypto::Digest256 key{};
  };

  std::mutex mu_;
  std::vector<Entry> entries_;  // guarded by mu_
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
};

// SharedSigningKeyCache: the process-wide cache Verify uses unless told otherwise.
SigningKeyCache& SharedSigningKeyCache();

}  // namespace kc::sigv4

#endif  // KC_SIGV4_SIGNING_KEY_CACHE_H_
