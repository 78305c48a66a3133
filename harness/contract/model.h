// The API model of the operations kmsconform speaks, per profile: every member of every
// input and output structure with its type, required flag, min/max (length for strings,
// blobs and lists; value for integers), enum and pattern. Generated from the botocore
// model subsets in testdata/ (model_tables.inc) and checked against them by
// contract_model_test.cc. The codec validates requests with these tables, so a request
// is refused exactly where AWS's model refuses it.
#ifndef KC_CONTRACT_MODEL_H_
#define KC_CONTRACT_MODEL_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/contract/enums.h"

namespace kc::contract {

enum class ShapeType : std::uint8_t {
  kString,
  kBlob,
  kInteger,
  kBoolean,
  kTimestamp,
  kStructure,
  kList,
  kMap,
};

// EnumKind: which enum a string shape is constrained to.
enum class EnumKind : std::uint8_t {
  kNone,
  kKeySpec,
  kCustomerMasterKeySpec,  // KeySpec's values as of 2022 (the deprecated member's enum)
  kKeyUsage,
  kOrigin,
  kKeyState,
  kWrappingAlgorithm,
  kWrappingKeySpec,
  kExpirationModel,
  kImportType,
  kEncryptionAlgorithm,
  kSigningAlgorithm,
  kMacAlgorithm,
  kKeyAgreementAlgorithm,
  kKeyManager,
  kMultiRegionKeyType,
  kKeyEncryptionMechanism,
  kDryRunModifier,
  kMessageType,
  kIncludeKeyMaterial,
  kImportState,
  kKeyMaterialState,
  kRotationType,
};

struct MemberSpec;

// ShapeSpec: one model shape. min/max are -1 when the model sets none.
struct ShapeSpec {
  std::string_view name;  // the model's shape name, e.g. "KeyIdType"
  ShapeType type;
  std::int64_t min;
  std::int64_t max;
  EnumKind enum_kind;
  std::string_view pattern;  // the model's regular expression (Java syntax), or empty
  bool sensitive;
  const ShapeSpec* element;  // list member or map value
  const ShapeSpec* key;      // map key
  std::span<const MemberSpec> members;  // structure members, in the model's order

  bool has_min() const { return min >= 0; }
  bool has_max() const { return max >= 0; }
};

// MemberSpec: a member of a structure: its wire name ("WrappingKeySpec"), its shape, and
// whether the model marks it required.
struct MemberSpec {
  std::string_view name;
  const ShapeSpec* shape;
  bool required;
};

struct OperationSpec {
  Operation op;
  // input: nullptr only where the profile's model lacks the operation (RotateKeyOnDemand
  // and ListKeyRotations in 2022: contract::InProfile(op, p) is false).
  const ShapeSpec* input;
  const ShapeSpec* output;  // nullptr where the model has no output (2022 DeleteImportedKeyMaterial)
  std::span<const ErrorType> errors;  // the model's declared errors, in order
};

// Spec: the model of op in profile p.
const OperationSpec& Spec(Operation op, Profile p);

// FindMember: the member of a structure shape called name, or nullptr.
const MemberSpec* FindMember(const ShapeSpec& structure, std::string_view name);

// EnumWireValues: the values profile p's model lists for an enum kind, in model order.
std::vector<std::string_view> EnumWireValues(EnumKind kind, Profile p);
// EnumAccepts: whether wire is one of EnumWireValues(kind, p).
bool EnumAccepts(EnumKind kind, std::string_view wire, Profile p);

// LowerCamel: the member name as AWS's validation messages spell it ("KeyId" -> "keyId",
// "AWSAccountId" -> "aWSAccountId": only the first letter changes).
std::string LowerCamel(std::string_view member_name);

}  // namespace kc::contract

#endif  // KC_CONTRACT_MODEL_H_
