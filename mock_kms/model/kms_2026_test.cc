// Profile 2026: RSA_3072/4096 wrapping keys, RSA_AES_KEY_WRAP, asymmetric and HMAC import,
// KeyMaterialId outputs, RSAES_PKCS1_V1_5 refused (CONTRACT.md "Profile 2026 details").
#include <gtest/gtest.h>

#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"

namespace kc::mock {
namespace {

using namespace testing;

std::unique_ptr<ModelFixture> Make2026() { return ModelFixture::Make(WithProfile(Profile::k2026)); }

Bytes Der(std::string_view file) { return *LoadTestKey(file).Pkcs8Der(); }

bool IsLowerHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

TEST(Profile2026, LargerWrappingKeys) {  // gpfi.wrapping-key-spec
  auto f = Make2026();
  const std::string id = f->CreateExternal();
  for (auto [spec, bits] :
       {std::pair{WrappingKeySpec::kRsa2048, 2048}, std::pair{WrappingKeySpec::kRsa3072, 3072},
        std::pair{WrappingKeySpec::kRsa4096, 4096}}) {
    auto p = f->Gpfi(id, WrappingAlgorithm::kRsaAesKeyWrapSha256, spec);
    ASSERT_TRUE(IsOk(p));
    EXPECT_EQ(crypto::PublicKey::FromSpkiDer(*p.value().public_key)->bits(), bits);
    EXPECT_LE(p.value().import_token->size(), 6144U);
  }
  EXPECT_TRUE(IsApiError(f->Gpfi(id, WrappingAlgorithm::kRsaesOaepSha256, WrappingKeySpec::kSm2),
                         ErrorType::kValidationException,
                         "The SM2 wrapping key spec is supported only in China Regions."));
}

TEST(Profile2026, Pkcs1IsRefused) {  // gpfi.wrapping-algorithm
  auto f = Make2026();
  const std::string id = f->CreateExternal();
  EXPECT_TRUE(IsApiError(f->Gpfi(id, WrappingAlgorithm::kRsaesPkcs1V15),
                         ErrorType::kValidationException,
                         "The RSAES_PKCS1_V1_5 wrapping algorithm is not supported."));
  EXPECT_TRUE(IsApiError(f->Gpfi(id, WrappingAlgorithm::kSm2Pke), ErrorType::kValidationException,
                         "The SM2PKE wrapping algorithm is supported only in China Regions."));
}

TEST(Profile2026, SymmetricImportAnswersKeyIdAndMaterialId) {
  auto f = Make2026();
  const std::string id = f->CreateExternal();
  for (WrappingAlgorithm alg :
       {WrappingAlgorithm::kRsaAesKeyWrapSha1, WrappingAlgorithm::kRsaAesKeyWrapSha256,
        WrappingAlgorithm::kRsaesOaepSha1}) {
    auto out = f->Import(id, Material32("m"), alg);
    ASSERT_TRUE(IsOk(out));
    EXPECT_EQ(out.value().key_id, f->Arn(id));
    ASSERT_TRUE(out.value().key_material_id.has_value());
    EXPECT_TRUE(IsLowerHex64(*out.value().key_material_id));
    const codec::KeyMetadata m = f->Metadata(id);
    EXPECT_EQ(m.current_key_material_id, out.value().key_material_id) << "same material, same id";
  }
  const std::string material_id = *f->Metadata(id).current_key_material_id;
  auto blob = f->Encrypt(id, AsBytes("p"));
  auto plain = f->Decrypt(*blob.value().ciphertext_blob);
  ASSERT_TRUE(IsOk(plain));
  EXPECT_EQ(plain.value().key_material_id, material_id);
  auto deleted = f->Dikm(id);
  ASSERT_TRUE(IsOk(deleted));
  EXPECT_EQ(deleted.value().key_id, f->Arn(id));
  EXPECT_EQ(deleted.value().key_material_id, material_id);
  // The deleted material is still the key's current one (ListKeyRotations: CURRENT,
  // PENDING_IMPORT), so DescribeKey still names it (inferred).
  EXPECT_EQ(f->Metadata(id).current_key_material_id, material_id);
  auto again = f->Dikm(id);
  ASSERT_TRUE(IsOk(again));
  EXPECT_EQ(again.value().key_material_id, "") << "no material to delete";
  // Another key with the same material has another id.
  const std::string other = f->CreateExternal();
  auto out = f->Import(other, Material32("m"));
  EXPECT_NE(out.value().key_material_id, material_id);
}

TEST(Profile2026, RsaPrivateKeyImportsIntoAnRsaKey) {
  auto f = Make2026();
  const std::string id = f->CreateExternal(KeySpec::kRsa2048, KeyUsage::kSignVerify);
  ASSERT_FALSE(id.empty());
  auto out = f->Import(id, Der("material_rsa2048.der"), WrappingAlgorithm::kRsaAesKeyWrapSha256);
  ASSERT_TRUE(IsOk(out));
  EXPECT_TRUE(IsLowerHex64(*out.value().key_material_id));
  const codec::KeyMetadata m = f->Metadata(id);
  EXPECT_EQ(m.key_state, KeyState::kEnabled);
  // CurrentKeyMaterialId: "This value is present for symmetric encryption keys with AWS_KMS
  // or EXTERNAL origin." (2026 model)
  EXPECT_EQ(m.current_key_material_id, std::nullopt);
  // The same key only: a P-256 key is not material for RSA_2048.
  const std::string other = f->CreateExternal(KeySpec::kRsa2048, KeyUsage::kSignVerify);
  EXPECT_TRUE(IsApiError(
      f->Import(other, Der("material_ec_p256.der"), WrappingAlgorithm::kRsaAesKeyWrapSha256),
      ErrorType::kIncorrectKeyMaterialException,
      "The key material of a RSA_2048 key must be a DER-encoded PKCS#8 private "
      "key of that key spec."));
}

TEST(Profile2026, EcPrivateKeyImportsIntoAnEccKey) {
  auto f = Make2026();
  const std::string id = f->CreateExternal(KeySpec::kEccNistP256, KeyUsage::kSignVerify);
  EXPECT_TRUE(IsApiErrorType(
      f->Import(id, Der("material_ec_p384.der"), WrappingAlgorithm::kRsaAesKeyWrapSha1),
      ErrorType::kIncorrectKeyMaterialException));
  auto out = f->Import(id, Der("material_ec_p256.der"), WrappingAlgorithm::kRsaAesKeyWrapSha1,
                       ExpirationModel::kKeyMaterialDoesNotExpire, std::nullopt,
                       WrappingKeySpec::kRsa3072);
  ASSERT_TRUE(IsOk(out));
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kEnabled);
  // A signing key does not encrypt (InvalidKeyUsageException).
  EXPECT_TRUE(IsApiErrorType(f->Encrypt(id, AsBytes("p")), ErrorType::kInvalidKeyUsageException));
}

TEST(Profile2026, HmacMaterialLengths) {  // ikm.material-length
  auto f = Make2026();
  struct Case {
    KeySpec spec;
    std::size_t min, max;
  };
  for (const Case& c : {Case{KeySpec::kHmac224, 28, 64}, Case{KeySpec::kHmac256, 32, 64},
                        Case{KeySpec::kHmac384, 48, 128}, Case{KeySpec::kHmac512, 64, 128}}) {
    const std::string name(contract::ToWire(c.spec));
    for (std::size_t n : {c.min - 1, c.max + 1}) {
      const std::string id = f->CreateExternal(c.spec, KeyUsage::kGenerateVerifyMac);
      EXPECT_TRUE(IsApiError(f->Import(id, Bytes(n, 0x11), WrappingAlgorithm::kRsaAesKeyWrapSha256),
                             ErrorType::kIncorrectKeyMaterialException,
                             "The key material of a " + name + " key must be " +
                                 std::to_string(c.min) + " to " + std::to_string(c.max) +
                                 " bytes; the imported material is " + std::to_string(n) +
                                 " bytes."));
    }
    for (std::size_t n : {c.min, c.max}) {
      const std::string id = f->CreateExternal(c.spec, KeyUsage::kGenerateVerifyMac);
      EXPECT_TRUE(IsOk(f->Import(id, Bytes(n, 0x22), WrappingAlgorithm::kRsaAesKeyWrapSha256)))
          << name << " " << n;
    }
  }
}

TEST(Profile2026, SymmetricMaterialIsStill256Bits) {
  auto f = Make2026();
  const std::string id = f->CreateExternal();
  EXPECT_TRUE(IsApiErrorType(f->Import(id, Bytes(48, 1), WrappingAlgorithm::kRsaAesKeyWrapSha256),
                             ErrorType::kIncorrectKeyMaterialException));
}

TEST(Profile2026, UnsupportedSpecsNeverImport) {
  auto f = Make2026();
  for (KeySpec spec : {KeySpec::kMlDsa44, KeySpec::kEccNistEdwards25519, KeySpec::kSm2}) {
    const std::string id = f->CreateExternal(spec, KeyUsage::kSignVerify);
    ASSERT_FALSE(id.empty()) << contract::ToWire(spec);
    EXPECT_TRUE(IsApiError(f->Gpfi(id), ErrorType::kUnsupportedOperationException,
                           f->Arn(id) + " key spec is " + std::string(contract::ToWire(spec)) +
                               " which is not valid for this operation."));
  }
}

TEST(Profile2026, DisabledKeyDoesNotImport) {  // ikm.key-state (2026 reference)
  auto f = Make2026();
  const std::string id = f->CreateExternal();
  ASSERT_TRUE(IsOk(f->Import(id, Material32("m"))));
  ASSERT_TRUE(IsOk(f->Disable(id)));
  EXPECT_TRUE(IsApiError(f->Import(id, Material32("m")), ErrorType::kKMSInvalidStateException,
                         f->Arn(id) + " is disabled."));
}

TEST(Profile2026, ExistingMaterialNeedsAPreviousImport) {
  auto f = Make2026();
  const std::string id = f->CreateExternal();
  auto p = f->Gpfi(id);
  const Bytes wrapped = f->Wrap(p.value(), WrappingAlgorithm::kRsaesOaepSha256, Material32("m"));
  codec::ImportKeyMaterialRequest r;
  r.key_id = id;
  r.import_token = *p.value().import_token;
  r.encrypted_key_material = wrapped;
  r.expiration_model = ExpirationModel::kKeyMaterialDoesNotExpire;
  r.import_type = contract::ImportType::kExistingKeyMaterial;
  EXPECT_TRUE(IsApiError(f->kms->ImportKeyMaterial(f->caller, r), ErrorType::kValidationException,
                         "ImportType EXISTING_KEY_MATERIAL needs key material previously imported "
                         "into " +
                             f->Arn(id) + "; this key has none."));
  r.import_type = contract::ImportType::kNewKeyMaterial;
  auto first = f->kms->ImportKeyMaterial(f->caller, r);
  ASSERT_TRUE(IsOk(first));
  ASSERT_TRUE(IsOk(f->Dikm(id)));
  r.import_type = contract::ImportType::kExistingKeyMaterial;
  r.key_material_id = std::string(64, 'a');
  EXPECT_TRUE(
      IsApiError(f->kms->ImportKeyMaterial(f->caller, r), ErrorType::kIncorrectKeyMaterialException,
                 "The key material does not match KeyMaterialId " + std::string(64, 'a') + "."));
  r.key_material_id = first.value().key_material_id;
  EXPECT_TRUE(IsOk(f->kms->ImportKeyMaterial(f->caller, r)));
}

TEST(Profile2026, The2026MembersAreIgnoredIn2022) {
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  auto p = f->Gpfi(id);
  codec::ImportKeyMaterialRequest r;
  r.key_id = id;
  r.import_token = *p.value().import_token;
  r.encrypted_key_material =
      f->Wrap(p.value(), WrappingAlgorithm::kRsaesOaepSha256, Material32("m"));
  r.expiration_model = ExpirationModel::kKeyMaterialDoesNotExpire;
  r.import_type = contract::ImportType::kExistingKeyMaterial;
  auto out = f->kms->ImportKeyMaterial(f->caller, r);
  ASSERT_TRUE(IsOk(out));
  EXPECT_EQ(out.value(), codec::ImportKeyMaterialResponse{});
}

}  // namespace
}  // namespace kc::mock
