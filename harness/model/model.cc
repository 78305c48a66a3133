#include "harness/model/model.h"

#include <algorithm>

#include "harness/contract/key_states.h"
#include "harness/contract/profile.h"

namespace kc::model {
namespace {

using contract::Operation;
using contract::Strictness;
using E = ErrorType;

constexpr double kDay = 86400;

Operation OperationOf(Op op) {
  switch (op) {
    case Op::kEnable: return Operation::kEnableKey;
    case Op::kDisable: return Operation::kDisableKey;
    case Op::kScheduleDeletion: return Operation::kScheduleKeyDeletion;
    case Op::kCancelDeletion: return Operation::kCancelKeyDeletion;
    case Op::kEncrypt: return Operation::kEncrypt;
    case Op::kDecrypt: return Operation::kDecrypt;
    case Op::kGetParameters: return Operation::kGetParametersForImport;
    case Op::kImport: return Operation::kImportKeyMaterial;
    case Op::kDeleteMaterial: return Operation::kDeleteImportedKeyMaterial;
    case Op::kRotate:
    case Op::kRotateTimes: return Operation::kRotateKeyOnDemand;
    case Op::kListRotations: return Operation::kListKeyRotations;
    default: return Operation::kDescribeKey;
  }
}

void Accept(Expectation& e, std::initializer_list<std::string_view> rules) {
  for (std::string_view r : rules) e.accepted_rules.emplace_back(r);
}

bool Supported(Profile p, WrappingAlgorithm a) { return contract::SupportsWrappingAlgorithm(p, a); }

}  // namespace

std::string_view OpName(Op op) {
  switch (op) {
    case Op::kCreateKey: return "CreateKey";
    case Op::kGetParameters: return "GetParametersForImport";
    case Op::kImport: return "ImportKeyMaterial";
    case Op::kDeleteMaterial: return "DeleteImportedKeyMaterial";
    case Op::kEnable: return "EnableKey";
    case Op::kDisable: return "DisableKey";
    case Op::kScheduleDeletion: return "ScheduleKeyDeletion";
    case Op::kCancelDeletion: return "CancelKeyDeletion";
    case Op::kCreateAlias: return "CreateAlias";
    case Op::kEncrypt: return "Encrypt";
    case Op::kDecrypt: return "Decrypt";
    case Op::kAdvanceClock: return "AdvanceClock";
    case Op::kRotate: return "RotateKeyOnDemand";
    case Op::kListRotations: return "ListKeyRotations";
    case Op::kRotateTimes: return "ImportAndRotate";
  }
  return "?";
}

namespace {

std::string MaterialIdText(const Command& c) {
  switch (c.material_id) {
    case MaterialIdForm::kNone: return "";
    case MaterialIdForm::kPicked: return ", KeyMaterialId of its material #" + std::to_string(c.material_pick);
    case MaterialIdForm::kNext:
      return ", KeyMaterialId of its material #" + std::to_string(c.material_pick + 1);
    case MaterialIdForm::kUnknown: return ", KeyMaterialId of no material";
  }
  return "";
}

}  // namespace

std::string_view KeyFormName(KeyForm f) {
  switch (f) {
    case KeyForm::kId: return "key id";
    case KeyForm::kArn: return "key ARN";
    case KeyForm::kAliasName: return "alias name";
    case KeyForm::kAliasArn: return "alias ARN";
    case KeyForm::kForeignArn: return "its id under another account's ARN";
    case KeyForm::kUnknownId: return "an unknown key id";
    case KeyForm::kOtherRegionArn: return "its ARN with another region";
  }
  return "?";
}

std::string Command::Text() const {
  std::string out(OpName(op));
  auto key_text = [&] {
    return " key #" + std::to_string(key) + " (by " + std::string(KeyFormName(form)) + ")";
  };
  switch (op) {
    case Op::kCreateKey:
      out += std::string(" Origin=") + std::string(contract::ToWire(origin)) +
             " KeySpec=" + std::string(contract::ToWire(spec)) + (as_other ? " as the other account" : "");
      break;
    case Op::kGetParameters:
      out += key_text() + " " + std::string(contract::ToWire(algorithm)) + " " +
             std::string(contract::ToWire(wrapping_spec));
      break;
    case Op::kImport:
      out += key_text() + " with the token of response #" + std::to_string(token_of) +
             (token_change == TokenChange::kFlipByte   ? " (a byte flipped)"
              : token_change == TokenChange::kTruncate ? " (cut in half)"
                                                       : "") +
             ", " + (new_material ? "new" : "the key's last") + " " +
             std::to_string(material_size) + "-byte material wrapped for response #" +
             std::to_string(wrap_for) +
             (wrap_with_token_algorithm ? std::string()
                                        : " with " + std::string(contract::ToWire(wrap_algorithm))) +
             (import_type == ImportTypeForm::kNew        ? ", ImportType NEW_KEY_MATERIAL"
              : import_type == ImportTypeForm::kExisting ? ", ImportType EXISTING_KEY_MATERIAL"
                                                         : "") +
             (!new_material && material_pick != 0 ? " (its material #" + std::to_string(material_pick) + ")"
                                                   : "") +
             MaterialIdText(*this);
      break;
    case Op::kDeleteMaterial:
      out += key_text() + MaterialIdText(*this);
      break;
    case Op::kDecrypt:
      out += " ciphertext #" + std::to_string(ciphertext);
      break;
    case Op::kAdvanceClock:
      out += " by " + std::to_string(static_cast<long long>(seconds)) + " s";
      break;
    case Op::kListRotations:
      out += key_text() + (all_material ? " ALL_KEY_MATERIAL" : "") +
             (page_by_one ? " (pages of Limit=1)" : "");
      break;
    case Op::kRotateTimes:
      out += key_text() + " " + std::to_string(times) + " times";
      break;
    default:
      out += key_text();
      break;
  }
  return out;
}

void Refuse(Expectation& e, std::string_view rule, std::vector<ErrorType> types,
            std::string_view why, Strictness strictness) {
  if (e.rule.empty() || e.success) {
    e.rule = std::string(rule);
    e.why = std::string(why);
    e.strictness = strictness;
  } else if (strictness != Strictness::kStrict && e.strictness == Strictness::kStrict) {
    // Another condition's type is only inferred: a type of either passes, another warns.
    e.strictness = strictness;
  }
  e.success = false;
  for (ErrorType t : types) {
    if (std::find(e.errors.begin(), e.errors.end(), t) == e.errors.end()) e.errors.push_back(t);
  }
  e.refused_rules.emplace_back(rule);
}

std::size_t Model::KeyOf(const Command& c) const { return c.key % keys_.size(); }

KeyView Model::View(std::size_t key) const {
  const Key& k = keys_[key];
  KeyView v{!k.gone, k.state, k.other, k.origin == Origin::kExternal, std::nullopt};
  if (v.external && k.has_material) v.expires = k.valid_to.has_value();
  if (profile_ == Profile::k2026 && v.external && k.spec == KeySpec::kSymmetricDefault) {
    v.current = k.material;
  }
  return v;
}

std::vector<int> Model::MaterialsOf(std::size_t key) const {
  const Key& k = keys_[key];
  std::vector<int> out;
  if (k.material < 0) return out;
  out.push_back(k.material);
  for (const Key::Other& o : k.others) out.push_back(o.label);
  return out;
}

int Model::ReusedMaterial(const Command& c) const {
  if (c.new_material) return -1;
  const std::vector<int> all = MaterialsOf(KeyOf(c));
  if (all.empty()) return -1;
  return all[c.material_pick % all.size()];
}

int Model::SentMaterial(const Command& c) const {
  const int reused = ReusedMaterial(c);
  if (reused >= 0 && c.tweak_last_byte) {
    const auto it = tweaks_.find(reused);
    return it != tweaks_.end() ? it->second : materials_;
  }
  return reused >= 0 ? reused : materials_;
}

int Model::IdLabel(const Command& c) const {
  if (c.material_id == MaterialIdForm::kNone || profile_ != Profile::k2026) return -2;
  if (c.material_id == MaterialIdForm::kUnknown) return -1;
  const std::vector<int> all = MaterialsOf(KeyOf(c));
  if (all.empty()) return -1;
  const std::uint32_t i = c.material_pick + (c.material_id == MaterialIdForm::kNext ? 1 : 0);
  return all[i % all.size()];
}

std::string_view Model::StateRule(const Command& c) const {
  switch (c.op) {
    case Op::kCreateKey:
    case Op::kImport: return "ikm.lifecycle";
    case Op::kDeleteMaterial:
      return profile_ == Profile::k2026 && c.material_id != MaterialIdForm::kNone
                 ? "dikm.key-material-id"
                 : "dikm.lifecycle";
    case Op::kRotate:
    case Op::kRotateTimes: return "rot.on-demand";
    case Op::kListRotations: return "rot.list-rotations";
    case Op::kAdvanceClock: return "ikm.material-expiry";
    default: return "state.key-state-table";
  }
}

bool Model::Lookup(const Command& c, std::string_view cross_account_rule, Expectation& e) const {
  const Key& k = keys_[KeyOf(c)];
  const Operation op = OperationOf(c.op);
  const bool takes_alias = op == Operation::kEncrypt || op == Operation::kDecrypt;
  switch (c.form) {
    case KeyForm::kAliasName:
    case KeyForm::kAliasArn:
      if (!takes_alias) {
        // "Specify the key ID or key ARN": an existing alias is refused (type inferred).
        Refuse(e, "proto.key-id-forms", {E::kNotFoundException, E::kValidationException},
               "an existing alias as KeyId", Strictness::kTypeInferred);
        return true;
      }
      break;
    case KeyForm::kForeignArn:
      Refuse(e, cross_account_rule, {E::kNotFoundException, E::kAccessDeniedException},
             "the key's id under another account's ARN", Strictness::kTypeInferred);
      return true;
    case KeyForm::kUnknownId:
      Refuse(e, "gpfi.key-not-found", {E::kNotFoundException}, "an unknown key id");
      return true;
    case KeyForm::kOtherRegionArn:
      Refuse(e, "gpfi.key-not-found", {E::kNotFoundException}, "a key ARN of another region");
      return true;
    default:
      break;
  }
  if (k.other) {
    Refuse(e, cross_account_rule, {E::kNotFoundException, E::kAccessDeniedException},
           "another account's key by its ARN", Strictness::kTypeInferred);
    return true;
  }
  if (k.gone) {
    Refuse(e, c.op == Op::kGetParameters ? "gpfi.key-not-found" : "state.key-state-table",
           {E::kNotFoundException}, "a key whose deletion completed");
    return true;
  }
  return false;
}

namespace {
// In profile 2022 the 2026 members of a command are not sent (a decoded fuzz command may
// carry them): the command as the model and the executor take it.
bool Has2026Members(const Command& c) {
  return c.import_type != ImportTypeForm::kOmitted || c.material_id != MaterialIdForm::kNone;
}
Command Without2026Members(Command c) {
  c.import_type = ImportTypeForm::kOmitted;
  c.material_id = MaterialIdForm::kNone;
  return c;
}
}  // namespace

Expectation Model::Predict(const Command& c) const {
  if (profile_ != Profile::k2026 && Has2026Members(c)) return Predict(Without2026Members(c));
  Expectation e;
  const bool needs_key = c.op != Op::kCreateKey && c.op != Op::kDecrypt &&
                         c.op != Op::kAdvanceClock;
  if (needs_key && keys_.empty()) e.applicable = false;
  if (c.op == Op::kImport && params_.empty()) e.applicable = false;
  if (c.op == Op::kDecrypt && ciphertexts_.empty()) e.applicable = false;
  if (c.op == Op::kAdvanceClock && !clock_) e.applicable = false;
  // RotateKeyOnDemand exists only in profile 2026.
  const bool rotation_op =
      c.op == Op::kRotate || c.op == Op::kListRotations || c.op == Op::kRotateTimes;
  if (profile_ != Profile::k2026 && rotation_op) e.applicable = false;
  // RotateKeyOnDemand names its key by id or ARN only (no rule of it covers the other forms).
  if (rotation_op && c.form != KeyForm::kId && c.form != KeyForm::kArn) {
    e.applicable = false;
  }
  // ImportType and KeyMaterialId on asymmetric and HMAC keys are ikm.new-material-symmetric-
  // only's (not explored); on a non-EXTERNAL key, DeleteImportedKeyMaterial's id is moot.
  if ((c.op == Op::kImport || c.op == Op::kDeleteMaterial) && !keys_.empty() &&
      (c.import_type != ImportTypeForm::kOmitted || c.material_id != MaterialIdForm::kNone) &&
      (keys_[KeyOf(c)].spec != KeySpec::kSymmetricDefault ||
       keys_[KeyOf(c)].origin != Origin::kExternal)) {
    e.applicable = false;
  }
  if (needs_key && !keys_.empty() &&
      (c.form == KeyForm::kAliasName || c.form == KeyForm::kAliasArn) && !keys_[KeyOf(c)].alias) {
    e.applicable = false;  // the key has no alias to name it by
  }
  if (!e.applicable) return e;
  switch (c.op) {
    case Op::kCreateKey: return PredictCreateKey(c);
    case Op::kGetParameters: return PredictGetParameters(c);
    case Op::kImport: return PredictImport(c);
    case Op::kDeleteMaterial: return PredictDeleteMaterial(c);
    case Op::kEnable:
    case Op::kDisable:
    case Op::kScheduleDeletion:
    case Op::kCancelDeletion: return PredictState(c);
    case Op::kCreateAlias: return PredictCreateAlias(c);
    case Op::kEncrypt: return PredictEncrypt(c);
    case Op::kDecrypt: return PredictDecrypt(c);
    case Op::kRotate: return PredictRotate(c);
    case Op::kListRotations: return PredictListRotations(c);
    case Op::kRotateTimes: return PredictRotateTimes(c);
    case Op::kAdvanceClock:
      e.success = true;
      e.why = "the target's clock moves";
      return e;
  }
  return e;
}

Expectation Model::PredictCreateKey(const Command& c) const {
  Expectation e;
  e.success = true;
  e.rule = "ikm.lifecycle";
  e.why = "CreateKey";
  if (c.origin == Origin::kExternal && !contract::CanImport(profile_, c.spec)) {
    // Profile 2022: a target may refuse an asymmetric or HMAC EXTERNAL key already here.
    e.either = true;
    e.errors = {E::kUnsupportedOperationException, E::kValidationException};
    e.rule = contract::IsHmac(c.spec) ? "gpfi.no-hmac" : "gpfi.no-asymmetric";
    e.why = "CreateKey of an EXTERNAL key the profile cannot import into";
  }
  return e;
}

Expectation Model::PredictGetParameters(const Command& c) const {
  Expectation e;
  e.success = true;
  // (1) the members: the profile's wrapping key specs and algorithms.
  if (c.bogus == 1) {
    Refuse(e, "gpfi.wrapping-key-spec", {E::kValidationException}, "a wrapping key spec in no enum");
  } else if (c.bogus == 2) {
    Refuse(e, "gpfi.wrapping-algorithm", {E::kValidationException},
           "a wrapping algorithm in no enum");
  }
  if (!contract::SupportsWrappingKeySpec(profile_, c.wrapping_spec)) {
    Refuse(e, "gpfi.wrapping-key-spec", {E::kValidationException},
           "a wrapping key spec outside the profile");
  }
  if (!Supported(profile_, c.algorithm)) {
    const bool in_enum = contract::InProfile(c.algorithm, profile_);
    Refuse(e, "gpfi.wrapping-algorithm", {E::kValidationException},
           "a wrapping algorithm outside the profile",
           in_enum ? Strictness::kTypeInferred : Strictness::kStrict);
  }
  if (!e.success) return e;
  // (2) the key, (3) origin, (4) spec, (5) state.
  if (Lookup(c, "gpfi.no-cross-account", e)) return e;
  const Key& k = keys_[KeyOf(c)];
  if (k.origin != Origin::kExternal) {
    Refuse(e, "gpfi.origin-external-only", {E::kUnsupportedOperationException},
           "a key whose Origin is not EXTERNAL");
    return e;
  }
  if (!contract::CanImport(profile_, k.spec)) {
    Refuse(e, contract::IsHmac(k.spec) ? "gpfi.no-hmac" : "gpfi.no-asymmetric",
           {E::kUnsupportedOperationException}, "a key the profile cannot import into");
    return e;
  }
  if (!contract::LookupKeyState(Operation::kGetParametersForImport, k.state, profile_).allowed) {
    Refuse(e, "gpfi.key-state", {E::kKMSInvalidStateException}, "a key pending deletion");
    return e;
  }
  e.rule = "gpfi.response-shape";
  e.why = "GetParametersForImport";
  Accept(e, {"gpfi.wrapping-key-spec", "gpfi.wrapping-algorithm", "gpfi.origin-external-only",
             "gpfi.key-state", "gpfi.response-shape", "gpfi.validity-24h", "proto.key-id-forms",
             "gpfi.key-not-found"});
  if (profile_ == Profile::k2022) Accept(e, {"gpfi.no-asymmetric", "gpfi.no-hmac"});
  return e;
}

Expectation Model::PredictImport(const Command& c) const {
  Expectation e;
  e.success = true;
  // (1) ExpirationModel and ValidTo (checked before the key: a malformed request).
  switch (c.expiry) {
    case Expiry::kOmitted:
    case Expiry::kExpiresWithoutValidTo:
      Refuse(e, "ikm.valid-to", {E::kValidationException}, "KEY_MATERIAL_EXPIRES without ValidTo");
      break;
    case Expiry::kPast:
      Refuse(e, "ikm.valid-to", {E::kValidationException}, "a ValidTo in the past");
      break;
    case Expiry::kTooFar:
      Refuse(e, "ikm.valid-to", {E::kValidationException}, "a ValidTo beyond 365 days");
      break;
    case Expiry::kDoesNotExpireWithValidTo:
      Refuse(e, "ikm.valid-to", {E::kValidationException},
             "a ValidTo with KEY_MATERIAL_DOES_NOT_EXPIRE");
      break;
    default:
      break;
  }
  // Profile 2026: "You cannot specify a key material ID with ImportType set to
  // NEW_KEY_MATERIAL." (2026 model, ImportKeyMaterialRequest.KeyMaterialId; a malformed
  // request, checked with ValidTo: ValidationException, type inferred).
  if (c.import_type == ImportTypeForm::kNew && c.material_id != MaterialIdForm::kNone) {
    Refuse(e, "ikm.import-type", {E::kValidationException},
           "a KeyMaterialId with ImportType NEW_KEY_MATERIAL", Strictness::kTypeInferred);
  }
  // (2) the key, (3) origin, (4) spec, (5) state.
  if (Lookup(c, "ikm.no-cross-account", e)) return e;
  const std::size_t ki = KeyOf(c);
  const Key& k = keys_[ki];
  if (k.origin != Origin::kExternal) {
    Refuse(e, "ikm.origin-external-only", {E::kUnsupportedOperationException},
           "a key whose Origin is not EXTERNAL");
    return e;
  }
  if (!contract::CanImport(profile_, k.spec)) {
    Refuse(e, contract::IsHmac(k.spec) ? "ikm.no-hmac" : "ikm.no-asymmetric",
           {E::kUnsupportedOperationException}, "a key the profile cannot import into");
    return e;
  }
  if (k.state == KeyState::kPendingDeletion) {
    Refuse(e, "ikm.key-state", {E::kKMSInvalidStateException}, "a key pending deletion");
    return e;
  }
  // Profile 2026: "If no key material has ever been imported into the KMS key, and this
  // parameter is omitted, the parameter defaults to NEW_KEY_MATERIAL." (2026 model):
  // EXISTING_KEY_MATERIAL names material the key does not have (refused, type inferred).
  if (c.import_type == ImportTypeForm::kExisting && k.material < 0) {
    Refuse(e, "ikm.import-type", {E::kValidationException, E::kIncorrectKeyMaterialException},
           "ImportType EXISTING_KEY_MATERIAL into a key that never had material",
           Strictness::kTypeInferred);
  }
  if (!e.success) return e;  // a ValidTo refusal
  const bool disabled = k.state == KeyState::kDisabled;
  const bool reimport = ReusedMaterial(c) >= 0;
  // (6) the token: tampered, or issued for another key; (7) expired. A token that still
  // names its wrapping key pair (not tampered) lets an emulator unwrap before it checks the
  // token's key or expiry: the refusals of (8)-(10) are then AWS-compatible too (their types
  // are accepted; the departure is still charged to the token's rule, AWS's first check).
  const Params& p = params_[ParamsOf(c.token_of)];
  if (c.token_change != TokenChange::kNone) {
    Refuse(e, "ikm.token-tampered", {E::kInvalidImportTokenException}, "a tampered token");
  } else {
    if (p.key != ki) {
      Refuse(e, "ikm.token-bound-to-key", {E::kInvalidImportTokenException},
             "a token issued for another key");
    }
    if (now_ >= p.expires) {
      Refuse(e, "ikm.token-expired", {E::kExpiredImportTokenException}, "an expired token");
    }
    // (8) unwrap: the token's own key pair and algorithm.
    const Params& w = params_[ParamsOf(c.wrap_for)];
    const WrappingAlgorithm used = c.wrap_with_token_algorithm ? p.algorithm : c.wrap_algorithm;
    // PKCS#1 v1.5 decryption of other padding can pass by chance and give garbage bytes.
    std::vector<ErrorType> bad = {E::kInvalidCiphertextException};
    if (p.algorithm == WrappingAlgorithm::kRsaesPkcs1V15) {
      bad.push_back(E::kIncorrectKeyMaterialException);
    }
    if (w.pair != p.pair) {
      Refuse(e, "ikm.token-same-response", bad,
             "material wrapped for another response's public key");
    } else if (used != p.algorithm) {
      Refuse(e, "ikm.algorithm-bound", bad, "material wrapped with another algorithm");
    } else if (!reimport && !contract::MaterialLengthRange(k.spec)) {
      // An RSA or ECC key takes a PKCS#8 private key of its spec; random bytes are not one.
      Refuse(e, "ikm.material-length",
             {E::kIncorrectKeyMaterialException, E::kValidationException},
             "material that is not a PKCS#8 private key of the key's spec",
             Strictness::kTypeInferred);
    } else if (const auto range = contract::MaterialLengthRange(k.spec);
               !reimport && range &&
               (c.material_size < range->min || c.material_size > range->max)) {
      // (9) the length (the key's earlier material, tweaked or not, has the length it had).
      Refuse(e, "ikm.material-length",
             {E::kIncorrectKeyMaterialException, E::kValidationException},
             "material of the wrong length", Strictness::kTypeInferred);
    } else if (profile_ == Profile::k2026 && k.spec == KeySpec::kSymmetricDefault) {
      PredictImportType2026(c, k, e);
    } else if (k.material >= 0 && (c.new_material || c.tweak_last_byte)) {
      // (10) a key that ever had material takes only that material.
      Refuse(e, profile_ == Profile::k2022 ? "ikm.reimport-same-material" : "ikm.lifecycle",
             {E::kIncorrectKeyMaterialException}, "other material than the key's");
    }
  }
  if (!e.success) {
    // ikm.key-state: a Disabled key may also be refused for its state (2026's reference).
    if (disabled) e.errors.push_back(E::kKMSInvalidStateException);
    return e;
  }
  e.rule = "ikm.lifecycle";
  e.why = "ImportKeyMaterial";
  if (profile_ == Profile::k2026 && k.spec == KeySpec::kSymmetricDefault) {
    const bool first = k.material < 0;
    const bool is_new = c.import_type == ImportTypeForm::kNew ||
                        (c.import_type == ImportTypeForm::kOmitted && first);
    if (!first && is_new) {
      e.rule = "ikm.import-type";
      e.why = "ImportKeyMaterial of new material, PENDING_ROTATION";
    } else if (!first) {
      e.rule = "ikm.reimport-existing";
      e.why = "ImportKeyMaterial of the key's material again";
    }
    Accept(e, {"ikm.import-type"});
    if (!first) Accept(e, {"ikm.reimport-existing"});
  }
  Accept(e, {"ikm.token-same-response", "ikm.token-bound-to-key", "ikm.token-tampered",
             "ikm.token-expired", "ikm.algorithm-bound", "ikm.origin-external-only",
             "ikm.key-state", "ikm.material-length", "ikm.valid-to", "ikm.lifecycle",
             "proto.key-id-forms"});
  // (2026 has no ikm.reimport-same-material: ikm.lifecycle, accepted above, covers it.)
  if (k.material >= 0 && profile_ == Profile::k2022) Accept(e, {"ikm.reimport-same-material"});
  if (profile_ == Profile::k2022) Accept(e, {"ikm.no-asymmetric", "ikm.no-hmac"});
  // A Disabled key: allowed by the 2022 table, refused by the 2026 reference: either.
  if (disabled) {
    e.either = true;
    e.errors = {E::kKMSInvalidStateException};
    e.rule = "ikm.key-state";
  }
  return e;
}

void Model::PredictImportType2026(const Command& c, const Key& k, Expectation& e) const {
  const int reused = SentMaterial(c);
  const std::vector<int> all = MaterialsOf(KeyOf(c));
  const bool known = std::find(all.begin(), all.end(), reused) != all.end();  // the key's
  const bool first = k.material < 0;
  const bool is_new = c.import_type == ImportTypeForm::kNew ||
                      (c.import_type == ImportTypeForm::kOmitted && first);
  const int id = IdLabel(c);
  if (is_new) {
    if (first) {
      // A KeyMaterialId with the default ImportType of a first import (NEW_KEY_MATERIAL):
      // either the NEW_KEY_MATERIAL refusal or the id's, which names no material the key
      // has (the id check: ikm.reimport-existing's; types inferred).
      if (id != -2) {
        Refuse(e, "ikm.reimport-existing", {E::kIncorrectKeyMaterialException, E::kValidationException},
               "a KeyMaterialId with a first import", Strictness::kTypeInferred);
      }
      return;  // "the first key material imported into it becomes current" (import guide)
    }
    // NEW_KEY_MATERIAL after the first import waits in PENDING_ROTATION ("PENDING_ROTATION
    // identifies key material that has been imported for on-demand key rotation but the
    // rotation hasn't completed", 2026 model). Material the key already has, and a second
    // material pending rotation, are refused (inferred: the mock's types, or Validation).
    if (known) {
      Refuse(e, "ikm.import-type", {E::kIncorrectKeyMaterialException, E::kValidationException},
             "NEW_KEY_MATERIAL of material the key already has", Strictness::kTypeInferred);
    } else if (k.Pending() != nullptr) {
      Refuse(e, "ikm.import-type", {E::kKMSInvalidStateException, E::kValidationException},
             "NEW_KEY_MATERIAL while other material is PENDING_ROTATION",
             Strictness::kTypeInferred);
    }
    return;
  }
  // EXISTING_KEY_MATERIAL ("After the first key material is imported, if this parameter is
  // omitted then the parameter defaults to EXISTING_KEY_MATERIAL"): "Verifies that the key
  // material ID is already associated with the KMS key" and "Matches the computed
  // identifier against the specified key material ID" (2026 model).
  if (!known) {
    Refuse(e, "ikm.reimport-existing", {E::kIncorrectKeyMaterialException},
           "EXISTING_KEY_MATERIAL of material the key does not have");
  } else if (id != -2 && id != reused) {
    Refuse(e, "ikm.reimport-existing", {E::kIncorrectKeyMaterialException},
           "a KeyMaterialId that is not the imported material's", Strictness::kTypeInferred);
  }
}

Expectation Model::PredictRotate(const Command& c) const {
  Expectation e;
  e.success = true;
  if (c.form == KeyForm::kForeignArn || keys_[KeyOf(c)].other) {
    e.applicable = false;
    return e;
  }
  if (Lookup(c, "rot.on-demand", e)) return e;
  const Key& k = keys_[KeyOf(c)];
  // "On-demand key rotation is supported only on symmetric encryption KMS keys." (2026 model)
  if (k.spec != KeySpec::kSymmetricDefault) {
    Refuse(e, "rot.on-demand", {E::kUnsupportedOperationException},
           "RotateKeyOnDemand of an asymmetric or HMAC key");
    return e;
  }
  const contract::StateRule rule =
      contract::LookupKeyState(Operation::kRotateKeyOnDemand, k.state, profile_);
  if (!rule.allowed) {
    Refuse(e, "state.key-state-table", {rule.error},
           "RotateKeyOnDemand in " + std::string(contract::ToWire(k.state)));
    return e;
  }
  // "You can perform on-demand key rotation a maximum of 25 times per KMS key." (2026 model)
  if (k.rotations >= 25) {
    Refuse(e, "rot.limit", {E::kLimitExceededException}, "a 26th on-demand rotation",
           Strictness::kTypeInferred);
  }
  // "... you must have already imported new key material and that key material's state
  // should be PENDING_ROTATION." (2026 model; the error type is inferred)
  if (k.origin == Origin::kExternal && k.Pending() == nullptr) {
    Refuse(e, "rot.on-demand", {E::kUnsupportedOperationException, E::kKMSInvalidStateException},
           "RotateKeyOnDemand without material PENDING_ROTATION", Strictness::kTypeInferred);
  }
  if (!e.success) return e;
  e.rule = "rot.on-demand";
  e.why = "RotateKeyOnDemand";
  Accept(e, {"rot.on-demand", "rot.limit", "state.key-state-table", "proto.key-id-forms"});
  return e;
}

Expectation Model::PredictListRotations(const Command& c) const {
  Expectation e;
  e.success = true;
  const Key& k0 = keys_[KeyOf(c)];
  // Other accounts' keys are no rule of it; an AWS_KMS key's materials are KMS's (their ids
  // unknown to the model).
  if (c.form == KeyForm::kForeignArn || k0.other ||
      (k0.spec == KeySpec::kSymmetricDefault && k0.origin != Origin::kExternal)) {
    e.applicable = false;
    return e;
  }
  if (Lookup(c, "rot.list-rotations", e)) return e;
  // Only keys that can rotate have rotations (inferred: the model lists
  // UnsupportedOperationException for ListKeyRotations).
  if (k0.spec != KeySpec::kSymmetricDefault) {
    Refuse(e, "rot.list-rotations", {E::kUnsupportedOperationException},
           "ListKeyRotations of an asymmetric or HMAC key", Strictness::kTypeInferred);
    return e;
  }
  e.rule = "rot.list-rotations";
  e.why = "ListKeyRotations";
  Accept(e, {"rot.list-rotations", "proto.key-id-forms"});
  return e;
}

std::vector<RotationEntry> Model::Rotations(const Command& c) const {
  std::vector<RotationEntry> out;
  const Key& k = keys_[KeyOf(c)];
  if (k.material < 0) return out;
  using S = contract::KeyMaterialState;
  // "If you omit this parameter, KMS returns information on the key materials created by
  // automatic or on-demand key rotation. When you specify a value of ALL_KEY_MATERIAL, KMS
  // adds the first key material and any imported key material pending rotation" (2026 model)
  for (const Key::Other& o : k.others) {
    if (!o.pending && (c.all_material || o.rotated)) {
      out.push_back(RotationEntry{o.label, S::kNonCurrent, o.imported, o.rotated});
    }
  }
  if (c.all_material || k.rotated) {
    out.push_back(RotationEntry{k.material, S::kCurrent, k.has_material, k.rotated});
  }
  if (c.all_material) {
    if (const Key::Other* p = k.Pending()) {
      out.push_back(RotationEntry{p->label, S::kPendingRotation, p->imported, false});
    }
  }
  return out;
}

int Model::LastParamsOf(std::size_t key) const {
  for (std::size_t i = params_.size(); i-- > 0;) {
    if (params_[i].key == key) return static_cast<int>(i);
  }
  return -1;
}

Expectation Model::PredictRotateTimes(const Command& c) const {
  Expectation e;
  const Key& k = keys_[KeyOf(c)];
  // A symmetric key of the caller's, and for an EXTERNAL one parameters to import with.
  if (c.form == KeyForm::kForeignArn || k.other || k.gone || k.spec != KeySpec::kSymmetricDefault ||
      c.times == 0 || (k.origin == Origin::kExternal && LastParamsOf(KeyOf(c)) < 0)) {
    e.applicable = false;
    return e;
  }
  e.success = true;
  e.rule = "rot.limit";
  e.why = "rounds of NEW_KEY_MATERIAL import and RotateKeyOnDemand";
  return e;
}

std::vector<Command> Model::Round(const Command& c) const {
  std::vector<Command> out;
  const std::size_t key = KeyOf(c);
  const Key& k = keys_[key];
  if (k.origin == Origin::kExternal) {
    Command import;
    import.op = Op::kImport;
    import.key = static_cast<std::uint32_t>(key);
    import.token_of = static_cast<std::uint32_t>(std::max(LastParamsOf(key), 0));
    import.wrap_for = import.token_of;
    import.import_type = ImportTypeForm::kNew;
    out.push_back(import);
  }
  Command rotate;
  rotate.op = Op::kRotate;
  rotate.key = static_cast<std::uint32_t>(key);
  rotate.form = c.form;
  out.push_back(rotate);
  return out;
}

Expectation Model::PredictDeleteMaterial(const Command& c) const {
  Expectation e;
  e.success = true;
  if (c.form == KeyForm::kForeignArn || keys_[KeyOf(c)].other) {
    e.applicable = false;  // no rule of DeleteImportedKeyMaterial covers other accounts
    return e;
  }
  if (Lookup(c, "dikm.lifecycle", e)) return e;
  const Key& k = keys_[KeyOf(c)];
  if (k.origin != Origin::kExternal) {
    Refuse(e, "dikm.origin-external-only", {E::kUnsupportedOperationException},
           "a key whose Origin is not EXTERNAL");
    return e;
  }
  if (c.material_id != MaterialIdForm::kNone) {
    // "Identifies the imported key material you are deleting." (2026 model): an id the key
    // has no material of is refused (NotFoundException, type inferred).
    if (IdLabel(c) == -1) {
      Refuse(e, "dikm.key-material-id", {E::kNotFoundException, E::kValidationException},
             "a KeyMaterialId of no material of the key", Strictness::kTypeInferred);
      return e;
    }
    e.rule = "dikm.key-material-id";
    e.why = "DeleteImportedKeyMaterial of one material";
    Accept(e, {"dikm.origin-external-only", "dikm.key-material-id", "proto.key-id-forms"});
    return e;
  }
  e.rule = "dikm.lifecycle";
  e.why = "DeleteImportedKeyMaterial";
  Accept(e, {"dikm.origin-external-only", "dikm.lifecycle", "proto.key-id-forms"});
  if (profile_ == Profile::k2026) Accept(e, {"dikm.key-material-id"});
  return e;
}

Expectation Model::PredictState(const Command& c) const {
  Expectation e;
  e.success = true;
  if (c.form == KeyForm::kForeignArn || keys_[KeyOf(c)].other) {
    e.applicable = false;
    return e;
  }
  if (Lookup(c, "state.key-state-table", e)) return e;
  const Key& k = keys_[KeyOf(c)];
  const contract::StateRule rule = contract::LookupKeyState(OperationOf(c.op), k.state, profile_);
  if (!rule.allowed) {
    Refuse(e, "state.key-state-table", {rule.error},
           std::string(OpName(c.op)) + " in " + std::string(contract::ToWire(k.state)));
    return e;
  }
  e.rule = "state.key-state-table";
  e.why = std::string(OpName(c.op)) + " in " + std::string(contract::ToWire(k.state));
  Accept(e, {"state.key-state-table", "proto.key-id-forms"});
  return e;
}

Expectation Model::PredictCreateAlias(const Command& c) const {
  Expectation e;
  const Key& k = keys_[KeyOf(c)];
  // Keep to the premise of proto.key-id-forms: one alias per existing key of this account.
  if (k.alias || k.other || k.gone || c.form != KeyForm::kId) {
    e.applicable = false;
    return e;
  }
  if (k.state == KeyState::kPendingDeletion) {
    Refuse(e, "state.key-state-table", {E::kKMSInvalidStateException},
           "CreateAlias for a key pending deletion");
    return e;
  }
  e.success = true;
  e.rule = "proto.key-id-forms";
  e.why = "CreateAlias";
  return e;
}

Expectation Model::PredictEncrypt(const Command& c) const {
  Expectation e;
  e.success = true;
  const Key& k0 = keys_[KeyOf(c)];
  if (k0.spec != KeySpec::kSymmetricDefault || c.form == KeyForm::kForeignArn || k0.other) {
    e.applicable = false;  // Encrypt's other refusals are not this contract's
    return e;
  }
  if (Lookup(c, "state.key-state-table", e)) return e;
  const Key& k = keys_[KeyOf(c)];
  const contract::StateRule rule = contract::LookupKeyState(Operation::kEncrypt, k.state, profile_);
  if (!rule.allowed) {
    Refuse(e, k.expired ? "ikm.material-expiry" : "state.key-state-table", {rule.error},
           "Encrypt in " + std::string(contract::ToWire(k.state)));
    return e;
  }
  e.rule = "ikm.lifecycle";
  e.why = "Encrypt";
  Accept(e, {"state.key-state-table", "proto.key-id-forms"});
  return e;
}

Expectation Model::PredictDecrypt(const Command& c) const {
  Expectation e;
  e.success = true;
  const Ciphertext& ct = ciphertexts_[CiphertextOf(c)];
  const Key& k = keys_[ct.key];
  if (k.gone) {
    Refuse(e, "state.key-state-table",
           {E::kNotFoundException, E::kInvalidCiphertextException, E::kKMSInvalidStateException},
           "Decrypt under a deleted key", Strictness::kTypeInferred);
    return e;
  }
  const contract::StateRule rule = contract::LookupKeyState(Operation::kDecrypt, k.state, profile_);
  if (!rule.allowed) {
    Refuse(e, k.expired ? "ikm.material-expiry" : "state.key-state-table", {rule.error},
           "Decrypt in " + std::string(contract::ToWire(k.state)));
    return e;
  }
  bool associated = false;  // 2026: a NON_CURRENT material of the key made it
  for (const Key::Other& o : k.others) associated = associated || (!o.pending && o.label == ct.material);
  if (k.material != ct.material && !associated) {
    // The crypto oracle: only the material that made a ciphertext decrypts it.
    Refuse(e, "ikm.lifecycle", {E::kInvalidCiphertextException, E::kIncorrectKeyException},
           "Decrypt of a ciphertext of other material", Strictness::kTypeInferred);
    return e;
  }
  e.rule = associated ? "rot.on-demand" : "ikm.lifecycle";
  e.why = "Decrypt gives back the plaintext";
  if (associated) {
    // "ciphertexts made before decrypt" (rot.on-demand): any permanently associated material.
    Accept(e, {"rot.on-demand"});
  }
  Accept(e, {"ikm.lifecycle", "state.key-state-table"});
  return e;
}

void Model::Upkeep() {
  for (Key& k : keys_) {
    if (k.gone) continue;
    if (k.state == KeyState::kPendingDeletion && k.deletion_date && now_ >= *k.deletion_date) {
      k.gone = true;
      continue;
    }
    if (k.has_material && k.valid_to && now_ >= *k.valid_to) {
      // ikm.material-expiry: the material goes; the key is PendingImport unless pending
      // deletion, which it keeps.
      k.has_material = false;
      k.valid_to.reset();
      k.expired = true;
      if (k.state != KeyState::kPendingDeletion) k.state = KeyState::kPendingImport;
    }
    // 2026: expiry per material ("If you delete any of these key materials or allow them to
    // expire, the KMS key state changes to PendingImport", import guide), except material
    // PENDING_ROTATION, which leaves the key as its deletion would.
    bool permanent = false;
    for (auto it = k.others.begin(); it != k.others.end();) {
      if (!it->imported || !it->valid_to || now_ < *it->valid_to) {
        ++it;
        continue;
      }
      if (it->pending) {
        it = k.others.erase(it);
        continue;
      }
      it->imported = false;
      it->valid_to.reset();
      permanent = true;
      ++it;
    }
    if (permanent) {
      k.expired = true;
      if (k.state != KeyState::kPendingDeletion) k.state = KeyState::kPendingImport;
    }
  }
}

void Model::Apply(const Command& c, bool accepted, std::uint64_t pair) {
  if (profile_ != Profile::k2026 && Has2026Members(c)) {
    Apply(Without2026Members(c), accepted, pair);
    return;
  }
  const Expectation e = Predict(c);
  if (!e.applicable) return;
  // The model follows its own prediction, except where AWS's answer is either.
  const bool ok = e.either ? accepted : e.success;
  if (!ok) return;
  switch (c.op) {
    case Op::kCreateKey: {
      Key k;
      k.origin = c.origin;
      k.spec = c.spec;
      k.other = c.as_other;
      if (c.origin == Origin::kExternal) {
        k.state = KeyState::kPendingImport;
      } else {
        k.state = KeyState::kEnabled;
        k.has_material = true;
        k.material = -2;  // KMS's own
      }
      keys_.push_back(k);
      break;
    }
    case Op::kGetParameters:
      params_.push_back(Params{KeyOf(c), c.algorithm, now_ + contract::kImportParametersValiditySeconds,
                               pair});
      break;
    case Op::kImport: {
      Key& k = keys_[KeyOf(c)];
      const std::optional<double> valid_to =
          c.expiry == Expiry::kExpires ? std::optional<double>(now_ + c.valid_seconds)
                                       : std::nullopt;
      if (profile_ == Profile::k2026 && k.spec == KeySpec::kSymmetricDefault && k.material >= 0) {
        const int reused = SentMaterial(c);
        const std::vector<int> all = MaterialsOf(KeyOf(c));
        if (std::find(all.begin(), all.end(), reused) == all.end()) {
          if (reused == materials_) {
            ++materials_;
            if (c.tweak_last_byte) {
              const int base = ReusedMaterial(c);
              tweaks_[base] = reused;
              tweaks_[reused] = base;
            }
          }
          k.others.push_back(Key::Other{reused, true, true, valid_to});  // PENDING_ROTATION
        } else if (reused == k.material) {
          k.has_material = true;
          k.expired = false;
          k.valid_to = valid_to;
        } else {
          for (Key::Other& o : k.others) {
            if (o.label == reused) {
              o.imported = true;
              o.valid_to = valid_to;
            }
          }
        }
        // "For symmetric encryption keys, you will need to import all of the key materials
        // associated with the KMS key to change its state to Enabled." (2026 model)
        if (k.state == KeyState::kPendingImport && k.AllPermanentImported()) {
          k.state = KeyState::kEnabled;
        }
        break;
      }
      if (k.state == KeyState::kPendingImport) k.state = KeyState::kEnabled;
      k.has_material = true;
      k.expired = false;
      if (k.material < 0) k.material = materials_++;
      k.valid_to = c.expiry == Expiry::kExpires ? std::optional<double>(now_ + c.valid_seconds)
                                                : std::nullopt;
      break;
    }
    case Op::kDeleteMaterial: {
      Key& k = keys_[KeyOf(c)];
      if (c.material_id != MaterialIdForm::kNone && IdLabel(c) != k.material) {
        const int id = IdLabel(c);
        for (auto it = k.others.begin(); it != k.others.end(); ++it) {
          if (it->label != id) continue;
          if (it->pending) {
            // "Key material in ... PENDING_ROTATION state is not permanently associated with
            // the KMS key. You can delete this key material" (2026 model): it leaves, the
            // key state stays.
            k.others.erase(it);
          } else if (it->imported) {
            it->imported = false;
            it->valid_to.reset();
            if (k.state != KeyState::kPendingDeletion) k.state = KeyState::kPendingImport;
          }
          break;
        }
        break;
      }
      if (k.state == KeyState::kEnabled || k.state == KeyState::kDisabled) {
        k.state = KeyState::kPendingImport;
      }
      k.has_material = false;
      k.valid_to.reset();
      break;
    }
    case Op::kEnable:
      keys_[KeyOf(c)].state = KeyState::kEnabled;
      break;
    case Op::kDisable:
      keys_[KeyOf(c)].state = KeyState::kDisabled;
      break;
    case Op::kScheduleDeletion: {
      Key& k = keys_[KeyOf(c)];
      k.state = KeyState::kPendingDeletion;
      k.deletion_date = now_ + 7 * kDay;
      break;
    }
    case Op::kCancelDeletion: {
      Key& k = keys_[KeyOf(c)];
      k.state = k.AllPermanentImported() ? KeyState::kDisabled : KeyState::kPendingImport;
      k.deletion_date.reset();
      break;
    }
    case Op::kCreateAlias:
      keys_[KeyOf(c)].alias = true;
      break;
    case Op::kEncrypt:
      ciphertexts_.push_back(Ciphertext{KeyOf(c), keys_[KeyOf(c)].material});
      break;
    case Op::kDecrypt:
      break;
    case Op::kAdvanceClock:
      now_ += c.seconds;
      Upkeep();
      break;
    case Op::kListRotations:
      break;
    case Op::kRotateTimes:
      // The rounds, call by call, as the executor makes them: up to the first refusal.
      for (std::uint32_t i = 0; i < c.times; ++i) {
        bool refused = false;
        for (const Command& call : Round(c)) {
          const Expectation ce = Predict(call);
          if (!ce.applicable) continue;
          const bool call_ok = ce.either ? accepted : ce.success;
          Apply(call, call_ok);
          if (!call_ok) {
            refused = true;
            break;
          }
        }
        if (refused) break;
      }
      break;
    case Op::kRotate: {
      Key& k = keys_[KeyOf(c)];
      ++k.rotations;
      if (k.origin != Origin::kExternal) break;  // KMS makes the new material (label kept)
      for (auto it = k.others.begin(); it != k.others.end(); ++it) {
        if (!it->pending) continue;
        const Key::Other old{k.material, false, k.has_material, k.valid_to, k.rotated};
        k.rotated = true;
        k.material = it->label;
        k.has_material = it->imported;
        k.valid_to = it->valid_to;
        k.others.erase(it);
        k.others.push_back(old);  // NON_CURRENT
        break;
      }
      break;
    }
  }
}

}  // namespace kc::model
