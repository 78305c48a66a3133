// The full import lifecycle (ikm.lifecycle, dikm.lifecycle, ikm.reimport-same-material) in
// profile 2022, once per wrapping algorithm.
#include <gtest/gtest.h>

#include "harness/contract/profile.h"
#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"

namespace kc::mock {
namespace {

using namespace testing;

std::string AlgorithmTestName(WrappingAlgorithm a) {
  std::string name;
  for (char ch : contract::ToWire(a)) {
    if (ch != '_') name.push_back(ch);
  }
  return name;
}

class LifecycleTest : public ::testing::TestWithParam<WrappingAlgorithm> {};

TEST_P(LifecycleTest, CreateImportEncryptDeleteReimport) {
  const WrappingAlgorithm alg = GetParam();
  auto f = ModelFixture::Make({});
  ASSERT_NE(f, nullptr);
  const std::string id = f->CreateExternal();
  ASSERT_FALSE(id.empty());
  const std::string arn = f->Arn(id);

  // CreateKey(Origin=EXTERNAL): PendingImport, Enabled=false, no material.
  codec::KeyMetadata md = f->Metadata(id);
  EXPECT_EQ(md.key_state, KeyState::kPendingImport);
  EXPECT_EQ(md.enabled, false);
  EXPECT_EQ(md.origin, Origin::kExternal);
  EXPECT_EQ(md.expiration_model, std::nullopt);
  EXPECT_EQ(md.valid_to, std::nullopt);

  // GetParametersForImport: ARN, an RSA-2048 SPKI, a token, validTo = now + 24 h.
  auto params = f->Gpfi(id, alg);
  ASSERT_TRUE(IsOk(params));
  EXPECT_EQ(params.value().key_id, arn);
  Result<crypto::PublicKey> pub = crypto::PublicKey::FromSpkiDer(*params.value().public_key);
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub->type(), crypto::KeyType::kRsa);
  EXPECT_EQ(pub->bits(), 2048);
  EXPECT_GE(params.value().import_token->size(), 1U);
  EXPECT_LE(params.value().import_token->size(), 6144U);
  EXPECT_EQ(*params.value().parameters_valid_to,
            f->clock.Now() + contract::kImportParametersValiditySeconds);

  // ImportKeyMaterial: {} in 2022, the key Enabled.
  const Bytes material = Material32("lifecycle");
  const Bytes wrapped = f->Wrap(params.value(), alg, material);
  auto imported = f->Ikm(id, *params.value().import_token, wrapped);
  ASSERT_TRUE(IsOk(imported));
  EXPECT_EQ(imported.value(), codec::ImportKeyMaterialResponse{});
  md = f->Metadata(id);
  EXPECT_EQ(md.key_state, KeyState::kEnabled);
  EXPECT_EQ(md.enabled, true);
  EXPECT_EQ(md.expiration_model, ExpirationModel::kKeyMaterialDoesNotExpire);
  EXPECT_EQ(md.valid_to, std::nullopt);
  EXPECT_EQ(md.current_key_material_id, std::nullopt) << "2026 only";

  // The imported material is in use.
  auto blob = f->Encrypt(id, AsBytes("plaintext"));
  ASSERT_TRUE(IsOk(blob));
  EXPECT_EQ(blob.value().key_id, arn);
  EXPECT_EQ(blob.value().encryption_algorithm, contract::EncryptionAlgorithm::kSymmetricDefault);
  const Bytes ciphertext = *blob.value().ciphertext_blob;
  auto plain = f->Decrypt(ciphertext);
  ASSERT_TRUE(IsOk(plain));
  EXPECT_EQ(AsChars(*plain.value().plaintext), "plaintext");
  EXPECT_EQ(plain.value().key_id, arn);
  EXPECT_EQ(plain.value().key_material_id, std::nullopt);

  // DeleteImportedKeyMaterial: PendingImport, Enabled=false, ExpirationModel removed.
  auto deleted = f->Dikm(id);
  ASSERT_TRUE(IsOk(deleted));
  EXPECT_EQ(deleted.value(), codec::DeleteImportedKeyMaterialResponse{});
  md = f->Metadata(id);
  EXPECT_EQ(md.key_state, KeyState::kPendingImport);
  EXPECT_EQ(md.enabled, false);
  EXPECT_EQ(md.expiration_model, std::nullopt);
  EXPECT_TRUE(IsApiError(f->Decrypt(ciphertext), ErrorType::kKMSInvalidStateException,
                         arn + " is pending import."));
  EXPECT_TRUE(IsApiError(f->Encrypt(id, AsBytes("x")), ErrorType::kKMSInvalidStateException,
                         arn + " is pending import."));

  // Reimporting the same material brings the old ciphertext back.
  ASSERT_TRUE(IsOk(f->Import(id, material, alg)));
  plain = f->Decrypt(ciphertext);
  ASSERT_TRUE(IsOk(plain));
  EXPECT_EQ(AsChars(*plain.value().plaintext), "plaintext");

  // Other material never comes in (ikm.reimport-same-material), and changes nothing.
  ASSERT_TRUE(IsOk(f->Dikm(id)));
  const codec::KeyMetadata before = f->Metadata(id);
  EXPECT_TRUE(IsApiError(f->Import(id, Material32("other"), alg),
                         ErrorType::kIncorrectKeyMaterialException,
                         "Key material being imported does not match the key material "
                         "previously imported into this key"));
  EXPECT_EQ(f->Metadata(id), before);
}

INSTANTIATE_TEST_SUITE_P(Algorithms2022, LifecycleTest,
                         ::testing::Values(WrappingAlgorithm::kRsaesPkcs1V15,
                                           WrappingAlgorithm::kRsaesOaepSha1,
                                           WrappingAlgorithm::kRsaesOaepSha256),
                         [](const ::testing::TestParamInfo<WrappingAlgorithm>& p) {
                           return AlgorithmTestName(p.param);
                         });

TEST(Lifecycle, ExpiringMaterialShowsValidTo) {  // ikm.lifecycle
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  const EpochSeconds valid_to = f->clock.Now() + 3600;
  ASSERT_TRUE(IsOk(f->Import(id, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                             ExpirationModel::kKeyMaterialExpires, valid_to)));
  const codec::KeyMetadata md = f->Metadata(id);
  EXPECT_EQ(md.expiration_model, ExpirationModel::kKeyMaterialExpires);
  EXPECT_EQ(md.valid_to, valid_to);
}

TEST(Lifecycle, MaterialExpiresAtValidTo) {  // ikm.material-expiry
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  const std::string arn = f->Arn(id);
  const EpochSeconds valid_to = f->clock.Now() + 3600;
  ASSERT_TRUE(IsOk(f->Import(id, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                             std::nullopt /* defaults to KEY_MATERIAL_EXPIRES */, valid_to)));
  auto blob = f->Encrypt(id, AsBytes("p"));
  ASSERT_TRUE(IsOk(blob));
  f->clock.Advance(3599);
  EXPECT_TRUE(IsOk(f->Encrypt(id, AsBytes("p"))));
  f->clock.Advance(1);  // now == ValidTo
  EXPECT_TRUE(IsApiError(f->Encrypt(id, AsBytes("p")), ErrorType::kKMSInvalidStateException,
                         arn + " is pending import."));
  const codec::KeyMetadata md = f->Metadata(id);
  EXPECT_EQ(md.key_state, KeyState::kPendingImport);
  EXPECT_EQ(md.enabled, false);
  EXPECT_EQ(md.expiration_model, std::nullopt);
  EXPECT_EQ(md.valid_to, std::nullopt);
  // The same material may come back and the old ciphertext decrypts again.
  ASSERT_TRUE(IsOk(f->Import(id, Material32("m"))));
  EXPECT_TRUE(IsOk(f->Decrypt(*blob.value().ciphertext_blob)));
}

TEST(Lifecycle, ExpiryIsAppliedByDescribeKeyAlone) {  // ikm.material-expiry
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  ASSERT_TRUE(IsOk(f->Import(id, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                             ExpirationModel::kKeyMaterialExpires, f->clock.Now() + 10)));
  f->clock.Advance(11);
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kPendingImport);
}

TEST(Lifecycle, ExpiryOfAKeyPendingDeletionKeepsItsState) {
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  ASSERT_TRUE(IsOk(f->Import(id, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                             ExpirationModel::kKeyMaterialExpires, f->clock.Now() + 10)));
  ASSERT_TRUE(IsOk(f->Schedule(id, 7)));
  f->clock.Advance(11);
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kPendingDeletion);
  ASSERT_TRUE(IsOk(f->Cancel(id)));
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kPendingImport) << "no material left";
}

TEST(Lifecycle, DisabledKeyDecryptsNothing) {
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  ASSERT_TRUE(IsOk(f->Import(id, Material32("m"))));
  auto blob = f->Encrypt(id, AsBytes("p"));
  ASSERT_TRUE(IsOk(f->Disable(id)));
  EXPECT_TRUE(IsApiError(f->Decrypt(*blob.value().ciphertext_blob), ErrorType::kDisabledException,
                         f->Arn(id) + " is disabled."));
  // DIKM on a Disabled key: PendingImport (dikm.lifecycle).
  ASSERT_TRUE(IsOk(f->Dikm(id)));
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kPendingImport);
}

TEST(Lifecycle, DikmOfAKeyPendingDeletionKeepsTheState) {  // dikm.lifecycle
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  ASSERT_TRUE(IsOk(f->Import(id, Material32("m"))));
  ASSERT_TRUE(IsOk(f->Schedule(id)));
  ASSERT_TRUE(IsOk(f->Dikm(id)));
  const codec::KeyMetadata md = f->Metadata(id);
  EXPECT_EQ(md.key_state, KeyState::kPendingDeletion);
  EXPECT_EQ(md.expiration_model, std::nullopt);
  ASSERT_TRUE(IsOk(f->Cancel(id)));
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kPendingImport);
}

TEST(Lifecycle, DikmOfAKeyPendingImportChangesNothing) {
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  const codec::KeyMetadata before = f->Metadata(id);
  ASSERT_TRUE(IsOk(f->Dikm(id)));
  EXPECT_EQ(f->Metadata(id), before);
}

TEST(Lifecycle, ImportIntoAnEnabledKeyTakesTheSameMaterialOnly) {
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  ASSERT_TRUE(IsOk(f->Import(id, Material32("m"))));
  EXPECT_TRUE(IsOk(f->Import(id, Material32("m"))));
  EXPECT_TRUE(
      IsApiErrorType(f->Import(id, Material32("n")), ErrorType::kIncorrectKeyMaterialException));
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kEnabled);
}

TEST(Lifecycle, DisabledKeyImportsIn2022AndStaysDisabled) {  // ikm.key-state (2022 table)
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  ASSERT_TRUE(IsOk(f->Import(id, Material32("m"))));
  ASSERT_TRUE(IsOk(f->Disable(id)));
  EXPECT_TRUE(IsOk(f->Import(id, Material32("m"))));
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kDisabled);
}

TEST(Lifecycle, EncryptionContextIsBound) {
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateAwsKms();
  codec::EncryptRequest er;
  er.key_id = id;
  er.plaintext = ToBytes("p");
  er.encryption_context = codec::EncryptionContext{{"purpose", "test"}};
  auto blob = f->kms->Encrypt(f->caller, er);
  ASSERT_TRUE(IsOk(blob));
  const std::string wrong_context_message =
      "The ciphertext is not valid: it was not produced by this KMS for this key and encryption "
      "context, or it was modified.";
  EXPECT_TRUE(IsApiError(f->Decrypt(*blob.value().ciphertext_blob),
                         ErrorType::kInvalidCiphertextException, wrong_context_message));
  codec::DecryptRequest dr;
  dr.ciphertext_blob = blob.value().ciphertext_blob;
  dr.encryption_context = er.encryption_context;
  EXPECT_TRUE(IsOk(f->kms->Decrypt(f->caller, dr)));
  // A modified blob does not open.
  Bytes modified = *blob.value().ciphertext_blob;
  modified.back() ^= 1;
  dr.ciphertext_blob = modified;
  EXPECT_TRUE(IsApiError(f->kms->Decrypt(f->caller, dr), ErrorType::kInvalidCiphertextException,
                         wrong_context_message));
}

}  // namespace
}  // namespace kc::mock
