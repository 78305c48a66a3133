// Wrap / Unwrap: round trips of every algorithm, the uniform failure (no padding oracle),
// algorithm binding (ikm.algorithm-bound), tampering, determinism and concurrent use.
#include "harness/crypto/wrap.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/err.h>

#include "harness/crypto/crypto_test_util.h"

namespace kc::crypto {
namespace {

constexpr std::array<WrapAlgorithm, 5> kAllAlgorithms = {
    WrapAlgorithm::kRsaesPkcs1V15, WrapAlgorithm::kRsaesOaepSha1, WrapAlgorithm::kRsaesOaepSha256,
    WrapAlgorithm::kRsaAesKeyWrapSha1, WrapAlgorithm::kRsaAesKeyWrapSha256};

bool IsKeyWrap(WrapAlgorithm alg) {
  return alg == WrapAlgorithm::kRsaAesKeyWrapSha1 || alg == WrapAlgorithm::kRsaAesKeyWrapSha256;
}

// A fixed key for tests whose outcome must not depend on a generated key.
const PrivateKey& FixedKey() { return testing::FixedRsaKey(2048); }

std::string AlgName(WrapAlgorithm alg) { return std::string(WrapAlgorithmDebugName(alg)); }

class WrapRoundTrip : public ::testing::TestWithParam<std::tuple<WrapAlgorithm, int>> {};

TEST_P(WrapRoundTrip, UnwrapOfWrapIsIdentity) {
  const auto [alg, bits] = GetParam();
  const PrivateKey& key = testing::FixedRsaKey(bits);
  const Bytes material = DefaultRandom().Generate(32);
  Result<Bytes> wrapped = Wrap(alg, key.Public(), material);
  ASSERT_TRUE(wrapped.ok()) << wrapped.status().ToString();
  const auto k = static_cast<std::size_t>(bits / 8);
  EXPECT_EQ(wrapped->size(), IsKeyWrap(alg) ? k + AesKwpWrappedSize(32) : k);
  Result<Bytes> unwrapped = Unwrap(alg, key, *wrapped);
  ASSERT_TRUE(unwrapped.ok()) << unwrapped.status().ToString();
  EXPECT_EQ(*unwrapped, material);
  // Wrapping is randomised: a second wrap differs but unwraps the same.
  Result<Bytes> again = Wrap(alg, key.Public(), material);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, *wrapped);
  EXPECT_EQ(*Unwrap(alg, key, *again), material);
}

INSTANTIATE_TEST_SUITE_P(AllAlgorithmsAndSizes, WrapRoundTrip,
                         ::testing::Combine(::testing::ValuesIn(kAllAlgorithms),
                                            ::testing::Values(2048, 3072, 4096)),
                         [](const auto& p) {
                           return AlgName(std::get<0>(p.param)) + "_" +
                                  std::to_string(std::get<1>(p.param));
                         });

TEST(Wrap, AGeneratedKeyServesEveryAlgorithm) {
  const PrivateKey& key = testing::GeneratedRsa2048Key();
  for (WrapAlgorithm alg : kAllAlgorithms) {
    const Bytes material = DefaultRandom().Generate(32);
    Result<Bytes> wrapped = Wrap(alg, key.Public(), material);
    ASSERT_TRUE(wrapped.ok()) << AlgName(alg) << ": " << wrapped.status().ToString();
    Result<Bytes> unwrapped = Unwrap(alg, key, *wrapped);
    ASSERT_TRUE(unwrapped.ok()) << AlgName(alg);
    EXPECT_EQ(*unwrapped, material) << AlgName(alg);
  }
}

TEST(Wrap, RsaAesKeyWrapCarriesAPkcs8PrivateKey) {
  // CONTRACT.md: RSA private keys need RSA_AES_KEY_WRAP_* (they exceed what OAEP carries).
  Result<Bytes> material = testing::GeneratedRsa2048Key().Pkcs8Der();
  ASSERT_TRUE(material.ok());
  ASSERT_GT(material->size(), 1100U);
  for (WrapAlgorithm alg :
       {WrapAlgorithm::kRsaAesKeyWrapSha1, WrapAlgorithm::kRsaAesKeyWrapSha256}) {
    for (int bits : {2048, 4096}) {
      const PrivateKey& key = testing::FixedRsaKey(bits);
      Result<Bytes> wrapped = Wrap(alg, key.Public(), *material);
      ASSERT_TRUE(wrapped.ok()) << wrapped.status().ToString();
      EXPECT_EQ(wrapped->size(),
                static_cast<std::size_t>(bits / 8) + AesKwpWrappedSize(material->size()));
      Result<Bytes> unwrapped = Unwrap(alg, key, *wrapped);
      ASSERT_TRUE(unwrapped.ok()) << AlgName(alg) << " " << bits;
      EXPECT_EQ(*unwrapped, *material);
      Result<PrivateKey> parsed = PrivateKey::FromPkcs8Der(*unwrapped);
      ASSERT_TRUE(parsed.ok());
      EXPECT_EQ(parsed->bits(), 2048);
    }
  }
  // The same material is far beyond what RSAES_OAEP_* can carry.
  EXPECT_EQ(Wrap(WrapAlgorithm::kRsaesOaepSha256, testing::FixedRsaKey(4096).Public(), *material)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST(Wrap, OaepSha256UnderRsa2048CarriesAtMost190Bytes) {
  const PublicKey pub = FixedKey().Public();
  EXPECT_EQ(MaxWrappableSize(WrapAlgorithm::kRsaesOaepSha256, 256), 190U);
  EXPECT_EQ(MaxWrappableSize(WrapAlgorithm::kRsaesOaepSha1, 256), 214U);
  EXPECT_EQ(MaxWrappableSize(WrapAlgorithm::kRsaesPkcs1V15, 256), 245U);
  Result<Bytes> ok = Wrap(WrapAlgorithm::kRsaesOaepSha256, pub, Bytes(190, 1));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*Unwrap(WrapAlgorithm::kRsaesOaepSha256, FixedKey(), *ok), Bytes(190, 1));
  Result<Bytes> too_long = Wrap(WrapAlgorithm::kRsaesOaepSha256, pub, Bytes(191, 1));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(too_long.status().message().find("at most 190 bytes, got 191"), std::string::npos)
      << too_long.status().message();
}

TEST(Wrap, RefusesNonRsaKeysAndEmptyKeyWrapMaterial) {
  Result<PrivateKey> ec = GenerateEcKey(EcCurve::kP256);
  ASSERT_TRUE(ec.ok());
  for (WrapAlgorithm alg : kAllAlgorithms) {
    Result<Bytes> r = Wrap(alg, ec->Public(), Bytes(32, 1));
    ASSERT_FALSE(r.ok()) << AlgName(alg);
    EXPECT_EQ(r.status(), InvalidArgumentError("wrapping key must be an RSA key"));
    EXPECT_EQ(Unwrap(alg, *ec, Bytes(296, 1)).status(), UnwrapFailedError()) << AlgName(alg);
  }
  Result<Bytes> empty = Wrap(WrapAlgorithm::kRsaAesKeyWrapSha256, FixedKey().Public(), {});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
}

TEST(Wrap, AValueOutsideTheEnumIsRefused) {
  const auto bogus = static_cast<WrapAlgorithm>(99);
  EXPECT_EQ(Wrap(bogus, FixedKey().Public(), Bytes(32, 1)).status(),
            InvalidArgumentError("unknown wrapping algorithm"));
  DeterministicRandom rng(1);
  const Bytes wrapped =
      *Wrap(WrapAlgorithm::kRsaesOaepSha256, FixedKey().Public(), Bytes(32, 1), rng);
  EXPECT_EQ(Unwrap(bogus, FixedKey(), wrapped).status(), UnwrapFailedError());
  EXPECT_EQ(WrapAlgorithmDebugName(bogus), "unknown");
  EXPECT_EQ(MaxWrappableSize(bogus, 256), 0U);
}

TEST(Wrap, DeterministicRandomMakesEveryAlgorithmReproducible) {
  const PublicKey pub = FixedKey().Public();
  const Bytes material(32, 0x11);
  for (WrapAlgorithm alg : kAllAlgorithms) {
    DeterministicRandom a(77);
    DeterministicRandom b(77);
    DeterministicRandom c(78);
    const Bytes wa = *Wrap(alg, pub, material, a);
    EXPECT_EQ(wa, *Wrap(alg, pub, material, b)) << AlgName(alg);
    EXPECT_NE(wa, *Wrap(alg, pub, material, c)) << AlgName(alg);
    EXPECT_EQ(*Unwrap(alg, FixedKey(), wa), material) << AlgName(alg);
  }
}

// ikm.algorithm-bound: material wrapped with one algorithm never unwraps under another.
// Fixed key and seed: whether a foreign blob happens to pass another scheme's checks is then
// fixed too (for PKCS#1 v1.5 that chance is not negligible for a random blob).
TEST(Unwrap, WrongAlgorithmIsRefused) {
  const Bytes material(32, 0x22);
  for (WrapAlgorithm wrap_alg : kAllAlgorithms) {
    DeterministicRandom rng(1000 + static_cast<std::uint64_t>(wrap_alg));
    const Bytes wrapped = *Wrap(wrap_alg, FixedKey().Public(), material, rng);
    for (WrapAlgorithm unwrap_alg : kAllAlgorithms) {
      Result<Bytes> r = Unwrap(unwrap_alg, FixedKey(), wrapped);
      if (unwrap_alg == wrap_alg) {
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(*r, material);
      } else {
        EXPECT_EQ(r.status(), UnwrapFailedError())
            << AlgName(wrap_alg) << " unwrapped as " << AlgName(unwrap_alg);
      }
    }
  }
}

TEST(Unwrap, WrongKeyIsRefused) {
  for (WrapAlgorithm alg : kAllAlgorithms) {
    DeterministicRandom rng(5);
    const Bytes wrapped = *Wrap(alg, FixedKey().Public(), Bytes(32, 3), rng);
    EXPECT_EQ(Unwrap(alg, testing::GeneratedRsa2048Key(), wrapped).status(), UnwrapFailedError())
        << AlgName(alg);
  }
}

// Positions whose one-bit flip must be refused: both ends, the middle, and for KWP blobs the
// first and last byte of each part.
std::vector<std::size_t> FlipPositions(WrapAlgorithm alg, std::size_t size) {
  std::vector<std::size_t> pos = {0, 1, size / 2, size - 1};
  if (IsKeyWrap(alg)) {
    pos.insert(pos.end(), {255, 256, 257, 264, size - 9});
  } else {
    pos.insert(pos.end(), {2, 100, 254});
  }
  return pos;
}

TEST(Unwrap, EveryOneBitFlipIsRefused) {
  const Bytes material(32, 0x33);
  for (WrapAlgorithm alg : kAllAlgorithms) {
    DeterministicRandom rng(2000 + static_cast<std::uint64_t>(alg));
    const Bytes wrapped = *Wrap(alg, FixedKey().Public(), material, rng);
    for (std::size_t i : FlipPositions(alg, wrapped.size())) {
      for (unsigned bit : {0U, 7U}) {
        Bytes tampered = wrapped;
        tampered[i] = static_cast<std::uint8_t>(tampered[i] ^ (1U << bit));
        EXPECT_EQ(Unwrap(alg, FixedKey(), tampered).status(), UnwrapFailedError())
            << AlgName(alg) << " byte " << i << " bit " << bit;
      }
    }
  }
}

TEST(Unwrap, WrongLengthsAreRefused) {
  const Bytes material(32, 0x44);
  for (WrapAlgorithm alg : kAllAlgorithms) {
    DeterministicRandom rng(3000 + static_cast<std::uint64_t>(alg));
    const Bytes wrapped = *Wrap(alg, FixedKey().Public(), material, rng);
    const ByteView w(wrapped);
    std::vector<Bytes> bad = {
        {},
        Bytes(w.begin(), w.end() - 1),
        Bytes(w.begin() + 1, w.end()),
        Bytes(1, 0),
        Bytes(256, 0),
        Bytes(256, 0xff),
    };
    Bytes longer = wrapped;
    longer.push_back(0);
    bad.push_back(longer);
    Bytes zero_prefixed(wrapped.size() + 1, 0);
    std::copy(wrapped.begin(), wrapped.end(), zero_prefixed.begin() + 1);
    bad.push_back(zero_prefixed);
    if (IsKeyWrap(alg)) {
      bad.emplace_back(w.begin(), w.begin() + 256);      // RSA part only
      bad.emplace_back(w.begin(), w.begin() + 256 + 8);  // KWP part of one block
      bad.emplace_back(w.begin(), w.end() - 8);          // KWP part one block short
      Bytes extra_block = wrapped;
      extra_block.insert(extra_block.end(), 8, 0);
      bad.push_back(extra_block);
    }
    for (const Bytes& b : bad) {
      EXPECT_EQ(Unwrap(alg, FixedKey(), b).status(), UnwrapFailedError())
          << AlgName(alg) << " length " << b.size();
    }
  }
}

TEST(Unwrap, FailureLeavesTheOpenSslErrorQueueAsItWas) {
  ERR_clear_error();
  EXPECT_EQ(Unwrap(WrapAlgorithm::kRsaesOaepSha256, FixedKey(), Bytes(256, 0x01)).status(),
            UnwrapFailedError());
  EXPECT_EQ(ERR_peek_error(), 0UL);
  // An error the caller had queued before survives, and nothing is added after it.
  ERR_raise(ERR_LIB_USER, 42);
  const unsigned long before = ERR_peek_last_error();
  EXPECT_EQ(Unwrap(WrapAlgorithm::kRsaAesKeyWrapSha256, FixedKey(), Bytes(296, 0x01)).status(),
            UnwrapFailedError());
  EXPECT_EQ(ERR_peek_last_error(), before);
  EXPECT_EQ(ERR_get_error(), before);
  EXPECT_EQ(ERR_get_error(), 0UL);
}

TEST(Unwrap, OneKeyServesSeveralThreadsAtOnce) {
  const PrivateKey& key = FixedKey();
  std::vector<Bytes> wrapped;
  wrapped.reserve(kAllAlgorithms.size());
  const Bytes material(32, 0x55);
  for (WrapAlgorithm alg : kAllAlgorithms) wrapped.push_back(*Wrap(alg, key.Public(), material));
  std::atomic<int> good{0};
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const PrivateKey copy = key;  // copies share the EVP_PKEY
      for (int i = 0; i < 20; ++i) {
        const std::size_t a = static_cast<std::size_t>(i + t) % kAllAlgorithms.size();
        const PrivateKey& k = (i % 2 == 0) ? key : copy;
        Result<Bytes> r = Unwrap(kAllAlgorithms[a], k, wrapped[a]);
        (r.ok() && *r == material ? good : bad).fetch_add(1);
        // A failing unwrap on the same key in between must not disturb the others.
        if (Unwrap(kAllAlgorithms[a], k, Bytes(256, 3)).ok()) bad.fetch_add(1);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(good.load(), 80);
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace kc::crypto
