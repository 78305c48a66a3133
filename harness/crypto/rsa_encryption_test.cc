// RSA-OAEP and RSA PKCS#1 v1.5 against Project Wycheproof, plus round trips of this module's
// encryption (its own EME encoders) through OpenSSL's decryption.
#include "harness/crypto/rsa_encryption.h"

#include <string>

#include <gtest/gtest.h>
#include <openssl/err.h>

#include "harness/crypto/crypto_test_util.h"
#include "harness/crypto/wrap.h"

namespace kc::crypto {
namespace {

using testing::GroupKey;
using testing::HashOf;
using testing::Hex;
using testing::LoadWycheproof;
using testing::TestCaseName;

HashAlg OtherHash(HashAlg h) { return h == HashAlg::kSha1 ? HashAlg::kSha256 : HashAlg::kSha1; }

WrapAlgorithm OaepAlgorithm(HashAlg h) {
  return h == HashAlg::kSha1 ? WrapAlgorithm::kRsaesOaepSha1 : WrapAlgorithm::kRsaesOaepSha256;
}

class WycheproofOaep : public ::testing::TestWithParam<std::string_view> {};

TEST_P(WycheproofOaep, EveryCaseBehavesAsTheFileSays) {
  const std::string_view file = GetParam();
  const nlohmann::json doc = LoadWycheproof(file);
  ASSERT_FALSE(doc.is_null());
  int valid_empty_label = 0;
  int valid_with_label = 0;
  int invalid = 0;
  int total = 0;
  for (const auto& group : doc.at("testGroups")) {
    const PrivateKey key = GroupKey(group);
    const HashAlg hash = HashOf(group.at("sha"));
    ASSERT_EQ(group.at("mgfSha"), group.at("sha")) << "KMS uses MGF1 with the OAEP hash";
    ASSERT_EQ(group.at("mgf"), "MGF1");
    for (const auto& test : group.at("tests")) {
      ++total;
      const std::string name = TestCaseName(file, test);
      const Bytes msg = Hex(test.at("msg"));
      const Bytes ct = Hex(test.at("ct"));
      const Bytes label = Hex(test.at("label"));
      const std::string result = test.at("result");
      Result<Bytes> own_label = RsaOaepDecrypt(key, hash, label, ct);
      Result<Bytes> empty_label = RsaOaepDecrypt(key, hash, {}, ct);
      Result<Bytes> unwrapped = Unwrap(OaepAlgorithm(hash), key, ct);
      if (result == "valid") {
        ASSERT_TRUE(own_label.ok()) << name << ": " << own_label.status().ToString();
        EXPECT_EQ(*own_label, msg) << name;
        if (label.empty()) {
          ++valid_empty_label;
          ASSERT_TRUE(unwrapped.ok()) << name << ": " << unwrapped.status().ToString();
          EXPECT_EQ(*unwrapped, msg) << name;
        } else {
          // KMS uses the empty label: a ciphertext made with any other label is refused.
          ++valid_with_label;
          EXPECT_EQ(empty_label.status(), UnwrapFailedError()) << name;
          EXPECT_EQ(unwrapped.status(), UnwrapFailedError()) << name;
        }
        // The other hash never decrypts it (ikm.algorithm-bound).
        EXPECT_EQ(RsaOaepDecrypt(key, OtherHash(hash), label, ct).status(), UnwrapFailedError())
            << name;
      } else if (result == "invalid") {
        ++invalid;
        EXPECT_EQ(own_label.status(), UnwrapFailedError()) << name;
        EXPECT_EQ(empty_label.status(), UnwrapFailedError()) << name;
        EXPECT_EQ(unwrapped.status(), UnwrapFailedError()) << name;
      } else {
        ADD_FAILURE() << name << ": unexpected result " << result << " (update this test)";
      }
      EXPECT_EQ(ERR_peek_error(), 0UL) << name << ": OpenSSL error queue not clean";
    }
  }
  EXPECT_GT(valid_empty_label, 0);
  EXPECT_GT(valid_with_label, 0);
  EXPECT_GT(invalid, 0);
  EXPECT_EQ(total, doc.at("numberOfTests").get<int>());
  std::cout << file << ": " << valid_empty_label << " valid (empty label), " << valid_with_label
            << " valid (with label), " << invalid << " invalid\n";
}

TEST_P(WycheproofOaep, OwnEncryptionOfEveryValidMessageDecrypts) {
  const std::string_view file = GetParam();
  const nlohmann::json doc = LoadWycheproof(file);
  ASSERT_FALSE(doc.is_null());
  int checked = 0;
  for (const auto& group : doc.at("testGroups")) {
    const PrivateKey key = GroupKey(group);
    const HashAlg hash = HashOf(group.at("sha"));
    for (const auto& test : group.at("tests")) {
      if (test.at("result") != "valid") continue;
      const std::string name = TestCaseName(file, test);
      const Bytes msg = Hex(test.at("msg"));
      const Bytes label = Hex(test.at("label"));
      Result<Bytes> ct = RsaOaepEncrypt(key.Public(), hash, label, msg);
      ASSERT_TRUE(ct.ok()) << name << ": " << ct.status().ToString();
      EXPECT_EQ(ct->size(), 256U) << name;
      Result<Bytes> pt = RsaOaepDecrypt(key, hash, label, *ct);
      ASSERT_TRUE(pt.ok()) << name << ": " << pt.status().ToString();
      EXPECT_EQ(*pt, msg) << name;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
}

INSTANTIATE_TEST_SUITE_P(Files, WycheproofOaep,
                         ::testing::Values(testing::kOaepSha1File, testing::kOaepSha256File),
                         [](const auto& p) {
                           return p.param == testing::kOaepSha1File ? std::string("Sha1")
                                                                    : std::string("Sha256");
                         });

TEST(WycheproofPkcs1, EveryCaseBehavesAsTheFileSays) {
  const std::string_view file = testing::kPkcs1File;
  const nlohmann::json doc = LoadWycheproof(file);
  ASSERT_FALSE(doc.is_null());
  int valid = 0;
  int invalid = 0;
  int acceptable_accepted = 0;
  int acceptable_refused = 0;
  int total = 0;
  for (const auto& group : doc.at("testGroups")) {
    const PrivateKey key = GroupKey(group);
    for (const auto& test : group.at("tests")) {
      ++total;
      const std::string name = TestCaseName(file, test);
      const Bytes msg = Hex(test.at("msg"));
      const Bytes ct = Hex(test.at("ct"));
      const std::string result = test.at("result");
      Result<Bytes> pt = RsaPkcs1Decrypt(key, ct);
      EXPECT_EQ(Unwrap(WrapAlgorithm::kRsaesPkcs1V15, key, ct).status(), pt.status()) << name;
      if (result == "valid") {
        ++valid;
        ASSERT_TRUE(pt.ok()) << name << ": " << pt.status().ToString();
        EXPECT_EQ(*pt, msg) << name;
        // Our encoder round-trips every valid message under this key.
        Result<Bytes> again = RsaPkcs1Encrypt(key.Public(), msg);
        ASSERT_TRUE(again.ok()) << name << ": " << again.status().ToString();
        Result<Bytes> pt2 = RsaPkcs1Decrypt(key, *again);
        ASSERT_TRUE(pt2.ok()) << name;
        EXPECT_EQ(*pt2, msg) << name;
      } else if (result == "invalid") {
        ++invalid;
        EXPECT_EQ(pt.status(), UnwrapFailedError()) << name;
      } else if (result == "acceptable") {
        // Either outcome is allowed; a success must still give the message.
        if (pt.ok()) {
          ++acceptable_accepted;
          EXPECT_EQ(*pt, msg) << name;
        } else {
          ++acceptable_refused;
          EXPECT_EQ(pt.status(), UnwrapFailedError()) << name;
        }
      } else {
        ADD_FAILURE() << name << ": unexpected result " << result;
      }
      EXPECT_EQ(ERR_peek_error(), 0UL) << name << ": OpenSSL error queue not clean";
    }
  }
  EXPECT_GT(valid, 0);
  EXPECT_GT(invalid, 0);
  EXPECT_EQ(total, doc.at("numberOfTests").get<int>());
  std::cout << file << ": " << valid << " valid, " << invalid << " invalid, acceptable "
            << acceptable_accepted << " accepted / " << acceptable_refused << " refused\n";
}

TEST(RsaOaepEncrypt, LengthLimitIsKMinus2HashMinus2) {
  const PrivateKey& key = testing::FixedRsa2048Key();
  EXPECT_EQ(RsaOaepMaxMessageSize(256, HashAlg::kSha256), 190U);
  EXPECT_EQ(RsaOaepMaxMessageSize(256, HashAlg::kSha1), 214U);
  EXPECT_EQ(RsaOaepMaxMessageSize(60, HashAlg::kSha256), 0U);
  for (HashAlg hash : {HashAlg::kSha1, HashAlg::kSha256}) {
    const std::size_t max = RsaOaepMaxMessageSize(256, hash);
    const Bytes longest(max, 0x5a);
    Result<Bytes> ct = RsaOaepEncrypt(key.Public(), hash, {}, longest);
    ASSERT_TRUE(ct.ok()) << ct.status().ToString();
    EXPECT_EQ(*RsaOaepDecrypt(key, hash, {}, *ct), longest);
    Result<Bytes> too_long = RsaOaepEncrypt(key.Public(), hash, {}, Bytes(max + 1, 0x5a));
    ASSERT_FALSE(too_long.ok());
    EXPECT_EQ(too_long.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(too_long.status().message().find("at most " + std::to_string(max)), std::string::npos)
        << too_long.status().message();
  }
}

TEST(RsaPkcs1Encrypt, LengthLimitIsKMinus11) {
  const PrivateKey& key = testing::FixedRsa2048Key();
  Result<Bytes> ct = RsaPkcs1Encrypt(key.Public(), Bytes(245, 1));
  ASSERT_TRUE(ct.ok()) << ct.status().ToString();
  EXPECT_EQ(*RsaPkcs1Decrypt(key, *ct), Bytes(245, 1));
  Result<Bytes> too_long = RsaPkcs1Encrypt(key.Public(), Bytes(246, 1));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().code(), StatusCode::kInvalidArgument);
}

TEST(RsaPkcs1Encrypt, PaddingIsNonzeroEvenWhenTheSourceGivesZeros) {
  // A source of mostly zero bytes: the encoder must redraw until every PS byte is nonzero,
  // otherwise decryption would return a suffix of the padding instead of the message.
  class MostlyZero final : public RandomSource {
   public:
    void Fill(std::span<std::uint8_t> out) override {
      for (std::uint8_t& b : out) b = (++n_ % 5 == 0) ? 0x77 : 0x00;
    }

   private:
    unsigned n_ = 0;
  };
  MostlyZero rng;
  const PrivateKey& key = testing::FixedRsa2048Key();
  const Bytes msg = {1, 2, 3};
  Result<Bytes> ct = RsaPkcs1Encrypt(key.Public(), msg, rng);
  ASSERT_TRUE(ct.ok()) << ct.status().ToString();
  EXPECT_EQ(*RsaPkcs1Decrypt(key, *ct), msg);
}

TEST(RsaEncryption, DeterministicRandomGivesReproducibleCiphertexts) {
  const PublicKey pub = testing::FixedRsa2048Key().Public();
  const Bytes msg(32, 0x42);
  DeterministicRandom a(5);
  DeterministicRandom b(5);
  DeterministicRandom c(6);
  const Bytes oaep_a = *RsaOaepEncrypt(pub, HashAlg::kSha256, {}, msg, a);
  EXPECT_EQ(oaep_a, *RsaOaepEncrypt(pub, HashAlg::kSha256, {}, msg, b));
  EXPECT_NE(oaep_a, *RsaOaepEncrypt(pub, HashAlg::kSha256, {}, msg, c));
  const Bytes pkcs1_a = *RsaPkcs1Encrypt(pub, msg, a);
  EXPECT_EQ(pkcs1_a, *RsaPkcs1Encrypt(pub, msg, b));
  EXPECT_NE(pkcs1_a, *RsaPkcs1Encrypt(pub, msg, c));
}

TEST(RsaEncryption, NonRsaKeysAreRefused) {
  Result<PrivateKey> ec = GenerateEcKey(EcCurve::kP256);
  ASSERT_TRUE(ec.ok());
  EXPECT_EQ(RsaOaepEncrypt(ec->Public(), HashAlg::kSha256, {}, Bytes(8)).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(RsaPkcs1Encrypt(ec->Public(), Bytes(8)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(RsaOaepDecrypt(*ec, HashAlg::kSha256, {}, Bytes(256)).status(), UnwrapFailedError());
  EXPECT_EQ(RsaPkcs1Decrypt(*ec, Bytes(256)).status(), UnwrapFailedError());
}

}  // namespace
}  // namespace kc::crypto
