// Fault: planted contract violations (mock-kms --fault NAME). A fault breaks exactly its
// rule, so the runner can prove that the check of that rule can fail (or warn, for a rule
// that can only warn). Each rule has two faults that break it by different mechanisms, so
// that a check cannot share a blind spot with the one fault written beside it: RULE-ID and
// RULE-ID:2 (CONTRACT.md's rule ids).
#ifndef KC_MOCK_KMS_MODEL_FAULTS_H_
#define KC_MOCK_KMS_MODEL_FAULTS_H_

#include <optional>
#include <span>
#include <string_view>

namespace kc::mock {

enum class Fault {
  kNone,
  // GetParametersForImport
  kGpfiOriginExternalOnly,   // GPFI on an AWS_KMS key succeeds
  kGpfiOriginExternalOnly2,  // the origin is checked only for a key named by bare id, not by ARN
  kGpfiNoAsymmetric,         // GPFI on an asymmetric EXTERNAL key succeeds
  kGpfiNoAsymmetric2,        // ECC keys are accepted (only RSA keys are refused)
  kGpfiNoHmac,               // GPFI on an HMAC EXTERNAL key succeeds
  kGpfiNoHmac2,              // HMAC keys are refused with KMSInvalidStateException
  kGpfiNoCrossAccount,       // a key ARN of another account reaches that account's key
  kGpfiNoCrossAccount2,      // the account of a key ARN is ignored: the caller's key of that id
  kGpfiWrappingKeySpec,      // any wrapping key spec of the 2026 enum is accepted
  kGpfiWrappingKeySpec2,     // a spec in no enum (RSA_1024) is read as RSA_2048 (dispatcher)
  kGpfiWrappingAlgorithm,    // any wrapping algorithm of the 2026 enum is accepted
  kGpfiWrappingAlgorithm2,   // an algorithm in no enum is read as RSAES_OAEP_SHA_256 (dispatcher)
  kGpfiRequiredMembers,      // missing WrappingAlgorithm/WrappingKeySpec default silently
  kGpfiRequiredMembers2,     // missing KeyId: NotFoundException "Invalid keyId ''" (dispatcher)
  kGpfiKeyNotFound,          // an unknown key answers KMSInternalException (500)
  kGpfiKeyNotFound2,         // a key ARN of another region reaches the caller's key of that id
  kGpfiKeyState,             // GPFI on a PendingDeletion key succeeds
  kGpfiKeyState2,            // GPFI on a Disabled key is refused (KMSInvalidStateException)
  kGpfiResponseShape,        // KeyId is the bare key id, not the ARN
  kGpfiResponseShape2,       // ParametersValidTo is an ISO-8601 string (dispatcher)
  kGpfiValidity24h,          // ParametersValidTo is 48 hours ahead
  kGpfiValidity24h2,         // ParametersValidTo says 24 h, the token expires after 1 h
  kGpfiFreshWrappingKey,     // every response carries the same wrapping key pair
  kGpfiFreshWrappingKey2,    // one wrapping key pair per KMS key
  // ImportKeyMaterial
  kIkmTokenSameResponse,      // material wrapped for any response of the key is accepted
  kIkmTokenSameResponse2,     // IKM unwraps with the key's newest wrapping key, not the token's
  kIkmTokenBoundToKey,        // a token of another key is accepted
  kIkmTokenBoundToKey2,       // the material goes into the key the token names, not the KeyId
  kIkmTokenTampered,          // an unreadable token falls back to the key's latest parameters
  kIkmTokenTampered2,         // a prefix of an issued token is accepted as that token
  kIkmTokenExpired,           // expired tokens are accepted
  kIkmTokenExpired2,          // an expired token is InvalidImportTokenException
  kIkmAlgorithmBound,         // material wrapped with another algorithm is accepted
  kIkmAlgorithmBound2,        // RSAES_OAEP_SHA_1 and RSAES_OAEP_SHA_256 unwrap alike
  kIkmOriginExternalOnly,     // IKM does not check the key's origin
  kIkmOriginExternalOnly2,    // IKM on a non-EXTERNAL key is KMSInvalidStateException
  kIkmNoAsymmetric,           // IKM does not check for asymmetric key specs
  kIkmNoAsymmetric2,          // IKM refuses RSA keys only (ECC keys pass the spec check)
  kIkmNoHmac,                 // IKM does not check for HMAC key specs
  kIkmNoHmac2,                // IKM refuses HMAC keys with ValidationException
  kIkmNoCrossAccount,         // IKM resolves key ARNs of other accounts
  kIkmNoCrossAccount2,        // the account of a key ARN is ignored: the caller's key of that id
  kIkmKeyState,               // IKM on a PendingDeletion key succeeds
  kIkmKeyState2,              // IKM on a PendingDeletion key is NotFoundException
  kIkmMaterialLength,         // material of any length is accepted
  kIkmMaterialLength2,        // longer symmetric material is accepted, cut to 32 bytes
  kIkmReimportSameMaterial,   // different material may be imported again
  kIkmReimportSameMaterial2,  // reimport compares only the first 16 bytes of the material
  kIkmValidTo,                // ValidTo/ExpirationModel are not validated
  kIkmValidTo2,               // the 365-day upper limit of ValidTo is not enforced
  kIkmLifecycle,              // the key is Enabled but other material than the imported is used
  kIkmLifecycle2,             // DescribeKey omits ExpirationModel and ValidTo after an import
  kIkmMaterialExpiry,         // material never expires
  kIkmMaterialExpiry2,        // at ValidTo only DescribeKey says PendingImport; Encrypt still works
  // ImportKeyMaterial, profile 2026
  kIkmMaterialFormat,            // ECC material is checked by field size: secp256k1 for P-256
  kIkmMaterialFormat2,           // RSA material of any size is accepted (only its type checked)
  kIkmLargeMaterialWrap,         // RSA_AES_KEY_WRAP_* are unwrapped as plain RSAES_OAEP
  kIkmLargeMaterialWrap2,        // RSA_AES_KEY_WRAP_SHA_1 and _SHA_256 unwrap alike
  kIkmAsymmetricInUse,           // the key signs with a key pair of its own, not the imported
  kIkmAsymmetricInUse2,          // Verify answers SignatureValid true for any signature
  kIkmHmacInUse,                 // HMAC is keyed with the material's first 16 bytes
  kIkmHmacInUse2,                // VerifyMac answers MacValid true for any MAC
  kIkmImportType,                // EXISTING_KEY_MATERIAL is taken for a first import
  kIkmImportType2,               // a KeyMaterialId with NEW_KEY_MATERIAL is ignored
  kIkmReimportExisting,          // EXISTING_KEY_MATERIAL of other material replaces the current
  kIkmReimportExisting2,         // a reimport's KeyMaterialId is not checked against the material
  kIkmNewMaterialSymmetricOnly,  // NEW_KEY_MATERIAL replaces an asymmetric or HMAC key's material
  kIkmNewMaterialSymmetricOnly2, // HMAC keys take other material when it is reimported
  // DeleteImportedKeyMaterial
  kDikmOriginExternalOnly,   // DIKM on an AWS_KMS key succeeds
  kDikmOriginExternalOnly2,  // DIKM on an AWS_KMS key is refused after deleting its material
  kDikmLifecycle,            // DIKM succeeds but the key keeps its material and state
  kDikmLifecycle2,           // DIKM keeps ExpirationModel (and ValidTo) in DescribeKey
  kDikmKeyMaterialId,        // the KeyMaterialId is ignored: DIKM deletes the current material
  kDikmKeyMaterialId2,       // deleting NON_CURRENT material leaves the key Enabled
  // Rotation (profile 2026)
  kRotOnDemand,             // RotateKeyOnDemand succeeds and changes nothing
  kRotOnDemand2,            // a rotation drops the old material: its ciphertexts fail
  kRotLimit,                // no limit on on-demand rotations
  kRotLimit2,               // the limit is 10 (a guide page's number), not 25
  kRotListRotations,        // IncludeKeyMaterial is ignored: every material is listed
  kRotListRotations2,       // NextMarker skips one entry
  // Protocol
  kProtoInputValidation,    // Limit and PendingWindowInDays out of range are clamped, not refused
  kProtoInputValidation2,   // over-long Description, AliasName and Plaintext are cut, not refused
  kProtoErrorShape,         // errors lack x-amzn-RequestId and use Content-Type application/json
  kProtoErrorShape2,        // NotFoundException is HTTP 200 {"message": "NotFoundException: ..."}
  kProtoMalformedJson,      // a malformed body answers 500
  kProtoMalformedJson2,     // a body that is not JSON drops the connection without a reply
  kProtoUnknownOperation,   // an unknown X-Amz-Target answers 404 with an HTML body
  kProtoUnknownOperation2,  // X-Amz-Target is matched case-insensitively
  kProtoTimestampForms,     // a fractional ValidTo is refused (SerializationException)
  kProtoTimestampForms2,    // an integer ValidTo is refused (SerializationException)
  kProtoKeyIdForms,         // key ARNs are refused by the import operations
  kProtoKeyIdForms2,        // aliases resolve for every operation, the import ones too
  kProtoRobustness,         // after 20 malformed requests every request answers 500
  kProtoRobustness2,        // after 20 malformed requests the mock forgets every key and alias
  // Key states
  kStateKeyStateTable,   // CancelKeyDeletion returns a key with material to Enabled
  kStateKeyStateTable2,  // EnableKey of a PendingImport key succeeds (Enabled, no material)
};

// FaultName: the fault's name, "RULE-ID" or "RULE-ID:2" ("" for kNone).
std::string_view FaultName(Fault f);
// FaultRule: the rule id the fault breaks (its name without ":2").
std::string_view FaultRule(Fault f);
// ParseFault: the fault named by a rule id, or nullopt.
std::optional<Fault> ParseFault(std::string_view name);
// AllFaults: every fault except kNone, in the order above.
std::span<const Fault> AllFaults();

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_FAULTS_H_
