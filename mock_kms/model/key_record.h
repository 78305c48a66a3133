// KeyRecord: everything the model keeps about one KMS key, kept small (no parsed key
// objects) so that 10,000 keys fit in a few MiB; AliasRecord: one alias. The account,
// region and alias name are the key store's map keys, not members. The Encode*/
// DecodeJournalEntry functions are the journal's payload format: the full state of a key or
// an alias after a change, or its removal.
#ifndef KC_MOCK_KMS_MODEL_KEY_RECORD_H_
#define KC_MOCK_KMS_MODEL_KEY_RECORD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/bytes.h"
#include "harness/common/clock.h"
#include "harness/contract/enums.h"
#include "harness/crypto/hash.h"

namespace kc::mock {

// OtherMaterial: a key material of a symmetric key other than its current one (profile
// 2026, "several key materials per symmetric EXTERNAL key"): NON_CURRENT material (it
// decrypts what it encrypted while it was current) or PENDING_ROTATION material (imported
// with ImportType NEW_KEY_MATERIAL, current after RotateKeyOnDemand). Only NON_CURRENT
// material is permanently associated with the key; PENDING_ROTATION material that is
// deleted or expires leaves the key.
struct OtherMaterial {
  crypto::Digest256 id{};
  contract::KeyMaterialState state = contract::KeyMaterialState::kNonCurrent;
  // imported: the bytes are here (ListKeyRotations ImportState IMPORTED); a NON_CURRENT
  // material whose import was deleted or expired is PENDING_IMPORT and keeps only its id.
  bool imported = false;
  Bytes material;
  std::optional<contract::ExpirationModel> expiration_model;  // imported only
  std::optional<EpochSeconds> valid_to;                       // imported only
  std::optional<std::string> description;                     // KeyMaterialDescription
  // When this material became current by a rotation (RotationDate); nullopt for the key's
  // first material and for PENDING_ROTATION material.
  std::optional<EpochSeconds> rotation_date;
};

struct KeyRecord {
  std::string key_id;
  std::uint64_t seq = 0;  // creation order (ListKeys)
  EpochSeconds creation_date = 0;
  contract::KeySpec spec = contract::KeySpec::kSymmetricDefault;
  contract::KeyUsage usage = contract::KeyUsage::kEncryptDecrypt;
  contract::Origin origin = contract::Origin::kAwsKms;
  contract::KeyState state = contract::KeyState::kEnabled;
  bool multi_region = false;
  std::string description;
  std::optional<EpochSeconds> deletion_date;                  // PendingDeletion only
  int pending_window_days = 0;                                // PendingDeletion only
  std::optional<contract::ExpirationModel> expiration_model;  // imported material only
  std::optional<EpochSeconds> valid_to;                       // imported material only
  // has_material: the key has key material now. material: the bytes in use (AWS_KMS keys
  // get 32 random bytes; imported keys the imported material).
  bool has_material = false;
  Bytes material;
  // material_id: the KeyMaterialId of the current material, or of the last material when
  // it was deleted: kept so that only the same material may come back
  // (ikm.reimport-same-material).
  std::optional<crypto::Digest256> material_id;
  // Profile 2026, symmetric keys: the current material's KeyMaterialDescription and
  // RotationDate (set when RotateKeyOnDemand made it current), the on-demand rotations done
  // so far (RotateKeyOnDemand's limit), and the key's other materials, oldest first.
  std::optional<std::string> material_description;
  std::optional<EpochSeconds> current_rotation_date;
  int on_demand_rotations = 0;
  std::vector<OtherMaterial> others;

  bool enabled() const { return state == contract::KeyState::kEnabled; }
  // AllPermanentImported: the current material and every NON_CURRENT material are imported
  // ("the KMS key is usable only when all key material permanently associated with it is
  // imported": AWS's import guide).
  bool AllPermanentImported() const;
  // FindOther: the other material with this id, or nullptr.
  OtherMaterial* FindOther(const crypto::Digest256& id);
  const OtherMaterial* FindOther(const crypto::Digest256& id) const;
  // PendingRotation: the material PENDING_ROTATION, or nullptr.
  const OtherMaterial* PendingRotation() const;
};

// WipeMaterial: overwrites the current material before it is freed (or removed: the
// other materials stay).
void WipeMaterial(KeyRecord& rec);
// WipeAllMaterial: overwrites every material of the key (before the record is freed).
void WipeAllMaterial(KeyRecord& rec);
// WipeOther: overwrites one other material's bytes and empties them.
void WipeOther(OtherMaterial& m);

// AliasRecord: an alias of an (account, region): the key id it points to (never an alias)
// and AWS's two dates (AliasListEntry: CreationDate, LastUpdatedDate).
struct AliasRecord {
  std::string target_key_id;
  EpochSeconds creation_date = 0;
  EpochSeconds last_updated_date = 0;
  bool operator==(const AliasRecord&) const = default;
};

// The journal payloads: a key's full state or its removal, an alias's full state or its
// removal. The alias records came later (ops 3 and 4): a journal written before them holds
// only ops 1 and 2 and reads as before. Removing a key removes its aliases, on replay too,
// so a key's removal needs no alias records.
enum class JournalOp : std::uint8_t {
  kPutKey = 1,
  kRemoveKey = 2,
  kPutAlias = 3,
  kRemoveAlias = 4
};

struct JournalEntry {
  JournalOp op = JournalOp::kPutKey;
  std::string account;
  std::string region;
  KeyRecord key;           // kPutKey; kRemoveKey: only key_id is set
  std::string alias_name;  // kPutAlias, kRemoveAlias
  AliasRecord alias;       // kPutAlias
};

// EncodeKeyPut / EncodeKeyRemove: the payload of a key's new full state / its removal.
// The put payload holds the key material: callers wipe it when written.
Bytes EncodeKeyPut(std::string_view account, std::string_view region, const KeyRecord& key);
Bytes EncodeKeyRemove(std::string_view account, std::string_view region, std::string_view key_id);
// EncodeAliasPut / EncodeAliasRemove: the payload of an alias's new state / its removal.
Bytes EncodeAliasPut(std::string_view account, std::string_view region, std::string_view name,
                     const AliasRecord& alias);
Bytes EncodeAliasRemove(std::string_view account, std::string_view region, std::string_view name);
// EncodeJournalEntry: the payload of e (one of the four above, by e.op).
Bytes EncodeJournalEntry(const JournalEntry& e);
// DecodeJournalEntry: nullopt for anything that is not exactly one well-formed entry
// (unknown version, op or enum value, a malformed key id or alias name, trailing bytes, ...).
std::optional<JournalEntry> DecodeJournalEntry(ByteView payload);

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_KEY_RECORD_H_
