// Scenarios of the profile-2026 rules of ImportType and KeyMaterialId (ikm.import-type,
// ikm.reimport-existing, ikm.new-material-symmetric-only): which material an
// ImportKeyMaterial may bring, depending on what the key already holds.
//
// Sources: the documentation strings of the 2026 API model (ImportKeyMaterialRequest's
// ImportType, KeyMaterialId; ImportKeyMaterial's "For asymmetric and HMAC keys, you cannot
// change the key material after the initial import"), quoted in the catalogue (rules.cc).
#include <cctype>
#include <string>

#include <openssl/crypto.h>

#include "harness/common/bytes.h"
#include "harness/crypto/keys.h"
#include "harness/crypto/signature.h"
#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"

namespace kc::scenarios {
namespace {

using contract::ImportType;

// IsMaterialId: what AWS answers as a KeyMaterialId: 64 hexadecimal digits.
bool IsMaterialId(const std::optional<std::string>& id) {
  if (!id || id->size() != 64) return false;
  for (char c : *id) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string Show(const std::optional<std::string>& s) { return s ? *s : "(none)"; }

// MadeUpMaterialId: 64 hex digits that name no material (from the session's stream).
std::string MadeUpMaterialId(Session& s) { return HexEncode(s.RandomBytes(32)); }

// CurrentMaterialId: DescribeKey's CurrentKeyMaterialId (nullopt when the reply has none).
std::optional<std::string> CurrentMaterialId(Session& s, const KeyRef& k) {
  auto d = s.Describe(k.key_id);
  if (!d.ok() || !d.value().key_metadata) return std::nullopt;
  return d.value().key_metadata->current_key_material_id;
}

// ---------------------------------------------------------------- ikm.import-type

// ikm.import-type: "If no key material has ever been imported into the KMS key, and this
// parameter is omitted, the parameter defaults to NEW_KEY_MATERIAL." and "You cannot specify
// a key material ID with ImportType set to NEW_KEY_MATERIAL." (2026 model). A first import
// with EXISTING_KEY_MATERIAL names material the key never had: refused (type inferred).
report::RuleResult ImportTypeRule(Context& ctx) {
  Session s(ctx, "ikm.import-type");
  s.Setup("an EXTERNAL symmetric key K that never had material, its parameters and material");
  auto k = s.PrepareImport("K");
  if (!k) return s.Finish();
  const ExpectedError refused{
      {ErrorType::kValidationException, ErrorType::kIncorrectKeyMaterialException},
      std::nullopt,
      {},
      std::nullopt};
  const ControlRef same = s.NewControl(
      "the same import with ImportType omitted (the default, NEW_KEY_MATERIAL) succeeds");

  ImportOptions existing;
  existing.import_type = ImportType::kExistingKeyMaterial;
  s.Probe("first import with ImportType EXISTING_KEY_MATERIAL");
  s.judge().ExpectError(Summarize(s.Import(k->key, k->params, k->wrapped, existing)), refused,
                        "EXISTING_KEY_MATERIAL into a key that never had material", {same});

  ImportOptions new_with_id;
  new_with_id.import_type = ImportType::kNewKeyMaterial;
  new_with_id.key_material_id = MadeUpMaterialId(s);
  s.Probe("first import with ImportType NEW_KEY_MATERIAL and a KeyMaterialId");
  s.judge().ExpectError(Summarize(s.Import(k->key, k->params, k->wrapped, new_with_id)), refused,
                        "NEW_KEY_MATERIAL with a KeyMaterialId", {same});

  s.Setup("the refused imports changed nothing");
  s.CheckKeyState(k->key, KeyState::kPendingImport, std::nullopt, "K is still PendingImport");

  s.Control(same);
  auto r = s.Import(k->key, k->params, k->wrapped);
  s.judge().ControlReply(same, Summarize(r));
  if (!r.ok()) return s.Finish();
  const std::optional<std::string> id = r.value().key_material_id;
  s.Probe("the first import's answer and DescribeKey");
  s.judge().Check(IsMaterialId(id), "the import answers a KeyMaterialId (64 hex digits)",
                  "64 hex digits", Show(id));
  const std::optional<std::string> current = CurrentMaterialId(s, k->key);
  s.judge().Check(id && current == id, "DescribeKey's CurrentKeyMaterialId is the imported one",
                  Show(id), Show(current));

  s.Setup("a second key K2: a first import with ImportType NEW_KEY_MATERIAL said explicitly");
  auto k2 = s.PrepareImport("K2");
  if (!k2) return s.Finish();
  ImportOptions explicit_new;
  explicit_new.import_type = ImportType::kNewKeyMaterial;
  s.Probe("first import with ImportType NEW_KEY_MATERIAL");
  auto r2 = s.Import(k2->key, k2->params, k2->wrapped, explicit_new);
  if (s.judge().ExpectSuccess(Summarize(r2), "NEW_KEY_MATERIAL as a first import")) {
    s.CheckKeyState(k2->key, KeyState::kEnabled, std::nullopt, "K2 is Enabled");
    const std::optional<std::string> current2 = CurrentMaterialId(s, k2->key);
    s.judge().Check(current2 && current2 == r2.value().key_material_id,
                    "K2's CurrentKeyMaterialId is the imported one",
                    Show(r2.value().key_material_id), Show(current2));
  }
  return s.Finish();
}

// ---------------------------------------------------------------- ikm.reimport-existing

// ikm.reimport-existing: "After the first key material is imported, if this parameter is
// omitted then the parameter defaults to EXISTING_KEY_MATERIAL." and, with a KeyMaterialId,
// KMS "Matches the computed identifier against the specified key material ID; Verifies that
// the key material ID is already associated with the KMS key" (2026 model).
report::RuleResult ReimportExisting(Context& ctx) {
  Session s(ctx, "ikm.reimport-existing");
  s.Setup("an EXTERNAL symmetric key K with material M1, a ciphertext C1, new material M2 "
          "(PENDING_ROTATION), then M1 deleted");
  auto k = s.PrepareImport("K");
  if (!k) return s.Finish();
  auto id1 = s.ImportForMaterialId(k->key, k->params, k->wrapped);
  if (!id1) return s.Finish();
  auto c1 = s.EncryptForSetup("C1", k->key);
  auto p2 = c1 ? s.GetParameters("P2", k->key) : std::nullopt;
  if (!p2) return s.Finish();
  const Material m2 = s.NewMaterial("M2");
  auto w2 = s.Wrap("W2", *p2, m2);
  if (!w2) return s.Finish();
  ImportOptions as_new;
  as_new.import_type = ImportType::kNewKeyMaterial;
  auto id2 = s.ImportForMaterialId(k->key, *p2, *w2, as_new);
  if (!id2) return s.Finish();
  if (auto d = s.DeleteMaterial(k->key.key_id); !d.ok()) {
    s.judge().Error("setup: DeleteImportedKeyMaterial of the current material M1",
                    Summarize(d).Describe());
    return s.Finish();
  }
  auto p3 = s.GetParameters("P3", k->key);
  if (!p3) return s.Finish();
  auto w3 = s.Wrap("W3", *p3, s.NewMaterial("M3"));
  auto w1 = s.Wrap("W1B", *p3, k->material);
  if (!w3 || !w1) return s.Finish();

  const ExpectedError incorrect{{ErrorType::kIncorrectKeyMaterialException},
                                std::nullopt,
                                {},
                                contract::Strictness::kStrict};
  // A KeyMaterialId that does not match: the model names no error type for it.
  const ExpectedError id_refused{
      {ErrorType::kIncorrectKeyMaterialException, ErrorType::kValidationException,
       ErrorType::kNotFoundException},
      std::nullopt,
      {},
      std::nullopt};
  const ControlRef same = s.NewControl(
      "M1 reimports into K with the same token P3 (ImportType EXISTING_KEY_MATERIAL, "
      "KeyMaterialId M1's)");

  s.Probe("ImportKeyMaterial of other material M3, ImportType omitted (EXISTING_KEY_MATERIAL)");
  s.judge().ExpectError(Summarize(s.Import(k->key, *p3, *w3)), incorrect,
                        "other material with the default ImportType", {same});
  ImportOptions existing;
  existing.import_type = ImportType::kExistingKeyMaterial;
  s.Probe("ImportKeyMaterial of other material M3, ImportType EXISTING_KEY_MATERIAL");
  s.judge().ExpectError(Summarize(s.Import(k->key, *p3, *w3, existing)), incorrect,
                        "other material as EXISTING_KEY_MATERIAL", {same});
  ImportOptions wrong_id = existing;
  wrong_id.key_material_id = *id2;
  s.Probe("ImportKeyMaterial of M1 with M2's KeyMaterialId");
  s.judge().ExpectError(Summarize(s.Import(k->key, *p3, *w1, wrong_id)), id_refused,
                        "M1 named by another material's KeyMaterialId", {same});
  ImportOptions made_up = existing;
  made_up.key_material_id = MadeUpMaterialId(s);
  s.Probe("ImportKeyMaterial of M1 with a KeyMaterialId the key never had");
  s.judge().ExpectError(Summarize(s.Import(k->key, *p3, *w1, made_up)), id_refused,
                        "M1 named by a made-up KeyMaterialId", {same});

  s.Setup("the refused imports changed nothing");
  s.CheckKeyState(k->key, KeyState::kPendingImport, std::nullopt, "K is still PendingImport");

  ImportOptions right = existing;
  right.key_material_id = *id1;
  s.Control(same);
  auto r = s.Import(k->key, *p3, *w1, right);
  s.judge().ControlReply(same, Summarize(r));
  if (!r.ok()) return s.Finish();
  s.Probe("K after M1's reimport");
  s.CheckKeyState(k->key, KeyState::kEnabled, std::nullopt, "K is Enabled again");
  s.judge().Check(r.value().key_material_id == id1, "the reimport answers M1's KeyMaterialId",
                  *id1, Show(r.value().key_material_id));
  auto dec = s.Decrypt(*c1);
  if (s.judge().ExpectSuccess(Summarize(dec), "Decrypt of C1 after the reimport")) {
    s.judge().Check(dec.value().plaintext == c1->plaintext,
                    "C1 decrypts to its plaintext under the reimported M1", "the plaintext",
                    "other bytes");
  }
  return s.Finish();
}

// ---------------------------------------------------------------- ikm.new-material-symmetric-only

// EcMaterial: a fresh P-256 private key as PKCS#8 (fast to make: not an RSA key), and the
// reproducer line that makes an equivalent one. Secret material: never in a report.
struct EcMaterial {
  Material material;
  Bytes spki;
};
std::optional<EcMaterial> NewEcMaterial(Session& s, std::string_view var) {
  auto key = crypto::GenerateEcKey(crypto::EcCurve::kP256);
  if (!key.ok()) {
    s.judge().Error("setup: cannot make a P-256 key", key.status().message());
    return std::nullopt;
  }
  auto der = key->Pkcs8Der();
  if (!der.ok()) {
    s.judge().Error("setup: cannot encode a P-256 key", der.status().message());
    return std::nullopt;
  }
  const std::string v(var);
  s.repro().Line("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 | "
                 "openssl pkcs8 -topk8 -nocrypt -outform DER -out \"$W/" + v + ".bin\"");
  EcMaterial out{{v, *der}, key->Public().SpkiDer()};
  OPENSSL_cleanse(der->data(), der->size());
  return out;
}

// ikm.new-material-symmetric-only: "For asymmetric and HMAC keys, you cannot change the key
// material after the initial import. You can import multiple key materials into symmetric
// encryption keys" (2026 model). The probes try new material in the two ways a client can:
// ImportType NEW_KEY_MATERIAL, and other material with ImportType omitted; afterwards the
// keys must still use their first material (GenerateMac, GetPublicKey).
report::RuleResult NewMaterialSymmetricOnly(Context& ctx) {
  Session s(ctx, "ikm.new-material-symmetric-only");
  const ExpectedError refused{
      {ErrorType::kValidationException, ErrorType::kUnsupportedOperationException,
       ErrorType::kIncorrectKeyMaterialException},
      std::nullopt,
      {},
      std::nullopt};
  s.Setup("an EXTERNAL HMAC_256 key H with material H1, an ECC_NIST_P256 SIGN_VERIFY key E "
          "with material E1, a symmetric key S with material S1");
  auto h = s.PrepareImport("H", KeySpec::kHmac256, WrappingAlgorithm::kRsaesOaepSha256, 48);
  if (!h || !s.ImportForSetup(h->key, h->params, h->wrapped)) return s.Finish();
  auto e = s.CreateExternalKey("E", KeySpec::kEccNistP256);
  auto pe = e ? s.GetParameters("PE", *e) : std::nullopt;
  auto e1 = pe ? NewEcMaterial(s, "E1") : std::nullopt;
  auto we1 = e1 ? s.Wrap("WE1", *pe, e1->material) : std::nullopt;
  if (!we1 || !s.ImportForSetup(*e, *pe, *we1)) return s.Finish();
  auto sym = s.PrepareImport("S");
  if (!sym || !s.ImportForSetup(sym->key, sym->params, sym->wrapped)) return s.Finish();

  auto ph = s.GetParameters("PH2", h->key);
  auto pe2 = s.GetParameters("PE2", *e);
  auto ps = s.GetParameters("PS2", sym->key);
  if (!ph || !pe2 || !ps) return s.Finish();
  auto wh2 = s.Wrap("WH2", *ph, s.NewMaterial("H2", 48));
  auto wh1 = s.Wrap("WH1B", *ph, h->material);
  auto e2 = NewEcMaterial(s, "E2");
  auto we2 = e2 ? s.Wrap("WE2", *pe2, e2->material) : std::nullopt;
  auto we1b = s.Wrap("WE1B", *pe2, e1->material);
  auto ws2 = s.Wrap("WS2", *ps, s.NewMaterial("S2"));
  if (!wh2 || !wh1 || !we2 || !we1b || !ws2) return s.Finish();

  const ControlRef symmetric = s.NewControl(
      "the symmetric key S takes new material S2 with ImportType NEW_KEY_MATERIAL");
  const ControlRef h_same =
      s.NewControl("H reimports its own material H1 with the same token (ImportType omitted)");
  const ControlRef e_same =
      s.NewControl("E reimports its own material E1 with the same token (ImportType omitted)");
  ImportOptions as_new;
  as_new.import_type = ImportType::kNewKeyMaterial;

  s.Probe("ImportKeyMaterial of new material H2 into the HMAC key H, NEW_KEY_MATERIAL");
  s.judge().ExpectError(Summarize(s.Import(h->key, *ph, *wh2, as_new)), refused,
                        "NEW_KEY_MATERIAL into an HMAC key", {symmetric, h_same});
  s.Probe("ImportKeyMaterial of other material H2 into H, ImportType omitted");
  s.judge().ExpectError(Summarize(s.Import(h->key, *ph, *wh2)), refused,
                        "other material into an HMAC key", {h_same});
  s.Probe("ImportKeyMaterial of a new private key E2 into the ECC key E, NEW_KEY_MATERIAL");
  s.judge().ExpectError(Summarize(s.Import(*e, *pe2, *we2, as_new)), refused,
                        "NEW_KEY_MATERIAL into an ECC key", {symmetric, e_same});
  s.Probe("ImportKeyMaterial of another private key E2 into E, ImportType omitted");
  s.judge().ExpectError(Summarize(s.Import(*e, *pe2, *we2)), refused,
                        "other material into an ECC key", {e_same});

  s.Probe("H and E still use their first material");
  const Bytes message = s.RandomBytes(40);
  auto mac = s.GenerateMac(h->key.key_id, message, "MSG", contract::MacAlgorithm::kHmacSha256);
  auto local = crypto::Hmac(crypto::DigestAlg::kSha256, h->material.bytes, message);
  if (s.judge().ExpectSuccess(Summarize(mac), "GenerateMac with H") && local.ok()) {
    s.judge().Check(mac.value().mac == *local, "H's MAC is an HMAC-SHA-256 under H1",
                    "HMAC(H1, message)", mac.value().mac ? "another MAC" : "no Mac");
  }
  auto pub = s.GetPublicKey(e->key_id);
  if (s.judge().ExpectSuccess(Summarize(pub), "GetPublicKey of E")) {
    s.judge().Check(pub.value().public_key == e1->spki, "E's public key is E1's",
                    "the SubjectPublicKeyInfo of E1", pub.value().public_key ? "another key"
                                                                               : "no PublicKey");
  }

  s.Control(symmetric);
  s.judge().ControlReply(symmetric, Summarize(s.Import(sym->key, *ps, *ws2, as_new)));
  s.Control(h_same);
  s.judge().ControlReply(h_same, Summarize(s.Import(h->key, *ph, *wh1)));
  s.Control(e_same);
  s.judge().ControlReply(e_same, Summarize(s.Import(*e, *pe2, *we1b)));
  return s.Finish();
}

}  // namespace

std::vector<ScenarioSpec> IkmTypeScenarios() {
  return {
      {"ikm.import-type", ImportTypeRule, false},
      {"ikm.reimport-existing", ReimportExisting, false},
      {"ikm.new-material-symmetric-only", NewMaterialSymmetricOnly, false},
  };
}

}  // namespace kc::scenarios
