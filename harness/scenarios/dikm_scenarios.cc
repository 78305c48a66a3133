// Scenarios of the DeleteImportedKeyMaterial rules (dikm.*).
#include <string>

#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"

namespace kc::scenarios {
namespace {

std::string Describe(const client::Reply<codec::DescribeKeyResponse>& r) {
  if (!r.ok() || !r.value().key_metadata) return Summarize(r).Describe();
  const auto& md = *r.value().key_metadata;
  std::string out = "KeyState=";
  out += md.key_state ? std::string(contract::ToWire(*md.key_state)) : "(absent)";
  out += ", Enabled=";
  out += md.enabled ? (*md.enabled ? "true" : "false") : "(absent)";
  out += ", ExpirationModel=";
  out += md.expiration_model ? std::string(contract::ToWire(*md.expiration_model)) : "(absent)";
  return out;
}

// dikm.origin-external-only: only EXTERNAL keys.
report::RuleResult OriginExternalOnly(Context& ctx) {
  Session s(ctx, "dikm.origin-external-only");
  s.Setup("an AWS_KMS key");
  auto k = s.CreateAwsKmsKey("K");
  if (!k) return s.Finish();
  s.Probe("DeleteImportedKeyMaterial on the AWS_KMS key");
  s.judge().ExpectError(Summarize(s.DeleteMaterial(k->key_id)),
                        {ErrorType::kUnsupportedOperationException},
                        "DeleteImportedKeyMaterial on an AWS_KMS key");
  auto d = s.Describe(k->key_id);
  s.judge().Check(d.ok() && d.value().key_metadata &&
                      d.value().key_metadata->key_state == KeyState::kEnabled,
                  "the AWS_KMS key is still Enabled", "KeyState=Enabled", Describe(d));
  return s.Finish();
}

// An EXTERNAL key with material imported (Enabled).
std::optional<KeyRef> ImportedKey(Session& s, std::string_view var) {
  const std::string v(var);
  auto k = s.CreateExternalKey(v);
  auto p = k ? s.GetParameters("P" + v, *k) : std::nullopt;
  if (!p) return std::nullopt;
  auto w = s.Wrap("W" + v, *p, s.NewMaterial("M" + v));
  if (!w || !s.ImportForSetup(*k, *p, *w)) return std::nullopt;
  return k;
}

// dikm.lifecycle: Enabled/Disabled -> PendingImport, Enabled=false, ExpirationModel removed;
// PendingImport: no effect; PendingDeletion: succeeds, the state stays.
report::RuleResult Lifecycle(Context& ctx) {
  Session s(ctx, "dikm.lifecycle");
  auto expect = [&](const KeyRef& k, KeyState state, bool enabled, bool expiration_removed,
                    std::string_view what) {
    auto d = s.Describe(k.key_id);
    const auto* md = d.ok() && d.value().key_metadata ? &*d.value().key_metadata : nullptr;
    s.judge().Check(md && md->key_state == state && md->enabled == enabled &&
                        (!expiration_removed || !md->expiration_model),
                    what,
                    "KeyState=" + std::string(contract::ToWire(state)) +
                        ", Enabled=" + (enabled ? "true" : "false") +
                        (expiration_removed ? ", no ExpirationModel" : ""),
                    Describe(d));
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
