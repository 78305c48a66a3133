#include "harness/runner/explore_exec.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <set>

#include "harness/contract/profile.h"
#include "harness/contract/rules.h"
#include "harness/crypto/keys.h"
#include "harness/gen/gen.h"
#include "harness/scenarios/session.h"
#include "harness/scenarios/util.h"

namespace kc::runner {

constexpr ExploredRule kExplored[] = {
    {"gpfi.origin-external-only", Sides::kBoth, false, false},
    {"gpfi.no-asymmetric", Sides::kBoth, false, false},
    {"gpfi.no-hmac", Sides::kBoth, false, false},
    {"gpfi.no-cross-account", Sides::kRefused, false, false},
    {"gpfi.wrapping-key-spec", Sides::kBoth, false, false},
    {"gpfi.wrapping-algorithm", Sides::kBoth, false, false},
    {"gpfi.key-not-found", Sides::kBoth, false, false},
    {"gpfi.key-state", Sides::kBoth, false, false},
    {"gpfi.response-shape", Sides::kAccepted, false, false},
    {"gpfi.validity-24h", Sides::kAccepted, false, false},
    {"ikm.token-same-response", Sides::kBoth, false, false},
    {"ikm.token-bound-to-key", Sides::kBoth, false, false},
    {"ikm.token-tampered", Sides::kBoth, false, false},
    {"ikm.token-expired", Sides::kBoth, true, false},
    {"ikm.algorithm-bound", Sides::kBoth, false, false},
    {"ikm.origin-external-only", Sides::kBoth, false, false},
    {"ikm.no-asymmetric", Sides::kBoth, false, false},
    {"ikm.no-hmac", Sides::kBoth, false, false},
    {"ikm.no-cross-account", Sides::kRefused, false, false},
    {"ikm.key-state", Sides::kBoth, false, false},
    {"ikm.material-length", Sides::kBoth, false, false},
    {"ikm.reimport-same-material", Sides::kBoth, false, false},
    {"ikm.valid-to", Sides::kBoth, false, false},
    {"ikm.lifecycle", Sides::kAccepted, false, false},
    {"ikm.material-expiry", Sides::kRefused, true, false},
    {"ikm.import-type", Sides::kBoth, false, false},
    {"ikm.reimport-existing", Sides::kBoth, false, false},
    {"dikm.origin-external-only", Sides::kBoth, false, false},
    {"dikm.lifecycle", Sides::kAccepted, false, false},
    {"dikm.key-material-id", Sides::kBoth, false, false},
    {"rot.on-demand", Sides::kBoth, false, false},
    {"rot.list-rotations", Sides::kBoth, false, false},
    {"rot.limit", Sides::kBoth, false, false},
    {"proto.error-shape", Sides::kRefused, false, false},
    {"proto.key-id-forms", Sides::kBoth, false, false},
    {"state.key-state-table", Sides::kBoth, false, false},
};

const ExploredRule* FindExplored(std::string_view id) {
  for (const ExploredRule& r : kExplored) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

namespace {

using model::Command;
using model::Expectation;
using model::KeyForm;
using model::Op;
using report::Verdict;
using scenarios::ReplySummary;
using scenarios::Summarize;
using scenarios::Session;
using contract::ErrorType;


std::string Join(const std::vector<ErrorType>& types, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += sep;
    out += contract::ToWire(types[i]);
  }
  return out;
}

// ScriptExpect: the model's expectation as the reproducer checks it.
std::string ScriptExpect(const Expectation& e) {
  if (e.either) return "any";
  if (e.success) return "ok";
  return "error:" + Join(e.errors, "|") +
         (e.strictness == contract::Strictness::kStrict ? "" : ";inferred");
}

std::string ExpectedText(const Expectation& e) {
  if (e.success) return "success";
  std::string out = "refused with " + Join(e.errors, " or ");
  if (e.either) out = "success, or " + out;
  return out;
}

// ChargeRule: the rule an unexpected refusal of a call the model accepts departs from.
std::string ChargeRule(const Command& c, const Expectation& e, const ReplySummary& r) {
  if (!r.error) return e.rule;
  const auto type = r.error->type();
  if (!type) return e.rule;
  switch (*type) {
    case ErrorType::kKMSInvalidStateException:
      if ((c.op == Op::kImport && e.rule == "ikm.import-type") || c.op == Op::kRotate) {
        return e.rule;  // a second material pending rotation; a rotation's own refusal
      }
      return c.op == Op::kGetParameters ? "gpfi.key-state"
             : c.op == Op::kImport      ? "ikm.key-state"
                                        : "state.key-state-table";
    case ErrorType::kExpiredImportTokenException:
      return "gpfi.validity-24h";  // the token expired before the ParametersValidTo it came with
    case ErrorType::kInvalidCiphertextException:
      // The target could not unwrap material wrapped for the token's own key pair.
      return c.op == Op::kImport ? "ikm.token-same-response" : e.rule;
    case ErrorType::kLimitExceededException:
      return c.op == Op::kRotate ? "rot.limit" : e.rule;
    case ErrorType::kIncorrectKeyMaterialException:
      // 2026: the ImportType's and KeyMaterialId's rules (the success the model predicts).
      if (e.rule == "ikm.import-type" || e.rule == "ikm.reimport-existing") return e.rule;
      return c.new_material ? "ikm.material-length" : "ikm.reimport-same-material";
    case ErrorType::kSerializationException:
      return c.op == Op::kImport && c.expiry == model::Expiry::kExpires ? "proto.timestamp-forms"
                                                                         : e.rule;
    case ErrorType::kValidationException:
      if (c.op == Op::kGetParameters) return "gpfi.wrapping-algorithm";
      if (c.op == Op::kImport && (e.rule == "ikm.import-type" || e.rule == "ikm.reimport-existing" ||
                                  c.import_type != model::ImportTypeForm::kOmitted ||
                                  c.material_id != model::MaterialIdForm::kNone)) {
        return e.rule == "ikm.reimport-existing" ? e.rule : std::string("ikm.import-type");
      }
      if (c.op == Op::kImport) return "ikm.valid-to";
      return e.rule;
    case ErrorType::kNotFoundException:
      if (c.op == Op::kDeleteMaterial && c.material_id != model::MaterialIdForm::kNone) {
        return "dikm.key-material-id";
      }
      return c.op == Op::kGetParameters ? "gpfi.key-not-found" : "proto.key-id-forms";
    default:
      return e.rule;
  }
}

// ErrorShapeProblems: proto.error-shape's departures of an error reply ("" when none).
std::string ErrorShapeProblems(const ReplySummary& r) {
  std::string out;
  for (const codec::Finding& f : r.findings) {
    if (!out.empty()) out += "; ";
    out += f.where + ": " + f.what;
  }
  return out;
}

class Execution {
 public:
  Execution(Session& s, contract::Profile profile, bool clock, bool other, bool record,
            bool trace = false)
      : s_(s), m_(profile, clock), other_(other), record_(record), trace_(trace) {}

  SequenceResult Run(const std::vector<Command>& sequence);

 private:
  struct Key {
    scenarios::KeyRef ref;
    std::string alias;
  };

  std::string KeyText(const Command& c) const;
  // The KeyMaterialId c sends (profile 2026), or nullopt.
  std::optional<std::string> MaterialIdText(const Command& c) const;
  ReplySummary Execute(const Command& c, const Expectation& e);
  // Call: one call of a step (a step of kRotateTimes makes several): executes it, judges
  // the answer, lets the model follow.
  enum class CallEnd { kNext, kSkip, kDeparted, kMisaligned };
  CallEnd Call(const Command& c, const Expectation& e);
  // Finish: after a step's last call: the trace line, or the DescribeKey states.
  bool Finish(const Command& c, const Expectation& e);
  std::string ListedText(const std::vector<model::RotationEntry>& want,
                         const std::vector<codec::RotationsListEntry>& got, bool blank_ids,
                         bool expected) const;
  std::optional<Departure> Judge(const Command& c, const Expectation& e, const ReplySummary& r);
  std::optional<Departure> CheckStates(const Command& c, const Expectation& e, bool accepted);
  void Count(const Command& c, const Expectation& e, const ReplySummary& r);
  std::string Label(const Command& c) const;
  std::string StateTrace(const Command& c);
  std::optional<Departure> Depart(std::string rule, Verdict v, std::string what,
                                  std::string expected, std::string actual);

  Session& s_;
  model::Model m_;
  bool other_;
  bool record_;
  bool trace_;  // differential: record what happened, judge nothing, never stop early
  std::vector<Key> keys_;
  std::vector<scenarios::ImportParams> params_;
  std::map<int, scenarios::Material> materials_;
  std::vector<Session::Ciphertext> ciphertexts_;
  std::map<Bytes, std::uint64_t> pairs_;  // public key -> key pair id
  SequenceResult result_;
  std::size_t step_ = 0;
  int counter_ = 0;
  // Data of the step being judged.
  std::optional<scenarios::ImportParams> new_params_;
  std::optional<scenarios::KeyRef> new_key_;
  std::optional<Session::Ciphertext> new_ciphertext_;
  std::optional<Bytes> decrypted_;
  // Profile 2026: the KeyMaterialId the target answered for each material label.
  std::map<int, std::string> material_ids_;
  std::optional<std::string> new_material_id_;
  // ListKeyRotations: the entries of every page.
  std::optional<std::vector<codec::RotationsListEntry>> listed_;
  // The call being judged, when a step makes several ("" : the step's label).
  std::string what_;
  ReplySummary last_reply_;
};

std::optional<std::string> Execution::MaterialIdText(const Command& c) const {
  if (m_.profile() != contract::Profile::k2026) return std::nullopt;
  const int label = m_.IdLabel(c);
  if (label == -2) return std::nullopt;
  if (label >= 0) {
    if (auto it = material_ids_.find(label); it != material_ids_.end()) return it->second;
  }
  // An id of no material: well formed (64 hex digits).
  return std::string(64, label == -1 ? '0' : 'f');
}

std::optional<Departure> Execution::Depart(std::string rule, Verdict v, std::string what,
                                           std::string expected, std::string actual) {
  Departure d{std::move(rule), v, step_, std::move(what), std::move(expected), std::move(actual)};
  return d;
}

std::string Execution::KeyText(const Command& c) const {
  const Key& k = keys_[m_.KeyOf(c)];
  switch (c.form) {
    case KeyForm::kId: return k.ref.other_account ? k.ref.arn : k.ref.key_id;
    case KeyForm::kArn: return k.ref.arn;
    case KeyForm::kAliasName: return k.alias;
    case KeyForm::kAliasArn:
      return scenarios::AliasArn(k.ref.arn, std::string_view(k.alias).substr(6));
    case KeyForm::kForeignArn:
      return scenarios::ArnWithAccount(
          k.ref.arn, scenarios::OtherAccountThan(scenarios::ArnAccount(k.ref.arn)));
    case KeyForm::kUnknownId: return "00000000-1111-4222-8333-444444444444";
    case KeyForm::kOtherRegionArn: {
      const std::string region = scenarios::ArnRegion(k.ref.arn);
      return scenarios::ArnWithRegion(k.ref.arn, region == "us-west-2" ? "eu-west-1" : "us-west-2");
    }
  }
  return k.ref.key_id;
}

std::string Execution::Label(const Command& c) const {
  auto key_name = [&] {
    const Key& k = keys_[m_.KeyOf(c)];
    return k.ref.var + (c.form == KeyForm::kId ? std::string()
                                               : " by " + std::string(model::KeyFormName(c.form)));
  };
  std::string out = std::to_string(step_ + 1) + ". " + std::string(model::OpName(c.op));
  switch (c.op) {
    case Op::kCreateKey:
      out += " " + std::string(contract::ToWire(c.origin)) + " " +
             std::string(contract::ToWire(c.spec)) + (c.as_other ? " as the second identity" : "");
      break;
    case Op::kGetParameters:
      out += " for " + key_name() + " (" + std::string(contract::ToWire(c.algorithm)) + ", " +
             std::string(contract::ToWire(c.wrapping_spec)) + ")";
      break;
    case Op::kImport: {
      const auto& p = params_[m_.ParamsOf(c.token_of)];
      const auto& w = params_[m_.ParamsOf(c.wrap_for)];
      // The material as Execute sends it: the key's earlier material (its own size, maybe
      // with the last byte changed) when it had one and the command reuses it, else new.
      const int earlier = m_.ReusedMaterial(c);
      const auto before = earlier >= 0 ? materials_.find(earlier) : materials_.end();
      const std::string material =
          before != materials_.end()
              ? std::string(c.tweak_last_byte ? "the key's earlier material with its last byte "
                                                "changed"
                                              : "the key's earlier material") +
                    " (" + before->second.var + ", " +
                    std::to_string(before->second.bytes.size()) + " bytes)"
              : std::to_string(c.material_size) + "-byte new material";
      out += " into " + key_name() + " with " + p.var + "'s token" +
             (c.token_change == model::TokenChange::kFlipByte   ? " (a byte flipped)"
              : c.token_change == model::TokenChange::kTruncate ? " (cut in half)"
                                                                : "") +
             ", " + material + " wrapped for " + w.var +
             (c.wrap_with_token_algorithm
                  ? ""
                  : " with " + std::string(contract::ToWire(c.wrap_algorithm)));
      if (m_.profile() == contract::Profile::k2026) {
        if (c.import_type == model::ImportTypeForm::kNew) out += ", ImportType NEW_KEY_MATERIAL";
        if (c.import_type == model::ImportTypeForm::kExisting) {
          out += ", ImportType EXISTING_KEY_MATERIAL";
        }
        const int id = m_.IdLabel(c);
        if (id == -1) out += ", KeyMaterialId of no material";
        if (id >= 0) {
          const auto it = materials_.find(id);
          out += ", KeyMaterialId of " + (it != materials_.end() ? it->second.var : std::string("a material"));
        }
      }
      break;
    }
    case Op::kDeleteMaterial: {
      out += " " + key_name();
      const int id = m_.IdLabel(c);
      if (id == -1) out += ", KeyMaterialId of no material";
      if (id >= 0) {
        const auto it = materials_.find(id);
        out += ", KeyMaterialId of " + (it != materials_.end() ? it->second.var : std::string("a material"));
      }
      break;
    }
    case Op::kDecrypt:
      out += " " + ciphertexts_[m_.CiphertextOf(c)].var;
      break;
    case Op::kAdvanceClock:
      out += " by " + std::to_string(static_cast<long long>(c.seconds)) + " s";
      break;
    case Op::kListRotations:
      out += " " + key_name() + (c.all_material ? " IncludeKeyMaterial=ALL_KEY_MATERIAL" : "") +
             (c.page_by_one ? " (Limit=1, following NextMarker)" : "");
      break;
    case Op::kRotateTimes: {
      const int p = m_.LastParamsOf(m_.KeyOf(c));
      out += " " + key_name() + " " + std::to_string(c.times) + " times (" +
             (p >= 0 && static_cast<std::size_t>(p) < params_.size()
                  ? "ImportKeyMaterial NEW_KEY_MATERIAL with " + params_[static_cast<std::size_t>(p)].var +
                        "'s token, then RotateKeyOnDemand"
                  : std::string("RotateKeyOnDemand")) +
             ", each time)";
      break;
    }
    default:
      out += " " + key_name();
      break;
  }
  return out;
}

ReplySummary Execution::Execute(const Command& c, const Expectation& e) {
  new_params_.reset();
  new_key_.reset();
  new_ciphertext_.reset();
  decrypted_.reset();
  new_material_id_.reset();
  listed_.reset();
  const std::string n = std::to_string(++counter_);
  switch (c.op) {
    case Op::kCreateKey: {
      codec::CreateKeyRequest req;
      if (c.origin == contract::Origin::kExternal) {
        req = Session::ExternalKeyRequest(c.spec, "kmsconform explore");
      } else {
        req.description = "kmsconform explore";
      }
      ReplySummary r;
      auto key = s_.TryCreateKey("K" + n, req, r, c.as_other);
      if (key) {
        key->spec = c.spec;
        key->origin = c.origin;
        new_key_ = *key;
      }
      return r;
    }
    case Op::kGetParameters: {
      const Key& k = keys_[m_.KeyOf(c)];
      const std::string text = KeyText(c);
      ReplySummary r;
      if (c.bogus != 0) {
        // A value in no enum: the typed encoder cannot send it.
        client::RawRequest raw;
        raw.target = std::string(contract::TargetOf(contract::Operation::kGetParametersForImport));
        raw.body = "{\"KeyId\":" + scenarios::JsonString(text) + ",\"WrappingAlgorithm\":\"" +
                   (c.bogus == 2 ? std::string("RSAES_OAEP_SHA_512")
                                 : std::string(contract::ToWire(c.algorithm))) +
                   "\",\"WrappingKeySpec\":\"" +
                   (c.bogus == 1 ? std::string("RSA_1024")
                                 : std::string(contract::ToWire(c.wrapping_spec))) +
                   "\"}";
        return Summarize(s_.Raw(raw));
      }
      new_params_ = s_.TryGetParameters("P" + n, k.ref, "\"" + s_.repro().Substitute(text) + "\"",
                                        text, c.algorithm, c.wrapping_spec, r);
      return r;
    }
    case Op::kImport: {
      const Key& k = keys_[m_.KeyOf(c)];
      const scenarios::ImportParams& p = params_[m_.ParamsOf(c.token_of)];
      const scenarios::ImportParams& w = params_[m_.ParamsOf(c.wrap_for)];
      // The material: the key's earlier one (a reimport), or new bytes of the size.
      const int reused = m_.ReusedMaterial(c);
      const int label = reused >= 0 ? reused : m_.next_material();
      // The key's earlier material keeps its bytes (and size); new material is of the size.
      const bool earlier = reused >= 0 && materials_.count(label) != 0;
      scenarios::Material material;
      if (earlier && c.tweak_last_byte) {
        // The earlier material with its last byte changed: other material all the same.
        const scenarios::Material& before = materials_[label];
        material = before;
        material.var = "M" + n;
        material.bytes.back() ^= 0x01;
        const std::string last = std::to_string(before.bytes.size() - 1);
        s_.repro().Line("{ head -c " + last + " \"$W/" + before.var +
                        ".bin\"; printf \"\\$(printf '%03o' $(( $(od -An -tu1 -j" + last +
                        " -N1 \"$W/" + before.var + ".bin\" | tr -d ' ') ^ 1 )))\"; } > \"$W/" +
                        material.var + ".bin\"");
        // Other material all the same: in 2026 a key may take it (NEW_KEY_MATERIAL).
        materials_[m_.SentMaterial(c)] = material;
      } else if (earlier) {
        material = materials_[label];
      } else {
        material = s_.NewMaterial("M" + n, c.material_size);
        materials_[label] = material;
      }
      const auto alg = c.wrap_with_token_algorithm ? p.algorithm : c.wrap_algorithm;
      auto wrapped = s_.Wrap("W" + n, w, material, alg);
      if (!wrapped) {
        ReplySummary r;
        r.transport = InternalError("cannot wrap the material locally");
        return r;
      }
      scenarios::ImportOptions o;
      o.key_id = KeyText(c);
      if (c.token_change != model::TokenChange::kNone && !p.token.empty()) {
        Bytes token = p.token;
        const std::string file = "$W/T" + n + ".token";
        if (c.token_change == model::TokenChange::kFlipByte) {
          token[token.size() / 2] ^= 0x01;
          s_.repro().Line("N=$(( $(wc -c < \"$W/" + p.var + ".token\") / 2 )); b=$(od -An -tu1 -j\"$N\" -N1 \"$W/" +
                          p.var + ".token\" | tr -d ' '); { head -c \"$N\" \"$W/" + p.var +
                          ".token\"; printf \"\\\\$(printf '%03o' $((b ^ 1)))\"; tail -c +$((N + 2)) \"$W/" +
                          p.var + ".token\"; } > \"" + file + "\"");
        } else {
          token.resize(token.size() / 2);
          s_.repro().Line("head -c $(( $(wc -c < \"$W/" + p.var + ".token\") / 2 )) \"$W/" + p.var +
                          ".token\" > \"" + file + "\"");
        }
        o.token = token;
        o.token_file = file;
      }
      const double now = std::floor(s_.TargetNow());
      switch (c.expiry) {
        case model::Expiry::kDoesNotExpire:
          o.expiration_model = contract::ExpirationModel::kKeyMaterialDoesNotExpire;
          break;
        case model::Expiry::kExpires:
          o.expiration_model = contract::ExpirationModel::kKeyMaterialExpires;
          o.valid_to = now + c.valid_seconds;
          break;
        case model::Expiry::kOmitted:
          o.expiration_model.reset();
          break;
        case model::Expiry::kExpiresWithoutValidTo:
          o.expiration_model = contract::ExpirationModel::kKeyMaterialExpires;
          break;
        case model::Expiry::kPast:
          o.expiration_model = contract::ExpirationModel::kKeyMaterialExpires;
          o.valid_to = now - 3600;
          break;
        case model::Expiry::kTooFar:
          o.expiration_model = contract::ExpirationModel::kKeyMaterialExpires;
          o.valid_to = now + 366 * 86400.0;
          break;
        case model::Expiry::kDoesNotExpireWithValidTo:
          o.expiration_model = contract::ExpirationModel::kKeyMaterialDoesNotExpire;
          o.valid_to = now + 86400;
          break;
      }
      if (m_.profile() == contract::Profile::k2026) {
        if (c.import_type == model::ImportTypeForm::kNew) {
          o.import_type = contract::ImportType::kNewKeyMaterial;
        } else if (c.import_type == model::ImportTypeForm::kExisting) {
          o.import_type = contract::ImportType::kExistingKeyMaterial;
        }
        o.key_material_id = MaterialIdText(c);
      }
      auto reply = s_.Import(k.ref, p, *wrapped, o, s_.primary());
      if (reply.ok() && reply.value().key_material_id) {
        new_material_id_ = *reply.value().key_material_id;
      }
      return Summarize(reply);
    }
    case Op::kDeleteMaterial:
      if (auto id = MaterialIdText(c)) return Summarize(s_.DeleteMaterialId(KeyText(c), *id));
      return Summarize(s_.DeleteMaterial(KeyText(c)));
    case Op::kRotate: return Summarize(s_.RotateOnDemand(KeyText(c)));
    case Op::kListRotations: {
      const auto include = c.all_material
                               ? std::optional(contract::IncludeKeyMaterial::kAllKeyMaterial)
                               : std::nullopt;
      std::vector<codec::RotationsListEntry> all;
      std::optional<std::string> marker;
      for (int page = 0;; ++page) {
        auto reply = s_.ListRotations(KeyText(c), include,
                                      c.page_by_one ? std::optional<int>(1) : std::nullopt, marker);
        if (!reply.ok()) return Summarize(reply);
        if (reply.value().rotations) {
          all.insert(all.end(), reply.value().rotations->begin(), reply.value().rotations->end());
        }
        // Pages of Limit=1 to the end (bounded: a target's marker may never end).
        if (!c.page_by_one || !reply.value().next_marker || page >= 64) {
          listed_ = std::move(all);
          return Summarize(reply);
        }
        marker = reply.value().next_marker;
      }
    }
    case Op::kRotateTimes: return {};  // Run makes its calls
    case Op::kEnable: return Summarize(s_.Enable(KeyText(c)));
    case Op::kDisable: return Summarize(s_.Disable(KeyText(c)));
    case Op::kScheduleDeletion: return Summarize(s_.ScheduleDeletion(KeyText(c), 7));
    case Op::kCancelDeletion: return Summarize(s_.CancelDeletion(KeyText(c)));
    case Op::kCreateAlias: {
      Key& k = keys_[m_.KeyOf(c)];
      // Unique on the target (the key id is): sequences never collide on a name.
      const std::string alias = "alias/kc-" + k.ref.key_id;
      const std::string var = k.ref.var + "_ALIAS";
      s_.repro().Line(var + "=" + scenarios::ShellQuote(alias));
      ReplySummary r = s_.CreateAlias(alias, k.ref);
      if (r.transport.ok() && r.success) {
        k.alias = alias;
        s_.repro().Bind(scenarios::AliasArn(k.ref.arn, alias.substr(6)), var + "_ARN");
        s_.repro().Bind(alias, var);
        s_.repro().Line(var + "_ARN=\"${" + k.ref.var + "_ARN%%:key/*}:" + alias + "\"");
      }
      return r;
    }
    case Op::kEncrypt: {
      Session::Ciphertext ct{"C" + n, s_.RandomBytes(32), {}};
      auto reply = s_.Encrypt(KeyText(c), ct.plaintext, ct.var);
      if (reply.ok() && reply.value().ciphertext_blob) {
        ct.blob = *reply.value().ciphertext_blob;
        new_ciphertext_ = ct;
      }
      return Summarize(reply);
    }
    case Op::kDecrypt: {
      auto reply = s_.Decrypt(ciphertexts_[m_.CiphertextOf(c)]);
      if (reply.ok() && reply.value().plaintext) decrypted_ = *reply.value().plaintext;
      if (!e.success) s_.ExpectInScript(ScriptExpect(e));
      return Summarize(reply);
    }
    case Op::kAdvanceClock: {
      ReplySummary r;
      r.status = 200;
      r.success = true;
      if (Status moved = s_.AdvanceClock(c.seconds); !moved.ok()) r.transport = moved;
      return r;
    }
  }
  return {};
}

std::optional<Departure> Execution::Judge(const Command& c, const Expectation& e,
                                          const ReplySummary& r) {
  // Run labelled this step last; the texts of a departure are made only for one.
  const std::string what = what_.empty() ? result_.labels.back() : what_;
  auto expected = [&] { return ExpectedText(e); };
  auto actual = [&] { return r.Describe(); };
  scenarios::Judge& j = s_.judge();
  auto premise = [&] {
    const scenarios::ControlRef p = j.NewControl(
        "the sequence's earlier steps went as the model of AWS predicts");
    j.ControlCheck(p, true, std::to_string(step_) + " steps as predicted");
    return p;
  };
  const scenarios::ExpectedError want{e.errors, std::nullopt, {}, e.strictness};
  if (c.op == Op::kAdvanceClock) {
    if (!r.transport.ok()) {
      // Not the target's departure: the clock could not be moved.
      return Depart("", Verdict::kSkip, what, "the clock moves", r.transport.message());
    }
    return std::nullopt;
  }
  if (!r.transport.ok() || (r.success && !r.disguised_error.empty())) {
    const std::string rule = r.transport.ok() ? "proto.error-shape" : e.rule;
    if (record_) {
      if (e.success) {
        j.ExpectSuccess(r, what);
      } else {
        j.ExpectError(r, want, what, {premise()});
      }
    }
    return Depart(rule, Verdict::kFail, what, expected(), actual());
  }
  const bool refused = !r.success;
  if (refused && (!r.error || r.status >= 500 || r.error->type_name.empty())) {
    const bool fault = r.error && r.error->type() && contract::IsFaultError(*r.error->type());
    if (!fault || r.status < 500) {
      if (record_) j.ExpectError(r, want, what, {premise()});
      return Depart(e.success ? ChargeRule(c, e, r) : e.rule, Verdict::kFail, what, expected(),
                    actual());
    }
  }
  if (e.either) {
    if (refused && !std::any_of(e.errors.begin(), e.errors.end(),
                                [&](ErrorType t) { return r.error->Is(t); })) {
      if (record_) j.Warn(what, expected(), actual());
      return Depart(e.rule, Verdict::kWarn, what, expected(), actual());
    }
  } else if (e.success && refused) {
    if (record_) j.ExpectSuccess(r, what);
    return Depart(ChargeRule(c, e, r), Verdict::kFail, what, expected(), actual());
  } else if (!e.success && !refused) {
    if (record_) j.ExpectError(r, want, what, {premise()});
    return Depart(e.rule, Verdict::kFail, what, expected(), actual());
  } else if (!e.success && refused &&
             !std::any_of(e.errors.begin(), e.errors.end(),
                          [&](ErrorType t) { return r.error->Is(t); })) {
    const Verdict v =
        e.strictness == contract::Strictness::kStrict ? Verdict::kFail : Verdict::kWarn;
    if (record_) j.ExpectError(r, want, what, {premise()});
    // An import refused at the unwrap although the checks after it were what AWS refuses
    // for: the unwrap is the departure.
    const bool unwrap = c.op == Op::kImport && r.error->Is(ErrorType::kInvalidCiphertextException) &&
                        (e.rule == "ikm.material-length" || e.rule == "ikm.reimport-same-material");
    return Depart(unwrap ? "ikm.token-same-response" : e.rule, v, what, expected(), actual());
  }
  // proto.error-shape: every error reply.
  if (refused) {
    if (const std::string problems = ErrorShapeProblems(r); !problems.empty()) {
      if (record_) {
        j.Fail(what + ": the error's shape",
               "HTTP 400, {\"__type\", \"message\"}, x-amz-json-1.1, x-amzn-RequestId", problems);
      }
      return Depart("proto.error-shape", Verdict::kFail, what + ": the error's shape",
                    "HTTP 400 with an AWS error body", problems);
    }
  }
  // What a success carries.
  if (!refused && c.op == Op::kGetParameters && new_params_) {
    const scenarios::ImportParams& p = *new_params_;
    const scenarios::KeyRef& k = keys_[m_.KeyOf(c)].ref;
    auto pub = scenarios::ParsePublicKey(p.public_key);
    const int bits = contract::WrappingKeyBits(c.wrapping_spec);
    std::string shape;
    if (!p.key_id || *p.key_id != k.arn) shape = "KeyId is " + p.key_id.value_or("(absent)");
    if (!pub.ok() || pub->bits() != bits) {
      shape += (shape.empty() ? "" : "; ") + std::string("PublicKey is not a ") +
               std::to_string(bits) + "-bit RSA SubjectPublicKeyInfo";
    }
    for (const codec::Finding& f : r.findings) {
      if (f.where == "ParametersValidTo" || f.where == "PublicKey" || f.where == "KeyId") {
        shape += (shape.empty() ? "" : "; ") + f.where + ": " + f.what;
      }
    }
    if (p.token.empty() || p.token.size() > 6144) shape += (shape.empty() ? "" : "; ") + std::string("ImportToken of ") + std::to_string(p.token.size()) + " bytes";
    if (!shape.empty()) {
      if (record_) j.Check(false, what + ": the response", "KeyId = the key ARN, an RSA SPKI, a token", shape);
      return Depart("gpfi.response-shape", Verdict::kFail, what + ": the response",
                    "KeyId = " + k.arn + ", a " + std::to_string(bits) + "-bit RSA public key",
                    shape);
    }
    const double delta = p.valid_to ? *p.valid_to - p.requested_at : 0;
    if (!p.valid_to || std::fabs(delta - contract::kImportParametersValiditySeconds) > 10) {
      const std::string seen = p.valid_to ? "request time + " +
                                                std::to_string(static_cast<long long>(delta)) + " s"
                                          : "(absent)";
      if (record_) j.Check(false, what + ": ParametersValidTo", "request time + 86400 s", seen);
      return Depart("gpfi.validity-24h", Verdict::kFail, what + ": ParametersValidTo",
                    "request time + 86400 s", seen);
    }
  }
  if (!refused && c.op == Op::kListRotations && listed_) {
    const std::vector<model::RotationEntry> entries = m_.Rotations(c);
    // Materials whose id the executor never learned: compare without ids.
    bool blank = false;
    for (const model::RotationEntry& w : entries) blank = blank || material_ids_.count(w.label) == 0;
    const std::string exp = ListedText(entries, {}, blank, true);
    const std::string got = ListedText({}, *listed_, blank, false);
    if (exp != got) {
      if (record_) j.Check(false, what + ": the entries", exp, got);
      return Depart("rot.list-rotations", Verdict::kFail, what + ": the entries",
                    exp.empty() ? "no entries" : exp, got.empty() ? "no entries" : got);
    }
  }
  if (!refused && c.op == Op::kDecrypt) {
    const Session::Ciphertext& ct = ciphertexts_[m_.CiphertextOf(c)];
    if (!decrypted_ || *decrypted_ != ct.plaintext) {
      if (record_) j.Check(false, what, "the plaintext " + ct.var + " was made of", "other bytes");
      return Depart("ikm.lifecycle", Verdict::kFail, what,
                    "the plaintext " + ct.var + " was made of", "other bytes");
    }
  }
  return std::nullopt;
}

std::string Execution::ListedText(const std::vector<model::RotationEntry>& want,
                                  const std::vector<codec::RotationsListEntry>& got, bool blank_ids,
                                  bool expected) const {
  std::vector<std::string> entries;
  auto name_of_id = [&](const std::string& id) -> std::string {
    for (const auto& [label, known] : material_ids_) {
      if (known != id) continue;
      const auto it = materials_.find(label);
      return it != materials_.end() ? it->second.var : id;
    }
    return "an unknown KeyMaterialId " + id;
  };
  if (expected) {
    for (const model::RotationEntry& w : want) {
      const auto it = materials_.find(w.label);
      entries.push_back(std::string(blank_ids ? "?" : it != materials_.end() ? it->second.var : "?") +
                        " " + std::string(contract::ToWire(w.state)) + " " +
                        (w.imported ? "IMPORTED" : "PENDING_IMPORT") +
                        (w.rotated ? " ON_DEMAND" : ""));
    }
  } else {
    for (const codec::RotationsListEntry& g : got) {
      const bool rotated = g.rotation_date.has_value() &&
                           g.rotation_type == contract::RotationType::kOnDemand;
      entries.push_back(
          (blank_ids ? std::string("?") : name_of_id(g.key_material_id.value_or("(none)"))) + " " +
          (g.key_material_state ? std::string(contract::ToWire(*g.key_material_state))
                                : std::string("(no KeyMaterialState)")) +
          " " +
          (g.import_state ? std::string(contract::ToWire(*g.import_state))
                          : std::string("(no ImportState)")) +
          (rotated ? " ON_DEMAND" : ""));
    }
  }
  std::sort(entries.begin(), entries.end());
  std::string out;
  for (const std::string& e : entries) out += (out.empty() ? "" : ", ") + e;
  return out;
}

void Execution::Count(const Command& c, const Expectation& e, const ReplySummary& r) {
  (void)c;
  if (r.success) {
    for (const std::string& rule : e.accepted_rules) ++result_.counts[rule].accepted;
  } else {
    ++result_.counts[e.rule].refused;
    ++result_.counts["proto.error-shape"].refused;
  }
}

std::optional<Departure> Execution::CheckStates(const Command& c, const Expectation& e,
                                                bool accepted) {
  std::vector<std::size_t> keys;
  if (c.op == Op::kAdvanceClock) {
    for (std::size_t i = 0; i < m_.key_count(); ++i) keys.push_back(i);
  } else if (c.op == Op::kDecrypt) {
    keys.push_back(m_.KeyOfCiphertext(m_.CiphertextOf(c)));
  } else if (c.op == Op::kCreateKey) {
    if (new_key_ && !keys_.empty() && keys_.size() == m_.key_count()) {
      keys.push_back(keys_.size() - 1);
    }
  } else if (m_.key_count() > 0) {
    keys.push_back(m_.KeyOf(c));
  }
  for (std::size_t ki : keys) {
    if (ki >= keys_.size()) continue;
    const scenarios::KeyRef& k = keys_[ki].ref;
    const model::KeyView v = m_.View(ki);
    auto d = s_.Describe(k.other_account ? k.arn : k.key_id,
                         k.other_account ? s_.other() : nullptr);
    const auto* md = d.ok() && d.value().key_metadata ? &*d.value().key_metadata : nullptr;
    bool ok;
    std::string expected;
    if (!v.exists) {
      ok = d.IsError(ErrorType::kNotFoundException);
      expected = "NotFoundException (the key's deletion completed)";
      if (record_) s_.ExpectInScript("error:NotFoundException");
    } else {
      const bool enabled = v.state == contract::KeyState::kEnabled;
      ok = md && md->key_state == v.state && md->enabled == enabled;
      expected = "KeyState=" + std::string(contract::ToWire(v.state)) +
                 ", Enabled=" + (enabled ? "true" : "false");
      std::string_view expiration = "*";
      if (v.external) {
        // The ExpirationModel goes with the material; ValidTo only with KEY_MATERIAL_EXPIRES.
        const auto want = !v.expires   ? std::optional<contract::ExpirationModel>()
                          : *v.expires ? contract::ExpirationModel::kKeyMaterialExpires
                                       : contract::ExpirationModel::kKeyMaterialDoesNotExpire;
        ok = ok && md->expiration_model == want && md->valid_to.has_value() == v.expires.value_or(false);
        expected += std::string(", ExpirationModel=") +
                    (want ? std::string(contract::ToWire(*want)) : "(absent)") +
                    (v.expires.value_or(false) ? ", a ValidTo" : ", no ValidTo");
        expiration = want ? contract::ToWire(*want) : "None";
      }
      // 2026: CurrentKeyMaterialId is the id the current material was imported with.
      if (v.current >= 0) {
        if (auto it = material_ids_.find(v.current); it != material_ids_.end()) {
          ok = ok && md->current_key_material_id == it->second;
          expected += ", CurrentKeyMaterialId=" + it->second;
        }
      }
      if (record_) s_.ExpectStateInScript(v.state, enabled, expiration);
    }
    if (!ok) {
      const std::string what = "DescribeKey " + k.var + " after step " + std::to_string(step_ + 1);
      const std::string actual = scenarios::DescribeKeyState(d);
      if (record_) s_.judge().Check(false, what, expected, actual);
      // A refused call changes nothing: a change after it departs from the refusing rule.
      const std::string rule = accepted ? std::string(m_.StateRule(c)) : e.rule;
      return Depart(rule, Verdict::kFail, what, expected, actual);
    }
  }
  return std::nullopt;
}

std::string OutcomeClass(const ReplySummary& r) {
  if (!r.transport.ok()) return "no reply (" + r.transport.message() + ")";
  if (r.success) return r.disguised_error.empty() ? "accepted" : "HTTP 200 with an error body";
  std::string out = "refused with " + (r.error && !r.error->type_name.empty()
                                           ? r.error->type_name
                                           : std::string("no AWS error type"));
  if (r.status != 400) out += " (HTTP " + std::to_string(r.status) + ")";
  return out;
}

std::string Execution::StateTrace(const Command& c) {
  std::vector<std::size_t> keys;
  if (c.op == Op::kAdvanceClock) {
    for (std::size_t i = 0; i < keys_.size(); ++i) keys.push_back(i);
  } else if (c.op == Op::kDecrypt) {
    keys.push_back(m_.KeyOfCiphertext(m_.CiphertextOf(c)));
  } else if (!keys_.empty()) {
    keys.push_back(c.op == Op::kCreateKey ? keys_.size() - 1 : m_.KeyOf(c));
  }
  std::string out;
  for (std::size_t ki : keys) {
    if (ki >= keys_.size()) continue;
    const scenarios::KeyRef& k = keys_[ki].ref;
    auto d = s_.Describe(k.other_account ? k.arn : k.key_id, k.other_account ? s_.other() : nullptr);
    out += (out.empty() ? "" : ", ") + k.var + " " +
           (d.ok() && d.value().key_metadata && d.value().key_metadata->key_state
                ? std::string(contract::ToWire(*d.value().key_metadata->key_state))
                : OutcomeClass(Summarize(d)));
  }
  return out;
}

Execution::CallEnd Execution::Call(const Command& c, const Expectation& e) {
  const ReplySummary r = Execute(c, e);
  last_reply_ = r;
  if (record_ && c.op != Op::kAdvanceClock && c.op != Op::kDecrypt) {
    s_.ExpectInScript(ScriptExpect(e));
  }
  if (!trace_) {
    if (auto d = Judge(c, e, r)) {
      if (d->verdict == Verdict::kSkip) return CallEnd::kSkip;  // the clock did not move
      result_.departure = std::move(d);
      result_.steps = step_ + 1;
      return CallEnd::kDeparted;
    }
    Count(c, e, r);
  }
  // The model follows; the executor keeps what the target handed out.
  std::uint64_t pair = 0;
  if (new_params_) {
    auto [it, inserted] = pairs_.emplace(new_params_->public_key, pairs_.size() + 1);
    pair = it->second;
  }
  const std::size_t keys = m_.key_count(), params = m_.params_count(),
                    ciphertexts = m_.ciphertext_count();
  const int sent = c.op == Op::kImport ? m_.SentMaterial(c) : -1;
  m_.Apply(c, r.success, pair);
  // The id the target gave the material (the first time it took it).
  if (sent >= 0 && r.success && new_material_id_) material_ids_.emplace(sent, *new_material_id_);
  // What the model now holds, the executor must have been handed (in differential
  // runs the target may have refused what the model took): else the sequence ends here.
  bool aligned = true;
  if (m_.key_count() > keys) {
    if (new_key_) keys_.push_back(Key{*new_key_, ""}); else aligned = false;
  }
  if (m_.params_count() > params) {
    if (new_params_) params_.push_back(*new_params_); else aligned = false;
  }
  if (m_.ciphertext_count() > ciphertexts) {
    if (new_ciphertext_) ciphertexts_.push_back(*new_ciphertext_); else aligned = false;
  }
  return aligned ? CallEnd::kNext : CallEnd::kMisaligned;
}

bool Execution::Finish(const Command& c, const Expectation& e) {
  if (trace_) {
    result_.trace.push_back(result_.labels.back() + ": " + OutcomeClass(last_reply_) + "; " +
                            StateTrace(c));
    return true;
  }
  if (auto d = CheckStates(c, e, last_reply_.success)) {
    result_.departure = std::move(d);
    result_.steps = step_ + 1;
    return false;
  }
  return true;
}

SequenceResult Execution::Run(const std::vector<Command>& sequence) {
  for (const Command& c : sequence) {
    const Expectation e = m_.Predict(c);
    if (!e.applicable) continue;
    if (c.op == Op::kCreateKey && c.as_other && !other_) continue;
    result_.labels.push_back(Label(c));
    s_.Probe(result_.labels.back());
    what_.clear();
    CallEnd end = CallEnd::kNext;
    Command last = c;
    Expectation last_e = e;
    if (c.op == Op::kRotateTimes) {
      // One step, its calls one by one (each judged), up to the first refusal.
      int n = 0;
      bool refused = false;
      for (std::uint32_t round = 0; round < c.times && end == CallEnd::kNext && !refused;
           ++round) {
        for (const Command& call : m_.Round(c)) {
          const Expectation ce = m_.Predict(call);
          if (!ce.applicable) continue;
          what_ = result_.labels.back() + ": call " + std::to_string(++n) + " (round " +
                  std::to_string(round + 1) + "), " + std::string(model::OpName(call.op));
          end = Call(call, ce);
          last = call;
          last_e = ce;
          if (end != CallEnd::kNext || !last_reply_.success) {
            refused = true;
            break;
          }
        }
      }
      what_.clear();
      if (n == 0) {
        ++step_;
        continue;
      }
    } else {
      end = Call(c, e);
    }
    if (end == CallEnd::kDeparted) return std::move(result_);
    if (end == CallEnd::kSkip) break;
    if (!Finish(last, last_e)) return std::move(result_);
    ++step_;
    if (end == CallEnd::kMisaligned && trace_) break;
  }
  result_.steps = step_;
  return std::move(result_);
}

}  // namespace

std::vector<std::string> ExploreRules(contract::Profile p, bool clock, bool other) {
  std::vector<std::string> out;
  for (const contract::Rule* rule : contract::RulesFor(p)) {
    const ExploredRule* e = FindExplored(rule->id);
    if (e == nullptr || (e->needs_clock && !clock) || (e->needs_other && !other)) continue;
    out.emplace_back(rule->id);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> NotExplored(contract::Profile p) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const contract::Rule* rule : contract::RulesFor(p)) {
    if (FindExplored(rule->id) != nullptr) continue;
    std::string why = "the run's scenario judges it (";
    if (rule->id == "gpfi.fresh-wrapping-key") {
      why = "explore runs with fixed wrapping keys, so responses share key pairs on purpose";
    } else if (rule->id == "gpfi.required-members" || rule->id == "proto.malformed-json" ||
               rule->id == "proto.unknown-operation" || rule->id == "proto.timestamp-forms" ||
               rule->id == "proto.robustness" || rule->id == "proto.input-validation") {
      why = "a rule of malformed or unusual requests, not of call sequences: `run` and "
            "`fuzz` judge it";
    } else if (contract::NeverJudged(*rule)) {
      why = "not judged anywhere: OpenSSL 3.0 cannot verify these signatures";
    } else if (contract::InProfile(*rule, contract::Profile::k2026) &&
               !contract::InProfile(*rule, contract::Profile::k2022)) {
      why = "a rule of imported asymmetric/HMAC material or of large material: explore's "
            "model imports several materials only into symmetric keys (random bytes, no "
            "ImportType or KeyMaterialId on other key specs), so `kmsconform run` judges it";
    } else {
      why += "kmsconform run)";
    }
    out.emplace_back(std::string(rule->id), why);
  }
  return out;
}

SequenceResult ExecuteSequence(scenarios::Context& ctx, const std::vector<Command>& sequence,
                               bool other, std::string_view rule, bool record, bool trace) {
  Session s(ctx, rule.empty() ? "state.key-state-table" : rule);
  Execution ex(s, ctx.profile, ctx.clock != nullptr, other, record, trace);
  SequenceResult r = ex.Run(sequence);
  if (record && (r.departure || trace)) r.result = s.Finish();
  return r;
}

// DeltaDebug: the shortest subsequence (ddmin: chunks removed, halving their size) for which
// `keeps` still holds; at most max_executions calls of keeps.
std::vector<Command> DeltaDebug(std::vector<Command> sequence,
                                const std::function<bool(const std::vector<Command>&)>& keeps,
                                int max_executions) {
  int executions = 0;
  std::size_t chunks = 2;
  while (sequence.size() >= 2 && executions < max_executions) {
    const std::size_t size = (sequence.size() + chunks - 1) / chunks;
    bool reduced = false;
    for (std::size_t start = 0; start < sequence.size() && executions < max_executions;
         start += size) {
      std::vector<Command> candidate;
      for (std::size_t i = 0; i < sequence.size(); ++i) {
        if (i < start || i >= start + size) candidate.push_back(sequence[i]);
      }
      ++executions;
      if (!candidate.empty() && keeps(candidate)) {
        sequence = std::move(candidate);
        chunks = std::max<std::size_t>(chunks - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (size <= 1) break;
      chunks = std::min(sequence.size(), chunks * 2);
    }
  }
  return sequence;
}


std::pair<std::vector<Command>, SequenceResult> Shrink(scenarios::Context& ctx,
                                                       std::vector<Command> sequence,
                                                       const std::string& rule, bool other,
                                                       int max_executions) {
  // Only what ran up to the departure matters.
  {
    SequenceResult first = ExecuteSequence(ctx, sequence, other, rule, false);
    if (first.departure) {
      std::size_t executed = 0, kept = 0;
      model::Model m(ctx.profile, ctx.clock != nullptr);
      for (const Command& c : sequence) {
        ++kept;
        if (m.Predict(c).applicable) ++executed;
        if (executed > first.departure->step) break;
        m.Apply(c, true);
      }
      sequence.resize(std::min(sequence.size(), kept));
    }
  }
  sequence = DeltaDebug(
      std::move(sequence),
      [&](const std::vector<Command>& candidate) {
        SequenceResult r = ExecuteSequence(ctx, candidate, other, rule, false);
        return r.departure && r.departure->rule == rule;
      },
      max_executions);
  SequenceResult final_result = ExecuteSequence(ctx, sequence, other, rule, true);
  return {sequence, std::move(final_result)};
}

}  // namespace kc::runner
