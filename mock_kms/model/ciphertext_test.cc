#include "mock_kms/model/ciphertext.h"

#include <gtest/gtest.h>

namespace kc::mock {
namespace {

constexpr std::string_view kKeyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

TEST(Ciphertext, RoundTripsAndNamesItsKey) {
  crypto::DeterministicRandom random(1);
  crypto::Digest256 id{};
  id.fill(5);
  crypto::Digest256 key{};
  key.fill(9);
  const codec::EncryptionContext ctx = {{"b", "2"}, {"a", "1"}};
  Result<Bytes> blob = SealCiphertext(kKeyId, id, key, &ctx, AsBytes("hello"), random);
  ASSERT_TRUE(blob.ok());
  const auto view = ParseCiphertext(*blob);
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->key_id, kKeyId);
  EXPECT_EQ(view->material_tag, MaterialTagOf(id));
  Result<Bytes> plain = OpenCiphertext(*view, key, &ctx);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(AsChars(*plain), "hello");

  const codec::EncryptionContext other = {{"a", "1"}};
  EXPECT_FALSE(OpenCiphertext(*view, key, &other).ok());
  EXPECT_FALSE(OpenCiphertext(*view, key, nullptr).ok());
  crypto::Digest256 wrong = key;
  wrong[0] ^= 1;
  EXPECT_FALSE(OpenCiphertext(*view, wrong, &ctx).ok());
}

TEST(Ciphertext, EmptyContextEqualsNoContext) {
  crypto::DeterministicRandom random(2);
  crypto::Digest256 key{};
  Result<Bytes> blob = SealCiphertext(kKeyId, key, key, nullptr, AsBytes("x"), random);
  ASSERT_TRUE(blob.ok());
  const codec::EncryptionContext empty;
  EXPECT_TRUE(OpenCiphertext(*ParseCiphertext(*blob), key, &empty).ok());
}

TEST(Ciphertext, ParseRefusesForeignBlobs) {
  crypto::DeterministicRandom random(3);
  crypto::Digest256 key{};
  Result<Bytes> blob = SealCiphertext(kKeyId, key, key, nullptr, AsBytes("x"), random);
  ASSERT_TRUE(blob.ok());
  for (std::size_t n = 0; n < 3 + 1 + 1 + 36 + 8 + 12 + 16; ++n) {
    EXPECT_FALSE(ParseCiphertext(ByteView(*blob).first(n)).has_value()) << n;
  }
  EXPECT_FALSE(ParseCiphertext(random.Generate(100)).has_value());
  Bytes bad_id = *blob;
  bad_id[5] = '!';
  EXPECT_FALSE(ParseCiphertext(bad_id).has_value());
}

}  // namespace
}  // namespace kc::mock
