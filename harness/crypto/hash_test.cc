#include "harness/crypto/hash.h"

#include <string>

#include <gtest/gtest.h>

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
