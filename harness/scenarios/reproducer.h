// Reproducer: the shell script (AWS CLI v2 + openssl, curl for raw requests) that replays a
// scenario's steps against a target, so a reader of a report can see the departure with
// their own eyes, and check a fix. The Session appends one step per call as the scenario
// runs; values only known at run time (key ids, ARNs) become shell variables.
//
// The script judges itself: for each call it prints what AWS does and what the target did
// ("refused with InvalidImportTokenException (HTTP 400)", "HTTP 500 without an AWS error
// type", "no reply: the connection was dropped"; a 5xx or a dropped connection is never
// "refused"), then the rule's verdict in the run, and exits 1 when a departure shows, 0 when
// the target conforms, 2 when it could not run or judge (unreachable target, missing
// aws/openssl/curl, a setup step or a control that failed). The endpoint comes from
// $KC_ENDPOINT (default: the run's), credentials from the environment (default test/test);
// the script never contains a secret.
#ifndef KC_SCENARIOS_REPRODUCER_H_
#define KC_SCENARIOS_REPRODUCER_H_

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/contract/enums.h"

namespace kc::scenarios {

// StepKind: how a call's outcome counts in the script.
//  setup:   must succeed, else the script stops: could not run (exit 2);
//  probe:   judged against its expectation: a miss is a departure (exit 1);
//  control: must succeed, else the refusals resting on it prove nothing (exit 2);
//  try:     printed, never judged (a step the target may legitimately refuse).
enum class StepKind { kSetup, kProbe, kControl, kTry };

class Reproducer {
 public:
  Reproducer(std::string_view rule_id, std::string_view endpoint, std::string_view region);

  // Bind: from now on `value` (a key id, an ARN) is written as ${var}.
  void Bind(std::string_view value, std::string_view var);
  // Substitute: text with every bound value replaced by its ${var}, longest first.
  std::string Substitute(std::string_view text) const;
  // Optional: var may be empty when the script runs (a key a conforming target refuses to
  // create): steps that use it are skipped then.
  void Optional(std::string_view var) { optional_.insert(std::string(var)); }

  void Comment(std::string_view text);
  // Heading: the label of the steps that follow ("probe: ..."), printed when the script runs.
  void Heading(std::string_view text);
  // Line: a shell line, written as is (callers quote). Not a KMS call.
  void Line(std::string_view command);
  // Call: a KMS call through the AWS CLI (`kms ...` / `kms_other ...`); its standard output
  // lands in "$W/out" for the lines that follow. Returns the step's index.
  int Call(StepKind kind, std::string_view command);
  // Raw: a curl call sending this body with this X-Amz-Target, signed with SigV4 (curl
  // --aws-sigv4). Bound values in the body become shell variables. Returns the step's index.
  int Raw(StepKind kind, std::string_view target, std::string_view body,
          std::string_view content_type, bool sign);
  // Send: the same request as Raw, sent without judging it (noise, e.g. a burst).
  void Send(std::string_view target, std::string_view body, std::string_view content_type);
  // Expect: what AWS answers to step `step`, as the script checks it:
  //   "ok"                   a success
  //   "refused"              any AWS error (HTTP 4xx)
  //   "error:T1|T2"          one of these error types; "error:T1|T2;inferred": another
  //                          type is only a note (AWS's type is inferred)
  //   "out:TEXT"             a success whose output (whitespace folded) is TEXT
  //   "plain:FILE"           a success whose base64 output decodes to FILE's bytes
  //   "any"                  printed, not judged
  // The last Expect of a step wins; a step without one: setup/control "ok", probe "any".
  // firm: false for a default the run's own judgement of the step may replace (Judged).
  void Expect(int step, std::string expectation, bool firm = true);
  // Judged: a check of the run judged step `step`: the script judges it as a probe, with
  // `expectation` when it is not "" (else the step's own).
  void Judged(int step, std::string expectation);
  int last_step() const { return static_cast<int>(steps_.size()) - 1; }
  // Check: a check of values the script already has (files, "$W/out"): `condition` is a
  // shell condition that holds when the target behaves as AWS (`aws` says how); when it
  // does not, the script counts a departure.
  void Check(std::string_view what, std::string_view aws, std::string_view condition);
  void UsesOtherAccount() { uses_other_ = true; }
  // UsesAwsData: a profile-2026 script: AWS_DATA_PATH points at the 2026 KMS model the run
  // writes beside it (repro/aws-data), unless it is set (report/aws_data.h).
  void UsesAwsData() { uses_aws_data_ = true; }
  // Verdict: the rule's verdict in the run, printed at the end (one line per check).
  void Verdict(std::vector<std::string> lines) { verdict_ = std::move(lines); }

  // Script: the whole script, "#!/bin/sh" first.
  std::string Script() const;

 private:
  struct Step {
    StepKind kind;
    std::string command;
    std::string expect;
    bool firm = false;
  };
  // CurlCommand: the curl command line and the lines that put the body into "$W/body".
  std::pair<std::string, std::string> CurlCommand(std::string_view target, std::string_view body,
                                                  std::string_view content_type, bool sign) const;
  std::string Render(const Step& step) const;

  std::string rule_id_;
  std::string endpoint_;
  std::string region_;
  std::vector<std::pair<std::string, std::string>> bindings_;  // value -> var
  std::set<std::string> optional_;
  // Lines, and steps in place of lines: a line "\x01<index>" is steps_[index].
  std::vector<std::string> lines_;
  std::vector<Step> steps_;
  std::vector<std::string> verdict_;
  bool uses_other_ = false;
  bool uses_aws_data_ = false;
};

// ShellQuote: s in single quotes, safe for sh.
std::string ShellQuote(std::string_view s);

// OpensslWrapCommands: the openssl commands that wrap file `in` with the public key file
// `pub` (DER SPKI) into `out`, as `alg` requires (RSA_AES_KEY_WRAP: an AES-256 key wrapped
// with RSA-OAEP, then the material wrapped with AES-KWP, concatenated).
std::vector<std::string> OpensslWrapCommands(contract::WrappingAlgorithm alg, std::string_view pub,
                                             std::string_view in, std::string_view out);

}  // namespace kc::scenarios

#endif  // KC_SCENARIOS_REPRODUCER_H_
