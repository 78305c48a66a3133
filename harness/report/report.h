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
  std::string step;    // e.g. "probe: ImportKeyMaterial with key B's token"
  bool probe = false;  // the exchange the verdict is about (kept even for a pass)
  HttpRequestRecord request;
  std::optional<HttpResponseRecord> response;
  std::string transport_error;  // "" when a response arrived
  double ms = 0;
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
};

struct TargetInfo {
  std::string kind;                    // embedded | endpoint | spawn
  std::string endpoint;                // http://127.0.0.1:PORT
  std::optional<std::string> command;  // spawn only
  std::string clock;                   // direct | faketime | mock-hook | none
  std::string region;
  std::string account;  // as read from CreateKey's response ("" when unknown)
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

  // Recount: summary from rules.
  void Recount();
};

// RuleGroup: the group of a rule id, the part before its first '.' ("ikm" for
// "ikm.token-expired"); "other" when there is none. JUnit's classname.
std::string RuleGroup(std::string_view rule_id);

// TargetLabel: how a run's target is named in titles: "spawn: <command>", "embedded", or
// the endpoint URL. RunLabel: TargetLabel plus " (profile <profile>)" (matrix columns).
std::string TargetLabel(const RunReport& run);
std::string RunLabel(const RunReport& run);

// MetaRows: the run's facts as (label, value) rows, in the order the writers show them:
// target, endpoint, command, clock, region, account, profile, seed, started, duration, version.
std::vector<std::pair<std::string, std::string>> MetaRows(const RunReport& report);

// ---- writers (pure: RunReport -> text) ----
std::string ToJson(const RunReport& report);        // report.json, schema above
Result<RunReport> FromJson(std::string_view json);  // for `kmsconform matrix`
std::string ToJUnit(const RunReport& report);       // one testcase per rule
std::string ToMarkdown(const RunReport& report);
std::string ToHtml(const RunReport& report);  // one self-contained file, no network

// WriteReportDir: writes report.json, junit.xml, report.md and report.html into dir
// (created if needed). Files are written whole (temp + rename).
Status WriteReportDir(const RunReport& report, const std::filesystem::path& dir);

// WriteFileAtomically: `content` into `path` whole or not at all (a temp file beside it,
// fsync, rename). The directory must exist. Fails with the OS error in the message.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

// ---- matrix of several runs (rules x targets) ----
std::string MatrixMarkdown(const std::vector<RunReport>& runs);
std::string MatrixHtml(const std::vector<RunReport>& runs);
// WriteMatrix: DIR/matrix.md and DIR/matrix.html.
Status WriteMatrix(const std::vector<RunReport>& runs, const std::filesystem::path& dir);

}  // namespace kc::report

#endif  // KC_REPORT_REPORT_H_
