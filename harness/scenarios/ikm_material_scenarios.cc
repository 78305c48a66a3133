// Scenarios of ImportKeyMaterial's rules about the material: its length, reimport, ValidTo,
// the lifecycle (the crypto oracle of DESIGN.md) and expiry.
#include <cmath>
#include <string>

#include "harness/contract/profile.h"
#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"

namespace kc::scenarios {
namespace {

using contract::Profile;

constexpr double kDay = 86400;

// ikm.material-length: symmetric material must be exactly 256 bits (2026: HMAC lengths too).
report::RuleResult MaterialLength(Context& ctx) {
  Session s(ctx, "ikm.material-length");
  s.Setup("an EXTERNAL symmetric key and parameters");
  auto k = s.CreateExternalKey("K");
  auto p = k ? s.GetParameters("P", *k) : std::nullopt;
  if (!p) return s.Finish();
  const ExpectedError refused{
      {ErrorType::kIncorrectKeyMaterialException, ErrorType::kValidationException},
      std::nullopt,
      {},
      std::nullopt};
  const ControlRef right =
      s.NewControl("32-byte material, wrapped the same way, imports into K with the same token");
  for (std::size_t size : {std::size_t{16}, std::size_t{31}, std::size_t{64}}) {
    const std::string n = std::to_string(size);
    auto w = s.Wrap("W" + n, *p, s.NewMaterial("M" + n, size));
    if (!w) return s.Finish();
    s.Probe(n + "-byte material for a SYMMETRIC_DEFAULT key");
    s.judge().ExpectError(Summarize(s.Import(*k, *p, *w)), refused, n + "-byte symmetric material",
                          {right});
  }
  auto w32 = s.Wrap("W32", *p, s.NewMaterial("M32", 32));
  if (!w32) return s.Finish();
  s.Control(right);
  s.judge().ControlReply(right, Summarize(s.Import(*k, *p, *w32)));
  if (s.profile() == Profile::k2026) {
    s.Setup("an EXTERNAL HMAC_256 key and parameters");
    auto h = s.CreateExternalKey("H", KeySpec::kHmac256);
    auto ph = h ? s.GetParameters("PH", *h) : std::nullopt;
    if (!ph) return s.Finish();
    const ControlRef right_hmac =
        s.NewControl("48-byte material, wrapped the same way, imports into H with the same token");
    for (std::size_t size : {std::size_t{16}, std::size_t{65}}) {
      const std::string n = std::to_string(size);
      auto w = s.Wrap("WH" + n, *ph, s.NewMaterial("MH" + n, size));
      if (!w) return s.Finish();
      s.Probe(n + "-byte material for an HMAC_256 key (32..64)");
      s.judge().ExpectError(Summarize(s.Import(*h, *ph, *w)), refused,
                            n + "-byte HMAC_256 material", {right_hmac});
    }
    auto w = s.Wrap("WH48", *ph, s.NewMaterial("MH48", 48));
    if (!w) return s.Finish();
    s.Control(right_hmac);
    s.judge().ControlReply(right_hmac, Summarize(s.Import(*h, *ph, *w)));
  }
  return s.Finish();
}

// ikm.reimport-same-material (profile 2022): after DeleteImportedKeyMaterial only the same
// material may come back: not other material (M2), and not M1 with only its last byte
// changed (a target that compares a prefix, or a short hash, of the material takes it).
report::RuleResult ReimportSameMaterial(Context& ctx) {
  Session s(ctx, "ikm.reimport-same-material");
  s.Setup("an EXTERNAL key with material M1, then DeleteImportedKeyMaterial");
  auto k = s.CreateExternalKey("K");
  auto p = k ? s.GetParameters("P", *k) : std::nullopt;
  if (!p) return s.Finish();
  const Material m1 = s.NewMaterial("M1");
  auto w1 = s.Wrap("W1", *p, m1);
  if (!w1 || !s.ImportForSetup(*k, *p, *w1)) return s.Finish();
  if (auto r = s.DeleteMaterial(k->key_id); !r.ok()) {
    s.judge().Error("setup: DeleteImportedKeyMaterial", Summarize(r).Describe());
    return s.Finish();
  }
  auto p2 = s.GetParameters("P2", *k);
  if (!p2) return s.Finish();
  auto w2 = s.Wrap("W2", *p2, s.NewMaterial("M2"));
  if (!w2) return s.Finish();
  Material m1x{"M1X", m1.bytes};
  m1x.bytes.back() ^= 0x01;
  s.repro().Line("L=$(( $(wc -c < \"$W/M1.bin\") - 1 ))");
  s.repro().Line("b=$(od -An -tu1 -j\"$L\" -N1 \"$W/M1.bin\" | tr -d ' ')");
  s.repro().Line(
      "{ head -c \"$L\" \"$W/M1.bin\"; printf \"\\\\$(printf '%03o' $((b ^ 1)))\"; } > "
      "\"$W/M1X.bin\"");
  auto w1x = s.Wrap("W1X", *p2, m1x);
  if (!w1x) return s.Finish();
  const ControlRef same =
      s.NewControl("the original material M1 reimports into K with the same token P2");
  s.Probe("ImportKeyMaterial of different material M2");
  s.judge().ExpectError(Summarize(s.Import(*k, *p2, *w2)),
                        {ErrorType::kIncorrectKeyMaterialException}, "different material", {same});
  s.Probe("ImportKeyMaterial of M1 with its last byte changed (M1X)");
  s.judge().ExpectError(Summarize(s.Import(*k, *p2, *w1x)),
                        {ErrorType::kIncorrectKeyMaterialException},
                        "the original material with its last byte changed", {same});
  auto w1b = s.Wrap("W1B", *p2, m1);
  if (!w1b) return s.Finish();
  s.Control(same);
  s.judge().ControlReply(same, Summarize(s.Import(*k, *p2, *w1b)));
  return s.Finish();
}

// ikm.valid-to: the default KEY_MATERIAL_EXPIRES needs a ValidTo (recorded text); a past
// ValidTo, one beyond 365 days, or one given with KEY_MATERIAL_DOES_NOT_EXPIRE is refused.
report::RuleResult ValidTo(Context& ctx) {
  Session s(ctx, "ikm.valid-to");
  s.Setup("an EXTERNAL key, parameters and wrapped material");
  auto prepared = s.PrepareImport("K");
  if (!prepared) return s.Finish();
  const KeyRef* k = &prepared->key;
  const ImportParams* p = &prepared->params;
  const Wrapped* w = &prepared->wrapped;
  const double now = std::floor(s.TargetNow());
  struct Case {
    std::string what;
    ImportOptions options;
    std::optional<std::string> message;
  };
  std::vector<Case> cases;
  {
    ImportOptions o;
    o.expiration_model = std::nullopt;  // the default: KEY_MATERIAL_EXPIRES
    cases.push_back({"ExpirationModel omitted and no ValidTo", o,
                     "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES"});
  }
  {
    ImportOptions o;
    o.expiration_model = ExpirationModel::kKeyMaterialExpires;
    cases.push_back({"KEY_MATERIAL_EXPIRES without ValidTo", o,
                     "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES"});
  }
  {
    ImportOptions o;
    o.expiration_model = ExpirationModel::kKeyMaterialExpires;
    o.valid_to = now - 3600;
    cases.push_back({"a ValidTo an hour in the past", o, std::nullopt});
  }
  {
    ImportOptions o;
    o.expiration_model = ExpirationModel::kKeyMaterialExpires;
    o.valid_to = now + 366 * kDay;
    cases.push_back({"a ValidTo 366 days ahead", o, std::nullopt});
  }
  {
    ImportOptions o;
    o.expiration_model = ExpirationModel::kKeyMaterialDoesNotExpire;
    o.valid_to = now + kDay;
    cases.push_back({"a ValidTo with KEY_MATERIAL_DOES_NOT_EXPIRE", o, std::nullopt});
  }
  const ControlRef good_control = s.NewControl(
      "the same import with KEY_MATERIAL_EXPIRES and a ValidTo 30 days ahead succeeds");
  for (const Case& c : cases) {
    s.Probe("ImportKeyMaterial with " + c.what);
    s.judge().ExpectError(
        Summarize(s.Import(*k, *p, *w, c.options)),
        ExpectedError{{ErrorType::kValidationException}, c.message, {}, std::nullopt}, c.what,
        {good_control});
  }
  ImportOptions good;
  good.expiration_model = ExpirationModel::kKeyMaterialExpires;
  good.valid_to = now + 30 * kDay;
  s.Control(good_control);
  s.judge().ControlReply(good_control, Summarize(s.Import(*k, *p, *w, good)));
  return s.Finish();
}

// ikm.lifecycle: PendingImport -> Enabled; DescribeKey shows ExpirationModel/ValidTo; the
// imported material is the one in use (DESIGN.md's oracle); a failed import changes nothing.
report::RuleResult Lifecycle(Context& ctx) {
  Session s(ctx, "ikm.lifecycle");
  s.Setup("CreateKey Origin=EXTERNAL");
  auto k = s.CreateExternalKey("K");
  if (!k) return s.Finish();
  s.Probe("a new EXTERNAL key is PendingImport and disabled");
  s.CheckKeyState(*k, KeyState::kPendingImport, false, "CreateKey(EXTERNAL) gives PendingImport");
  auto p = s.GetParameters("P", *k);
  if (!p) return s.Finish();
  const Material m = s.NewMaterial("M");
  auto w = s.Wrap("W", *p, m);
  if (!w) return s.Finish();
  s.Probe("a failed import (material wrapped for another key's parameters) changes nothing");
  auto other = s.CreateExternalKey("O");
  auto po = other ? s.GetParameters("PO", *other) : std::nullopt;
  if (!po) return s.Finish();
  auto wo = s.Wrap("WO", *po, m);
  if (!wo) return s.Finish();
  // The failed import's premise: the same material wrapped for K's own parameters imports
  // (the import with KEY_MATERIAL_EXPIRES below).
  const ControlRef imports = s.NewControl(
      "the same material, wrapped with K's own public key, imports into K with the same token");
  const ReplySummary failed = Summarize(s.Import(*k, *p, *wo));
  s.judge().ExpectRefused(failed, "an import with mismatched parameters fails", {imports});
  if (!failed.success) {
    s.CheckKeyState(*k, KeyState::kPendingImport, false, "the key is still PendingImport");
  }
  s.Probe("ImportKeyMaterial with KEY_MATERIAL_EXPIRES: Enabled, ExpirationModel and ValidTo");
  const double valid_to = std::floor(s.TargetNow()) + 30 * kDay;
  ImportOptions expires;
  expires.expiration_model = ExpirationModel::kKeyMaterialExpires;
  expires.valid_to = valid_to;
  s.Control(imports);
  if (!s.judge().ControlReply(imports, Summarize(s.Import(*k, *p, *w, expires)))) {
    return s.Finish();
  }
  {
    auto r = s.Describe(k->key_id);
    s.ExpectStateInScript(KeyState::kEnabled, true, "KEY_MATERIAL_EXPIRES");
    const auto* md = r.ok() && r.value().key_metadata ? &*r.value().key_metadata : nullptr;
    s.judge().Check(md && md->key_state == KeyState::kEnabled && md->enabled == true &&
                        md->expiration_model == ExpirationModel::kKeyMaterialExpires &&
                        md->valid_to && std::fabs(*md->valid_to - valid_to) < 1.5,
                    "DescribeKey after the import",
                    "KeyState=Enabled, Enabled=true, ExpirationModel=KEY_MATERIAL_EXPIRES, "
                    "ValidTo=" +
                        std::to_string(static_cast<long long>(valid_to)),
                    DescribeKeyState(r));
  }
  s.Probe("the imported material is the one in use: Encrypt, delete it, Decrypt fails");
  auto c = s.EncryptForSetup("C", *k);
  if (!c) return s.Finish();
  if (auto r = s.DeleteMaterial(k->key_id);
      !s.judge().ExpectSuccess(Summarize(r), "DeleteImportedKeyMaterial")) {
    return s.Finish();
  }
  // The refusals below are about the material only if the same ciphertext decrypts again
  // once the same material is back (the last step).
  const ControlRef decrypts = s.NewControl(
      "after reimporting the same material, the same ciphertext decrypts to its plaintext");
  s.judge().ExpectError(
      Summarize(s.Decrypt(*c)),
      ExpectedError{
          {ErrorType::kKMSInvalidStateException}, k->arn + " is pending import.", {}, std::nullopt},
      "Decrypt after DeleteImportedKeyMaterial", {decrypts});
  auto p2 = s.GetParameters("P2", *k);
  if (!p2) return s.Finish();
  auto other_material = s.Wrap("WX", *p2, s.NewMaterial("MX"));
  if (!other_material) return s.Finish();
  // Profile 2022 refuses other material here (ikm.reimport-same-material judges that);
  // where it is taken, it must not decrypt the old ciphertext.
  s.Try("import other material MX, where the target takes it");
  auto imported_other = s.Import(*k, *p2, *other_material);
  if (imported_other.ok()) {
    s.Probe("other material must not decrypt the old ciphertext");
    auto d = s.Decrypt(*c);
    s.ExpectInScript("refused");
    if (d.ok() && d.value().plaintext == c->plaintext) {
      s.judge().Fail("other material does not decrypt the old ciphertext", "an error",
                     "the original plaintext");
    } else if (d.ok()) {
      s.judge().Fail("other material does not decrypt the old ciphertext",
                     "an error (InvalidCiphertextException)", "HTTP 200 with other bytes");
    } else {
      s.judge().ExpectRefused(Summarize(d), "other material does not decrypt the old ciphertext",
                              {decrypts});
    }
    if (auto r = s.DeleteMaterial(k->key_id); !r.ok()) {
      s.judge().Error("setup: DeleteImportedKeyMaterial", Summarize(r).Describe());
      return s.Finish();
    }
  }
  s.Probe("reimport the same material: the old ciphertext decrypts again");
  auto w2 = s.Wrap("W2", *p2, m);
  if (!w2) return s.Finish();
  if (!s.judge().ExpectSuccess(Summarize(s.Import(*k, *p2, *w2)), "the same material reimports")) {
    return s.Finish();
  }
  s.Control(decrypts);
  auto d = s.Decrypt(*c);
  const std::string seen =
      d.ok() ? (d.value().plaintext == c->plaintext ? "the original plaintext" : "other bytes")
             : Summarize(d).Describe();
  s.judge().ControlCheck(decrypts, d.ok() && d.value().plaintext == c->plaintext, seen);
  s.judge().Check(d.ok() && d.value().plaintext == c->plaintext,
                  "Decrypt after reimport returns the plaintext", "the original plaintext", seen);
  {
    auto r = s.Describe(k->key_id);
    s.ExpectStateInScript(KeyState::kEnabled, true, "KEY_MATERIAL_DOES_NOT_EXPIRE");
    const auto* md = r.ok() && r.value().key_metadata ? &*r.value().key_metadata : nullptr;
    s.judge().Check(md && md->key_state == KeyState::kEnabled &&
                        md->expiration_model == ExpirationModel::kKeyMaterialDoesNotExpire &&
                        !md->valid_to,
                    "DescribeKey after a KEY_MATERIAL_DOES_NOT_EXPIRE reimport",
                    "KeyState=Enabled, ExpirationModel=KEY_MATERIAL_DOES_NOT_EXPIRE, no ValidTo",
                    DescribeKeyState(r));
  }
  return s.Finish();
}

// ikm.material-expiry: after ValidTo the key is PendingImport and Encrypt fails.
report::RuleResult MaterialExpiry(Context& ctx) {
  Session s(ctx, "ikm.material-expiry");
  if (!s.can_move_clock()) {
    s.judge().Skip(
        "no clock control: the target's time cannot be moved past ValidTo "
        "(use --clock faketime or mock-hook)");
    return s.Finish();
  }
  s.Setup("an EXTERNAL key with material that expires in one hour");
  auto prepared = s.PrepareImport("K");
  if (!prepared) return s.Finish();
  const KeyRef* k = &prepared->key;
  ImportOptions o;
  o.expiration_model = ExpirationModel::kKeyMaterialExpires;
  o.valid_to = std::floor(s.TargetNow()) + 3600;
  if (!s.ImportForSetup(*k, prepared->params, prepared->wrapped, o)) return s.Finish();
  auto c = s.EncryptForSetup("C", *k);
  if (!c) return s.Finish();
  // The refusals after ValidTo are about the expiry only if the key worked before it.
  const ControlRef before = s.NewControl("before ValidTo, the key is Enabled and C decrypts");
  s.Control(before);
  {
    auto d = s.Decrypt(*c);
    s.judge().ControlCheck(before, d.ok() && d.value().plaintext == c->plaintext,
                           d.ok() ? "decrypted" : Summarize(d).Describe());
  }
  s.Setup("move the target's clock past ValidTo");
  if (Status moved = s.AdvanceClock(3600 + 60); !moved.ok()) {
    s.judge().Skip("the target's clock did not move: " + moved.message());
    return s.Finish();
  }
  s.Probe("after ValidTo: PendingImport, Encrypt and Decrypt refused");
  s.CheckKeyState(*k, KeyState::kPendingImport, false, "the key is PendingImport after ValidTo");
  const ExpectedError pending{
      {ErrorType::kKMSInvalidStateException}, k->arn + " is pending import.", {}, std::nullopt};
  s.judge().ExpectError(Summarize(s.Encrypt(k->key_id, s.RandomBytes(16), "C2")), pending,
                        "Encrypt after ValidTo", {before});
  s.judge().ExpectError(Summarize(s.Decrypt(*c)), pending, "Decrypt after ValidTo", {before});
  return s.Finish();
}

}  // namespace

std::vector<ScenarioSpec> IkmMaterialScenarios() {
  return {
      {"ikm.material-length", MaterialLength, false},
      {"ikm.reimport-same-material", ReimportSameMaterial, false},
      {"ikm.valid-to", ValidTo, false},
      {"ikm.lifecycle", Lifecycle, false},
      {"ikm.material-expiry", MaterialExpiry, true},
  };
}

}  // namespace kc::scenarios
