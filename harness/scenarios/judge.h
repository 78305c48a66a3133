// Judge: turns the replies of a scenario's probes into one verdict, with CONTRACT.md's
// rules: a target that accepts what the contract forbids fails; a 5xx, a dropped
// connection or a non-AWS error shape where the rule forbids those fails; the expected
// error type passes; another type fails a strict rule and warns where the type is only
// inferred; a warn-only rule never fails. Several checks per rule combine to the worst
// (fail > error > warn > pass); a rule whose every check was skipped is a skip.
//
// Controls. A refusal proves nothing unless its premise held, so every check that rests on
// a refusal names the controls it rests on (there is no way to judge a refusal without
// one): a control is a positive check on the same target, in the same run, that the
// premise held: the same request with only the element under test changed succeeds, the
// alias exists, the key really is in that state. A refusal counts (pass, or warn for
// another plausible type) only when each of its controls passed. Otherwise:
//   - a control that failed or never ran makes the check `error` with the reason, or a
//     note that is not judged (`skip`) for a control declared IfControlFails::kNotJudged
//     (an undocumented premise, e.g. whether an older token stays valid);
//   - a control the target cannot do at all (ControlUnavailable) makes it `skip`.
// An acceptance of what the contract forbids is a fail whatever the controls say.
#ifndef KC_SCENARIOS_JUDGE_H_
#define KC_SCENARIOS_JUDGE_H_

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/client/client.h"
#include "harness/codec/codec.h"
#include "harness/contract/enums.h"
#include "harness/contract/rules.h"
#include "harness/report/report.h"

namespace kc::scenarios {

// ReplySummary: what a judge needs of any reply, typed or raw.
struct ReplySummary {
  Status transport;                      // not OK: timeout, dropped connection, oversized
  int status = 0;                        // HTTP status
  bool success = false;                  // 2xx
  std::optional<codec::ApiError> error;  // decoded error of a non-2xx reply
  std::vector<codec::Finding> findings;  // departures of the reply's shape
  std::string body_snippet;              // the start of a non-2xx body, for Describe
  // A 2xx whose body is not a success output of the operation (codec::NotASuccessBody):
  // an error disguised as a success (proto.error-shape). "" otherwise.
  std::string disguised_error;

  // Describe: one line, e.g. "HTTP 400 NotFoundException: Key '...' does not exist",
  // "HTTP 200 (accepted)", "no reply: connection closed before a response".
  std::string Describe() const;
};

// BodySnippet: the first printable characters of a body, on one line.
std::string BodySnippet(std::string_view body);

// DisguisedError: ReplySummary::disguised_error of a 2xx raw reply.
std::string DisguisedError(const client::RawReply& r);

template <typename Resp>
ReplySummary Summarize(const client::Reply<Resp>& r) {
  ReplySummary s;
  s.transport = r.raw.transport;
  s.status = r.raw.status;
  if (r.raw.ok()) {
    s.success = r.raw.status >= 200 && r.raw.status < 300;
    s.error = r.decoded.error;
    s.findings = r.decoded.findings;
    if (!s.success) s.body_snippet = BodySnippet(r.raw.body);
    if (s.success) s.disguised_error = DisguisedError(r.raw);
  }
  return s;
}
// Summarize: a raw reply, decoded leniently as an error when not 2xx.
ReplySummary Summarize(const client::RawReply& r);

// ExpectedError: what a probe must be refused with.
struct ExpectedError {
  std::vector<contract::ErrorType> types;  // any of these passes
  // The recorded/documented message; a different text warns (never fails). Matched
  // exactly, or as a prefix when it ends in "...".
  std::optional<std::string> message;
  // Texts the message should contain (e.g. the member's lowerCamel name); a miss warns.
  std::vector<std::string> message_contains;
  // Overrides the rule's strictness for this check (e.g. a sub-check whose type is inferred).
  std::optional<contract::Strictness> strictness;
};

// ControlRef: a control declared with Judge::NewControl (its index in the rule).
struct ControlRef {
  std::size_t index = 0;
};
using Controls = std::initializer_list<ControlRef>;

// IfControlFails: what a failed control makes of the refusals resting on it.
enum class IfControlFails : std::uint8_t {
  kError,      // the rule could not be judged: `error` with the reason
  kNotJudged,  // an undocumented premise: the check is a note (`skip`), not an error
};

class Judge {
 public:
  explicit Judge(const contract::Rule& rule) : rule_(rule) {}

  // ---- controls ----
  // NewControl: declares a control (not yet run); its result comes from ControlReply,
  // ControlCheck or ControlUnavailable, before or after the probes resting on it.
  ControlRef NewControl(std::string what, IfControlFails if_fails = IfControlFails::kError);
  // ControlReply: the control passed iff the target accepted the request (2xx). Returns that.
  bool ControlReply(ControlRef c, const ReplySummary& reply);
  // ControlCheck: the control passed iff ok; `actual` says what was seen.
  bool ControlCheck(ControlRef c, bool ok, std::string actual);
  // ControlUnavailable: the target cannot do the premise at all (e.g. no CreateAlias).
  void ControlUnavailable(ControlRef c, std::string reason);
  const report::Control& control(ControlRef c) const { return controls_[c.index]; }
  bool passed(ControlRef c) const {
    return controls_[c.index].status == report::ControlStatus::kPassed;
  }

  // ExpectError: judges a probe that the contract says must be refused, resting on the
  // controls (at least one).
  void ExpectError(const ReplySummary& reply, const ExpectedError& expected, std::string_view what,
                   Controls controls);
  void ExpectError(const ReplySummary& reply, std::initializer_list<contract::ErrorType> types,
                   std::string_view what, Controls controls);
  // ExpectRefused: a probe that must be refused with any AWS error (4xx): the type is
  // another rule's business (e.g. "a failed import changes nothing" needs a failed import).
  void ExpectRefused(const ReplySummary& reply, std::string_view what, Controls controls);
  // CheckRefusal: a property of a refusal (e.g. its error shape): passes only when ok and
  // the controls passed; !ok fails (warns for a warn-only rule).
  bool CheckRefusal(bool ok, std::string_view what, std::string expected, std::string actual,
                    Controls controls);
  // Refused: a refusal judged before this point (CreateKey refused a forbidden key spec
  // with a 400 AWS error), resting on the controls.
  void Refused(std::string_view what, std::string actual, Controls controls);
  // ExpectSuccess: judges a probe the contract says must succeed (2xx). An AWS error or a
  // transport failure fails (or warns for a warn-only rule). Returns whether it succeeded.
  bool ExpectSuccess(const ReplySummary& reply, std::string_view what);
  // Check: a property of a successful reply (a field's value, a state). `ok` false records
  // the departure with the given verdict (default: fail, or warn for a warn-only rule).
  bool Check(bool ok, std::string_view what, std::string expected, std::string actual,
             std::optional<report::Verdict> verdict = std::nullopt);
  // Pass: a check that passed without a reply to judge (not for refusals: see Refused).
  void Pass(std::string_view what);
  void Warn(std::string_view what, std::string expected, std::string actual);
  void Fail(std::string_view what, std::string expected, std::string actual);
  // Error: the target's misbehaviour elsewhere (a setup step) kept (part of) this rule from
  // being judged.
  void Error(std::string_view what, std::string actual);
  // Skip: a check that cannot be judged here (no clock control, not in this profile...).
  void Skip(std::string_view reason);

  // CheckLines: one line per check, "<verdict> <what>: expected <x>; saw <y>", at most max.
  std::vector<std::string> CheckLines(std::size_t max) const;

  // Verdict so far (controls applied) and the result fields (checks and controls too).
  report::Verdict verdict() const;
  void FillResult(report::RuleResult& out) const;

  const contract::Rule& rule() const { return rule_; }
  // ScriptStep: what the reproducer makes of an exchange a check judged: a probe (a check
  // judged it), with what it should see (Reproducer::Expect; "" when the check is not one
  // the script can make).
  struct ScriptStep {
    int exchange;
    std::string expect;
  };
  std::vector<ScriptStep> ScriptSteps() const;
  // SetLastExchange: the Evidence::seq of the newest exchange; checks recorded from now on
  // say they judged it (Check::exchange). Set by the Session as exchanges are collected.
  void SetLastExchange(int seq) { last_exchange_ = seq; }

 private:
  struct Outcome {
    report::Verdict verdict = report::Verdict::kPass;
    std::string what;
    std::string expected;
    std::string actual;
    bool refusal = false;
    std::vector<std::size_t> controls;
    std::string disguised;  // a must-fail probe answered 2xx with an error body
    int exchange = 0;
    std::string script_expect;  // Reproducer::Expect form; "" for none
    bool check = true;          // false for setup errors and skips
  };
  struct ControlState {
    IfControlFails if_fails = IfControlFails::kError;
  };
  void Record(report::Verdict v, std::string_view what, std::string expected, std::string actual);
  void RecordRefusal(report::Verdict v, std::string_view what, std::string expected,
                     const ReplySummary& reply, Controls controls);
  // AddRefusal: an outcome that rests on a refusal and its controls.
  void AddRefusal(report::Verdict v, std::string_view what, std::string expected,
                  std::string actual, Controls controls, std::string script_expect);
  // JudgeRefusal: ExpectError's verdict, recorded as one outcome.
  void JudgeRefusal(const ReplySummary& reply, const ExpectedError& expected, std::string_view what,
                    Controls controls);
  report::Verdict Downgrade(report::Verdict v) const;  // warn-only rules never fail
  // Resolved: the outcomes with their controls applied.
  std::vector<Outcome> Resolved() const;

  const contract::Rule& rule_;
  std::vector<Outcome> outcomes_;
  std::vector<report::Control> controls_;
  std::vector<ControlState> control_states_;
  int last_exchange_ = 0;
};

// ExpectedText: "ErrorType" or "A or B" for messages.
std::string ExpectedText(const ExpectedError& expected);

}  // namespace kc::scenarios

#endif  // KC_SCENARIOS_JUDGE_H_
