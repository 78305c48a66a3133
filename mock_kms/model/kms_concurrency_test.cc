// Concurrency smoke test: threads importing, deleting, describing, encrypting and listing
// at once. Every call must answer as the single-threaded model would (run under TSan to
// check the locking: cmake -DCMAKE_CXX_FLAGS=-fsanitize=thread).
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"
#include "mock_kms/model/testing/temp_dir.h"

namespace kc::mock {
namespace {

using namespace testing;

void Hammer(ModelFixture& f, int rounds) {
  std::vector<std::string> keys;
  for (int i = 0; i < 4; ++i) keys.push_back(f.CreateExternal());
  const std::string aws = f.CreateAwsKms();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const std::string& id = keys[static_cast<std::size_t>(t)];
      const Bytes material = Material32("key " + std::to_string(t));
      for (int i = 0; i < rounds; ++i) {
        if (!f.Import(id, material).ok()) ++failures;
        auto blob = f.Encrypt(id, AsBytes("p"));
        if (!blob.ok() || !f.Decrypt(*blob.value().ciphertext_blob).ok()) ++failures;
        if (!f.Dikm(id).ok()) ++failures;
        if (f.Encrypt(id, AsBytes("p")).ok()) ++failures;  // pending import now
      }
    });
  }
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < rounds * 20; ++i) {
        for (const std::string& id : keys) {
          if (!f.Describe(id).ok()) ++failures;
        }
        if (!f.Encrypt(aws, AsBytes("q")).ok()) ++failures;
        auto list = f.kms->ListKeys(f.caller, {});
        if (!list.ok() || list.value().keys->size() != 5) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  for (const std::string& id : keys) EXPECT_EQ(f.Metadata(id).key_state, KeyState::kPendingImport);
}

TEST(Concurrency, ImportsAndReadsAtOnce) {
  auto f = ModelFixture::Make({});
  Hammer(*f, 15);
}

TEST(Concurrency, ImportsAndReadsAtOnceWithAJournal) {
  TempDir dir;
  auto f = ModelFixture::Make(WithStateDir(dir.path()));
  ASSERT_NE(f, nullptr);
  Hammer(*f, 5);
}

}  // namespace
}  // namespace kc::mock
