// Profile 2026: imported asymmetric and HMAC material in use: GetPublicKey, Sign, Verify for
// RSA and ECC SIGN_VERIFY keys, Encrypt/Decrypt with RSAES_OAEP for RSA ENCRYPT_DECRYPT keys,
// GenerateMac/VerifyMac for HMAC keys; every refusal with its exact error type. Each
// signature and MAC is also checked locally with OpenSSL (harness/crypto).
#include <gtest/gtest.h>

#include "harness/contract/profile.h"
#include "harness/crypto/rsa_encryption.h"
#include "harness/crypto/signature.h"
#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"

namespace kc::mock {
namespace {

using namespace testing;
using contract::EncryptionAlgorithm;
using contract::MacAlgorithm;
using contract::MessageType;
using contract::SigningAlgorithm;
using crypto::DigestAlg;
using crypto::SignatureScheme;

std::unique_ptr<ModelFixture> Make2026() { return ModelFixture::Make(WithProfile(Profile::k2026)); }

crypto::PrivateKey RsaOfBits(int bits) {
  for (const crypto::PrivateKey& k : WrappingKeys()) {
    if (k.bits() == bits) return k;
  }
  return *crypto::GenerateRsaKey(bits);
}

crypto::PrivateKey MaterialFor(KeySpec spec) {
  switch (spec) {
    case KeySpec::kRsa2048:
      return LoadTestKey("material_rsa2048.der");
    case KeySpec::kRsa3072:
      return RsaOfBits(3072);
    case KeySpec::kRsa4096:
      return RsaOfBits(4096);
    case KeySpec::kEccNistP256:
      return LoadTestKey("material_ec_p256.der");
    case KeySpec::kEccNistP384:
      return LoadTestKey("material_ec_p384.der");
    case KeySpec::kEccNistP521:
      return *crypto::GenerateEcKey(crypto::EcCurve::kP521);
    default:
      return *crypto::GenerateEcKey(crypto::EcCurve::kSecp256k1);
  }
}

struct AlgCase {
  SigningAlgorithm alg;
  SignatureScheme scheme;
  DigestAlg hash;
};

std::vector<AlgCase> AlgorithmsOf(KeySpec spec) {
  using S = SigningAlgorithm;
  using Sc = SignatureScheme;
  if (contract::RsaBits(spec) != 0) {
    return {{S::kRsassaPssSha256, Sc::kRsaPss, DigestAlg::kSha256},
            {S::kRsassaPssSha384, Sc::kRsaPss, DigestAlg::kSha384},
            {S::kRsassaPssSha512, Sc::kRsaPss, DigestAlg::kSha512},
            {S::kRsassaPkcs1V15Sha256, Sc::kRsaPkcs1V15, DigestAlg::kSha256},
            {S::kRsassaPkcs1V15Sha384, Sc::kRsaPkcs1V15, DigestAlg::kSha384},
            {S::kRsassaPkcs1V15Sha512, Sc::kRsaPkcs1V15, DigestAlg::kSha512}};
  }
  if (spec == KeySpec::kEccNistP384) return {{S::kEcdsaSha384, Sc::kEcdsa, DigestAlg::kSha384}};
  if (spec == KeySpec::kEccNistP521) return {{S::kEcdsaSha512, Sc::kEcdsa, DigestAlg::kSha512}};
  return {{S::kEcdsaSha256, Sc::kEcdsa, DigestAlg::kSha256}};
}

// ImportedKey: an EXTERNAL key of spec/usage with `material` imported.
std::string ImportedKey(ModelFixture& f, KeySpec spec, KeyUsage usage,
                        const crypto::PrivateKey& material) {
  const std::string id = f.CreateExternal(spec, usage);
  auto out =
      f.Import(id, *material.Pkcs8Der(), WrappingAlgorithm::kRsaAesKeyWrapSha256,
               ExpirationModel::kKeyMaterialDoesNotExpire, std::nullopt, WrappingKeySpec::kRsa4096);
  EXPECT_TRUE(IsOk(out)) << contract::ToWire(spec);
  return id;
}

codec::SignRequest SignReq(const std::string& id, ByteView message, SigningAlgorithm alg,
                           std::optional<MessageType> type = std::nullopt) {
  codec::SignRequest r;
  r.key_id = id;
  r.message = Bytes(message.begin(), message.end());
  r.signing_algorithm = alg;
  r.message_type = type;
  return r;
}

codec::VerifyRequest VerifyReq(const std::string& id, ByteView message, ByteView signature,
                               SigningAlgorithm alg,
                               std::optional<MessageType> type = std::nullopt) {
  codec::VerifyRequest r;
  r.key_id = id;
  r.message = Bytes(message.begin(), message.end());
  r.signature = Bytes(signature.begin(), signature.end());
  r.signing_algorithm = alg;
  r.message_type = type;
  return r;
}

class ImportedSigningKey : public ::testing::TestWithParam<KeySpec> {};

TEST_P(ImportedSigningKey, PublicKeySignAndVerifyMatchOpenSsl) {
  const KeySpec spec = GetParam();
  auto f = Make2026();
  const crypto::PrivateKey material = MaterialFor(spec);
  const std::string id = ImportedKey(*f, spec, KeyUsage::kSignVerify, material);

  auto pub = f->kms->GetPublicKey(f->caller, codec::GetPublicKeyRequest{id, std::nullopt});
  ASSERT_TRUE(IsOk(pub));
  EXPECT_EQ(pub.value().key_id, f->Arn(id));
  EXPECT_EQ(*pub.value().public_key, material.Public().SpkiDer());
  EXPECT_EQ(pub.value().key_spec, spec);
  EXPECT_EQ(pub.value().key_usage, KeyUsage::kSignVerify);
  EXPECT_EQ(pub.value().encryption_algorithms, std::nullopt);
  ASSERT_TRUE(pub.value().signing_algorithms.has_value());
  EXPECT_EQ(pub.value().signing_algorithms->size(), AlgorithmsOf(spec).size());

  const ByteView message = AsBytes("the message to sign");
  for (const AlgCase& a : AlgorithmsOf(spec)) {
    const std::string name(contract::ToWire(a.alg));
    auto sig = f->kms->Sign(f->caller, SignReq(id, message, a.alg));
    ASSERT_TRUE(IsOk(sig)) << name;
    EXPECT_EQ(sig.value().signing_algorithm, a.alg);
    const Bytes digest = crypto::Digest(a.hash, message);
    // The target's signature verifies locally, and on the target (RAW and DIGEST).
    EXPECT_TRUE(
        crypto::VerifyDigest(material.Public(), a.scheme, a.hash, digest, *sig.value().signature))
        << name;
    auto ok = f->kms->Verify(f->caller, VerifyReq(id, message, *sig.value().signature, a.alg));
    ASSERT_TRUE(IsOk(ok)) << name;
    EXPECT_EQ(ok.value().signature_valid, true);
    EXPECT_TRUE(IsOk(f->kms->Verify(
        f->caller, VerifyReq(id, digest, *sig.value().signature, a.alg, MessageType::kDigest))));
    // A local signature of the digest verifies on the target.
    const Bytes local = *crypto::SignDigest(material, a.scheme, a.hash, digest);
    EXPECT_TRUE(IsOk(f->kms->Verify(f->caller, VerifyReq(id, message, local, a.alg)))) << name;
    // Sign with DIGEST signs the digest itself.
    auto dsig = f->kms->Sign(f->caller, SignReq(id, digest, a.alg, MessageType::kDigest));
    ASSERT_TRUE(IsOk(dsig)) << name;
    EXPECT_TRUE(
        crypto::VerifyDigest(material.Public(), a.scheme, a.hash, digest, *dsig.value().signature));
    // Another message, a changed signature: KMSInvalidSignatureException.
    EXPECT_TRUE(IsApiErrorType(
        f->kms->Verify(f->caller, VerifyReq(id, AsBytes("another"), *sig.value().signature, a.alg)),
        ErrorType::kKMSInvalidSignatureException))
        << name;
    Bytes changed = *sig.value().signature;
    changed[changed.size() / 2] ^= 0x40;
    EXPECT_TRUE(IsApiErrorType(f->kms->Verify(f->caller, VerifyReq(id, message, changed, a.alg)),
                               ErrorType::kKMSInvalidSignatureException))
        << name;
    // A digest of the wrong length.
    EXPECT_TRUE(IsApiError(
        f->kms->Sign(f->caller, SignReq(id, Bytes(crypto::DigestSize(a.hash) + 1, 1), a.alg,
                                        MessageType::kDigest)),
        ErrorType::kValidationException, "Digest is invalid length for algorithm " + name + "."));
  }
}

INSTANTIATE_TEST_SUITE_P(Specs, ImportedSigningKey,
                         ::testing::Values(KeySpec::kRsa2048, KeySpec::kRsa3072, KeySpec::kRsa4096,
                                           KeySpec::kEccNistP256, KeySpec::kEccNistP384,
                                           KeySpec::kEccNistP521, KeySpec::kEccSecgP256k1),
                         [](const auto& p) { return std::string(contract::ToWire(p.param)); });

TEST(ImportedSigning, AnotherKeysAlgorithmIsInvalidKeyUsage) {
  auto f = Make2026();
  const std::string ec = ImportedKey(*f, KeySpec::kEccNistP256, KeyUsage::kSignVerify,
                                     MaterialFor(KeySpec::kEccNistP256));
  EXPECT_TRUE(
      IsApiError(f->kms->Sign(f->caller, SignReq(ec, AsBytes("m"), SigningAlgorithm::kEcdsaSha384)),
                 ErrorType::kInvalidKeyUsageException,
                 "The signing algorithm ECDSA_SHA_384 is not valid for " + f->Arn(ec) +
                     ", whose key spec is ECC_NIST_P256."));
  EXPECT_TRUE(IsApiErrorType(
      f->kms->Sign(f->caller, SignReq(ec, AsBytes("m"), SigningAlgorithm::kRsassaPssSha256)),
      ErrorType::kInvalidKeyUsageException));
  EXPECT_TRUE(IsApiErrorType(f->kms->Verify(f->caller, VerifyReq(ec, AsBytes("m"), Bytes(64, 1),
                                                                 SigningAlgorithm::kEcdsaSha512)),
                             ErrorType::kInvalidKeyUsageException));
  // Encrypt with a signing key; Sign with a symmetric key.
  EXPECT_TRUE(IsApiErrorType(f->Encrypt(ec, AsBytes("p")), ErrorType::kInvalidKeyUsageException));
  const std::string sym = f->CreateAwsKms();
  EXPECT_TRUE(IsApiError(
      f->kms->Sign(f->caller, SignReq(sym, AsBytes("m"), SigningAlgorithm::kEcdsaSha256)),
      ErrorType::kInvalidKeyUsageException,
      f->Arn(sym) + " key usage is ENCRYPT_DECRYPT which is not valid for Sign."));
  EXPECT_TRUE(
      IsApiErrorType(f->kms->GetPublicKey(f->caller, codec::GetPublicKeyRequest{sym, std::nullopt}),
                     ErrorType::kUnsupportedOperationException));
  // EXTERNAL_MU is for ML-DSA keys.
  EXPECT_TRUE(IsApiErrorType(
      f->kms->Sign(f->caller, SignReq(ec, Bytes(64, 1), SigningAlgorithm::kEcdsaSha256,
                                      MessageType::kExternalMu)),
      ErrorType::kValidationException));
}

TEST(ImportedSigning, KeyStateComesFirst) {
  auto f = Make2026();
  const crypto::PrivateKey material = MaterialFor(KeySpec::kEccNistP256);
  const std::string id = ImportedKey(*f, KeySpec::kEccNistP256, KeyUsage::kSignVerify, material);
  ASSERT_TRUE(IsOk(f->Disable(id)));
  EXPECT_TRUE(
      IsApiError(f->kms->Sign(f->caller, SignReq(id, AsBytes("m"), SigningAlgorithm::kEcdsaSha256)),
                 ErrorType::kDisabledException, f->Arn(id) + " is disabled."));
  EXPECT_TRUE(
      IsApiError(f->kms->GetPublicKey(f->caller, codec::GetPublicKeyRequest{id, std::nullopt}),
                 ErrorType::kDisabledException, f->Arn(id) + " is disabled."));
  ASSERT_TRUE(IsOk(f->Dikm(id)));
  EXPECT_TRUE(IsApiError(f->kms->Verify(f->caller, VerifyReq(id, AsBytes("m"), Bytes(70, 1),
                                                             SigningAlgorithm::kEcdsaSha256)),
                         ErrorType::kKMSInvalidStateException, f->Arn(id) + " is pending import."));
  // The same material back: in use again.
  ASSERT_TRUE(IsOk(f->Import(id, *material.Pkcs8Der(), WrappingAlgorithm::kRsaAesKeyWrapSha256)));
  EXPECT_TRUE(
      IsOk(f->kms->Sign(f->caller, SignReq(id, AsBytes("m"), SigningAlgorithm::kEcdsaSha256))));
  // DryRun answers DryRunOperationException after every check.
  codec::SignRequest dry = SignReq(id, AsBytes("m"), SigningAlgorithm::kEcdsaSha256);
  dry.dry_run = true;
  EXPECT_TRUE(IsApiErrorType(f->kms->Sign(f->caller, dry), ErrorType::kDryRunOperationException));
}

TEST(ImportedRsaEncryption, OaepWithAwsLimits) {
  auto f = Make2026();
  struct Case {
    KeySpec spec;
    std::size_t sha1_max, sha256_max;  // the 2026 model's Encrypt documentation
  };
  for (const Case& c : {Case{KeySpec::kRsa2048, 214, 190}, Case{KeySpec::kRsa3072, 342, 318},
                        Case{KeySpec::kRsa4096, 470, 446}}) {
    const crypto::PrivateKey material = MaterialFor(c.spec);
    const std::string id = ImportedKey(*f, c.spec, KeyUsage::kEncryptDecrypt, material);
    auto pub = f->kms->GetPublicKey(f->caller, codec::GetPublicKeyRequest{id, std::nullopt});
    ASSERT_TRUE(IsOk(pub));
    EXPECT_EQ(
        pub.value().encryption_algorithms,
        (std::vector{EncryptionAlgorithm::kRsaesOaepSha1, EncryptionAlgorithm::kRsaesOaepSha256}));
    for (auto [alg, max, hash] :
         {std::tuple{EncryptionAlgorithm::kRsaesOaepSha1, c.sha1_max, crypto::HashAlg::kSha1},
          std::tuple{EncryptionAlgorithm::kRsaesOaepSha256, c.sha256_max,
                     crypto::HashAlg::kSha256}}) {
      codec::EncryptRequest e;
      e.key_id = id;
      e.plaintext = Bytes(max, 0x5a);
      e.encryption_algorithm = alg;
      auto blob = f->kms->Encrypt(f->caller, e);
      ASSERT_TRUE(IsOk(blob));
      EXPECT_EQ(blob.value().encryption_algorithm, alg);
      // Decrypted locally with the imported private key, and by the target with KeyId.
      EXPECT_EQ(*crypto::RsaOaepDecrypt(material, hash, {}, *blob.value().ciphertext_blob),
                e.plaintext);
      auto plain = f->kms->Decrypt(
          f->caller, codec::DecryptRequest{blob.value().ciphertext_blob, std::nullopt, std::nullopt,
                                           id, alg, std::nullopt});
      ASSERT_TRUE(IsOk(plain));
      EXPECT_EQ(plain.value().plaintext, e.plaintext);
      // A local ciphertext decrypts on the target; the other OAEP hash does not.
      const Bytes local = *crypto::RsaOaepEncrypt(material.Public(), hash, {}, AsBytes("local"));
      EXPECT_TRUE(
          IsOk(f->kms->Decrypt(f->caller, codec::DecryptRequest{local, std::nullopt, std::nullopt,
                                                                id, alg, std::nullopt})));
      const EncryptionAlgorithm other = alg == EncryptionAlgorithm::kRsaesOaepSha1
                                            ? EncryptionAlgorithm::kRsaesOaepSha256
                                            : EncryptionAlgorithm::kRsaesOaepSha1;
      EXPECT_TRUE(IsApiErrorType(
          f->kms->Decrypt(f->caller, codec::DecryptRequest{local, std::nullopt, std::nullopt, id,
                                                           other, std::nullopt}),
          ErrorType::kInvalidCiphertextException));
      e.plaintext.push_back(0);
      EXPECT_TRUE(IsApiErrorType(f->kms->Encrypt(f->caller, e), ErrorType::kValidationException));
    }
    // SYMMETRIC_DEFAULT (the default) is not an RSA algorithm.
    EXPECT_TRUE(IsApiErrorType(f->Encrypt(id, AsBytes("p")), ErrorType::kInvalidKeyUsageException));
    EXPECT_TRUE(IsApiErrorType(
        f->kms->Sign(f->caller, SignReq(id, AsBytes("m"), SigningAlgorithm::kRsassaPssSha256)),
        ErrorType::kInvalidKeyUsageException));
  }
}

class ImportedHmacKey
    : public ::testing::TestWithParam<std::tuple<KeySpec, MacAlgorithm, DigestAlg>> {};

TEST_P(ImportedHmacKey, MacMatchesOpenSsl) {
  const auto [spec, alg, hash] = GetParam();
  auto f = Make2026();
  const std::string id = f->CreateExternal(spec, KeyUsage::kGenerateVerifyMac);
  const Bytes material(64, 0x3c);
  ASSERT_TRUE(IsOk(f->Import(id, material, WrappingAlgorithm::kRsaAesKeyWrapSha256)));
  const ByteView message = AsBytes("the message");
  codec::GenerateMacRequest g;
  g.key_id = id;
  g.message = Bytes(message.begin(), message.end());
  g.mac_algorithm = alg;
  auto mac = f->kms->GenerateMac(f->caller, g);
  ASSERT_TRUE(IsOk(mac));
  EXPECT_EQ(*mac.value().mac, *crypto::Hmac(hash, material, message));
  EXPECT_EQ(mac.value().key_id, f->Arn(id));
  EXPECT_EQ(mac.value().mac_algorithm, alg);
  codec::VerifyMacRequest v;
  v.key_id = id;
  v.message = g.message;
  v.mac_algorithm = alg;
  v.mac = *mac.value().mac;
  auto ok = f->kms->VerifyMac(f->caller, v);
  ASSERT_TRUE(IsOk(ok));
  EXPECT_EQ(ok.value().mac_valid, true);
  v.mac.back() ^= 1;
  EXPECT_TRUE(IsApiError(f->kms->VerifyMac(f->caller, v), ErrorType::kKMSInvalidMacException,
                         "The MAC is not valid for the message, the KMS key and the MAC "
                         "algorithm."));
  // Another key's algorithm; another operation.
  g.mac_algorithm =
      alg == MacAlgorithm::kHmacSha256 ? MacAlgorithm::kHmacSha512 : MacAlgorithm::kHmacSha256;
  EXPECT_TRUE(
      IsApiErrorType(f->kms->GenerateMac(f->caller, g), ErrorType::kInvalidKeyUsageException));
  EXPECT_TRUE(IsApiErrorType(f->Encrypt(id, AsBytes("p")), ErrorType::kInvalidKeyUsageException));
  EXPECT_TRUE(
      IsApiErrorType(f->kms->GetPublicKey(f->caller, codec::GetPublicKeyRequest{id, std::nullopt}),
                     ErrorType::kUnsupportedOperationException));
}

INSTANTIATE_TEST_SUITE_P(
    Specs, ImportedHmacKey,
    ::testing::Values(std::tuple{KeySpec::kHmac224, MacAlgorithm::kHmacSha224, DigestAlg::kSha224},
                      std::tuple{KeySpec::kHmac256, MacAlgorithm::kHmacSha256, DigestAlg::kSha256},
                      std::tuple{KeySpec::kHmac384, MacAlgorithm::kHmacSha384, DigestAlg::kSha384},
                      std::tuple{KeySpec::kHmac512, MacAlgorithm::kHmacSha512, DigestAlg::kSha512}),
    [](const auto& p) { return std::string(contract::ToWire(std::get<0>(p.param))); });

TEST(Profile2022Use, AwsKmsHmacAndAsymmetricKeysWork) {
  auto f = ModelFixture::Make({});
  auto hmac = f->Create(Origin::kAwsKms, KeySpec::kHmac256, KeyUsage::kGenerateVerifyMac);
  ASSERT_TRUE(IsOk(hmac));
  codec::GenerateMacRequest g;
  g.key_id = hmac.value().key_metadata->key_id;
  g.message = Bytes(3, 1);
  g.mac_algorithm = MacAlgorithm::kHmacSha256;
  auto mac = f->kms->GenerateMac(f->caller, g);
  ASSERT_TRUE(IsOk(mac));
  codec::VerifyMacRequest v;
  v.key_id = g.key_id;
  v.message = g.message;
  v.mac_algorithm = g.mac_algorithm;
  v.mac = *mac.value().mac;
  EXPECT_TRUE(IsOk(f->kms->VerifyMac(f->caller, v)));
  // AWS_KMS asymmetric keys get their key pair on first use: the same pair afterwards.
  for (auto [spec, alg] : {std::pair{KeySpec::kRsa2048, SigningAlgorithm::kRsassaPssSha256},
                           std::pair{KeySpec::kEccNistP384, SigningAlgorithm::kEcdsaSha384}}) {
    auto key = f->Create(Origin::kAwsKms, spec, KeyUsage::kSignVerify);
    ASSERT_TRUE(IsOk(key));
    const std::string id = key.value().key_metadata->key_id;
    auto pub = f->kms->GetPublicKey(f->caller, codec::GetPublicKeyRequest{id, std::nullopt});
    ASSERT_TRUE(IsOk(pub));
    auto sig = f->kms->Sign(f->caller, SignReq(id, AsBytes("m"), alg));
    ASSERT_TRUE(IsOk(sig));
    EXPECT_TRUE(
        IsOk(f->kms->Verify(f->caller, VerifyReq(id, AsBytes("m"), *sig.value().signature, alg))));
    auto again = f->kms->GetPublicKey(f->caller, codec::GetPublicKeyRequest{id, std::nullopt});
    EXPECT_EQ(again.value().public_key, pub.value().public_key);
  }
  auto rsa = f->Create(Origin::kAwsKms, KeySpec::kRsa2048, KeyUsage::kEncryptDecrypt);
  codec::EncryptRequest e;
  e.key_id = rsa.value().key_metadata->key_id;
  e.plaintext = Bytes(190, 1);
  e.encryption_algorithm = EncryptionAlgorithm::kRsaesOaepSha256;
  auto blob = f->kms->Encrypt(f->caller, e);
  ASSERT_TRUE(IsOk(blob));
  auto plain = f->kms->Decrypt(
      f->caller, codec::DecryptRequest{blob.value().ciphertext_blob, std::nullopt, std::nullopt,
                                       e.key_id, e.encryption_algorithm, std::nullopt});
  ASSERT_TRUE(IsOk(plain));
  EXPECT_EQ(plain.value().plaintext, e.plaintext);
  // SM2 has no key pair here.
  auto sm2 = f->Create(Origin::kAwsKms, KeySpec::kSm2, KeyUsage::kSignVerify);
  ASSERT_TRUE(IsOk(sm2));
  EXPECT_TRUE(IsApiErrorType(
      f->kms->GetPublicKey(
          f->caller, codec::GetPublicKeyRequest{sm2.value().key_metadata->key_id, std::nullopt}),
      ErrorType::kUnsupportedOperationException));
}

}  // namespace
}  // namespace kc::mock
