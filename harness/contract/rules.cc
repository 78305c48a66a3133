#include "harness/contract/rules.h"

#include <array>

namespace kc::contract {
namespace {

// Where each rule's sentence comes from: files of this repository (copies, with their
// provenance in testdata/README.md) and AWS's documentation pages. rules_test.cc checks that
// every path named here exists.
constexpr std::string_view kSeed =
    "AWS CLI reference, aws kms get-parameters-for-import: "
    "harness/contract/testdata/get-parameters-for-import.txt";
constexpr std::string_view kRecorded =
    "facts recorded against real AWS (AWS-validated snapshots): harness/contract/CONTRACT.md";
constexpr std::string_view kModel2022 =
    "AWS KMS API model, botocore 1.29.27: harness/contract/testdata/kms-2022-subset.json";
constexpr std::string_view kModel2026 =
    "AWS KMS API model, botocore 1.43.11: harness/contract/testdata/kms-2026-subset.json";
constexpr std::string_view kKeyStates =
    "AWS KMS Developer Guide, Key states of KMS keys "
    "(https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html); the table in "
    "harness/contract/CONTRACT.md";
constexpr std::string_view kImportGuide =
    "AWS KMS Developer Guide, Importing key material "
    "(https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys.html)";
constexpr std::string_view kProtocol =
    "AWS JSON 1.1 protocol (Smithy awsJson1_1): harness/contract/CONTRACT.md, Wire protocol";

constexpr std::string_view kNoAsymHmacCross =
    "You cannot perform this operation on an asymmetric KMS key, an HMAC KMS key, or on any "
    "KMS key in a different Amazon Web Services account.";
constexpr std::string_view kCrossAccount =
    "Cross-account use : No. You cannot perform this operation on a KMS key in a different "
    "Amazon Web Services account.";
constexpr std::string_view kSameResponse =
    "To import key material, you must use the public key and import token from the same "
    "response.";
constexpr std::string_view kCompatibleState =
    "The KMS key that you use for this operation must be in a compatible key state.";

using C = Confidence;
using S = Strictness;

constexpr std::array kRules = {
    // ---- GetParametersForImport ----
    Rule{"gpfi.origin-external-only", "GetParametersForImport needs a key whose Origin is EXTERNAL",
         C::kConfirmed, S::kStrict, kInBoth, false,
         "UnsupportedOperationException: '<key ARN> origin is AWS_KMS which is not valid for this "
         "operation.'",
         "This KMS key\u2019s Origin must be EXTERNAL.", kSeed},
    Rule{"gpfi.no-asymmetric", "GetParametersForImport refuses asymmetric (RSA/ECC/SM2) keys",
         C::kDocumented, S::kStrict, kIn2022, false,
         "refused at CreateKey(Origin=EXTERNAL) or UnsupportedOperationException",
         kNoAsymHmacCross, kSeed},
    Rule{"gpfi.no-hmac", "GetParametersForImport refuses HMAC keys", C::kDocumented, S::kStrict,
         kIn2022, false, "refused at CreateKey(Origin=EXTERNAL) or UnsupportedOperationException",
         kNoAsymHmacCross, kSeed},
    Rule{"gpfi.no-cross-account", "A key ARN of another account is never usable by GetParametersForImport",
         C::kDocumented, S::kTypeInferred, kInBoth, false,
         "NotFoundException or AccessDeniedException (type inferred); success is a fail",
         kCrossAccount, kSeed},
    Rule{"gpfi.wrapping-key-spec", "Only the profile's wrapping key specs are accepted",
         C::kDocumented, S::kStrict, kInBoth, false,
         "ValidationException (2022: only RSA_2048; 2026: RSA_2048, RSA_3072, RSA_4096)",
         "The type of wrapping key (public key) to return in the response. Only 2048-bit RSA "
         "public keys are supported.",
         kSeed},
    Rule{"gpfi.wrapping-algorithm", "Only the profile's wrapping algorithms are accepted",
         C::kDocumented, S::kStrict, kInBoth, false,
         "ValidationException outside the enum; in 2026 RSAES_PKCS1_V1_5 refused (type inferred)",
         "--wrapping-algorithm (string) ... Possible values: RSAES_PKCS1_V1_5 RSAES_OAEP_SHA_1 "
         "RSAES_OAEP_SHA_256",
         kSeed},
    Rule{"gpfi.required-members", "KeyId, WrappingAlgorithm and WrappingKeySpec are required",
         C::kDocumented, S::kStrict, kInBoth, false,
         "ValidationException ('Member must not be null'; text inferred)",
         "\"required\": [\"KeyId\", \"WrappingAlgorithm\", \"WrappingKeySpec\"]", kModel2022},
    Rule{"gpfi.key-not-found", "An unknown key id, key ARN or malformed id is NotFoundException",
         C::kConfirmed, S::kStrict, kInBoth, false,
         "NotFoundException: \"Key '<key ARN>' does not exist\" / \"Invalid keyId '<input>'\" / "
         "\"Invalid arn <region>\"",
         "DescribeKey of a missing key: NotFoundException, Key '<key ARN>' does not exist",
         kRecorded},
    Rule{"gpfi.key-state", "PendingDeletion/Unavailable keys are refused; PendingImport, Enabled, Disabled allowed",
         C::kDocumented, S::kStrict, kInBoth, false,
         "KMSInvalidStateException: '<key ARN> is pending deletion.'", kCompatibleState, kSeed},
    Rule{"gpfi.response-shape", "The response carries the key ARN, an RSA SPKI public key of the requested size, a token and ParametersValidTo",
         C::kConfirmed, S::kStrict, kInBoth, false,
         "KeyId = key ARN; PublicKey = base64 DER SubjectPublicKeyInfo; ImportToken 1..6144 "
         "bytes; ParametersValidTo epoch seconds",
         "KeyId -> (string) The Amazon Resource Name (key ARN) of the KMS key to use in a "
         "subsequent ImportKeyMaterial request.",
         kSeed},
    Rule{"gpfi.validity-24h", "ParametersValidTo is the request time plus 24 hours",
         C::kDocumented, S::kStrict, kInBoth, false,
         "ParametersValidTo = now + 86400 s (a few seconds' tolerance)",
         "These items are valid for 24 hours. The expiration date and time appear in the "
         "GetParametersForImport response.",
         kSeed},
    Rule{"gpfi.fresh-wrapping-key", "Each response carries its own wrapping key pair",
         C::kInferred, S::kWarnOnly, kInBoth, false, "a new public key in every response",
         kSameResponse, kSeed},
    // ---- ImportKeyMaterial ----
    Rule{"ikm.token-same-response", "Material wrapped with one response's public key is refused with another response's token",
         C::kDocumented, S::kStrict, kInBoth, false, "InvalidCiphertextException", kSameResponse,
         kSeed},
    Rule{"ikm.token-bound-to-key", "A token issued for one key is refused for another key",
         C::kDocumented, S::kStrict, kInBoth, false, "InvalidImportTokenException",
         "KeyId -> (string) ... This is the same KMS key specified in the GetParametersForImport "
         "request.",
         kSeed},
    Rule{"ikm.token-tampered", "A modified, truncated or random import token is refused",
         C::kDocumented, S::kStrict, kInBoth, false, "InvalidImportTokenException",
         "ImportToken -> (blob) The import token to send in a subsequent ImportKeyMaterial "
         "request.",
         kSeed},
    Rule{"ikm.token-expired", "A token past ParametersValidTo is refused", C::kDocumented,
         S::kStrict, kInBoth, true, "ExpiredImportTokenException",
         "You cannot use an expired token in an ImportKeyMaterial request.", kSeed},
    Rule{"ikm.algorithm-bound", "Material wrapped with another algorithm than the token's is refused",
         C::kDocumented, S::kStrict, kInBoth, false, "InvalidCiphertextException",
         "Also, the wrapping algorithm that you specify in this command must be one that you use "
         "to encrypt the key material with the public key.",
         kSeed},
    Rule{"ikm.origin-external-only", "ImportKeyMaterial on a key whose Origin is not EXTERNAL is refused",
         C::kDocumented, S::kStrict, kInBoth, false, "UnsupportedOperationException",
         "The key ID or key ARN of a KMS key with no key material. Its Origin must be EXTERNAL.",
         kModel2022},
    Rule{"ikm.no-asymmetric", "ImportKeyMaterial refuses asymmetric keys", C::kDocumented,
         S::kStrict, kIn2022, false,
         "refused at CreateKey(Origin=EXTERNAL) or UnsupportedOperationException",
         kNoAsymHmacCross, kSeed},
    Rule{"ikm.no-hmac", "ImportKeyMaterial refuses HMAC keys", C::kDocumented, S::kStrict,
         kIn2022, false, "refused at CreateKey(Origin=EXTERNAL) or UnsupportedOperationException",
         kNoAsymHmacCross, kSeed},
    Rule{"ikm.no-cross-account", "A key ARN of another account is never usable by ImportKeyMaterial",
         C::kDocumented, S::kTypeInferred, kInBoth, false,
         "NotFoundException or AccessDeniedException (type inferred); success is a fail",
         kCrossAccount, kSeed},
    Rule{"ikm.key-state", "ImportKeyMaterial refuses PendingDeletion keys (a Disabled key: either behaviour warns at most)",
         C::kDocumented, S::kStrict, kInBoth, false,
         "KMSInvalidStateException: '<key ARN> is pending deletion.'",
         "Its Origin must be EXTERNAL and its KeyState must be PendingImport or Enabled.",
         kModel2026},
    Rule{"ikm.material-length", "Symmetric material must be exactly 256 bits (2026: the spec's lengths)",
         C::kDocumented, S::kTypeInferred, kInBoth, false,
         "IncorrectKeyMaterialException or ValidationException (type inferred); success is a "
         "fail",
         "The key material must be a 256-bit (32-byte) symmetric key.", kImportGuide},
    Rule{"ikm.reimport-same-material", "After DeleteImportedKeyMaterial only the same material may be imported again",
         C::kDocumented, S::kStrict, kIn2022, false, "IncorrectKeyMaterialException",
         "After you successfully import key material into a KMS key, you can reimport the same "
         "key material into that KMS key, but you cannot import different key material.",
         kModel2022},
    Rule{"ikm.valid-to", "KEY_MATERIAL_EXPIRES (the default) needs a ValidTo within 365 days; DOES_NOT_EXPIRE takes none",
         C::kConfirmed, S::kStrict, kInBoth, false,
         "ValidationException: 'A validTo date must be set if the ExpirationModel is "
         "KEY_MATERIAL_EXPIRES'",
         "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES", kRecorded},
    Rule{"ikm.lifecycle", "Import moves PendingImport to Enabled with the imported material in use; a failed import changes nothing",
         C::kConfirmed, S::kStrict, kInBoth, false,
         "KeyState Enabled, ExpirationModel/ValidTo in DescribeKey, Decrypt returns what "
         "Encrypt took",
         "CreateKey with Origin=EXTERNAL gives KeyState=PendingImport, Enabled=false. After "
         "import: Enabled, ExpirationModel set, ValidTo when the material expires.",
         kRecorded},
    Rule{"ikm.material-expiry", "After ValidTo the key is PendingImport and Encrypt fails",
         C::kDocumented, S::kStrict, kInBoth, true,
         "KMSInvalidStateException: '<key ARN> is pending import.'",
         "If you set an expiration date, on the specified date, KMS deletes the key material from "
         "the KMS key, making the KMS key unusable.",
         kModel2022},
    // ---- DeleteImportedKeyMaterial ----
    Rule{"dikm.origin-external-only", "DeleteImportedKeyMaterial only applies to EXTERNAL keys",
         C::kDocumented, S::kStrict, kInBoth, false, "UnsupportedOperationException",
         "The import operations on a non-EXTERNAL key answer UnsupportedOperationException "
         "whatever the state.",
         kKeyStates},
    Rule{"dikm.lifecycle", "DeleteImportedKeyMaterial moves Enabled/Disabled to PendingImport; in PendingDeletion the state stays",
         C::kDocumented, S::kStrict, kInBoth, false,
         "KeyState PendingImport, Enabled=false, ExpirationModel removed",
         "After DeleteImportedKeyMaterial: PendingImport, Enabled=false, ExpirationModel "
         "removed.",
         kKeyStates},
    // ---- Protocol ----
    Rule{"proto.input-validation", "A request that breaks a member constraint of the API model (type, length, range, enum, pattern, a required member) is refused, never accepted",
         C::kDocumented, S::kStrict, kInBoth, false,
         "400 ValidationException (SerializationException for a wrong JSON type or bad base64); "
         "never a success",
         "ValidationException: The input fails to satisfy the constraints specified by an AWS "
         "service. HTTP Status Code: 400",
         "AWS KMS API Reference, Common Errors "
         "(https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html); the member "
         "constraints (min, max, enum, pattern, required) of the profile's API model"},
    Rule{"proto.error-shape", "Errors are 400 (5xx only for fault errors) with JSON __type and message, x-amz-json-1.1 and x-amzn-RequestId",
         C::kConfirmed, S::kStrict, kInBoth, false,
         "HTTP 400, {\"__type\": ..., \"message\": ...}, Content-Type application/x-amz-json-1.1, "
         "x-amzn-RequestId",
         "Error: HTTP 400 (5xx only for the fault errors KMSInternalException, "
         "DependencyTimeoutException, KeyUnavailableException), body {\"__type\": "
         "\"<ErrorName>\", \"message\": \"<text>\"}, x-amzn-RequestId.",
         kProtocol},
    Rule{"proto.malformed-json", "A malformed body is a 400 SerializationException, never a 5xx or a dropped connection",
         C::kDocumented, S::kStrict, kInBoth, false, "SerializationException (400)",
         "Malformed JSON: SerializationException (400).", kProtocol},
    Rule{"proto.unknown-operation", "An unknown X-Amz-Target is a 400 UnknownOperationException",
         C::kDocumented, S::kStrict, kInBoth, false, "UnknownOperationException (400)",
         "Unknown operation: UnknownOperationException (400).", kProtocol},
    Rule{"proto.timestamp-forms", "ValidTo is accepted as integer and as fractional epoch seconds",
         C::kDocumented, S::kStrict, kInBoth, false, "both forms accepted",
         "Timestamps are epoch seconds as JSON numbers, integer or fractional.", kProtocol},
    Rule{"proto.key-id-forms", "Key id and key ARN both work; an existing alias is refused by the three import operations",
         C::kDocumented, S::kTypeInferred, kInBoth, false,
         "key id and ARN accepted; an alias (name or ARN) that exists and resolves for "
         "DescribeKey is refused by GetParametersForImport, ImportKeyMaterial and "
         "DeleteImportedKeyMaterial (NotFoundException; type inferred)",
         "Specify the key ID or key ARN of the KMS key.", kSeed},
    Rule{"proto.robustness", "After a burst of malformed requests the target still answers correctly",
         C::kInferred, S::kStrict, kInBoth, false, "correct answers after the burst",
         "Bad input always gets a well-formed AWS error; the server keeps serving.",
         "harness/contract/CONTRACT.md, proto.robustness (inferred)"},
    // ---- key states ----
    Rule{"state.key-state-table", "EnableKey, DisableKey, Schedule/CancelKeyDeletion and Encrypt answer and change the key state as the key-state table says",
         C::kDocumented, S::kStrict, kInBoth, false,
         "the key-state table of CONTRACT.md: e.g. EnableKey of a PendingImport key is "
         "KMSInvalidStateException; CancelKeyDeletion leaves the key Disabled (PendingImport "
         "without material) whatever its state before",
         "Cancels the deletion of a KMS key. When this operation succeeds, the key state of the "
         "KMS key is Disabled. ... The KMS key that you use for this operation must be in a "
         "compatible key state.",
         "AWS KMS API Reference, CancelKeyDeletion "
         "(https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html); the "
         "key-state table in harness/contract/CONTRACT.md"},
};

}  // namespace

std::string_view ConfidenceName(Confidence c) {
  switch (c) {
    case Confidence::kConfirmed: return "confirmed";
    case Confidence::kDocumented: return "documented";
    case Confidence::kInferred: return "inferred";
  }
  return "inferred";
}

std::span<const Rule> AllRules() { return kRules; }

const Rule* FindRule(std::string_view id) {
  for (const Rule& r : kRules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

bool InProfile(const Rule& rule, Profile p) {
  return (rule.profiles & (p == Profile::k2022 ? kIn2022 : kIn2026)) != 0;
}

std::vector<const Rule*> RulesFor(Profile p) {
  std::vector<const Rule*> out;
  for (const Rule& r : kRules) {
    if (InProfile(r, p)) out.push_back(&r);
  }
  return out;
}

}  // namespace kc::contract
