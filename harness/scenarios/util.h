// Small helpers of the scenarios: key ARN surgery and JSON string literals for raw bodies.
#ifndef KC_SCENARIOS_UTIL_H_
#define KC_SCENARIOS_UTIL_H_

#include <string>
#include <string_view>

namespace kc::scenarios {

// Parts of "arn:aws:kms:REGION:ACCOUNT:key/ID"; "" when arn has fewer parts.
std::string ArnRegion(std::string_view arn);
std::string ArnAccount(std::string_view arn);
// The same ARN with one part replaced (unchanged when arn is not an ARN).
std::string ArnWithRegion(std::string_view arn, std::string_view region);
std::string ArnWithAccount(std::string_view arn, std::string_view account);
std::string ArnWithKeyId(std::string_view arn, std::string_view key_id);
// OtherAccountThan: a 12-digit account id different from `account`.
std::string OtherAccountThan(std::string_view account);
// AliasArn: "arn:aws:kms:REGION:ACCOUNT:alias/NAME" from a key ARN.
std::string AliasArn(std::string_view key_arn, std::string_view name);

// JsonString: s as a JSON string literal, quotes included.
std::string JsonString(std::string_view s);

}  // namespace kc::scenarios

#endif  // KC_SCENARIOS_UTIL_H_
