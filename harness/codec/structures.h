// The bindings of the structures several operations share: Tag (CreateKey), KeyMetadata
// (CreateKey, DescribeKey), and the list entries KeyListEntry (ListKeys) and AliasListEntry
// (ListAliases). Model member order (see binding.h).
#ifndef KC_CODEC_STRUCTURES_H_
#define KC_CODEC_STRUCTURES_H_

#include <tuple>

#include "harness/codec/binding.h"
#include "harness/codec/types.h"

namespace kc::codec::internal {

template <>
struct FieldsOf<Tag> {
  static constexpr auto kFields =
      std::make_tuple(F("TagKey", &Tag::tag_key), F("TagValue", &Tag::tag_value));
};

// KeyMetadata: the model also has CloudHsmClusterId, CustomKeyStoreId,
// MultiRegionConfiguration and XksKeyConfiguration, which the key-import contract does not
// use: the reply reader still checks them against the model; they are not kept.
template <>
struct FieldsOf<KeyMetadata> {
  using M = KeyMetadata;
  static constexpr auto kFields = std::make_tuple(
      F("AWSAccountId", &M::aws_account_id), F("Arn", &M::arn),
      F("CreationDate", &M::creation_date),
      F("CurrentKeyMaterialId", &M::current_key_material_id),
      F("CustomerMasterKeySpec", &M::customer_master_key_spec),
      F("DeletionDate", &M::deletion_date), F("Description", &M::description),
      F("Enabled", &M::enabled), F("EncryptionAlgorithms", &M::encryption_algorithms),
      F("ExpirationModel", &M::expiration_model),
      F("KeyAgreementAlgorithms", &M::key_agreement_algorithms), F("KeyId", &M::key_id),
      F("KeyManager", &M::key_manager), F("KeySpec", &M::key_spec),
      F("KeyState", &M::key_state), F("KeyUsage", &M::key_usage),
      F("MacAlgorithms", &M::mac_algorithms), F("MultiRegion", &M::multi_region),
      F("Origin", &M::origin),
      F("PendingDeletionWindowInDays", &M::pending_deletion_window_in_days),
      F("SigningAlgorithms", &M::signing_algorithms), F("ValidTo", &M::valid_to));
};

template <>
struct FieldsOf<KeyListEntry> {
  static constexpr auto kFields = std::make_tuple(F("KeyArn", &KeyListEntry::key_arn),
                                                  F("KeyId", &KeyListEntry::key_id));
};

template <>
struct FieldsOf<AliasListEntry> {
  using E = AliasListEntry;
  static constexpr auto kFields = std::make_tuple(
      F("AliasArn", &E::alias_arn), F("AliasName", &E::alias_name),
      F("CreationDate", &E::creation_date), F("LastUpdatedDate", &E::last_updated_date),
      F("TargetKeyId", &E::target_key_id));
};

}  // namespace kc::codec::internal

#endif  // KC_CODEC_STRUCTURES_H_
