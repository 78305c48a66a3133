// Scenarios of ImportKeyMaterial's rules about the key it imports into: origin, key spec,
// account, key state.
#include <string>

#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"
#include "harness/scenarios/util.h"

namespace kc::scenarios {
namespace {

// ikm.origin-external-only: ImportKeyMaterial on a key whose Origin is not EXTERNAL.
report::RuleResult OriginExternalOnly(Context& ctx) {
  Session s(ctx, "ikm.origin-external-only");
  s.Setup("an AWS_KMS key K, and parameters of an EXTERNAL key D");
  auto k = s.CreateAwsKmsKey("K");
  auto d = k ? s.PrepareImport("D") : std::nullopt;
  if (!d) return s.Finish();
  const ControlRef own = s.NewControl("D's token imports D's material into D");
  s.Probe("ImportKeyMaterial into the AWS_KMS key");
  s.judge().ExpectError(Summarize(s.Import(*k, d->params, d->wrapped)),
                        {ErrorType::kUnsupportedOperationException},
                        "ImportKeyMaterial into an AWS_KMS key", {own});
  s.Control(own);
  s.judge().ControlReply(own, Summarize(s.Import(d->key, d->params, d->wrapped)));
  return s.Finish();
}

// ikm.no-asymmetric / ikm.no-hmac (profile 2022). The refusals rest on the donor's control:
// D's token and material import into D (afterwards).
void ProbeSpecRefused(Session& s, KeySpec spec, std::string_view var, const Prepared& donor,
                      ControlRef own) {
  auto key = s.CreateForbiddenKey(var, spec);
  if (!key) return;  // refused at CreateKey: judged there
  const std::string name(contract::ToWire(spec));
  s.Probe("ImportKeyMaterial into an EXTERNAL " + name + " key");
  s.judge().ExpectError(Summarize(s.Import(*key, donor.params, donor.wrapped)),
                        {ErrorType::kUnsupportedOperationException},
                        "ImportKeyMaterial into an EXTERNAL " + name + " key", {own});
}

report::RuleResult SpecRule(Context& ctx, std::string_view rule,
                            std::initializer_list<KeySpec> specs) {
  Session s(ctx, rule);
  s.Setup("parameters of an EXTERNAL symmetric key D");
  auto d = s.PrepareImport("D");
  if (!d) return s.Finish();
  const ControlRef own = s.NewControl("D's token imports D's material into D");
  int n = 0;
  for (KeySpec spec : specs) ProbeSpecRefused(s, spec, "X" + std::to_string(++n), *d, own);
  s.Control(own);
  s.judge().ControlReply(own, Summarize(s.Import(d->key, d->params, d->wrapped)));
  return s.Finish();
}

report::RuleResult NoAsymmetric(Context& ctx) {
  return SpecRule(ctx, "ikm.no-asymmetric", {KeySpec::kRsa2048, KeySpec::kEccNistP256});
}

report::RuleResult NoHmac(Context& ctx) {
  return SpecRule(ctx, "ikm.no-hmac", {KeySpec::kHmac256});
}

// ikm.no-cross-account: a key ARN of another account is never usable.
report::RuleResult NoCrossAccount(Context& ctx) {
  Session s(ctx, "ikm.no-cross-account");
  const ExpectedError refused{{ErrorType::kNotFoundException, ErrorType::kAccessDeniedException},
                              std::nullopt,
                              {},
                              std::nullopt};
  s.Setup("an EXTERNAL key A of this account with parameters");
  auto a = s.PrepareImport("A");
  if (!a) return s.Finish();
  const ControlRef own_arn = s.NewControl("A's own ARN imports A's material into A");
  ImportOptions foreign;
  foreign.key_id = ArnWithAccount(a->key.arn, OtherAccountThan(ArnAccount(a->key.arn)));
  s.Probe("ImportKeyMaterial with A's ARN naming another account");
  s.judge().ExpectError(Summarize(s.Import(a->key, a->params, a->wrapped, foreign)), refused,
                        "A's key id under another account's ARN", {own_arn});
  s.Control(own_arn);
  {
    ImportOptions by_arn;
    by_arn.key_id = a->key.arn;
    s.judge().ControlReply(own_arn, Summarize(s.Import(a->key, a->params, a->wrapped, by_arn)));
  }
  if (!s.has_other()) {
    s.judge().Skip(
        "no second identity (--other-account-key): a key of another account was not "
        "created");
    return s.Finish();
  }
  s.Setup("an EXTERNAL key B of the second identity, with its parameters");
  auto b = s.CreateExternalKey("B", KeySpec::kSymmetricDefault, /*other_account=*/true);
  if (!b || !s.OtherAccountDiffers(a->key, *b)) return s.Finish();
  auto pb = s.GetParameters("PB", *b);
  auto wb = pb ? s.Wrap("WB", *pb, s.NewMaterial("MB")) : std::nullopt;
  if (!wb) return s.Finish();
  const ControlRef own_key =
      s.NewControl("the second identity imports B's material into its own key B by its ARN");
  s.Probe("ImportKeyMaterial into B's ARN by this account, with B's own parameters");
  ImportOptions by_arn;
  by_arn.key_id = b->arn;
  s.judge().ExpectError(Summarize(s.Import(*b, *pb, *wb, by_arn, s.primary())), refused,
                        "another account's key by its ARN", {own_key});
  s.Control(own_key);
  s.judge().ControlReply(own_key, Summarize(s.Import(*b, *pb, *wb, by_arn, s.other())));
  return s.Finish();
}

// ikm.key-state: PendingDeletion refused; a Disabled key: allowed by the 2022 key-state
// table, refused by the 2026 reference — either behaviour warns at most.
report::RuleResult KeyStateRule(Context& ctx) {
  Session s(ctx, "ikm.key-state");
  s.Setup("an EXTERNAL key with parameters, then ScheduleKeyDeletion");
  auto d = s.PrepareImport("K");
  if (!d) return s.Finish();
  if (auto r = s.ScheduleDeletion(d->key.key_id); !r.ok()) {
    s.judge().Error("setup: ScheduleKeyDeletion", Summarize(r).Describe());
    return s.Finish();
  }
  const ControlRef pending = s.ExpectStateControl(d->key, KeyState::kPendingDeletion);
  s.Probe("ImportKeyMaterial into a key pending deletion");
  s.judge().ExpectError(Summarize(s.Import(d->key, d->params, d->wrapped)),
                        ExpectedError{{ErrorType::kKMSInvalidStateException},
                                      d->key.arn + " is pending deletion.",
                                      {},
                                      std::nullopt},
                        "ImportKeyMaterial in PendingDeletion", {pending});
  s.Setup("an EXTERNAL key with material, then DisableKey");
  auto e = s.PrepareImport("E");
  if (!e || !s.ImportForSetup(e->key, e->params, e->wrapped)) return s.Finish();
  if (auto r = s.Disable(e->key.key_id); !r.ok()) {
    s.judge().Error("setup: DisableKey", Summarize(r).Describe());
    return s.Finish();
  }
  const ControlRef is_disabled = s.ExpectStateControl(e->key, KeyState::kDisabled);
  s.Probe("ImportKeyMaterial of the same material into the Disabled key");
  const ReplySummary disabled = Summarize(s.Import(e->key, e->params, e->wrapped));
  const bool allowed_2022 = s.profile() == contract::Profile::k2022;
  if (disabled.transport.ok() && disabled.success) {
    s.judge().Check(allowed_2022, "ImportKeyMaterial into a Disabled key",
                    "refused (2026 reference: KeyState must be PendingImport or Enabled)",
                    disabled.Describe(), report::Verdict::kWarn);
  } else if (disabled.transport.ok() && disabled.status == 400 && disabled.error) {
    if (allowed_2022) {
      s.judge().Warn("ImportKeyMaterial into a Disabled key", "allowed (2022 key-state table)",
                     disabled.Describe());
    } else {
      // 2026: a refusal, resting on the key really being Disabled; another type warns.
      s.judge().ExpectError(disabled,
                            ExpectedError{{ErrorType::kKMSInvalidStateException},
                                          std::nullopt,
                                          {},
                                          contract::Strictness::kWarnOnly},
                            "ImportKeyMaterial into a Disabled key", {is_disabled});
    }
  } else {
    s.judge().Fail("ImportKeyMaterial into a Disabled key", "HTTP 200 or a 400 AWS error",
                   disabled.Describe());
  }
  return s.Finish();
}

}  // namespace

std::vector<ScenarioSpec> IkmKeyScenarios() {
  return {
      {"ikm.origin-external-only", OriginExternalOnly, false},
      {"ikm.no-asymmetric", NoAsymmetric, false},
      {"ikm.no-hmac", NoHmac, false},
      {"ikm.no-cross-account", NoCrossAccount, false},
      {"ikm.key-state", KeyStateRule, false},
  };
}

}  // namespace kc::scenarios
