#include "mock_kms/model/key_pool.h"

#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "harness/common/bytes.h"
#include "mock_kms/model/testing/temp_dir.h"

namespace kc::mock {
namespace {

using testing::TempDir;
using namespace std::chrono_literals;

std::string Spki(const crypto::PrivateKey& k) { return HexEncode(k.Public().SpkiDer()); }

TEST(KeyPool, NeverHandsOutAPairTwice) {  // gpfi.fresh-wrapping-key
  KeyPoolOptions o;
  o.target = 2;
  Result<std::unique_ptr<KeyPool>> pool = KeyPool::Create(o);
  ASSERT_TRUE(pool.ok());
  ASSERT_TRUE((*pool)->WaitReady(2048, 2, 120s));
  std::set<std::string> seen;
  for (int i = 0; i < 4; ++i) {
    Result<crypto::PrivateKey> k = (*pool)->Take(2048);
    ASSERT_TRUE(k.ok()) << k.status().ToString();
    EXPECT_EQ(k->bits(), 2048);
    EXPECT_TRUE(seen.insert(Spki(*k)).second) << "pair handed out twice";
  }
  (*pool)->Stop();
  (*pool)->Stop();  // idempotent
  EXPECT_TRUE((*pool)->Take(2048).ok()) << "Take still works after Stop";
}

TEST(KeyPool, FillsLargerSizesOnlyAfterTheFirstRequest) {
  KeyPoolOptions o;
  o.target = 4;  // lazy target: 1
  Result<std::unique_ptr<KeyPool>> pool = KeyPool::Create(o);
  ASSERT_TRUE(pool.ok());
  ASSERT_TRUE((*pool)->WaitReady(2048, 4, 120s));
  EXPECT_EQ((*pool)->Ready(3072), 0U);
  Result<crypto::PrivateKey> k = (*pool)->Take(3072);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->bits(), 3072);
  EXPECT_TRUE((*pool)->WaitReady(3072, 1, 120s));
  EXPECT_EQ((*pool)->Ready(4096), 0U);
}

TEST(KeyPool, EagerSizesAreKeptReadyFromTheStart) {
  KeyPoolOptions o;
  o.target = 4;
  o.eager_sizes = {3072};
  Result<std::unique_ptr<KeyPool>> pool = KeyPool::Create(o);
  ASSERT_TRUE(pool.ok());
  // Without any request of that size, one RSA-3072 pair gets ready (before the whole
  // RSA-2048 pool is full), and RSA-4096 stays lazy.
  ASSERT_TRUE((*pool)->WaitReady(3072, 1, 120s));
  EXPECT_EQ((*pool)->Ready(4096), 0U);
  Result<crypto::PrivateKey> k = (*pool)->Take(3072);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->bits(), 3072);
}

TEST(KeyPool, RefusesOtherSizes) {
  KeyPoolOptions o;
  o.target = 0;
  o.background = false;
  Result<std::unique_ptr<KeyPool>> pool = KeyPool::Create(o);
  ASSERT_TRUE(pool.ok());
  Result<crypto::PrivateKey> k = (*pool)->Take(1024);
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.status().code(), StatusCode::kInvalidArgument);
}

TEST(KeyPool, CacheFileWarmsALaterProcess) {
  TempDir dir;
  const auto cache = dir.path() / "keys.cache";
  std::set<std::string> generated;
  {
    KeyPoolOptions o;
    o.target = 2;
    o.cache_file = cache;
    Result<std::unique_ptr<KeyPool>> pool = KeyPool::Create(o);
    ASSERT_TRUE(pool.ok());
    ASSERT_TRUE((*pool)->WaitReady(2048, 2, 120s));
    (*pool)->Stop();
    EXPECT_EQ((*pool)->appended_to_cache(), 2U);
    for (int i = 0; i < 2; ++i) generated.insert(Spki(*(*pool)->Take(2048)));
  }
  KeyPoolOptions o;
  o.target = 0;
  o.background = false;
  o.cache_file = cache;
  Result<std::unique_ptr<KeyPool>> pool = KeyPool::Create(o);
  ASSERT_TRUE(pool.ok());
  EXPECT_EQ((*pool)->loaded_from_cache(), 2U);
  EXPECT_TRUE((*pool)->Notes().empty());
  std::set<std::string> taken;
  for (int i = 0; i < 2; ++i) taken.insert(Spki(*(*pool)->Take(2048)));
  EXPECT_EQ(taken, generated) << "each cached pair used once";
  EXPECT_EQ((*pool)->Ready(2048), 0U);
}

TEST(KeyPool, CorruptCacheIsIgnoredWithANote) {
  TempDir dir;
  const auto cache = dir.path() / "keys.cache";
  {
    std::ofstream out(cache, std::ios::binary);
    out << "this is not a key cache";
  }
  KeyPoolOptions o;
  o.target = 0;
  o.background = false;
  o.cache_file = cache;
  Result<std::unique_ptr<KeyPool>> pool = KeyPool::Create(o);
  ASSERT_TRUE(pool.ok());
  ASSERT_EQ((*pool)->Notes().size(), 1U);
  EXPECT_EQ((*pool)->Notes()[0], "key cache " + cache.string() +
                                     ": not a kmsconform key cache; ignored (and not written)");
  EXPECT_TRUE((*pool)->Take(2048).ok());
  EXPECT_EQ((*pool)->appended_to_cache(), 0U);
}

TEST(KeyPool, TornCacheTailIsDroppedWithANote) {
  TempDir dir;
  const auto cache = dir.path() / "keys.cache";
  {
    KeyPoolOptions o;
    o.target = 0;
    o.background = false;
    o.cache_file = cache;
    Result<std::unique_ptr<KeyPool>> pool = KeyPool::Create(o);
    ASSERT_TRUE(pool.ok());
    ASSERT_TRUE((*pool)->Take(2048).ok());  // generated and appended
    EXPECT_EQ((*pool)->appended_to_cache(), 1U);
  }
  {
    std::ofstream out(cache, std::ios::binary | std::ios::app);
    out << "torn";
  }
  KeyPoolOptions o;
  o.target = 0;
  o.background = false;
  o.cache_file = cache;
  Result<std::unique_ptr<KeyPool>> pool = KeyPool::Create(o);
  ASSERT_TRUE(pool.ok());
  EXPECT_EQ((*pool)->loaded_from_cache(), 1U);
  ASSERT_EQ((*pool)->Notes().size(), 1U);
  EXPECT_NE((*pool)->Notes()[0].find("dropped 4 bytes of a torn or corrupt tail after 1 keys"),
            std::string::npos);
}

}  // namespace
}  // namespace kc::mock
