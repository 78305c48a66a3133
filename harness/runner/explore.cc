#include "harness/runner/explore.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <set>

#include "harness/contract/profile.h"
#include "harness/contract/rules.h"
#include "harness/crypto/keys.h"
#include "harness/gen/gen.h"
#include "harness/scenarios/session.h"
#include "harness/scenarios/util.h"

namespace kc::runner {

using model::Command;
using report::Verdict;
using scenarios::ReplySummary;
using scenarios::Session;

namespace {

// FirstDifference: the first step whose outcome differs between two traces, or -1.
int FirstDifference(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return static_cast<int>(i);
  }
  return a.size() == b.size() ? -1 : static_cast<int>(n);
}

// The operation of a step label ("3. ImportKeyMaterial into ..." -> "ImportKeyMaterial").
std::string OperationOfLabel(const std::string& label) {
  const std::size_t start = label.find(". ");
  if (start == std::string::npos) return label;
  const std::size_t end = label.find(' ', start + 2);
  return label.substr(start + 2, end == std::string::npos ? end : end - start - 2);
}

}  // namespace

Result<RunOutcome> Explore(const ExploreOptions& options, Console& console,
                           const std::atomic<bool>* interrupted) {
  TargetOptions target = options.target;
  // The embedded mock explores with a ring of fixed wrapping keys: RSA key generation would
  // otherwise bound the rate (gpfi.fresh-wrapping-key is left out of explore for that).
  if (target.kind == TargetOptions::Kind::kEmbedded && target.fixed_wrapping_keys == 0) {
    target.fixed_wrapping_keys = 16;
  }
  KC_ASSIGN_OR_RETURN(std::unique_ptr<PreparedRun> prepared,
                      PreparedRun::Start(target, options.report_dir, options.seed, console));
  scenarios::Context& ctx = prepared->ctx();
  std::unique_ptr<PreparedRun> compared;
  if (options.compare) {
    TargetOptions b = *options.compare;
    b.profile = target.profile;
    if (b.kind == TargetOptions::Kind::kEmbedded && b.fixed_wrapping_keys == 0) {
      b.fixed_wrapping_keys = 16;
    }
    KC_ASSIGN_OR_RETURN(compared, PreparedRun::Start(b, std::nullopt, options.seed, console,
                                                     /*with_report_dir=*/false));
  }
  const bool clock = ctx.clock != nullptr;
  bool other = ctx.clients.has_other();
  if (other) {
    // The premise of the cross-account commands: the second identity is another account.
    Session s(ctx, "gpfi.no-cross-account");
    ReplySummary r1, r2;
    auto mine = s.TryCreateKey("A", Session::ExternalKeyRequest(contract::KeySpec::kSymmetricDefault,
                                                                "kmsconform explore"),
                               r1);
    auto theirs = s.TryCreateKey(
        "B", Session::ExternalKeyRequest(contract::KeySpec::kSymmetricDefault, "kmsconform explore"),
        r2, true);
    if (!mine || !theirs || scenarios::ArnAccount(mine->arn) == scenarios::ArnAccount(theirs->arn)) {
      console.Note("explore: the second identity is not in another account: no cross-account "
                   "commands (give mock-kms --credentials with two accounts)");
      other = false;
    }
  }
  if (compared && !compared->ctx().clients.has_other()) {
    // Commands of a second identity only where both targets have one.
    other = false;
  }
  const std::vector<std::string> rules = ExploreRules(ctx.profile, clock, other);
  gen::SequenceOptions so;
  so.profile = ctx.profile;
  so.max_steps = options.max_steps;
  // Clock moves only where every target's clock can move.
  so.clock = clock && (!compared || compared->ctx().clock != nullptr);
  so.other = other;

  std::map<std::string, RuleCounts> counts;
  std::map<std::string, SequenceResult> findings;
  std::map<std::string, std::vector<Command>> minimal;
  std::map<std::string, double> found_after;
  struct Difference {
    SequenceResult a, b;
    int at = -1;
    double found_after_s = 0;
  };
  std::map<std::string, Difference> differences;
  long sequences = 0, steps = 0;
  gen::Rng master(options.seed);
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration<double>(options.budget_seconds);
  auto last_progress = start;
  auto all_found = [&] {
    if (options.stop_when_found.empty()) return false;
    for (const std::string& rule : options.stop_when_found) {
      if (rule == "*" ? findings.empty() && differences.empty()
                      : findings.count(rule) == 0 && differences.count(rule) == 0) {
        return false;
      }
    }
    return true;
  };
  while (std::chrono::steady_clock::now() < deadline &&
         !(interrupted != nullptr && interrupted->load()) && !prepared->health().dead() &&
         !all_found()) {
    gen::Rng rng(master.Next());
    const std::vector<Command> sequence = gen::Sequence(rng, so);
    SequenceResult r = ExecuteSequence(ctx, sequence, other, "", false);
    ++sequences;
    steps += static_cast<long>(r.steps);
    for (const auto& [rule, n] : r.counts) {
      counts[rule].accepted += n.accepted;
      counts[rule].refused += n.refused;
    }
    if (compared) {
      // Differential: the same sequence against both targets, outcome by outcome.
      SequenceResult a = ExecuteSequence(ctx, sequence, other, "", false, true);
      SequenceResult b = ExecuteSequence(compared->ctx(), sequence, other, "", false, true);
      const int at = FirstDifference(a.trace, b.trace);
      if (at >= 0) {
        const std::string op = OperationOfLabel(at < static_cast<int>(a.labels.size())
                                                    ? a.labels[static_cast<std::size_t>(at)]
                                                    : b.labels[static_cast<std::size_t>(at)]);
        const std::string id = "compare." + op;
        if (differences.count(id) == 0) {
          auto differs = [&](const std::vector<Command>& candidate) {
            SequenceResult x = ExecuteSequence(ctx, candidate, other, "", false, true);
            SequenceResult y = ExecuteSequence(compared->ctx(), candidate, other, "", false, true);
            const int i = FirstDifference(x.trace, y.trace);
            return i >= 0 && OperationOfLabel(i < static_cast<int>(x.labels.size())
                                                  ? x.labels[static_cast<std::size_t>(i)]
                                                  : y.labels[static_cast<std::size_t>(i)]) == op;
          };
          std::vector<Command> shrunk = DeltaDebug(sequence, differs, 100);
          Difference d;
          d.a = ExecuteSequence(ctx, shrunk, other, "state.key-state-table", true, true);
          d.b = ExecuteSequence(compared->ctx(), shrunk, other, "state.key-state-table", true, true);
          d.at = FirstDifference(d.a.trace, d.b.trace);
          d.found_after_s =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          console.Note("difference in " + op + " between the targets: shrunk to " +
                       std::to_string(shrunk.size()) + " commands");
          differences[id] = std::move(d);
        }
      }
    }
    if (r.departure && !r.departure->rule.empty() && findings.count(r.departure->rule) == 0) {
      const std::string rule = r.departure->rule;
      auto [shrunk, result] = Shrink(ctx, sequence, rule, other);
      if (!result.departure) result = std::move(r);  // did not recur: keep the first
      found_after[rule] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      console.Note("departure from " + rule + " (" + result.departure->what + "): shrunk to " +
                   std::to_string(shrunk.size()) + " commands, " +
                   std::to_string(found_after[rule]).substr(0, 4) + " s after the start");
      minimal[rule] = std::move(shrunk);
      findings[rule] = std::move(result);
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_progress > std::chrono::milliseconds(500)) {
      last_progress = now;
      const double seconds = std::chrono::duration<double>(now - start).count();
      console.Progress(0, 0,
                       "explore: " + std::to_string(sequences) + " sequences, " +
                           std::to_string(steps) + " steps, " + std::to_string(findings.size()) +
                           " findings, " + std::to_string(static_cast<long>(static_cast<double>(sequences) / seconds)) +
                           " sequences/s");
    }
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  console.Note("explore: " + std::to_string(sequences) + " sequences, " + std::to_string(steps) +
               " steps in " + std::to_string(static_cast<long>(elapsed)) + " s (" +
               std::to_string(static_cast<long>(static_cast<double>(sequences) /
                                                std::max(elapsed, 0.001))) +
               " sequences/s), " + std::to_string(findings.size()) + " departures");

  report::RunReport rep =
      prepared->Finish(options.keep_keys || options.target.kind == TargetOptions::Kind::kEmbedded,
                       console);
  // Rules in catalogue order: the explored ones, and any other a departure was charged to.
  std::set<std::string> reported(rules.begin(), rules.end());
  for (const auto& [rule, f] : findings) reported.insert(rule);
  for (const contract::Rule& rule : contract::AllRules()) {
    if (reported.count(std::string(rule.id)) == 0) continue;
    const std::string id(rule.id);
    report::RuleResult row;
    auto it = findings.find(id);
    if (it != findings.end() && it->second.departure) {
      const SequenceResult& f = it->second;
      row = f.result;
      const Departure& d = *f.departure;
      if (row.id.empty()) {
        row.status = d.verdict;
        row.expected = d.expected;
        row.actual = d.actual;
      }
      row.reason = "step " + std::to_string(d.step + 1) + " of " +
                   std::to_string(minimal[id].size()) + ": " + d.what + ": expected " +
                   d.expected + "; saw " + d.actual;
      report::ExploreInfo info;
      info.accepted = counts[id].accepted;
      info.refused = counts[id].refused;
      info.steps = f.labels;
      info.command = options.command_line;
      info.found_after_s = found_after[id];
      row.explore = std::move(info);
    } else {
      const RuleCounts n = counts[id];
      const ExploredRule* e = FindExplored(id);
      const bool enough = n.accepted + n.refused >= kExploreMinSteps &&
                          (e == nullptr || e->sides != Sides::kBoth ||
                           (n.accepted > 0 && n.refused > 0)) &&
                          (e == nullptr || e->sides != Sides::kAccepted || n.accepted > 0) &&
                          (e == nullptr || e->sides != Sides::kRefused || n.refused > 0);
      row.status = enough ? Verdict::kPass : Verdict::kSkip;
      row.reason = (enough ? "no departure in " : "reached " + std::to_string(n.accepted + n.refused) +
                                                       " times (" + std::to_string(n.accepted) +
                                                       " accepted, " + std::to_string(n.refused) +
                                                       " refused; a pass needs 20" +
                                                       (e && e->sides == Sides::kBoth ? ", with both" : "") +
                                                       ") in ") +
                   (enough ? std::to_string(n.accepted + n.refused) + " steps that depended on it (" +
                                 std::to_string(n.accepted) + " accepted, " +
                                 std::to_string(n.refused) + " refused) in "
                           : std::string()) +
                   std::to_string(sequences) + " sequences";
      report::ExploreInfo info;
      info.accepted = n.accepted;
      info.refused = n.refused;
      row.explore = std::move(info);
    }
    row.id = id;
    row.title = std::string(rule.title);
    row.confidence = std::string(contract::ConfidenceName(rule.confidence));
    row.source = std::string(rule.source);
    row.source_ref = std::string(rule.source_ref);
    if (row.expected.empty()) row.expected = std::string(rule.expected);
    rep.rules.push_back(std::move(row));
  }
  // Differential mode: one row per operation whose outcome differed.
  const std::string name_a = report::TargetLabel(rep);
  const std::string name_b =
      options.compare && !options.compare->name.empty() ? options.compare->name
      : options.compare && options.compare->kind == TargetOptions::Kind::kSpawn
          ? report::ProgramName(options.compare->spawn_command)
      : options.compare && options.compare->kind == TargetOptions::Kind::kEndpoint
          ? options.compare->endpoint
          : std::string("embedded mock-kms");
  for (auto& [id, d] : differences) {
    report::RuleResult row;
    row.id = id;
    row.title = id.substr(8) + " answers the same on both targets (differential)";
    row.status = Verdict::kFail;
    const auto step = [&](const SequenceResult& x) {
      return d.at >= 0 && d.at < static_cast<int>(x.trace.size())
                 ? x.trace[static_cast<std::size_t>(d.at)]
                 : std::string("(the sequence ended before this step)");
    };
    row.expected = name_a + ": " + step(d.a);
    row.actual = name_b + ": " + step(d.b);
    row.reason = "step " + std::to_string(d.at + 1) + ": " + name_a + ": " + step(d.a) + "; " +
                 name_b + ": " + step(d.b);
    row.evidence = d.a.result.evidence;
    for (report::Evidence e : d.b.result.evidence) {
      e.step = name_b + ": " + e.step;
      e.seq += 10000;
      row.evidence.push_back(std::move(e));
    }
    report::ExploreInfo info;
    for (std::size_t i = 0; i < d.a.trace.size() || i < d.b.trace.size(); ++i) {
      info.steps.push_back((i < d.a.trace.size() ? name_a + ": " + d.a.trace[i] : std::string()) +
                           (i < d.b.trace.size() ? " | " + name_b + ": " + d.b.trace[i] : ""));
    }
    info.command = options.command_line;
    info.found_after_s = d.found_after_s;
    row.explore = std::move(info);
    rep.rules.push_back(std::move(row));
  }
  if (compared) compared->Finish(true, console);
  return prepared->Write(std::move(rep));
}

}  // namespace kc::runner
