// Judge: turns the replies of a scenario's probes into one verdict, with CONTRACT.md's
// rules: a target that accepts what the contract forbids fails; a 5xx, a dropped
// connection or a non-AWS error shape where the rule forbids those fails; the expected
// error type passes; another type fails a strict rule and warns where the type is only
// inferred; a warn-only rule never fails. Several checks per rule combine to the worst
// (fail > error > warn > pass); a rule whose every check was skipped is a skip.
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
  Status transport;                     // not OK: timeout, dropped connection, oversized
  int status = 0;                       // HTTP status
  bool success = false;                 // 2xx
  std::optional<codec::ApiError> error;  // decoded error of a non-2xx reply
  std::vector<codec::Finding> findings;  // departures of the reply's shape
  std::string body_snippet;              // the start of a non-2xx body, for Describe

  // Describe: one line, e.g. "HTTP 400 NotFoundException: Key '...' does not exist",
  // "HTTP 200 (accepted)", "no reply: connection closed before a response".
  std::string Describe() const;
};

// BodySnippet: the first printable characters of a body, on one line.
std::string BodySnippet(std::string_view body);

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

class Judge {
 public:
  explicit Judge(const contract::Rule& rule) : rule_(rule) {}

  // ExpectError: judges a probe that the contract says must be refused.
  void ExpectError(const ReplySummary& reply, const ExpectedError& expected, std::string_view what);
  void ExpectError(const ReplySummary& reply, std::initializer_list<contract::ErrorType> types,
                   std::string_view what);
  // ExpectSuccess: judges a probe the contract says must succeed (2xx). An AWS error or a
  // transport failure fails (or warns for a warn-only rule). Returns whether it succeeded.
  bool ExpectSuccess(const ReplySummary& reply, std::string_view what);
  // Check: a property of a successful reply (a field's value, a state). `ok` false records
  // the departure with the given verdict (default: fail, or warn for a warn-only rule).
  bool Check(bool ok, std::string_view what, std::string expected, std::string actual,
             std::optional<report::Verdict> verdict = std::nullopt);
  // Note a check that passed without a reply to judge (e.g. "refused at CreateKey").
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

  // Verdict so far and the result fields.
  report::Verdict verdict() const;
  void FillResult(report::RuleResult& out) const;

  const contract::Rule& rule() const { return rule_; }

 private:
  struct Outcome {
    report::Verdict verdict;
    std::string what;
    std::string expected;
    std::string actual;
  };
  void Record(report::Verdict v, std::string_view what, std::string expected, std::string actual);
  report::Verdict Downgrade(report::Verdict v) const;  // warn-only rules never fail

  const contract::Rule& rule_;
  std::vector<Outcome> outcomes_;
};

// ExpectedText: "ErrorType" or "A or B" for messages.
std::string ExpectedText(const ExpectedError& expected);

}  // namespace kc::scenarios

#endif  // KC_SCENARIOS_JUDGE_H_
