// KeyStore: the keys of every (account, region), by key id and in creation order. Not
// thread-safe: the model guards it with its lock. Lookups take string_views and do not
// allocate (DescribeKey is the hot path). References to records stay valid until the
// record is erased.
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
  void Erase(std::string_view account, std::string_view region, std::string_view key_id);
  std::size_t size() const { return size_; }

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
  };
  using Regions = std::unordered_map<std::string, Region, StringHash, std::equal_to<>>;
  std::unordered_map<std::string, Regions, StringHash, std::equal_to<>> accounts_;
  std::size_t size_ = 0;

  const Region* FindRegion(std::string_view account, std::string_view region) const;
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_KEY_STORE_H_
