#include "mock_kms/model/key_store.h"

#include <utility>

namespace kc::mock {

const KeyStore::Region* KeyStore::FindRegion(std::string_view account,
                                             std::string_view region) const {
  const auto a = accounts_.find(account);
  if (a == accounts_.end()) return nullptr;
  const auto r = a->second.find(region);
  return r == a->second.end() ? nullptr : &r->second;
}

KeyStore::Region* KeyStore::FindRegion(std::string_view account, std::string_view region) {
  return const_cast<Region*>(std::as_const(*this).FindRegion(account, region));
}

KeyStore::Region& KeyStore::MakeRegion(std::string_view account, std::string_view region) {
  auto a = accounts_.find(account);
  if (a == accounts_.end()) a = accounts_.emplace(std::string(account), Regions{}).first;
  auto r = a->second.find(region);
  if (r == a->second.end()) r = a->second.emplace(std::string(region), Region{}).first;
  return r->second;
}

const KeyRecord* KeyStore::Find(std::string_view account, std::string_view region,
                                std::string_view key_id) const {
  const Region* r = FindRegion(account, region);
  if (r == nullptr) return nullptr;
  const auto k = r->by_id.find(key_id);
  return k == r->by_id.end() ? nullptr : &k->second;
}

KeyRecord* KeyStore::Find(std::string_view account, std::string_view region,
                          std::string_view key_id) {
  return const_cast<KeyRecord*>(std::as_const(*this).Find(account, region, key_id));
}

KeyRecord& KeyStore::Put(std::string_view account, std::string_view region, KeyRecord rec) {
  Region& reg = MakeRegion(account, region);
  auto k = reg.by_id.find(rec.key_id);
  if (k != reg.by_id.end()) {
    const auto old = reg.by_seq.find(k->second.seq);
    if (old != reg.by_seq.end() && old->second == &k->second) reg.by_seq.erase(old);
    WipeMaterial(k->second);
    k->second = std::move(rec);
  } else {
    std::string id = rec.key_id;
    k = reg.by_id.emplace(std::move(id), std::move(rec)).first;
    ++size_;
  }
  reg.by_seq[k->second.seq] = &k->second;
  return k->second;
}

void KeyStore::Erase(std::string_view account, std::string_view region, std::string_view key_id) {
  Region* reg = FindRegion(account, region);
  if (reg == nullptr) return;
  auto k = reg->by_id.find(key_id);
  if (k == reg->by_id.end()) return;
  const auto s = reg->by_seq.find(k->second.seq);
  if (s != reg->by_seq.end() && s->second == &k->second) reg->by_seq.erase(s);
  WipeMaterial(k->second);
  reg->by_id.erase(k);
  --size_;
  // "KMS deletes the KMS key, its key material, and all KMS data associated with it,
  // including all aliases that refer to it" (ScheduleKeyDeletion).
  alias_count_ -= std::erase_if(
      reg->aliases, [&](const auto& entry) { return entry.second.target_key_id == key_id; });
}

const AliasRecord* KeyStore::FindAlias(std::string_view account, std::string_view region,
                                       std::string_view name) const {
  const Region* r = FindRegion(account, region);
  if (r == nullptr) return nullptr;
  const auto it = r->aliases.find(name);
  return it == r->aliases.end() ? nullptr : &it->second;
}

void KeyStore::PutAlias(std::string_view account, std::string_view region, std::string_view name,
                        AliasRecord rec) {
  Region& reg = MakeRegion(account, region);
  const auto it = reg.aliases.find(name);
  if (it != reg.aliases.end()) {
    it->second = std::move(rec);
    return;
  }
  reg.aliases.emplace(std::string(name), std::move(rec));
  ++alias_count_;
}

void KeyStore::EraseAlias(std::string_view account, std::string_view region,
                          std::string_view name) {
  Region* reg = FindRegion(account, region);
  if (reg == nullptr) return;
  const auto it = reg->aliases.find(name);
  if (it == reg->aliases.end()) return;
  reg->aliases.erase(it);
  --alias_count_;
}

void KeyStore::ForEachAliasAfter(
    std::string_view account, std::string_view region, std::string_view after,
    const std::function<bool(const std::string&, const AliasRecord&)>& f) const {
  const Region* r = FindRegion(account, region);
  if (r == nullptr) return;
  auto it = after.empty() ? r->aliases.begin() : r->aliases.upper_bound(after);
  for (; it != r->aliases.end(); ++it) {
    if (!f(it->first, it->second)) return;
  }
}

void KeyStore::ForEachAlias(
    const std::function<void(std::string_view, std::string_view, const std::string&,
                             const AliasRecord&)>& f) const {
  for (const auto& [account, regions] : accounts_) {
    for (const auto& [region, reg] : regions) {
      for (const auto& [name, rec] : reg.aliases) f(account, region, name, rec);
    }
  }
}

void KeyStore::ForEachAfter(std::string_view account, std::string_view region, std::uint64_t after,
                            const std::function<bool(const KeyRecord&)>& f) const {
  const Region* r = FindRegion(account, region);
  if (r == nullptr) return;
  for (auto it = r->by_seq.upper_bound(after); it != r->by_seq.end(); ++it) {
    if (!f(*it->second)) return;
  }
}

void KeyStore::ForEach(
    const std::function<void(std::string_view, std::string_view, const KeyRecord&)>& f) const {
  for (const auto& [account, regions] : accounts_) {
    for (const auto& [region, reg] : regions) {
      for (const auto& [id, rec] : reg.by_id) f(account, region, rec);
    }
  }
}

}  // namespace kc::mock
