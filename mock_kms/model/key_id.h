// The forms a KeyId member may take (proto.key-id-forms) and the ARNs the model builds:
//   key id     1234abcd-12ab-34cd-56ef-1234567890ab  (UUID) or mrk-<32 hex> (multi-Region)
//   key ARN    arn:aws:kms:us-east-1:111122223333:key/<key id>
//   alias      alias/ExampleAlias
//   alias ARN  arn:aws:kms:us-east-1:111122223333:alias/ExampleAlias
// Anything else is malformed: NotFoundException "Invalid keyId '<input>'" (confirmed text).
#ifndef KC_MOCK_KMS_MODEL_KEY_ID_H_
#define KC_MOCK_KMS_MODEL_KEY_ID_H_

#include <string>
#include <string_view>

#include "harness/common/bytes.h"

namespace kc::mock {

enum class KeyRefKind { kMalformed, kKeyId, kKeyArn, kAliasName, kAliasArn };

// KeyRef: a parsed KeyId member. The views point into the parsed input.
struct KeyRef {
  KeyRefKind kind = KeyRefKind::kMalformed;
  std::string_view region;    // ARN forms only
  std::string_view account;   // ARN forms only
  std::string_view resource;  // the key id, or the alias ("alias/ExampleAlias")
};

// ParseKeyRef: which form `input` has, and its parts. Never fails: kMalformed otherwise.
KeyRef ParseKeyRef(std::string_view input);

// IsKeyId: a UUID (8-4-4-4-12 hex) or mrk- followed by 32 hex digits.
bool IsKeyId(std::string_view s);
// IsAliasName: "alias/" followed by 1..250 of [a-zA-Z0-9/_-] (AWS's alias names).
bool IsAliasName(std::string_view s);

// PartitionOf: "aws-cn" for cn-* regions, "aws-us-gov" for us-gov-*, else "aws".
std::string_view PartitionOf(std::string_view region);
// KeyArn: arn:<partition>:kms:<region>:<account>:key/<key_id>.
std::string KeyArn(std::string_view region, std::string_view account, std::string_view key_id);
// AliasArn: arn:<partition>:kms:<region>:<account>:<alias> (alias = "alias/...").
std::string AliasArn(std::string_view region, std::string_view account, std::string_view alias);

// NewKeyId: a UUID v4 spelled in lower case from 16 random bytes (version and variant
// bits set), or a multi-Region id "mrk-" + 32 lower-case hex digits.
std::string NewKeyId(ByteView random16, bool multi_region);

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_KEY_ID_H_
