#include "harness/sigv4/signing_key_cache.h"

#include <algorithm>

#include "harness/sigv4/signer.h"

namespace kc::sigv4 {
namespace {

// FNV-1a over the four fields, each followed by a 0xFF byte (which no field can contain
// ambiguously enough to matter: a collision only costs a recomputation).
std::uint64_t SlotHash(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service) {
  std::uint64_t h = 14695981039346656037ULL;
  for (std::string_view field : {secret, date, region, service}) {
    for (const char c : field) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= 0xFFU;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

SigningKeyCache::SigningKeyCache(std::size_t slots) : entries_(std::max<std::size_t>(slots, 1)) {}

crypto::Digest256 SigningKeyCache::Get(std::string_view secret_access_key, std::string_view date,
                                       std::string_view region, std::string_view service) {
  const std::size_t slot =
      static_cast<std::size_t>(SlotHash(secret_access_key, date, region, service) %
                               static_cast<std::uint64_t>(entries_.size()));
  {
    std::lock_guard<std::mutex> lock(mu_);
    const Entry& entry = entries_[slot];
    if (entry.used && entry.secret == secret_access_key && entry.date == date &&
        entry.region == region && entry.service == service) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      return entry.key;
    }
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  const crypto::Digest256 key = SigningKey(secret_access_key, date, region, service);
  std::lock_guard<std::mutex> lock(mu_);
  Entry& entry = entries_[slot];
  entry.used = true;
  entry.secret.assign(secret_access_key);
  entry.date.assign(date);
  entry.region.assign(region);
  entry.service.assign(service);
  entry.key = key;
  return key;
}

SigningKeyCache& SharedSigningKeyCache() {
  static SigningKeyCache* const cache = new SigningKeyCache();  // never destroyed: no exit race
  return *cache;
}

}  // namespace kc::sigv4
