#include "harness/crypto/keys.h"

#include <tuple>

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "harness/crypto/crypto_test_util.h"
#include "harness/crypto/rsa_encryption.h"

namespace kc::crypto {
namespace {

const PrivateKey& Rsa2048() { return testing::GeneratedRsa2048Key(); }

class GenerateRsaKeySize : public ::testing::TestWithParam<int> {};

TEST_P(GenerateRsaKeySize, GivesAWorkingKeyOfThatSize) {
  const int bits = GetParam();
  Result<PrivateKey> k = GenerateRsaKey(bits);
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->type(), KeyType::kRsa);
  EXPECT_EQ(k->bits(), bits);
  EXPECT_EQ(k->size(), bits / 8);
  EXPECT_EQ(k->curve(), EcCurve::kNone);
  EXPECT_EQ(k->Public().type(), KeyType::kRsa);
  EXPECT_EQ(k->Public().bits(), bits);
  // The generated key works: a round trip through RSA-OAEP.
  Result<Bytes> ct = RsaOaepEncrypt(k->Public(), HashAlg::kSha256, {}, Bytes(32, 7));
  ASSERT_TRUE(ct.ok()) << ct.status().ToString();
  EXPECT_EQ(*RsaOaepDecrypt(*k, HashAlg::kSha256, {}, *ct), Bytes(32, 7));
}

INSTANTIATE_TEST_SUITE_P(Supported, GenerateRsaKeySize, ::testing::Values(2048, 3072, 4096));

TEST(GenerateRsaKey, OtherSizesAreRefused) {
  for (int bits : {1024, 0, -1, 2047, 2049, 8192}) {
    Result<PrivateKey> k = GenerateRsaKey(bits);
    ASSERT_FALSE(k.ok()) << bits;
    EXPECT_EQ(k.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(k.status().message().find(std::to_string(bits)), std::string::npos)
        << k.status().message();
  }
}

TEST(PublicKey, SpkiDerRoundTripIsIdentity) {
  const Bytes der = Rsa2048().Public().SpkiDer();
  Result<PublicKey> parsed = PublicKey::FromSpkiDer(der);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->SpkiDer(), der);
  EXPECT_EQ(parsed->type(), KeyType::kRsa);
  EXPECT_EQ(parsed->bits(), 2048);
  EXPECT_EQ(parsed->size(), 256);
}

TEST(PublicKey, PublicHalfCarriesNoPrivateExponent) {
  BIGNUM* d = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(Rsa2048().Public().pkey(), OSSL_PKEY_PARAM_RSA_D, &d), 0);
  BN_free(d);
  ERR_clear_error();
  // The private key itself has one (so the check above can fail).
  EXPECT_EQ(EVP_PKEY_get_bn_param(Rsa2048().pkey(), OSSL_PKEY_PARAM_RSA_D, &d), 1);
  BN_clear_free(d);
}

void ExpectSpkiRefused(ByteView der, const std::string& what) {
  Result<PublicKey> parsed = PublicKey::FromSpkiDer(der);
  ASSERT_FALSE(parsed.ok()) << what;
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << what;
  EXPECT_EQ(ERR_peek_error(), 0UL) << what << ": OpenSSL error queue not drained";
}

TEST(PublicKey, FromSpkiDerRefusesMalformedInput) {
  const Bytes der = Rsa2048().Public().SpkiDer();
  ExpectSpkiRefused(ByteView(der).first(der.size() - 1), "truncated by one byte");
  ExpectSpkiRefused(ByteView(der).first(der.size() / 2), "truncated by half");
  Bytes trailing = der;
  trailing.push_back(0x00);
  ExpectSpkiRefused(trailing, "one trailing zero byte");
  Bytes two = der;
  two.insert(two.end(), der.begin(), der.end());
  ExpectSpkiRefused(two, "two SPKIs back to back");
  ExpectSpkiRefused({}, "empty");
  ExpectSpkiRefused(Bytes(300, 0x30), "garbage");
  Result<Bytes> pkcs8 = Rsa2048().Pkcs8Der();
  ASSERT_TRUE(pkcs8.ok());
  ExpectSpkiRefused(*pkcs8, "a PKCS#8 private key");
  // The RSAPublicKey (PKCS#1) inside the SPKI's BIT STRING is not an SPKI either: an RSA-2048
  // SPKI is 30 82 01 22 | AlgorithmIdentifier (15 bytes) | 03 82 01 0f 00 | RSAPublicKey.
  ASSERT_EQ(der.size(), 294U);
  ExpectSpkiRefused(ByteView(der).subspan(24), "a bare PKCS#1 RSAPublicKey");
}

TEST(PublicKey, FromSpkiDerRefusesBerLengthForms) {
  const Bytes der = Rsa2048().Public().SpkiDer();
  ASSERT_EQ(der[0], 0x30);
  ASSERT_EQ(der[1], 0x82);  // long-form length in two bytes
  // The same length in three bytes (83 00 01 22): valid BER, not DER.
  Bytes ber = {0x30, 0x83, 0x00};
  ber.insert(ber.end(), der.begin() + 2, der.end());
  ExpectSpkiRefused(ber, "non-minimal length encoding");
}

TEST(PublicKey, FromSpkiDerRefusesAKeyOfNoSize) {
  // SEQUENCE { SEQUENCE { rsaEncryption, NULL }, BIT STRING { SEQUENCE { 0, 65537 } } }:
  // OpenSSL parses it, as an RSA key of 0 bits (fuzz/crypto_spki found it).
  const Bytes der = {0x30, 0x1c, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                     0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x03, 0x0b, 0x00,
                     0x30, 0x08, 0x02, 0x01, 0x00, 0x02, 0x03, 0x01, 0x00, 0x01};
  ExpectSpkiRefused(der, "an RSA modulus of 0");
}

TEST(PrivateKey, Pkcs8RoundTripRsa) {
  Result<Bytes> der = Rsa2048().Pkcs8Der();
  ASSERT_TRUE(der.ok()) << der.status().ToString();
  Result<PrivateKey> parsed = PrivateKey::FromPkcs8Der(*der);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->type(), KeyType::kRsa);
  EXPECT_EQ(parsed->bits(), 2048);
  EXPECT_EQ(parsed->curve(), EcCurve::kNone);
  EXPECT_EQ(*parsed->Pkcs8Der(), *der);
  EXPECT_EQ(parsed->Public().SpkiDer(), Rsa2048().Public().SpkiDer());
}

class EcKeys : public ::testing::TestWithParam<std::tuple<EcCurve, int>> {};

TEST_P(EcKeys, GenerateAndPkcs8RoundTrip) {
  const auto [curve, bits] = GetParam();
  Result<PrivateKey> key = GenerateEcKey(curve);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->type(), KeyType::kEc);
  EXPECT_EQ(key->curve(), curve);
  EXPECT_EQ(key->bits(), bits);
  Result<Bytes> der = key->Pkcs8Der();
  ASSERT_TRUE(der.ok()) << der.status().ToString();
  Result<PrivateKey> parsed = PrivateKey::FromPkcs8Der(*der);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->type(), KeyType::kEc);
  EXPECT_EQ(parsed->curve(), curve);
  EXPECT_EQ(parsed->bits(), bits);
  EXPECT_EQ(*parsed->Pkcs8Der(), *der);
  // The public half parses back through SPKI with the same curve.
  const Bytes spki = parsed->Public().SpkiDer();
  EXPECT_EQ(spki, key->Public().SpkiDer());
  Result<PublicKey> pub = PublicKey::FromSpkiDer(spki);
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  EXPECT_EQ(pub->type(), KeyType::kEc);
  EXPECT_EQ(pub->curve(), curve);
  EXPECT_EQ(pub->bits(), bits);
}

INSTANTIATE_TEST_SUITE_P(AllCurves, EcKeys,
                         ::testing::Values(std::make_tuple(EcCurve::kP256, 256),
                                           std::make_tuple(EcCurve::kP384, 384),
                                           std::make_tuple(EcCurve::kP521, 521),
                                           std::make_tuple(EcCurve::kSecp256k1, 256)));

TEST(GenerateEcKey, NoCurveIsRefused) {
  Result<PrivateKey> key = GenerateEcKey(EcCurve::kNone);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), StatusCode::kInvalidArgument);
}

TEST(EcCurveName, NamesEveryCurve) {
  EXPECT_STREQ(EcCurveName(EcCurve::kP256), "P-256");
  EXPECT_STREQ(EcCurveName(EcCurve::kP384), "P-384");
  EXPECT_STREQ(EcCurveName(EcCurve::kP521), "P-521");
  EXPECT_STREQ(EcCurveName(EcCurve::kSecp256k1), "secp256k1");
  EXPECT_STREQ(EcCurveName(EcCurve::kNone), "none");
}

void ExpectPkcs8Refused(ByteView der, const std::string& what) {
  Result<PrivateKey> parsed = PrivateKey::FromPkcs8Der(der);
  ASSERT_FALSE(parsed.ok()) << what;
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << what;
  EXPECT_EQ(ERR_peek_error(), 0UL) << what << ": OpenSSL error queue not drained";
}

TEST(PrivateKey, FromPkcs8DerRefusesMalformedInput) {
  Result<Bytes> der = Rsa2048().Pkcs8Der();
  ASSERT_TRUE(der.ok());
  ExpectPkcs8Refused(ByteView(*der).first(der->size() - 1), "truncated");
  Bytes trailing = *der;
  trailing.push_back(0x00);
  ExpectPkcs8Refused(trailing, "trailing garbage");
  ExpectPkcs8Refused({}, "empty");
  ExpectPkcs8Refused(Rsa2048().Public().SpkiDer(), "an SPKI public key");
  ExpectPkcs8Refused(Bytes(64, 0xff), "garbage");
  // The traditional PKCS#1 RSAPrivateKey of the same key is not PKCS#8.
  unsigned char* pkcs1 = nullptr;
  const int len = i2d_PrivateKey(Rsa2048().pkey(), &pkcs1);
  ASSERT_GT(len, 0);
  const Bytes traditional(pkcs1, pkcs1 + len);
  OPENSSL_clear_free(pkcs1, static_cast<std::size_t>(len));
  ASSERT_NE(traditional, *der);
  ExpectPkcs8Refused(traditional, "a PKCS#1 RSAPrivateKey");
}

TEST(PrivateKey, ParsesTheFixedTestKeys) {
  for (int bits : {2048, 3072, 4096}) {
    const PrivateKey& key = testing::FixedRsaKey(bits);
    EXPECT_EQ(key.type(), KeyType::kRsa);
    EXPECT_EQ(key.bits(), bits);
    EXPECT_EQ(key.size(), bits / 8);
  }
}

TEST(PrivateKey, CopiesShareTheKey) {
  PrivateKey a = Rsa2048();
  EXPECT_EQ(a.pkey(), Rsa2048().pkey());
  PrivateKey b = a;
  EXPECT_EQ(a.pkey(), b.pkey());
  PrivateKey c = std::move(b);
  EXPECT_EQ(c.pkey(), a.pkey());
  // The moved-from state is specified: an empty handle.
  // NOLINTNEXTLINE(bugprone-use-after-move,clang-analyzer-cplusplus.Move)
  EXPECT_EQ(b.pkey(), nullptr);
  a = c;
  EXPECT_EQ(a.pkey(), c.pkey());
  EXPECT_EQ(c.Public().SpkiDer(), Rsa2048().Public().SpkiDer());
}


// SpkiDer and Pkcs8Der are encoded once and shared by a key's copies; what they return is
// still exactly what OpenSSL encodes for the key.
TEST(PrivateKey, CachedEncodingsAreTheKeysOwn) {
  const PrivateKey key = Rsa2048();
  const Bytes& spki = key.Public().SpkiDer();
  const int len = i2d_PUBKEY(key.Public().pkey(), nullptr);
  ASSERT_GT(len, 0);
  Bytes fresh(static_cast<std::size_t>(len));
  unsigned char* p = fresh.data();
  ASSERT_EQ(i2d_PUBKEY(key.Public().pkey(), &p), len);
  EXPECT_EQ(spki, fresh);
  EXPECT_EQ(&key.Public().SpkiDer(), &PrivateKey(key).Public().SpkiDer());

  auto first = key.Pkcs8Der();
  auto second = PrivateKey(key).Pkcs8Der();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, *second);
  auto back = PrivateKey::FromPkcs8Der(*first);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->Public().SpkiDer(), spki);
  // Another key has other encodings.
  const PrivateKey other = testing::FixedRsaKey(3072);
  EXPECT_NE(other.Public().SpkiDer(), spki);
  EXPECT_NE(*other.Pkcs8Der(), *first);
}

}  // namespace
}  // namespace kc::crypto
