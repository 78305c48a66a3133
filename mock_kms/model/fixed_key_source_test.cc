// FixedKeySource: the list form (tests, fuzzing) and the ring of --fixed-wrapping-keys N:
// response k and k+N of a size share a pair, k and k+1 do not (N > 1), sizes have their own
// rings, where the ring's pairs come from, and what reusing a pair means at unwrap time
// (ikm.token-same-response holds only between responses whose pairs differ).
#include "mock_kms/model/fixed_key_source.h"

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "harness/common/bytes.h"
#include "mock_kms/model/fixed_test_keys.h"
#include "mock_kms/model/key_pool.h"
#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"
#include "mock_kms/model/testing/temp_dir.h"

namespace kc::mock {
namespace {

using testing::TempDir;

std::string Spki(const crypto::PrivateKey& k) { return HexEncode(k.Public().SpkiDer()); }

std::string TakeSpki(FixedKeySource& source, int bits) {
  Result<crypto::PrivateKey> k = source.Take(bits);
  EXPECT_TRUE(k.ok()) << k.status().ToString();
  if (!k.ok()) return "";
  EXPECT_EQ(k->bits(), bits);
  return Spki(*k);
}

std::unique_ptr<FixedKeySource> MakeRing(int n) {
  FixedKeyRingOptions o;
  o.size = n;
  Result<std::unique_ptr<FixedKeySource>> ring = FixedKeySource::Ring(o);
  EXPECT_TRUE(ring.ok()) << ring.status().ToString();
  return ring.ok() ? std::move(ring).value() : nullptr;
}

TEST(FixedTestKeys, EightRsa2048TwoRsa3072TwoRsa4096AllDistinct) {
  EXPECT_EQ(FixedTestKeys().size(), 12U);
  EXPECT_EQ(FixedTestKeys(2048).size(), 8U);
  EXPECT_EQ(FixedTestKeys(3072).size(), 2U);
  EXPECT_EQ(FixedTestKeys(4096).size(), 2U);
  EXPECT_TRUE(FixedTestKeys(1024).empty());
  std::set<std::string> spkis;
  for (const crypto::PrivateKey& k : FixedTestKeys()) {
    EXPECT_EQ(k.type(), crypto::KeyType::kRsa);
    EXPECT_TRUE(spkis.insert(Spki(k)).second) << "a compiled key appears twice";
  }
}

TEST(FixedKeySource, ListHandsOutKeysInTurnAndRepeats) {
  const auto& keys = testing::WrappingKeys();
  FixedKeySource source(keys);
  std::vector<std::string> spkis;
  for (int i = 0; i < 4; ++i) spkis.push_back(TakeSpki(source, 2048));
  EXPECT_EQ(spkis[0], Spki(keys[0]));
  EXPECT_EQ(spkis[1], Spki(keys[1]));
  EXPECT_EQ(spkis[2], Spki(keys[2]));
  EXPECT_EQ(spkis[3], spkis[0]) << "documented: the list repeats";
  EXPECT_EQ(TakeSpki(source, 4096), Spki(keys[4]));
  EXPECT_EQ(source.taken(), 5U);
  FixedKeySource empty({});
  EXPECT_EQ(empty.Take(2048).status(),
            FailedPreconditionError("FixedKeySource has no 2048-bit RSA key"));
}

TEST(FixedKeySource, ListSizesKeepTheirOwnTurn) {
  const auto& keys = testing::WrappingKeys();  // 2048, 2048, 2048, 3072, 4096
  FixedKeySource source(keys);
  EXPECT_EQ(TakeSpki(source, 2048), Spki(keys[0]));
  EXPECT_EQ(TakeSpki(source, 3072), Spki(keys[3]));
  EXPECT_EQ(TakeSpki(source, 2048), Spki(keys[1])) << "a 3072 request does not move the 2048 turn";
  EXPECT_EQ(TakeSpki(source, 4096), Spki(keys[4]));
  EXPECT_EQ(TakeSpki(source, 2048), Spki(keys[2]));
}

TEST(FixedKeyRing, ResponseKAndKPlusNShareAPairKAndKPlusOneDoNot) {
  for (int n : {1, 2, 3, 8}) {
    SCOPED_TRACE("N = " + std::to_string(n));
    std::unique_ptr<FixedKeySource> ring = MakeRing(n);
    ASSERT_NE(ring, nullptr);
    const auto ring_size = static_cast<std::size_t>(n);
    std::vector<std::string> spkis;
    for (std::size_t k = 0; k < 2 * ring_size + 1; ++k) spkis.push_back(TakeSpki(*ring, 2048));
    for (std::size_t k = 0; k + ring_size < spkis.size(); ++k) {
      EXPECT_EQ(spkis[k], spkis[k + ring_size]) << "k = " << k;
      if (n > 1) {
        EXPECT_NE(spkis[k], spkis[k + 1]) << "k = " << k;
      }
    }
    EXPECT_EQ(std::set<std::string>(spkis.begin(), spkis.end()).size(), ring_size);
  }
}

TEST(FixedKeyRing, WithoutACacheTheCompiledKeysFillTheRingInOrder) {
  std::unique_ptr<FixedKeySource> ring = MakeRing(8);
  ASSERT_NE(ring, nullptr);
  EXPECT_EQ(ring->stats().compiled, 8U) << "the RSA-2048 ring is filled at creation";
  EXPECT_EQ(ring->stats().generated, 0U);
  EXPECT_EQ(ring->taken(), 0U);
  for (std::size_t k = 0; k < 8; ++k) {
    EXPECT_EQ(TakeSpki(*ring, 2048), Spki(FixedTestKeys(2048)[k]));
  }
}

TEST(FixedKeyRing, SizesHaveSeparateRingsFilledWhenFirstAskedFor) {
  std::unique_ptr<FixedKeySource> ring = MakeRing(2);
  ASSERT_NE(ring, nullptr);
  EXPECT_EQ(ring->stats().compiled, 2U) << "RSA-3072/4096 wait for their first request";
  const std::string a0 = TakeSpki(*ring, 2048);
  const std::string b0 = TakeSpki(*ring, 3072);
  const std::string a1 = TakeSpki(*ring, 2048);
  const std::string c0 = TakeSpki(*ring, 4096);
  const std::string b1 = TakeSpki(*ring, 3072);
  const std::string b2 = TakeSpki(*ring, 3072);
  const std::string a2 = TakeSpki(*ring, 2048);
  EXPECT_EQ(ring->stats().compiled, 5U);
  EXPECT_EQ(ring->stats().generated, 0U);
  EXPECT_NE(a0, a1);
  EXPECT_EQ(a0, a2) << "other sizes' requests do not move the RSA-2048 turn";
  EXPECT_NE(b0, b1);
  EXPECT_EQ(b0, b2);
  EXPECT_EQ(b0, Spki(FixedTestKeys(3072)[0]));
  EXPECT_EQ(c0, Spki(FixedTestKeys(4096)[0]));
  EXPECT_EQ(ring->Take(1024).status(), InvalidArgumentError("no RSA wrapping keys of 1024 bits"));
}

TEST(FixedKeyRing, GeneratesWhatTheCompiledKeysDoNotCover) {
  std::unique_ptr<FixedKeySource> ring = MakeRing(9);
  ASSERT_NE(ring, nullptr);
  EXPECT_EQ(ring->stats().compiled, 8U);
  EXPECT_EQ(ring->stats().generated, 1U);
  std::set<std::string> spkis;
  for (int k = 0; k < 9; ++k) spkis.insert(TakeSpki(*ring, 2048));
  EXPECT_EQ(spkis.size(), 9U);
}

TEST(FixedKeyRing, TakesTheKeyCacheFirstThenCompiledKeys) {
  TempDir dir;
  const auto cache = dir.path() / "keys.cache";
  std::vector<std::string> cached;
  {
    KeyPoolOptions o;
    o.target = 0;
    o.background = false;
    o.cache_file = cache;
    Result<std::unique_ptr<KeyPool>> pool = KeyPool::Create(o);
    ASSERT_TRUE(pool.ok());
    for (int i = 0; i < 2; ++i) cached.push_back(Spki(*(*pool)->Take(2048)));  // generated
    ASSERT_EQ((*pool)->appended_to_cache(), 2U);
  }
  FixedKeyRingOptions o;
  o.size = 3;
  o.cache_file = cache;
  Result<std::unique_ptr<FixedKeySource>> ring = FixedKeySource::Ring(o);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ((*ring)->stats().from_cache, 2U);
  EXPECT_EQ((*ring)->stats().compiled, 1U);
  EXPECT_EQ((*ring)->stats().generated, 0U) << "nothing generated while keys are at hand";
  EXPECT_TRUE((*ring)->Notes().empty());
  EXPECT_EQ(TakeSpki(**ring, 2048), cached[0]);
  EXPECT_EQ(TakeSpki(**ring, 2048), cached[1]);
  EXPECT_EQ(TakeSpki(**ring, 2048), Spki(FixedTestKeys(2048)[2]));
  EXPECT_EQ(TakeSpki(**ring, 2048), cached[0]);
}

TEST(FixedKeyRing, ConcurrentFirstRequestsOfASizeFillEachSlotOnce) {
  std::unique_ptr<FixedKeySource> ring = MakeRing(2);
  ASSERT_NE(ring, nullptr);
  std::mutex mu;
  std::map<int, std::set<std::string>> seen;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const int bits = (t + i) % 2 == 0 ? 3072 : 4096;
        Result<crypto::PrivateKey> k = ring->Take(bits);
        std::lock_guard<std::mutex> lock(mu);
        seen[bits].insert(k.ok() ? Spki(*k) : k.status().ToString());
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(seen[3072].size(), 2U);
  EXPECT_EQ(seen[4096].size(), 2U);
  EXPECT_EQ(ring->taken(), 100U);
  EXPECT_EQ(ring->stats().compiled, 6U) << "each slot filled once: 2 + 2 + 2";
}

TEST(FixedKeyRing, SizeMustBe1To1024) {
  for (int n : {0, -1, 1025}) {
    FixedKeyRingOptions o;
    o.size = n;
    EXPECT_EQ(FixedKeySource::Ring(o).status().code(), StatusCode::kInvalidArgument) << n;
  }
}

// Through the model: the ring changes which pair a response carries, nothing else.
class FixedKeyRingModel : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::FixtureOptions o;
    o.ring_size = kRing;
    std::string error;
    f_ = testing::ModelFixture::Make(o, &error);
    ASSERT_NE(f_, nullptr) << error;
  }
  static constexpr int kRing = 3;
  const std::string kCannotUnwrap =
      "The wrapped key material could not be decrypted with the wrapping key and algorithm of "
      "the import token.";
  std::unique_ptr<testing::ModelFixture> f_;
};

TEST_F(FixedKeyRingModel, MaterialForResponseKIsRefusedWithTheTokenOfResponseKPlus1) {
  // ikm.token-same-response still holds between responses whose pairs differ.
  const std::string id = f_->CreateExternal();
  auto k0 = f_->Gpfi(id);
  auto k1 = f_->Gpfi(id);
  ASSERT_TRUE(testing::IsOk(k0));
  ASSERT_TRUE(testing::IsOk(k1));
  ASSERT_NE(*k0.value().public_key, *k1.value().public_key);
  const Bytes wrapped_for_k0 =
      f_->Wrap(k0.value(), contract::WrappingAlgorithm::kRsaesOaepSha256, testing::Material32("m"));
  EXPECT_TRUE(testing::IsApiError(f_->Ikm(id, *k1.value().import_token, wrapped_for_k0),
                                  contract::ErrorType::kInvalidCiphertextException, kCannotUnwrap));
  EXPECT_TRUE(testing::IsOk(f_->Ikm(id, *k0.value().import_token, wrapped_for_k0)))
      << "the control: its own token imports it";
}

TEST_F(FixedKeyRingModel, ResponsesSharingAPairAreIndistinguishableAtUnwrapTime) {
  // Documented (fixed_key_source.h): response k and k+N carry the same pair, so material
  // wrapped for k imports with k+N's token, where AWS refuses it (ikm.token-same-response).
  // A model of the mock in this mode must predict exactly that; tokens stay bound to their
  // key, algorithm and expiry as always.
  const std::string id = f_->CreateExternal();
  const std::string other = f_->CreateExternal();
  std::vector<codec::GetParametersForImportResponse> r;
  for (int k = 0; k <= kRing; ++k) {
    auto out = f_->Gpfi(k == 1 ? other : id);  // counted over every key of the server
    ASSERT_TRUE(testing::IsOk(out));
    r.push_back(out.value());
  }
  ASSERT_EQ(*r[0].public_key, *r[kRing].public_key);
  const Bytes material = testing::Material32("m");
  const Bytes wrapped_for_k0 =
      f_->Wrap(r[0], contract::WrappingAlgorithm::kRsaesOaepSha256, material);
  EXPECT_TRUE(testing::IsOk(f_->Ikm(id, *r[kRing].import_token, wrapped_for_k0)));
  // Still bound to its key (ikm.token-bound-to-key): response N's token is for `id` only.
  EXPECT_TRUE(testing::IsApiError(f_->Ikm(other, *r[kRing].import_token, wrapped_for_k0),
                                  contract::ErrorType::kInvalidImportTokenException,
                                  "The import token is not valid for " + f_->Arn(other) +
                                      ": it was issued for another KMS key."));
}

}  // namespace
}  // namespace kc::mock
