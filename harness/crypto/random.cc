#include "harness/crypto/random.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

#include <openssl/rand.h>

namespace kc::crypto {

RandomSource::~RandomSource() = default;

Bytes RandomSource::Generate(std::size_t n) {
  Bytes out(n);
  Fill(out);
  return out;
}

void SecureRandom::Fill(std::span<std::uint8_t> out) {
  // RAND_bytes takes an int length; larger requests are served in chunks.
  constexpr std::size_t kMaxChunk = 1U << 20;
  while (!out.empty()) {
    const std::size_t n = std::min(out.size(), kMaxChunk);
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) std::abort();
    out = out.subspan(n);
  }
}

void DeterministicRandom::Refill() {
  std::array<std::uint8_t, 16> input{};
  for (std::size_t i = 0; i < 8; ++i) {
    input[i] = static_cast<std::uint8_t>(seed_ >> (8 * i));
    input[8 + i] = static_cast<std::uint8_t>(counter_ >> (8 * i));
  }
  ++counter_;
  block_ = Sha256(input);
  used_ = 0;
}

void DeterministicRandom::Fill(std::span<std::uint8_t> out) {
  std::lock_guard<std::mutex> lock(mu_);
  while (!out.empty()) {
    if (used_ == block_.size()) Refill();
    const std::size_t n = std::min(out.size(), block_.size() - used_);
    std::memcpy(out.data(), block_.data() + used_, n);
    used_ += n;
    out = out.subspan(n);
  }
}

RandomSource& DefaultRandom() {
  // Never destroyed: usable from other objects' destructors at exit.
  static SecureRandom* const instance = new SecureRandom();
  return *instance;
}

}  // namespace kc::crypto
