// Scenario of the key-state table (state.key-state-table): walks two EXTERNAL keys through
// EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion and Encrypt in every state
// the import contract reaches (PendingImport, Enabled, Disabled, PendingDeletion), and after
// each call compares the answer and the key's state (DescribeKey) with the table
// (contract::LookupKeyState). Each refusal rests on the control that DescribeKey showed the
// key in that state just before.
#include <string>
#include <vector>

#include "harness/contract/key_states.h"
#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"

namespace kc::scenarios {
namespace {

using contract::Operation;

// The state the key is in after a successful op from `from` (CONTRACT.md's table:
// CancelKeyDeletion -> Disabled, or PendingImport for a key without material).
KeyState After(Operation op, KeyState from, bool has_material, contract::Profile p) {
  const contract::StateRule rule = contract::LookupKeyState(op, from, p);
  if (op == Operation::kCancelKeyDeletion) {
    return has_material ? KeyState::kDisabled : KeyState::kPendingImport;
  }
  return rule.next.value_or(from);
}

ReplySummary Send(Session& s, Operation op, const KeyRef& k) {
  switch (op) {
    case Operation::kEnableKey:
      return Summarize(s.Enable(k.key_id));
    case Operation::kDisableKey:
      return Summarize(s.Disable(k.key_id));
    case Operation::kScheduleKeyDeletion:
      return Summarize(s.ScheduleDeletion(k.key_id));
    case Operation::kCancelKeyDeletion:
      return Summarize(s.CancelDeletion(k.key_id));
    default:
      return Summarize(s.Encrypt(k.key_id, s.RandomBytes(16), k.var + "_PLAIN"));
  }
}

// Walk: applies ops to k in order, starting in `state`; returns false when the walk cannot
// go on (a setup failure, recorded).
bool Walk(Session& s, const KeyRef& k, KeyState state, bool has_material,
          const std::vector<Operation>& ops) {
  for (Operation op : ops) {
    const std::string name(contract::ToWire(op));
    const std::string from(contract::ToWire(state));
    const contract::StateRule rule = contract::LookupKeyState(op, state, s.profile());
    if (rule.allowed) {
      s.Probe(name + " of " + k.var + " in " + from);
      const KeyState next = After(op, state, has_material, s.profile());
      if (!s.judge().ExpectSuccess(Send(s, op, k), name + " in " + from + " is allowed")) {
        return false;  // the walk's next states would rest on a guess
      }
      auto d = s.Describe(k.key_id);
      const bool enabled = next == KeyState::kEnabled;
      s.ExpectStateInScript(next, enabled);
      const auto* md = d.ok() && d.value().key_metadata ? &*d.value().key_metadata : nullptr;
      s.judge().Check(
          md && md->key_state == next && md->enabled == enabled,
          name + " in " + from + " leaves the key " + std::string(contract::ToWire(next)),
          "KeyState=" + std::string(contract::ToWire(next)) +
              ", Enabled=" + (enabled ? "true" : "false"),
          DescribeKeyState(d));
      if (!md || md->key_state != next) return false;
      state = next;
    } else {
      const ControlRef in_state = s.ExpectStateControl(k, state);
      s.Probe(name + " of " + k.var + " in " + from);
      s.judge().ExpectError(
          Send(s, op, k),
          ExpectedError{{rule.error},
                        op == Operation::kEncrypt && state == KeyState::kPendingImport
                            ? std::optional<std::string>(k.arn + " is pending import.")
                            : std::nullopt,
                        {},
                        std::nullopt},
          name + " in " + from + " is refused", {in_state});
      auto d = s.Describe(k.key_id);
      s.ExpectStateInScript(state, std::nullopt);
      const bool kept =
          d.ok() && d.value().key_metadata && d.value().key_metadata->key_state == state;
      s.judge().Check(kept, "a refused " + name + " leaves the key " + from, "KeyState=" + from,
                      DescribeKeyState(d));
      if (!kept) return false;
    }
  }
  return true;
}

report::RuleResult KeyStateTable(Context& ctx) {
  Session s(ctx, "state.key-state-table");
  s.Setup("an EXTERNAL key E with material (Enabled)");
  auto e = s.PrepareImport("E");
  if (!e || !s.ImportForSetup(e->key, e->params, e->wrapped)) return s.Finish();
  using O = Operation;
  // Enabled -> Disabled -> Enabled -> PendingDeletion -> Disabled (CancelKeyDeletion), with
  // the refused and idempotent calls of each state on the way.
  if (!Walk(
          s, e->key, KeyState::kEnabled, true,
          {O::kCancelKeyDeletion, O::kEnableKey, O::kEncrypt, O::kDisableKey, O::kCancelKeyDeletion,
           O::kDisableKey, O::kEncrypt, O::kEnableKey, O::kScheduleKeyDeletion, O::kEnableKey,
           O::kDisableKey, O::kScheduleKeyDeletion, O::kEncrypt, O::kCancelKeyDeletion})) {
    return s.Finish();
  }
  s.Setup("an EXTERNAL key N without material (PendingImport)");
  auto n = s.CreateExternalKey("N");
  if (!n) return s.Finish();
  Walk(s, *n, KeyState::kPendingImport, false,
       {O::kEnableKey, O::kDisableKey, O::kCancelKeyDeletion, O::kEncrypt, O::kScheduleKeyDeletion,
        O::kEncrypt, O::kCancelKeyDeletion});
  return s.Finish();
}

}  // namespace

std::vector<ScenarioSpec> StateScenarios() {
  return {
      {"state.key-state-table", KeyStateTable, false},
  };
}

}  // namespace kc::scenarios
