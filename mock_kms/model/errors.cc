#include "mock_kms/model/errors.h"

namespace kc::mock {

using contract::ErrorType;

ApiError InvalidKeyIdError(std::string_view input) {
  return ApiError::Of(ErrorType::kNotFoundException, "Invalid keyId '" + std::string(input) + "'");
}

ApiError KeyDoesNotExistError(std::string_view arn) {
  return ApiError::Of(ErrorType::kNotFoundException,
                      "Key '" + std::string(arn) + "' does not exist");
}

ApiError InvalidArnRegionError(std::string_view region) {
  return ApiError::Of(ErrorType::kNotFoundException, "Invalid arn " + std::string(region));
}

ApiError AliasNotFoundError(std::string_view alias_arn) {
  return ApiError::Of(ErrorType::kNotFoundException,
                      "Alias " + std::string(alias_arn) + " is not found.");
}

ApiError OriginNotValidError(std::string_view arn, contract::Origin origin) {
  // Recorded against AWS: "<key ARN> origin is AWS_KMS which is not valid for this operation."
  return ApiError::Of(ErrorType::kUnsupportedOperationException,
                      std::string(arn) + " origin is " + std::string(contract::ToWire(origin)) +
                          " which is not valid for this operation.");
}

ApiError KeySpecNotValidError(std::string_view arn, contract::KeySpec spec) {
  // In the style of the recorded origin message (text inferred).
  return ApiError::Of(ErrorType::kUnsupportedOperationException,
                      std::string(arn) + " key spec is " + std::string(contract::ToWire(spec)) +
                          " which is not valid for this operation.");
}

ApiError EnumValueError(std::string_view member, std::string_view value, contract::EnumKind kind,
                        contract::Profile p) {
  std::string m = "1 validation error detected: Value '" + std::string(value) + "' at '" +
                  contract::LowerCamel(member) +
                  "' failed to satisfy constraint: Member must satisfy enum value set: [";
  bool first = true;
  for (std::string_view v : contract::EnumWireValues(kind, p)) {
    if (!first) m += ", ";
    m += v;
    first = false;
  }
  m += "]";
  return ApiError::Of(ErrorType::kValidationException, std::move(m));
}

ApiError NullMemberError(std::string_view member) {
  return ApiError::Of(ErrorType::kValidationException,
                      "1 validation error detected: Value null at '" +
                          contract::LowerCamel(member) +
                          "' failed to satisfy constraint: Member must not be null");
}

ApiError ValidationError(std::string message) {
  return ApiError::Of(ErrorType::kValidationException, std::move(message));
}

ApiError InternalFailure(std::string_view what) {
  return ApiError::Of(
      ErrorType::kKMSInternalException,
      "The request could not be completed because of an internal error: " + std::string(what));
}

}  // namespace kc::mock
