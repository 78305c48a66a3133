// DecodeResponse / DecodeErrorReply (client side, lenient): golden replies of AWS and of
// real-world emulators, with the exact findings expected.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/codec/codec.h"

namespace kc::codec {

void PrintTo(const Finding& f, std::ostream* os) { *os << "{" << f.where << ": " << f.what << "}"; }

namespace {

using contract::Profile;

const std::string kArn =
    "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
constexpr std::string_view kAwsContentType = "application/x-amz-json-1.1";
constexpr std::string_view kRequestId = "c6f5a5b2-2c1e-4a6e-9f3e-0d1d2b3c4e5f";

HttpReplyView AwsReply(int status, std::string_view body) {
  HttpReplyView r;
  r.status = status;
  r.body = body;
  r.content_type = kAwsContentType;
  r.request_id = kRequestId;
  return r;
}

using Findings = std::vector<Finding>;

// ---- errors ----

TEST(DecodeErrorReply, AwsErrorHasNoFindings) {
  const std::string body = R"({"__type":"NotFoundException","message":"Key ')" + kArn +
                            R"(' does not exist"})";
  const auto reply = DecodeResponse<DescribeKeyResponse>(AwsReply(400, body), Profile::k2022);
  ASSERT_TRUE(reply.error);
  EXPECT_FALSE(reply.ok());
  EXPECT_FALSE(reply.undecodable());
  EXPECT_TRUE(reply.IsError(ErrorType::kNotFoundException));
  EXPECT_EQ(reply.error->message, "Key '" + kArn + "' does not exist");
  EXPECT_EQ(reply.http_status, 400);
  EXPECT_EQ(reply.findings, Findings{});
}

TEST(DecodeErrorReply, FaultErrorMayBe5xx) {
  std::vector<Finding> findings;
  const ApiError e = DecodeErrorReply(
      AwsReply(500, R"({"__type":"KMSInternalException","message":"internal"})"), findings);
  EXPECT_TRUE(e.Is(ErrorType::kKMSInternalException));
  EXPECT_EQ(findings, Findings{});
  DecodeErrorReply(AwsReply(400, R"({"__type":"KMSInternalException","message":"x"})"), findings);
  EXPECT_EQ(findings, (Findings{{"status", "HTTP 400 for KMSInternalException (AWS answers 5xx)"}}));
}

TEST(DecodeErrorReply, LocalStackLike500HtmlBody) {
  HttpReplyView r;
  r.status = 500;
  r.body = "<!doctype html>\n<html><body><h1>500 Internal Server Error</h1></body></html>\n";
  r.content_type = "text/html; charset=utf-8";
  const auto reply = DecodeResponse<ImportKeyMaterialResponse>(r, Profile::k2022);
  ASSERT_TRUE(reply.error);
  EXPECT_EQ(reply.error->type_name, "500");
  EXPECT_EQ(reply.error->message, "");
  EXPECT_EQ(reply.findings,
            (Findings{
                {"header:Content-Type",
                 "'text/html; charset=utf-8' instead of application/x-amz-json-1.1"},
                {"header:x-amzn-RequestId", "missing (AWS sends one with every reply)"},
                {"body", "not a JSON object (AWS sends {\"__type\": ..., \"message\": ...})"},
                {"status", "HTTP 500 for an error without a type (AWS answers 400)"},
            }));
}

TEST(DecodeErrorReply, FlociLike404NotFound) {
  const auto reply = DecodeResponse<DescribeKeyResponse>(
      AwsReply(404, R"({"__type":"NotFoundException","message":"Key 'x' does not exist"})"),
      Profile::k2022);
  ASSERT_TRUE(reply.error);
  EXPECT_TRUE(reply.IsError(ErrorType::kNotFoundException));
  EXPECT_EQ(reply.findings,
            (Findings{{"status", "HTTP 404 for NotFoundException (AWS answers 400)"}}));
}

TEST(DecodeErrorReply, QualifiedTypeIsSanitisedWithAFinding) {
  std::vector<Finding> findings;
  const ApiError e = DecodeErrorReply(
      AwsReply(400,
               R"({"__type":"com.amazonaws.kms#NotFoundException:http://internal.amazon.com/coral/com.amazonaws.kms/",)"
               R"("message":"Invalid keyId 'x'"})"),
      findings);
  EXPECT_EQ(e.type_name, "NotFoundException");
  EXPECT_EQ(e.message, "Invalid keyId 'x'");
  EXPECT_EQ(findings,
            (Findings{{"__type",
                       "'com.amazonaws.kms#NotFoundException:http://internal.amazon.com/coral/"
                       "com.amazonaws.kms/' needs sanitising to 'NotFoundException' (AWS sends "
                       "the bare name)"}}));
}

TEST(DecodeErrorReply, CapitalisedMessageIsReadWithAFinding) {
  std::vector<Finding> findings;
  const ApiError e = DecodeErrorReply(
      AwsReply(400, R"({"__type":"KMSInvalidStateException","Message":")" + kArn +
                        R"( is pending import."})"),
      findings);
  EXPECT_TRUE(e.Is(ErrorType::kKMSInvalidStateException));
  EXPECT_EQ(e.message, kArn + " is pending import.");
  EXPECT_EQ(findings, (Findings{{"message", "sent as \"Message\", not \"message\""}}));
}

TEST(DecodeErrorReply, TypeFromCodeMember) {
  std::vector<Finding> findings;
  const ApiError e =
      DecodeErrorReply(AwsReply(400, R"({"code":"ValidationException","message":"bad"})"), findings);
  EXPECT_TRUE(e.Is(ErrorType::kValidationException));
  EXPECT_EQ(findings, (Findings{{"__type", "missing (type taken from the \"code\" member)"}}));
  findings.clear();
  EXPECT_EQ(DecodeErrorReply(AwsReply(400, R"({"Code":"AccessDeniedException"})"), findings)
                .type_name,
            "AccessDeniedException");
  EXPECT_EQ(findings, (Findings{{"__type", "missing (type taken from the \"Code\" member)"},
                                {"message", "missing"}}));
}

TEST(DecodeErrorReply, TypeFromHeaderThenStatus) {
  std::vector<Finding> findings;
  HttpReplyView r = AwsReply(400, "");
  r.error_type_header = "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/";
  EXPECT_EQ(DecodeErrorReply(r, findings).type_name, "UnrecognizedClientException");
  EXPECT_EQ(findings,
            (Findings{{"body", "empty (AWS sends {\"__type\": ..., \"message\": ...})"}}));
  findings.clear();
  r.body = R"({"message":"no type"})";
  EXPECT_EQ(DecodeErrorReply(r, findings).message, "no type");
  EXPECT_EQ(findings, (Findings{{"__type", "missing (type taken from the x-amzn-ErrorType header)"}}));
  findings.clear();
  r.error_type_header.reset();
  r.status = 403;
  EXPECT_EQ(DecodeErrorReply(r, findings).type_name, "403");
  EXPECT_EQ(findings, (Findings{{"__type", "missing (type taken from the HTTP status)"},
                                {"status", "HTTP 403 for an error without a type (AWS answers 400)"}}));
}

TEST(DecodeErrorReply, NonStringTypeAndMessage) {
  std::vector<Finding> findings;
  const ApiError e = DecodeErrorReply(AwsReply(400, R"({"__type":7,"message":["x"]})"), findings);
  EXPECT_EQ(e.type_name, "400");
  EXPECT_EQ(e.message, "");
  EXPECT_EQ(findings, (Findings{{"__type", "not a string (type taken from the HTTP status)"},
                                {"message", "not a string"}}));
}

TEST(DecodeErrorReply, OversizedBodyIs413) {
  std::vector<Finding> findings;
  DecodeErrorReply(AwsReply(413, R"({"__type":"RequestEntityTooLargeException","message":"x"})"),
                   findings);
  EXPECT_EQ(findings, Findings{});
}

// ---- successes ----

TEST(DecodeResponse, AwsGetParametersForImportHasNoFindings) {
  const std::string body = R"({"ImportToken":"AQID/v8=","KeyId":")" + kArn +
                           R"(","ParametersValidTo":1.767312000123E9,"PublicKey":"MIIBIg=="})";
  const auto reply =
      DecodeResponse<GetParametersForImportResponse>(AwsReply(200, body), Profile::k2022);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.findings, Findings{});
  EXPECT_EQ(reply.value->key_id, kArn);
  EXPECT_EQ(reply.value->import_token, (Bytes{1, 2, 3, 0xFE, 0xFF}));
  EXPECT_EQ(reply.value->public_key, (Bytes{0x30, 0x82, 0x01, 0x22}));
  EXPECT_EQ(reply.value->parameters_valid_to, 1767312000.123);
}

TEST(DecodeResponse, IsoTimestampsDecodeWithFindings) {
  const std::string body =
      R"({"KeyMetadata":{"KeyId":"k","CreationDate":"2026-01-01T00:00:00Z",)"
      R"("ValidTo":"2026-01-01T02:00:00.500+02:00","DeletionDate":"1767225600"}})";
  const auto reply = DecodeResponse<DescribeKeyResponse>(AwsReply(200, body), Profile::k2022);
  ASSERT_TRUE(reply.ok());
  ASSERT_TRUE(reply.value->key_metadata);
  EXPECT_EQ(reply.value->key_metadata->creation_date, 1767225600.0);
  EXPECT_EQ(reply.value->key_metadata->valid_to, 1767225600.5);
  EXPECT_EQ(reply.value->key_metadata->deletion_date, 1767225600.0);
  EXPECT_EQ(reply.findings,
            (Findings{
                {"KeyMetadata.CreationDate",
                 "timestamp sent as an ISO-8601 string, not epoch seconds"},
                {"KeyMetadata.DeletionDate",
                 "timestamp sent as a string of epoch seconds, not a JSON number"},
                {"KeyMetadata.ValidTo", "timestamp sent as an ISO-8601 string, not epoch seconds"},
            }));
}

TEST(DecodeResponse, UnknownKeyStateIsUnsetWithAFinding) {
  const auto reply = DecodeResponse<DescribeKeyResponse>(
      AwsReply(200, R"({"KeyMetadata":{"KeyId":"k","KeyState":"Active","Enabled":true}})"),
      Profile::k2022);
  ASSERT_TRUE(reply.ok());
  EXPECT_FALSE(reply.value->key_metadata->key_state);
  EXPECT_EQ(reply.value->key_metadata->enabled, true);
  EXPECT_EQ(reply.findings,
            (Findings{{"KeyMetadata.KeyState",
                       "unknown value 'Active' (the model's enum: [Creating, Enabled, Disabled, "
                       "PendingDeletion, PendingImport, PendingReplicaDeletion, Unavailable, "
                       "Updating]); ignored"}}));
}

TEST(DecodeResponse, EnumValueOfALaterProfileIsUnknown) {
  const std::string body = R"({"KeyMetadata":{"KeyId":"k","KeySpec":"ML_DSA_65"}})";
  auto reply = DecodeResponse<DescribeKeyResponse>(AwsReply(200, body), Profile::k2022);
  EXPECT_FALSE(reply.value->key_metadata->key_spec);
  EXPECT_EQ(reply.findings.size(), 1u);
  reply = DecodeResponse<DescribeKeyResponse>(AwsReply(200, body), Profile::k2026);
  EXPECT_EQ(reply.value->key_metadata->key_spec, KeySpec::kMlDsa65);
  EXPECT_EQ(reply.findings, Findings{});
}

TEST(DecodeResponse, WrongTypesAreUnsetWithFindings) {
  const auto reply = DecodeResponse<GetParametersForImportResponse>(
      AwsReply(200, R"({"KeyId":5,"ImportToken":"AQID","ParametersValidTo":"soon",)"
                    R"("PublicKey":{"der":"AQID"},"Extra":[1,2]})"),
      Profile::k2022);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(*reply.value, (GetParametersForImportResponse{std::nullopt, Bytes{1, 2, 3}, std::nullopt,
                                                          std::nullopt}));
  EXPECT_EQ(reply.findings,
            (Findings{
                {"KeyId", "expected a JSON string, found a JSON integer; ignored"},
                {"ParametersValidTo",
                 "expected a JSON number of epoch seconds, found a string that is not a "
                 "timestamp; ignored"},
                {"PublicKey", "expected a base64 JSON string, found a JSON object; ignored"},
            }));
}

TEST(DecodeResponse, LenientBase64DecodesWithAFinding) {
  const auto reply = DecodeResponse<EncryptResponse>(
      AwsReply(200, R"({"CiphertextBlob":"Y2lw aGVy-_8","KeyId":"k","EncryptionAlgorithm":"SYMMETRIC_DEFAULT"})"),
      Profile::k2022);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.value->ciphertext_blob, (Bytes{'c', 'i', 'p', 'h', 'e', 'r', 0xFB, 0xFF}));
  EXPECT_EQ(reply.findings,
            (Findings{{"CiphertextBlob",
                       "not strict base64 (missing padding, URL-safe alphabet or whitespace); "
                       "decoded leniently"}}));
}

TEST(DecodeResponse, UndecodableBlobIsUnset) {
  const auto reply = DecodeResponse<DecryptResponse>(AwsReply(200, R"({"Plaintext":"!!"})"),
                                                     Profile::k2022);
  EXPECT_FALSE(reply.value->plaintext);
  EXPECT_EQ(reply.findings, (Findings{{"Plaintext", "not valid base64; ignored"}}));
}

TEST(DecodeResponse, OutputConstraintsBecomeFindings) {
  const auto reply = DecodeResponse<ImportKeyMaterialResponse>(
      AwsReply(200, R"({"KeyId":"","KeyMaterialId":"ABC"})"), Profile::k2026);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.value->key_id, "");
  EXPECT_EQ(reply.value->key_material_id, "ABC");
  EXPECT_EQ(reply.findings,
            (Findings{
                {"KeyId",
                 "value '' failed to satisfy constraint: Member must have length greater than or "
                 "equal to 1"},
                {"KeyMaterialId",
                 "value 'ABC' failed to satisfy constraint: Member must have length greater than "
                 "or equal to 64"},
                {"KeyMaterialId",
                 "value 'ABC' failed to satisfy constraint: Member must satisfy regular "
                 "expression pattern: ^[a-f0-9]+$"},
            }));
}

TEST(DecodeResponse, MissingRequiredKeyIdAndNulls) {
  const auto reply = DecodeResponse<CreateKeyResponse>(
      AwsReply(200, R"({"KeyMetadata":{"Arn":null,"EncryptionAlgorithms":["SYMMETRIC_DEFAULT",null,"X"]}})"),
      Profile::k2022);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.value->key_metadata->key_id, "");
  EXPECT_EQ(reply.value->key_metadata->encryption_algorithms,
            std::vector<EncryptionAlgorithm>{EncryptionAlgorithm::kSymmetricDefault});
  EXPECT_EQ(reply.findings,
            (Findings{
                {"KeyMetadata.Arn", "JSON null (AWS leaves out the members it does not set)"},
                {"KeyMetadata.EncryptionAlgorithms[1]", "null element; ignored"},
                {"KeyMetadata.EncryptionAlgorithms[2]",
                 "unknown value 'X' (the model's enum: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, "
                 "RSAES_OAEP_SHA_256, SM2PKE]); ignored"},
                {"KeyMetadata.KeyId", "required member missing"},
            }));
}

TEST(DecodeResponse, Members2026AreIgnoredIn2022) {
  const std::string body = R"({"KeyId":")" + kArn + R"(","KeyMaterialId":")" +
                           std::string(64, 'a') + R"("})";
  auto reply = DecodeResponse<ImportKeyMaterialResponse>(AwsReply(200, body), Profile::k2022);
  EXPECT_EQ(*reply.value, ImportKeyMaterialResponse{});
  EXPECT_EQ(reply.findings, Findings{});
  reply = DecodeResponse<ImportKeyMaterialResponse>(AwsReply(200, body), Profile::k2026);
  EXPECT_EQ(reply.value->key_id, kArn);
  EXPECT_EQ(reply.value->key_material_id, std::string(64, 'a'));
  // 2022 DeleteImportedKeyMaterial has no output at all.
  const auto del =
      DecodeResponse<DeleteImportedKeyMaterialResponse>(AwsReply(200, body), Profile::k2022);
  EXPECT_EQ(*del.value, DeleteImportedKeyMaterialResponse{});
}

TEST(DecodeResponse, HeaderFindingsOnSuccess) {
  HttpReplyView r;
  r.status = 200;
  r.body = "{}";
  r.content_type = "application/json";
  const auto reply = DecodeResponse<EmptyResponse>(r, Profile::k2022);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.findings,
            (Findings{{"header:Content-Type",
                       "'application/json' instead of application/x-amz-json-1.1"},
                      {"header:x-amzn-RequestId", "missing (AWS sends one with every reply)"}}));
  // Parameters and case do not matter.
  r.content_type = "Application/X-Amz-Json-1.1; charset=utf-8";
  r.request_id = kRequestId;
  EXPECT_EQ(DecodeResponse<EmptyResponse>(r, Profile::k2022).findings, Findings{});
  r.content_type.reset();
  EXPECT_EQ(DecodeResponse<EmptyResponse>(r, Profile::k2022).findings,
            (Findings{{"header:Content-Type", "missing (AWS sends application/x-amz-json-1.1)"}}));
}

TEST(DecodeResponse, EmptyBodyAndOther2xx) {
  const auto reply = DecodeResponse<EmptyResponse>(AwsReply(204, ""), Profile::k2022);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.findings,
            (Findings{{"status", "HTTP 204 for a successful reply (AWS answers 200)"},
                      {"body", "empty (AWS sends a JSON object, at least {})"}}));
}

TEST(DecodeResponse, NonObjectBodyIsUndecodable) {
  auto reply = DecodeResponse<EncryptResponse>(AwsReply(200, "[1,2]"), Profile::k2022);
  EXPECT_TRUE(reply.undecodable());
  EXPECT_EQ(reply.findings,
            (Findings{{"body", "a JSON array, not a JSON object; the reply cannot be decoded"}}));
  reply = DecodeResponse<EncryptResponse>(AwsReply(200, "OK"), Profile::k2022);
  EXPECT_TRUE(reply.undecodable());
  EXPECT_EQ(reply.findings,
            (Findings{{"body", "not well-formed JSON; the reply cannot be decoded"}}));
}

TEST(DecodeResponse, DuplicateKeyLastOneWins) {
  // As botocore's json.loads reads it.
  const auto reply = DecodeResponse<CancelKeyDeletionResponse>(
      AwsReply(200, R"({"KeyId":"a","KeyId":"b"})"), Profile::k2022);
  EXPECT_EQ(reply.value->key_id, "b");
  EXPECT_EQ(reply.findings, Findings{});
}

TEST(DecodeResponse, ListKeysAndScheduleKeyDeletion) {
  const auto list = DecodeResponse<ListKeysResponse>(
      AwsReply(200, R"({"Keys":[{"KeyId":"a","KeyArn":")" + kArn +
                        R"("},"junk",{"KeyId":"b"}],"Truncated":false})"),
      Profile::k2022);
  ASSERT_TRUE(list.ok());
  ASSERT_TRUE(list.value->keys);
  ASSERT_EQ(list.value->keys->size(), 2u);
  EXPECT_EQ((*list.value->keys)[0].key_arn, kArn);
  EXPECT_EQ((*list.value->keys)[1].key_id, "b");
  EXPECT_EQ(list.findings,
            (Findings{{"Keys[1]", "expected a JSON object, found a JSON string; ignored"}}));
  const auto sched = DecodeResponse<ScheduleKeyDeletionResponse>(
      AwsReply(200, R"({"KeyId":"k","DeletionDate":1.7698176E9,"KeyState":"PendingDeletion",)"
                    R"("PendingWindowInDays":400})"),
      Profile::k2022);
  EXPECT_EQ(sched.value->pending_window_in_days, 400);
  EXPECT_EQ(sched.value->deletion_date, 1769817600.0);
  EXPECT_EQ(sched.findings,
            (Findings{{"PendingWindowInDays",
                       "value '400' failed to satisfy constraint: Member must have value less "
                       "than or equal to 365"}}));
}

TEST(DecodeResponse, ListAliasesAsAwsSendsIt) {
  // From the example of AWS's ListAliases reference (an AWS managed alias without a target).
  const auto list = DecodeResponse<ListAliasesResponse>(
      AwsReply(200,
               R"({"Aliases":[{"AliasArn":"arn:aws:kms:us-east-1:111122223333:alias/ExampleAlias",)"
               R"("AliasName":"alias/ExampleAlias","CreationDate":1.593622000191E9,)"
               R"("LastUpdatedDate":1.593622000191E9,)"
               R"("TargetKeyId":"1234abcd-12ab-34cd-56ef-1234567890ab"},)"
               R"({"AliasArn":"arn:aws:kms:us-east-1:111122223333:alias/aws/dynamodb",)"
               R"("AliasName":"alias/aws/dynamodb"}],"Truncated":false})"),
      Profile::k2022);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list.findings, Findings{});
  ASSERT_TRUE(list.value->aliases);
  ASSERT_EQ(list.value->aliases->size(), 2U);
  const AliasListEntry& e = (*list.value->aliases)[0];
  EXPECT_EQ(e.alias_name, "alias/ExampleAlias");
  EXPECT_EQ(e.target_key_id, "1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(e.creation_date, 1593622000.191);
  EXPECT_EQ(e.last_updated_date, 1593622000.191);
  EXPECT_FALSE((*list.value->aliases)[1].target_key_id.has_value());
  EXPECT_EQ(list.value->truncated, false);
  EXPECT_FALSE(list.value->next_marker.has_value());
}

TEST(DecodeResponse, ListAliasesDeparturesAreFindings) {
  const auto list = DecodeResponse<ListAliasesResponse>(
      AwsReply(200, R"({"Aliases":[{"AliasName":"alias/a","CreationDate":"2020-07-01T16:46:40Z",)"
                    R"("AliasArn":"short"}],"Truncated":"no"})"),
      Profile::k2026);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.value->aliases->size(), 1U);
  EXPECT_EQ((*list.value->aliases)[0].creation_date, 1593622000.0);
  EXPECT_FALSE(list.value->truncated.has_value());
  EXPECT_EQ(list.findings.size(), 3U);
}

TEST(DecodeResponse, TheOtherAliasOperationsAnswerAnEmptyObject) {
  const auto ok =
      DecodeResponse<ResponseOf<Operation::kCreateAlias>>(AwsReply(200, "{}"), Profile::k2022);
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.findings, Findings{});
  const auto exists = DecodeResponse<ResponseOf<Operation::kCreateAlias>>(
      AwsReply(400, R"({"__type":"AlreadyExistsException","message":"An alias with the name )"
                    R"(arn:aws:kms:us-east-1:111122223333:alias/a already exists"})"),
      Profile::k2022);
  ASSERT_TRUE(exists.error);
  EXPECT_TRUE(exists.IsError(ErrorType::kAlreadyExistsException));
  EXPECT_EQ(exists.findings, Findings{});
  const auto bad = DecodeResponse<ResponseOf<Operation::kUpdateAlias>>(
      AwsReply(400, R"({"__type":"InvalidAliasNameException","message":"m"})"), Profile::k2026);
  EXPECT_TRUE(bad.IsError(ErrorType::kInvalidAliasNameException));
}

}  // namespace
}  // namespace kc::codec
