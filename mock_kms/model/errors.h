// The model's error replies: AWS's texts where they are recorded (CONTRACT.md "Facts"),
// otherwise clear texts in AWS's style. Each builder says which rule it serves.
#ifndef KC_MOCK_KMS_MODEL_ERRORS_H_
#define KC_MOCK_KMS_MODEL_ERRORS_H_

#include <string>
#include <string_view>

#include "harness/codec/types.h"
#include "harness/contract/enums.h"
#include "harness/contract/model.h"

namespace kc::mock {

using codec::ApiError;

// Not found (gpfi.key-not-found; texts confirmed on DescribeKey).
ApiError InvalidKeyIdError(std::string_view input);       // "Invalid keyId '<input>'"
ApiError KeyDoesNotExistError(std::string_view arn);      // "Key '<arn>' does not exist"
ApiError InvalidArnRegionError(std::string_view region);  // "Invalid arn <region>"
ApiError AliasNotFoundError(std::string_view alias_arn);  // "Alias <arn> is not found."

// The aliases (CreateAlias, DeleteAlias, UpdateAlias; errors.cc says where each text and
// type comes from).
ApiError AliasPrefixError();                                   // ValidationException
ApiError AliasEmptyNameError();                                // ValidationException
ApiError AliasInvalidCharactersError(std::string_view name);   // ValidationException
ApiError AliasReservedError(std::string_view name);            // InvalidAliasNameException
ApiError AliasAlreadyExistsError(std::string_view alias_arn);  // AlreadyExistsException

// The import operations on a key of another origin / spec (gpfi.origin-external-only,
// gpfi.no-asymmetric, gpfi.no-hmac and their ikm/dikm twins).
ApiError OriginNotValidError(std::string_view arn, contract::Origin origin);
ApiError KeySpecNotValidError(std::string_view arn, contract::KeySpec spec);

// EnumValueError: the service framework's message for a value outside the profile's enum
// (the codec's text): 1 validation error detected: Value 'RSA_4096' at 'wrappingKeySpec'
// failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048]
ApiError EnumValueError(std::string_view member, std::string_view value, contract::EnumKind kind,
                        contract::Profile p);
// NullMemberError: "1 validation error detected: Value null at '<member>' failed to
// satisfy constraint: Member must not be null".
ApiError NullMemberError(std::string_view member);
ApiError ValidationError(std::string message);

// KMSInternalException: the model could not complete (e.g. the journal write failed).
ApiError InternalFailure(std::string_view what);

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_ERRORS_H_
