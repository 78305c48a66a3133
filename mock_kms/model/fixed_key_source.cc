#include "mock_kms/model/fixed_key_source.h"

#include <utility>

#include "mock_kms/model/fixed_test_keys.h"
#include "mock_kms/model/key_pool.h"

namespace kc::mock {
namespace {

constexpr int kRingBits[] = {2048, 3072, 4096};

std::size_t SizeIndex(int bits) { return bits == 2048 ? 0 : (bits == 3072 ? 1 : 2); }

}  // namespace

FixedKeySource::FixedKeySource(std::vector<crypto::PrivateKey> keys) {
  for (crypto::PrivateKey& k : keys) {
    if (k.type() != crypto::KeyType::kRsa) continue;
    const int bits = k.bits();
    rings_[bits].slots.emplace_back(std::move(k));
  }
}

FixedKeySource::~FixedKeySource() = default;

Result<std::unique_ptr<FixedKeySource>> FixedKeySource::Ring(FixedKeyRingOptions options) {
  if (options.size < kMinFixedWrappingKeys || options.size > kMaxFixedWrappingKeys) {
    return InvalidArgumentError("a fixed wrapping-key ring holds " +
                                std::to_string(kMinFixedWrappingKeys) + ".." +
                                std::to_string(kMaxFixedWrappingKeys) + " pairs per size, not " +
                                std::to_string(options.size));
  }
  auto source = std::make_unique<FixedKeySource>(std::vector<crypto::PrivateKey>{});
  source->is_ring_ = true;
  if (options.cache_file) {
    // Only the cache's loading and appending: no background generation (target 0).
    KeyPoolOptions pool;
    pool.target = 0;
    pool.lazy_target = 0;
    pool.background = false;
    pool.cache_file = options.cache_file;
    KC_ASSIGN_OR_RETURN(source->cache_, KeyPool::Create(std::move(pool)));
  }
  for (int bits : kRingBits) {
    source->rings_[bits].slots.resize(static_cast<std::size_t>(options.size));
  }
  // The common size is filled now, so no request of it ever waits for a key.
  for (std::size_t slot = 0; slot < static_cast<std::size_t>(options.size); ++slot) {
    KC_RETURN_IF_ERROR(source->FillSlot(2048, slot).status());
  }
  return source;
}

Result<crypto::PrivateKey> FixedKeySource::Take(int bits) {
  std::size_t slot = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = rings_.find(bits);
    if (it == rings_.end() || it->second.slots.empty()) {
      if (is_ring_) {
        return InvalidArgumentError("no RSA wrapping keys of " + std::to_string(bits) + " bits");
      }
      return FailedPreconditionError("FixedKeySource has no " + std::to_string(bits) +
                                     "-bit RSA key");
    }
    SizeRing& ring = it->second;
    slot = ring.next % ring.slots.size();
    ++ring.next;
    ++taken_;
    if (ring.slots[slot]) return *ring.slots[slot];
  }
  return FillSlot(bits, slot);
}

Result<crypto::PrivateKey> FixedKeySource::FillSlot(int bits, std::size_t slot) {
  std::lock_guard<std::mutex> fill(fill_mu_[SizeIndex(bits)]);
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto& filled = rings_[bits].slots[slot];
    if (filled) return *filled;  // another request of this size filled it meanwhile
  }
  KC_ASSIGN_OR_RETURN(crypto::PrivateKey key, NewSlotKey(bits, slot));
  std::lock_guard<std::mutex> lock(mu_);
  rings_[bits].slots[slot] = key;
  return key;
}

Result<crypto::PrivateKey> FixedKeySource::NewSlotKey(int bits, std::size_t slot) {
  // Requires fill_mu_ of the size (so the cache's Ready and Take agree).
  if (cache_ != nullptr && cache_->Ready(bits) > 0) {
    Result<crypto::PrivateKey> key = cache_->Take(bits);
    if (key.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      ++stats_.from_cache;
    }
    return key;
  }
  const std::vector<crypto::PrivateKey>& compiled = FixedTestKeys(bits);
  if (slot < compiled.size()) {
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.compiled;
    return compiled[slot];
  }
  // KeyPool::Take generates (the cache is empty) and appends the key to the cache file.
  Result<crypto::PrivateKey> key =
      cache_ != nullptr ? cache_->Take(bits) : crypto::GenerateRsaKey(bits);
  if (!key.ok()) return key.status().WithContext("generating a fixed wrapping key");
  std::lock_guard<std::mutex> lock(mu_);
  ++stats_.generated;
  return key;
}

std::size_t FixedKeySource::taken() const {
  std::lock_guard<std::mutex> lock(mu_);
  return taken_;
}

FixedKeyRingStats FixedKeySource::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

std::vector<std::string> FixedKeySource::Notes() const {
  return cache_ != nullptr ? cache_->Notes() : std::vector<std::string>{};
}

}  // namespace kc::mock
