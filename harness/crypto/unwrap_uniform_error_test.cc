// "Every unwrap failure looks the same" (no padding oracle; Wycheproof's advice for
// InvalidPkcs1Padding: collect the errors of all invalid vectors and check they are all
// identical). Collects the Status of every failing decryption/unwrap this module can be
// driven to, from the Wycheproof files and from Unwrap, and checks they are one value.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/crypto/crypto_test_util.h"
#include "harness/crypto/wrap.h"

namespace kc::crypto {
namespace {

using testing::Hex;

TEST(UnwrapFailures, AreAllTheSameStatus) {
  std::vector<Status> failures;
  auto collect = [&failures](const Status& s) {
    if (!s.ok()) failures.push_back(s);
  };
  for (std::string_view file : {testing::kOaepSha1File, testing::kOaepSha256File}) {
    const nlohmann::json doc = testing::LoadWycheproof(file);
    ASSERT_FALSE(doc.is_null());
    for (const auto& group : doc.at("testGroups")) {
      const PrivateKey key = testing::GroupKey(group);
      const HashAlg hash = testing::HashOf(group.at("sha"));
      const WrapAlgorithm alg =
          hash == HashAlg::kSha1 ? WrapAlgorithm::kRsaesOaepSha1 : WrapAlgorithm::kRsaesOaepSha256;
      for (const auto& test : group.at("tests")) {
        const Bytes ct = Hex(test.at("ct"));
        const Bytes label = Hex(test.at("label"));
        if (test.at("result") == "invalid") {
          collect(RsaOaepDecrypt(key, hash, label, ct).status());
        }
        // Invalid cases, and valid ones made with a label, fail as KMS unwraps them.
        collect(Unwrap(alg, key, ct).status());
        // As do all of them under the RSA_AES_KEY_WRAP_* form (no KWP part).
        collect(Unwrap(WrapAlgorithm::kRsaAesKeyWrapSha256, key, ct).status());
      }
    }
  }
  {
    const nlohmann::json doc = testing::LoadWycheproof(testing::kPkcs1File);
    ASSERT_FALSE(doc.is_null());
    for (const auto& group : doc.at("testGroups")) {
      const PrivateKey key = testing::GroupKey(group);
      for (const auto& test : group.at("tests")) {
        if (test.at("result") != "invalid") continue;
        collect(Unwrap(WrapAlgorithm::kRsaesPkcs1V15, key, Hex(test.at("ct"))).status());
      }
    }
  }
  {
    const nlohmann::json doc = testing::LoadWycheproof(testing::kKwpFile);
    ASSERT_FALSE(doc.is_null());
    for (const auto& group : doc.at("testGroups")) {
      for (const auto& test : group.at("tests")) {
        if (test.at("result") != "invalid") continue;
        collect(AesKwpUnwrap(Hex(test.at("key")), Hex(test.at("ct"))).status());
      }
    }
  }
  // A KWP failure behind a valid RSA part: a valid RSA_AES_KEY_WRAP blob with its KWP part
  // altered, and one whose RSA part carries a 31-byte "AES key".
  const PrivateKey& key = testing::FixedRsa2048Key();
  DeterministicRandom rng(9);
  Bytes blob = *Wrap(WrapAlgorithm::kRsaAesKeyWrapSha256, key.Public(), Bytes(32, 1), rng);
  blob.back() ^= 1;
  collect(Unwrap(WrapAlgorithm::kRsaAesKeyWrapSha256, key, blob).status());
  Bytes short_key = *RsaOaepEncrypt(key.Public(), HashAlg::kSha256, {}, Bytes(31, 2), rng);
  const Bytes kwp = *AesKwpWrap(Bytes(32, 2), Bytes(32, 3));
  short_key.insert(short_key.end(), kwp.begin(), kwp.end());
  collect(Unwrap(WrapAlgorithm::kRsaAesKeyWrapSha256, key, short_key).status());
  collect(Unwrap(WrapAlgorithm::kRsaAesKeyWrapSha256, key, {}).status());

  ASSERT_GT(failures.size(), 250U);
  std::set<std::string> distinct;
  for (const Status& s : failures) {
    distinct.insert(s.ToString());
    // Spelled out here rather than through UnwrapFailedError(), so that a change of the
    // shared error is a visible test change.
    EXPECT_EQ(s, Status(StatusCode::kInvalidArgument, "unwrap failed"));
  }
  EXPECT_EQ(distinct, std::set<std::string>{"INVALID_ARGUMENT: unwrap failed"});
  std::cout << failures.size() << " failures, " << distinct.size() << " distinct status\n";
}

}  // namespace
}  // namespace kc::crypto
