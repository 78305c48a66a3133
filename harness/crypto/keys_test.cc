#include "harness/crypto/keys.h"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <tuple>
#include <vector>

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

// ReferenceSpki: FromSpkiDer's checks written over d2i_PUBKEY and i2d_PUBKEY directly (the
// implementation before DecodePubkey reused decoder contexts): the expected outcome and
// message of any input.
struct ReferenceOutcome {
  bool ok = false;
  std::string message;
  EVP_PKEY* key = nullptr;  // owned; on success
};
ReferenceOutcome ReferenceSpki(ByteView der) {
  ReferenceOutcome out;
  if (der.empty()) {
    out.message = "SubjectPublicKeyInfo: empty input";
    return out;
  }
  const unsigned char* p = der.data();
  EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size()));
  if (key == nullptr) {
    std::string queue;
    for (unsigned long e = ERR_get_error(); e != 0; e = ERR_get_error()) {
      char buf[256];
      ERR_error_string_n(e, buf, sizeof buf);
      if (!queue.empty()) queue += "; ";
      queue += buf;
    }
    if (queue.empty()) queue = "no OpenSSL error reported";
    out.message = "SubjectPublicKeyInfo: not a DER public key: " + queue;
    return out;
  }
  const auto consumed = static_cast<std::size_t>(p - der.data());
  unsigned char* enc = nullptr;
  const int len = i2d_PUBKEY(key, &enc);
  if (consumed != der.size()) {
    out.message = "SubjectPublicKeyInfo: " + std::to_string(der.size() - consumed) +
                  " trailing bytes after the DER structure";
  } else if (len <= 0 || static_cast<std::size_t>(len) != der.size() ||
             std::memcmp(enc, der.data(), der.size()) != 0) {
    out.message = "SubjectPublicKeyInfo: not in canonical DER form";
  } else if (EVP_PKEY_get_bits(key) <= 0 || EVP_PKEY_get_size(key) <= 0) {
    out.message = "SubjectPublicKeyInfo: the key has no size (e.g. an RSA modulus of 0)";
  } else {
    out.ok = true;
  }
  OPENSSL_free(enc);
  ERR_clear_error();
  if (out.ok) {
    out.key = key;
  } else {
    EVP_PKEY_free(key);
  }
  return out;
}

// SpkiSeeds: the crypto_spki fuzz seeds (corpus/crypto_spki) and keys made here, so every
// key type OpenSSL's decoders know is covered.
std::vector<Bytes> SpkiSeeds() {
  std::vector<Bytes> seeds;
  const std::filesystem::path dir =
      std::filesystem::path(KC_TEST_SRCDIR) / ".." / ".." / "corpus" / "crypto_spki";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream f(entry.path(), std::ios::binary);
    seeds.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  seeds.push_back(Rsa2048().Public().SpkiDer());
  for (EcCurve c : {EcCurve::kP256, EcCurve::kP384, EcCurve::kP521, EcCurve::kSecp256k1}) {
    seeds.push_back(GenerateEcKey(c)->Public().SpkiDer());
  }
  for (const char* type : {"X25519", "X448", "ED25519", "ED448", "DSA", "DH", "DHX", "SM2"}) {
    EVP_PKEY* k = nullptr;
    if (std::strcmp(type, "DSA") == 0 || std::strcmp(type, "DH") == 0 ||
        std::strcmp(type, "DHX") == 0) {
      EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
      EVP_PKEY* params = nullptr;
      if (pctx != nullptr && EVP_PKEY_paramgen_init(pctx) == 1) {
        if (std::strcmp(type, "DSA") == 0) {
          EVP_PKEY_CTX_set_dsa_paramgen_bits(pctx, 1024);
        } else {
          EVP_PKEY_CTX_set_dh_paramgen_prime_len(pctx, 512);
        }
        EVP_PKEY_paramgen(pctx, &params);
      }
      EVP_PKEY_CTX_free(pctx);
      if (params != nullptr) {
        EVP_PKEY_CTX* kctx = EVP_PKEY_CTX_new_from_pkey(nullptr, params, nullptr);
        if (kctx != nullptr && EVP_PKEY_keygen_init(kctx) == 1) EVP_PKEY_keygen(kctx, &k);
        EVP_PKEY_CTX_free(kctx);
        EVP_PKEY_free(params);
      }
    } else {
      k = EVP_PKEY_Q_keygen(nullptr, nullptr, type);
    }
    if (k == nullptr) {
      ERR_clear_error();
      continue;
    }
    unsigned char* enc = nullptr;
    const int len = i2d_PUBKEY(k, &enc);
    if (len > 0) seeds.emplace_back(enc, enc + len);
    OPENSSL_free(enc);
    EVP_PKEY_free(k);
    ERR_clear_error();
  }
  return seeds;
}

// Mutate: one to three random edits of the kinds a fuzzer makes (bit flips, byte values,
// DER length and tag bytes, insertions, deletions, truncation, a repeated chunk).
Bytes Mutate(const Bytes& seed, std::mt19937& rng) {
  Bytes b = seed;
  const int edits = 1 + static_cast<int>(rng() % 3);
  for (int e = 0; e < edits; ++e) {
    const std::size_t at = b.empty() ? 0 : rng() % b.size();
    switch (rng() % 9) {
      case 0:
        if (!b.empty()) b[at] ^= static_cast<std::uint8_t>(1U << (rng() % 8));
        break;
      case 1:
        if (!b.empty()) b[at] = static_cast<std::uint8_t>(rng());
        break;
      case 2: {  // a byte early in the structure (tags, lengths, the OID)
        if (b.empty()) break;
        const std::size_t i = rng() % std::min<std::size_t>(b.size(), 32);
        static constexpr std::uint8_t kInteresting[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
                                                        0x30, 0x7f, 0x80, 0x81, 0x82, 0xff};
        b[i] = kInteresting[rng() % sizeof kInteresting];
        break;
      }
      case 3:
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), static_cast<std::uint8_t>(rng()));
        break;
      case 4:
        if (!b.empty()) b.erase(b.begin() + static_cast<std::ptrdiff_t>(at));
        break;
      case 5:
        b.resize(at);
        break;
      case 6: {
        if (b.empty()) break;
        const std::size_t n = 1 + rng() % std::min<std::size_t>(b.size() - at, 16);
        const Bytes chunk(b.begin() + static_cast<std::ptrdiff_t>(at),
                          b.begin() + static_cast<std::ptrdiff_t>(at + n));
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(rng() % (b.size() + 1)), chunk.begin(),
                 chunk.end());
        break;
      }
      case 7:
        b.push_back(static_cast<std::uint8_t>(rng()));
        break;
      default:  // a length byte one more or less
        if (!b.empty()) b[at] = static_cast<std::uint8_t>(b[at] + ((rng() & 1) ? 1 : 0xff));
        break;
    }
  }
  return b;
}

// FromSpkiDer keeps decoder contexts for reuse instead of calling d2i_PUBKEY: it must accept
// and refuse exactly what the reference does, with the same messages and the same keys.
TEST(PublicKey, FromSpkiDerMatchesD2iPubkey) {
  const std::vector<Bytes> seeds = SpkiSeeds();
  ASSERT_GE(seeds.size(), 20U);
  std::mt19937 rng(20260101);
  std::vector<Bytes> inputs = seeds;
  for (int round = 0; round < 500; ++round) {
    for (const Bytes& seed : seeds) inputs.push_back(Mutate(seed, rng));
  }
  int accepted = 0;
  for (const Bytes& input : inputs) {
    ERR_clear_error();
    ReferenceOutcome want = ReferenceSpki(input);
    ERR_clear_error();
    Result<PublicKey> got = PublicKey::FromSpkiDer(input);
    const std::string hex = HexEncode(input);
    ASSERT_EQ(got.ok(), want.ok) << hex << "\n"
                                 << (got.ok() ? "accepted" : got.status().message()) << "\n"
                                 << want.message;
    if (want.ok) {
      ++accepted;
      EXPECT_EQ(EVP_PKEY_eq(got->pkey(), want.key), 1) << hex;
      EXPECT_EQ(got->bits(), EVP_PKEY_get_bits(want.key)) << hex;
      EXPECT_EQ(got->size(), EVP_PKEY_get_size(want.key)) << hex;
      EXPECT_EQ(EVP_PKEY_get_id(got->pkey()), EVP_PKEY_get_id(want.key)) << hex;
      EXPECT_STREQ(EVP_PKEY_get0_type_name(got->pkey()), EVP_PKEY_get0_type_name(want.key)) << hex;
      EXPECT_EQ(got->SpkiDer(), input) << hex;
    } else {
      EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument) << hex;
      EXPECT_EQ(got.status().message(), want.message) << hex;
    }
    EVP_PKEY_free(want.key);
  }
  // The mutations reach both outcomes.
  EXPECT_GT(accepted, 500);
  EXPECT_LT(accepted, static_cast<int>(inputs.size()) / 2);
  ERR_clear_error();
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
