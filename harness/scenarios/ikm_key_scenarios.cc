// Scenarios of ImportKeyMaterial's rules about the key it imports into: origin, key spec,
// account, key state.
#include <string>

#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"
#include "harness/scenarios/util.h"

namespace kc::scenarios {
namespace {

// A donor: an EXTERNAL symmetric key with real parameters and wrapped material, for probes
// that import into another key (the check of the target key comes before the token's).
struct Donor {
  KeyRef key;
  ImportParams params;
  Wrapped wrapped;
};

std::optional<Donor> MakeDonor(Session& s, std::string_view var) {
  const std::string v(var);
  auto k = s.CreateExternalKey(v);
  auto p = k ? s.GetParameters("P" + v, *k) : std::nullopt;
  if (!p) return std::nullopt;
  auto w = s.Wrap("W" + v, *p, s.NewMaterial("M" + v));
  if (!w) return std::nullopt;
  return Donor{*k, *p, *w};
}

// ikm.origin-external-only: ImportKeyMaterial on a key whose Origin is not EXTERNAL.
report::RuleResult OriginExternalOnly(Context& ctx) {
  Session s(ctx, "ikm.origin-external-only");
  s.Setup("an AWS_KMS key K, and parameters of an EXTERNAL key D");
  auto k = s.CreateAwsKmsKey("K");
  auto d = k ? MakeDonor(s, "D") : std::nullopt;
  if (!d) return s.Finish();
  s.Probe("ImportKeyMaterial into the AWS_KMS key");
  s.judge().ExpectError(Summarize(s.Import(*k, d->params, d->wrapped)),
                        {ErrorType::kUnsupportedOperationException},
                        "ImportKeyMaterial into an AWS_KMS key");
  return s.Finish();
}

// ikm.no-asymmetric / ikm.no-hmac (profile 2022).
void ProbeSpecRefused(Session& s, KeySpec spec, std::string_view var, const Donor& donor) {
  const std::string name(contract::ToWire(spec));
  s.Setup("CreateKey Origin=EXTERNAL KeySpec=" + name);
  ReplySummary created;
  auto key = s.TryCreateKey(var, Session::ExternalKeyRequest(spec, "kmsconform spec probe"),
                            created);
  if (!key) {
    if (created.transport.ok() && created.status == 400 && created.error) {
      s.judge().Pass("CreateKey(EXTERNAL, " + name + ") refused: " + created.Describe());
    } else {
      s.judge().ExpectError(created, {ErrorType::kUnsupportedOperationException,
                                      ErrorType::kValidationException},
                            "CreateKey(EXTERNAL, " + name + ")");
    }
    return;
  }
  key->spec = spec;
  s.Probe("ImportKeyMaterial into an EXTERNAL " + name + " key");
  s.judge().ExpectError(Summarize(s.Import(*key, donor.params, donor.wrapped)),
                        {ErrorType::kUnsupportedOperationException},
                        "ImportKeyMaterial into an EXTERNAL " + name + " key");
}

report::RuleResult NoAsymmetric(Context& ctx) {
  Session s(ctx, "ikm.no-asymmetric");
  s.Setup("parameters of an EXTERNAL symmetric key D");
  auto d = MakeDonor(s, "D");
  if (!d) return s.Finish();
  ProbeSpecRefused(s, KeySpec::kRsa2048, "R", *d);
  ProbeSpecRefused(s, KeySpec::kEccNistP256, "E", *d);
  return s.Finish();
}

report::RuleResult NoHmac(Context& ctx) {
  Session s(ctx, "ikm.no-hmac");
  s.Setup("parameters of an EXTERNAL symmetric key D");
  auto d = MakeDonor(s, "D");
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
  auto a = MakeDonor(s, "A");
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
  if (!pb) return s.Finish();
  auto wb = s.Wrap("WB", *pb, s.NewMaterial("MB"));
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
  auto d = MakeDonor(s, "K");
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
  auto e = MakeDonor(s, "E");
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
