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

ApiError AliasPrefixError() {
  // Recorded against AWS (CreateAlias with a name without the prefix; LocalStack's
  // AWS-validated snapshot TestKMS::test_create_alias, last validated 2024-04-11).
  return ApiError::Of(ErrorType::kValidationException,
                      "Alias must start with the prefix \"alias/\". Please see "
                      "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
}

ApiError AliasEmptyNameError() {
  // "This value must begin with alias/ followed by a name" (CreateAlias, AliasName): the
  // model's pattern admits "alias/" alone. Type and text inferred.
  return ApiError::Of(ErrorType::kValidationException,
                      "Alias must have a name after the prefix \"alias/\".");
}

ApiError AliasInvalidCharactersError(std::string_view name) {
  // "It can contain only alphanumeric characters, forward slashes (/), underscores (_), and
  // dashes (-)" (CreateAlias, AliasName), while the model's pattern admits ':'. Type and text
  // as AWS answered "alias/Service:Test" in terraform-provider-aws issue #12891 (a user's
  // report, not validated here).
  return ApiError::Of(ErrorType::kValidationException,
                      std::string(name) + " contains invalid characters for an alias");
}

ApiError AliasReservedError(std::string_view name) {
  // "The alias name cannot begin with alias/aws/. The alias/aws/ prefix is reserved for
  // Amazon Web Services managed keys." (CreateAlias, AliasName). The type is inferred:
  // InvalidAliasNameException, "The request was rejected because the specified alias name is
  // not valid.", the model's only error about a name. Text inferred.
  return ApiError::Of(
      ErrorType::kInvalidAliasNameException,
      std::string(name) + " is not valid: the alias/aws/ prefix is reserved for AWS managed keys.");
}

ApiError AliasAlreadyExistsError(std::string_view alias_arn) {
  // "The alias must be unique in the account and Region" (CreateAlias); the model's
  // AlreadyExistsException. Text as LocalStack and moto give it ("AWS itself uses AliasArn
  // instead of AliasName in this exception"); not recorded here: inferred.
  return ApiError::Of(ErrorType::kAlreadyExistsException,
                      "An alias with the name " + std::string(alias_arn) + " already exists");
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
