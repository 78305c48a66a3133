// KeyStore: the keys of every (account, region), by key id and in creation order, and their
// aliases, by name. Not thread-safe: the model guards it with its lock. Lookups take
// string_views and do not allocate (DescribeKey is the hot path). References to records stay
// valid until the record is erased. Erasing a key erases the aliases that point to it.
#ifndef KC_MOCK_KMS_MODEL_KEY_STORE_H_
#define KC_MOCK_KMS_MODEL_KEY_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include "mock_kms/model/key_record.h"

namespace kc::mock {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class KeyStore {
 public:
  KeyRecord* Find(std::string_view account, std::string_view region, std::string_view key_id);
  const KeyRecord* Find(std::string_view account, std::string_view region,
                        std::string_view key_id) const;
  // Put: inserts or replaces the key with rec.key_id.
  KeyRecord& Put(std::string_view account, std::string_view region, KeyRecord rec);
  // Erase: removes the key and every alias of (account, region) that points to it.
  void Erase(std::string_view account, std::string_view region, std::string_view key_id);
  std::size_t size() const { return size_; }

  // The aliases of (account, region), by name (case-sensitive, as AWS).
  const AliasRecord* FindAlias(std::string_view account, std::string_view region,
                               std::string_view name) const;
  // PutAlias: inserts or replaces the alias `name`.
  void PutAlias(std::string_view account, std::string_view region, std::string_view name,
                AliasRecord rec);
  void EraseAlias(std::string_view account, std::string_view region, std::string_view name);
  std::size_t alias_count() const { return alias_count_; }
  // ForEachAliasAfter: the aliases of (account, region) whose name sorts after `after` (all
  // of them when it is empty), in name order, until f returns false.
  void ForEachAliasAfter(
      std::string_view account, std::string_view region, std::string_view after,
      const std::function<bool(const std::string& name, const AliasRecord&)>& f) const;
  // ForEachAlias: every alias of every account and region (journal compaction).
  void ForEachAlias(
      const std::function<void(std::string_view account, std::string_view region,
                               const std::string& name, const AliasRecord&)>& f) const;

  // ForEachAfter: the keys of (account, region) whose seq is greater than `after`, in
  // creation order, until f returns false.
  void ForEachAfter(std::string_view account, std::string_view region, std::uint64_t after,
                    const std::function<bool(const KeyRecord&)>& f) const;
  // ForEach: every key of every account and region (journal compaction).
  void ForEach(const std::function<void(std::string_view account, std::string_view region,
                                        const KeyRecord&)>& f) const;

 private:
  struct Region {
    std::unordered_map<std::string, KeyRecord, StringHash, std::equal_to<>> by_id;
    std::map<std::uint64_t, const KeyRecord*> by_seq;
    std::map<std::string, AliasRecord, std::less<>> aliases;  // by name: ListAliases order
  };
  using Regions = std::unordered_map<std::string, Region, StringHash, std::equal_to<>>;
  std::unordered_map<std::string, Regions, StringHash, std::equal_to<>> accounts_;
  std::size_t size_ = 0;
  std::size_t alias_count_ = 0;

  const Region* FindRegion(std::string_view account, std::string_view region) const;
  Region* FindRegion(std::string_view account, std::string_view region);
  Region& MakeRegion(std::string_view account, std::string_view region);
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_KEY_STORE_H_
