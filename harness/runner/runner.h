// Run: one conformance run (DESIGN.md): start the target, run the scenarios of the profile
// (time-moving ones last, one at a time), clean up the keys, write the reports.
#ifndef KC_RUNNER_RUNNER_H_
#define KC_RUNNER_RUNNER_H_

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/client/client.h"
#include "harness/common/status.h"
#include "harness/report/report.h"
#include "harness/runner/console.h"
#include "harness/runner/target.h"

namespace kc::runner {

struct RunOptions {
  TargetOptions target;
  std::vector<std::string> only;                    // rule ids; empty: every rule of the profile
  std::optional<std::filesystem::path> report_dir;  // default reports/<UTC timestamp>/
  std::uint64_t seed = 0;
  int jobs = 4;
  bool keep_keys = false;
};

struct RunOutcome {
  report::RunReport report;
  std::filesystem::path report_dir;
  int exit_code = 0;  // 0: no fail and no error; 1: at least one
};

// PreparedRun: what `run` and `explore` share: the report folder (checked writable first),
// the target started and shown to answer a KMS call (Preflight), its clients with the
// liveness check, the verified clock, the keys created, and the scenario context.
class PreparedRun {
 public:
  // Start: NotFound/Unavailable/FailedPrecondition/InvalidArgument when the run cannot start
  // (exit 2); nothing is left behind then. Without with_report_dir no folder is made (a
  // second target that only answers, e.g. explore's comparison target).
  static Result<std::unique_ptr<PreparedRun>> Start(
      const TargetOptions& options, const std::optional<std::filesystem::path>& report_dir,
      std::uint64_t seed, Console& console, bool with_report_dir = true);
  ~PreparedRun();
  scenarios::Context& ctx();
  const client::TargetHealth& health() const;
  const std::filesystem::path& report_dir() const;
  // Finish: schedules the keys created for deletion (unless keep_keys, or the target stopped
  // answering: then they are listed), stops the target, and gives the report's common
  // fields (target, profile, times, seed, keys left behind); the caller adds the rules.
  report::RunReport Finish(bool keep_keys, Console& console);
  // Write: the report files, reports/latest for a default folder, and the exit code.
  Result<RunOutcome> Write(report::RunReport report);

 private:
  class Impl;
  explicit PreparedRun(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// SelectScenarios: the scenarios of the profile, restricted to `only`; InvalidArgument
// naming an unknown id or one outside the profile.
Result<std::vector<const scenarios::ScenarioSpec*>> SelectScenarios(
    contract::Profile profile, const std::vector<std::string>& only);

// Run: NotFound/Unavailable/InvalidArgument when the run could not start (exit code 2);
// otherwise the outcome, with the report written. `interrupted` (set by a signal handler)
// stops scheduling new rules: those left are `skip` ("interrupted").
Result<RunOutcome> Run(const RunOptions& options, Console& console,
                       const std::atomic<bool>* interrupted = nullptr);

// DefaultReportDir: reports/<UTC time with milliseconds>Z-<pid> under the current directory.
std::filesystem::path DefaultReportDir();

// ReportDir: where a run writes; created: the run made it (removed again when the run
// cannot start).
struct ReportDir {
  std::filesystem::path path;
  bool created = false;
};
// PrepareReportDir: the requested folder (created if needed), or a new default one (never an
// existing folder); a probe file shows it is writable. FailedPrecondition naming the folder
// and the OS error otherwise.
Result<ReportDir> PrepareReportDir(const std::optional<std::filesystem::path>& requested);

// Preflight: whether the target answers a KMS call at all (ListKeys, then DescribeKey of an
// unknown key): a success or an AWS error shape will do. Unavailable when nothing listens or
// nothing answers in time; FailedPrecondition when it does not speak AWS JSON 1.1.
Status Preflight(const client::Target& target, const client::ClientOptions& options);

// TrimEvidence: a passing or skipped rule keeps only its probe and control exchanges; the
// others keep all.
void TrimEvidence(report::RuleResult& rule);

// FoldDisguisedErrors: proto.error-shape fails for every must-fail probe of another rule
// that was answered 2xx with an error in the body (RuleResult::disguised_errors), with those
// exchanges as its evidence; clears disguised_errors everywhere.
void FoldDisguisedErrors(std::vector<report::RuleResult>& rules);

}  // namespace kc::runner

#endif  // KC_RUNNER_RUNNER_H_
