#include "mock_kms/model/token_sealer.h"

#include <array>
#include <cmath>

#include <openssl/crypto.h>

#include "harness/crypto/aead.h"
#include "mock_kms/model/byte_io.h"

namespace kc::mock {
namespace {

constexpr std::uint8_t kTokenVersion = 1;
constexpr std::size_t kHeaderSize = 1 + 8;  // version, serial
constexpr std::string_view kTokenKeyLabel = "kmsconform mock import token key v1";

Status NotOpened() { return InvalidArgumentError("import token does not open"); }

template <typename E>
bool ReadEnum(ByteReader& r, E& out) {
  std::uint8_t v = 0;
  if (!r.U8(v)) return false;
  for (const auto& n : contract::AllValues<E>()) {
    if (static_cast<std::uint8_t>(n.value) == v) {
      out = n.value;
      return true;
    }
  }
  return false;
}

// Wiped: a byte buffer that is cleansed when it goes out of scope (secret plaintexts).
struct Wiped {
  Bytes b;
  ~Wiped() {
    if (!b.empty()) OPENSSL_cleanse(b.data(), b.size());
  }
};

}  // namespace

TokenSealer::TokenSealer(ByteView secret, crypto::RandomSource& random, std::size_t cache_capacity)
    : random_(random), cache_capacity_(cache_capacity == 0 ? 1 : cache_capacity) {
  const crypto::Digest256 k = crypto::HmacSha256(secret, AsBytes(kTokenKeyLabel));
  key_.assign(k.begin(), k.end());
}

TokenSealer::~TokenSealer() { OPENSSL_cleanse(key_.data(), key_.size()); }

Result<Bytes> TokenSealer::Seal(TokenClaims claims, const crypto::PrivateKey& wrapping_key,
                                std::uint64_t* serial) {
  std::array<std::uint8_t, 8> serial_bytes{};
  random_.Fill(serial_bytes);
  std::uint64_t s = 0;
  for (std::size_t i = 0; i < 8; ++i) s |= static_cast<std::uint64_t>(serial_bytes[i]) << (8 * i);
  claims.serial = s;

  Wiped der;
  {
    Result<Bytes> d = wrapping_key.Pkcs8Der();
    if (!d.ok()) return d.status().WithContext("sealing import token");
    der.b = std::move(d).value();
  }
  Wiped plain;
  {
    ByteWriter w;
    w.Str(claims.account);
    w.Str(claims.region);
    w.Str(claims.key_id);
    w.U8(static_cast<std::uint8_t>(claims.algorithm));
    w.U8(static_cast<std::uint8_t>(claims.key_spec));
    w.F64(claims.issued);
    w.F64(claims.expires);
    w.Blob(der.b);
    plain.b = w.Take();
  }
  ByteWriter header;
  header.U8(kTokenVersion);
  header.U64(s);
  std::array<std::uint8_t, crypto::kAes256GcmIvSize> iv{};
  random_.Fill(iv);
  Result<Bytes> sealed = crypto::Aes256GcmSeal(key_, iv, header.bytes(), plain.b);
  if (!sealed.ok()) return sealed.status().WithContext("sealing import token");
  Bytes token = header.Take();
  token.insert(token.end(), iv.begin(), iv.end());
  token.insert(token.end(), sealed->begin(), sealed->end());
  if (token.size() > kMaxImportTokenSize) {
    return InternalError("import token of " + std::to_string(token.size()) +
                         " bytes exceeds the 6144-byte limit");
  }
  {
    // The key is in hand: cache it so the first import need not parse it.
    std::lock_guard<std::mutex> lock(mu_);
    if (cache_.find(s) == cache_.end()) {
      if (cache_order_.size() >= cache_capacity_) {
        cache_.erase(cache_order_.front());
        cache_order_.pop_front();
      }
      cache_.emplace(s, CacheEntry{crypto::Sha256(der.b), wrapping_key});
      cache_order_.push_back(s);
    }
  }
  if (serial != nullptr) *serial = s;
  return token;
}

Result<OpenedToken> TokenSealer::Open(ByteView token) {
  constexpr std::size_t kMin = kHeaderSize + crypto::kAes256GcmIvSize + crypto::kAes256GcmTagSize;
  if (token.size() < kMin || token.size() > kMaxImportTokenSize || token[0] != kTokenVersion) {
    return NotOpened();
  }
  const ByteView header = token.first(kHeaderSize);
  const ByteView iv = token.subspan(kHeaderSize, crypto::kAes256GcmIvSize);
  const ByteView sealed = token.subspan(kHeaderSize + crypto::kAes256GcmIvSize);
  Wiped plain;
  {
    Result<Bytes> p = crypto::Aes256GcmOpen(key_, iv, header, sealed);
    if (!p.ok()) return NotOpened();
    plain.b = std::move(p).value();
  }
  TokenClaims c;
  ByteReader hr(header);
  std::uint8_t version = 0;
  if (!hr.U8(version) || !hr.U64(c.serial)) return NotOpened();
  ByteReader r(plain.b);
  ByteView der;
  if (!r.Str(c.account) || !r.Str(c.region) || !r.Str(c.key_id) || !ReadEnum(r, c.algorithm) ||
      !ReadEnum(r, c.key_spec) || !r.F64(c.issued) || !r.F64(c.expires) || !r.BlobView(der) ||
      !r.done() || !std::isfinite(c.issued) || !std::isfinite(c.expires)) {
    return NotOpened();  // authentic but unreadable: only a sealer bug could make one
  }
  Result<crypto::PrivateKey> key = KeyFor(c.serial, der);
  if (!key.ok()) return NotOpened();
  return OpenedToken{std::move(c), std::move(key).value()};
}

Result<crypto::PrivateKey> TokenSealer::KeyFor(std::uint64_t serial, ByteView der) {
  const crypto::Digest256 digest = crypto::Sha256(der);
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = cache_.find(serial);
    // The digest guards against a serial drawn again after a restart for another key.
    if (it != cache_.end() && it->second.der_digest == digest) return it->second.key;
  }
  Result<crypto::PrivateKey> key = crypto::PrivateKey::FromPkcs8Der(der);
  if (!key.ok()) return key.status();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(serial);
  if (it != cache_.end()) {
    it->second = CacheEntry{digest, *key};
  } else {
    if (cache_order_.size() >= cache_capacity_) {
      cache_.erase(cache_order_.front());
      cache_order_.pop_front();
    }
    cache_.emplace(serial, CacheEntry{digest, *key});
    cache_order_.push_back(serial);
  }
  return key;
}

std::size_t TokenSealer::cached_keys() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cache_.size();
}

}  // namespace kc::mock
