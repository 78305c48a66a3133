#include "harness/crypto/hash.h"

#include <cstddef>
#include <string>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace kc::crypto {
namespace {

std::string HexOf(const Digest256& d) { return HexEncode(d); }

// FIPS 180-2, appendix B.1 ("abc") and the well-known digest of the empty string.
TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(HexOf(Sha256(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexOf(Sha256(AsBytes(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// RFC 4231 section 4.2: test case 1.
TEST(HmacSha256, Rfc4231TestCase1) {
  const Bytes key(20, 0x0b);
  EXPECT_EQ(HexOf(HmacSha256(key, AsBytes("Hi There"))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

// RFC 4231 section 4.3: test case 2 (a key shorter than the output).
TEST(HmacSha256, Rfc4231TestCase2) {
  EXPECT_EQ(HexOf(HmacSha256(AsBytes("Jefe"), AsBytes("what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4231 section 4.7: test case 6 (a 131-byte key, hashed first).
TEST(HmacSha256, Rfc4231TestCase6LongKey) {
  const Bytes key(131, 0xaa);
  EXPECT_EQ(
      HexOf(HmacSha256(key, AsBytes("Test Using Larger Than Block-Size Key - Hash Key First"))),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// RFC 4231 section 4.8: test case 7 (a long key and data longer than a block).
TEST(HmacSha256, Rfc4231TestCase7LongKeyLongData) {
  const Bytes key(131, 0xaa);
  EXPECT_EQ(HexOf(HmacSha256(key, AsBytes("This is a test using a larger than block-size key "
                                          "and a larger than block-size data. The key needs "
                                          "to be hashed before being used by the HMAC "
                                          "algorithm."))),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

// Sha256 and the hand-written HMAC agree with OpenSSL's EVP one-shots for every key length
// around the block size (empty, shorter, exactly 64, hashed first) and data lengths across
// the padding boundaries (55/56 bytes, one and two blocks).
TEST(HmacSha256, AgreesWithOpenSslEvpAcrossKeyAndDataLengths) {
  Bytes buffer(200);
  for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<std::uint8_t>(i * 7 + 3);
  constexpr std::size_t kDataLengths[] = {0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 200};
  constexpr std::size_t kKeyLengths[] = {0, 1, 20, 32, 63, 64, 65, 100, 131};
  for (const std::size_t data_len : kDataLengths) {
    const ByteView data(buffer.data(), data_len);
    Digest256 want{};
    unsigned int len = 0;
    ASSERT_EQ(EVP_Digest(data.data(), data.size(), want.data(), &len, EVP_sha256(), nullptr), 1);
    EXPECT_EQ(HexOf(Sha256(data)), HexOf(want)) << "data " << data_len;
    for (const std::size_t key_len : kKeyLengths) {
      const ByteView key(buffer.data() + 50, key_len);
      ASSERT_NE(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(),
                     data.size(), want.data(), &len),
                nullptr);
      EXPECT_EQ(HexOf(HmacSha256(key, data)), HexOf(want))
          << "key " << key_len << ", data " << data_len;
    }
  }
}

TEST(ConstantTimeEquals, EqualOnlyWhenEveryByteAndTheLengthMatch) {
  const Bytes a = {1, 2, 3, 4};
  EXPECT_TRUE(ConstantTimeEquals(a, Bytes{1, 2, 3, 4}));
  EXPECT_FALSE(ConstantTimeEquals(a, Bytes{1, 2, 3, 5}));
  EXPECT_FALSE(ConstantTimeEquals(a, Bytes{0, 2, 3, 4}));
  EXPECT_FALSE(ConstantTimeEquals(a, Bytes{1, 2, 3}));
  EXPECT_FALSE(ConstantTimeEquals(a, Bytes{1, 2, 3, 4, 0}));
  EXPECT_TRUE(ConstantTimeEquals(Bytes{}, Bytes{}));
  EXPECT_FALSE(ConstantTimeEquals(Bytes{}, Bytes{0}));
}

}  // namespace
}  // namespace kc::crypto
