// Several key materials per symmetric key (profile 2026): ImportKeyMaterial with ImportType
// NEW_KEY_MATERIAL / EXISTING_KEY_MATERIAL, material PENDING_ROTATION until
// RotateKeyOnDemand makes it current, DeleteImportedKeyMaterial by KeyMaterialId, expiry per
// material, and ListKeyRotations.
//
// Sources: the 2026 API model's documentation strings (the authority where sources
// disagree) and AWS's import guide ("Rotate imported key material", "List rotations and key
// materials"). Quoted next to the code that follows them; "inferred" marks what neither says.
#include <algorithm>
#include <mutex>

#include <openssl/crypto.h>

#include "harness/contract/key_states.h"
#include "mock_kms/model/byte_io.h"
#include "mock_kms/model/kms_impl.h"

namespace kc::mock {
namespace {

using contract::ExpirationModel;
using contract::ImportState;
using contract::ImportType;
using contract::KeyMaterialState;
using contract::RotationType;

// RotateKeyOnDemand: "You can perform on-demand key rotation a maximum of 25 times per KMS
// key." (2026 model, RotateKeyOnDemand's documentation; some guide pages say 10: the model
// wins.)
constexpr int kMaxOnDemandRotations = 25;
constexpr int kDefaultListLimit = 100;

bool Expired(const std::optional<ExpirationModel>& model, const std::optional<EpochSeconds>& to,
             EpochSeconds now) {
  return model == ExpirationModel::kKeyMaterialExpires && to.has_value() && now >= *to;
}

std::array<std::uint8_t, 8> RotationMarkerTag(const crypto::Digest256& key, const KeyTarget& t,
                                              std::uint64_t index) {
  ByteWriter w;
  w.Str("rotations");
  w.Str(t.account);
  w.Str(t.region);
  w.Str(t.key_id);
  w.U64(index);
  const crypto::Digest256 mac = crypto::HmacSha256(key, w.bytes());
  std::array<std::uint8_t, 8> tag{};
  std::copy(mac.begin(), mac.begin() + 8, tag.begin());
  return tag;
}

}  // namespace

// ---------------------------------------------------------------- ImportKeyMaterial

Outcome<codec::ImportKeyMaterialResponse> Kms::Impl::ImportSymmetric2026(const KeyTarget& t,
                                                                         KeyRecord* rec,
                                                                         const MaterialImport& in) {
  KeyRecord next = *rec;
  const bool first = !rec->material_id.has_value();
  // Fault ikm.lifecycle: the key is Enabled, but random material is the one in use.
  auto bytes_in_use = [&] {
    return Has(Fault::kIkmLifecycle)
               ? random_.Generate(std::max<std::size_t>(in.material.size(), 1))
               : Bytes(in.material.begin(), in.material.end());
  };
  auto set_current = [&] {
    WipeMaterial(next);
    next.material = bytes_in_use();
    next.has_material = true;
    next.material_id = in.id;
    next.expiration_model = in.expiration_model;
    next.valid_to = in.valid_to;
    // "If you do not specify a key material description, KMS retains the value you
    // specified when you last imported the same key material into this KMS key." (2026 model)
    if (in.description) next.material_description = in.description;
  };
  if (in.type == ImportType::kNewKeyMaterial) {
    if (first) {
      // "For all KMS keys with EXTERNAL origin, the first key material imported into it
      // becomes current and permanently associated with it." (import guide)
      set_current();
    } else {
      // NEW_KEY_MATERIAL after the first import: the material waits in PENDING_ROTATION
      // ("PENDING_ROTATION identifies key material that has been imported for on-demand key
      // rotation but the rotation hasn't completed", 2026 model, KeyMaterialState).
      if (*rec->material_id == in.id || rec->FindOther(in.id) != nullptr) {
        // Inferred: the material is already the key's; NEW_KEY_MATERIAL names new material.
        return ApiError::Of(ErrorType::kIncorrectKeyMaterialException,
                            "The key material is already associated with " + Arn(t) +
                                ". Import it with ImportType EXISTING_KEY_MATERIAL.");
      }
      if (rec->PendingRotation() != nullptr) {
        // Inferred: one material waits for rotation at a time ("You can delete this key
        // material and import different key material in its place", 2026 model).
        return ApiError::Of(ErrorType::kKMSInvalidStateException,
                            Arn(t) +
                                " already has key material in PENDING_ROTATION state. Rotate "
                                "to it or delete it before importing new key material.");
      }
      OtherMaterial m;
      m.id = in.id;
      m.state = KeyMaterialState::kPendingRotation;
      m.imported = true;
      m.material = bytes_in_use();
      m.expiration_model = in.expiration_model;
      m.valid_to = in.valid_to;
      m.description = in.description;
      next.others.push_back(std::move(m));
    }
  } else {
    // EXISTING_KEY_MATERIAL: "KMS ... Verifies that the key material ID is already associated
    // with the KMS key" (2026 model); other material is IncorrectKeyMaterialException
    // (ikm.reimport-same-material's text).
    if (*rec->material_id == in.id) {
      set_current();
    } else if (OtherMaterial* m = next.FindOther(in.id)) {
      WipeOther(*m);
      m->material = bytes_in_use();
      m->imported = true;
      m->expiration_model = in.expiration_model;
      m->valid_to = in.valid_to;
      if (in.description) m->description = in.description;
    } else if (Has(Fault::kIkmReimportExisting)) {
      // Fault ikm.reimport-existing: other material replaces the current material.
      set_current();
    } else {
      return ApiError::Of(ErrorType::kIncorrectKeyMaterialException,
                          "Key material being imported does not match the key material "
                          "previously imported into this key");
    }
  }
  // "For symmetric encryption keys, you will need to import all of the key materials
  // associated with the KMS key to change its state to Enabled." (2026 model)
  if (rec->state == KeyState::kPendingImport && next.AllPermanentImported()) {
    next.state = KeyState::kEnabled;
  }
  if (auto e = Commit(t, rec, std::move(next))) return *e;
  codec::ImportKeyMaterialResponse out;
  out.key_id = Arn(t);
  out.key_material_id = HexEncode(in.id);
  return out;
}

// ---------------------------------------------------------------- DeleteImportedKeyMaterial

std::optional<ApiError> Kms::Impl::DeleteOtherMaterial(const KeyTarget& t, KeyRecord* rec,
                                                       const crypto::Digest256& id) {
  KeyRecord next = *rec;
  auto it = std::find_if(next.others.begin(), next.others.end(),
                         [&](const OtherMaterial& m) { return m.id == id; });
  if (it == next.others.end()) return std::nullopt;
  if (it->state == KeyMaterialState::kPendingRotation) {
    // "Key material in ... PENDING_ROTATION state is not permanently associated with the KMS
    // key. You can delete this key material and import different key material in its
    // place." (2026 model): it leaves the key, whose state does not change.
    WipeOther(*it);
    next.others.erase(it);
  } else {
    if (!it->imported) return std::nullopt;  // nothing imported: no effect
    // A permanently associated material: "If you delete any of these key materials or
    // allow them to expire, the KMS key state changes to PendingImport" (import guide).
    WipeOther(*it);
    it->imported = false;
    it->expiration_model.reset();
    it->valid_to.reset();
    // Fault dikm.key-material-id:2: the key stays as it was (Enabled) without the material.
    if (next.state != KeyState::kPendingDeletion && !Has(Fault::kDikmKeyMaterialId2)) {
      next.state = KeyState::kPendingImport;
    }
  }
  return Commit(t, rec, std::move(next));
}

// ---------------------------------------------------------------- expiry of other materials

bool Kms::Impl::OthersExpired(const KeyRecord& rec, EpochSeconds now) {
  return std::any_of(rec.others.begin(), rec.others.end(), [&](const OtherMaterial& m) {
    return m.imported && Expired(m.expiration_model, m.valid_to, now);
  });
}

bool Kms::Impl::ExpireOthers(KeyRecord& next, EpochSeconds now) {
  bool permanent = false;
  for (auto it = next.others.begin(); it != next.others.end();) {
    if (!it->imported || !Expired(it->expiration_model, it->valid_to, now)) {
      ++it;
      continue;
    }
    WipeOther(*it);
    if (it->state == KeyMaterialState::kPendingRotation) {
      it = next.others.erase(it);  // as its deletion: it leaves the key
      continue;
    }
    it->imported = false;
    it->expiration_model.reset();
    it->valid_to.reset();
    permanent = true;
    ++it;
  }
  return permanent;
}

// ---------------------------------------------------------------- RotateKeyOnDemand

Outcome<codec::RotateKeyOnDemandResponse> Kms::Impl::RotateKeyOnDemand(
    const Caller& c, const codec::RotateKeyOnDemandRequest& r) {
  const auto resolved = Resolve(c, r.key_id, Operation::kRotateKeyOnDemand);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  const EpochSeconds now = clock_.Now();
  std::unique_lock<std::shared_mutex> lock(mu_);
  Outcome<KeyRecord*> found = FindForWrite(t, now);
  if (!found.ok()) return found.error();
  KeyRecord* rec = found.value();
  if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
  // "On-demand key rotation is supported only on symmetric encryption KMS keys. You cannot
  // perform on-demand rotation of asymmetric KMS keys, HMAC KMS keys, or KMS keys in a custom
  // key store." (2026 model; UnsupportedOperationException, the model's error for it)
  if (rec->spec != KeySpec::kSymmetricDefault) {
    return ApiError::Of(ErrorType::kUnsupportedOperationException,
                        Arn(t) + " key spec is " + std::string(contract::ToWire(rec->spec)) +
                            ": on-demand rotation is supported only on symmetric encryption "
                            "KMS keys.");
  }
  if (!contract::LookupKeyState(Operation::kRotateKeyOnDemand, rec->state, profile()).allowed) {
    return StateError(t, *rec, Operation::kRotateKeyOnDemand);
  }
  // Fault rot.limit: no limit; rot.limit:2: the limit is 10 (a guide page's number).
  const int max_rotations = Has(Fault::kRotLimit2) ? 10 : kMaxOnDemandRotations;
  if (!Has(Fault::kRotLimit) && rec->on_demand_rotations >= max_rotations) {
    return ApiError::Of(ErrorType::kLimitExceededException,
                        Arn(t) + " has reached the limit of " + std::to_string(max_rotations) +
                            " on-demand rotations.");
  }
  if (Has(Fault::kRotOnDemand)) {
    // Fault rot.on-demand: success, and nothing changes.
    codec::RotateKeyOnDemandResponse out;
    out.key_id = std::string(t.key_id);
    return out;
  }
  KeyRecord next = *rec;
  OtherMaterial old_current;
  old_current.id = *rec->material_id;
  old_current.state = KeyMaterialState::kNonCurrent;
  old_current.imported = rec->has_material;
  // Fault rot.on-demand:2: the old material is dropped (random bytes in its place): the
  // ciphertexts made under it no longer decrypt, while ListKeyRotations still shows it.
  old_current.material =
      Has(Fault::kRotOnDemand2) ? random_.Generate(std::max<std::size_t>(rec->material.size(), 1))
                                : rec->material;
  old_current.expiration_model = rec->expiration_model;
  old_current.valid_to = rec->valid_to;
  old_current.description = rec->material_description;
  old_current.rotation_date = rec->current_rotation_date;
  if (rec->origin == Origin::kExternal) {
    // "When you initiate on-demand key rotation on a symmetric encryption KMS key with
    // imported key material, you must have already imported new key material and that key
    // material's state should be PENDING_ROTATION." (2026 model; error type inferred)
    const OtherMaterial* pending = rec->PendingRotation();
    if (pending == nullptr) {
      return ApiError::Of(ErrorType::kUnsupportedOperationException,
                          Arn(t) +
                              " has no key material in PENDING_ROTATION state. Import new key "
                              "material (ImportType NEW_KEY_MATERIAL) before rotating.");
    }
    const crypto::Digest256 pending_id = pending->id;
    auto it = std::find_if(next.others.begin(), next.others.end(),
                           [&](const OtherMaterial& m) { return m.id == pending_id; });
    WipeMaterial(next);
    next.material = std::move(it->material);
    next.has_material = true;
    next.material_id = it->id;
    next.expiration_model = it->expiration_model;
    next.valid_to = it->valid_to;
    next.material_description = it->description;
    next.others.erase(it);
  } else {
    // AWS_KMS keys: KMS makes the new material.
    WipeMaterial(next);
    next.material = random_.Generate(32);
    next.has_material = true;
    next.material_id = ComputeMaterialId(t.key_id, next.material);
    next.material_description.reset();
  }
  next.current_rotation_date = now;
  next.others.push_back(std::move(old_current));
  ++next.on_demand_rotations;
  if (auto e = Commit(t, rec, std::move(next))) return *e;
  codec::RotateKeyOnDemandResponse out;
  // Inferred from AWS's example, which answers the key id.
  out.key_id = std::string(t.key_id);
  return out;
}

// ---------------------------------------------------------------- ListKeyRotations

Outcome<codec::ListKeyRotationsResponse> Kms::Impl::ListKeyRotations(
    const Caller& c, const codec::ListKeyRotationsRequest& r) {
  const int limit = r.limit.value_or(kDefaultListLimit);  // "it defaults to 100" (2026 model)
  const auto resolved = Resolve(c, r.key_id, Operation::kListKeyRotations);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  std::uint64_t start = 0;
  if (r.marker) {
    const std::optional<Bytes> raw = Base64DecodeStrict(*r.marker);
    bool ok = raw && raw->size() == 16;
    if (ok) {
      ByteReader reader(*raw);
      ByteView tag;
      ok = reader.U64(start) && reader.Raw(8, tag) &&
           crypto::ConstantTimeEquals(tag, RotationMarkerTag(marker_key_, t, start));
    }
    if (!ok) {
      return ApiError::Of(ErrorType::kInvalidMarkerException,
                          "The marker '" + *r.marker + "' is not valid for this request.");
    }
  }
  // "The default value of this parameter is ROTATIONS_ONLY ... When you specify a value of
  // ALL_KEY_MATERIAL, KMS adds the first key material and any imported key material pending
  // rotation to the response." (2026 model)
  // Fault rot.list-rotations: IncludeKeyMaterial is ignored: every material is listed.
  const bool all = r.include_key_material == contract::IncludeKeyMaterial::kAllKeyMaterial ||
                   Has(Fault::kRotListRotations);
  return WithKeyRead<codec::ListKeyRotationsResponse>(
      t, clock_.Now(), [&](const KeyRecord* rec) -> Outcome<codec::ListKeyRotationsResponse> {
        if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
        // Only keys that support rotation have rotations (inferred: the model lists
        // UnsupportedOperationException; asymmetric and HMAC keys cannot rotate).
        if (rec->spec != KeySpec::kSymmetricDefault) {
          return ApiError::Of(ErrorType::kUnsupportedOperationException,
                              Arn(t) + " key spec is " + std::string(contract::ToWire(rec->spec)) +
                                  ": only symmetric encryption KMS keys have key rotations.");
        }
        const bool external = rec->origin == Origin::kExternal;
        // RotationsListEntry: "This field is only present for symmetric encryption KMS keys
        // with EXTERNAL origin" (KeyMaterialDescription, ImportState, ExpirationModel; ValidTo
        // "with an ExpirationModel value of KEY_MATERIAL_EXPIRES"); RotationDate and
        // RotationType are "not present for the first key material or an imported key
        // material in PENDING_ROTATION state".
        auto entry = [&](const crypto::Digest256& id, KeyMaterialState state, bool imported,
                         const std::optional<ExpirationModel>& model,
                         const std::optional<EpochSeconds>& valid_to,
                         const std::optional<std::string>& description,
                         const std::optional<EpochSeconds>& rotation_date) {
          codec::RotationsListEntry e;
          e.key_id = rec->key_id;
          e.key_material_id = HexEncode(id);
          e.key_material_state = state;
          if (external) {
            e.key_material_description = description;
            e.import_state = imported ? ImportState::kImported : ImportState::kPendingImport;
            if (imported) {
              e.expiration_model = model;
              if (model == ExpirationModel::kKeyMaterialExpires) e.valid_to = valid_to;
            }
          }
          if (rotation_date) {
            e.rotation_date = rotation_date;
            e.rotation_type = RotationType::kOnDemand;
          }
          return e;
        };
        // Oldest first: the NON_CURRENT materials, the current one, the one pending rotation.
        std::vector<codec::RotationsListEntry> list;
        for (const OtherMaterial& m : rec->others) {
          if (m.state != KeyMaterialState::kNonCurrent) continue;
          if (all || m.rotation_date) {
            list.push_back(entry(m.id, m.state, m.imported, m.expiration_model, m.valid_to,
                                 m.description, m.rotation_date));
          }
        }
        if (rec->material_id && (all || rec->current_rotation_date)) {
          list.push_back(entry(*rec->material_id, KeyMaterialState::kCurrent, rec->has_material,
                               rec->expiration_model, rec->valid_to, rec->material_description,
                               rec->current_rotation_date));
        }
        if (all) {
          if (const OtherMaterial* m = rec->PendingRotation()) {
            list.push_back(entry(m->id, m->state, m->imported, m->expiration_model, m->valid_to,
                                 m->description, std::nullopt));
          }
        }
        codec::ListKeyRotationsResponse out;
        out.rotations.emplace();
        std::uint64_t i = start;
        for (; i < list.size() && out.rotations->size() < static_cast<std::size_t>(limit); ++i) {
          out.rotations->push_back(std::move(list[i]));
        }
        out.truncated = i < list.size();
        if (i < list.size()) {
          // Fault rot.list-rotations:2: the NextMarker skips one entry.
          const std::uint64_t next_index = Has(Fault::kRotListRotations2) ? i + 1 : i;
          ByteWriter w;
          w.U64(next_index);
          w.Raw(RotationMarkerTag(marker_key_, t, next_index));
          out.next_marker = Base64Encode(w.bytes());
        }
        return out;
      });
}

}  // namespace kc::mock
