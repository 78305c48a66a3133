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
// The 2026 material set (description, rotations, other materials) follows. Written only
// when the key has one, so a journal of keys without it reads as before.
constexpr std::uint8_t kHasMaterialSet = 64;

// Flags of one material of the material set.
constexpr std::uint8_t kMatImported = 1;
constexpr std::uint8_t kMatExpirationModel = 2;
constexpr std::uint8_t kMatValidTo = 4;
constexpr std::uint8_t kMatDescription = 8;
constexpr std::uint8_t kMatRotationDate = 16;
constexpr std::uint32_t kMaxOtherMaterials = 4096;

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

void WipeOther(OtherMaterial& m) {
  if (!m.material.empty()) OPENSSL_cleanse(m.material.data(), m.material.size());
  m.material.clear();
}

void WipeAllMaterial(KeyRecord& rec) {
  WipeMaterial(rec);
  for (OtherMaterial& m : rec.others) WipeOther(m);
}

bool KeyRecord::AllPermanentImported() const {
  if (!has_material) return false;
  for (const OtherMaterial& m : others) {
    if (m.state == contract::KeyMaterialState::kNonCurrent && !m.imported) return false;
  }
  return true;
}

OtherMaterial* KeyRecord::FindOther(const crypto::Digest256& id) {
  for (OtherMaterial& m : others) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

const OtherMaterial* KeyRecord::FindOther(const crypto::Digest256& id) const {
  for (const OtherMaterial& m : others) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

const OtherMaterial* KeyRecord::PendingRotation() const {
  for (const OtherMaterial& m : others) {
    if (m.state == contract::KeyMaterialState::kPendingRotation) return &m;
  }
  return nullptr;
}

namespace {

bool HasMaterialSet(const KeyRecord& k) {
  return k.material_description || k.current_rotation_date || k.on_demand_rotations != 0 ||
         !k.others.empty();
}

void EncodeMaterialSet(ByteWriter& w, const KeyRecord& k) {
  std::uint8_t flags = 0;
  if (k.material_description) flags |= kMatDescription;
  if (k.current_rotation_date) flags |= kMatRotationDate;
  w.U8(flags);
  if (k.material_description) w.Str(*k.material_description);
  if (k.current_rotation_date) w.F64(*k.current_rotation_date);
  w.U32(static_cast<std::uint32_t>(k.on_demand_rotations));
  w.U32(static_cast<std::uint32_t>(k.others.size()));
  for (const OtherMaterial& m : k.others) {
    w.Raw(m.id);
    w.U8(static_cast<std::uint8_t>(m.state));
    std::uint8_t f = 0;
    if (m.imported) f |= kMatImported;
    if (m.expiration_model) f |= kMatExpirationModel;
    if (m.valid_to) f |= kMatValidTo;
    if (m.description) f |= kMatDescription;
    if (m.rotation_date) f |= kMatRotationDate;
    w.U8(f);
    if (m.imported) w.Blob(m.material);
    if (m.expiration_model) w.U8(static_cast<std::uint8_t>(*m.expiration_model));
    if (m.valid_to) w.F64(*m.valid_to);
    if (m.description) w.Str(*m.description);
    if (m.rotation_date) w.F64(*m.rotation_date);
  }
}

}  // namespace

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
  if (HasMaterialSet(k)) flags |= kHasMaterialSet;
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
  if (HasMaterialSet(k)) EncodeMaterialSet(w, k);
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

bool ReadDigest(ByteReader& r, crypto::Digest256& out) {
  ByteView id;
  if (!r.Raw(32, id)) return false;
  std::copy(id.begin(), id.end(), out.begin());
  return true;
}

bool DecodeMaterialSet(ByteReader& r, KeyRecord& k) {
  std::uint8_t flags = 0;
  std::uint32_t rotations = 0;
  std::uint32_t n = 0;
  if (!r.U8(flags) || (flags & ~(kMatDescription | kMatRotationDate)) != 0) return false;
  if ((flags & kMatDescription) != 0) {
    std::string d;
    if (!r.Str(d)) return false;
    k.material_description = std::move(d);
  }
  if ((flags & kMatRotationDate) != 0) {
    double d = 0;
    if (!r.F64(d) || !Finite(d)) return false;
    k.current_rotation_date = d;
  }
  if (!r.U32(rotations) || rotations > 1000000 || !r.U32(n) || n > kMaxOtherMaterials) {
    return false;
  }
  k.on_demand_rotations = static_cast<int>(rotations);
  for (std::uint32_t i = 0; i < n; ++i) {
    OtherMaterial m;
    std::uint8_t f = 0;
    if (!ReadDigest(r, m.id) || !ReadEnum(r, m.state) || !r.U8(f) || (f & ~0x1f) != 0) {
      return false;
    }
    m.imported = (f & kMatImported) != 0;
    if (m.imported && !r.Blob(m.material)) return false;
    if ((f & kMatExpirationModel) != 0) {
      contract::ExpirationModel e{};
      if (!ReadEnum(r, e)) return false;
      m.expiration_model = e;
    }
    if ((f & kMatValidTo) != 0) {
      double v = 0;
      if (!r.F64(v) || !Finite(v)) return false;
      m.valid_to = v;
    }
    if ((f & kMatDescription) != 0) {
      std::string d;
      if (!r.Str(d)) return false;
      m.description = std::move(d);
    }
    if ((f & kMatRotationDate) != 0) {
      double d = 0;
      if (!r.F64(d) || !Finite(d)) return false;
      m.rotation_date = d;
    }
    k.others.push_back(std::move(m));
  }
  // Canonical: the writer sets the flag only for a key that has a material set.
  return HasMaterialSet(k);
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
  if ((flags & ~0x7f) != 0) return std::nullopt;
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
    crypto::Digest256 d{};
    if (!ReadDigest(r, d)) return std::nullopt;
    k.material_id = d;
  }
  if ((flags & kHasMaterialSet) != 0 && !DecodeMaterialSet(r, k)) return std::nullopt;
  if (!r.done()) return std::nullopt;
  return e;
}

}  // namespace kc::mock
