#include "mock_kms/model/token_sealer.h"

#include <gtest/gtest.h>

#include "mock_kms/model/testing/model_fixture.h"

namespace kc::mock {
namespace {

using testing::LoadTestKey;

TokenClaims Claims() {
  TokenClaims c;
  c.account = "111122223333";
  c.region = "us-east-1";
  c.key_id = "1234abcd-12ab-34cd-56ef-1234567890ab";
  c.algorithm = contract::WrappingAlgorithm::kRsaesOaepSha1;
  c.key_spec = contract::WrappingKeySpec::kRsa2048;
  c.issued = 1767225600;
  c.expires = 1767225600 + 86400;
  return c;
}

TEST(TokenSealer, OpensWhatItSealed) {
  crypto::DeterministicRandom random(1);
  const Bytes secret(32, 7);
  TokenSealer sealer(secret, random);
  const crypto::PrivateKey key = testing::WrappingKeys()[0];
  std::uint64_t serial = 0;
  Result<Bytes> token = sealer.Seal(Claims(), key, &serial);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_LE(token->size(), kMaxImportTokenSize);

  // A second sealer with the same secret (a restart) opens it too and parses the key.
  TokenSealer restarted(secret, random);
  for (TokenSealer* s : {&sealer, &restarted}) {
    Result<OpenedToken> opened = s->Open(*token);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(opened->claims.account, "111122223333");
    EXPECT_EQ(opened->claims.key_id, "1234abcd-12ab-34cd-56ef-1234567890ab");
    EXPECT_EQ(opened->claims.algorithm, contract::WrappingAlgorithm::kRsaesOaepSha1);
    EXPECT_EQ(opened->claims.expires, 1767225600 + 86400);
    EXPECT_EQ(opened->claims.serial, serial);
    EXPECT_EQ(opened->wrapping_key.Public().SpkiDer(), key.Public().SpkiDer());
  }
  EXPECT_EQ(restarted.cached_keys(), 1U);
}

TEST(TokenSealer, Rsa4096TokenFitsTheLimit) {
  crypto::DeterministicRandom random(2);
  TokenSealer sealer(Bytes(32, 1), random);
  Result<Bytes> token = sealer.Seal(Claims(), testing::WrappingKeys()[4]);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_LE(token->size(), kMaxImportTokenSize);
  EXPECT_GT(token->size(), 2300U);
}

TEST(TokenSealer, RefusesEveryModification) {  // ikm.token-tampered
  crypto::DeterministicRandom random(3);
  TokenSealer sealer(Bytes(32, 9), random);
  Result<Bytes> token = sealer.Seal(Claims(), testing::WrappingKeys()[1]);
  ASSERT_TRUE(token.ok());
  const Status not_opened = InvalidArgumentError("import token does not open");
  for (std::size_t i = 0; i < token->size(); i += 7) {
    Bytes t = *token;
    t[i] ^= 0x01;
    EXPECT_EQ(sealer.Open(t).status(), not_opened) << "flipped byte " << i;
  }
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{20}, token->size() - 1}) {
    EXPECT_EQ(sealer.Open(ByteView(*token).first(n)).status(), not_opened) << "truncated " << n;
  }
  Bytes longer = *token;
  longer.push_back(0);
  EXPECT_EQ(sealer.Open(longer).status(), not_opened);
  EXPECT_EQ(sealer.Open(random.Generate(token->size())).status(), not_opened);
  // Another secret.
  TokenSealer other(Bytes(32, 10), random);
  EXPECT_EQ(other.Open(*token).status(), not_opened);
}

TEST(TokenSealer, CacheIsBounded) {
  crypto::DeterministicRandom random(4);
  TokenSealer sealer(Bytes(32, 9), random, 2);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(sealer.Seal(Claims(), testing::WrappingKeys()[0]).ok());
  EXPECT_EQ(sealer.cached_keys(), 2U);
}

}  // namespace
}  // namespace kc::mock
