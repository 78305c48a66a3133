// The report of one conformance run (DESIGN.md, "Report"): the data every writer renders
// (report.json is the source of truth; junit.xml, report.md and report.html are rendered
// from the same RunReport) and the matrix of several runs. Secrets are redacted before
// anything reaches these structures (client/redact.h); writers never see them.
#ifndef KC_REPORT_REPORT_H_
#define KC_REPORT_REPORT_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/common/status.h"

namespace kc::report {

// Verdict (CONTRACT.md): pass; fail (the target did what the rule forbids); warn (a refusal
// with another plausible type, or a warn-only rule); skip (cannot be judged here, with the
// reason); error (the target's misbehaviour elsewhere kept this rule from being judged).
enum class Verdict : std::uint8_t { kPass, kFail, kWarn, kSkip, kError };
std::string_view VerdictName(Verdict v);  // "pass" | "fail" | "warn" | "skip" | "error"
std::optional<Verdict> ParseVerdict(std::string_view s);

using Headers = std::vector<std::pair<std::string, std::string>>;

// Body text as the report stores it: UTF-8 text as is, anything else "base64:<base64>".
std::string BodyForReport(std::string_view raw);

struct HttpRequestRecord {
  std::string method;
  std::string path;
  Headers headers;   // redacted
  std::string body;  // BodyForReport, redacted
};

struct HttpResponseRecord {
  int status = 0;
  Headers headers;
  std::string body;  // BodyForReport, redacted
};

// Evidence: one exchange of a scenario: what was sent, what came back (or the transport
// error), how long it took, and which step of the scenario it was.
struct Evidence {
  std::string step;     // e.g. "probe: ImportKeyMaterial with key B's token"
  bool probe = false;   // the exchange the verdict is about (kept even for a pass)
  std::string control;  // the id of the control this exchange belongs to ("c1"), or ""
  int seq = 0;          // its number in the rule (1, 2, ...; kept when others are trimmed)
  HttpRequestRecord request;
  std::optional<HttpResponseRecord> response;
  std::string transport_error;  // "" when a response arrived
  double ms = 0;
};

// ControlStatus: what a control (a positive check that a refusal's premise held) showed.
//  passed:      the premise held (the same request with only the element under test
//               changed succeeded, or the key really is in that state, ...);
//  failed:      it did not: a refusal that rests on it proves nothing;
//  unavailable: the target cannot do the premise at all (e.g. no CreateAlias);
//  not-run:     the scenario never got to it.
enum class ControlStatus : std::uint8_t { kPassed, kFailed, kUnavailable, kNotRun };
std::string_view ControlStatusName(ControlStatus s);  // "passed" | "failed" | ...
std::optional<ControlStatus> ParseControlStatus(std::string_view s);

// Control: one premise check of a rule, referenced by the checks that rest on it.
struct Control {
  std::string id;    // "c1", unique within the rule
  std::string what;  // "P1's token imports M1 wrapped with P1's public key into K1"
  ControlStatus status = ControlStatus::kNotRun;
  std::string actual;  // what the target answered
  bool operator==(const Control&) const = default;
};

// Check: one judged step of a rule. A check whose verdict rests on a refusal (the target
// refused what the contract forbids) names the controls it rests on; it counts as a pass
// only when each of them passed (CONTRACT.md, "Verdicts").
struct Check {
  std::string what;
  Verdict verdict = Verdict::kPass;
  std::string expected;
  std::string actual;
  bool refusal = false;               // the contract says the request must be refused
  std::vector<std::string> controls;  // ids of Control
  int exchange = 0;                   // Evidence::seq of the exchange it judged (0: none)
  bool operator==(const Check&) const = default;
};

// ExploreInfo: what `kmsconform explore` adds to a rule's row.
struct ExploreInfo {
  int accepted = 0;  // steps the rule allowed (and the target accepted)
  int refused = 0;   // steps the rule refused (and the target refused)
  std::vector<std::string> steps;  // the minimal sequence of a departure, one line each
  std::string command;             // the command line that reproduces it (with the seed)
  double found_after_s = 0;        // seconds from the start to the shrunk finding
  bool operator==(const ExploreInfo&) const = default;
};

// FuzzFinding: one distinct departure `kmsconform fuzz` found, (rule, class, label) unique in
// the run: how often it showed, the first request that showed it and the minimal one (after
// undoing mutations, dropping members and shortening strings while it persisted), the reply
// to the minimal one, and a reproducer script (written as repro/<file>.sh, with the bytes it
// sends in repro/<file>.bin).
struct FuzzFinding {
  std::string cls;        // structure | value | syntax | header | framing | signature | liveness
  std::string label;      // the mutation's label, e.g. "bad-base64"
  std::string kind;       // what the script checks: 5xx | closed | timeout | 2xx | type | ...
  Verdict verdict = Verdict::kFail;  // fail or warn
  std::string operation;  // the operation X-Amz-Target named ("" none)
  std::string member;     // the member the mutation is about ("" none)
  std::string what;       // one line
  std::string expected;   // what AWS answers
  int count = 0;          // requests of the run that showed it
  std::vector<std::string> mutations;  // the minimal request's mutations, one line each
  std::string first_request;    // as sent (redacted), BodyForReport
  std::string minimal_request;  // as sent (redacted), BodyForReport
  std::string reply;            // the reply to the minimal request (or what took its place)
  std::string file;             // repro/<file>.sh and repro/<file>.bin
  std::string reproducer;       // the script
  std::string data;             // the bytes the script sends (not redacted: made-up values only)
  bool operator==(const FuzzFinding&) const = default;
};

// FuzzRuleInfo: what `kmsconform fuzz` adds to a rule's row.
struct FuzzRuleInfo {
  long judged = 0;  // requests whose reply this rule judged
  std::vector<FuzzFinding> findings;
  bool operator==(const FuzzRuleInfo&) const = default;
};

// FuzzClassStats, FuzzStats: the requests of a fuzz run per mutation class.
struct FuzzClassStats {
  std::string cls;
  long sent = 0;
  long reached_decoder = 0;  // replies that show the operation's decoder saw the body
  long findings = 0;         // requests that showed a departure
  bool operator==(const FuzzClassStats&) const = default;
};
struct FuzzStats {
  long requests = 0;
  double seconds = 0;
  double requests_per_second = 0;
  long liveness_checks = 0;
  // CPU seconds of the whole kmsconform process during the fuzzing, and of its own sending and
  // judging threads (for the embedded mock, the difference is the mock's share).
  double cpu_seconds = 0;
  double fuzzer_cpu_seconds = 0;
  std::string command;  // the command line that runs it again (with the seed)
  std::vector<FuzzClassStats> classes;
  bool operator==(const FuzzStats&) const = default;
};

struct RuleResult {
  std::string id;
  std::string title;
  std::string confidence;  // confirmed | documented | inferred
  Verdict status = Verdict::kSkip;
  std::string reason;  // one line
  std::string expected;
  std::string actual;
  std::vector<Evidence> evidence;
  std::string reproducer;  // "#!/bin/sh ..." (aws CLI + openssl), "" when none
  std::string source;      // the quoted contract sentence
  std::string source_ref;  // where it comes from
  double duration_s = 0;
  // Optional members (absent from reports written before controls existed).
  std::vector<Check> checks;
  std::vector<Control> controls;
  std::optional<ExploreInfo> explore;  // explore runs only
  std::optional<FuzzRuleInfo> fuzz;     // fuzz runs only
  // Not written to report.json: the must-fail probes of this rule that were answered 2xx
  // with an error in the body ("<check>: <why>"); the runner judges them under
  // proto.error-shape, with their exchanges as evidence.
  std::vector<std::string> disguised_errors;
};

struct TargetInfo {
  std::string kind;                    // embedded | endpoint | spawn
  std::string endpoint;                // http://127.0.0.1:PORT
  std::optional<std::string> command;  // spawn only
  std::string clock;                   // direct | faketime | mock-hook | none
  std::string region;
  std::string account;  // as read from CreateKey's response ("" when unknown)
  std::string name;     // run --name ("" when not given, and in older reports)
  std::string log;      // the spawned emulator's output, a file in the report folder ("")
};

struct Summary {
  int pass = 0, fail = 0, warn = 0, skip = 0, error = 0;
  bool operator==(const Summary&) const = default;
};

struct RunReport {
  std::string schema = "kmsconform-report/1";
  std::string tool_version;
  std::string profile;  // "2022" | "2026"
  TargetInfo target;
  std::string started;  // ISO-8601 UTC, "2026-11-28T12:00:00Z"
  double duration_s = 0;
  std::uint64_t seed = 0;
  std::vector<RuleResult> rules;
  Summary summary;  // counts of rules by status
  // Optional: keys the run created and could not schedule for deletion (a target that
  // stopped answering, a failed clean-up): their ARNs (or ids).
  std::vector<std::string> keys_left;
  // Optional: a fuzz run's figures per mutation class.
  std::optional<FuzzStats> fuzz;

  // Recount: summary from rules.
  void Recount();
};

// RuleGroup: the group of a rule id, the part before its first '.' ("ikm" for
// "ikm.token-expired"); "other" when there is none. JUnit's classname.
std::string RuleGroup(std::string_view rule_id);

// TargetLabel: how a run's target is named in titles and matrix columns: target.name (run
// --name) when set, else the spawned command's program name ("moto_server"), "embedded
// mock-kms", or the endpoint URL. RunLabel: TargetLabel plus " (profile <profile>)".
// ProgramName: the program of a command line ("moto_server -p {port}" -> "moto_server").
std::string ProgramName(std::string_view command);
std::string TargetLabel(const RunReport& run);
std::string RunLabel(const RunReport& run);

// MetaRows: the run's facts as (label, value) rows, in the order the writers show them:
// target, endpoint, command, clock, region, account, profile, seed, started, duration, version.
std::vector<std::pair<std::string, std::string>> MetaRows(const RunReport& report);

// Cause: many rules that failed (or could not be judged) for the same reply: the same
// operation answered with the same status, content type and body start, or the same
// transport error. The reports show these before the per-rule table.
struct Cause {
  std::string what;                // "GetParametersForImport answered HTTP 500 text/html (...)"
  std::vector<std::string> rules;  // ids, in catalogue order
};
// Causes: the replies shared by at least two failed or errored rules, most rules first.
std::vector<Cause> Causes(const RunReport& report);

// ---- writers (pure: RunReport -> text) ----
std::string ToJson(const RunReport& report);        // report.json, schema above
Result<RunReport> FromJson(std::string_view json);  // for `kmsconform matrix`
std::string ToJUnit(const RunReport& report);       // one testcase per rule
std::string ToMarkdown(const RunReport& report);
std::string ToHtml(const RunReport& report);  // one self-contained file, no network

// ReproducerFile: the file name of a rule's reproducer in the report folder's repro/
// ("ikm.token-bound-to-key.sh"; characters other than [A-Za-z0-9._-] become '_').
std::string ReproducerFile(std::string_view rule_id);

// WriteReportDir: writes report.json, junit.xml, report.md and report.html into dir
// (created if needed), and each rule's reproducer as an executable repro/<rule id>.sh.
// Files are written whole (temp + rename).
Status WriteReportDir(const RunReport& report, const std::filesystem::path& dir);

// WriteFileAtomically: `content` into `path` whole or not at all (a temp file beside it,
// fsync, rename). The directory must exist. Fails with the OS error in the message.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

// ---- matrix of several runs (rules x targets) ----
// links[i]: the relative path from the matrix's folder to run i's report.html ("" or
// missing: no link); columns and cells link there (a cell to its rule's row).
std::string MatrixMarkdown(const std::vector<RunReport>& runs,
                           const std::vector<std::string>& links = {});
std::string MatrixHtml(const std::vector<RunReport>& runs,
                       const std::vector<std::string>& links = {});
// WriteMatrix: DIR/matrix.md and DIR/matrix.html.
Status WriteMatrix(const std::vector<RunReport>& runs, const std::filesystem::path& dir,
                   const std::vector<std::string>& links = {});

}  // namespace kc::report

#endif  // KC_REPORT_REPORT_H_
