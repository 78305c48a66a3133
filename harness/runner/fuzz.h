// Fuzz: `kmsconform fuzz` (DESIGN.md): structure-aware mutations of valid requests
// (harness/mutate) sent to any KMS endpoint, every reply judged by the rules that hold for
// any request (mutate/judge.h), with a liveness check (CreateKey, then DescribeKey of the new
// key and of a key made before the fuzzing) every 100 requests and at the end. Findings are
// deduplicated by (rule, class, label), minimised (undo mutations, drop members, shorten
// strings, while the finding persists), and written into the same report files as `run`,
// each with a reproducer script (curl for well-framed requests, python3 for framing and
// signature faults and liveness) that sends the same bytes to $KC_ENDPOINT.
//
// Bounded: at most --rate requests per second, never more than --max-requests, loopback
// targets only unless --allow-remote; the run ends within budget + 10 s, minimising included.
#ifndef KC_RUNNER_FUZZ_H_
#define KC_RUNNER_FUZZ_H_

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "harness/mutate/mutate.h"
#include "harness/runner/console.h"
#include "harness/runner/runner.h"
#include "harness/runner/target.h"

namespace kc::runner {

struct FuzzOptions {
  TargetOptions target;
  std::optional<std::filesystem::path> report_dir;
  std::uint64_t seed = 0;
  double budget_seconds = 60;
  double rate = 0;                 // requests per second; 0: unlimited
  std::uint64_t max_requests = 0;  // 0: unlimited
  bool allow_remote = false;
  bool keep_keys = false;
  std::string command_line;  // how to run it again (for the report)
  mutate::MixWeights mix;
};

// IsLoopbackHost: 127.0.0.0/8, ::1, localhost (and *.localhost).
bool IsLoopbackHost(std::string_view host);

// CheckFuzzTarget: InvalidArgument when fuzz must not (or cannot) send to the target: not
// plain http://, or not loopback without allow_remote. Sets *remote for a remote target that
// is allowed (the caller warns).
Status CheckFuzzTarget(const TargetOptions& target, bool allow_remote, bool* remote);

// Fuzz: the whole command. As Run: NotFound/Unavailable/InvalidArgument when it could not
// start (exit 2); otherwise the outcome with the report written.
Result<RunOutcome> Fuzz(const FuzzOptions& options, Console& console,
                        const std::atomic<bool>* interrupted = nullptr);

}  // namespace kc::runner

#endif  // KC_RUNNER_FUZZ_H_
