// Randomness is injected: every function that needs random bytes takes a RandomSource.
// Production uses SecureRandom (OpenSSL's DRBG); tests and fuzzing use DeterministicRandom so
// that a run (wrapping keys' ephemeral AES keys, padding seeds, token IVs) is reproducible
// from one seed, BoringSSL's "fuzzer mode".
#ifndef KC_CRYPTO_RANDOM_H_
#define KC_CRYPTO_RANDOM_H_

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>

#include "harness/common/bytes.h"
#include "harness/crypto/hash.h"

namespace kc::crypto {

// RandomSource: a source of random bytes. Fill never fails: a source that cannot deliver
// aborts the process, since no caller could continue safely without randomness.
// Implementations here are safe to call from several threads at once.
class RandomSource {
 public:
  virtual ~RandomSource();
  // Fill: writes out.size() random bytes into out.
  virtual void Fill(std::span<std::uint8_t> out) = 0;
  // Generate: n fresh random bytes.
  Bytes Generate(std::size_t n);
};

// SecureRandom: OpenSSL's RAND_bytes (the process DRBG, seeded from the OS). Aborts if
// RAND_bytes reports failure.
class SecureRandom final : public RandomSource {
 public:
  void Fill(std::span<std::uint8_t> out) override;
};

// DeterministicRandom: a reproducible stream, a pure function of the seed: block i is
// SHA-256(seed as 8 bytes little-endian || i as 8 bytes little-endian), blocks concatenated.
// Successive Fill calls continue the stream, so the bytes depend only on the seed and the
// total drawn before, not on how the draws were split. For tests and fuzzing only: the
// stream is predictable from the seed.
class DeterministicRandom final : public RandomSource {
 public:
  explicit DeterministicRandom(std::uint64_t seed) : seed_(seed) {}
  void Fill(std::span<std::uint8_t> out) override;

 private:
  void Refill();  // requires mu_ held

  std::mutex mu_;
  const std::uint64_t seed_;
  std::uint64_t counter_ = 0;
  Digest256 block_{};
  std::size_t used_ = block_.size();  // bytes of block_ already handed out
};

// DefaultRandom: the process-wide SecureRandom. Thread-safe.
RandomSource& DefaultRandom();

}  // namespace kc::crypto

#endif  // KC_CRYPTO_RANDOM_H_
