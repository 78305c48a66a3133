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
  kGpfiNoAsymmetric,         // GPFI on an asymmetric EXTERNAL key succeeds
  kGpfiNoHmac,               // GPFI on an HMAC EXTERNAL key succeeds
  kGpfiNoCrossAccount,       // a key ARN of another account reaches that account's key
  kGpfiWrappingKeySpec,      // any wrapping key spec of the 2026 enum is accepted
  kGpfiWrappingAlgorithm,    // any wrapping algorithm of the 2026 enum is accepted
  kGpfiRequiredMembers,      // missing WrappingAlgorithm/WrappingKeySpec default silently
  kGpfiKeyNotFound,          // an unknown key answers KMSInternalException (500)
  kGpfiKeyState,             // GPFI on a PendingDeletion key succeeds
  kGpfiResponseShape,        // KeyId is the bare key id, not the ARN
  kGpfiValidity24h,          // ParametersValidTo is 48 hours ahead
  kGpfiFreshWrappingKey,     // every response carries the same wrapping key pair
  // ImportKeyMaterial
  kIkmTokenSameResponse,     // material wrapped for any response of the key is accepted
  kIkmTokenBoundToKey,       // a token of another key is accepted
  kIkmTokenTampered,         // an unreadable token falls back to the key's latest parameters
  kIkmTokenExpired,          // expired tokens are accepted
  kIkmAlgorithmBound,        // material wrapped with another algorithm is accepted
  kIkmOriginExternalOnly,    // IKM does not check the key's origin
  kIkmNoAsymmetric,          // IKM does not check for asymmetric key specs
  kIkmNoHmac,                // IKM does not check for HMAC key specs
  kIkmNoCrossAccount,        // IKM resolves key ARNs of other accounts
  kIkmKeyState,              // IKM on a PendingDeletion key succeeds
  kIkmMaterialLength,        // material of any length is accepted
  kIkmReimportSameMaterial,  // different material may be imported again
  kIkmValidTo,               // ValidTo/ExpirationModel are not validated
  kIkmLifecycle,             // the key is Enabled but other material than the imported is used
  kIkmMaterialExpiry,        // material never expires
  // DeleteImportedKeyMaterial
  kDikmOriginExternalOnly,   // DIKM on an AWS_KMS key succeeds
  kDikmLifecycle,            // DIKM succeeds but the key keeps its material and state
  // Protocol
  kProtoErrorShape,          // errors lack x-amzn-RequestId and use Content-Type application/json
  kProtoMalformedJson,       // a malformed body answers 500
  kProtoUnknownOperation,    // an unknown X-Amz-Target answers 404 with an HTML body
  kProtoTimestampForms,      // a fractional ValidTo is refused (SerializationException)
  kProtoKeyIdForms,          // key ARNs are refused by the import operations
  kProtoRobustness,          // after 20 malformed requests every request answers 500
  // Key states
  kStateKeyStateTable,       // CancelKeyDeletion returns a key with material to Enabled
  // Second mechanisms (RULE-ID:2)
  kStateKeyStateTable2,      // EnableKey of a PendingImport key succeeds (Enabled, no material)
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
