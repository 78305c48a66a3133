// The contract's vocabulary as C++ enums, and the one table per enum that maps each value
// to its AWS wire spelling and back. AWS wire strings ("RSAES_OAEP_SHA_256",
// "TrentService.ImportKeyMaterial") appear only in these tables (STYLE.md).
//
// Each wire value records the first profile whose API model has it in the enum
// (2022 = botocore 1.29.27, 2026 = botocore 1.43.11), so request validation can refuse a
// value that the chosen profile's model does not know. contract_model_test.cc checks
// every table against the model subsets in testdata/.
#ifndef KC_CONTRACT_ENUMS_H_
#define KC_CONTRACT_ENUMS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace kc::contract {

// Profile: which AWS contract the harness and the mock follow (CONTRACT.md, "Profiles").
enum class Profile : std::uint8_t { k2022, k2026 };

template <typename E>
struct WireName {
  E value;
  std::string_view wire;
  Profile since;  // the first profile whose model enum contains this value
};

// EnumTraits<E>::kNames lists every value of E once, in the model's order.
template <typename E>
struct EnumTraits;

#define KC_ENUM_TRAITS(E, type_name, ...)                             \
  template <>                                                         \
  struct EnumTraits<E> {                                              \
    static constexpr std::string_view kTypeName = type_name;          \
    static constexpr auto kNames = std::to_array<WireName<E>>({__VA_ARGS__}); \
  }

constexpr Profile k22 = Profile::k2022;
constexpr Profile k26 = Profile::k2026;

KC_ENUM_TRAITS(Profile, "Profile", {Profile::k2022, "2022", k22}, {Profile::k2026, "2026", k22});

// Operation: the KMS operations kmsconform speaks. Wire name = the model's operation name;
// the X-Amz-Target header is "TrentService." + that name. New operations go at the end: the
// values index tables (the mock's dispatch table, fuzz selectors).
enum class Operation : std::uint8_t {
  kCreateKey,
  kDescribeKey,
  kListKeys,
  kEnableKey,
  kDisableKey,
  kScheduleKeyDeletion,
  kCancelKeyDeletion,
  kGetParametersForImport,
  kImportKeyMaterial,
  kDeleteImportedKeyMaterial,
  kEncrypt,
  kDecrypt,
  kCreateAlias,
  kDeleteAlias,
  kListAliases,
  kUpdateAlias,
  // Imported asymmetric and HMAC material in use (2022 model; no key holds imported
  // asymmetric or HMAC material before 2026).
  kGetPublicKey,
  kSign,
  kVerify,
  kGenerateMac,
  kVerifyMac,
  // Several key materials per symmetric key: only the 2026 model has them.
  kRotateKeyOnDemand,
  kListKeyRotations,
};
KC_ENUM_TRAITS(Operation, "Operation",
               {Operation::kCreateKey, "CreateKey", k22},
               {Operation::kDescribeKey, "DescribeKey", k22},
               {Operation::kListKeys, "ListKeys", k22},
               {Operation::kEnableKey, "EnableKey", k22},
               {Operation::kDisableKey, "DisableKey", k22},
               {Operation::kScheduleKeyDeletion, "ScheduleKeyDeletion", k22},
               {Operation::kCancelKeyDeletion, "CancelKeyDeletion", k22},
               {Operation::kGetParametersForImport, "GetParametersForImport", k22},
               {Operation::kImportKeyMaterial, "ImportKeyMaterial", k22},
               {Operation::kDeleteImportedKeyMaterial, "DeleteImportedKeyMaterial", k22},
               {Operation::kEncrypt, "Encrypt", k22},
               {Operation::kDecrypt, "Decrypt", k22},
               {Operation::kCreateAlias, "CreateAlias", k22},
               {Operation::kDeleteAlias, "DeleteAlias", k22},
               {Operation::kListAliases, "ListAliases", k22},
               {Operation::kUpdateAlias, "UpdateAlias", k22},
               {Operation::kGetPublicKey, "GetPublicKey", k22},
               {Operation::kSign, "Sign", k22},
               {Operation::kVerify, "Verify", k22},
               {Operation::kGenerateMac, "GenerateMac", k22},
               {Operation::kVerifyMac, "VerifyMac", k22},
               {Operation::kRotateKeyOnDemand, "RotateKeyOnDemand", k26},
               {Operation::kListKeyRotations, "ListKeyRotations", k26});

constexpr std::string_view kTargetPrefix = "TrentService.";

enum class KeySpec : std::uint8_t {
  kRsa2048,
  kRsa3072,
  kRsa4096,
  kEccNistP256,
  kEccNistP384,
  kEccNistP521,
  kEccSecgP256k1,
  kSymmetricDefault,
  kHmac224,
  kHmac256,
  kHmac384,
  kHmac512,
  kSm2,
  kMlDsa44,
  kMlDsa65,
  kMlDsa87,
  kEccNistEdwards25519,
};
KC_ENUM_TRAITS(KeySpec, "KeySpec",
               {KeySpec::kRsa2048, "RSA_2048", k22},
               {KeySpec::kRsa3072, "RSA_3072", k22},
               {KeySpec::kRsa4096, "RSA_4096", k22},
               {KeySpec::kEccNistP256, "ECC_NIST_P256", k22},
               {KeySpec::kEccNistP384, "ECC_NIST_P384", k22},
               {KeySpec::kEccNistP521, "ECC_NIST_P521", k22},
               {KeySpec::kEccSecgP256k1, "ECC_SECG_P256K1", k22},
               {KeySpec::kSymmetricDefault, "SYMMETRIC_DEFAULT", k22},
               {KeySpec::kHmac224, "HMAC_224", k22},
               {KeySpec::kHmac256, "HMAC_256", k22},
               {KeySpec::kHmac384, "HMAC_384", k22},
               {KeySpec::kHmac512, "HMAC_512", k22},
               {KeySpec::kSm2, "SM2", k22},
               {KeySpec::kMlDsa44, "ML_DSA_44", k26},
               {KeySpec::kMlDsa65, "ML_DSA_65", k26},
               {KeySpec::kMlDsa87, "ML_DSA_87", k26},
               {KeySpec::kEccNistEdwards25519, "ECC_NIST_EDWARDS25519", k26});

enum class KeyUsage : std::uint8_t {
  kSignVerify,
  kEncryptDecrypt,
  kGenerateVerifyMac,
  kKeyAgreement,
};
KC_ENUM_TRAITS(KeyUsage, "KeyUsageType",
               {KeyUsage::kSignVerify, "SIGN_VERIFY", k22},
               {KeyUsage::kEncryptDecrypt, "ENCRYPT_DECRYPT", k22},
               {KeyUsage::kGenerateVerifyMac, "GENERATE_VERIFY_MAC", k22},
               {KeyUsage::kKeyAgreement, "KEY_AGREEMENT", k26});

enum class Origin : std::uint8_t { kAwsKms, kExternal, kAwsCloudHsm, kExternalKeyStore };
KC_ENUM_TRAITS(Origin, "OriginType",
               {Origin::kAwsKms, "AWS_KMS", k22},
               {Origin::kExternal, "EXTERNAL", k22},
               {Origin::kAwsCloudHsm, "AWS_CLOUDHSM", k22},
               {Origin::kExternalKeyStore, "EXTERNAL_KEY_STORE", k22});

enum class KeyState : std::uint8_t {
  kCreating,
  kEnabled,
  kDisabled,
  kPendingDeletion,
  kPendingImport,
  kPendingReplicaDeletion,
  kUnavailable,
  kUpdating,
};
KC_ENUM_TRAITS(KeyState, "KeyState",
               {KeyState::kCreating, "Creating", k22},
               {KeyState::kEnabled, "Enabled", k22},
               {KeyState::kDisabled, "Disabled", k22},
               {KeyState::kPendingDeletion, "PendingDeletion", k22},
               {KeyState::kPendingImport, "PendingImport", k22},
               {KeyState::kPendingReplicaDeletion, "PendingReplicaDeletion", k22},
               {KeyState::kUnavailable, "Unavailable", k22},
               {KeyState::kUpdating, "Updating", k22});

// WrappingAlgorithm: the model's AlgorithmSpec (GetParametersForImport WrappingAlgorithm).
enum class WrappingAlgorithm : std::uint8_t {
  kRsaesPkcs1V15,
  kRsaesOaepSha1,
  kRsaesOaepSha256,
  kRsaAesKeyWrapSha1,
  kRsaAesKeyWrapSha256,
  kSm2Pke,
};
KC_ENUM_TRAITS(WrappingAlgorithm, "AlgorithmSpec",
               {WrappingAlgorithm::kRsaesPkcs1V15, "RSAES_PKCS1_V1_5", k22},
               {WrappingAlgorithm::kRsaesOaepSha1, "RSAES_OAEP_SHA_1", k22},
               {WrappingAlgorithm::kRsaesOaepSha256, "RSAES_OAEP_SHA_256", k22},
               {WrappingAlgorithm::kRsaAesKeyWrapSha1, "RSA_AES_KEY_WRAP_SHA_1", k26},
               {WrappingAlgorithm::kRsaAesKeyWrapSha256, "RSA_AES_KEY_WRAP_SHA_256", k26},
               {WrappingAlgorithm::kSm2Pke, "SM2PKE", k26});

enum class WrappingKeySpec : std::uint8_t { kRsa2048, kRsa3072, kRsa4096, kSm2 };
KC_ENUM_TRAITS(WrappingKeySpec, "WrappingKeySpec",
               {WrappingKeySpec::kRsa2048, "RSA_2048", k22},
               {WrappingKeySpec::kRsa3072, "RSA_3072", k26},
               {WrappingKeySpec::kRsa4096, "RSA_4096", k26},
               {WrappingKeySpec::kSm2, "SM2", k26});

enum class ExpirationModel : std::uint8_t { kKeyMaterialExpires, kKeyMaterialDoesNotExpire };
KC_ENUM_TRAITS(ExpirationModel, "ExpirationModelType",
               {ExpirationModel::kKeyMaterialExpires, "KEY_MATERIAL_EXPIRES", k22},
               {ExpirationModel::kKeyMaterialDoesNotExpire, "KEY_MATERIAL_DOES_NOT_EXPIRE", k22});

enum class ImportType : std::uint8_t { kNewKeyMaterial, kExistingKeyMaterial };
KC_ENUM_TRAITS(ImportType, "ImportType",
               {ImportType::kNewKeyMaterial, "NEW_KEY_MATERIAL", k26},
               {ImportType::kExistingKeyMaterial, "EXISTING_KEY_MATERIAL", k26});

enum class EncryptionAlgorithm : std::uint8_t {
  kSymmetricDefault,
  kRsaesOaepSha1,
  kRsaesOaepSha256,
  kSm2Pke,
};
KC_ENUM_TRAITS(EncryptionAlgorithm, "EncryptionAlgorithmSpec",
               {EncryptionAlgorithm::kSymmetricDefault, "SYMMETRIC_DEFAULT", k22},
               {EncryptionAlgorithm::kRsaesOaepSha1, "RSAES_OAEP_SHA_1", k22},
               {EncryptionAlgorithm::kRsaesOaepSha256, "RSAES_OAEP_SHA_256", k22},
               {EncryptionAlgorithm::kSm2Pke, "SM2PKE", k22});

enum class SigningAlgorithm : std::uint8_t {
  kRsassaPssSha256,
  kRsassaPssSha384,
  kRsassaPssSha512,
  kRsassaPkcs1V15Sha256,
  kRsassaPkcs1V15Sha384,
  kRsassaPkcs1V15Sha512,
  kEcdsaSha256,
  kEcdsaSha384,
  kEcdsaSha512,
  kSm2Dsa,
  kMlDsaShake256,
  kEd25519Sha512,
  kEd25519PhSha512,
};
KC_ENUM_TRAITS(SigningAlgorithm, "SigningAlgorithmSpec",
               {SigningAlgorithm::kRsassaPssSha256, "RSASSA_PSS_SHA_256", k22},
               {SigningAlgorithm::kRsassaPssSha384, "RSASSA_PSS_SHA_384", k22},
               {SigningAlgorithm::kRsassaPssSha512, "RSASSA_PSS_SHA_512", k22},
               {SigningAlgorithm::kRsassaPkcs1V15Sha256, "RSASSA_PKCS1_V1_5_SHA_256", k22},
               {SigningAlgorithm::kRsassaPkcs1V15Sha384, "RSASSA_PKCS1_V1_5_SHA_384", k22},
               {SigningAlgorithm::kRsassaPkcs1V15Sha512, "RSASSA_PKCS1_V1_5_SHA_512", k22},
               {SigningAlgorithm::kEcdsaSha256, "ECDSA_SHA_256", k22},
               {SigningAlgorithm::kEcdsaSha384, "ECDSA_SHA_384", k22},
               {SigningAlgorithm::kEcdsaSha512, "ECDSA_SHA_512", k22},
               {SigningAlgorithm::kSm2Dsa, "SM2DSA", k22},
               {SigningAlgorithm::kMlDsaShake256, "ML_DSA_SHAKE_256", k26},
               {SigningAlgorithm::kEd25519Sha512, "ED25519_SHA_512", k26},
               {SigningAlgorithm::kEd25519PhSha512, "ED25519_PH_SHA_512", k26});

enum class MacAlgorithm : std::uint8_t { kHmacSha224, kHmacSha256, kHmacSha384, kHmacSha512 };
KC_ENUM_TRAITS(MacAlgorithm, "MacAlgorithmSpec",
               {MacAlgorithm::kHmacSha224, "HMAC_SHA_224", k22},
               {MacAlgorithm::kHmacSha256, "HMAC_SHA_256", k22},
               {MacAlgorithm::kHmacSha384, "HMAC_SHA_384", k22},
               {MacAlgorithm::kHmacSha512, "HMAC_SHA_512", k22});

enum class MessageType : std::uint8_t { kRaw, kDigest, kExternalMu };
KC_ENUM_TRAITS(MessageType, "MessageType", {MessageType::kRaw, "RAW", k22},
               {MessageType::kDigest, "DIGEST", k22},
               {MessageType::kExternalMu, "EXTERNAL_MU", k26});

// The key materials of a key (ListKeyRotations, 2026).
enum class IncludeKeyMaterial : std::uint8_t { kAllKeyMaterial, kRotationsOnly };
KC_ENUM_TRAITS(IncludeKeyMaterial, "IncludeKeyMaterial",
               {IncludeKeyMaterial::kAllKeyMaterial, "ALL_KEY_MATERIAL", k26},
               {IncludeKeyMaterial::kRotationsOnly, "ROTATIONS_ONLY", k26});

enum class ImportState : std::uint8_t { kImported, kPendingImport };
KC_ENUM_TRAITS(ImportState, "ImportState", {ImportState::kImported, "IMPORTED", k26},
               {ImportState::kPendingImport, "PENDING_IMPORT", k26});

enum class KeyMaterialState : std::uint8_t {
  kNonCurrent,
  kCurrent,
  kPendingRotation,
  kPendingMultiRegionImportAndRotation,
};
KC_ENUM_TRAITS(KeyMaterialState, "KeyMaterialState",
               {KeyMaterialState::kNonCurrent, "NON_CURRENT", k26},
               {KeyMaterialState::kCurrent, "CURRENT", k26},
               {KeyMaterialState::kPendingRotation, "PENDING_ROTATION", k26},
               {KeyMaterialState::kPendingMultiRegionImportAndRotation,
                "PENDING_MULTI_REGION_IMPORT_AND_ROTATION", k26});

enum class RotationType : std::uint8_t { kAutomatic, kOnDemand };
KC_ENUM_TRAITS(RotationType, "RotationType", {RotationType::kAutomatic, "AUTOMATIC", k26},
               {RotationType::kOnDemand, "ON_DEMAND", k26});

enum class KeyAgreementAlgorithm : std::uint8_t { kEcdh };
KC_ENUM_TRAITS(KeyAgreementAlgorithm, "KeyAgreementAlgorithmSpec",
               {KeyAgreementAlgorithm::kEcdh, "ECDH", k26});

enum class KeyManager : std::uint8_t { kAws, kCustomer };
KC_ENUM_TRAITS(KeyManager, "KeyManagerType", {KeyManager::kAws, "AWS", k22},
               {KeyManager::kCustomer, "CUSTOMER", k22});

enum class MultiRegionKeyType : std::uint8_t { kPrimary, kReplica };
KC_ENUM_TRAITS(MultiRegionKeyType, "MultiRegionKeyType",
               {MultiRegionKeyType::kPrimary, "PRIMARY", k22},
               {MultiRegionKeyType::kReplica, "REPLICA", k22});

enum class KeyEncryptionMechanism : std::uint8_t { kRsaesOaepSha256 };
KC_ENUM_TRAITS(KeyEncryptionMechanism, "KeyEncryptionMechanism",
               {KeyEncryptionMechanism::kRsaesOaepSha256, "RSAES_OAEP_SHA_256", k26});

enum class DryRunModifier : std::uint8_t { kIgnoreCiphertext };
KC_ENUM_TRAITS(DryRunModifier, "DryRunModifierType",
               {DryRunModifier::kIgnoreCiphertext, "IGNORE_CIPHERTEXT", k26});

// ErrorType: every error __type kmsconform sends or judges. The model's exceptions of the
// sixteen operations, the protocol errors of the service framework (Serialization,
// UnknownOperation, Validation), and the authentication errors of SigV4.
enum class ErrorType : std::uint8_t {
  // protocol / framework
  kValidationException,
  kSerializationException,
  kUnknownOperationException,
  kRequestEntityTooLargeException,
  kAccessDeniedException,
  kThrottlingException,
  // authentication (SigV4)
  kMissingAuthenticationTokenException,
  kIncompleteSignatureException,
  kUnrecognizedClientException,
  kInvalidSignatureException,
  // KMS model exceptions
  kNotFoundException,
  kInvalidArnException,
  kUnsupportedOperationException,
  kKMSInvalidStateException,
  kDisabledException,
  kInvalidCiphertextException,
  kIncorrectKeyMaterialException,
  kExpiredImportTokenException,
  kInvalidImportTokenException,
  kIncorrectKeyException,
  kInvalidKeyUsageException,
  kInvalidGrantTokenException,
  kInvalidMarkerException,
  kLimitExceededException,
  kMalformedPolicyDocumentException,
  kTagException,
  kDryRunOperationException,
  kCustomKeyStoreNotFoundException,
  kCustomKeyStoreInvalidStateException,
  kCloudHsmClusterInvalidConfigurationException,
  kXksKeyAlreadyInUseException,
  kXksKeyInvalidConfigurationException,
  kXksKeyNotFoundException,
  kAlreadyExistsException,     // CreateAlias
  kInvalidAliasNameException,  // CreateAlias
  kKMSInvalidSignatureException,  // Verify
  kKMSInvalidMacException,        // VerifyMac
  kConflictException,             // RotateKeyOnDemand (2026)
  // the fault errors: the only ones AWS answers with a 5xx
  kKMSInternalException,
  kDependencyTimeoutException,
  kKeyUnavailableException,
};
KC_ENUM_TRAITS(ErrorType, "ErrorType",
               {ErrorType::kValidationException, "ValidationException", k22},
               {ErrorType::kSerializationException, "SerializationException", k22},
               {ErrorType::kUnknownOperationException, "UnknownOperationException", k22},
               {ErrorType::kRequestEntityTooLargeException, "RequestEntityTooLargeException", k22},
               {ErrorType::kAccessDeniedException, "AccessDeniedException", k22},
               {ErrorType::kThrottlingException, "ThrottlingException", k22},
               {ErrorType::kMissingAuthenticationTokenException,
                "MissingAuthenticationTokenException", k22},
               {ErrorType::kIncompleteSignatureException, "IncompleteSignatureException", k22},
               {ErrorType::kUnrecognizedClientException, "UnrecognizedClientException", k22},
               {ErrorType::kInvalidSignatureException, "InvalidSignatureException", k22},
               {ErrorType::kNotFoundException, "NotFoundException", k22},
               {ErrorType::kInvalidArnException, "InvalidArnException", k22},
               {ErrorType::kUnsupportedOperationException, "UnsupportedOperationException", k22},
               {ErrorType::kKMSInvalidStateException, "KMSInvalidStateException", k22},
               {ErrorType::kDisabledException, "DisabledException", k22},
               {ErrorType::kInvalidCiphertextException, "InvalidCiphertextException", k22},
               {ErrorType::kIncorrectKeyMaterialException, "IncorrectKeyMaterialException", k22},
               {ErrorType::kExpiredImportTokenException, "ExpiredImportTokenException", k22},
               {ErrorType::kInvalidImportTokenException, "InvalidImportTokenException", k22},
               {ErrorType::kIncorrectKeyException, "IncorrectKeyException", k22},
               {ErrorType::kInvalidKeyUsageException, "InvalidKeyUsageException", k22},
               {ErrorType::kInvalidGrantTokenException, "InvalidGrantTokenException", k22},
               {ErrorType::kInvalidMarkerException, "InvalidMarkerException", k22},
               {ErrorType::kLimitExceededException, "LimitExceededException", k22},
               {ErrorType::kMalformedPolicyDocumentException, "MalformedPolicyDocumentException",
                k22},
               {ErrorType::kTagException, "TagException", k22},
               {ErrorType::kDryRunOperationException, "DryRunOperationException", k26},
               {ErrorType::kCustomKeyStoreNotFoundException, "CustomKeyStoreNotFoundException",
                k22},
               {ErrorType::kCustomKeyStoreInvalidStateException,
                "CustomKeyStoreInvalidStateException", k22},
               {ErrorType::kCloudHsmClusterInvalidConfigurationException,
                "CloudHsmClusterInvalidConfigurationException", k22},
               {ErrorType::kXksKeyAlreadyInUseException, "XksKeyAlreadyInUseException", k22},
               {ErrorType::kXksKeyInvalidConfigurationException,
                "XksKeyInvalidConfigurationException", k22},
               {ErrorType::kXksKeyNotFoundException, "XksKeyNotFoundException", k22},
               {ErrorType::kAlreadyExistsException, "AlreadyExistsException", k22},
               {ErrorType::kInvalidAliasNameException, "InvalidAliasNameException", k22},
               {ErrorType::kKMSInvalidSignatureException, "KMSInvalidSignatureException", k22},
               {ErrorType::kKMSInvalidMacException, "KMSInvalidMacException", k22},
               {ErrorType::kConflictException, "ConflictException", k26},
               {ErrorType::kKMSInternalException, "KMSInternalException", k22},
               {ErrorType::kDependencyTimeoutException, "DependencyTimeoutException", k22},
               {ErrorType::kKeyUnavailableException, "KeyUnavailableException", k22});

#undef KC_ENUM_TRAITS

// ToWire: the AWS spelling of v. Every enumerator is in its table (checked by a test).
template <typename E>
constexpr std::string_view ToWire(E v) {
  for (const auto& n : EnumTraits<E>::kNames) {
    if (n.value == v) return n.wire;
  }
  return {};
}

// FromWire: the value spelled s (exact, case-sensitive, as AWS), or nullopt.
template <typename E>
constexpr std::optional<E> FromWire(std::string_view s) {
  for (const auto& n : EnumTraits<E>::kNames) {
    if (n.wire == s) return n.value;
  }
  return std::nullopt;
}

// InProfile: whether profile p's API model lists v in the enum (request validation).
template <typename E>
constexpr bool InProfile(E v, Profile p) {
  for (const auto& n : EnumTraits<E>::kNames) {
    if (n.value == v) return static_cast<int>(n.since) <= static_cast<int>(p);
  }
  return false;
}

template <typename E>
constexpr std::span<const WireName<E>> AllValues() {
  return std::span<const WireName<E>>(EnumTraits<E>::kNames);
}

// The X-Amz-Target value of an operation, and its inverse.
std::string_view TargetOf(Operation op);
std::optional<Operation> OperationFromTarget(std::string_view target);

// HttpStatusOf: the status AWS answers with this error: 5xx only for the fault errors
// (CONTRACT.md, proto.error-shape); 413 for an oversized body; 400 otherwise.
int HttpStatusOf(ErrorType type);
// IsFaultError: KMSInternalException, DependencyTimeoutException, KeyUnavailableException.
bool IsFaultError(ErrorType type);

// SanitizeErrorType: what botocore does with a __type / x-amzn-ErrorType value: cut at the
// first ':', then keep what follows the last '#'.
//   "com.amazonaws.kms#NotFoundException:http://..." -> "NotFoundException"
std::string_view SanitizeErrorType(std::string_view raw);

}  // namespace kc::contract

#endif  // KC_CONTRACT_ENUMS_H_
