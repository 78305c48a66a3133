#include "harness/crypto/signature.h"

#include <gtest/gtest.h>

#include "harness/crypto/crypto_test_util.h"

namespace kc::crypto {
namespace {

TEST(Digest, SizesAndAKnownValue) {
  EXPECT_EQ(Digest(DigestAlg::kSha224, AsBytes("abc")).size(), 28U);
  EXPECT_EQ(Digest(DigestAlg::kSha384, AsBytes("abc")).size(), 48U);
  EXPECT_EQ(Digest(DigestAlg::kSha512, AsBytes("abc")).size(), 64U);
  // FIPS 180-2, appendix B.1.
  EXPECT_EQ(HexEncode(Digest(DigestAlg::kSha256, AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hmac, Rfc4231TestCase1) {
  const Bytes key(20, 0x0b);
  EXPECT_EQ(HexEncode(*Hmac(DigestAlg::kSha256, key, AsBytes("Hi There"))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(Hmac(DigestAlg::kSha224, key, AsBytes("Hi There"))->size(), 28U);
  EXPECT_EQ(Hmac(DigestAlg::kSha512, key, AsBytes("Hi There"))->size(), 64U);
}

TEST(Signature, RsaSchemesSignAndVerify) {
  const PrivateKey& key = testing::GeneratedRsa2048Key();
  for (SignatureScheme s : {SignatureScheme::kRsaPkcs1V15, SignatureScheme::kRsaPss}) {
    for (DigestAlg h : {DigestAlg::kSha256, DigestAlg::kSha384, DigestAlg::kSha512}) {
      const Bytes d = Digest(h, AsBytes("message"));
      Result<Bytes> sig = SignDigest(key, s, h, d);
      ASSERT_TRUE(sig.ok()) << sig.status().message();
      EXPECT_EQ(sig->size(), 256U);
      EXPECT_TRUE(VerifyDigest(key.Public(), s, h, d, *sig));
      EXPECT_FALSE(VerifyDigest(key.Public(), s, h, Digest(h, AsBytes("other")), *sig));
      Bytes bad = *sig;
      bad[10] ^= 1;
      EXPECT_FALSE(VerifyDigest(key.Public(), s, h, d, bad));
    }
  }
}

TEST(Signature, EcdsaSignsAndVerifies) {
  Result<PrivateKey> key = GenerateEcKey(EcCurve::kP384);
  ASSERT_TRUE(key.ok());
  const Bytes d = Digest(DigestAlg::kSha384, AsBytes("message"));
  Result<Bytes> sig = SignDigest(*key, SignatureScheme::kEcdsa, DigestAlg::kSha384, d);
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(VerifyDigest(key->Public(), SignatureScheme::kEcdsa, DigestAlg::kSha384, d, *sig));
  EXPECT_FALSE(VerifyDigest(key->Public(), SignatureScheme::kRsaPss, DigestAlg::kSha384, d, *sig));
}

TEST(Signature, RefusesAWrongDigestLengthOrScheme) {
  const PrivateKey& key = testing::GeneratedRsa2048Key();
  EXPECT_EQ(
      SignDigest(key, SignatureScheme::kRsaPss, DigestAlg::kSha256, Bytes(20, 1)).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(
      SignDigest(key, SignatureScheme::kEcdsa, DigestAlg::kSha256, Bytes(32, 1)).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_FALSE(VerifyDigest(key.Public(), SignatureScheme::kRsaPss, DigestAlg::kSha256,
                            Bytes(32, 1), Bytes()));
}

}  // namespace
}  // namespace kc::crypto
