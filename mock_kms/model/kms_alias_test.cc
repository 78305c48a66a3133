// The aliases: CreateAlias, DeleteAlias, UpdateAlias, ListAliases; aliases as the KeyId of
// DescribeKey, Encrypt and Decrypt and refused by the operations that take only a key id or
// key ARN; an alias goes with its key; aliases survive a restart. Every refusal asserts the
// exact type and text (kms_aliases.cc and errors.cc say which are documented and which
// inferred).
#include <atomic>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>

#include "mock_kms/model/journal.h"
#include "mock_kms/model/key_id.h"
#include "mock_kms/model/key_record.h"
#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"
#include "mock_kms/model/testing/temp_dir.h"

namespace kc::mock {
namespace {

using namespace testing;

constexpr std::string_view kUnknownId = "1234abcd-12ab-44cd-96ef-1234567890ab";
const std::string kPrefixText =
    "Alias must start with the prefix \"alias/\". Please see "
    "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html";

std::string AliasArnOf(std::string_view name, std::string_view account = kAccount,
                       std::string_view region = kRegion) {
  return AliasArn(region, account, name);
}

std::string NotFoundText(std::string_view name, std::string_view account = kAccount) {
  return "Alias " + AliasArnOf(name, account) + " is not found.";
}

class AliasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    f_ = ModelFixture::Make({});
    ASSERT_NE(f_, nullptr);
  }

  Outcome<codec::EmptyResponse> Create(std::string name, std::string target,
                                       const Caller* as = nullptr) {
    return f_->kms->CreateAlias(as ? *as : f_->caller, {std::move(name), std::move(target)});
  }
  Outcome<codec::EmptyResponse> Update(std::string name, std::string target) {
    return f_->kms->UpdateAlias(f_->caller, {std::move(name), std::move(target)});
  }
  Outcome<codec::EmptyResponse> Delete(std::string name) {
    return f_->kms->DeleteAlias(f_->caller, {std::move(name)});
  }
  Outcome<codec::ListAliasesResponse> List(std::optional<std::string> key_id = std::nullopt,
                                           std::optional<int> limit = std::nullopt,
                                           std::optional<std::string> marker = std::nullopt,
                                           const Caller* as = nullptr) {
    return f_->kms->ListAliases(as ? *as : f_->caller,
                                {std::move(key_id), limit, std::move(marker)});
  }
  // Names: the alias names ListAliases answers (one page of up to 100).
  std::vector<std::string> Names(std::optional<std::string> key_id = std::nullopt) {
    auto out = List(std::move(key_id), 100);
    EXPECT_TRUE(IsOk(out));
    std::vector<std::string> names;
    if (out.ok()) {
      for (const auto& e : *out.value().aliases) names.push_back(*e.alias_name);
    }
    return names;
  }

  std::unique_ptr<ModelFixture> f_;
};

// ---------------------------------------------------------------- using an alias

TEST_F(AliasTest, DescribeKeyByAliasNameAndArnAnswersTheTargetKey) {
  const std::string id = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/app", id)));
  const codec::KeyMetadata md = f_->Metadata(id);
  EXPECT_EQ(f_->Metadata("alias/app"), md);
  EXPECT_EQ(f_->Metadata(AliasArnOf("alias/app")), md);
  EXPECT_EQ(md.key_id, id);  // the key's id, never the alias
}

TEST_F(AliasTest, EncryptAndDecryptByAliasNameAndArn) {
  const std::string id = f_->CreateAwsKms();
  const std::string other = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/app", id)));
  ASSERT_TRUE(IsOk(Create("alias/other", other)));
  for (const std::string& key_id : {std::string("alias/app"), AliasArnOf("alias/app")}) {
    auto enc = f_->Encrypt(key_id, AsBytes("by alias"));
    ASSERT_TRUE(IsOk(enc)) << key_id;
    EXPECT_EQ(enc.value().key_id, f_->Arn(id)) << "Encrypt answers the key ARN";
    const Bytes blob = *enc.value().ciphertext_blob;
    for (const std::string& decrypt_id : {std::string("alias/app"), AliasArnOf("alias/app")}) {
      auto dec = f_->Decrypt(blob, decrypt_id);
      ASSERT_TRUE(IsOk(dec)) << decrypt_id;
      EXPECT_EQ(AsChars(*dec.value().plaintext), "by alias");
      EXPECT_EQ(dec.value().key_id, f_->Arn(id));
    }
    // Decrypt with an alias of another key: "If you identify a different KMS key, the
    // Decrypt operation throws an IncorrectKeyException."
    EXPECT_TRUE(IsApiError(f_->Decrypt(blob, std::string("alias/other")),
                           ErrorType::kIncorrectKeyException,
                           "The key ID in the request does not identify a KMS key that can "
                           "perform this operation."));
  }
}

TEST_F(AliasTest, AnAliasFollowsTheKeyStateOfItsKey) {
  const std::string id = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/app", id)));
  ASSERT_TRUE(IsOk(f_->Disable(id)));
  EXPECT_TRUE(IsApiError(f_->Encrypt("alias/app", AsBytes("x")), ErrorType::kDisabledException,
                         f_->Arn(id) + " is disabled."));
}

TEST_F(AliasTest, UnknownAliasesAreNotFound) {
  EXPECT_TRUE(IsApiError(f_->Describe("alias/none"), ErrorType::kNotFoundException,
                         NotFoundText("alias/none")));
  EXPECT_TRUE(IsApiError(f_->Describe(AliasArnOf("alias/none")), ErrorType::kNotFoundException,
                         NotFoundText("alias/none")));
  EXPECT_TRUE(IsApiError(f_->Encrypt("alias/none", AsBytes("x")), ErrorType::kNotFoundException,
                         NotFoundText("alias/none")));
}

TEST_F(AliasTest, AliasArnsOfAnotherRegionOrAccountAreNotReached) {
  const std::string id = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/app", id)));
  // Another region: as for a key ARN ("Invalid arn <region>", confirmed on DescribeKey).
  EXPECT_TRUE(IsApiError(f_->Describe(AliasArnOf("alias/app", kAccount, "eu-west-1")),
                         ErrorType::kNotFoundException, "Invalid arn eu-west-1"));
  // Another account's alias, which exists there: never reached (gpfi.no-cross-account).
  const std::string theirs =
      f_->CreateExternal(KeySpec::kSymmetricDefault, std::nullopt, &f_->other_account);
  ASSERT_TRUE(IsOk(Create("alias/theirs", theirs, &f_->other_account)));
  EXPECT_TRUE(IsOk(f_->Describe(AliasArnOf("alias/theirs", kOtherAccount), &f_->other_account)));
  EXPECT_TRUE(IsApiError(f_->Describe(AliasArnOf("alias/theirs", kOtherAccount)),
                         ErrorType::kNotFoundException,
                         NotFoundText("alias/theirs", kOtherAccount)));
  // Nor does the name, which is the caller's own account's alias.
  EXPECT_TRUE(IsApiError(f_->Describe("alias/theirs"), ErrorType::kNotFoundException,
                         NotFoundText("alias/theirs")));
}

// "Specify the key ID or key ARN of the KMS key": an alias that exists is still refused as
// an id by these (proto.key-id-forms; type inferred).
TEST_F(AliasTest, TheOperationsThatTakeOnlyKeyIdsRefuseAnExistingAlias) {
  const std::string id = f_->CreateExternal();
  ASSERT_TRUE(IsOk(f_->Import(id, Material32("m"))));
  ASSERT_TRUE(IsOk(Create("alias/imported", id)));
  ASSERT_TRUE(IsOk(f_->Describe("alias/imported")));  // the control: it resolves
  Kms& k = *f_->kms;
  const Caller& c = f_->caller;
  for (const std::string& alias : {std::string("alias/imported"), AliasArnOf("alias/imported")}) {
    const std::string text = "Invalid keyId '" + alias + "'";
    codec::GetParametersForImportRequest gpfi;
    gpfi.key_id = alias;
    EXPECT_TRUE(IsApiError(k.GetParametersForImport(c, gpfi), ErrorType::kNotFoundException, text));
    codec::ImportKeyMaterialRequest ikm;
    ikm.key_id = alias;
    ikm.import_token = Bytes(64, 1);
    ikm.encrypted_key_material = Bytes(256, 2);
    ikm.expiration_model = ExpirationModel::kKeyMaterialDoesNotExpire;
    EXPECT_TRUE(IsApiError(k.ImportKeyMaterial(c, ikm), ErrorType::kNotFoundException, text));
    codec::DeleteImportedKeyMaterialRequest dikm;
    dikm.key_id = alias;
    EXPECT_TRUE(
        IsApiError(k.DeleteImportedKeyMaterial(c, dikm), ErrorType::kNotFoundException, text));
    EXPECT_TRUE(IsApiError(k.EnableKey(c, {alias}), ErrorType::kNotFoundException, text));
    EXPECT_TRUE(IsApiError(k.DisableKey(c, {alias}), ErrorType::kNotFoundException, text));
    EXPECT_TRUE(
        IsApiError(k.ScheduleKeyDeletion(c, {alias, 7}), ErrorType::kNotFoundException, text));
    EXPECT_TRUE(IsApiError(k.CancelKeyDeletion(c, {alias}), ErrorType::kNotFoundException, text));
  }
  // Nothing happened to the key.
  EXPECT_EQ(f_->Metadata(id).key_state, KeyState::kEnabled);
}

// ---------------------------------------------------------------- CreateAlias

TEST_F(AliasTest, AliasNamesAreCheckedByEveryAliasOperation) {
  const std::string id = f_->CreateAwsKms();
  struct Case {
    std::string name;
    ErrorType type;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"app", ErrorType::kValidationException, kPrefixText},
      {"ALIAS/app", ErrorType::kValidationException, kPrefixText},
      {"alias/aws/s3", ErrorType::kInvalidAliasNameException,
       "alias/aws/s3 is not valid: the alias/aws/ prefix is reserved for AWS managed keys."},
      {"alias/", ErrorType::kValidationException,
       "Alias must have a name after the prefix \"alias/\"."},
      {"alias/a:b", ErrorType::kValidationException,
       "alias/a:b contains invalid characters for an alias"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(IsApiError(Create(c.name, id), c.type, c.message)) << c.name;
    EXPECT_TRUE(IsApiError(Update(c.name, id), c.type, c.message)) << c.name;
    EXPECT_TRUE(IsApiError(Delete(c.name), c.type, c.message)) << c.name;
  }
  EXPECT_EQ(f_->kms->AliasCount(), 0U);
  // What the rules allow: letters, digits, '/', '_', '-', up to 256 characters in all, and
  // "alias/aws" without the reserved "alias/aws/" prefix.
  for (const std::string& name : {std::string("alias/A-z_0/9"), std::string("alias/awsome"),
                                  std::string("alias/aws"), "alias/" + std::string(250, 'x')}) {
    EXPECT_TRUE(IsOk(Create(name, id))) << name;
  }
}

TEST_F(AliasTest, AnAliasNameIsUniqueInItsAccountAndRegion) {
  const std::string id = f_->CreateAwsKms();
  const std::string other = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/app", id)));
  EXPECT_TRUE(IsApiError(Create("alias/app", other), ErrorType::kAlreadyExistsException,
                         "An alias with the name " + AliasArnOf("alias/app") + " already exists"));
  EXPECT_TRUE(IsApiError(Create("alias/app", id), ErrorType::kAlreadyExistsException,
                         "An alias with the name " + AliasArnOf("alias/app") + " already exists"));
  // Names are case-sensitive; other accounts and regions have their own.
  EXPECT_TRUE(IsOk(Create("alias/App", other)));
  Caller west{std::string(kAccount), "eu-west-1"};
  const std::string west_key =
      f_->Create(Origin::kAwsKms, KeySpec::kSymmetricDefault, std::nullopt, &west)
          .value()
          .key_metadata->key_id;
  EXPECT_TRUE(IsOk(Create("alias/app", west_key, &west)));
  const std::string their_key =
      f_->CreateExternal(KeySpec::kSymmetricDefault, std::nullopt, &f_->other_account);
  EXPECT_TRUE(IsOk(Create("alias/app", their_key, &f_->other_account)));
  EXPECT_EQ(f_->Metadata("alias/app").key_id, id);
  EXPECT_EQ(f_->kms->AliasCount(), 4U);
}

TEST_F(AliasTest, TheTargetMustBeAKeyOfTheCallersAccountAndRegion) {
  const std::string id = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/app", id)));
  // "A valid KMS key is required. You can't create an alias without a KMS key."
  EXPECT_TRUE(IsApiError(Create("alias/x", std::string(kUnknownId)), ErrorType::kNotFoundException,
                         "Key '" + f_->Arn(kUnknownId) + "' does not exist"));
  EXPECT_TRUE(IsApiError(Create("alias/x", f_->Arn(kUnknownId)), ErrorType::kNotFoundException,
                         "Key '" + f_->Arn(kUnknownId) + "' does not exist"));
  EXPECT_TRUE(IsApiError(Create("alias/x", "not-a-key"), ErrorType::kNotFoundException,
                         "Invalid keyId 'not-a-key'"));
  // "Specify the key ID or key ARN of the KMS key": not an alias, even one that exists.
  EXPECT_TRUE(IsApiError(Create("alias/x", "alias/app"), ErrorType::kNotFoundException,
                         "Invalid keyId 'alias/app'"));
  EXPECT_TRUE(IsApiError(Create("alias/x", AliasArnOf("alias/app")), ErrorType::kNotFoundException,
                         "Invalid keyId '" + AliasArnOf("alias/app") + "'"));
  // "The KMS key must be in the same Amazon Web Services Region"; "Cross-account use: No".
  EXPECT_TRUE(IsApiError(Create("alias/x", "arn:aws:kms:eu-west-1:111122223333:key/" + id),
                         ErrorType::kNotFoundException, "Invalid arn eu-west-1"));
  const std::string theirs =
      f_->CreateExternal(KeySpec::kSymmetricDefault, std::nullopt, &f_->other_account);
  EXPECT_TRUE(IsApiError(Create("alias/x", f_->Arn(theirs, kOtherAccount)),
                         ErrorType::kNotFoundException,
                         "Key '" + f_->Arn(theirs, kOtherAccount) + "' does not exist"));
  EXPECT_EQ(f_->kms->AliasCount(), 1U);
  // A key ARN works and the alias records the key id.
  ASSERT_TRUE(IsOk(Create("alias/by-arn", f_->Arn(id))));
  auto list = List(std::string(id));
  ASSERT_TRUE(IsOk(list));
  ASSERT_EQ(list.value().aliases->size(), 2U);
  EXPECT_EQ((*list.value().aliases)[0].target_key_id, id);
}

TEST_F(AliasTest, CreateAliasFollowsTheKeyStateTable) {
  // Enabled, Disabled and PendingImport keys take an alias; a key pending deletion does not:
  // "KMSInvalidStateException: <key ARN> is pending deletion."
  const std::string disabled = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(f_->Disable(disabled)));
  EXPECT_TRUE(IsOk(Create("alias/disabled", disabled)));
  EXPECT_TRUE(IsOk(Create("alias/pending-import", f_->CreateExternal())));
  const std::string doomed = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(f_->Schedule(doomed, 7)));
  EXPECT_TRUE(IsApiError(Create("alias/doomed", doomed), ErrorType::kKMSInvalidStateException,
                         f_->Arn(doomed) + " is pending deletion."));
  // Asymmetric and HMAC keys take aliases too.
  const std::string rsa = f_->Create(Origin::kAwsKms, KeySpec::kRsa2048, KeyUsage::kSignVerify)
                              .value()
                              .key_metadata->key_id;
  EXPECT_TRUE(IsOk(Create("alias/rsa", rsa)));
  EXPECT_EQ(Names(),
            (std::vector<std::string>{"alias/disabled", "alias/pending-import", "alias/rsa"}));
}

// ---------------------------------------------------------------- UpdateAlias

TEST_F(AliasTest, UpdateAliasPointsAnExistingAliasAtAnotherKey) {
  const std::string first = f_->CreateAwsKms();
  const std::string second = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/app", first)));
  const EpochSeconds created = f_->clock.Now();
  f_->clock.Advance(60);
  ASSERT_TRUE(IsOk(Update("alias/app", f_->Arn(second))));
  EXPECT_EQ(f_->Metadata("alias/app").key_id, second);
  auto list = List();
  ASSERT_TRUE(IsOk(list));
  ASSERT_EQ(list.value().aliases->size(), 1U);
  const codec::AliasListEntry& e = (*list.value().aliases)[0];
  EXPECT_EQ(e.target_key_id, second);
  EXPECT_EQ(e.creation_date, created);
  EXPECT_EQ(e.last_updated_date, created + 60);
  // "You cannot use UpdateAlias to change an alias name": an alias that does not exist is
  // not created.
  EXPECT_TRUE(IsApiError(Update("alias/new", first), ErrorType::kNotFoundException,
                         NotFoundText("alias/new")));
  EXPECT_EQ(f_->kms->AliasCount(), 1U);
}

TEST_F(AliasTest, UpdateAliasChecksTheNewTarget) {
  const std::string first = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/app", first)));
  EXPECT_TRUE(IsApiError(Update("alias/app", std::string(kUnknownId)),
                         ErrorType::kNotFoundException,
                         "Key '" + f_->Arn(kUnknownId) + "' does not exist"));
  const std::string second = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/second", second)));
  EXPECT_TRUE(IsApiError(Update("alias/app", "alias/second"), ErrorType::kNotFoundException,
                         "Invalid keyId 'alias/second'"));
  // Key-state table: "If the destination KMS key is pending deletion, the command fails with
  // error: KMSInvalidStateException : <key ARN> is pending deletion."
  ASSERT_TRUE(IsOk(f_->Schedule(second, 7)));
  EXPECT_TRUE(IsApiError(Update("alias/app", second), ErrorType::kKMSInvalidStateException,
                         f_->Arn(second) + " is pending deletion."));
  EXPECT_EQ(f_->Metadata("alias/app").key_id, first);
  // "If the source KMS key is pending deletion, the command succeeds."
  const std::string third = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Update("alias/second", third)));
  ASSERT_TRUE(IsOk(Create("alias/from-doomed", first)));
  ASSERT_TRUE(IsOk(f_->Schedule(first, 7)));
  EXPECT_TRUE(IsOk(Update("alias/from-doomed", third)));
  EXPECT_EQ(f_->Metadata("alias/from-doomed").key_id, third);
}

TEST_F(AliasTest, UpdateAliasKeepsTheKeyTypeAndKeyUsage) {
  // "The current and new KMS key must be the same type (both symmetric or both asymmetric or
  // both HMAC), and they must have the same key usage." (ValidationException, inferred).
  const std::string sym = f_->CreateAwsKms();
  const std::string sym_external = f_->CreateExternal();
  const std::string hmac =
      f_->Create(Origin::kAwsKms, KeySpec::kHmac256, KeyUsage::kGenerateVerifyMac)
          .value()
          .key_metadata->key_id;
  const std::string rsa_sign = f_->Create(Origin::kAwsKms, KeySpec::kRsa2048, KeyUsage::kSignVerify)
                                   .value()
                                   .key_metadata->key_id;
  const std::string rsa_crypt =
      f_->Create(Origin::kAwsKms, KeySpec::kRsa3072, KeyUsage::kEncryptDecrypt)
          .value()
          .key_metadata->key_id;
  const std::string ecc_sign =
      f_->Create(Origin::kAwsKms, KeySpec::kEccNistP256, KeyUsage::kSignVerify)
          .value()
          .key_metadata->key_id;
  ASSERT_TRUE(IsOk(Create("alias/sym", sym)));
  ASSERT_TRUE(IsOk(Create("alias/sign", rsa_sign)));
  const auto mismatch = [&](std::string_view name, const std::string& key, std::string_view now,
                            std::string_view was) {
    return "Alias " + std::string(name) + " cannot be associated with " + f_->Arn(key) +
           ": its key type and key usage (" + std::string(now) +
           ") differ from those of the alias's current key (" + std::string(was) +
           "). The current and new KMS key must be the same type and have the same key usage.";
  };
  EXPECT_TRUE(IsApiError(
      Update("alias/sym", hmac), ErrorType::kValidationException,
      mismatch("alias/sym", hmac, "HMAC, GENERATE_VERIFY_MAC", "symmetric, ENCRYPT_DECRYPT")));
  EXPECT_TRUE(IsApiError(Update("alias/sym", rsa_crypt), ErrorType::kValidationException,
                         mismatch("alias/sym", rsa_crypt, "asymmetric, ENCRYPT_DECRYPT",
                                  "symmetric, ENCRYPT_DECRYPT")));
  EXPECT_TRUE(IsApiError(
      Update("alias/sign", rsa_crypt), ErrorType::kValidationException,
      mismatch("alias/sign", rsa_crypt, "asymmetric, ENCRYPT_DECRYPT", "asymmetric, SIGN_VERIFY")));
  // Same type and usage: other specs and origins are fine.
  EXPECT_TRUE(IsOk(Update("alias/sym", sym_external)));
  EXPECT_TRUE(IsOk(Update("alias/sign", ecc_sign)));
  EXPECT_EQ(f_->Metadata("alias/sign").key_id, ecc_sign);
}

// ---------------------------------------------------------------- DeleteAlias

TEST_F(AliasTest, DeleteAliasRemovesOnlyTheAlias) {
  const std::string id = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/app", id)));
  ASSERT_TRUE(IsOk(Create("alias/app2", id)));
  ASSERT_TRUE(IsOk(Delete("alias/app")));
  EXPECT_TRUE(IsApiError(f_->Describe("alias/app"), ErrorType::kNotFoundException,
                         NotFoundText("alias/app")));
  EXPECT_TRUE(
      IsApiError(Delete("alias/app"), ErrorType::kNotFoundException, NotFoundText("alias/app")));
  EXPECT_EQ(f_->Metadata(id).key_state, KeyState::kEnabled);
  EXPECT_EQ(Names(), std::vector<std::string>{"alias/app2"});
  // The name is free again; DeleteAlias works whatever the key's state.
  EXPECT_TRUE(IsOk(Create("alias/app", id)));
  ASSERT_TRUE(IsOk(f_->Schedule(id, 7)));
  EXPECT_TRUE(IsOk(Delete("alias/app")));
  // Another account's alias of the same name is not the caller's.
  const std::string theirs =
      f_->CreateExternal(KeySpec::kSymmetricDefault, std::nullopt, &f_->other_account);
  ASSERT_TRUE(IsOk(Create("alias/theirs", theirs, &f_->other_account)));
  EXPECT_TRUE(IsApiError(Delete("alias/theirs"), ErrorType::kNotFoundException,
                         NotFoundText("alias/theirs")));
}

// ---------------------------------------------------------------- with the key's deletion

TEST_F(AliasTest, AliasesGoWithTheirKeyAtItsDeletionDate) {
  const std::string doomed = f_->CreateAwsKms();
  const std::string kept = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/doomed", doomed)));
  ASSERT_TRUE(IsOk(Create("alias/doomed-too", doomed)));
  ASSERT_TRUE(IsOk(Create("alias/kept", kept)));
  ASSERT_TRUE(IsOk(f_->Schedule(doomed, 7)));
  // Pending deletion, the aliases are still there (DescribeKey works in every state).
  EXPECT_EQ(f_->Metadata("alias/doomed").key_state, KeyState::kPendingDeletion);
  EXPECT_EQ(Names().size(), 3U);
  f_->clock.Advance(7 * 86400);
  // "After the waiting period ends, KMS deletes the KMS key, its key material, and all KMS
  // data associated with it, including all aliases that refer to it."
  EXPECT_EQ(Names(), std::vector<std::string>{"alias/kept"});
  EXPECT_TRUE(IsApiError(f_->Describe("alias/doomed"), ErrorType::kNotFoundException,
                         NotFoundText("alias/doomed")));
  EXPECT_TRUE(IsApiError(List(doomed), ErrorType::kNotFoundException,
                         "Key '" + f_->Arn(doomed) + "' does not exist"));
  EXPECT_TRUE(IsApiError(Delete("alias/doomed-too"), ErrorType::kNotFoundException,
                         NotFoundText("alias/doomed-too")));
  EXPECT_TRUE(IsApiError(Update("alias/doomed", kept), ErrorType::kNotFoundException,
                         NotFoundText("alias/doomed")));
  // The name is free for another key; the store holds only the live aliases.
  EXPECT_TRUE(IsOk(Create("alias/doomed", kept)));
  EXPECT_EQ(f_->kms->KeyCount(), 1U);
  EXPECT_EQ(f_->kms->AliasCount(), 2U);
  EXPECT_EQ(f_->Metadata("alias/doomed").key_id, kept);
}

TEST_F(AliasTest, CancelledDeletionKeepsTheAliases) {
  const std::string id = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/app", id)));
  ASSERT_TRUE(IsOk(f_->Schedule(id, 7)));
  ASSERT_TRUE(IsOk(f_->Cancel(id)));
  f_->clock.Advance(30 * 86400);
  EXPECT_EQ(f_->Metadata("alias/app").key_state, KeyState::kDisabled);
}

// ---------------------------------------------------------------- ListAliases

TEST_F(AliasTest, ListAliasesAnswersEveryMemberInNameOrder) {
  const std::string a = f_->CreateAwsKms();
  const std::string b = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/zeta", a)));
  f_->clock.Advance(1.5);
  ASSERT_TRUE(IsOk(Create("alias/Alpha", b)));
  ASSERT_TRUE(IsOk(Create("alias/alpha", a)));
  auto list = List();
  ASSERT_TRUE(IsOk(list));
  EXPECT_EQ(list.value().truncated, false);
  EXPECT_FALSE(list.value().next_marker.has_value());
  ASSERT_EQ(list.value().aliases->size(), 3U);
  const codec::AliasListEntry& first = (*list.value().aliases)[0];
  EXPECT_EQ(first.alias_name, "alias/Alpha");
  EXPECT_EQ(first.alias_arn, AliasArnOf("alias/Alpha"));
  EXPECT_EQ(first.target_key_id, b);
  EXPECT_EQ(first.creation_date, f_->clock.Now());
  EXPECT_EQ(first.last_updated_date, f_->clock.Now());
  EXPECT_EQ(Names(), (std::vector<std::string>{"alias/Alpha", "alias/alpha", "alias/zeta"}));
  // KeyId: "Lists only aliases that are associated with the specified KMS key."
  EXPECT_EQ(Names(a), (std::vector<std::string>{"alias/alpha", "alias/zeta"}));
  EXPECT_EQ(Names(f_->Arn(b)), std::vector<std::string>{"alias/Alpha"});
  EXPECT_TRUE(Names(f_->CreateAwsKms()).empty());
  // Other accounts and regions list their own.
  auto theirs = List(std::nullopt, std::nullopt, std::nullopt, &f_->other_account);
  ASSERT_TRUE(IsOk(theirs));
  EXPECT_TRUE(theirs.value().aliases->empty());
}

TEST_F(AliasTest, ListAliasesRefusesWhatItCannotList) {
  const std::string id = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/app", id)));
  // KeyId: "Specify the key ID or key ARN of the KMS key."
  EXPECT_TRUE(
      IsApiError(List("alias/app"), ErrorType::kNotFoundException, "Invalid keyId 'alias/app'"));
  EXPECT_TRUE(IsApiError(List(std::string(kUnknownId)), ErrorType::kNotFoundException,
                         "Key '" + f_->Arn(kUnknownId) + "' does not exist"));
  // Limit: "it must be between 1 and 100, inclusive" (type inferred).
  EXPECT_TRUE(IsApiError(List(std::nullopt, 101), ErrorType::kValidationException,
                         "1 validation error detected: Value '101' at 'limit' failed to satisfy "
                         "constraint: Member must have value less than or equal to 100"));
  EXPECT_TRUE(IsApiError(List(std::nullopt, 0), ErrorType::kValidationException,
                         "1 validation error detected: Value '0' at 'limit' failed to satisfy "
                         "constraint: Member must have value greater than or equal to 1"));
  EXPECT_TRUE(IsOk(List(std::nullopt, 100)));
  EXPECT_TRUE(IsOk(List(std::nullopt, 1)));
}

TEST_F(AliasTest, ListAliasesPagesWithMarkers) {
  const std::string id = f_->CreateAwsKms();
  for (const char* name : {"alias/e", "alias/a", "alias/d", "alias/c", "alias/b"}) {
    ASSERT_TRUE(IsOk(Create(name, id)));
  }
  std::vector<std::string> seen;
  std::optional<std::string> marker;
  int pages = 0;
  do {
    auto page = List(std::nullopt, 2, marker);
    ASSERT_TRUE(IsOk(page));
    for (const auto& e : *page.value().aliases) seen.push_back(*e.alias_name);
    marker = page.value().next_marker;
    EXPECT_EQ(page.value().truncated, marker.has_value());
    // A page added to after its marker was issued goes on where it stopped.
    if (pages == 0) {
      ASSERT_TRUE(IsOk(Create("alias/aa", id)));
    }
    ++pages;
  } while (marker && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen,
            (std::vector<std::string>{"alias/a", "alias/b", "alias/c", "alias/d", "alias/e"}));
  // The default limit (50) and a filtered page.
  for (int i = 0; i < 60; ++i) ASSERT_TRUE(IsOk(Create("alias/n" + std::to_string(100 + i), id)));
  auto first = List();
  ASSERT_TRUE(IsOk(first));
  EXPECT_EQ(first.value().aliases->size(), 50U);
  EXPECT_EQ(first.value().truncated, true);
  auto rest = List(id, 50, first.value().next_marker);
  ASSERT_TRUE(IsOk(rest));
  EXPECT_EQ(rest.value().aliases->size(), 16U);
  EXPECT_EQ(rest.value().truncated, false);
}

TEST_F(AliasTest, AMarkerIsValidOnlyForTheListThatIssuedIt) {
  const std::string id = f_->CreateAwsKms();
  ASSERT_TRUE(IsOk(Create("alias/a", id)));
  ASSERT_TRUE(IsOk(Create("alias/b", id)));
  auto page = List(std::nullopt, 1);
  ASSERT_TRUE(IsOk(page));
  const std::string marker = *page.value().next_marker;
  const auto invalid = [](const std::string& m) {
    return "The marker '" + m + "' is not valid for this request.";
  };
  std::string tampered = marker;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  for (const std::string& bad : {tampered, std::string("bm9uZQ=="), std::string("!")}) {
    EXPECT_TRUE(
        IsApiError(List(std::nullopt, 1, bad), ErrorType::kInvalidMarkerException, invalid(bad)));
  }
  // Another account's list, and ListKeys's markers, refuse it (and the other way round).
  EXPECT_TRUE(IsApiError(List(std::nullopt, 1, marker, &f_->other_account),
                         ErrorType::kInvalidMarkerException, invalid(marker)));
  f_->CreateAwsKms();
  codec::ListKeysRequest keys;
  keys.limit = 1;
  const std::string keys_marker = *f_->kms->ListKeys(f_->caller, keys).value().next_marker;
  EXPECT_TRUE(IsApiError(List(std::nullopt, 1, keys_marker), ErrorType::kInvalidMarkerException,
                         invalid(keys_marker)));
  keys.marker = marker;
  EXPECT_TRUE(IsApiError(f_->kms->ListKeys(f_->caller, keys), ErrorType::kInvalidMarkerException,
                         invalid(marker)));
}

// ---------------------------------------------------------------- persistence

TEST(AliasPersistence, AliasesSurviveARestart) {
  TempDir dir;
  std::string first, second, doomed;
  std::vector<codec::AliasListEntry> before;
  {
    auto f = ModelFixture::Make(WithStateDir(dir.path()));
    ASSERT_NE(f, nullptr);
    first = f->CreateAwsKms();
    second = f->CreateAwsKms();
    doomed = f->CreateAwsKms();
    Kms& k = *f->kms;
    ASSERT_TRUE(IsOk(k.CreateAlias(f->caller, {"alias/app", first})));
    ASSERT_TRUE(IsOk(k.CreateAlias(f->caller, {"alias/moved", first})));
    ASSERT_TRUE(IsOk(k.CreateAlias(f->caller, {"alias/gone", first})));
    ASSERT_TRUE(IsOk(k.CreateAlias(f->caller, {"alias/doomed", doomed})));
    f->clock.Advance(10);
    ASSERT_TRUE(IsOk(k.UpdateAlias(f->caller, {"alias/moved", second})));
    ASSERT_TRUE(IsOk(k.DeleteAlias(f->caller, {"alias/gone"})));
    ASSERT_TRUE(IsOk(f->Schedule(doomed, 7)));
    f->clock.Advance(8 * 86400);
    EXPECT_FALSE(f->Describe(doomed).ok());  // upkeep removes the key and its alias
    before = *k.ListAliases(f->caller, {}).value().aliases;
  }
  ASSERT_EQ(before.size(), 2U);
  for (std::uint64_t seed : {2U, 3U}) {  // the second start reads the first one's compaction
    auto f = ModelFixture::Make(WithStateDir(dir.path(), seed));
    ASSERT_NE(f, nullptr);
    EXPECT_TRUE(f->kms->RecoveryNotes().empty());
    EXPECT_EQ(f->kms->AliasCount(), 2U);
    EXPECT_EQ(*f->kms->ListAliases(f->caller, {}).value().aliases, before);
    EXPECT_EQ(f->Metadata("alias/app").key_id, first);
    EXPECT_EQ(f->Metadata("alias/moved").key_id, second);
    EXPECT_TRUE(IsApiError(f->Describe("alias/gone"), ErrorType::kNotFoundException,
                           NotFoundText("alias/gone")));
    EXPECT_TRUE(IsApiError(f->Describe("alias/doomed"), ErrorType::kNotFoundException,
                           NotFoundText("alias/doomed")));
    auto blob = f->Encrypt("alias/app", AsBytes("after restart"));
    ASSERT_TRUE(IsOk(blob));
    EXPECT_TRUE(IsOk(f->Decrypt(*blob.value().ciphertext_blob, std::string("alias/app"))));
  }
}

TEST(AliasPersistence, AJournalWithoutAliasRecordsReadsAsBefore) {
  // A journal written before aliases existed: key records only (ops 1 and 2).
  TempDir dir;
  KeyRecord key;
  key.key_id = std::string(kUnknownId);
  key.seq = 1;
  key.creation_date = 1767225600;
  key.has_material = true;
  key.material = Material32("old");
  KeyRecord removed = key;
  removed.key_id = "1234abcd-12ab-44cd-96ef-000000000000";
  removed.seq = 2;
  Bytes file;
  for (const Bytes& payload :
       {EncodeKeyPut(kAccount, kRegion, key), EncodeKeyPut(kAccount, kRegion, removed),
        EncodeKeyRemove(kAccount, kRegion, removed.key_id)}) {
    const Bytes record = FrameRecord(payload);
    file.insert(file.end(), record.begin(), record.end());
  }
  {
    std::FILE* out = std::fopen((dir.path() / "journal").c_str(), "wb");
    ASSERT_NE(out, nullptr);
    ASSERT_EQ(std::fwrite(file.data(), 1, file.size(), out), file.size());
    std::fclose(out);
  }
  auto f = ModelFixture::Make(WithStateDir(dir.path()));
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->kms->RecoveryNotes().empty());
  EXPECT_EQ(f->kms->KeyCount(), 1U);
  EXPECT_EQ(f->kms->AliasCount(), 0U);
  EXPECT_TRUE(IsOk(f->kms->CreateAlias(f->caller, {"alias/old", std::string(kUnknownId)})));
  EXPECT_EQ(f->Metadata("alias/old").key_id, kUnknownId);
}

TEST(AliasPersistence, AliasPayloadsRoundTrip) {
  AliasRecord a{std::string(kUnknownId), 1593622000.191, 1767225600.5};
  const Bytes put = EncodeAliasPut(kAccount, kRegion, "alias/x/y_z-1", a);
  auto e = DecodeJournalEntry(put);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->op, JournalOp::kPutAlias);
  EXPECT_EQ(e->account, kAccount);
  EXPECT_EQ(e->region, kRegion);
  EXPECT_EQ(e->alias_name, "alias/x/y_z-1");
  EXPECT_EQ(e->alias, a);
  EXPECT_EQ(EncodeJournalEntry(*e), put);
  const Bytes remove = EncodeAliasRemove(kAccount, kRegion, "alias/x");
  e = DecodeJournalEntry(remove);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->op, JournalOp::kRemoveAlias);
  EXPECT_EQ(EncodeJournalEntry(*e), remove);
  // Refused: a target that is not a key id, a malformed name, trailing bytes, an unknown op.
  EXPECT_FALSE(DecodeJournalEntry(
      EncodeAliasPut(kAccount, kRegion, "alias/x", AliasRecord{"alias/y", 1, 1})));
  EXPECT_FALSE(DecodeJournalEntry(EncodeAliasRemove(kAccount, kRegion, "x")));
  Bytes trailing = remove;
  trailing.push_back(0);
  EXPECT_FALSE(DecodeJournalEntry(trailing));
  Bytes unknown_op = remove;
  unknown_op[1] = 5;
  EXPECT_FALSE(DecodeJournalEntry(unknown_op));
}

// ---------------------------------------------------------------- concurrency

TEST(AliasConcurrency, AliasChangesAndLookupsAtOnce) {
  auto f = ModelFixture::Make({});
  ASSERT_NE(f, nullptr);
  const std::string a = f->CreateAwsKms();
  const std::string b = f->CreateAwsKms();
  ASSERT_TRUE(IsOk(f->kms->CreateAlias(f->caller, {"alias/flip", a})));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.emplace_back([&] {  // points alias/flip at a and b in turn
    for (int i = 0; i < 300; ++i) {
      if (!f->kms->UpdateAlias(f->caller, {"alias/flip", i % 2 ? a : b}).ok()) ++failures;
    }
  });
  threads.emplace_back([&] {  // creates and deletes its own aliases
    for (int i = 0; i < 150; ++i) {
      const std::string name = "alias/t" + std::to_string(i);
      if (!f->kms->CreateAlias(f->caller, {name, b}).ok()) ++failures;
      if (!f->kms->DeleteAlias(f->caller, {name}).ok()) ++failures;
    }
  });
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {  // always finds one of the two keys through the alias
      for (int i = 0; i < 300; ++i) {
        auto d = f->Describe("alias/flip");
        if (!d.ok() ||
            (d.value().key_metadata->key_id != a && d.value().key_metadata->key_id != b)) {
          ++failures;
        }
        auto list = f->kms->ListAliases(f->caller, {});
        if (!list.ok() || list.value().aliases->empty()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(f->kms->AliasCount(), 1U);
}

}  // namespace
}  // namespace kc::mock
