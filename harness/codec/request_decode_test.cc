// DecodeRequest (server side, strict): every negative case asserts the exact error type and
// the exact message.
#include <string>

#include <gtest/gtest.h>

#include "harness/codec/codec.h"

namespace kc::codec {
namespace {

using contract::Profile;

constexpr std::string_view kKeyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
constexpr std::string_view kKeyArn =
    "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const std::string kHex64(64, 'a');

template <typename Req>
ApiError ErrorOf(std::string_view body, Profile p) {
  Decoded<Req> d = DecodeRequest<Req>(body, p);
  EXPECT_FALSE(d.ok()) << body;
  return d.ok() ? ApiError{} : d.error();
}

template <typename Req>
Req ValueOf(std::string_view body, Profile p) {
  Decoded<Req> d = DecodeRequest<Req>(body, p);
  EXPECT_TRUE(d.ok()) << body << " -> " << (d.ok() ? "" : d.error().message);
  return d.ok() ? d.value() : Req{};
}

void ExpectError(const ApiError& e, ErrorType type, std::string_view message) {
  EXPECT_EQ(e.type_name, contract::ToWire(type));
  EXPECT_EQ(e.message, message);
}

// ---- GetParametersForImport ----

TEST(DecodeGetParametersForImport, ValidRequestDecodes) {
  const auto req = ValueOf<GetParametersForImportRequest>(
      R"({"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","WrappingAlgorithm":"RSAES_OAEP_SHA_1",)"
      R"("WrappingKeySpec":"RSA_2048"})",
      Profile::k2022);
  EXPECT_EQ(req.key_id, kKeyId);
  EXPECT_EQ(req.wrapping_algorithm, WrappingAlgorithm::kRsaesOaepSha1);
  EXPECT_EQ(req.wrapping_key_spec, WrappingKeySpec::kRsa2048);
}

TEST(DecodeGetParametersForImport, Rsa4096IsOutsideThe2022Enum) {
  // gpfi.wrapping-key-spec: the example CONTRACT.md quotes, byte for byte.
  const std::string body = std::string(R"({"KeyId":")") + std::string(kKeyId) +
                           R"(","WrappingAlgorithm":"RSAES_OAEP_SHA_256","WrappingKeySpec":"RSA_4096"})";
  ExpectError(ErrorOf<GetParametersForImportRequest>(body, Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value 'RSA_4096' at 'wrappingKeySpec' failed to "
              "satisfy constraint: Member must satisfy enum value set: [RSA_2048]");
  const auto req = ValueOf<GetParametersForImportRequest>(body, Profile::k2026);
  EXPECT_EQ(req.wrapping_key_spec, WrappingKeySpec::kRsa4096);
}

TEST(DecodeGetParametersForImport, RsaAesKeyWrapIsOutsideThe2022Enum) {
  // gpfi.wrapping-algorithm.
  const std::string body = std::string(R"({"KeyId":")") + std::string(kKeyId) +
                           R"(","WrappingAlgorithm":"RSA_AES_KEY_WRAP_SHA_256","WrappingKeySpec":"RSA_2048"})";
  ExpectError(ErrorOf<GetParametersForImportRequest>(body, Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value 'RSA_AES_KEY_WRAP_SHA_256' at "
              "'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy enum value "
              "set: [RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256]");
  EXPECT_EQ(ValueOf<GetParametersForImportRequest>(body, Profile::k2026).wrapping_algorithm,
            WrappingAlgorithm::kRsaAesKeyWrapSha256);
}

TEST(DecodeGetParametersForImport, MissingKeyIdIsNull) {
  // gpfi.required-members.
  ExpectError(ErrorOf<GetParametersForImportRequest>(
                  R"({"WrappingAlgorithm":"RSAES_OAEP_SHA_256","WrappingKeySpec":"RSA_2048"})",
                  Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: "
              "Member must not be null");
}

TEST(DecodeGetParametersForImport, JsonNullIsAbsent) {
  ExpectError(
      ErrorOf<GetParametersForImportRequest>(
          R"({"KeyId":null,"WrappingAlgorithm":"RSAES_OAEP_SHA_256","WrappingKeySpec":"RSA_2048"})",
          Profile::k2022),
      ErrorType::kValidationException,
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member "
      "must not be null");
}

TEST(DecodeGetParametersForImport, TwoViolationsAreJoinedInModelOrder) {
  ExpectError(ErrorOf<GetParametersForImportRequest>(
                  R"({"WrappingKeySpec":"RSA_4096","WrappingAlgorithm":"RSAES_OAEP_SHA_256"})",
                  Profile::k2022),
              ErrorType::kValidationException,
              "2 validation errors detected: Value null at 'keyId' failed to satisfy "
              "constraint: Member must not be null; Value 'RSA_4096' at 'wrappingKeySpec' "
              "failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048]");
}

TEST(DecodeGetParametersForImport, EmptyBodyMeansEmptyObject) {
  ExpectError(ErrorOf<GetParametersForImportRequest>("", Profile::k2026),
              ErrorType::kValidationException,
              "3 validation errors detected: Value null at 'keyId' failed to satisfy "
              "constraint: Member must not be null; Value null at 'wrappingAlgorithm' failed to "
              "satisfy constraint: Member must not be null; Value null at 'wrappingKeySpec' "
              "failed to satisfy constraint: Member must not be null");
}

TEST(DecodeGetParametersForImport, EmptyKeyIdBreaksMinLength) {
  ExpectError(
      ErrorOf<GetParametersForImportRequest>(
          R"({"KeyId":"","WrappingAlgorithm":"RSAES_OAEP_SHA_256","WrappingKeySpec":"RSA_2048"})",
          Profile::k2022),
      ErrorType::kValidationException,
      "1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member "
      "must have length greater than or equal to 1");
}

TEST(DecodeGetParametersForImport, KeyIdLengthCountsUtf16Units) {
  // 1024 U+1F600 (4 UTF-8 bytes, 2 UTF-16 units each) = 2048 units: the maximum.
  std::string emoji;
  for (int i = 0; i < 1024; ++i) emoji += "\xF0\x9F\x98\x80";
  const std::string ok_body = R"({"KeyId":")" + emoji +
                              R"(","WrappingAlgorithm":"RSAES_OAEP_SHA_256","WrappingKeySpec":"RSA_2048"})";
  EXPECT_EQ(ValueOf<GetParametersForImportRequest>(ok_body, Profile::k2022).key_id, emoji);
  const std::string long_body = R"({"KeyId":"x)" + emoji +
                                R"(","WrappingAlgorithm":"RSAES_OAEP_SHA_256","WrappingKeySpec":"RSA_2048"})";
  ExpectError(ErrorOf<GetParametersForImportRequest>(long_body, Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value 'x" + emoji +
                  "' at 'keyId' failed to satisfy constraint: Member must have length less than "
                  "or equal to 2048");
}

TEST(DecodeGetParametersForImport, UnknownMembersAreIgnored) {
  const auto req = ValueOf<GetParametersForImportRequest>(
      R"({"KeyId":"k","WrappingAlgorithm":"RSAES_OAEP_SHA_256","WrappingKeySpec":"RSA_2048",)"
      R"("Unknown":[1,{"x":null}],"wrappingKeySpec":5})",
      Profile::k2022);
  EXPECT_EQ(req.key_id, "k");
}

// ---- malformed bodies: SerializationException (proto.malformed-json) ----

TEST(DecodeMalformed, NotJsonIsSerializationException) {
  ExpectError(ErrorOf<DescribeKeyRequest>(R"({"KeyId":)", Profile::k2022),
              ErrorType::kSerializationException, "The request body is not well-formed JSON");
  ExpectError(ErrorOf<DescribeKeyRequest>(R"({"KeyId":"k",})", Profile::k2022),
              ErrorType::kSerializationException, "The request body is not well-formed JSON");
  ExpectError(ErrorOf<DescribeKeyRequest>(R"({"KeyId":"k"} x)", Profile::k2022),
              ErrorType::kSerializationException, "The request body is not well-formed JSON");
  ExpectError(ErrorOf<DescribeKeyRequest>(" ", Profile::k2022),
              ErrorType::kSerializationException, "The request body is not well-formed JSON");
}

TEST(DecodeMalformed, InvalidUtf8IsSerializationException) {
  ExpectError(ErrorOf<DescribeKeyRequest>("{\"KeyId\":\"\xC3\x28\"}", Profile::k2022),
              ErrorType::kSerializationException, "The request body is not well-formed JSON");
}

TEST(DecodeMalformed, TopLevelArrayIsSerializationException) {
  ExpectError(ErrorOf<DescribeKeyRequest>(R"([{"KeyId":"k"}])", Profile::k2022),
              ErrorType::kSerializationException,
              "The request body must be a JSON object, found a JSON array");
  ExpectError(ErrorOf<DescribeKeyRequest>("null", Profile::k2022),
              ErrorType::kSerializationException,
              "The request body must be a JSON object, found null");
}

TEST(DecodeMalformed, DuplicateKeyIsSerializationException) {
  ExpectError(ErrorOf<DescribeKeyRequest>(R"({"KeyId":"a","KeyId":"b"})", Profile::k2022),
              ErrorType::kSerializationException,
              "The request body names a member twice in one JSON object");
  // Also in a nested object, and in a member the model does not have.
  ExpectError(ErrorOf<EncryptRequest>(
                  R"({"KeyId":"k","Plaintext":"AA==","EncryptionContext":{"a":"1","a":"2"}})",
                  Profile::k2022),
              ErrorType::kSerializationException,
              "The request body names a member twice in one JSON object");
  ExpectError(ErrorOf<DescribeKeyRequest>(R"({"KeyId":"a","X":[{"y":1,"y":2}]})", Profile::k2022),
              ErrorType::kSerializationException,
              "The request body names a member twice in one JSON object");
}

TEST(DecodeMalformed, WrongJsonTypeIsSerializationException) {
  ExpectError(ErrorOf<DescribeKeyRequest>(R"({"KeyId":5})", Profile::k2022),
              ErrorType::kSerializationException,
              "Unexpected value at 'keyId': expected a JSON string, found a JSON integer");
  ExpectError(ErrorOf<DescribeKeyRequest>(R"({"KeyId":"k","GrantTokens":"t"})", Profile::k2022),
              ErrorType::kSerializationException,
              "Unexpected value at 'grantTokens': expected a JSON array, found a JSON string");
  ExpectError(ErrorOf<DescribeKeyRequest>(R"({"KeyId":"k","GrantTokens":["t",7]})", Profile::k2022),
              ErrorType::kSerializationException,
              "Unexpected value at 'grantTokens.2.member': expected a JSON string, found a JSON "
              "integer");
  ExpectError(ErrorOf<CreateKeyRequest>(R"({"MultiRegion":"true"})", Profile::k2022),
              ErrorType::kSerializationException,
              "Unexpected value at 'multiRegion': expected true or false, found a JSON string");
}

TEST(DecodeMalformed, SerializationExceptionWinsOverValidation) {
  ExpectError(ErrorOf<GetParametersForImportRequest>(
                  R"({"WrappingKeySpec":"RSA_4096","WrappingAlgorithm":1})", Profile::k2022),
              ErrorType::kSerializationException,
              "Unexpected value at 'wrappingAlgorithm': expected a JSON string, found a JSON "
              "integer");
}

TEST(DecodeMalformed, InvalidBase64IsSerializationExceptionWithoutTheBlob) {
  const std::string secret = "c2VjcmV0LWtleS1tYXRlcmlhbA";  // unpadded: not strict base64
  const ApiError e = ErrorOf<ImportKeyMaterialRequest>(
      R"({"KeyId":"k","ImportToken":"AAAA","EncryptedKeyMaterial":")" + secret +
          R"(","ExpirationModel":"KEY_MATERIAL_DOES_NOT_EXPIRE"})",
      Profile::k2022);
  ExpectError(e, ErrorType::kSerializationException,
              "Value at 'encryptedKeyMaterial' is not valid base64 (standard alphabet with "
              "padding)");
  EXPECT_EQ(e.message.find(secret), std::string::npos);
  // URL-safe alphabet and non-zero trailing bits are refused too.
  ExpectError(ErrorOf<EncryptRequest>(R"({"KeyId":"k","Plaintext":"-_8="})", Profile::k2022),
              ErrorType::kSerializationException,
              "Value at 'plaintext' is not valid base64 (standard alphabet with padding)");
  ExpectError(ErrorOf<EncryptRequest>(R"({"KeyId":"k","Plaintext":"AB=="})", Profile::k2022),
              ErrorType::kSerializationException,
              "Value at 'plaintext' is not valid base64 (standard alphabet with padding)");
}

// ---- ListKeys: integers ----

TEST(DecodeListKeys, FractionalLimitIsSerializationException) {
  ExpectError(ErrorOf<ListKeysRequest>(R"({"Limit":5.0})", Profile::k2022),
              ErrorType::kSerializationException,
              "Unexpected value at 'limit': expected a JSON integer, found a JSON number with a "
              "fraction or exponent");
  ExpectError(ErrorOf<ListKeysRequest>(R"({"Limit":1e2})", Profile::k2022),
              ErrorType::kSerializationException,
              "Unexpected value at 'limit': expected a JSON integer, found a JSON number with a "
              "fraction or exponent");
}

TEST(DecodeListKeys, LimitOutsideInt32IsSerializationException) {
  ExpectError(ErrorOf<ListKeysRequest>(R"({"Limit":2147483648})", Profile::k2022),
              ErrorType::kSerializationException,
              "Value at 'limit' is outside the 32-bit integer range");
  ExpectError(ErrorOf<ListKeysRequest>(R"({"Limit":18446744073709551615})", Profile::k2022),
              ErrorType::kSerializationException,
              "Value at 'limit' is outside the 32-bit integer range");
}

TEST(DecodeListKeys, LimitRangeIsValidated) {
  ExpectError(ErrorOf<ListKeysRequest>(R"({"Limit":0})", Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
              "Member must have value greater than or equal to 1");
  ExpectError(ErrorOf<ListKeysRequest>(R"({"Limit":1001,"Marker":""})", Profile::k2022),
              ErrorType::kValidationException,
              "2 validation errors detected: Value '1001' at 'limit' failed to satisfy "
              "constraint: Member must have value less than or equal to 1000; Value '' at "
              "'marker' failed to satisfy constraint: Member must have length greater than or "
              "equal to 1");
  const auto req = ValueOf<ListKeysRequest>(R"({"Limit":1000,"Marker":"abc"})", Profile::k2022);
  EXPECT_EQ(req.limit, 1000);
  EXPECT_EQ(req.marker, "abc");
}

TEST(DecodeListKeys, MarkerPatternIsValidated) {
  ExpectError(ErrorOf<ListKeysRequest>("{\"Marker\":\"a\\u0001\"}", Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value 'a\x01' at 'marker' failed to satisfy "
              "constraint: Member must satisfy regular expression pattern: [\\u0020-\\u00FF]*");
}

// ---- ImportKeyMaterial ----

std::string ImportBody(std::string_view extra) {
  return std::string(R"({"KeyId":")") + std::string(kKeyArn) +
         R"(","ImportToken":"AQIDBA==","EncryptedKeyMaterial":"BQYH")" + std::string(extra) + "}";
}

TEST(DecodeImportKeyMaterial, IntegerAndFractionalValidToAreBothAccepted) {
  // proto.timestamp-forms.
  auto req = ValueOf<ImportKeyMaterialRequest>(
      ImportBody(R"(,"ValidTo":1767225600,"ExpirationModel":"KEY_MATERIAL_EXPIRES")"),
      Profile::k2022);
  EXPECT_EQ(req.key_id, kKeyArn);
  EXPECT_EQ(req.import_token, (Bytes{1, 2, 3, 4}));
  EXPECT_EQ(req.encrypted_key_material, (Bytes{5, 6, 7}));
  EXPECT_EQ(req.valid_to, 1767225600.0);
  EXPECT_EQ(req.expiration_model, ExpirationModel::kKeyMaterialExpires);
  req = ValueOf<ImportKeyMaterialRequest>(ImportBody(R"(,"ValidTo":1767225600.125)"),
                                          Profile::k2022);
  EXPECT_EQ(req.valid_to, 1767225600.125);
  req = ValueOf<ImportKeyMaterialRequest>(ImportBody(R"(,"ValidTo":1.7672256E9)"), Profile::k2022);
  EXPECT_EQ(req.valid_to, 1767225600.0);
}

TEST(DecodeImportKeyMaterial, StringValidToIsSerializationException) {
  ExpectError(ErrorOf<ImportKeyMaterialRequest>(ImportBody(R"(,"ValidTo":"2026-01-01T00:00:00Z")"),
                                                Profile::k2022),
              ErrorType::kSerializationException,
              "Unexpected value at 'validTo': expected a JSON number of epoch seconds, found a "
              "JSON string");
}

TEST(DecodeImportKeyMaterial, ImportTypeIsIgnoredIn2022AndValidatedIn2026) {
  const std::string body = ImportBody(R"(,"ImportType":"NOT_A_TYPE")");
  const auto req = ValueOf<ImportKeyMaterialRequest>(body, Profile::k2022);
  EXPECT_FALSE(req.import_type.has_value());
  ExpectError(ErrorOf<ImportKeyMaterialRequest>(body, Profile::k2026),
              ErrorType::kValidationException,
              "1 validation error detected: Value 'NOT_A_TYPE' at 'importType' failed to satisfy "
              "constraint: Member must satisfy enum value set: [NEW_KEY_MATERIAL, "
              "EXISTING_KEY_MATERIAL]");
  // A valid ImportType is still ignored in 2022 (the model has no such member) and kept in 2026.
  const std::string valid = ImportBody(R"(,"ImportType":"NEW_KEY_MATERIAL")");
  EXPECT_FALSE(ValueOf<ImportKeyMaterialRequest>(valid, Profile::k2022).import_type);
  EXPECT_EQ(ValueOf<ImportKeyMaterialRequest>(valid, Profile::k2026).import_type,
            ImportType::kNewKeyMaterial);
}

TEST(DecodeImportKeyMaterial, KeyMaterialIdPatternAndLength) {
  ExpectError(ErrorOf<ImportKeyMaterialRequest>(ImportBody(R"(,"KeyMaterialId":"XYZ")"),
                                                Profile::k2026),
              ErrorType::kValidationException,
              "2 validation errors detected: Value 'XYZ' at 'keyMaterialId' failed to satisfy "
              "constraint: Member must have length greater than or equal to 64; Value 'XYZ' at "
              "'keyMaterialId' failed to satisfy constraint: Member must satisfy regular "
              "expression pattern: ^[a-f0-9]+$");
  const std::string upper(64, 'A');
  ExpectError(ErrorOf<ImportKeyMaterialRequest>(
                  ImportBody(R"(,"KeyMaterialId":")" + upper + "\""), Profile::k2026),
              ErrorType::kValidationException,
              "1 validation error detected: Value '" + upper +
                  "' at 'keyMaterialId' failed to satisfy constraint: Member must satisfy "
                  "regular expression pattern: ^[a-f0-9]+$");
  ExpectError(ErrorOf<ImportKeyMaterialRequest>(
                  ImportBody(R"(,"KeyMaterialId":")" + kHex64 + "0\""), Profile::k2026),
              ErrorType::kValidationException,
              "1 validation error detected: Value '" + kHex64 +
                  "0' at 'keyMaterialId' failed to satisfy constraint: Member must have length "
                  "less than or equal to 64");
  EXPECT_EQ(ValueOf<ImportKeyMaterialRequest>(ImportBody(R"(,"KeyMaterialId":")" + kHex64 + "\""),
                                              Profile::k2026)
                .key_material_id,
            kHex64);
}

TEST(DecodeImportKeyMaterial, EmptyBlobBreaksMinLengthWithoutEchoingIt) {
  ExpectError(ErrorOf<ImportKeyMaterialRequest>(
                  R"({"KeyId":"k","ImportToken":"","EncryptedKeyMaterial":"AA=="})",
                  Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value at 'importToken' failed to satisfy "
              "constraint: Member must have length greater than or equal to 1");
}

TEST(DecodeImportKeyMaterial, OversizedTokenBreaksMaxLength) {
  const std::string token(6148, 'A');  // 4611 bytes... (6148/4*3)
  const std::string big(8196, 'A');    // 6147 bytes > 6144
  ExpectError(ErrorOf<ImportKeyMaterialRequest>(
                  R"({"KeyId":"k","ImportToken":")" + big + R"(","EncryptedKeyMaterial":"AA=="})",
                  Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value at 'importToken' failed to satisfy "
              "constraint: Member must have length less than or equal to 6144");
  EXPECT_EQ(ValueOf<ImportKeyMaterialRequest>(
                R"({"KeyId":"k","ImportToken":")" + token + R"(","EncryptedKeyMaterial":"AA=="})",
                Profile::k2022)
                .import_token.size(),
            4611u);
}

// ---- CreateKey: nested paths ----

TEST(DecodeCreateKey, TagsViolationsNameTheNestedPath) {
  ExpectError(ErrorOf<CreateKeyRequest>(
                  R"({"Origin":"EXTERNAL","Tags":[{"TagKey":"a","TagValue":"b"},{"TagValue":"c"},)"
                  R"({"TagKey":"","TagValue":"d"}]})",
                  Profile::k2022),
              ErrorType::kValidationException,
              "2 validation errors detected: Value null at 'tags.2.member.tagKey' failed to "
              "satisfy constraint: Member must not be null; Value '' at 'tags.3.member.tagKey' "
              "failed to satisfy constraint: Member must have length greater than or equal to 1");
}

TEST(DecodeCreateKey, AllMembersDecode) {
  const auto req = ValueOf<CreateKeyRequest>(
      R"({"Policy":"{}","Description":"d\n\u00e9","KeyUsage":"ENCRYPT_DECRYPT",)"
      R"("KeySpec":"SYMMETRIC_DEFAULT","CustomerMasterKeySpec":"SYMMETRIC_DEFAULT","Origin":"EXTERNAL",)"
      R"("CustomKeyStoreId":"cks-1","BypassPolicyLockoutSafetyCheck":false,)"
      R"("Tags":[{"TagKey":"k","TagValue":""}],"MultiRegion":true,"XksKeyId":"a.b-c_d"})",
      Profile::k2022);
  CreateKeyRequest want;
  want.policy = "{}";
  want.description = "d\n\xC3\xA9";
  want.key_usage = KeyUsage::kEncryptDecrypt;
  want.key_spec = KeySpec::kSymmetricDefault;
  want.customer_master_key_spec = KeySpec::kSymmetricDefault;
  want.origin = Origin::kExternal;
  want.custom_key_store_id = "cks-1";
  want.bypass_policy_lockout_safety_check = false;
  want.tags = std::vector<Tag>{{"k", ""}};
  want.multi_region = true;
  want.xks_key_id = "a.b-c_d";
  EXPECT_TRUE(req == want);
}

TEST(DecodeCreateKey, KeySpecEnumFollowsTheProfile) {
  ExpectError(ErrorOf<CreateKeyRequest>(R"({"KeySpec":"ML_DSA_44"})", Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value 'ML_DSA_44' at 'keySpec' failed to satisfy "
              "constraint: Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, "
              "ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, SYMMETRIC_DEFAULT, "
              "HMAC_224, HMAC_256, HMAC_384, HMAC_512, SM2]");
  EXPECT_EQ(ValueOf<CreateKeyRequest>(R"({"KeySpec":"ML_DSA_44"})", Profile::k2026).key_spec,
            KeySpec::kMlDsa44);
}

TEST(DecodeCreateKey, PolicyPatternIsValidated) {
  ExpectError(ErrorOf<CreateKeyRequest>("{\"Policy\":\"\\u0100\"}", Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value '\xC4\x80' at 'policy' failed to satisfy "
              "constraint: Member must satisfy regular expression pattern: "
              "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
}

// ---- Encrypt / Decrypt ----

TEST(DecodeEncrypt, PlaintextIsNeverEchoed) {
  ExpectError(ErrorOf<EncryptRequest>(R"({"KeyId":"k","Plaintext":""})", Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: "
              "Member must have length greater than or equal to 1");
}

TEST(DecodeEncrypt, EncryptionContextAndGrantTokensDecode) {
  const auto req = ValueOf<EncryptRequest>(
      R"({"KeyId":"k","Plaintext":"aGk=","EncryptionContext":{"b":"2","a":"1"},)"
      R"("GrantTokens":["g1","g2"],"EncryptionAlgorithm":"SYMMETRIC_DEFAULT","DryRun":true})",
      Profile::k2026);
  EXPECT_EQ(req.plaintext, ToBytes("hi"));
  EXPECT_EQ(req.encryption_context, (EncryptionContext{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(req.grant_tokens, (std::vector<std::string>{"g1", "g2"}));
  EXPECT_EQ(req.encryption_algorithm, EncryptionAlgorithm::kSymmetricDefault);
  EXPECT_EQ(req.dry_run, true);
  // DryRun is a 2026 member: ignored in 2022.
  EXPECT_FALSE(ValueOf<EncryptRequest>(R"({"KeyId":"k","Plaintext":"aGk=","DryRun":true})",
                                       Profile::k2022)
                   .dry_run);
}

TEST(DecodeEncrypt, EncryptionContextValueMustBeAString) {
  ExpectError(ErrorOf<EncryptRequest>(
                  R"({"KeyId":"k","Plaintext":"aGk=","EncryptionContext":{"purpose":1}})",
                  Profile::k2022),
              ErrorType::kSerializationException,
              "Unexpected value at 'encryptionContext.purpose': expected a JSON string, found a "
              "JSON integer");
}

TEST(DecodeEncrypt, TooManyGrantTokensShowTheList) {
  ExpectError(
      ErrorOf<DescribeKeyRequest>(
          R"({"KeyId":"k","GrantTokens":["1","2","3","4","5","6","7","8","9","10","11"]})",
          Profile::k2022),
      ErrorType::kValidationException,
      "1 validation error detected: Value '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]' at 'grantTokens' "
      "failed to satisfy constraint: Member must have length less than or equal to 10");
}

TEST(DecodeDecrypt, CiphertextBlobIsRequiredIn2022Only) {
  ExpectError(ErrorOf<DecryptRequest>(R"({"KeyId":"k"})", Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy "
              "constraint: Member must not be null");
  EXPECT_EQ(ValueOf<DecryptRequest>(R"({"KeyId":"k"})", Profile::k2026).key_id, "k");
}

TEST(DecodeDecrypt, RecipientIsCheckedIn2026ButNotKept) {
  ExpectError(ErrorOf<DecryptRequest>(
                  R"({"CiphertextBlob":"AA==","Recipient":{"KeyEncryptionAlgorithm":"RSA"}})",
                  Profile::k2026),
              ErrorType::kValidationException,
              "1 validation error detected: Value 'RSA' at 'recipient.keyEncryptionAlgorithm' "
              "failed to satisfy constraint: Member must satisfy enum value set: "
              "[RSAES_OAEP_SHA_256]");
  EXPECT_EQ(ValueOf<DecryptRequest>(R"({"CiphertextBlob":"AA==","Recipient":{"X":1}})",
                                    Profile::k2026)
                .ciphertext_blob,
            (Bytes{0}));
}

// ---- key deletion ----

TEST(DecodeScheduleKeyDeletion, PendingWindowRange) {
  ExpectError(ErrorOf<ScheduleKeyDeletionRequest>(R"({"KeyId":"k","PendingWindowInDays":366})",
                                                  Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value '366' at 'pendingWindowInDays' failed to "
              "satisfy constraint: Member must have value less than or equal to 365");
  ExpectError(ErrorOf<ScheduleKeyDeletionRequest>(R"({"KeyId":"k","PendingWindowInDays":-0})",
                                                  Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value '0' at 'pendingWindowInDays' failed to "
              "satisfy constraint: Member must have value greater than or equal to 1");
  EXPECT_EQ(ValueOf<ScheduleKeyDeletionRequest>(R"({"KeyId":"k","PendingWindowInDays":7})",
                                                Profile::k2022)
                .pending_window_in_days,
            7);
}

// ---- the aliases ----

TEST(DecodeAliases, CreateAndUpdateAliasDecode) {
  const std::string body =
      R"({"AliasName":"alias/ExampleAlias","TargetKeyId":")" + std::string(kKeyArn) + R"("})";
  for (Profile p : {Profile::k2022, Profile::k2026}) {
    const auto c = ValueOf<CreateAliasRequest>(body, p);
    EXPECT_EQ(c.alias_name, "alias/ExampleAlias");
    EXPECT_EQ(c.target_key_id, kKeyArn);
    const auto u = ValueOf<UpdateAliasRequest>(body, p);
    EXPECT_EQ(u.alias_name, "alias/ExampleAlias");
    EXPECT_EQ(u.target_key_id, kKeyArn);
  }
  EXPECT_EQ(ValueOf<DeleteAliasRequest>(R"({"AliasName":"alias/x"})", Profile::k2022).alias_name,
            "alias/x");
}

TEST(DecodeAliases, RequiredMembersAreNamedInModelOrder) {
  ExpectError(ErrorOf<CreateAliasRequest>("{}", Profile::k2022), ErrorType::kValidationException,
              "2 validation errors detected: Value null at 'aliasName' failed to satisfy "
              "constraint: Member must not be null; Value null at 'targetKeyId' failed to "
              "satisfy constraint: Member must not be null");
  ExpectError(ErrorOf<UpdateAliasRequest>(R"({"AliasName":"alias/x"})", Profile::k2026),
              ErrorType::kValidationException,
              "1 validation error detected: Value null at 'targetKeyId' failed to satisfy "
              "constraint: Member must not be null");
  ExpectError(ErrorOf<DeleteAliasRequest>("", Profile::k2022), ErrorType::kValidationException,
              "1 validation error detected: Value null at 'aliasName' failed to satisfy "
              "constraint: Member must not be null");
}

TEST(DecodeAliases, AliasNamePatternAndLength) {
  // AliasNameType: ^[a-zA-Z0-9:/_-]+$, 1..256 (the model admits ':'; the model of the mock
  // refuses it later, as AWS does).
  ExpectError(ErrorOf<DeleteAliasRequest>(R"({"AliasName":"alias/a b"})", Profile::k2022),
              ErrorType::kValidationException,
              "1 validation error detected: Value 'alias/a b' at 'aliasName' failed to satisfy "
              "constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
  ExpectError(ErrorOf<DeleteAliasRequest>(R"({"AliasName":""})", Profile::k2022),
              ErrorType::kValidationException,
              "2 validation errors detected: Value '' at 'aliasName' failed to satisfy "
              "constraint: Member must have length greater than or equal to 1; Value '' at "
              "'aliasName' failed to satisfy constraint: Member must satisfy regular expression "
              "pattern: ^[a-zA-Z0-9:/_-]+$");
  const std::string long_name = "alias/" + std::string(251, 'a');
  ExpectError(
      ErrorOf<DeleteAliasRequest>(R"({"AliasName":")" + long_name + R"("})", Profile::k2022),
      ErrorType::kValidationException,
      "1 validation error detected: Value '" + long_name +
          "' at 'aliasName' failed to satisfy constraint: Member must have length less "
          "than or equal to 256");
  EXPECT_EQ(ValueOf<DeleteAliasRequest>(R"({"AliasName":")" + long_name.substr(1) + R"("})",
                                        Profile::k2022)
                .alias_name.size(),
            256U);
  EXPECT_EQ(ValueOf<DeleteAliasRequest>(R"({"AliasName":"alias/a:b"})", Profile::k2022).alias_name,
            "alias/a:b");
}

TEST(DecodeAliases, ListAliasesMembers) {
  const auto all = ValueOf<ListAliasesRequest>("", Profile::k2022);
  EXPECT_EQ(all, ListAliasesRequest{});
  const auto r = ValueOf<ListAliasesRequest>(
      R"({"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","Limit":100,"Marker":"m"})",
      Profile::k2026);
  EXPECT_EQ(r.key_id, kKeyId);
  EXPECT_EQ(r.limit, 100);
  EXPECT_EQ(r.marker, "m");
  // The model's LimitType is 1..1000 (the documented 1..100 is the mock model's check).
  EXPECT_EQ(ValueOf<ListAliasesRequest>(R"({"Limit":1000})", Profile::k2022).limit, 1000);
  ExpectError(ErrorOf<ListAliasesRequest>(R"({"Limit":0,"KeyId":""})", Profile::k2022),
              ErrorType::kValidationException,
              "2 validation errors detected: Value '' at 'keyId' failed to satisfy constraint: "
              "Member must have length greater than or equal to 1; Value '0' at 'limit' failed "
              "to satisfy constraint: Member must have value greater than or equal to 1");
  ExpectError(ErrorOf<ListAliasesRequest>(R"({"Limit":"5"})", Profile::k2022),
              ErrorType::kSerializationException,
              "Unexpected value at 'limit': expected a JSON integer, found a JSON string");
}

}  // namespace
}  // namespace kc::codec
