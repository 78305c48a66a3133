// CreateKey, DescribeKey, ListKeys, EnableKey/DisableKey, ScheduleKeyDeletion,
// CancelKeyDeletion, and Encrypt/Decrypt on keys that cannot: the key-state table of
// CONTRACT.md and AWS's KeyMetadata.
#include <set>

#include <gtest/gtest.h>

#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"

namespace kc::mock {
namespace {

using namespace testing;
using contract::EncryptionAlgorithm;
using contract::SigningAlgorithm;

TEST(CreateKey, DefaultsAreASymmetricAwsKmsKey) {
  auto f = ModelFixture::Make({});
  f->clock.Set(1767225600.5);
  codec::CreateKeyRequest r;
  r.description = "mine";
  auto out = f->kms->CreateKey(f->caller, r);
  ASSERT_TRUE(IsOk(out));
  const codec::KeyMetadata& m = *out.value().key_metadata;
  EXPECT_EQ(m.aws_account_id, "111122223333");
  EXPECT_EQ(m.arn, f->Arn(m.key_id));
  EXPECT_EQ(m.key_id.size(), 36U);
  EXPECT_EQ(m.key_id[14], '4') << "UUID v4";
  EXPECT_EQ(m.creation_date, 1767225600.5);
  EXPECT_EQ(m.enabled, true);
  EXPECT_EQ(m.description, "mine");
  EXPECT_EQ(m.key_usage, KeyUsage::kEncryptDecrypt);
  EXPECT_EQ(m.key_state, KeyState::kEnabled);
  EXPECT_EQ(m.origin, Origin::kAwsKms);
  EXPECT_EQ(m.key_manager, contract::KeyManager::kCustomer);
  EXPECT_EQ(m.key_spec, KeySpec::kSymmetricDefault);
  EXPECT_EQ(m.customer_master_key_spec, KeySpec::kSymmetricDefault);
  EXPECT_EQ(m.encryption_algorithms,
            std::vector<EncryptionAlgorithm>{EncryptionAlgorithm::kSymmetricDefault});
  EXPECT_EQ(m.signing_algorithms, std::nullopt);
  EXPECT_EQ(m.multi_region, false);
  EXPECT_EQ(m.deletion_date, std::nullopt);
  EXPECT_EQ(m.expiration_model, std::nullopt);
  EXPECT_EQ(m.current_key_material_id, std::nullopt);
  EXPECT_EQ(f->Metadata(m.key_id), m) << "DescribeKey answers what CreateKey answered";
}

TEST(CreateKey, ExternalKeyIsPendingImport) {
  auto f = ModelFixture::Make({});
  auto out = f->Create(Origin::kExternal);
  ASSERT_TRUE(IsOk(out));
  EXPECT_EQ(out.value().key_metadata->key_state, KeyState::kPendingImport);
  EXPECT_EQ(out.value().key_metadata->enabled, false);
  EXPECT_EQ(out.value().key_metadata->origin, Origin::kExternal);
}

TEST(CreateKey, CustomerMasterKeySpecIsTheDeprecatedAlias) {
  auto f = ModelFixture::Make({});
  codec::CreateKeyRequest r;
  r.customer_master_key_spec = KeySpec::kRsa2048;
  r.key_usage = KeyUsage::kSignVerify;
  auto out = f->kms->CreateKey(f->caller, r);
  ASSERT_TRUE(IsOk(out));
  const codec::KeyMetadata& m = *out.value().key_metadata;
  EXPECT_EQ(m.key_spec, KeySpec::kRsa2048);
  EXPECT_EQ(m.customer_master_key_spec, KeySpec::kRsa2048);
  EXPECT_EQ(m.signing_algorithms->size(), 6U);
  EXPECT_EQ(m.encryption_algorithms, std::nullopt);
  r.key_spec = KeySpec::kRsa2048;
  EXPECT_TRUE(IsApiError(f->kms->CreateKey(f->caller, r), ErrorType::kValidationException,
                         "You cannot specify KeySpec and CustomerMasterKeySpec in the same "
                         "request. CustomerMasterKeySpec parameter is deprecated. Use KeySpec "
                         "parameter instead."));
}

TEST(CreateKey, AlgorithmsFollowTheSpec) {
  auto f = ModelFixture::Make({});
  auto rsa = f->Create(Origin::kAwsKms, KeySpec::kRsa3072, KeyUsage::kEncryptDecrypt);
  ASSERT_TRUE(IsOk(rsa));
  EXPECT_EQ(rsa.value().key_metadata->encryption_algorithms,
            (std::vector<EncryptionAlgorithm>{EncryptionAlgorithm::kRsaesOaepSha1,
                                              EncryptionAlgorithm::kRsaesOaepSha256}));
  auto ecc = f->Create(Origin::kAwsKms, KeySpec::kEccNistP384, KeyUsage::kSignVerify);
  ASSERT_TRUE(IsOk(ecc));
  EXPECT_EQ(ecc.value().key_metadata->signing_algorithms,
            std::vector<SigningAlgorithm>{SigningAlgorithm::kEcdsaSha384});
  auto hmac = f->Create(Origin::kAwsKms, KeySpec::kHmac384, KeyUsage::kGenerateVerifyMac);
  ASSERT_TRUE(IsOk(hmac));
  EXPECT_EQ(hmac.value().key_metadata->mac_algorithms,
            std::vector<contract::MacAlgorithm>{contract::MacAlgorithm::kHmacSha384});
  EXPECT_EQ(hmac.value().key_metadata->key_state, KeyState::kEnabled);
}

TEST(CreateKey, KeyUsageMustFitTheSpec) {
  auto f = ModelFixture::Make({});
  EXPECT_TRUE(IsApiError(f->Create(Origin::kAwsKms, KeySpec::kHmac256),
                         ErrorType::kValidationException,
                         "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec HMAC_256. Valid "
                         "KeyUsage values for HMAC_256: GENERATE_VERIFY_MAC."));
  EXPECT_TRUE(IsApiError(f->Create(Origin::kExternal, KeySpec::kEccNistP256),
                         ErrorType::kValidationException,
                         "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_NIST_P256. "
                         "Valid KeyUsage values for ECC_NIST_P256: SIGN_VERIFY."));
  EXPECT_TRUE(
      IsApiError(f->Create(Origin::kAwsKms, KeySpec::kSymmetricDefault, KeyUsage::kSignVerify),
                 ErrorType::kValidationException,
                 "KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT. "
                 "Valid KeyUsage values for SYMMETRIC_DEFAULT: ENCRYPT_DECRYPT."));
  EXPECT_EQ(f->kms->KeyCount(), 0U);
}

TEST(CreateKey, The2026EnumValuesAreRefusedIn2022) {
  auto f = ModelFixture::Make({});
  EXPECT_TRUE(IsApiErrorType(f->Create(Origin::kAwsKms, KeySpec::kMlDsa44, KeyUsage::kSignVerify),
                             ErrorType::kValidationException));
  EXPECT_TRUE(IsApiError(
      f->Create(Origin::kAwsKms, KeySpec::kEccNistP256, KeyUsage::kKeyAgreement),
      ErrorType::kValidationException,
      "1 validation error detected: Value 'KEY_AGREEMENT' at 'keyUsage' failed to satisfy "
      "constraint: Member must satisfy enum value set: [SIGN_VERIFY, ENCRYPT_DECRYPT, "
      "GENERATE_VERIFY_MAC]"));
}

TEST(CreateKey, NoCustomKeyStores) {
  auto f = ModelFixture::Make({});
  EXPECT_TRUE(IsApiError(f->Create(Origin::kAwsCloudHsm), ErrorType::kUnsupportedOperationException,
                         "Origin AWS_CLOUDHSM requires a custom key store; this KMS has none."));
  EXPECT_TRUE(
      IsApiError(f->Create(Origin::kExternalKeyStore), ErrorType::kUnsupportedOperationException,
                 "Origin EXTERNAL_KEY_STORE requires a custom key store; this KMS has none."));
  codec::CreateKeyRequest r;
  r.custom_key_store_id = "cks-1234567890abcdef0";
  EXPECT_TRUE(IsApiError(f->kms->CreateKey(f->caller, r),
                         ErrorType::kCustomKeyStoreNotFoundException,
                         "Custom key store 'cks-1234567890abcdef0' does not exist."));
}

TEST(CreateKey, MultiRegionKeysHaveMrkIds) {
  auto f = ModelFixture::Make({});
  codec::CreateKeyRequest r;
  r.multi_region = true;
  auto out = f->kms->CreateKey(f->caller, r);
  ASSERT_TRUE(IsOk(out));
  EXPECT_EQ(out.value().key_metadata->key_id.substr(0, 4), "mrk-");
  EXPECT_EQ(out.value().key_metadata->multi_region, true);
  EXPECT_TRUE(IsOk(f->Describe(out.value().key_metadata->key_id)));
}

// ---------------------------------------------------------------- ListKeys

std::vector<std::string> ListAll(ModelFixture& f, int limit, const Caller& c) {
  std::vector<std::string> ids;
  codec::ListKeysRequest r;
  r.limit = limit;
  for (int page = 0; page < 100; ++page) {
    auto out = f.kms->ListKeys(c, r);
    EXPECT_TRUE(IsOk(out));
    if (!out.ok()) break;
    for (const auto& k : *out.value().keys) {
      EXPECT_EQ(k.key_arn, f.Arn(*k.key_id, c.account));
      ids.push_back(*k.key_id);
    }
    EXPECT_LE(out.value().keys->size(), static_cast<std::size_t>(limit));
    if (!*out.value().truncated) {
      EXPECT_EQ(out.value().next_marker, std::nullopt);
      break;
    }
    r.marker = out.value().next_marker;
  }
  return ids;
}

TEST(ListKeys, PagesThroughTheCallersKeysInCreationOrder) {
  auto f = ModelFixture::Make({});
  std::vector<std::string> created;
  for (int i = 0; i < 5; ++i) created.push_back(i % 2 ? f->CreateExternal() : f->CreateAwsKms());
  f->CreateExternal(KeySpec::kSymmetricDefault, std::nullopt, &f->other_account);
  for (int limit : {1, 2, 5, 1000}) EXPECT_EQ(ListAll(*f, limit, f->caller), created) << limit;
  EXPECT_EQ(ListAll(*f, 10, f->other_account).size(), 1U);
  const Caller west{std::string(kAccount), "eu-west-1"};
  EXPECT_TRUE(ListAll(*f, 10, west).empty());
}

TEST(ListKeys, DefaultLimitIs100) {
  auto f = ModelFixture::Make({});
  for (int i = 0; i < 101; ++i) f->CreateAwsKms();
  auto out = f->kms->ListKeys(f->caller, {});
  ASSERT_TRUE(IsOk(out));
  EXPECT_EQ(out.value().keys->size(), 100U);
  EXPECT_EQ(out.value().truncated, true);
}

TEST(ListKeys, RefusesMarkersItDidNotIssue) {
  auto f = ModelFixture::Make({});
  for (int i = 0; i < 3; ++i) f->CreateAwsKms();
  codec::ListKeysRequest r;
  r.limit = 1;
  auto first = f->kms->ListKeys(f->caller, r);
  ASSERT_TRUE(IsOk(first));
  const std::string marker = *first.value().next_marker;
  for (const std::string& bad : {std::string("garbage"), std::string("AAAAAAAAAAAAAAAAAAAAAA=="),
                                 marker.substr(0, marker.size() - 4)}) {
    r.marker = bad;
    EXPECT_TRUE(IsApiError(f->kms->ListKeys(f->caller, r), ErrorType::kInvalidMarkerException,
                           "The marker '" + bad + "' is not valid for this request."));
  }
  r.marker = marker;
  EXPECT_TRUE(
      IsApiErrorType(f->kms->ListKeys(f->other_account, r), ErrorType::kInvalidMarkerException))
      << "a marker is bound to its account";
  EXPECT_TRUE(IsOk(f->kms->ListKeys(f->caller, r)));
}

// ---------------------------------------------------------------- Enable / Disable

TEST(EnableDisable, FollowTheKeyStateTable) {
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateAwsKms();
  ASSERT_TRUE(IsOk(f->Enable(id)));  // Enabled -> Enabled
  ASSERT_TRUE(IsOk(f->Disable(id)));
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kDisabled);
  EXPECT_EQ(f->Metadata(id).enabled, false);
  ASSERT_TRUE(IsOk(f->Disable(id)));  // Disabled -> Disabled
  ASSERT_TRUE(IsOk(f->Enable(id)));
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kEnabled);

  const std::string ext = f->CreateExternal();
  const std::string pending_import = f->Arn(ext) + " is pending import.";
  EXPECT_TRUE(IsApiError(f->Enable(ext), ErrorType::kKMSInvalidStateException, pending_import));
  EXPECT_TRUE(IsApiError(f->Disable(ext), ErrorType::kKMSInvalidStateException, pending_import));

  ASSERT_TRUE(IsOk(f->Schedule(id)));
  const std::string pending_deletion = f->Arn(id) + " is pending deletion.";
  EXPECT_TRUE(IsApiError(f->Enable(id), ErrorType::kKMSInvalidStateException, pending_deletion));
  EXPECT_TRUE(IsApiError(f->Disable(id), ErrorType::kKMSInvalidStateException, pending_deletion));
}

// ---------------------------------------------------------------- deletion

TEST(ScheduleKeyDeletion, WindowIs7To30Days) {
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateAwsKms();
  EXPECT_TRUE(
      IsApiError(f->Schedule(id, 6), ErrorType::kValidationException,
                 "1 validation error detected: Value '6' at 'pendingWindowInDays' failed "
                 "to satisfy constraint: Member must have value greater than or equal to 7"));
  EXPECT_TRUE(IsApiError(f->Schedule(id, 31), ErrorType::kValidationException,
                         "1 validation error detected: Value '31' at 'pendingWindowInDays' failed "
                         "to satisfy constraint: Member must have value less than or equal to 30"));
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kEnabled);
}

TEST(ScheduleKeyDeletion, AnswersTheDeletionDate) {
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();  // PendingImport may be scheduled too
  auto out = f->Schedule(id);
  ASSERT_TRUE(IsOk(out));
  EXPECT_EQ(out.value().key_id, f->Arn(id));
  EXPECT_EQ(out.value().deletion_date, f->clock.Now() + 30 * 86400);
  EXPECT_EQ(out.value().key_state, KeyState::kPendingDeletion);
  EXPECT_EQ(out.value().pending_window_in_days, 30);
  const codec::KeyMetadata m = f->Metadata(id);
  EXPECT_EQ(m.key_state, KeyState::kPendingDeletion);
  EXPECT_EQ(m.deletion_date, f->clock.Now() + 30 * 86400);
  EXPECT_EQ(m.pending_deletion_window_in_days, 30);
  EXPECT_EQ(m.enabled, false);
  EXPECT_TRUE(IsApiError(f->Schedule(id), ErrorType::kKMSInvalidStateException,
                         f->Arn(id) + " is pending deletion."));
}

TEST(CancelKeyDeletion, ReturnsToDisabledOrPendingImport) {
  auto f = ModelFixture::Make({});
  const std::string aws = f->CreateAwsKms();
  const std::string ext = f->CreateExternal();
  EXPECT_TRUE(IsApiError(f->Cancel(aws), ErrorType::kKMSInvalidStateException,
                         f->Arn(aws) + " is not pending deletion."));
  ASSERT_TRUE(IsOk(f->Schedule(aws, 7)));
  ASSERT_TRUE(IsOk(f->Schedule(ext, 7)));
  auto out = f->Cancel(aws);
  ASSERT_TRUE(IsOk(out));
  EXPECT_EQ(out.value().key_id, f->Arn(aws));
  codec::KeyMetadata m = f->Metadata(aws);
  EXPECT_EQ(m.key_state, KeyState::kDisabled);
  EXPECT_EQ(m.deletion_date, std::nullopt);
  EXPECT_EQ(m.pending_deletion_window_in_days, std::nullopt);
  ASSERT_TRUE(IsOk(f->Cancel(ext)));
  EXPECT_EQ(f->Metadata(ext).key_state, KeyState::kPendingImport);
}

TEST(ScheduleKeyDeletion, TheKeyIsGoneAtItsDeletionDate) {
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateAwsKms();
  const std::string keep = f->CreateAwsKms();
  ASSERT_TRUE(IsOk(f->Schedule(id, 7)));
  f->clock.Advance(7 * 86400 - 1);
  EXPECT_TRUE(IsOk(f->Describe(id)));
  f->clock.Advance(1);
  EXPECT_EQ(ListAll(*f, 10, f->caller), std::vector<std::string>{keep});
  EXPECT_TRUE(IsApiError(f->Describe(id), ErrorType::kNotFoundException,
                         "Key '" + f->Arn(id) + "' does not exist"));
  EXPECT_EQ(f->kms->KeyCount(), 1U);
}

// ---------------------------------------------------------------- Encrypt / Decrypt

TEST(Crypto, OnlySymmetricEncryptDecryptKeysEncrypt) {
  auto f = ModelFixture::Make({});
  auto sign = f->Create(Origin::kAwsKms, KeySpec::kRsa2048, KeyUsage::kSignVerify);
  const std::string sign_id = sign.value().key_metadata->key_id;
  EXPECT_TRUE(
      IsApiError(f->Encrypt(sign_id, AsBytes("p")), ErrorType::kInvalidKeyUsageException,
                 f->Arn(sign_id) + " key usage is SIGN_VERIFY which is not valid for Encrypt."));
  auto rsa = f->Create(Origin::kAwsKms, KeySpec::kRsa2048, KeyUsage::kEncryptDecrypt);
  const std::string rsa_id = rsa.value().key_metadata->key_id;
  EXPECT_TRUE(IsApiError(f->Encrypt(rsa_id, AsBytes("p")), ErrorType::kInvalidKeyUsageException,
                         "The encryption algorithm SYMMETRIC_DEFAULT is not valid for " +
                             f->Arn(rsa_id) + ", whose key spec is RSA_2048."));
  codec::EncryptRequest r;
  r.key_id = rsa_id;
  r.plaintext = ToBytes("p");
  r.encryption_algorithm = EncryptionAlgorithm::kRsaesOaepSha256;
  // An AWS_KMS RSA key gets its key pair on first use, and encrypts with RSAES_OAEP.
  EXPECT_TRUE(IsOk(f->kms->Encrypt(f->caller, r)));
  const std::string sym = f->CreateAwsKms();
  r.key_id = sym;
  EXPECT_TRUE(IsApiError(f->kms->Encrypt(f->caller, r), ErrorType::kInvalidKeyUsageException,
                         "The encryption algorithm RSAES_OAEP_SHA_256 is not valid for " +
                             f->Arn(sym) + ", whose key spec is SYMMETRIC_DEFAULT."));
}

TEST(Crypto, DecryptChecksTheKeyAndTheBlob) {
  auto f = ModelFixture::Make({});
  const std::string a = f->CreateAwsKms();
  const std::string b = f->CreateAwsKms();
  auto blob = f->Encrypt(a, AsBytes("p"));
  ASSERT_TRUE(IsOk(blob));
  const Bytes ct = *blob.value().ciphertext_blob;
  EXPECT_TRUE(IsOk(f->Decrypt(ct, a)));
  EXPECT_TRUE(IsOk(f->Decrypt(ct, f->Arn(a))));
  EXPECT_TRUE(IsApiError(f->Decrypt(ct, b), ErrorType::kIncorrectKeyException,
                         "The key ID in the request does not identify a KMS key that can perform "
                         "this operation."));
  EXPECT_TRUE(IsApiErrorType(f->Decrypt(Bytes(100, 1)), ErrorType::kInvalidCiphertextException));
  codec::DecryptRequest r;
  EXPECT_TRUE(IsApiError(f->kms->Decrypt(f->caller, r), ErrorType::kValidationException,
                         "1 validation error detected: Value null at 'ciphertextBlob' failed to "
                         "satisfy constraint: Member must not be null"));
  // Another account cannot decrypt it: the blob names a key of the caller's account.
  r.ciphertext_blob = ct;
  EXPECT_TRUE(IsApiError(f->kms->Decrypt(f->other_account, r), ErrorType::kNotFoundException,
                         "Key '" + f->Arn(a, kOtherAccount) + "' does not exist"));
}

}  // namespace
}  // namespace kc::mock
