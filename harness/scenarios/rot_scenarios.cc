// Scenarios of the 2026 rules of rotation (rot.*) and of dikm.key-material-id: several
// materials per imported symmetric key (ImportType NEW_KEY_MATERIAL -> PENDING_ROTATION,
// RotateKeyOnDemand, ListKeyRotations, DeleteImportedKeyMaterial by KeyMaterialId).
//
// Materials are known by the KeyMaterialId each ImportKeyMaterial answered; checks name them
// M1, M2, ... (the reproducer's material files).
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"

namespace kc::scenarios {
namespace {

using contract::ImportState;
using contract::ImportType;
using contract::IncludeKeyMaterial;
using contract::KeyMaterialState;
using contract::RotationType;

// An imported material: its bytes (for a reimport) and the KeyMaterialId answered.
struct Imported {
  Material material;
  std::string id;
};

// KeyMaterialId -> "M1", ...
using Names = std::map<std::string, std::string>;

std::string NameOf(const Names& names, const std::optional<std::string>& id) {
  if (!id) return "(no KeyMaterialId)";
  auto it = names.find(*id);
  if (it != names.end()) return it->second;
  return "unknown material " + id->substr(0, 12) + "...";
}

// ImportMaterial (setup): GetParametersForImport P<n>, new material M<n> of `size` bytes,
// wrapped W<n>, imported into k with `type` (nullopt: ImportType omitted). The KeyMaterialId
// answered, or nullopt after a setup error.
std::optional<Imported> ImportMaterial(Session& s, const KeyRef& k, const std::string& n,
                                       std::optional<ImportType> type, std::size_t size = 32) {
  auto p = s.GetParameters("P" + n, k);
  if (!p) return std::nullopt;
  Material m = s.NewMaterial("M" + n, size);
  auto w = s.Wrap("W" + n, *p, m);
  if (!w) return std::nullopt;
  ImportOptions o;
  o.import_type = type;
  auto id = s.ImportForMaterialId(k, *p, *w, o);
  if (!id) return std::nullopt;
  return Imported{std::move(m), *id};
}

// RotateForSetup: a RotateKeyOnDemand the scenario needs to go on.
bool RotateForSetup(Session& s, const KeyRef& k) {
  auto r = s.RotateOnDemand(k.key_id);
  if (r.ok()) return true;
  s.judge().Error("setup: RotateKeyOnDemand of " + k.var, Summarize(r).Describe());
  return false;
}

const codec::KeyMetadata* Metadata(const client::Reply<codec::DescribeKeyResponse>& r) {
  return r.ok() && r.value().key_metadata ? &*r.value().key_metadata : nullptr;
}

// ExpectState: DescribeKey shows `state` (and, when given, CurrentKeyMaterialId `current`).
bool ExpectState(Session& s, const KeyRef& k, KeyState state, const Names& names,
                 const std::optional<std::string>& current, std::string_view what) {
  auto d = s.Describe(k.key_id);
  s.ExpectStateInScript(state, std::nullopt);
  const codec::KeyMetadata* md = Metadata(d);
  const bool ok =
      md != nullptr && md->key_state == state && (!current || md->current_key_material_id == current);
  std::string expected = "KeyState=" + std::string(contract::ToWire(state));
  std::string actual = DescribeKeyState(d);
  if (current) {
    expected += ", CurrentKeyMaterialId=" + NameOf(names, current);
    actual += ", CurrentKeyMaterialId=" + (md ? NameOf(names, md->current_key_material_id) : "-");
  }
  return s.judge().Check(ok, what, expected, actual);
}

// CheckCurrent: DescribeKey's CurrentKeyMaterialId is `id`.
bool CheckCurrent(Session& s, const KeyRef& k, const Names& names, const std::string& id,
                  std::string_view what) {
  auto d = s.Describe(k.key_id);
  const codec::KeyMetadata* md = Metadata(d);
  return s.judge().Check(md != nullptr && md->current_key_material_id == id, what,
                         "CurrentKeyMaterialId=" + NameOf(names, id),
                         md ? "CurrentKeyMaterialId=" + NameOf(names, md->current_key_material_id)
                            : DescribeKeyState(d));
}

bool Plaintext(const client::Reply<codec::DecryptResponse>& r, const Session::Ciphertext& c) {
  return r.ok() && r.value().plaintext && *r.value().plaintext == c.plaintext;
}

// DecryptsTo: Decrypt of c succeeds and gives its plaintext.
bool DecryptsTo(Session& s, const Session::Ciphertext& c, std::string_view what) {
  auto r = s.Decrypt(c);
  if (!s.judge().ExpectSuccess(Summarize(r), what)) return false;
  return s.judge().Check(Plaintext(r, c), std::string(what) + ": the plaintext comes back",
                         "the plaintext encrypted", r.ok() ? "other bytes" : "no Plaintext");
}

// EntryText: "M2 CURRENT IMPORTED", with " ON_DEMAND" and " RotationDate" when `rotation`.
std::string EntryText(const codec::RotationsListEntry& e, const Names& names, bool rotation) {
  std::string t = NameOf(names, e.key_material_id);
  t += " " + (e.key_material_state ? std::string(contract::ToWire(*e.key_material_state))
                                   : std::string("(no KeyMaterialState)"));
  t += " " + (e.import_state ? std::string(contract::ToWire(*e.import_state))
                             : std::string("(no ImportState)"));
  if (rotation) {
    t += " " + (e.rotation_type ? std::string(contract::ToWire(*e.rotation_type))
                                : std::string("(no RotationType)"));
    t += e.rotation_date ? " RotationDate" : " (no RotationDate)";
  }
  return t;
}

// Entries: the entries' texts, sorted (compared as sets: the order is not the rule's).
std::vector<std::string> Entries(const std::vector<codec::RotationsListEntry>& list,
                                 const Names& names, bool rotation) {
  std::vector<std::string> out;
  for (const auto& e : list) out.push_back(EntryText(e, names, rotation));
  std::sort(out.begin(), out.end());
  return out;
}

std::string Join(const std::vector<std::string>& v) {
  if (v.empty()) return "(none)";
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : "; ") + x;
  return out;
}

const std::vector<codec::RotationsListEntry>& RotationsOf(
    const client::Reply<codec::ListKeyRotationsResponse>& r) {
  static const std::vector<codec::RotationsListEntry> kNone;
  return r.ok() && r.value().rotations ? *r.value().rotations : kNone;
}

const codec::RotationsListEntry* Find(const std::vector<codec::RotationsListEntry>& list,
                                      const std::string& id) {
  for (const auto& e : list) {
    if (e.key_material_id == id) return &e;
  }
  return nullptr;
}

// ---------------------------------------------------------------- dikm.key-material-id

// DeleteImportedKeyMaterial by KeyMaterialId: PENDING_ROTATION material (M3) leaves and the
// key stays Enabled with M2 current; NON_CURRENT material (M1) makes the key PendingImport
// (Encrypt and Decrypt refused) until M1 is reimported, then old and new ciphertexts
// decrypt; without KeyMaterialId the current material (M2) goes.
report::RuleResult KeyMaterialId(Context& ctx) {
  Session s(ctx, "dikm.key-material-id");
  s.Setup("an EXTERNAL symmetric key K with its first material M1 (ImportType omitted), C1");
  auto k = s.CreateExternalKey("K");
  if (!k) return s.Finish();
  auto m1 = ImportMaterial(s, *k, "1", std::nullopt);
  if (!m1) return s.Finish();
  auto c1 = s.EncryptForSetup("C1", *k);
  if (!c1) return s.Finish();
  s.Setup("M2 (NEW_KEY_MATERIAL), RotateKeyOnDemand, C2, M3 (NEW_KEY_MATERIAL: PENDING_ROTATION)");
  auto m2 = ImportMaterial(s, *k, "2", ImportType::kNewKeyMaterial);
  if (!m2 || !RotateForSetup(s, *k)) return s.Finish();
  auto c2 = s.EncryptForSetup("C2", *k);
  if (!c2) return s.Finish();
  auto m3 = ImportMaterial(s, *k, "3", ImportType::kNewKeyMaterial);
  if (!m3) return s.Finish();
  const Names names{{m1->id, "M1"}, {m2->id, "M2"}, {m3->id, "M3"}};

  // A KeyMaterialId the key never had names nothing to delete: refused (NotFoundException
  // in the mock; the type is inferred), and nothing changes. A target that ignores the id
  // and deletes the current material, or answers success for nothing, departs here.
  const ControlRef by_id = s.NewControl(
      "DeleteImportedKeyMaterial of K by a KeyMaterialId K has (M3's) succeeds");
  s.Probe("DeleteImportedKeyMaterial with a KeyMaterialId K never had");
  s.judge().ExpectError(
      Summarize(s.DeleteMaterialId(k->key_id, HexEncode(s.RandomBytes(32)))),
      ExpectedError{{ErrorType::kNotFoundException, ErrorType::kValidationException,
                     ErrorType::kKMSInvalidStateException},
                    std::nullopt,
                    {},
                    contract::Strictness::kTypeInferred},
      "a KeyMaterialId of no material of K", {by_id});
  ExpectState(s, *k, KeyState::kEnabled, names, m2->id,
              "after the refused delete K is still Enabled with M2 current");

  // PENDING_ROTATION material: it leaves, the key state stays.
  s.Probe("DeleteImportedKeyMaterial with KeyMaterialId of M3 (PENDING_ROTATION)");
  s.Control(by_id);
  auto del3 = s.DeleteMaterialId(k->key_id, m3->id);
  s.judge().ControlReply(by_id, Summarize(del3));
  if (s.judge().ExpectSuccess(Summarize(del3),
                              "DeleteImportedKeyMaterial of the PENDING_ROTATION material M3")) {
    ExpectState(s, *k, KeyState::kEnabled, names, m2->id,
                "after M3 is deleted K is still Enabled with M2 current");
    auto l = s.ListRotations(k->key_id, IncludeKeyMaterial::kAllKeyMaterial);
    if (s.judge().ExpectSuccess(Summarize(l), "ListKeyRotations (ALL_KEY_MATERIAL) after M3 is deleted")) {
      s.judge().Check(l.ok() && Find(RotationsOf(l), m3->id) == nullptr,
                      "M3 is gone from ListKeyRotations (ALL_KEY_MATERIAL)", "no entry for M3",
                      Join(Entries(RotationsOf(l), names, false)));
    }
  }

  // NON_CURRENT (permanently associated) material: the key is PendingImport until reimport.
  const ControlRef encrypts =
      s.NewControl("Encrypt with K succeeds while K is Enabled (before M1 is deleted)");
  const ControlRef decrypts = s.NewControl("C2 decrypts while K is Enabled (before M1 is deleted)");
  s.Control(encrypts);
  s.judge().ControlReply(encrypts, Summarize(s.Encrypt(k->key_id, s.RandomBytes(32), "E0")));
  s.Control(decrypts);
  {
    auto r = s.Decrypt(*c2);
    s.judge().ControlCheck(decrypts, Plaintext(r, *c2), Summarize(r).Describe());
  }
  s.Probe("DeleteImportedKeyMaterial with KeyMaterialId of M1 (NON_CURRENT)");
  if (!s.judge().ExpectSuccess(Summarize(s.DeleteMaterialId(k->key_id, m1->id)),
                               "DeleteImportedKeyMaterial of the NON_CURRENT material M1")) {
    return s.Finish();
  }
  ExpectState(s, *k, KeyState::kPendingImport, names, std::nullopt,
              "after the NON_CURRENT material M1 is deleted K is PendingImport");
  const ControlRef pending = s.ExpectStateControl(*k, KeyState::kPendingImport);
  s.Probe("Encrypt with K while M1 is deleted");
  s.judge().ExpectError(Summarize(s.Encrypt(k->key_id, s.RandomBytes(32), "E1")),
                        {ErrorType::kKMSInvalidStateException},
                        "Encrypt while the NON_CURRENT material M1 is deleted", {pending, encrypts});
  s.Probe("Decrypt C2 (made under M2) while M1 is deleted");
  s.judge().ExpectError(Summarize(s.Decrypt(*c2)), {ErrorType::kKMSInvalidStateException},
                        "Decrypt of C2 while the NON_CURRENT material M1 is deleted",
                        {pending, decrypts});

  // Reimport of M1: Enabled again, old and new ciphertexts decrypt.
  s.Setup("GetParametersForImport for the reimport of M1");
  auto p = s.GetParameters("P1B", *k);
  auto w = p ? s.Wrap("W1B", *p, m1->material) : std::nullopt;
  if (!w) return s.Finish();
  s.Probe("ImportKeyMaterial of M1 again (EXISTING_KEY_MATERIAL, KeyMaterialId of M1)");
  ImportOptions again;
  again.import_type = ImportType::kExistingKeyMaterial;
  again.key_material_id = m1->id;
  if (!s.judge().ExpectSuccess(Summarize(s.Import(*k, *p, *w, again)), "the reimport of M1")) {
    return s.Finish();
  }
  ExpectState(s, *k, KeyState::kEnabled, names, m2->id,
              "after M1 is reimported K is Enabled with M2 current");
  s.Probe("Decrypt C1 and C2 after M1 is reimported");
  DecryptsTo(s, *c1, "C1 (made under M1) decrypts after M1 is reimported");
  DecryptsTo(s, *c2, "C2 (made under M2) decrypts after M1 is reimported");

  // Without KeyMaterialId: the current material M2.
  s.Probe("DeleteImportedKeyMaterial without KeyMaterialId (the current material M2)");
  if (!s.judge().ExpectSuccess(Summarize(s.DeleteMaterial(k->key_id)),
                               "DeleteImportedKeyMaterial without KeyMaterialId")) {
    return s.Finish();
  }
  auto l = s.ListRotations(k->key_id, IncludeKeyMaterial::kAllKeyMaterial);
  if (s.judge().ExpectSuccess(Summarize(l), "ListKeyRotations (ALL_KEY_MATERIAL) after M2 is deleted")) {
    const auto* e1 = Find(RotationsOf(l), m1->id);
    const auto* e2 = Find(RotationsOf(l), m2->id);
    s.judge().Check(e2 && e2->import_state == ImportState::kPendingImport && e1 &&
                        e1->import_state == ImportState::kImported,
                    "without KeyMaterialId the current material M2 was deleted, not M1",
                    "M2 ImportState PENDING_IMPORT, M1 IMPORTED",
                    Join(Entries(RotationsOf(l), names, false)));
  }
  ExpectState(s, *k, KeyState::kPendingImport, names, std::nullopt,
              "after the current material M2 is deleted K is PendingImport");
  return s.Finish();
}

// ---------------------------------------------------------------- rot.on-demand

// RotateKeyOnDemand: refused without PENDING_ROTATION material and for an HMAC key; with M2
// PENDING_ROTATION it makes M2 current (CurrentKeyMaterialId) and C1 (made under M1) still
// decrypts. Which material encrypts cannot be seen from outside: the checks are
// CurrentKeyMaterialId and that every ciphertext decrypts.
report::RuleResult OnDemand(Context& ctx) {
  Session s(ctx, "rot.on-demand");
  s.Setup("an EXTERNAL symmetric key K with its first material M1, ciphertext C1");
  auto k = s.CreateExternalKey("K");
  if (!k) return s.Finish();
  auto m1 = ImportMaterial(s, *k, "1", std::nullopt);
  if (!m1) return s.Finish();
  auto c1 = s.EncryptForSetup("C1", *k);
  if (!c1) return s.Finish();
  s.Setup("an EXTERNAL HMAC_256 key H with 48-byte material (ImportType omitted)");
  auto h = s.PrepareImport("H", KeySpec::kHmac256, WrappingAlgorithm::kRsaesOaepSha256, 48);
  if (!h || !s.ImportForSetup(h->key, h->params, h->wrapped)) return s.Finish();

  const ControlRef rotates = s.NewControl(
      "RotateKeyOnDemand of K succeeds once K has PENDING_ROTATION material (M2, below)");
  s.Probe("RotateKeyOnDemand of K without PENDING_ROTATION material");
  s.judge().ExpectError(
      Summarize(s.RotateOnDemand(k->key_id)),
      ExpectedError{{ErrorType::kUnsupportedOperationException,
                     ErrorType::kKMSInvalidStateException, ErrorType::kValidationException},
                    std::nullopt,
                    {},
                    std::nullopt},
      "RotateKeyOnDemand of an imported key without PENDING_ROTATION material", {rotates});
  s.Probe("RotateKeyOnDemand of the HMAC_256 key H");
  s.judge().ExpectError(Summarize(s.RotateOnDemand(h->key.key_id)),
                        ExpectedError{{ErrorType::kUnsupportedOperationException},
                                      std::nullopt,
                                      {},
                                      contract::Strictness::kStrict},
                        "RotateKeyOnDemand of an HMAC key", {rotates});

  s.Setup("M2 imported into K with ImportType NEW_KEY_MATERIAL (PENDING_ROTATION)");
  auto m2 = ImportMaterial(s, *k, "2", ImportType::kNewKeyMaterial);
  if (!m2) return s.Finish();
  const Names names{{m1->id, "M1"}, {m2->id, "M2"}};
  s.Probe("DescribeKey before the rotation");
  CheckCurrent(s, *k, names, m1->id,
               "before the rotation CurrentKeyMaterialId is still M1 (M2 is PENDING_ROTATION)");
  s.Control(rotates);
  auto r = s.RotateOnDemand(k->key_id);
  s.judge().ControlReply(rotates, Summarize(r));
  if (!s.judge().ExpectSuccess(Summarize(r),
                               "RotateKeyOnDemand of K with M2 PENDING_ROTATION")) {
    return s.Finish();
  }
  s.Probe("DescribeKey after the rotation");
  CheckCurrent(s, *k, names, m2->id,
               "after the rotation CurrentKeyMaterialId is M2 (as its ImportKeyMaterial answered)");
  s.Probe("Decrypt C1 (made under M1 before the rotation)");
  DecryptsTo(s, *c1, "C1, made before the rotation, decrypts");
  // Which material encrypts cannot be seen from outside (a ciphertext is opaque): that a
  // new ciphertext encrypts and decrypts is all the harness can check of it.
  s.Probe("Encrypt C2 after the rotation and decrypt it");
  Session::Ciphertext c2{"C2", s.RandomBytes(32), {}};
  auto e = s.Encrypt(k->key_id, c2.plaintext, "C2");
  if (s.judge().ExpectSuccess(Summarize(e), "Encrypt with K after the rotation") && e.ok() &&
      e.value().ciphertext_blob) {
    c2.blob = *e.value().ciphertext_blob;
    DecryptsTo(s, c2,
               "C2, made after the rotation, decrypts (which material encrypted it cannot be seen "
               "from outside)");
  }
  return s.Finish();
}

// ---------------------------------------------------------------- rot.limit

// 25 on-demand rotations of one imported key succeed (each after importing new material);
// the 26th, with new material PENDING_ROTATION, is LimitExceededException.
report::RuleResult Limit(Context& ctx) {
  constexpr int kLimit = 25;
  Session s(ctx, "rot.limit");
  s.Setup("an EXTERNAL symmetric key K with its first material M1");
  auto k = s.CreateExternalKey("K");
  if (!k || !ImportMaterial(s, *k, "1", std::nullopt)) return s.Finish();
  for (int i = 1; i <= kLimit; ++i) {
    const std::string n = std::to_string(i + 1);
    s.Setup("new material M" + n + " (NEW_KEY_MATERIAL) for rotation " + std::to_string(i));
    if (!ImportMaterial(s, *k, n, ImportType::kNewKeyMaterial)) return s.Finish();
    std::optional<ControlRef> last;
    if (i == kLimit) {
      last = s.NewControl("the 25th on-demand rotation of K succeeded");
      s.Control(*last);
    } else {
      s.Probe("RotateKeyOnDemand " + std::to_string(i) + " of 25");
    }
    auto r = s.RotateOnDemand(k->key_id);
    const bool ok = s.judge().ExpectSuccess(
        Summarize(r), "on-demand rotation " + std::to_string(i) + " of " + std::to_string(kLimit));
    if (last) {
      s.judge().ControlReply(*last, Summarize(r));
      const ControlRef pending = s.NewControl(
          "a 26th new material (M27, NEW_KEY_MATERIAL) imports into K: PENDING_ROTATION "
          "material is there, so only the limit can refuse the 26th rotation");
      auto p = s.GetParameters("P27", *k);
      auto w = p ? s.Wrap("W27", *p, s.NewMaterial("M27")) : std::nullopt;
      if (!w) return s.Finish();
      s.Control(pending);
      ImportOptions o;
      o.import_type = ImportType::kNewKeyMaterial;
      s.judge().ControlReply(pending, Summarize(s.Import(*k, *p, *w, o)));
      s.Probe("RotateKeyOnDemand a 26th time");
      s.judge().ExpectError(Summarize(s.RotateOnDemand(k->key_id)),
                            {ErrorType::kLimitExceededException},
                            "the 26th on-demand rotation of one key", {*last, pending});
      // The limit is per key ("25 times per KMS key"): a target counting the rotations of
      // all keys together refuses another key here.
      s.Setup("another EXTERNAL symmetric key L with M1, and new material M2 (PENDING_ROTATION)");
      auto l = s.CreateExternalKey("L");
      if (!l || !ImportMaterial(s, *l, "L1", std::nullopt) ||
          !ImportMaterial(s, *l, "L2", ImportType::kNewKeyMaterial)) {
        return s.Finish();
      }
      s.Probe("RotateKeyOnDemand of L after K's 25 rotations");
      s.judge().ExpectSuccess(Summarize(s.RotateOnDemand(l->key_id)),
                              "L rotates: the limit counts each key's own rotations");
    }
    if (!ok) return s.Finish();
  }
  return s.Finish();
}

// ---------------------------------------------------------------- rot.list-rotations

// K: M1 first, M2 made current by a rotation, M3 PENDING_ROTATION. By default only M2 (the
// rotation's material); ALL_KEY_MATERIAL all three; pages of Limit=1 the same three.
report::RuleResult ListRotations(Context& ctx) {
  Session s(ctx, "rot.list-rotations");
  s.Setup("an EXTERNAL symmetric key K: M1, M2 (NEW_KEY_MATERIAL) and a rotation to it, M3 "
          "(NEW_KEY_MATERIAL: PENDING_ROTATION)");
  auto k = s.CreateExternalKey("K");
  if (!k) return s.Finish();
  auto m1 = ImportMaterial(s, *k, "1", std::nullopt);
  if (!m1) return s.Finish();
  auto m2 = ImportMaterial(s, *k, "2", ImportType::kNewKeyMaterial);
  if (!m2 || !RotateForSetup(s, *k)) return s.Finish();
  auto m3 = ImportMaterial(s, *k, "3", ImportType::kNewKeyMaterial);
  if (!m3) return s.Finish();
  const Names names{{m1->id, "M1"}, {m2->id, "M2"}, {m3->id, "M3"}};

  s.Probe("ListKeyRotations with IncludeKeyMaterial omitted (ROTATIONS_ONLY)");
  {
    auto r = s.ListRotations(k->key_id, std::nullopt);
    if (s.judge().ExpectSuccess(Summarize(r), "ListKeyRotations, IncludeKeyMaterial omitted")) {
      const std::vector<std::string> want{"M2 CURRENT IMPORTED ON_DEMAND RotationDate"};
      const std::vector<std::string> got = Entries(RotationsOf(r), names, true);
      s.judge().Check(got == want,
                      "by default only the material a rotation made current is listed",
                      Join(want), Join(got));
    }
  }
  const std::vector<std::string> all{"M1 NON_CURRENT IMPORTED", "M2 CURRENT IMPORTED",
                                     "M3 PENDING_ROTATION IMPORTED"};
  s.Probe("ListKeyRotations with ALL_KEY_MATERIAL");
  {
    auto r = s.ListRotations(k->key_id, IncludeKeyMaterial::kAllKeyMaterial);
    if (s.judge().ExpectSuccess(Summarize(r), "ListKeyRotations, ALL_KEY_MATERIAL")) {
      const std::vector<std::string> got = Entries(RotationsOf(r), names, false);
      s.judge().Check(got == all,
                      "ALL_KEY_MATERIAL lists the first, the current and the PENDING_ROTATION "
                      "material (as a set)",
                      Join(all), Join(got));
    }
  }
  s.Probe("ListKeyRotations with ALL_KEY_MATERIAL and Limit=1, following NextMarker");
  constexpr int kMaxPages = 10;
  std::vector<codec::RotationsListEntry> paged;
  std::optional<std::string> marker;
  std::vector<std::string> sizes;
  bool small_pages = true;
  bool last_page = false;
  for (int page = 1; page <= kMaxPages && !last_page; ++page) {
    auto r = s.ListRotations(k->key_id, IncludeKeyMaterial::kAllKeyMaterial, 1, marker);
    if (!s.judge().ExpectSuccess(Summarize(r), "page " + std::to_string(page) + " of Limit=1") ||
        !r.ok()) {
      return s.Finish();
    }
    const auto& list = RotationsOf(r);
    small_pages = small_pages && list.size() <= 1;
    paged.insert(paged.end(), list.begin(), list.end());
    const bool truncated = r.value().truncated.value_or(false);
    sizes.push_back(std::to_string(list.size()) + (truncated ? " (Truncated)" : ""));
    if (!truncated) {
      last_page = true;
    } else if (!r.value().next_marker) {
      s.judge().Check(false, "a truncated page has a NextMarker", "NextMarker",
                      "Truncated=true without NextMarker");
      return s.Finish();
    } else {
      marker = r.value().next_marker;
    }
  }
  s.judge().Check(small_pages, "each page of Limit=1 has at most 1 entry", "at most 1 entry",
                  "entries per page: " + Join(sizes));
  s.judge().Check(last_page, "the last page says Truncated false",
                  "Truncated=false within " + std::to_string(kMaxPages) + " pages",
                  "entries per page: " + Join(sizes));
  const std::vector<std::string> got = Entries(paged, names, false);
  s.judge().Check(got == all, "the pages of Limit=1 give the same three entries (as a set)",
                  Join(all), Join(got));
  return s.Finish();
}

}  // namespace

std::vector<ScenarioSpec> RotScenarios() {
  return {
      {"dikm.key-material-id", KeyMaterialId, false},
      {"rot.on-demand", OnDemand, false},
      {"rot.limit", Limit, false},
      {"rot.list-rotations", ListRotations, false},
  };
}

}  // namespace kc::scenarios
