// Explore: `kmsconform explore` (DESIGN.md): random sequences of calls (harness/gen) against
// any target, each step checked against the reference model of the contract (harness/model):
// the answer (success, or one of the error types AWS may give), the error's shape, what a
// success carries (GetParametersForImport's KeyId, public key and ParametersValidTo; the
// plaintext Decrypt gives back), and after every step, by DescribeKey, the key's state. The
// first departure of a sequence is charged to a rule; the sequence is shrunk (delta
// debugging, each candidate re-executed on the target with fresh keys) to the shortest one
// that still departs on that rule, and written into the same report files as `run`: the
// steps, the HTTP transcript, a reproducer script, and the command line with the seed.
//
// A rule passes only when at least 20 steps whose outcome depended on it ran, with
// accepted and refused ones where the rule has both; otherwise it is `skip` ("reached K
// times"). The same seed against the same deterministic target gives the same sequences.
#ifndef KC_RUNNER_EXPLORE_H_
#define KC_RUNNER_EXPLORE_H_

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/model.h"
#include "harness/runner/explore_exec.h"
#include "harness/runner/console.h"
#include "harness/runner/runner.h"
#include "harness/runner/target.h"

namespace kc::runner {

struct ExploreOptions {
  TargetOptions target;
  std::optional<std::filesystem::path> report_dir;
  std::uint64_t seed = 0;
  double budget_seconds = 60;
  std::uint32_t max_steps = 20;
  bool keep_keys = false;
  std::string command_line;  // how to run it again (for the report)
  // Stop once a departure of each of these rules is found ("*": of any rule); empty: explore
  // for the whole budget.
  std::vector<std::string> stop_when_found;
  // Differential mode: each sequence also runs against this target, and every difference
  // in outcome (success or error, the error type, the key's state) is reported, whatever the
  // model says.
  std::optional<TargetOptions> compare;
};

// Explore: the whole command. As Run: NotFound/Unavailable/... when it could not start (exit
// 2); otherwise the outcome with the report written.
Result<RunOutcome> Explore(const ExploreOptions& options, Console& console,
                           const std::atomic<bool>* interrupted = nullptr);

}  // namespace kc::runner

#endif  // KC_RUNNER_EXPLORE_H_
