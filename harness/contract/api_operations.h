// ApiOperations: every operation of AWS KMS's API model of a profile, not only the sixteen
// kmsconform speaks (enums.h, Operation). `kmsconform fuzz` judges an X-Amz-Target as an
// unknown operation (proto.unknown-operation) only when its operation is absent from the
// profile's full model: CreateGrant or GenerateRandom are real operations an emulator may not
// implement, not unknown ones.
// Source: the operation names of the botocore KMS service models (testdata/README.md): the
// 2022 model has 50 operations; the 2026 model adds DeriveSharedSecret, GetKeyLastUsage,
// ListKeyRotations and RotateKeyOnDemand.
#ifndef KC_CONTRACT_API_OPERATIONS_H_
#define KC_CONTRACT_API_OPERATIONS_H_

#include <span>
#include <string_view>

#include "harness/contract/enums.h"

namespace kc::contract {

// ApiOperations: the operation names of the profile's full model, sorted.
std::span<const std::string_view> ApiOperations(Profile profile);

// InApiModel: whether `name` (exact case, e.g. "GenerateRandom") is an operation of the
// profile's full model.
bool InApiModel(Profile profile, std::string_view name);

// kServiceTargetPrefix: X-Amz-Target is "<prefix>.<operation>".
inline constexpr std::string_view kServiceTargetPrefix = "TrentService";

}  // namespace kc::contract

#endif  // KC_CONTRACT_API_OPERATIONS_H_
