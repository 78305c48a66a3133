// Scenarios of the DeleteImportedKeyMaterial rules (dikm.*).
#include <string>

#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"

namespace kc::scenarios {
namespace {

// dikm.origin-external-only: only EXTERNAL keys.
report::RuleResult OriginExternalOnly(Context& ctx) {
  Session s(ctx, "dikm.origin-external-only");
  s.Setup("an AWS_KMS key K and an EXTERNAL key E with material");
  auto k = s.CreateAwsKmsKey("K");
  auto e = k ? s.PrepareImport("E") : std::nullopt;
  if (!e || !s.ImportForSetup(e->key, e->params, e->wrapped)) return s.Finish();
  const ControlRef same =
      s.NewControl("the same DeleteImportedKeyMaterial on the EXTERNAL key E succeeds");
  s.Probe("DeleteImportedKeyMaterial on the AWS_KMS key");
  s.judge().ExpectError(Summarize(s.DeleteMaterial(k->key_id)),
                        {ErrorType::kUnsupportedOperationException},
                        "DeleteImportedKeyMaterial on an AWS_KMS key", {same});
  auto d = s.Describe(k->key_id);
  s.ExpectStateInScript(KeyState::kEnabled, true);
  s.judge().Check(
      d.ok() && d.value().key_metadata && d.value().key_metadata->key_state == KeyState::kEnabled,
      "the AWS_KMS key is still Enabled", "KeyState=Enabled", DescribeKeyState(d));
  s.Control(same);
  s.judge().ControlReply(same, Summarize(s.DeleteMaterial(e->key.key_id)));
  return s.Finish();
}

// An EXTERNAL key with material imported (Enabled).
std::optional<KeyRef> ImportedKey(Session& s, std::string_view var) {
  auto k = s.PrepareImport(var);
  if (!k || !s.ImportForSetup(k->key, k->params, k->wrapped)) return std::nullopt;
  return k->key;
}

// dikm.lifecycle: Enabled/Disabled -> PendingImport, Enabled=false, ExpirationModel removed;
// PendingImport: no effect; PendingDeletion: succeeds, the state stays.
report::RuleResult Lifecycle(Context& ctx) {
  Session s(ctx, "dikm.lifecycle");
  auto expect = [&](const KeyRef& k, KeyState state, bool enabled, bool expiration_removed,
                    std::string_view what) {
    auto d = s.Describe(k.key_id);
    s.ExpectStateInScript(state, enabled, expiration_removed ? "None" : "*");
    const auto* md = d.ok() && d.value().key_metadata ? &*d.value().key_metadata : nullptr;
    s.judge().Check(md && md->key_state == state && md->enabled == enabled &&
                        (!expiration_removed || !md->expiration_model),
                    what,
                    "KeyState=" + std::string(contract::ToWire(state)) +
                        ", Enabled=" + (enabled ? "true" : "false") +
                        (expiration_removed ? ", no ExpirationModel" : ""),
                    DescribeKeyState(d));
  };
  s.Setup("an Enabled EXTERNAL key with material");
  auto e = ImportedKey(s, "E");
  if (!e) return s.Finish();
  s.Probe("DeleteImportedKeyMaterial of an Enabled key");
  if (s.judge().ExpectSuccess(Summarize(s.DeleteMaterial(e->key_id)), "Enabled key")) {
    expect(*e, KeyState::kPendingImport, false, true, "Enabled -> PendingImport");
  }
  s.Setup("a Disabled EXTERNAL key with material");
  auto d = ImportedKey(s, "D");
  if (!d) return s.Finish();
  if (auto r = s.Disable(d->key_id); !r.ok()) {
    s.judge().Error("setup: DisableKey", Summarize(r).Describe());
    return s.Finish();
  }
  s.Probe("DeleteImportedKeyMaterial of a Disabled key");
  if (s.judge().ExpectSuccess(Summarize(s.DeleteMaterial(d->key_id)), "Disabled key")) {
    expect(*d, KeyState::kPendingImport, false, true, "Disabled -> PendingImport");
  }
  s.Setup("an EXTERNAL key without material");
  auto p = s.CreateExternalKey("N");
  if (!p) return s.Finish();
  s.Probe("DeleteImportedKeyMaterial of a PendingImport key");
  if (s.judge().ExpectSuccess(Summarize(s.DeleteMaterial(p->key_id)), "PendingImport key")) {
    expect(*p, KeyState::kPendingImport, false, false, "PendingImport stays PendingImport");
  }
  s.Setup("an EXTERNAL key with material, scheduled for deletion");
  auto x = ImportedKey(s, "X");
  if (!x) return s.Finish();
  if (auto r = s.ScheduleDeletion(x->key_id); !r.ok()) {
    s.judge().Error("setup: ScheduleKeyDeletion", Summarize(r).Describe());
    return s.Finish();
  }
  s.Probe("DeleteImportedKeyMaterial of a key pending deletion");
  if (s.judge().ExpectSuccess(Summarize(s.DeleteMaterial(x->key_id)), "PendingDeletion key")) {
    expect(*x, KeyState::kPendingDeletion, false, false, "PendingDeletion stays PendingDeletion");
  }
  return s.Finish();
}

}  // namespace

std::vector<ScenarioSpec> DikmScenarios() {
  return {
      {"dikm.origin-external-only", OriginExternalOnly, false},
      {"dikm.lifecycle", Lifecycle, false},
  };
}

}  // namespace kc::scenarios
