#include "mock_kms/model/key_record.h"

#include <cmath>

#include <openssl/crypto.h>

#include "mock_kms/model/byte_io.h"
#include "mock_kms/model/key_id.h"

namespace kc::mock {
namespace {

constexpr std::uint8_t kVersion = 1;

// Flags of optional members.
constexpr std::uint8_t kHasDeletionDate = 1;
constexpr std::uint8_t kHasExpirationModel = 2;
constexpr std::uint8_t kHasValidTo = 4;
constexpr std::uint8_t kHasMaterial = 8;
constexpr std::uint8_t kHasMaterialId = 16;
constexpr std::uint8_t kMultiRegion = 32;

template <typename E>
bool ReadEnum(ByteReader& r, E& out) {
  std::uint8_t v = 0;
  if (!r.U8(v)) return false;
  for (const auto& n : contract::AllValues<E>()) {
    if (static_cast<std::uint8_t>(n.value) == v) {
      out = n.value;
      return true;
    }
  }
  return false;
}

bool Finite(double d) { return std::isfinite(d); }

}  // namespace

void WipeMaterial(KeyRecord& rec) {
  if (!rec.material.empty()) OPENSSL_cleanse(rec.material.data(), rec.material.size());
  rec.material.clear();
}

Bytes EncodeKeyRemove(std::string_view account, std::string_view region, std::string_view key_id) {
  ByteWriter w;
  w.U8(kVersion);
  w.U8(static_cast<std::uint8_t>(JournalOp::kRemoveKey));
  w.Str(account);
  w.Str(region);
  w.Str(key_id);
  return w.Take();
}

Bytes EncodeKeyPut(std::string_view account, std::string_view region, const KeyRecord& k) {
  ByteWriter w;
  w.U8(kVersion);
  w.U8(static_cast<std::uint8_t>(JournalOp::kPutKey));
  w.Str(account);
  w.Str(region);
  w.Str(k.key_id);
  w.U64(k.seq);
  w.F64(k.creation_date);
  w.U8(static_cast<std::uint8_t>(k.spec));
  w.U8(static_cast<std::uint8_t>(k.usage));
  w.U8(static_cast<std::uint8_t>(k.origin));
  w.U8(static_cast<std::uint8_t>(k.state));
  std::uint8_t flags = 0;
  if (k.deletion_date) flags |= kHasDeletionDate;
  if (k.expiration_model) flags |= kHasExpirationModel;
  if (k.valid_to) flags |= kHasValidTo;
  if (k.has_material) flags |= kHasMaterial;
  if (k.material_id) flags |= kHasMaterialId;
  if (k.multi_region) flags |= kMultiRegion;
  w.U8(flags);
  w.Str(k.description);
  if (k.deletion_date) {
    w.F64(*k.deletion_date);
    w.U32(static_cast<std::uint32_t>(k.pending_window_days));
  }
  if (k.expiration_model) w.U8(static_cast<std::uint8_t>(*k.expiration_model));
  if (k.valid_to) w.F64(*k.valid_to);
  if (k.has_material) w.Blob(k.material);
  if (k.material_id) w.Raw(*k.material_id);
  return w.Take();
}

Bytes EncodeAliasPut(std::string_view account, std::string_view region, std::string_view name,
                     const AliasRecord& alias) {
  ByteWriter w;
  w.U8(kVersion);
  w.U8(static_cast<std::uint8_t>(JournalOp::kPutAlias));
  w.Str(account);
  w.Str(region);
  w.Str(name);
  w.Str(alias.target_key_id);
  w.F64(alias.creation_date);
  w.F64(alias.last_updated_date);
  return w.Take();
}

Bytes EncodeAliasRemove(std::string_view account, std::string_view region, std::string_view name) {
  ByteWriter w;
  w.U8(kVersion);
  w.U8(static_cast<std::uint8_t>(JournalOp::kRemoveAlias));
  w.Str(account);
  w.Str(region);
  w.Str(name);
  return w.Take();
}

Bytes EncodeJournalEntry(const JournalEntry& e) {
  switch (e.op) {
    case JournalOp::kPutKey:
      return EncodeKeyPut(e.account, e.region, e.key);
    case JournalOp::kRemoveKey:
      return EncodeKeyRemove(e.account, e.region, e.key.key_id);
    case JournalOp::kPutAlias:
      return EncodeAliasPut(e.account, e.region, e.alias_name, e.alias);
    case JournalOp::kRemoveAlias:
      return EncodeAliasRemove(e.account, e.region, e.alias_name);
  }
  return {};
}

namespace {

// DecodeAliasEntry: the rest of an alias record, after its account and region.
std::optional<JournalEntry> DecodeAliasEntry(ByteReader& r, JournalEntry e) {
  if (!r.Str(e.alias_name) || !IsAliasName(e.alias_name)) return std::nullopt;
  if (e.op == JournalOp::kPutAlias) {
    AliasRecord& a = e.alias;
    if (!r.Str(a.target_key_id) || !IsKeyId(a.target_key_id) || !r.F64(a.creation_date) ||
        !Finite(a.creation_date) || !r.F64(a.last_updated_date) || !Finite(a.last_updated_date)) {
      return std::nullopt;
    }
  }
  if (!r.done()) return std::nullopt;
  return e;
}

}  // namespace

std::optional<JournalEntry> DecodeJournalEntry(ByteView payload) {
  ByteReader r(payload);
  JournalEntry e;
  std::uint8_t version = 0;
  std::uint8_t op = 0;
  if (!r.U8(version) || version != kVersion || !r.U8(op)) return std::nullopt;
  if (op < static_cast<std::uint8_t>(JournalOp::kPutKey) ||
      op > static_cast<std::uint8_t>(JournalOp::kRemoveAlias)) {
    return std::nullopt;
  }
  e.op = static_cast<JournalOp>(op);
  if (e.op == JournalOp::kPutAlias || e.op == JournalOp::kRemoveAlias) {
    if (!r.Str(e.account) || !r.Str(e.region) || e.account.empty() || e.region.empty()) {
      return std::nullopt;
    }
    return DecodeAliasEntry(r, std::move(e));
  }
  KeyRecord& k = e.key;
  if (!r.Str(e.account) || !r.Str(e.region) || !r.Str(k.key_id) || !IsKeyId(k.key_id) ||
      e.account.empty() || e.region.empty()) {
    return std::nullopt;
  }
  if (e.op == JournalOp::kRemoveKey) {
    if (!r.done()) return std::nullopt;
    return e;
  }
  std::uint8_t flags = 0;
  if (!r.U64(k.seq) || !r.F64(k.creation_date) || !Finite(k.creation_date) ||
      !ReadEnum(r, k.spec) || !ReadEnum(r, k.usage) || !ReadEnum(r, k.origin) ||
      !ReadEnum(r, k.state) || !r.U8(flags) || !r.Str(k.description)) {
    return std::nullopt;
  }
  if ((flags & ~0x3f) != 0) return std::nullopt;
  k.multi_region = (flags & kMultiRegion) != 0;
  if ((flags & kHasDeletionDate) != 0) {
    double d = 0;
    std::uint32_t days = 0;
    if (!r.F64(d) || !Finite(d) || !r.U32(days) || days > 365) return std::nullopt;
    k.deletion_date = d;
    k.pending_window_days = static_cast<int>(days);
  }
  if ((flags & kHasExpirationModel) != 0) {
    contract::ExpirationModel m{};
    if (!ReadEnum(r, m)) return std::nullopt;
    k.expiration_model = m;
  }
  if ((flags & kHasValidTo) != 0) {
    double v = 0;
    if (!r.F64(v) || !Finite(v)) return std::nullopt;
    k.valid_to = v;
  }
  if ((flags & kHasMaterial) != 0) {
    if (!r.Blob(k.material)) return std::nullopt;
    k.has_material = true;
  }
  if ((flags & kHasMaterialId) != 0) {
    ByteView id;
    if (!r.Raw(32, id)) return std::nullopt;
    crypto::Digest256 d{};
    std::copy(id.begin(), id.end(), d.begin());
    k.material_id = d;
  }
  if (!r.done()) return std::nullopt;
  return e;
}

}  // namespace kc::mock
