// Encoders: byte-exact goldens for every response type, the request encoder, EncodeError, and
// FormatTimestamp against Java's Double.toString.
#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "harness/common/utf8.h"

#include "harness/codec/codec.h"
#include "harness/codec/json_writer.h"
#include "harness/codec/timestamp.h"

namespace kc::codec {
namespace {

const std::string kKeyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
const std::string kArn = "arn:aws:kms:us-east-1:111122223333:key/" + kKeyId;
const std::string kMaterialId =
    "0b7fd4f5a1e8c3d2b9a6f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f";

// ---- FormatTimestamp: Java's Double.toString ----

TEST(FormatTimestamp, MatchesJavaDoubleToString) {
  // Expected strings are what Java 19+ prints for the same double.
  EXPECT_EQ(FormatTimestamp(1593893322.32), "1.59389332232E9");
  EXPECT_EQ(FormatTimestamp(1593893322.325), "1.593893322325E9");
  EXPECT_EQ(FormatTimestamp(1767225600), "1.7672256E9");
  EXPECT_EQ(FormatTimestamp(1767312000), "1.767312E9");
  EXPECT_EQ(FormatTimestamp(123456789), "1.23456789E8");
  EXPECT_EQ(FormatTimestamp(1e7), "1.0E7");
  EXPECT_EQ(FormatTimestamp(1e21), "1.0E21");
  EXPECT_EQ(FormatTimestamp(1.7976931348623157e308), "1.7976931348623157E308");
  EXPECT_EQ(FormatTimestamp(-1593893322.32), "-1.59389332232E9");
}

TEST(FormatTimestamp, PlainDecimalBetweenOneThousandthAndTenMillion) {
  EXPECT_EQ(FormatTimestamp(1234.5), "1234.5");
  EXPECT_EQ(FormatTimestamp(9999999), "9999999.0");
  EXPECT_EQ(FormatTimestamp(9999999.999999998), "9999999.999999998");
  EXPECT_EQ(FormatTimestamp(100), "100.0");
  EXPECT_EQ(FormatTimestamp(1), "1.0");
  EXPECT_EQ(FormatTimestamp(0.1), "0.1");
  EXPECT_EQ(FormatTimestamp(0.001), "0.001");
  EXPECT_EQ(FormatTimestamp(0.00123), "0.00123");
  EXPECT_EQ(FormatTimestamp(-1.5), "-1.5");
}

TEST(FormatTimestamp, ScientificBelowOneThousandth) {
  EXPECT_EQ(FormatTimestamp(1e-4), "1.0E-4");
  EXPECT_EQ(FormatTimestamp(0.0009765625), "9.765625E-4");
  EXPECT_EQ(FormatTimestamp(0.000999), "9.99E-4");
  EXPECT_EQ(FormatTimestamp(1.5e-10), "1.5E-10");
  // Java picks the closest of the one- and two-digit decimals: 4.9E-324, not 5.0E-324.
  EXPECT_EQ(FormatTimestamp(std::numeric_limits<double>::denorm_min()), "4.9E-324");
  EXPECT_EQ(FormatTimestamp(std::numeric_limits<double>::min()), "2.2250738585072014E-308");
}

TEST(FormatTimestamp, ZeroAndNonFinite) {
  EXPECT_EQ(FormatTimestamp(0), "0.0");
  EXPECT_EQ(FormatTimestamp(-0.0), "-0.0");
  EXPECT_EQ(FormatTimestamp(std::nan("")), "NaN");
  EXPECT_EQ(FormatTimestamp(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(FormatTimestamp(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(FormatJsonNumber, ShortestPlainNumber) {
  EXPECT_EQ(FormatJsonNumber(1767225600), "1767225600");
  EXPECT_EQ(FormatJsonNumber(1767225600.5), "1767225600.5");
  EXPECT_EQ(FormatJsonNumber(0.1), "0.1");
  EXPECT_EQ(FormatJsonNumber(std::nan("")), "null");
}

// ---- ParseTimestampText (the client's lenient timestamps) ----

TEST(ParseTimestampText, NumbersAndIso8601) {
  auto t = ParseTimestampText("1767225600");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->seconds, 1767225600.0);
  EXPECT_EQ(t->form, TimestampTextForm::kNumeric);
  t = ParseTimestampText("1.7672256E9");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->seconds, 1767225600.0);
  t = ParseTimestampText("2026-01-01T00:00:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->seconds, 1767225600.0);
  EXPECT_EQ(t->form, TimestampTextForm::kIso8601);
  t = ParseTimestampText("2026-01-01T02:00:00.250+02:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->seconds, 1767225600.25);
  t = ParseTimestampText("2025-12-31T19:00:00-0500");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->seconds, 1767225600.0);
  t = ParseTimestampText("2024-02-29 00:00:00");  // no zone: UTC
  ASSERT_TRUE(t);
  EXPECT_EQ(t->seconds, 1709164800.0);
  t = ParseTimestampText("1969-12-31T23:59:59Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->seconds, -1.0);
}

TEST(ParseTimestampText, RefusesWhatIsNotATimestamp) {
  for (const char* bad : {"", "soon", "nan", "inf", "1e400", "2026-13-01T00:00:00Z",
                          "2025-02-29T00:00:00Z", "2026-01-01", "2026-01-01T00:00Z",
                          "2026-01-01T00:00:00+2", "2026-01-01T00:00:00.Z", " 1767225600",
                          "2026-01-01T24:00:00Z", "2026-01-01T00:00:00Zjunk"}) {
    EXPECT_FALSE(ParseTimestampText(bad)) << bad;
  }
}

// ---- JSON writer ----

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
  std::string out;
  static constexpr char kText[] = "a\"b\\c\nd\x01\x1f\t\b\f\r\x7f\xC3\xA9\xF0\x9F\x98\x80";
  AppendJsonString(out, std::string_view(kText, sizeof kText - 1));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\u0001\\u001f\\t\\b\\f\\r\x7f\xC3\xA9\xF0\x9F\x98\x80\"");
  out.clear();
  AppendJsonString(out, std::string("\0x", 2));
  EXPECT_EQ(out, "\"\\u0000x\"");
}

TEST(JsonWriter, PlacesCommas) {
  JsonWriter w;
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.Int(1);
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.Bool(false);
  w.EndArray();
  w.Key("b");
  w.Base64(ToBytes("hi"));
  w.Key("c");
  w.Number("1.5");
  w.EndObject();
  EXPECT_EQ(w.text(), R"({"a":[1,{},[],false],"b":"aGk=","c":1.5})");
}

// ---- EncodeError ----

TEST(EncodeError, IllFormedUtf8BecomesReplacementCharacters) {
  // An X-Amz-Target of raw bytes echoed into the message: the body stays valid JSON text.
  const std::string body = EncodeError(ApiError::Of(
      ErrorType::kUnknownOperationException, std::string("Unknown operation T\xff\xc3(\xe2\x82") +
                                                 "\xc3\xa9\xf0\x9f\x94\x91"));
  EXPECT_EQ(body,
            "{\"__type\":\"UnknownOperationException\",\"message\":\"Unknown operation "
            "T\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xc3\xa9\xf0\x9f\x94\x91\"}");
  EXPECT_TRUE(IsValidUtf8(body));
}

TEST(EncodeError, TypeAndMessageOnly) {
  EXPECT_EQ(EncodeError(ApiError::Of(ErrorType::kValidationException,
                                     "1 validation error detected: Value 'RSA_4096' at "
                                     "'wrappingKeySpec' failed to satisfy constraint: Member must "
                                     "satisfy enum value set: [RSA_2048]")),
            R"({"__type":"ValidationException","message":"1 validation error detected: Value )"
            R"('RSA_4096' at 'wrappingKeySpec' failed to satisfy constraint: Member must satisfy )"
            R"(enum value set: [RSA_2048]"})");
  EXPECT_EQ(EncodeError(ApiError::Of(ErrorType::kNotFoundException, "Invalid keyId '\"x\\\n'")),
            R"({"__type":"NotFoundException","message":"Invalid keyId '\"x\\\n'"})");
}

// ---- responses: byte-exact goldens ----

KeyMetadata PendingImportMetadata() {
  KeyMetadata m;
  m.aws_account_id = "111122223333";
  m.key_id = kKeyId;
  m.arn = kArn;
  m.creation_date = 1593893322.325;
  m.enabled = false;
  m.description = "";
  m.key_usage = KeyUsage::kEncryptDecrypt;
  m.key_state = KeyState::kPendingImport;
  m.origin = Origin::kExternal;
  m.key_manager = KeyManager::kCustomer;
  m.customer_master_key_spec = KeySpec::kSymmetricDefault;
  m.key_spec = KeySpec::kSymmetricDefault;
  m.encryption_algorithms = std::vector<EncryptionAlgorithm>{EncryptionAlgorithm::kSymmetricDefault};
  m.multi_region = false;
  return m;
}

TEST(EncodeResponse, EmptyResponse) { EXPECT_EQ(EncodeResponse(EmptyResponse{}), "{}"); }

TEST(EncodeResponse, CreateKeyOfAnExternalKey) {
  EXPECT_EQ(
      EncodeResponse(CreateKeyResponse{PendingImportMetadata()}),
      R"({"KeyMetadata":{"AWSAccountId":"111122223333","Arn":"arn:aws:kms:us-east-1:111122223333:key/)"
      R"(1234abcd-12ab-34cd-56ef-1234567890ab","CreationDate":1.593893322325E9,)"
      R"("CustomerMasterKeySpec":"SYMMETRIC_DEFAULT","Description":"","Enabled":false,)"
      R"("EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab",)"
      R"("KeyManager":"CUSTOMER","KeySpec":"SYMMETRIC_DEFAULT","KeyState":"PendingImport",)"
      R"("KeyUsage":"ENCRYPT_DECRYPT","MultiRegion":false,"Origin":"EXTERNAL"}})");
}

TEST(EncodeResponse, DescribeKeyAfterImportIn2026) {
  KeyMetadata m = PendingImportMetadata();
  m.enabled = true;
  m.key_state = KeyState::kEnabled;
  m.expiration_model = ExpirationModel::kKeyMaterialExpires;
  m.valid_to = 1798761600;
  m.current_key_material_id = kMaterialId;
  m.description = "imported \"test\" key\n";
  EXPECT_EQ(
      EncodeResponse(DescribeKeyResponse{m}),
      R"({"KeyMetadata":{"AWSAccountId":"111122223333","Arn":"arn:aws:kms:us-east-1:111122223333:key/)"
      R"(1234abcd-12ab-34cd-56ef-1234567890ab","CreationDate":1.593893322325E9,)"
      R"("CurrentKeyMaterialId":"0b7fd4f5a1e8c3d2b9a6f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f",)"
      R"("CustomerMasterKeySpec":"SYMMETRIC_DEFAULT","Description":"imported \"test\" key\n",)"
      R"("Enabled":true,"EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],)"
      R"("ExpirationModel":"KEY_MATERIAL_EXPIRES","KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab",)"
      R"("KeyManager":"CUSTOMER","KeySpec":"SYMMETRIC_DEFAULT","KeyState":"Enabled",)"
      R"("KeyUsage":"ENCRYPT_DECRYPT","MultiRegion":false,"Origin":"EXTERNAL","ValidTo":1.7987616E9}})");
}

TEST(EncodeResponse, DescribeKeyWithEveryAlgorithmList) {
  KeyMetadata m;
  m.key_id = "k";
  m.key_spec = KeySpec::kEccNistP256;
  m.signing_algorithms = std::vector<SigningAlgorithm>{SigningAlgorithm::kEcdsaSha256};
  m.mac_algorithms = std::vector<MacAlgorithm>{};
  m.key_agreement_algorithms = std::vector<KeyAgreementAlgorithm>{KeyAgreementAlgorithm::kEcdh};
  m.pending_deletion_window_in_days = 7;
  m.deletion_date = 1767830400;
  EXPECT_EQ(EncodeResponse(DescribeKeyResponse{m}),
            R"({"KeyMetadata":{"DeletionDate":1.7678304E9,"KeyAgreementAlgorithms":["ECDH"],)"
            R"("KeyId":"k","KeySpec":"ECC_NIST_P256","MacAlgorithms":[],)"
            R"("PendingDeletionWindowInDays":7,"SigningAlgorithms":["ECDSA_SHA_256"]}})");
  EXPECT_EQ(EncodeResponse(DescribeKeyResponse{}), "{}");
}

TEST(EncodeResponse, ListKeys) {
  ListKeysResponse r;
  r.keys = std::vector<KeyListEntry>{{kKeyId, kArn}, {std::string("k2"), std::nullopt}};
  r.next_marker = "page-2";
  r.truncated = true;
  EXPECT_EQ(EncodeResponse(r),
            R"({"Keys":[{"KeyArn":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-)"
            R"(1234567890ab","KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab"},{"KeyId":"k2"}],)"
            R"("NextMarker":"page-2","Truncated":true})");
}

TEST(EncodeResponse, ListAliases) {
  // The shape of the example in AWS's ListAliases reference, and an entry with only a name.
  ListAliasesResponse r;
  AliasListEntry e;
  e.alias_name = "alias/ExampleAlias";
  e.alias_arn = "arn:aws:kms:us-east-1:111122223333:alias/ExampleAlias";
  e.target_key_id = kKeyId;
  e.creation_date = 1593622000.191;
  e.last_updated_date = 1593622000.191;
  AliasListEntry bare;
  bare.alias_name = "alias/aws/ebs";
  r.aliases = std::vector<AliasListEntry>{e, bare};
  r.truncated = false;
  EXPECT_EQ(EncodeResponse(r),
            R"({"Aliases":[{"AliasArn":"arn:aws:kms:us-east-1:111122223333:alias/ExampleAlias",)"
            R"("AliasName":"alias/ExampleAlias","CreationDate":1.593622000191E9,)"
            R"("LastUpdatedDate":1.593622000191E9,)"
            R"("TargetKeyId":"1234abcd-12ab-34cd-56ef-1234567890ab"},)"
            R"({"AliasName":"alias/aws/ebs"}],"Truncated":false})");
  ListAliasesResponse page;
  page.aliases = std::vector<AliasListEntry>{};
  page.next_marker = "m2";
  page.truncated = true;
  EXPECT_EQ(EncodeResponse(page), R"({"Aliases":[],"NextMarker":"m2","Truncated":true})");
}

TEST(EncodeResponse, ScheduleAndCancelKeyDeletion) {
  ScheduleKeyDeletionResponse s;
  s.key_id = kArn;
  s.deletion_date = 1769817600;
  s.key_state = KeyState::kPendingDeletion;
  s.pending_window_in_days = 30;
  EXPECT_EQ(EncodeResponse(s),
            R"({"DeletionDate":1.7698176E9,"KeyId":"arn:aws:kms:us-east-1:111122223333:key/)"
            R"(1234abcd-12ab-34cd-56ef-1234567890ab","KeyState":"PendingDeletion",)"
            R"("PendingWindowInDays":30})");
  EXPECT_EQ(EncodeResponse(CancelKeyDeletionResponse{kArn}),
            R"({"KeyId":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"})");
}

TEST(EncodeResponse, GetParametersForImport) {
  GetParametersForImportResponse r;
  r.key_id = kArn;
  r.import_token = Bytes{0x01, 0x02, 0x03, 0xFE, 0xFF};
  r.public_key = Bytes{0x30, 0x82, 0x01, 0x22};
  r.parameters_valid_to = 1767312000.123;
  EXPECT_EQ(EncodeResponse(r),
            R"({"ImportToken":"AQID/v8=","KeyId":"arn:aws:kms:us-east-1:111122223333:key/)"
            R"(1234abcd-12ab-34cd-56ef-1234567890ab","ParametersValidTo":1.767312000123E9,)"
            R"("PublicKey":"MIIBIg=="})");
}

TEST(EncodeResponse, ImportAndDeleteImportedKeyMaterial) {
  EXPECT_EQ(EncodeResponse(ImportKeyMaterialResponse{}), "{}");  // 2022
  EXPECT_EQ(EncodeResponse(ImportKeyMaterialResponse{kArn, kMaterialId}),
            R"({"KeyId":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-)"
            R"(1234567890ab","KeyMaterialId":"0b7fd4f5a1e8c3d2b9a6f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f"})");
  EXPECT_EQ(EncodeResponse(DeleteImportedKeyMaterialResponse{}), "{}");
  EXPECT_EQ(EncodeResponse(DeleteImportedKeyMaterialResponse{kArn, kMaterialId}),
            R"({"KeyId":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-)"
            R"(1234567890ab","KeyMaterialId":"0b7fd4f5a1e8c3d2b9a6f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f"})");
}

TEST(EncodeResponse, EncryptAndDecrypt) {
  EncryptResponse e;
  e.ciphertext_blob = ToBytes("ciphertext");
  e.key_id = kArn;
  e.encryption_algorithm = EncryptionAlgorithm::kSymmetricDefault;
  EXPECT_EQ(EncodeResponse(e),
            R"({"CiphertextBlob":"Y2lwaGVydGV4dA==","EncryptionAlgorithm":"SYMMETRIC_DEFAULT",)"
            R"("KeyId":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"})");
  DecryptResponse d;
  d.key_id = kArn;
  d.plaintext = ToBytes("hi");
  d.encryption_algorithm = EncryptionAlgorithm::kSymmetricDefault;
  d.key_material_id = kMaterialId;
  EXPECT_EQ(EncodeResponse(d),
            R"({"EncryptionAlgorithm":"SYMMETRIC_DEFAULT","KeyId":"arn:aws:kms:us-east-1:)"
            R"(111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","KeyMaterialId":)"
            R"("0b7fd4f5a1e8c3d2b9a6f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f","Plaintext":"aGk="})");
}

// ---- requests ----

TEST(EncodeRequest, ImportKeyMaterialWritesPlainEpochSeconds) {
  ImportKeyMaterialRequest r;
  r.key_id = kArn;
  r.import_token = Bytes{1, 2, 3, 4};
  r.encrypted_key_material = Bytes{5, 6, 7};
  r.valid_to = 1767225600;
  r.expiration_model = ExpirationModel::kKeyMaterialExpires;
  EXPECT_EQ(EncodeRequest(r),
            R"({"EncryptedKeyMaterial":"BQYH","ExpirationModel":"KEY_MATERIAL_EXPIRES",)"
            R"("ImportToken":"AQIDBA==","KeyId":"arn:aws:kms:us-east-1:111122223333:key/)"
            R"(1234abcd-12ab-34cd-56ef-1234567890ab","ValidTo":1767225600})");
  r.valid_to = 1767225600.5;
  r.import_type = ImportType::kNewKeyMaterial;
  r.key_material_description = "first";
  r.key_material_id = kMaterialId;
  EXPECT_EQ(EncodeRequest(r),
            R"({"EncryptedKeyMaterial":"BQYH","ExpirationModel":"KEY_MATERIAL_EXPIRES",)"
            R"("ImportToken":"AQIDBA==","ImportType":"NEW_KEY_MATERIAL","KeyId":"arn:aws:kms:)"
            R"(us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",)"
            R"("KeyMaterialDescription":"first","KeyMaterialId":)"
            R"("0b7fd4f5a1e8c3d2b9a6f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f",)"
            R"("ValidTo":1767225600.5})");
}

TEST(EncodeRequest, RequiredMembersAreAlwaysWritten) {
  EXPECT_EQ(EncodeRequest(GetParametersForImportRequest{}),
            R"({"KeyId":"","WrappingAlgorithm":"RSAES_OAEP_SHA_256","WrappingKeySpec":"RSA_2048"})");
  EXPECT_EQ(EncodeRequest(ListKeysRequest{}), "{}");
  EXPECT_EQ(EncodeRequest(EnableKeyRequest{"k"}), R"({"KeyId":"k"})");
  EXPECT_EQ(EncodeRequest(DisableKeyRequest{"k"}), R"({"KeyId":"k"})");
}

TEST(EncodeRequest, CreateKeyWithTags) {
  CreateKeyRequest r;
  r.origin = Origin::kExternal;
  r.key_usage = KeyUsage::kEncryptDecrypt;
  r.tags = std::vector<Tag>{{"team", "crypto"}, {"empty", ""}};
  r.description = "tab\there";
  EXPECT_EQ(EncodeRequest(r),
            R"({"Description":"tab\there","KeyUsage":"ENCRYPT_DECRYPT","Origin":"EXTERNAL",)"
            R"("Tags":[{"TagKey":"team","TagValue":"crypto"},{"TagKey":"empty","TagValue":""}]})");
}

TEST(EncodeRequest, EncryptWithContextSortsKeys) {
  EncryptRequest r;
  r.key_id = "alias/import";
  r.plaintext = ToBytes("hi");
  r.encryption_context = EncryptionContext{{"z\"", "1"}, {"a", "2"}};
  r.grant_tokens = std::vector<std::string>{"g"};
  EXPECT_EQ(EncodeRequest(r),
            R"({"EncryptionContext":{"a":"2","z\"":"1"},"GrantTokens":["g"],)"
            R"("KeyId":"alias/import","Plaintext":"aGk="})");
}

TEST(EncodeRequest, TheAliasOperations) {
  EXPECT_EQ(EncodeRequest(CreateAliasRequest{"alias/a", kKeyId}),
            R"({"AliasName":"alias/a","TargetKeyId":"1234abcd-12ab-34cd-56ef-1234567890ab"})");
  EXPECT_EQ(EncodeRequest(UpdateAliasRequest{"alias/a", kArn}),
            R"({"AliasName":"alias/a","TargetKeyId":")" + kArn + R"("})");
  EXPECT_EQ(EncodeRequest(DeleteAliasRequest{"alias/a"}), R"({"AliasName":"alias/a"})");
  EXPECT_EQ(EncodeRequest(ListAliasesRequest{}), "{}");
  EXPECT_EQ(EncodeRequest(ListAliasesRequest{kKeyId, 10, "m"}),
            R"({"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","Limit":10,"Marker":"m"})");
}

TEST(EncodeRequest, DescribeDeleteScheduleCancelDecrypt) {
  EXPECT_EQ(EncodeRequest(DescribeKeyRequest{"k", std::nullopt}), R"({"KeyId":"k"})");
  EXPECT_EQ(EncodeRequest(DeleteImportedKeyMaterialRequest{"k", kMaterialId}),
            R"({"KeyId":"k","KeyMaterialId":"0b7fd4f5a1e8c3d2b9a6f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f"})");
  EXPECT_EQ(EncodeRequest(ScheduleKeyDeletionRequest{"k", 7}),
            R"({"KeyId":"k","PendingWindowInDays":7})");
  EXPECT_EQ(EncodeRequest(CancelKeyDeletionRequest{"k"}), R"({"KeyId":"k"})");
  DecryptRequest d;
  d.ciphertext_blob = Bytes{0xFF};
  d.encryption_algorithm = EncryptionAlgorithm::kSymmetricDefault;
  d.dry_run = false;
  EXPECT_EQ(EncodeRequest(d),
            R"({"CiphertextBlob":"/w==","DryRun":false,"EncryptionAlgorithm":"SYMMETRIC_DEFAULT"})");
}

}  // namespace
}  // namespace kc::codec
