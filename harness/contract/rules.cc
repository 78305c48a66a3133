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
// The 2026 API model, copied whole for the AWS CLI and boto3 of the end-to-end tests; the
// rules of several key materials quote its documentation strings, which win where AWS's pages
// disagree (harness/contract/CONTRACT.md, "Profile 2026: the rules of imported material").
constexpr std::string_view kModel2026Full =
    "AWS KMS API model, botocore 1.43.11 (documentation strings): "
    "mock_kms/e2e/testdata/aws-data/kms/2014-11-01/service-2.json; "
    "https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html";
constexpr std::string_view kRotateRef =
    "AWS KMS API model, botocore 1.43.11, RotateKeyOnDemand: "
    "mock_kms/e2e/testdata/aws-data/kms/2014-11-01/service-2.json; "
    "https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html";
constexpr std::string_view kListRotationsRef =
    "AWS KMS API model, botocore 1.43.11, ListKeyRotationsRequest and RotationsListEntry: "
    "mock_kms/e2e/testdata/aws-data/kms/2014-11-01/service-2.json; "
    "https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html";
constexpr std::string_view kDikmRef =
    "AWS KMS API model, botocore 1.43.11, DeleteImportedKeyMaterialRequest and "
    "RotationsListEntry: mock_kms/e2e/testdata/aws-data/kms/2014-11-01/service-2.json; "
    "https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html";

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
    // ---- ImportKeyMaterial, profile 2026: imported asymmetric and HMAC material ----
    Rule{"ikm.material-format", "RSA and ECC material is a PKCS#8 private key of the key's own size and curve",
         C::kDocumented, S::kTypeInferred, kIn2026, false,
         "IncorrectKeyMaterialException or ValidationException (type inferred) for a private key "
         "of another size or curve (secp256k1 for P-256 too) or bytes that are not PKCS#8; "
         "success is a fail",
         "Material: symmetric keys 32 bytes; RSA and ECC keys a PKCS#8 DER private key of the "
         "key's spec; HMAC keys raw bytes, HMAC_224 28\u201364, HMAC_256 32\u201364, HMAC_384 "
         "48\u2013128, HMAC_512 64\u2013128 bytes.",
         "harness/contract/CONTRACT.md, Profiles (from the 2026 model and AWS KMS Developer "
         "Guide, Importing key material, "
         "https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys.html)"},
    Rule{"ikm.large-material-wrap", "Material larger than RSAES_OAEP can carry (an RSA private key) imports with RSA_AES_KEY_WRAP_SHA_1/_SHA_256, each unwrapped with its own hash",
         C::kDocumented, S::kStrict, kIn2026, false,
         "RSA_2048/3072/4096 private keys import with RSA_AES_KEY_WRAP_SHA_256 and _SHA_1; a "
         "hybrid wrapped with the other hash than the token's is InvalidCiphertextException",
         "The wrapping algorithms that you can use depend on the type of key material that you "
         "are importing. To import an RSA private key, you must use an RSA_AES wrapping "
         "algorithm.",
         "AWS KMS API model, botocore 1.43.11, GetParametersForImportRequest.WrappingAlgorithm: "
         "mock_kms/e2e/testdata/aws-data/kms/2014-11-01/service-2.json; "
         "https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html"},
    Rule{"ikm.asymmetric-in-use", "Imported RSA and ECC private keys are the ones in use: GetPublicKey is their public half, signatures verify both ways, RSA encryption keys decrypt with them",
         C::kDocumented, S::kStrict, kIn2026, false,
         "GetPublicKey = the SubjectPublicKeyInfo of the imported key; the target's signatures "
         "verify locally and local ones on the target (SignatureValid true); a wrong signature "
         "is KMSInvalidSignatureException; RSAES_OAEP ciphertexts cross both ways",
         "When this operation is successful, the state of the KMS key changes to Enabled, and "
         "you can use the KMS key in cryptographic operations.",
         kModel2026Full},
    Rule{"ikm.hmac-in-use", "Imported HMAC material is the one in use: GenerateMac equals a local HMAC, VerifyMac takes it and refuses a wrong MAC",
         C::kDocumented, S::kStrict, kIn2026, false,
         "Mac = HMAC(material, message) for HMAC_224/256/384/512; VerifyMac of it MacValid "
         "true; a wrong MAC is KMSInvalidMacException",
         "When this operation is successful, the state of the KMS key changes to Enabled, and "
         "you can use the KMS key in cryptographic operations.",
         kModel2026Full},
    Rule{"ikm.edwards-mldsa", "ECC_NIST_EDWARDS25519 and ML_DSA keys with imported material: AWS's stance is not documented and their signatures are not checked",
         C::kInferred, S::kWarnOnly, kIn2026, false,
         "not judged (skip): OpenSSL 3.0 cannot verify ED25519_PH_SHA_512 or ML-DSA signatures; "
         "whether AWS imports them is inferred from the model's list of key types",
         "You can create a symmetric encryption KMS key, HMAC KMS key, asymmetric encryption KMS "
         "key, asymmetric key agreement key, or asymmetric signing KMS key.",
         kModel2026Full},
    // ---- ImportKeyMaterial, profile 2026: several materials per symmetric key ----
    Rule{"ikm.import-type", "A first import is NEW_KEY_MATERIAL (the default): EXISTING_KEY_MATERIAL, or a KeyMaterialId with NEW_KEY_MATERIAL, is refused; the KeyMaterialId answered is DescribeKey's CurrentKeyMaterialId",
         C::kDocumented, S::kTypeInferred, kIn2026, false,
         "EXISTING_KEY_MATERIAL into a key that never had material: refused; NEW_KEY_MATERIAL "
         "with a KeyMaterialId: ValidationException (types inferred); the first import answers "
         "a KeyMaterialId that DescribeKey shows as CurrentKeyMaterialId",
         "If no key material has ever been imported into the KMS key, and this parameter is "
         "omitted, the parameter defaults to NEW_KEY_MATERIAL. ... You cannot specify a key "
         "material ID with ImportType set to NEW_KEY_MATERIAL.",
         kModel2026Full},
    Rule{"ikm.reimport-existing", "EXISTING_KEY_MATERIAL (the default after the first import) takes only material already associated with the key, and a KeyMaterialId only when it names that material",
         C::kDocumented, S::kTypeInferred, kIn2026, false,
         "IncorrectKeyMaterialException for other material, or for a KeyMaterialId that is not "
         "the material's (type inferred for the id); the same material reimports (Enabled)",
         "After the first key material is imported, if this parameter is omitted then the "
         "parameter defaults to EXISTING_KEY_MATERIAL. ... When you re-import key material with "
         "a specified key material ID, KMS: Computes the identifier for the key material; "
         "Matches the computed identifier against the specified key material ID; Verifies that "
         "the key material ID is already associated with the KMS key",
         kModel2026Full},
    Rule{"ikm.new-material-symmetric-only", "Only symmetric encryption keys take new key material after the first import: asymmetric and HMAC material never changes",
         C::kDocumented, S::kTypeInferred, kIn2026, false,
         "NEW_KEY_MATERIAL, or other material, into an imported RSA/ECC/HMAC key: refused "
         "(ValidationException, UnsupportedOperationException or IncorrectKeyMaterialException; "
         "type inferred) and the key keeps its material",
         "For asymmetric and HMAC keys, you cannot change the key material after the initial "
         "import. You can import multiple key materials into symmetric encryption keys and "
         "rotate the key material on demand using RotateKeyOnDemand.",
         kModel2026Full},
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
    Rule{"dikm.key-material-id", "DeleteImportedKeyMaterial deletes the named material (without KeyMaterialId, the current one): PENDING_ROTATION material leaves and the key state stays; other material makes the key PendingImport until it is reimported",
         C::kDocumented, S::kStrict, kIn2026, false,
         "PENDING_ROTATION: success, KeyState unchanged, gone from ListKeyRotations; a "
         "NON_CURRENT or CURRENT material: PendingImport, Encrypt and Decrypt "
         "KMSInvalidStateException (Decrypt's text inferred) until it is reimported, then old "
         "and new ciphertexts decrypt",
         "If no KeyMaterialId is specified, KMS deletes the current key material. ... Key "
         "material in PENDING_MULTI_REGION_IMPORT_AND_ROTATION or PENDING_ROTATION state is not "
         "permanently associated with the KMS key. You can delete this key material and import "
         "different key material in its place.",
         kDikmRef},
    // ---- Rotation of imported material (profile 2026) ----
    Rule{"rot.on-demand", "RotateKeyOnDemand makes an imported key's PENDING_ROTATION material current and old ciphertexts still decrypt; without such material, or for an asymmetric or HMAC key, it is refused",
         C::kDocumented, S::kTypeInferred, kIn2026, false,
         "success; CurrentKeyMaterialId becomes the new material's id; ciphertexts made before "
         "decrypt; no PENDING_ROTATION material: refused (type inferred); asymmetric or HMAC "
         "key: UnsupportedOperationException",
         "When you initiate on-demand key rotation on a symmetric encryption KMS key with "
         "imported key material, you must have already imported new key material and that key "
         "material's state should be PENDING_ROTATION. ... On-demand key rotation is supported "
         "only on symmetric encryption KMS keys.",
         kRotateRef},
    Rule{"rot.limit", "At most 25 on-demand rotations per key: the 26th is LimitExceededException",
         C::kDocumented, S::kTypeInferred, kIn2026, false,
         "rotations 1 to 25 succeed; the 26th: LimitExceededException (type inferred from the "
         "model's error list). Sources disagree: some guide pages say 10, an older API page that "
         "imported keys cannot rotate on demand; the 2026 model wins",
         "You can perform on-demand key rotation a maximum of 25 times per KMS key.",
         kRotateRef},
    Rule{"rot.list-rotations", "ListKeyRotations lists rotated material by default and every material with ALL_KEY_MATERIAL, each with its KeyMaterialId, state and ImportState; Limit and NextMarker page through them all",
         C::kDocumented, S::kStrict, kIn2026, false,
         "default (ROTATIONS_ONLY): the materials made current by a rotation (RotationType "
         "ON_DEMAND, RotationDate); ALL_KEY_MATERIAL adds the first material and PENDING_ROTATION "
         "material; pages of Limit=1 give the same entries",
         "The default value of this parameter is ROTATIONS_ONLY. If you omit this parameter, KMS "
         "returns information on the key materials created by automatic or on-demand key "
         "rotation. When you specify a value of ALL_KEY_MATERIAL, KMS adds the first key "
         "material and any imported key material pending rotation to the response.",
         kListRotationsRef},
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

bool NeverJudged(const Rule& rule) { return rule.id == "ikm.edwards-mldsa"; }

std::vector<const Rule*> RulesFor(Profile p) {
  std::vector<const Rule*> out;
  for (const Rule& r : kRules) {
    if (InProfile(r, p)) out.push_back(&r);
  }
  return out;
}

}  // namespace kc::contract
