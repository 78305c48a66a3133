// Key-id forms and lookup failures for every operation that takes a KeyId
// (proto.key-id-forms, gpfi.key-not-found, gpfi/ikm.no-cross-account). Texts confirmed
// against AWS on DescribeKey (CONTRACT.md "Facts").
#include <gtest/gtest.h>

#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"

namespace kc::mock {
namespace {

using namespace testing;
using contract::Operation;

constexpr std::string_view kUnknownId = "1234abcd-12ab-44cd-96ef-1234567890ab";

template <typename T>
std::optional<ApiError> ErrorOf(const Outcome<T>& o) {
  if (o.ok()) return std::nullopt;
  return o.error();
}

// Call: op on key_id as caller c; the error, or nullopt on success.
std::optional<ApiError> Call(ModelFixture& f, Operation op, const std::string& key_id,
                             const Caller& c) {
  Kms& k = *f.kms;
  switch (op) {
    case Operation::kDescribeKey:
      return ErrorOf(k.DescribeKey(c, {key_id, std::nullopt}));
    case Operation::kEnableKey:
      return ErrorOf(k.EnableKey(c, {key_id}));
    case Operation::kDisableKey:
      return ErrorOf(k.DisableKey(c, {key_id}));
    case Operation::kScheduleKeyDeletion:
      return ErrorOf(k.ScheduleKeyDeletion(c, {key_id, 7}));
    case Operation::kCancelKeyDeletion:
      return ErrorOf(k.CancelKeyDeletion(c, {key_id}));
    case Operation::kGetParametersForImport: {
      codec::GetParametersForImportRequest r;
      r.key_id = key_id;
      return ErrorOf(k.GetParametersForImport(c, r));
    }
    case Operation::kImportKeyMaterial: {
      codec::ImportKeyMaterialRequest r;
      r.key_id = key_id;
      r.import_token = Bytes(64, 1);
      r.encrypted_key_material = Bytes(256, 2);
      r.expiration_model = ExpirationModel::kKeyMaterialDoesNotExpire;
      return ErrorOf(k.ImportKeyMaterial(c, r));
    }
    case Operation::kDeleteImportedKeyMaterial: {
      codec::DeleteImportedKeyMaterialRequest r;
      r.key_id = key_id;
      return ErrorOf(k.DeleteImportedKeyMaterial(c, r));
    }
    case Operation::kEncrypt: {
      codec::EncryptRequest r;
      r.key_id = key_id;
      r.plaintext = ToBytes("x");
      return ErrorOf(k.Encrypt(c, r));
    }
    case Operation::kDecrypt: {
      codec::DecryptRequest r;
      r.key_id = key_id;
      r.ciphertext_blob = Bytes(80, 3);
      return ErrorOf(k.Decrypt(c, r));
    }
    default:
      return std::nullopt;
  }
}

constexpr Operation kKeyOperations[] = {
    Operation::kDescribeKey,       Operation::kEnableKey,
    Operation::kDisableKey,        Operation::kScheduleKeyDeletion,
    Operation::kCancelKeyDeletion, Operation::kGetParametersForImport,
    Operation::kImportKeyMaterial, Operation::kDeleteImportedKeyMaterial,
    Operation::kEncrypt,           Operation::kDecrypt};

bool TakesAliases(Operation op) {
  return op == Operation::kDescribeKey || op == Operation::kEncrypt || op == Operation::kDecrypt;
}

class LookupTest : public ::testing::TestWithParam<Operation> {
 protected:
  void SetUp() override {
    f_ = ModelFixture::Make({});
    ASSERT_NE(f_, nullptr);
  }
  ::testing::AssertionResult Refuses(const std::string& key_id, ErrorType type,
                                     std::string_view message, const Caller* as = nullptr) {
    const std::optional<ApiError> e = Call(*f_, GetParam(), key_id, as ? *as : f_->caller);
    if (!e) return ::testing::AssertionFailure() << key_id << " was accepted";
    if (e->type_name != contract::ToWire(type) || e->message != message) {
      return ::testing::AssertionFailure() << "got " << e->type_name << ": " << e->message;
    }
    return ::testing::AssertionSuccess();
  }
  std::unique_ptr<ModelFixture> f_;
};

TEST_P(LookupTest, MalformedIdIsInvalidKeyId) {
  EXPECT_TRUE(Refuses("not-a-key", ErrorType::kNotFoundException, "Invalid keyId 'not-a-key'"));
  EXPECT_TRUE(Refuses("arn:aws:kms:us-east-1:111122223333:key/nope", ErrorType::kNotFoundException,
                      "Invalid keyId 'arn:aws:kms:us-east-1:111122223333:key/nope'"));
}

TEST_P(LookupTest, UnknownIdNamesTheArnEvenForABareId) {
  const std::string arn = f_->Arn(kUnknownId);
  EXPECT_TRUE(Refuses(std::string(kUnknownId), ErrorType::kNotFoundException,
                      "Key '" + arn + "' does not exist"));
  EXPECT_TRUE(Refuses(arn, ErrorType::kNotFoundException, "Key '" + arn + "' does not exist"));
}

TEST_P(LookupTest, ArnOfAnotherRegionIsInvalidArn) {
  const std::string id = f_->CreateExternal();
  EXPECT_TRUE(Refuses("arn:aws:kms:eu-west-1:111122223333:key/" + id, ErrorType::kNotFoundException,
                      "Invalid arn eu-west-1"));
}

TEST_P(LookupTest, ArnOfAnotherAccountNeverReachesItsKey) {  // *.no-cross-account
  const std::string id =
      f_->CreateExternal(KeySpec::kSymmetricDefault, std::nullopt, &f_->other_account);
  ASSERT_FALSE(id.empty());
  const std::string their_arn = f_->Arn(id, kOtherAccount);
  EXPECT_TRUE(
      Refuses(their_arn, ErrorType::kNotFoundException, "Key '" + their_arn + "' does not exist"));
  // Nor does the bare id: it names a key of the caller's own account.
  EXPECT_TRUE(
      Refuses(id, ErrorType::kNotFoundException, "Key '" + f_->Arn(id) + "' does not exist"));
}

TEST_P(LookupTest, AliasesAreNotFoundOrRefused) {
  if (TakesAliases(GetParam())) {
    EXPECT_TRUE(Refuses("alias/example", ErrorType::kNotFoundException,
                        "Alias arn:aws:kms:us-east-1:111122223333:alias/example is not found."));
    EXPECT_TRUE(Refuses("arn:aws:kms:us-east-1:111122223333:alias/example",
                        ErrorType::kNotFoundException,
                        "Alias arn:aws:kms:us-east-1:111122223333:alias/example is not found."));
  } else {
    // proto.key-id-forms: "an alias is refused by ImportKeyMaterial".
    EXPECT_TRUE(
        Refuses("alias/example", ErrorType::kNotFoundException, "Invalid keyId 'alias/example'"));
    EXPECT_TRUE(Refuses("arn:aws:kms:us-east-1:111122223333:alias/example",
                        ErrorType::kNotFoundException,
                        "Invalid keyId 'arn:aws:kms:us-east-1:111122223333:alias/example'"));
  }
}

INSTANTIATE_TEST_SUITE_P(EveryKeyOperation, LookupTest, ::testing::ValuesIn(kKeyOperations),
                         [](const ::testing::TestParamInfo<Operation>& p) {
                           return std::string(contract::ToWire(p.param));
                         });

TEST(KeyIdForms, KeyIdAndKeyArnBothWork) {  // proto.key-id-forms
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  const std::string arn = f->Arn(id);
  for (const std::string& form : {id, arn}) {
    EXPECT_TRUE(IsOk(f->Describe(form))) << form;
    auto params = f->Gpfi(form);
    ASSERT_TRUE(IsOk(params)) << form;
    EXPECT_EQ(params.value().key_id, arn) << "KeyId is the ARN, also for a bare id";
  }
  // ImportKeyMaterial with the ARN.
  auto params = f->Gpfi(id);
  const Bytes wrapped =
      f->Wrap(params.value(), WrappingAlgorithm::kRsaesOaepSha256, Material32("m"));
  EXPECT_TRUE(IsOk(f->Ikm(arn, *params.value().import_token, wrapped)));
  EXPECT_TRUE(IsOk(f->Encrypt(arn, AsBytes("p"))));
  EXPECT_TRUE(IsOk(f->Dikm(arn)));
}

TEST(KeyIdForms, DescribeKeyOfAnotherAccountsArnFromThatAccountWorks) {
  auto f = ModelFixture::Make({});
  const std::string id =
      f->CreateExternal(KeySpec::kSymmetricDefault, std::nullopt, &f->other_account);
  EXPECT_TRUE(IsOk(f->Describe(f->Arn(id, kOtherAccount), &f->other_account)));
}

TEST(KeyIdForms, RegionsAreSeparateKeyStores) {
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  const Caller west{std::string(kAccount), "eu-west-1"};
  EXPECT_TRUE(IsApiError(f->Describe(id, &west), ErrorType::kNotFoundException,
                         "Key 'arn:aws:kms:eu-west-1:111122223333:key/" + id + "' does not exist"));
}

}  // namespace
}  // namespace kc::mock
