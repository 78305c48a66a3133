// Typed requests and responses of the operations kmsconform speaks (AWS JSON 1.1), and
// the error shape. Members follow the model (harness/contract/model.h); an optional member
// is std::optional, a required one is plain. Enums are contract enums; blobs are raw bytes
// (base64 is the codec's business); timestamps are epoch seconds.
//
// Members that only the 2026 model has (ImportType, KeyMaterialId, ...) are present in the
// structs; the 2022 decoders ignore them on the wire, as AWS ignores unknown members.
#ifndef KC_CODEC_TYPES_H_
#define KC_CODEC_TYPES_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/common/bytes.h"
#include "harness/common/clock.h"
#include "harness/contract/enums.h"

namespace kc::codec {

using contract::EncryptionAlgorithm;
using contract::ErrorType;
using contract::ExpirationModel;
using contract::ImportState;
using contract::ImportType;
using contract::IncludeKeyMaterial;
using contract::KeyAgreementAlgorithm;
using contract::KeyManager;
using contract::KeyMaterialState;
using contract::KeySpec;
using contract::KeyState;
using contract::KeyUsage;
using contract::MacAlgorithm;
using contract::MessageType;
using contract::Operation;
using contract::Origin;
using contract::RotationType;
using contract::SigningAlgorithm;
using contract::WrappingAlgorithm;
using contract::WrappingKeySpec;

using EncryptionContext = std::map<std::string, std::string>;

// ---- shared structures ----

struct Tag {
  std::string tag_key;
  std::string tag_value;
  bool operator==(const Tag&) const = default;
};

// KeyMetadata: DescribeKey / CreateKey output. KeyId is the model's only required member.
struct KeyMetadata {
  std::optional<std::string> aws_account_id;
  std::string key_id;
  std::optional<std::string> arn;
  std::optional<EpochSeconds> creation_date;
  std::optional<bool> enabled;
  std::optional<std::string> description;
  std::optional<KeyUsage> key_usage;
  std::optional<KeyState> key_state;
  std::optional<EpochSeconds> deletion_date;
  std::optional<EpochSeconds> valid_to;
  std::optional<Origin> origin;
  std::optional<ExpirationModel> expiration_model;
  std::optional<KeyManager> key_manager;
  std::optional<KeySpec> customer_master_key_spec;
  std::optional<KeySpec> key_spec;
  std::optional<std::vector<EncryptionAlgorithm>> encryption_algorithms;
  std::optional<std::vector<SigningAlgorithm>> signing_algorithms;
  std::optional<std::vector<MacAlgorithm>> mac_algorithms;
  std::optional<std::vector<KeyAgreementAlgorithm>> key_agreement_algorithms;  // 2026
  std::optional<bool> multi_region;
  std::optional<int> pending_deletion_window_in_days;
  std::optional<std::string> current_key_material_id;  // 2026
  bool operator==(const KeyMetadata&) const = default;
};

// ---- requests (kOperation names the operation each belongs to) ----

struct CreateKeyRequest {
  static constexpr Operation kOperation = Operation::kCreateKey;
  std::optional<std::string> policy;
  std::optional<std::string> description;
  std::optional<KeyUsage> key_usage;
  std::optional<KeySpec> customer_master_key_spec;
  std::optional<KeySpec> key_spec;
  std::optional<Origin> origin;
  std::optional<std::string> custom_key_store_id;
  std::optional<bool> bypass_policy_lockout_safety_check;
  std::optional<std::vector<Tag>> tags;
  std::optional<bool> multi_region;
  std::optional<std::string> xks_key_id;
  bool operator==(const CreateKeyRequest&) const = default;
};

struct DescribeKeyRequest {
  static constexpr Operation kOperation = Operation::kDescribeKey;
  std::string key_id;
  std::optional<std::vector<std::string>> grant_tokens;
  bool operator==(const DescribeKeyRequest&) const = default;
};

struct ListKeysRequest {
  static constexpr Operation kOperation = Operation::kListKeys;
  std::optional<int> limit;
  std::optional<std::string> marker;
  bool operator==(const ListKeysRequest&) const = default;
};

struct EnableKeyRequest {
  static constexpr Operation kOperation = Operation::kEnableKey;
  std::string key_id;
  bool operator==(const EnableKeyRequest&) const = default;
};

struct DisableKeyRequest {
  static constexpr Operation kOperation = Operation::kDisableKey;
  std::string key_id;
  bool operator==(const DisableKeyRequest&) const = default;
};

struct ScheduleKeyDeletionRequest {
  static constexpr Operation kOperation = Operation::kScheduleKeyDeletion;
  std::string key_id;
  std::optional<int> pending_window_in_days;
  bool operator==(const ScheduleKeyDeletionRequest&) const = default;
};

struct CancelKeyDeletionRequest {
  static constexpr Operation kOperation = Operation::kCancelKeyDeletion;
  std::string key_id;
  bool operator==(const CancelKeyDeletionRequest&) const = default;
};

struct GetParametersForImportRequest {
  static constexpr Operation kOperation = Operation::kGetParametersForImport;
  std::string key_id;
  WrappingAlgorithm wrapping_algorithm = WrappingAlgorithm::kRsaesOaepSha256;
  WrappingKeySpec wrapping_key_spec = WrappingKeySpec::kRsa2048;
  bool operator==(const GetParametersForImportRequest&) const = default;
};

struct ImportKeyMaterialRequest {
  static constexpr Operation kOperation = Operation::kImportKeyMaterial;
  std::string key_id;
  Bytes import_token;
  Bytes encrypted_key_material;
  std::optional<EpochSeconds> valid_to;
  std::optional<ExpirationModel> expiration_model;
  std::optional<ImportType> import_type;                // 2026
  std::optional<std::string> key_material_description;  // 2026
  std::optional<std::string> key_material_id;           // 2026
  bool operator==(const ImportKeyMaterialRequest&) const = default;
};

struct DeleteImportedKeyMaterialRequest {
  static constexpr Operation kOperation = Operation::kDeleteImportedKeyMaterial;
  std::string key_id;
  std::optional<std::string> key_material_id;  // 2026
  bool operator==(const DeleteImportedKeyMaterialRequest&) const = default;
};

struct EncryptRequest {
  static constexpr Operation kOperation = Operation::kEncrypt;
  std::string key_id;
  Bytes plaintext;
  std::optional<EncryptionContext> encryption_context;
  std::optional<std::vector<std::string>> grant_tokens;
  std::optional<EncryptionAlgorithm> encryption_algorithm;
  std::optional<bool> dry_run;  // 2026
  bool operator==(const EncryptRequest&) const = default;
};

// DecryptRequest: CiphertextBlob is required in the 2022 model and optional in 2026 (where
// a Recipient may stand in; kmsconform does not implement Recipient and ignores it).
struct DecryptRequest {
  static constexpr Operation kOperation = Operation::kDecrypt;
  std::optional<Bytes> ciphertext_blob;
  std::optional<EncryptionContext> encryption_context;
  std::optional<std::vector<std::string>> grant_tokens;
  std::optional<std::string> key_id;
  std::optional<EncryptionAlgorithm> encryption_algorithm;
  std::optional<bool> dry_run;  // 2026
  bool operator==(const DecryptRequest&) const = default;
};

// The aliases (CreateAlias, DeleteAlias, ListAliases, UpdateAlias): not part of the
// key-import contract; the mock implements them so that clients can name keys as on AWS.

struct CreateAliasRequest {
  static constexpr Operation kOperation = Operation::kCreateAlias;
  std::string alias_name;
  std::string target_key_id;
  bool operator==(const CreateAliasRequest&) const = default;
};

struct DeleteAliasRequest {
  static constexpr Operation kOperation = Operation::kDeleteAlias;
  std::string alias_name;
  bool operator==(const DeleteAliasRequest&) const = default;
};

struct ListAliasesRequest {
  static constexpr Operation kOperation = Operation::kListAliases;
  std::optional<std::string> key_id;
  std::optional<int> limit;
  std::optional<std::string> marker;
  bool operator==(const ListAliasesRequest&) const = default;
};

struct UpdateAliasRequest {
  static constexpr Operation kOperation = Operation::kUpdateAlias;
  std::string alias_name;
  std::string target_key_id;
  bool operator==(const UpdateAliasRequest&) const = default;
};

// The cryptographic operations of asymmetric and HMAC keys (2022 model; in 2026 they use
// imported material too). Message is sensitive and never echoed in an error.

struct GetPublicKeyRequest {
  static constexpr Operation kOperation = Operation::kGetPublicKey;
  std::string key_id;
  std::optional<std::vector<std::string>> grant_tokens;
  bool operator==(const GetPublicKeyRequest&) const = default;
};

struct SignRequest {
  static constexpr Operation kOperation = Operation::kSign;
  std::string key_id;
  Bytes message;
  std::optional<MessageType> message_type;
  std::optional<std::vector<std::string>> grant_tokens;
  SigningAlgorithm signing_algorithm = SigningAlgorithm::kRsassaPssSha256;
  std::optional<bool> dry_run;  // 2026
  bool operator==(const SignRequest&) const = default;
};

struct VerifyRequest {
  static constexpr Operation kOperation = Operation::kVerify;
  std::string key_id;
  Bytes message;
  std::optional<MessageType> message_type;
  Bytes signature;
  SigningAlgorithm signing_algorithm = SigningAlgorithm::kRsassaPssSha256;
  std::optional<std::vector<std::string>> grant_tokens;
  std::optional<bool> dry_run;  // 2026
  bool operator==(const VerifyRequest&) const = default;
};

struct GenerateMacRequest {
  static constexpr Operation kOperation = Operation::kGenerateMac;
  Bytes message;
  std::string key_id;
  MacAlgorithm mac_algorithm = MacAlgorithm::kHmacSha256;
  std::optional<std::vector<std::string>> grant_tokens;
  std::optional<bool> dry_run;  // 2026
  bool operator==(const GenerateMacRequest&) const = default;
};

struct VerifyMacRequest {
  static constexpr Operation kOperation = Operation::kVerifyMac;
  Bytes message;
  std::string key_id;
  MacAlgorithm mac_algorithm = MacAlgorithm::kHmacSha256;
  Bytes mac;
  std::optional<std::vector<std::string>> grant_tokens;
  std::optional<bool> dry_run;  // 2026
  bool operator==(const VerifyMacRequest&) const = default;
};

// Several key materials per key (2026 model only).

struct RotateKeyOnDemandRequest {
  static constexpr Operation kOperation = Operation::kRotateKeyOnDemand;
  std::string key_id;
  bool operator==(const RotateKeyOnDemandRequest&) const = default;
};

struct ListKeyRotationsRequest {
  static constexpr Operation kOperation = Operation::kListKeyRotations;
  std::string key_id;
  std::optional<IncludeKeyMaterial> include_key_material;
  std::optional<int> limit;
  std::optional<std::string> marker;
  bool operator==(const ListKeyRotationsRequest&) const = default;
};

// ---- responses ----

// EmptyResponse: EnableKey, DisableKey, CreateAlias, DeleteAlias, UpdateAlias, and the 2022
// ImportKeyMaterial / DeleteImportedKeyMaterial: the body is "{}".
struct EmptyResponse {
  bool operator==(const EmptyResponse&) const = default;
};

struct CreateKeyResponse {
  std::optional<KeyMetadata> key_metadata;
  bool operator==(const CreateKeyResponse&) const = default;
};

struct DescribeKeyResponse {
  std::optional<KeyMetadata> key_metadata;
  bool operator==(const DescribeKeyResponse&) const = default;
};

struct KeyListEntry {
  std::optional<std::string> key_id;
  std::optional<std::string> key_arn;
  bool operator==(const KeyListEntry&) const = default;
};

struct ListKeysResponse {
  std::optional<std::vector<KeyListEntry>> keys;
  std::optional<std::string> next_marker;
  std::optional<bool> truncated;
  bool operator==(const ListKeysResponse&) const = default;
};

struct ScheduleKeyDeletionResponse {
  std::optional<std::string> key_id;
  std::optional<EpochSeconds> deletion_date;
  std::optional<KeyState> key_state;
  std::optional<int> pending_window_in_days;
  bool operator==(const ScheduleKeyDeletionResponse&) const = default;
};

struct CancelKeyDeletionResponse {
  std::optional<std::string> key_id;
  bool operator==(const CancelKeyDeletionResponse&) const = default;
};

struct GetParametersForImportResponse {
  std::optional<std::string> key_id;
  std::optional<Bytes> import_token;
  std::optional<Bytes> public_key;
  std::optional<EpochSeconds> parameters_valid_to;
  bool operator==(const GetParametersForImportResponse&) const = default;
};

// ImportKeyMaterialResponse: "{}" in 2022; KeyId (the key ARN) and KeyMaterialId in 2026.
struct ImportKeyMaterialResponse {
  std::optional<std::string> key_id;
  std::optional<std::string> key_material_id;
  bool operator==(const ImportKeyMaterialResponse&) const = default;
};

struct DeleteImportedKeyMaterialResponse {
  std::optional<std::string> key_id;
  std::optional<std::string> key_material_id;
  bool operator==(const DeleteImportedKeyMaterialResponse&) const = default;
};

struct EncryptResponse {
  std::optional<Bytes> ciphertext_blob;
  std::optional<std::string> key_id;
  std::optional<EncryptionAlgorithm> encryption_algorithm;
  bool operator==(const EncryptResponse&) const = default;
};

struct DecryptResponse {
  std::optional<std::string> key_id;
  std::optional<Bytes> plaintext;
  std::optional<EncryptionAlgorithm> encryption_algorithm;
  std::optional<std::string> key_material_id;  // 2026
  bool operator==(const DecryptResponse&) const = default;
};

struct GetPublicKeyResponse {
  std::optional<std::string> key_id;
  std::optional<Bytes> public_key;
  std::optional<KeySpec> customer_master_key_spec;
  std::optional<KeySpec> key_spec;
  std::optional<KeyUsage> key_usage;
  std::optional<std::vector<EncryptionAlgorithm>> encryption_algorithms;
  std::optional<std::vector<SigningAlgorithm>> signing_algorithms;
  std::optional<std::vector<KeyAgreementAlgorithm>> key_agreement_algorithms;  // 2026
  bool operator==(const GetPublicKeyResponse&) const = default;
};

struct SignResponse {
  std::optional<std::string> key_id;
  std::optional<Bytes> signature;
  std::optional<SigningAlgorithm> signing_algorithm;
  bool operator==(const SignResponse&) const = default;
};

struct VerifyResponse {
  std::optional<std::string> key_id;
  std::optional<bool> signature_valid;
  std::optional<SigningAlgorithm> signing_algorithm;
  bool operator==(const VerifyResponse&) const = default;
};

struct GenerateMacResponse {
  std::optional<Bytes> mac;
  std::optional<MacAlgorithm> mac_algorithm;
  std::optional<std::string> key_id;
  bool operator==(const GenerateMacResponse&) const = default;
};

struct VerifyMacResponse {
  std::optional<std::string> key_id;
  std::optional<bool> mac_valid;
  std::optional<MacAlgorithm> mac_algorithm;
  bool operator==(const VerifyMacResponse&) const = default;
};

struct RotateKeyOnDemandResponse {
  std::optional<std::string> key_id;
  bool operator==(const RotateKeyOnDemandResponse&) const = default;
};

// RotationsListEntry: one key material of a key (ListKeyRotations).
struct RotationsListEntry {
  std::optional<std::string> key_id;
  std::optional<std::string> key_material_id;
  std::optional<std::string> key_material_description;
  std::optional<ImportState> import_state;
  std::optional<KeyMaterialState> key_material_state;
  std::optional<ExpirationModel> expiration_model;
  std::optional<EpochSeconds> valid_to;
  std::optional<EpochSeconds> rotation_date;
  std::optional<RotationType> rotation_type;
  bool operator==(const RotationsListEntry&) const = default;
};

struct ListKeyRotationsResponse {
  std::optional<std::vector<RotationsListEntry>> rotations;
  std::optional<std::string> next_marker;
  std::optional<bool> truncated;
  bool operator==(const ListKeyRotationsResponse&) const = default;
};

// AliasListEntry: TargetKeyId is the key id (not its ARN); AliasArn the alias's ARN.
struct AliasListEntry {
  std::optional<std::string> alias_name;
  std::optional<std::string> alias_arn;
  std::optional<std::string> target_key_id;
  std::optional<EpochSeconds> creation_date;
  std::optional<EpochSeconds> last_updated_date;
  bool operator==(const AliasListEntry&) const = default;
};

struct ListAliasesResponse {
  std::optional<std::vector<AliasListEntry>> aliases;
  std::optional<std::string> next_marker;
  std::optional<bool> truncated;
  bool operator==(const ListAliasesResponse&) const = default;
};

// ---- errors ----

// ApiError: an AWS error reply: {"__type": type_name, "message": message}. type_name is
// the sanitised name (SanitizeErrorType); for a reply kmsconform does not know it may be
// any text (an emulator's own type, or the HTTP status as botocore uses when there is none).
struct ApiError {
  std::string type_name;
  std::string message;

  static ApiError Of(ErrorType type, std::string message) {
    return ApiError{std::string(contract::ToWire(type)), std::move(message)};
  }
  // The known ErrorType, or nullopt for a name kmsconform does not know.
  std::optional<ErrorType> type() const { return contract::FromWire<ErrorType>(type_name); }
  bool Is(ErrorType t) const { return type_name == contract::ToWire(t); }
  // HTTP status AWS answers this error with (400; 5xx for fault errors); 400 if unknown.
  int http_status() const { return type() ? contract::HttpStatusOf(*type()) : 400; }
  bool operator==(const ApiError&) const = default;
};

// Operation -> request and response types.
template <Operation Op>
struct OperationTypes;
#define KC_OPERATION_TYPES(op, req, resp) \
  template <>                             \
  struct OperationTypes<op> {             \
    using Request = req;                  \
    using Response = resp;                \
  }
KC_OPERATION_TYPES(Operation::kCreateKey, CreateKeyRequest, CreateKeyResponse);
KC_OPERATION_TYPES(Operation::kDescribeKey, DescribeKeyRequest, DescribeKeyResponse);
KC_OPERATION_TYPES(Operation::kListKeys, ListKeysRequest, ListKeysResponse);
KC_OPERATION_TYPES(Operation::kEnableKey, EnableKeyRequest, EmptyResponse);
KC_OPERATION_TYPES(Operation::kDisableKey, DisableKeyRequest, EmptyResponse);
KC_OPERATION_TYPES(Operation::kScheduleKeyDeletion, ScheduleKeyDeletionRequest,
                   ScheduleKeyDeletionResponse);
KC_OPERATION_TYPES(Operation::kCancelKeyDeletion, CancelKeyDeletionRequest,
                   CancelKeyDeletionResponse);
KC_OPERATION_TYPES(Operation::kGetParametersForImport, GetParametersForImportRequest,
                   GetParametersForImportResponse);
KC_OPERATION_TYPES(Operation::kImportKeyMaterial, ImportKeyMaterialRequest,
                   ImportKeyMaterialResponse);
KC_OPERATION_TYPES(Operation::kDeleteImportedKeyMaterial, DeleteImportedKeyMaterialRequest,
                   DeleteImportedKeyMaterialResponse);
KC_OPERATION_TYPES(Operation::kEncrypt, EncryptRequest, EncryptResponse);
KC_OPERATION_TYPES(Operation::kDecrypt, DecryptRequest, DecryptResponse);
KC_OPERATION_TYPES(Operation::kCreateAlias, CreateAliasRequest, EmptyResponse);
KC_OPERATION_TYPES(Operation::kDeleteAlias, DeleteAliasRequest, EmptyResponse);
KC_OPERATION_TYPES(Operation::kListAliases, ListAliasesRequest, ListAliasesResponse);
KC_OPERATION_TYPES(Operation::kUpdateAlias, UpdateAliasRequest, EmptyResponse);
KC_OPERATION_TYPES(Operation::kGetPublicKey, GetPublicKeyRequest, GetPublicKeyResponse);
KC_OPERATION_TYPES(Operation::kSign, SignRequest, SignResponse);
KC_OPERATION_TYPES(Operation::kVerify, VerifyRequest, VerifyResponse);
KC_OPERATION_TYPES(Operation::kGenerateMac, GenerateMacRequest, GenerateMacResponse);
KC_OPERATION_TYPES(Operation::kVerifyMac, VerifyMacRequest, VerifyMacResponse);
KC_OPERATION_TYPES(Operation::kRotateKeyOnDemand, RotateKeyOnDemandRequest,
                   RotateKeyOnDemandResponse);
KC_OPERATION_TYPES(Operation::kListKeyRotations, ListKeyRotationsRequest, ListKeyRotationsResponse);
#undef KC_OPERATION_TYPES

template <Operation Op>
using RequestOf = typename OperationTypes<Op>::Request;
template <Operation Op>
using ResponseOf = typename OperationTypes<Op>::Response;

}  // namespace kc::codec

#endif  // KC_CODEC_TYPES_H_
