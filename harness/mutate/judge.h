// Judging every reply of `kmsconform fuzz` by the rules that hold for any request
// (CONTRACT.md):
//   proto.error-shape        an error is 400 (413 for RequestEntityTooLargeException; 5xx only
//                            for KMSInternalException, DependencyTimeoutException and
//                            KeyUnavailableException) with a JSON __type and message, the
//                            x-amz-json-1.1 content type and x-amzn-RequestId; a 2xx is not an
//                            error in disguise; no other 5xx
//   proto.malformed-json     a body that is not JSON gets 400 SerializationException: never a
//                            success, a 5xx or a dropped connection (another 4xx type: warn)
//   proto.unknown-operation  an X-Amz-Target whose operation is absent from the profile's full
//                            API model gets 400 UnknownOperationException
//   proto.input-validation   a request the profile's strict decoder refuses is not a success
//                            (refusals that rest on project choices, a duplicate key or bad
//                            UTF-8, give warn), naming the member
//   proto.robustness         a well-framed request gets a reply: no dropped connection, no
//                            timeout; a framing fault gets a 400, or a close, or nothing in
//                            time, but never a 5xx
// Each judgement names the rule, a kind (what the reproducer checks) and one line.
#ifndef KC_MUTATE_JUDGE_H_
#define KC_MUTATE_JUDGE_H_

#include <optional>
#include <string>
#include <vector>

#include "harness/contract/enums.h"
#include "harness/mutate/mutate.h"
#include "harness/mutate/wire.h"
#include "harness/report/report.h"

namespace kc::mutate {

// The rules fuzz judges, in catalogue order.
inline constexpr std::string_view kFuzzRules[] = {
    "proto.input-validation", "proto.error-shape", "proto.malformed-json",
    "proto.unknown-operation", "proto.robustness"};

// FindingKind: what a departure is, and what a reproducer checks.
enum class FindingKind : std::uint8_t {
  kServerError,  // "5xx": a 5xx that is not a fault error
  kClosed,       // "closed": the connection closed without a reply
  kTimeout,      // "timeout": no reply in time
  kBadReply,     // "bad-reply": not an HTTP response
  kSuccess,      // "2xx": a success where AWS refuses
  kWrongType,    // "type": a refusal of another error type (or status) than AWS's
  kShape,        // "shape": an error reply without AWS's shape
  kDisguised,    // "disguised": a 2xx whose body is an error
  kLiveness,     // "liveness": the target stopped answering correctly
};
std::string_view FindingKindName(FindingKind k);

struct Departure {
  std::string rule;
  report::Verdict verdict = report::Verdict::kFail;
  FindingKind kind = FindingKind::kServerError;
  std::string what;      // one line
  std::string expected;  // what AWS answers
  // For kWrongType: the error type AWS answers ("" none); for kShape: which part is wrong.
  std::string expected_type;
};

struct Judgement {
  bool reached_decoder = false;  // the reply shows the operation's decoder saw the body
  std::vector<Departure> departures;
};

// Facts: what the judge needs of a request.
struct RequestFacts {
  contract::Profile profile = contract::Profile::k2022;
  Class cls = Class::kValue;
  std::string label;
  std::string member;                      // the member the primary mutation is about
  std::optional<contract::Operation> op;   // the operation X-Amz-Target names exactly
  bool unknown_target = false;             // X-Amz-Target names no operation of the full model
  bool clean_headers = false;              // exact target, JSON 1.1 content type, signed
  bool malformed = false;                  // the body is not JSON (strict parser)
  bool malformed_syntax = false;           // ... and not even by syntax alone (else: UTF-8 or range)
  bool empty_body = false;
  std::string_view body;  // the body sent (valid while the Built it came from lives)
};
RequestFacts FactsOf(const FuzzRequest& request, const Built& built, contract::Profile profile);

// Judge: one reply (or what took its place). second: the second reply of a pipelined pair.
Judgement Judge(const RequestFacts& facts, const WireOutcome& outcome);

// StrictRefusal: the profile's strict decoder's refusal of body for op, or nullopt when it
// decodes (every operation kmsconform speaks).
std::optional<std::string> StrictRefusal(contract::Operation op, std::string_view body,
                                         contract::Profile profile, bool* project_choice);

}  // namespace kc::mutate

#endif  // KC_MUTATE_JUDGE_H_
