// Small pure helpers of the dispatcher, kept apart so that unit tests reach them: text
// trimming, the request id format, the clock hook's body, the Content-Type check, the
// lenient credential-scope parse of --auth none, and the textual patches of the dispatcher's
// faults.
#ifndef KC_MOCK_KMS_SERVER_DISPATCH_UTIL_H_
#define KC_MOCK_KMS_SERVER_DISPATCH_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/contract/enums.h"

namespace kc::mock {

// TrimWhitespace: `text` without leading and trailing spaces, tabs, CR and LF.
std::string_view TrimWhitespace(std::string_view text);
// SplitWhitespace: the non-empty runs of non-whitespace characters of `text`.
std::vector<std::string_view> SplitWhitespace(std::string_view text);
// IsAccountId: exactly 12 ASCII digits.
bool IsAccountId(std::string_view text);

// FormatRequestId: "xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx" (a version-4, variant-1 UUID
// layout) from 60 bits of `prefix` and the low 62 bits of `counter`: distinct counters give
// distinct ids.
std::string FormatRequestId(std::uint64_t prefix, std::uint64_t counter);

// ParseAdvanceSeconds: N of the clock hook's body {"advance_seconds": N}: exactly one
// member, N a JSON number (integer or fractional), finite and >= 0. nullopt otherwise.
std::optional<double> ParseAdvanceSeconds(std::string_view body);

// IsJson11ContentType: whether a Content-Type value names application/x-amz-json-1.1
// (ASCII case-insensitive, surrounding spaces and parameters such as "; charset=utf-8"
// allowed).
bool IsJson11ContentType(std::string_view value);

// CredentialScope: the access key id and region of an Authorization header's
// Credential=AKID/DATE/REGION/SERVICE/aws4_request.
struct CredentialScope {
  std::string_view access_key_id;
  std::string_view region;  // empty when the credential has no region element
};
// ParseCredentialScope: lenient (--auth none does not verify anything): any header with a
// "Credential=" parameter whose first element is non-empty; nullopt otherwise. The views
// point into `authorization`.
std::optional<CredentialScope> ParseCredentialScope(std::optional<std::string_view> authorization);

// AddMissingGpfiMembers: the gpfi.required-members fault. `body` with
// "WrappingAlgorithm":"RSAES_OAEP_SHA_256" and/or "WrappingKeySpec":"RSA_2048" inserted
// after the opening brace when the body does not mention the member; an empty body counts
// as "{}". A body that does not start with '{' is returned unchanged (the codec refuses it).
std::string AddMissingGpfiMembers(std::string_view body);

// ReplaceUnknownStringMember: the faults gpfi.wrapping-key-spec:2 and
// gpfi.wrapping-algorithm:2. `body` with the string value of the top-level-looking member
// `"member": "VALUE"` replaced by `fallback` when is_known(VALUE) is false; unchanged when
// the member is absent, not a plain string (no escapes), or known.
std::string ReplaceUnknownStringMember(std::string_view body, std::string_view member,
                                       bool (*is_known)(std::string_view),
                                       std::string_view fallback);

// NumberMemberAsIso8601: the fault gpfi.response-shape:2. `body` with the number value of
// `"member": N` (epoch seconds) written as an ISO-8601 string "YYYY-MM-DDTHH:MM:SSZ";
// unchanged when the member is absent or not a number.
std::string NumberMemberAsIso8601(std::string_view body, std::string_view member);

// ClampNumberMember: the fault proto.input-validation. `body` with the integer value of
// `"member": N` replaced by the nearest value in [lo, hi] (an emulator that clamps instead of
// refusing); unchanged when the member is absent, not an integer, or in range.
std::string ClampNumberMember(std::string_view body, std::string_view member, long long lo,
                              long long hi);

// TruncateStringMember: the fault proto.input-validation:2. `body` with the plain string
// value of `"member": "..."` cut to max_chars characters (ASCII; a value with escapes or
// non-ASCII bytes is left alone) when it is longer (an emulator that truncates silently).
std::string TruncateStringMember(std::string_view body, std::string_view member,
                                 std::size_t max_chars);

// TruncateBlobMember: the same for a base64 blob: the value decoded, cut to max_bytes and
// encoded again when it decodes to more.
std::string TruncateBlobMember(std::string_view body, std::string_view member,
                               std::size_t max_bytes);

// OperationFromTargetIgnoringCase: the fault proto.unknown-operation:2: the operation whose
// X-Amz-Target equals `target` in ASCII case-insensitive comparison.
std::optional<contract::Operation> OperationFromTargetIgnoringCase(std::string_view target);

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_SERVER_DISPATCH_UTIL_H_
