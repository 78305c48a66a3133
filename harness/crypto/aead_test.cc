#include "harness/crypto/aead.h"

#include <string>

#include <gtest/gtest.h>
#include <openssl/err.h>

namespace kc::crypto {
namespace {

Bytes H(std::string_view hex) {
  std::optional<Bytes> b = HexDecode(hex);
  if (!b) std::abort();
  return *b;
}

struct GcmVector {
  const char* name;
  const char* key;
  const char* iv;
  const char* aad;
  const char* plaintext;
  const char* ciphertext;
  const char* tag;
};

// D. McGrew, J. Viega, "The Galois/Counter Mode of Operation (GCM)", revised 2005, appendix B,
// test cases 13-16 (the AES-256 cases with 96-bit IVs).
constexpr GcmVector kGcmSpecVectors[] = {
    {"TestCase13", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"},
    {"TestCase14", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "", "00000000000000000000000000000000",
     "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"},
    {"TestCase15", "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", "",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {"TestCase16", "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
};

TEST(Aes256Gcm, GcmSpecKnownAnswers) {
  for (const GcmVector& v : kGcmSpecVectors) {
    const Bytes key = H(v.key);
    const Bytes iv = H(v.iv);
    const Bytes aad = H(v.aad);
    const Bytes pt = H(v.plaintext);
    Bytes sealed = H(v.ciphertext);
    const Bytes tag = H(v.tag);
    sealed.insert(sealed.end(), tag.begin(), tag.end());
    Result<Bytes> got = Aes256GcmSeal(key, iv, aad, pt);
    ASSERT_TRUE(got.ok()) << v.name << ": " << got.status().ToString();
    EXPECT_EQ(*got, sealed) << v.name;
    Result<Bytes> opened = Aes256GcmOpen(key, iv, aad, sealed);
    ASSERT_TRUE(opened.ok()) << v.name << ": " << opened.status().ToString();
    EXPECT_EQ(*opened, pt) << v.name;
  }
}

TEST(Aes256Gcm, SealOpenRoundTrip) {
  const Bytes key(32, 0x01);
  const Bytes iv(12, 0x02);
  const Bytes aad = ToBytes("account=111122223333");
  for (std::size_t n : {0U, 1U, 15U, 16U, 17U, 200U}) {
    const Bytes pt(n, 0x5c);
    Result<Bytes> sealed = Aes256GcmSeal(key, iv, aad, pt);
    ASSERT_TRUE(sealed.ok());
    EXPECT_EQ(sealed->size(), n + kAes256GcmTagSize);
    EXPECT_EQ(*Aes256GcmOpen(key, iv, aad, *sealed), pt) << n;
  }
}

TEST(Aes256Gcm, AnyTamperingIsRefusedWithOneError) {
  const Bytes key(32, 0x01);
  const Bytes iv(12, 0x02);
  const Bytes aad = ToBytes("header");
  const Bytes pt = ToBytes("token body: key 1234abcd, expires 1767312000");
  const Bytes sealed = *Aes256GcmSeal(key, iv, aad, pt);
  const Status want = InvalidArgumentError("AES-GCM open failed");
  ASSERT_EQ(Aes256GcmOpenFailedError(), want);
  for (std::size_t i = 0; i < sealed.size(); ++i) {  // every ciphertext and tag byte
    Bytes t = sealed;
    t[i] ^= 0x01;
    EXPECT_EQ(Aes256GcmOpen(key, iv, aad, t).status(), want) << "byte " << i;
  }
  for (std::size_t i = 0; i < aad.size(); ++i) {
    Bytes a = aad;
    a[i] ^= 0x80;
    EXPECT_EQ(Aes256GcmOpen(key, iv, a, sealed).status(), want) << "aad byte " << i;
  }
  Bytes other_iv = iv;
  other_iv[11] ^= 1;
  EXPECT_EQ(Aes256GcmOpen(key, other_iv, aad, sealed).status(), want);
  Bytes other_key = key;
  other_key[0] ^= 1;
  EXPECT_EQ(Aes256GcmOpen(other_key, iv, aad, sealed).status(), want);
  EXPECT_EQ(Aes256GcmOpen(key, iv, {}, sealed).status(), want);
  EXPECT_EQ(Aes256GcmOpen(key, iv, aad, ByteView(sealed).first(sealed.size() - 1)).status(), want);
  EXPECT_EQ(Aes256GcmOpen(key, iv, aad, ByteView(sealed).first(15)).status(), want);
  EXPECT_EQ(Aes256GcmOpen(key, iv, aad, {}).status(), want);
  Bytes longer = sealed;
  longer.push_back(0);
  EXPECT_EQ(Aes256GcmOpen(key, iv, aad, longer).status(), want);
  EXPECT_EQ(ERR_peek_error(), 0UL);
}

TEST(Aes256Gcm, WrongKeyOrIvSizeIsAClearInvalidArgument) {
  const Bytes pt(4, 0);
  EXPECT_EQ(Aes256GcmSeal(Bytes(16, 0), Bytes(12, 0), {}, pt).status(),
            InvalidArgumentError("AES-256-GCM key must be 32 bytes, got 16"));
  EXPECT_EQ(Aes256GcmSeal(Bytes(32, 0), Bytes(16, 0), {}, pt).status(),
            InvalidArgumentError("AES-256-GCM IV must be 12 bytes, got 16"));
  EXPECT_EQ(Aes256GcmOpen(Bytes(33, 0), Bytes(12, 0), {}, Bytes(20, 0)).status(),
            InvalidArgumentError("AES-256-GCM key must be 32 bytes, got 33"));
  EXPECT_EQ(Aes256GcmOpen(Bytes(32, 0), Bytes(0), {}, Bytes(20, 0)).status(),
            InvalidArgumentError("AES-256-GCM IV must be 12 bytes, got 0"));
}

}  // namespace
}  // namespace kc::crypto
