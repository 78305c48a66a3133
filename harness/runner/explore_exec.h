// ExploreExec: the part of `kmsconform explore` that runs a command sequence (harness/gen,
// harness/model) against a scenario context and judges each step (explore.h has the command
// itself). A library of its own (kc_explore) that needs no target: the stateful fuzz target
// runs sequences against the mock's dispatcher in process through it, without cpp-httplib.
#ifndef KC_RUNNER_EXPLORE_EXEC_H_
#define KC_RUNNER_EXPLORE_EXEC_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/model/model.h"
#include "harness/report/report.h"
#include "harness/scenarios/scenario.h"

namespace kc::runner {

// The rules explore judges, and which sides of each it must see to pass.
enum class Sides { kBoth, kAccepted, kRefused };
struct ExploredRule {
  std::string_view id;
  Sides sides;
  bool needs_clock;
  bool needs_other;
};
// FindExplored: the rule as explore judges it, or nullptr.
const ExploredRule* FindExplored(std::string_view id);

// A rule passes only when at least this many steps whose outcome depended on it ran.
constexpr int kExploreMinSteps = 20;
// The rules explore can judge: in profile p, given clock control and a second identity.
std::vector<std::string> ExploreRules(contract::Profile p, bool clock, bool other);
// Why each rule of the catalogue that explore does not judge is left out.
std::vector<std::pair<std::string, std::string>> NotExplored(contract::Profile p);

// Departure: the first step of a sequence that did not do what the model says AWS does.
struct Departure {
  std::string rule;
  report::Verdict verdict = report::Verdict::kFail;  // fail, or warn (a type AWS only infers)
  std::size_t step = 0;                               // index in the executed sequence
  std::string what;                                   // the step
  std::string expected;
  std::string actual;
};

struct RuleCounts {
  int accepted = 0;
  int refused = 0;
};

struct SequenceResult {
  std::optional<Departure> departure;
  std::size_t steps = 0;                     // commands executed (DescribeKey checks excluded)
  std::map<std::string, RuleCounts> counts;  // steps whose outcome depended on each rule
  std::vector<std::string> labels;           // each executed step, numbered ("3. Import...")
  std::vector<std::string> trace;            // differential runs: each step's outcome and states
  report::RuleResult result;                 // with a departure: the rule's row (transcript,
                                             // reproducer), when the execution recorded it
};

// ExecuteSequence: runs `sequence` against the context's target with fresh keys, stopping at
// the first departure. With `record` the departure is judged into a rule row of `rule`
// (every step is then a probe of the reproducer, checked against the model's expectation).
// With `trace` nothing is judged: each step's outcome and the touched keys' states are
// recorded (differential mode) and the sequence runs to its end.
SequenceResult ExecuteSequence(scenarios::Context& ctx, const std::vector<model::Command>& sequence,
                               bool other, std::string_view rule, bool record, bool trace = false);

// DeltaDebug: the shortest subsequence (ddmin: chunks removed, halving their size) for which
// `keeps` still holds; at most max_executions calls of keeps.
std::vector<model::Command> DeltaDebug(
    std::vector<model::Command> sequence,
    const std::function<bool(const std::vector<model::Command>&)>& keeps, int max_executions);

// Shrink: the shortest subsequence of `sequence` (delta debugging) that still departs on
// `rule`, executed again with `record`; at most `max_executions` executions.
std::pair<std::vector<model::Command>, SequenceResult> Shrink(
    scenarios::Context& ctx, std::vector<model::Command> sequence, const std::string& rule,
    bool other, int max_executions = 200);

}  // namespace kc::runner

#endif  // KC_RUNNER_EXPLORE_EXEC_H_
