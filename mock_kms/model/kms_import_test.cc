// GetParametersForImport, ImportKeyMaterial and DeleteImportedKeyMaterial rules in both
// profiles where they are the same, with the exact error each answers (gpfi.*, ikm.*, dikm.*).
#include <gtest/gtest.h>

#include "harness/contract/profile.h"
#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"

namespace kc::mock {
namespace {

using namespace testing;

constexpr Profile kProfiles[] = {Profile::k2022, Profile::k2026};

std::string ProfileName(const ::testing::TestParamInfo<Profile>& p) {
  return "P" + std::string(contract::ToWire(p.param));
}

class ImportRules : public ::testing::TestWithParam<Profile> {
 protected:
  void SetUp() override {
    f_ = ModelFixture::Make(WithProfile(GetParam()));
    ASSERT_NE(f_, nullptr);
  }
  const std::string kTokenNotValid =
      "The import token is not valid: it was not issued by this KMS, or it was modified or "
      "truncated.";
  const std::string kCannotUnwrap =
      "The wrapped key material could not be decrypted with the wrapping key and algorithm of "
      "the import token.";
  std::unique_ptr<ModelFixture> f_;
};

// ---------------------------------------------------------------- GetParametersForImport

TEST_P(ImportRules, GpfiOnAnAwsKmsKeyIsUnsupportedWhateverTheState) {  // gpfi.origin-external-only
  const std::string id = f_->CreateAwsKms();
  const std::string message =
      f_->Arn(id) + " origin is AWS_KMS which is not valid for this operation.";
  EXPECT_TRUE(IsApiError(f_->Gpfi(id), ErrorType::kUnsupportedOperationException, message));
  ASSERT_TRUE(IsOk(f_->Disable(id)));
  EXPECT_TRUE(IsApiError(f_->Gpfi(id), ErrorType::kUnsupportedOperationException, message));
  ASSERT_TRUE(IsOk(f_->Schedule(id)));
  EXPECT_TRUE(IsApiError(f_->Gpfi(id), ErrorType::kUnsupportedOperationException, message))
      << "the origin is checked before the state";
}

TEST_P(ImportRules,
       GpfiAllowsPendingImportEnabledDisabledButNotPendingDeletion) {  // gpfi.key-state
  const std::string id = f_->CreateExternal();
  EXPECT_TRUE(IsOk(f_->Gpfi(id)));
  ASSERT_TRUE(IsOk(f_->Import(id, Material32("m"))));
  EXPECT_TRUE(IsOk(f_->Gpfi(id)));
  ASSERT_TRUE(IsOk(f_->Disable(id)));
  EXPECT_TRUE(IsOk(f_->Gpfi(id)));
  ASSERT_TRUE(IsOk(f_->Schedule(id)));
  EXPECT_TRUE(IsApiError(f_->Gpfi(id), ErrorType::kKMSInvalidStateException,
                         f_->Arn(id) + " is pending deletion."));
}

TEST_P(ImportRules, GpfiParametersAreValidFor24Hours) {  // gpfi.validity-24h, gpfi.response-shape
  const std::string id = f_->CreateExternal();
  f_->clock.Advance(12.5);
  auto p = f_->Gpfi(id);
  ASSERT_TRUE(IsOk(p));
  EXPECT_EQ(*p.value().parameters_valid_to, f_->clock.Now() + 86400);
  EXPECT_EQ(p.value().key_id, f_->Arn(id));
}

TEST_P(ImportRules, EachResponseCarriesItsOwnWrappingKey) {  // gpfi.fresh-wrapping-key
  const std::string id = f_->CreateExternal();
  auto a = f_->Gpfi(id);
  auto b = f_->Gpfi(id);
  ASSERT_TRUE(IsOk(a) && IsOk(b));
  EXPECT_NE(a.value().public_key, b.value().public_key);
  EXPECT_NE(a.value().import_token, b.value().import_token);
}

TEST_P(ImportRules, EarlierTokensStayValidAfterLaterParameters) {
  const std::string id = f_->CreateExternal();
  auto a = f_->Gpfi(id);
  auto b = f_->Gpfi(id);
  ASSERT_TRUE(IsOk(a) && IsOk(b));
  const Bytes wrapped = f_->Wrap(a.value(), WrappingAlgorithm::kRsaesOaepSha256, Material32("m"));
  EXPECT_TRUE(IsOk(f_->Ikm(id, *a.value().import_token, wrapped)));
}

// ---------------------------------------------------------------- ImportKeyMaterial: ValidTo

TEST_P(ImportRules, ValidToRules) {  // ikm.valid-to
  const std::string id = f_->CreateExternal();
  auto p = f_->Gpfi(id);
  ASSERT_TRUE(IsOk(p));
  const Bytes token = *p.value().import_token;
  const Bytes wrapped = f_->Wrap(p.value(), WrappingAlgorithm::kRsaesOaepSha256, Material32("m"));
  const EpochSeconds now = f_->clock.Now();
  // Confirmed text: ExpirationModel omitted defaults to KEY_MATERIAL_EXPIRES.
  EXPECT_TRUE(IsApiError(
      f_->Ikm(id, token, wrapped, std::nullopt, std::nullopt), ErrorType::kValidationException,
      "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES"));
  EXPECT_TRUE(
      IsApiError(f_->Ikm(id, token, wrapped, ExpirationModel::kKeyMaterialExpires),
                 ErrorType::kValidationException,
                 "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES"));
  EXPECT_TRUE(IsApiError(
      f_->Ikm(id, token, wrapped, ExpirationModel::kKeyMaterialDoesNotExpire, now + 100),
      ErrorType::kValidationException,
      "A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE"));
  for (EpochSeconds past : {now, now - 1}) {
    EXPECT_TRUE(IsApiError(f_->Ikm(id, token, wrapped, std::nullopt, past),
                           ErrorType::kValidationException,
                           "The validTo date must be in the future."));
  }
  EXPECT_TRUE(
      IsApiError(f_->Ikm(id, token, wrapped, std::nullopt, now + contract::kMaxValidToSeconds + 1),
                 ErrorType::kValidationException,
                 "The validTo date must be no more than 365 days in the future."));
  EXPECT_EQ(f_->Metadata(id).key_state, KeyState::kPendingImport) << "nothing changed";
  EXPECT_TRUE(IsOk(f_->Ikm(id, token, wrapped, std::nullopt, now + contract::kMaxValidToSeconds)));
  EXPECT_EQ(f_->Metadata(id).valid_to, now + contract::kMaxValidToSeconds);
}

TEST_P(ImportRules, ValidToIsCheckedBeforeTheKey) {
  const std::string unknown = "1234abcd-12ab-44cd-96ef-1234567890ab";
  EXPECT_TRUE(IsApiErrorType(f_->Ikm(unknown, Bytes(10, 1), Bytes(10, 1), std::nullopt),
                             ErrorType::kValidationException));
  EXPECT_TRUE(
      IsApiErrorType(f_->Ikm(unknown, Bytes(10, 1), Bytes(10, 1)), ErrorType::kNotFoundException));
}

TEST_P(ImportRules, FractionalValidToIsAccepted) {  // proto.timestamp-forms
  const std::string id = f_->CreateExternal();
  const EpochSeconds valid_to = f_->clock.Now() + 1000.75;
  ASSERT_TRUE(IsOk(f_->Import(id, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                              ExpirationModel::kKeyMaterialExpires, valid_to)));
  EXPECT_EQ(f_->Metadata(id).valid_to, valid_to);
}

// ---------------------------------------------------------------- ImportKeyMaterial: key

TEST_P(ImportRules, IkmOnAnAwsKmsKeyIsUnsupported) {  // ikm.origin-external-only
  const std::string ext = f_->CreateExternal();
  const std::string aws = f_->CreateAwsKms();
  auto p = f_->Gpfi(ext);
  const Bytes wrapped = f_->Wrap(p.value(), WrappingAlgorithm::kRsaesOaepSha256, Material32("m"));
  EXPECT_TRUE(IsApiError(
      f_->Ikm(aws, *p.value().import_token, wrapped), ErrorType::kUnsupportedOperationException,
      f_->Arn(aws) + " origin is AWS_KMS which is not valid for this operation."));
}

TEST_P(ImportRules, IkmOnAKeyPendingDeletionIsInvalidState) {  // ikm.key-state
  const std::string id = f_->CreateExternal();
  auto p = f_->Gpfi(id);
  const Bytes wrapped = f_->Wrap(p.value(), WrappingAlgorithm::kRsaesOaepSha256, Material32("m"));
  ASSERT_TRUE(IsOk(f_->Schedule(id)));
  EXPECT_TRUE(IsApiError(f_->Ikm(id, *p.value().import_token, wrapped),
                         ErrorType::kKMSInvalidStateException,
                         f_->Arn(id) + " is pending deletion."));
}

// ---------------------------------------------------------------- ImportKeyMaterial: tokens

TEST_P(ImportRules, TokenIsBoundToItsKey) {  // ikm.token-bound-to-key
  const std::string a = f_->CreateExternal();
  const std::string b = f_->CreateExternal();
  auto pa = f_->Gpfi(a);
  const Bytes wrapped = f_->Wrap(pa.value(), WrappingAlgorithm::kRsaesOaepSha256, Material32("m"));
  EXPECT_TRUE(IsApiError(
      f_->Ikm(b, *pa.value().import_token, wrapped), ErrorType::kInvalidImportTokenException,
      "The import token is not valid for " + f_->Arn(b) + ": it was issued for another KMS key."));
  EXPECT_EQ(f_->Metadata(b).key_state, KeyState::kPendingImport);
  EXPECT_TRUE(IsOk(f_->Ikm(a, *pa.value().import_token, wrapped)));
}

TEST_P(ImportRules, TamperedTruncatedOrRandomTokensAreRefused) {  // ikm.token-tampered
  const std::string id = f_->CreateExternal();
  auto p = f_->Gpfi(id);
  const Bytes token = *p.value().import_token;
  const Bytes wrapped = f_->Wrap(p.value(), WrappingAlgorithm::kRsaesOaepSha256, Material32("m"));
  for (std::size_t at : {std::size_t{0}, std::size_t{1}, std::size_t{9}, std::size_t{21},
                         token.size() / 2, token.size() - 17, token.size() - 1}) {
    Bytes bad = token;
    bad[at] ^= 0x80;
    EXPECT_TRUE(IsApiError(f_->Ikm(id, bad, wrapped), ErrorType::kInvalidImportTokenException,
                           kTokenNotValid))
        << "flipped byte " << at;
  }
  for (std::size_t n : {std::size_t{1}, std::size_t{36}, token.size() - 1}) {
    EXPECT_TRUE(IsApiError(f_->Ikm(id, ByteView(token).first(n), wrapped),
                           ErrorType::kInvalidImportTokenException, kTokenNotValid))
        << "truncated to " << n;
  }
  EXPECT_TRUE(IsApiError(f_->Ikm(id, f_->random.Generate(token.size()), wrapped),
                         ErrorType::kInvalidImportTokenException, kTokenNotValid));
  EXPECT_EQ(f_->Metadata(id).key_state, KeyState::kPendingImport);
  EXPECT_TRUE(IsOk(f_->Ikm(id, token, wrapped)));
}

TEST_P(ImportRules, ExpiredTokenIsRefused) {  // ikm.token-expired
  const std::string id = f_->CreateExternal();
  auto p = f_->Gpfi(id);
  const Bytes wrapped = f_->Wrap(p.value(), WrappingAlgorithm::kRsaesOaepSha256, Material32("m"));
  f_->clock.Advance(86401);
  EXPECT_TRUE(IsApiError(f_->Ikm(id, *p.value().import_token, wrapped),
                         ErrorType::kExpiredImportTokenException,
                         "The import token has expired. Call GetParametersForImport for a new "
                         "import token and public key."));
  EXPECT_EQ(f_->Metadata(id).key_state, KeyState::kPendingImport);
}

TEST_P(ImportRules, TokenIsValidUntilItsExpiry) {
  const std::string id = f_->CreateExternal();
  auto p = f_->Gpfi(id);
  const Bytes wrapped = f_->Wrap(p.value(), WrappingAlgorithm::kRsaesOaepSha256, Material32("m"));
  f_->clock.Advance(86399);
  EXPECT_TRUE(IsOk(f_->Ikm(id, *p.value().import_token, wrapped)));
}

TEST_P(ImportRules, MaterialWrappedForAnotherResponseIsRefused) {  // ikm.token-same-response
  const std::string id = f_->CreateExternal();
  auto a = f_->Gpfi(id);
  auto b = f_->Gpfi(id);
  const Bytes wrapped_for_a =
      f_->Wrap(a.value(), WrappingAlgorithm::kRsaesOaepSha256, Material32("m"));
  EXPECT_TRUE(IsApiError(f_->Ikm(id, *b.value().import_token, wrapped_for_a),
                         ErrorType::kInvalidCiphertextException, kCannotUnwrap));
}

TEST_P(ImportRules, MaterialWrappedWithAnotherAlgorithmIsRefused) {  // ikm.algorithm-bound
  const std::string id = f_->CreateExternal();
  auto p = f_->Gpfi(id, WrappingAlgorithm::kRsaesOaepSha256);
  for (WrappingAlgorithm other :
       {WrappingAlgorithm::kRsaesOaepSha1, WrappingAlgorithm::kRsaesPkcs1V15}) {
    const Bytes wrapped = f_->Wrap(p.value(), other, Material32("m"));
    EXPECT_TRUE(IsApiError(f_->Ikm(id, *p.value().import_token, wrapped),
                           ErrorType::kInvalidCiphertextException, kCannotUnwrap));
  }
  EXPECT_TRUE(IsApiError(f_->Ikm(id, *p.value().import_token, Bytes(256, 7)),
                         ErrorType::kInvalidCiphertextException, kCannotUnwrap));
  EXPECT_TRUE(IsApiError(f_->Ikm(id, *p.value().import_token, Bytes{}),
                         ErrorType::kInvalidCiphertextException, kCannotUnwrap));
}

TEST_P(ImportRules, SymmetricMaterialMustBe256Bits) {  // ikm.material-length
  const std::string id = f_->CreateExternal();
  for (std::size_t n : {1U, 16U, 31U, 33U, 64U}) {
    EXPECT_TRUE(IsApiError(f_->Import(id, Bytes(n, 0x5a)),
                           ErrorType::kIncorrectKeyMaterialException,
                           "The key material must be 256 bits (32 bytes); the imported material "
                           "is " +
                               std::to_string(n) + " bytes."))
        << n;
  }
  EXPECT_EQ(f_->Metadata(id).key_state, KeyState::kPendingImport);
}

TEST_P(ImportRules, AFailedImportChangesNothing) {  // ikm.lifecycle
  const std::string id = f_->CreateExternal();
  ASSERT_TRUE(IsOk(f_->Import(id, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                              ExpirationModel::kKeyMaterialExpires, f_->clock.Now() + 1000)));
  const codec::KeyMetadata before = f_->Metadata(id);
  // Each failure, at a different step, leaves DescribeKey as it was.
  EXPECT_FALSE(f_->Import(id, Material32("other")).ok());
  EXPECT_FALSE(f_->Import(id, Bytes(31, 1)).ok());
  EXPECT_FALSE(f_->Ikm(id, Bytes(50, 1), Bytes(256, 1)).ok());
  auto p = f_->Gpfi(id);
  EXPECT_FALSE(f_->Ikm(id, *p.value().import_token, Bytes(256, 1)).ok());
  EXPECT_EQ(f_->Metadata(id), before);
}

// ---------------------------------------------------------------- DeleteImportedKeyMaterial

TEST_P(ImportRules, DikmOnAnAwsKmsKeyIsUnsupported) {  // dikm.origin-external-only
  const std::string id = f_->CreateAwsKms();
  EXPECT_TRUE(
      IsApiError(f_->Dikm(id), ErrorType::kUnsupportedOperationException,
                 f_->Arn(id) + " origin is AWS_KMS which is not valid for this operation."));
  EXPECT_EQ(f_->Metadata(id).key_state, KeyState::kEnabled);
  EXPECT_TRUE(IsOk(f_->Encrypt(id, AsBytes("p"))));
}

INSTANTIATE_TEST_SUITE_P(Profiles, ImportRules, ::testing::ValuesIn(kProfiles), ProfileName);

// ---------------------------------------------------------------- profile 2022 only

TEST(Import2022, AsymmetricKeysAreCreatedButNeverImport) {  // gpfi/ikm.no-asymmetric
  auto f = ModelFixture::Make({});
  for (auto [spec, usage] : {std::pair{KeySpec::kRsa2048, KeyUsage::kSignVerify},
                             std::pair{KeySpec::kRsa4096, KeyUsage::kEncryptDecrypt},
                             std::pair{KeySpec::kEccNistP256, KeyUsage::kSignVerify},
                             std::pair{KeySpec::kEccSecgP256k1, KeyUsage::kSignVerify},
                             std::pair{KeySpec::kSm2, KeyUsage::kSignVerify}}) {
    const std::string id = f->CreateExternal(spec, usage);
    ASSERT_FALSE(id.empty()) << contract::ToWire(spec);
    EXPECT_EQ(f->Metadata(id).key_state, KeyState::kPendingImport);
    const std::string message = f->Arn(id) + " key spec is " + std::string(contract::ToWire(spec)) +
                                " which is not valid for this operation.";
    EXPECT_TRUE(IsApiError(f->Gpfi(id), ErrorType::kUnsupportedOperationException, message));
    // ImportKeyMaterial refuses it before looking at the token.
    EXPECT_TRUE(IsApiError(f->Ikm(id, Bytes(40, 1), Bytes(256, 1)),
                           ErrorType::kUnsupportedOperationException, message));
  }
}

TEST(Import2022, HmacKeysAreCreatedButNeverImport) {  // gpfi/ikm.no-hmac
  auto f = ModelFixture::Make({});
  for (KeySpec spec :
       {KeySpec::kHmac224, KeySpec::kHmac256, KeySpec::kHmac384, KeySpec::kHmac512}) {
    const std::string id = f->CreateExternal(spec, KeyUsage::kGenerateVerifyMac);
    ASSERT_FALSE(id.empty());
    const std::string message = f->Arn(id) + " key spec is " + std::string(contract::ToWire(spec)) +
                                " which is not valid for this operation.";
    EXPECT_TRUE(IsApiError(f->Gpfi(id), ErrorType::kUnsupportedOperationException, message));
    EXPECT_TRUE(IsApiError(f->Ikm(id, Bytes(40, 1), Bytes(256, 1)),
                           ErrorType::kUnsupportedOperationException, message));
  }
}

TEST(Import2022, OnlyRsa2048WrappingKeys) {  // gpfi.wrapping-key-spec
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  EXPECT_TRUE(
      IsApiError(f->Gpfi(id, WrappingAlgorithm::kRsaesOaepSha256, WrappingKeySpec::kRsa4096),
                 ErrorType::kValidationException,
                 "1 validation error detected: Value 'RSA_4096' at 'wrappingKeySpec' "
                 "failed to satisfy constraint: Member must satisfy enum value set: "
                 "[RSA_2048]"));
}

TEST(Import2022, OnlyTheThreeRsaesAlgorithms) {  // gpfi.wrapping-algorithm
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateExternal();
  EXPECT_TRUE(IsApiError(
      f->Gpfi(id, WrappingAlgorithm::kRsaAesKeyWrapSha256), ErrorType::kValidationException,
      "1 validation error detected: Value 'RSA_AES_KEY_WRAP_SHA_256' at "
      "'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy "
      "enum value set: [RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256]"));
}

}  // namespace
}  // namespace kc::mock
