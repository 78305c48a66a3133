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
  s.Probe("ImportKeyMaterial into the AWS_KMS key");
  s.judge().ExpectError(Summarize(s.Import(*k, d->params, d->wrapped)),
                        {ErrorType::kUnsupportedOperationException},
                        "ImportKeyMaterial into an AWS_KMS key");
  return s.Finish();
}

// ikm.no-asymmetric / ikm.no-hmac (profile 2022).
void ProbeSpecRefused(Session& s, KeySpec spec, std::string_view var, const Prepared& donor) {
  auto key = s.CreateForbiddenKey(var, spec);
  if (!key) return;  // refused at CreateKey: judged there
  const std::string name(contract::ToWire(spec));
  s.Probe("ImportKeyMaterial into an EXTERNAL " + name + " key");
  s.judge().ExpectError(Summarize(s.Import(*key, donor.params, donor.wrapped)),
                        {ErrorType::kUnsupportedOperationException},
                        "ImportKeyMaterial into an EXTERNAL " + name + " key");
}

report::RuleResult NoAsymmetric(Context& ctx) {
  Session s(ctx, "ikm.no-asymmetric");
  s.Setup("parameters of an EXTERNAL symmetric key D");
  auto d = s.PrepareImport("D");
  if (!d) return s.Finish();
  ProbeSpecRefused(s, KeySpec::kRsa2048, "R", *d);
  ProbeSpecRefused(s, KeySpec::kEccNistP256, "E", *d);
  return s.Finish();
}

report::RuleResult NoHmac(Context& ctx) {
  Session s(ctx, "ikm.no-hmac");
  s.Setup("parameters of an EXTERNAL symmetric key D");
  auto d = s.PrepareImport("D");
  if (!d) return s.Finish();
  ProbeSpecRefused(s, KeySpec::kHmac256, "H", *d);
  return s.Finish();
}

// ikm.no-cross-account: a key ARN of another account is never usable.
report::RuleResult NoCrossAccount(Context& ctx) {
  Session s(ctx, "ikm.no-cross-account");
  const ExpectedError refused{
      {ErrorType::kNotFoundException, ErrorType::kAccessDeniedException}, std::nullopt, {},
      std::nullopt};
  s.Setup("an EXTERNAL key A of this account with parameters");
  auto a = s.PrepareImport("A");
  if (!a) return s.Finish();
  ImportOptions foreign;
  foreign.key_id = ArnWithAccount(a->key.arn, OtherAccountThan(ArnAccount(a->key.arn)));
  s.Probe("ImportKeyMaterial with A's ARN naming another account");
  s.judge().ExpectError(Summarize(s.Import(a->key, a->params, a->wrapped, foreign)), refused,
                        "A's key id under another account's ARN");
  if (!s.has_other()) {
    s.judge().Skip("no second identity (--other-account-key): a key of another account was not "
                   "created");
    return s.Finish();
  }
  s.Setup("an EXTERNAL key B of the other account, with its parameters");
  auto b = s.CreateExternalKey("B", KeySpec::kSymmetricDefault, /*other_account=*/true);
  auto pb = b ? s.GetParameters("PB", *b) : std::nullopt;
  auto wb = pb ? s.Wrap("WB", *pb, s.NewMaterial("MB")) : std::nullopt;
  if (!wb) return s.Finish();
  s.Probe("ImportKeyMaterial into B's ARN by this account, with B's own parameters");
  ImportOptions by_arn;
  by_arn.key_id = b->arn;
  s.judge().ExpectError(Summarize(s.Import(*b, *pb, *wb, by_arn, s.primary())), refused,
                        "another account's key by its ARN");
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
  s.Probe("ImportKeyMaterial into a key pending deletion");
  s.judge().ExpectError(Summarize(s.Import(d->key, d->params, d->wrapped)),
                        ExpectedError{{ErrorType::kKMSInvalidStateException},
                                      d->key.arn + " is pending deletion.",
                                      {},
                                      std::nullopt},
                        "ImportKeyMaterial in PendingDeletion");
  s.Setup("an EXTERNAL key with material, then DisableKey");
  auto e = s.PrepareImport("E");
  if (!e || !s.ImportForSetup(e->key, e->params, e->wrapped)) return s.Finish();
  if (auto r = s.Disable(e->key.key_id); !r.ok()) {
    s.judge().Error("setup: DisableKey", Summarize(r).Describe());
    return s.Finish();
  }
  s.Probe("ImportKeyMaterial of the same material into the Disabled key");
  const ReplySummary disabled = Summarize(s.Import(e->key, e->params, e->wrapped));
  const bool allowed_2022 = s.profile() == contract::Profile::k2022;
  if (disabled.transport.ok() && disabled.success) {
    s.judge().Check(allowed_2022, "ImportKeyMaterial into a Disabled key",
                    "refused (2026 reference: KeyState must be PendingImport or Enabled)",
                    disabled.Describe(), report::Verdict::kWarn);
  } else if (disabled.transport.ok() && disabled.status == 400 && disabled.error) {
    s.judge().Check(!allowed_2022 && disabled.error->Is(ErrorType::kKMSInvalidStateException),
                    "ImportKeyMaterial into a Disabled key",
                    allowed_2022 ? "allowed (2022 key-state table)" : "KMSInvalidStateException",
                    disabled.Describe(), report::Verdict::kWarn);
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
