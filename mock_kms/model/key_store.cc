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
  auto a = accounts_.find(account);
  if (a == accounts_.end()) a = accounts_.emplace(std::string(account), Regions{}).first;
  auto r = a->second.find(region);
  if (r == a->second.end()) r = a->second.emplace(std::string(region), Region{}).first;
  Region& reg = r->second;
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
  auto a = accounts_.find(account);
  if (a == accounts_.end()) return;
  auto r = a->second.find(region);
  if (r == a->second.end()) return;
  auto k = r->second.by_id.find(key_id);
  if (k == r->second.by_id.end()) return;
  const auto s = r->second.by_seq.find(k->second.seq);
  if (s != r->second.by_seq.end() && s->second == &k->second) r->second.by_seq.erase(s);
  WipeMaterial(k->second);
  r->second.by_id.erase(k);
  --size_;
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
