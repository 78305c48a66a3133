// The key lifecycle: CreateKey, DescribeKey, ListKeys, EnableKey/DisableKey,
// ScheduleKeyDeletion, CancelKeyDeletion. State refusals come from the contract's
// key-state table (contract::LookupKeyState), never from checks spelled out here.
#include <array>
#include <mutex>

#include "harness/contract/key_states.h"
#include "harness/contract/profile.h"
#include "mock_kms/model/byte_io.h"
#include "mock_kms/model/key_id.h"
#include "mock_kms/model/kms_impl.h"

namespace kc::mock {
namespace {

using contract::EnumKind;
using contract::KeyUsage;

constexpr int kDefaultListLimit = 100;
constexpr double kSecondsPerDay = 24 * 60 * 60;

// UsagesFor: the KeyUsage values AWS allows for a key spec (KEY_AGREEMENT from 2026).
std::vector<KeyUsage> UsagesFor(KeySpec spec, Profile p) {
  const bool y2026 = p == Profile::k2026;
  switch (spec) {
    case KeySpec::kSymmetricDefault:
      return {KeyUsage::kEncryptDecrypt};
    case KeySpec::kHmac224:
    case KeySpec::kHmac256:
    case KeySpec::kHmac384:
    case KeySpec::kHmac512:
      return {KeyUsage::kGenerateVerifyMac};
    case KeySpec::kRsa2048:
    case KeySpec::kRsa3072:
    case KeySpec::kRsa4096:
      return {KeyUsage::kEncryptDecrypt, KeyUsage::kSignVerify};
    case KeySpec::kEccNistP256:
    case KeySpec::kEccNistP384:
    case KeySpec::kEccNistP521:
      if (y2026) return {KeyUsage::kSignVerify, KeyUsage::kKeyAgreement};
      return {KeyUsage::kSignVerify};
    case KeySpec::kSm2:
      if (y2026) return {KeyUsage::kEncryptDecrypt, KeyUsage::kSignVerify, KeyUsage::kKeyAgreement};
      return {KeyUsage::kEncryptDecrypt, KeyUsage::kSignVerify};
    case KeySpec::kEccSecgP256k1:
    case KeySpec::kMlDsa44:
    case KeySpec::kMlDsa65:
    case KeySpec::kMlDsa87:
    case KeySpec::kEccNistEdwards25519:
      return {KeyUsage::kSignVerify};
  }
  return {};
}

std::string Join(const std::vector<KeyUsage>& usages) {
  std::string out;
  for (KeyUsage u : usages) {
    if (!out.empty()) out += ", ";
    out += contract::ToWire(u);
  }
  return out;
}

std::array<std::uint8_t, 8> MarkerTag(const crypto::Digest256& key, std::string_view account,
                                      std::string_view region, std::uint64_t seq) {
  ByteWriter w;
  w.Str(account);
  w.Str(region);
  w.U64(seq);
  const crypto::Digest256 mac = crypto::HmacSha256(key, w.bytes());
  std::array<std::uint8_t, 8> tag{};
  std::copy(mac.begin(), mac.begin() + 8, tag.begin());
  return tag;
}

}  // namespace

// ---------------------------------------------------------------- CreateKey

Outcome<codec::CreateKeyResponse> Kms::Impl::CreateKey(const Caller& c,
                                                       const codec::CreateKeyRequest& r) {
  const Profile p = profile();
  // The server may decode with the 2026 enums (decode_profile()); the real profile's
  // enums still bound what a key may be.
  if (r.key_spec && !contract::InProfile(*r.key_spec, p)) {
    return EnumValueError("KeySpec", contract::ToWire(*r.key_spec), EnumKind::kKeySpec, p);
  }
  if (r.key_usage && !contract::InProfile(*r.key_usage, p)) {
    return EnumValueError("KeyUsage", contract::ToWire(*r.key_usage), EnumKind::kKeyUsage, p);
  }
  if (r.key_spec && r.customer_master_key_spec) {
    return ValidationError(
        "You cannot specify KeySpec and CustomerMasterKeySpec in the same request. "
        "CustomerMasterKeySpec parameter is deprecated. Use KeySpec parameter instead.");
  }
  const KeySpec spec =
      r.key_spec.value_or(r.customer_master_key_spec.value_or(KeySpec::kSymmetricDefault));
  const Origin origin = r.origin.value_or(Origin::kAwsKms);
  // No custom key stores in the mock (AWS_CLOUDHSM, EXTERNAL_KEY_STORE).
  if (r.custom_key_store_id) {
    return ApiError::Of(ErrorType::kCustomKeyStoreNotFoundException,
                        "Custom key store '" + *r.custom_key_store_id + "' does not exist.");
  }
  if (origin == Origin::kAwsCloudHsm || origin == Origin::kExternalKeyStore) {
    return ApiError::Of(ErrorType::kUnsupportedOperationException,
                        "Origin " + std::string(contract::ToWire(origin)) +
                            " requires a custom key store; this KMS has none.");
  }
  if (r.xks_key_id) {
    return ValidationError("XksKeyId is valid only for a key in an external key store.");
  }
  const KeyUsage usage = r.key_usage.value_or(KeyUsage::kEncryptDecrypt);
  const std::vector<KeyUsage> allowed = UsagesFor(spec, p);
  if (std::find(allowed.begin(), allowed.end(), usage) == allowed.end()) {
    return ValidationError("KeyUsage " + std::string(contract::ToWire(usage)) +
                           " is not compatible with KeySpec " +
                           std::string(contract::ToWire(spec)) + ". Valid KeyUsage values for " +
                           std::string(contract::ToWire(spec)) + ": " + Join(allowed) + ".");
  }

  KeyRecord rec;
  rec.creation_date = clock_.Now();
  rec.spec = spec;
  rec.usage = usage;
  rec.origin = origin;
  rec.multi_region = r.multi_region.value_or(false);
  rec.description = r.description.value_or("");
  if (origin == Origin::kExternal) {
    // CONTRACT.md: CreateKey with Origin=EXTERNAL gives KeyState=PendingImport,
    // Enabled=false (also for asymmetric and HMAC specs: gpfi.no-asymmetric is judged at
    // GetParametersForImport).
    rec.state = KeyState::kPendingImport;
  } else {
    rec.state = KeyState::kEnabled;
    rec.has_material = true;
    rec.material = random_.Generate(32);
  }

  std::unique_lock<std::shared_mutex> lock(mu_);
  do {
    const Bytes id = random_.Generate(16);
    rec.key_id = NewKeyId(id, rec.multi_region);
  } while (store_.Find(c.account, c.region, rec.key_id) != nullptr);
  if (rec.has_material) rec.material_id = ComputeMaterialId(rec.key_id, rec.material);
  rec.seq = next_seq_;
  const KeyTarget t{c.account, c.region, rec.key_id};
  codec::CreateKeyResponse out;
  out.key_metadata = Metadata(t, rec);
  if (auto e = CommitNew(c.account, c.region, std::move(rec))) return *e;
  ++next_seq_;
  return out;
}

// ---------------------------------------------------------------- DescribeKey

Outcome<codec::DescribeKeyResponse> Kms::Impl::DescribeKey(const Caller& c,
                                                           const codec::DescribeKeyRequest& r) {
  const auto resolved = Resolve(c, r.key_id, Operation::kDescribeKey);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  return WithKeyRead<codec::DescribeKeyResponse>(
      t, clock_.Now(), [&](const KeyRecord* rec) -> Outcome<codec::DescribeKeyResponse> {
        if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
        codec::DescribeKeyResponse out;
        out.key_metadata = Metadata(t, *rec);
        return out;
      });
}

// ---------------------------------------------------------------- ListKeys

Outcome<codec::ListKeysResponse> Kms::Impl::ListKeys(const Caller& c,
                                                     const codec::ListKeysRequest& r) {
  const int limit = r.limit.value_or(kDefaultListLimit);
  if (limit < 1 || limit > 1000) {
    // The model's bounds (the codec refuses these first, in this text).
    return ValidationError(
        "1 validation error detected: Value '" + std::to_string(limit) +
        "' at 'limit' failed to satisfy constraint: Member must have value " +
        (limit < 1 ? "greater than or equal to 1" : "less than or equal to 1000"));
  }
  std::uint64_t after = 0;
  if (r.marker) {
    // A marker is ours only if it carries our tag for this account and region.
    const std::optional<Bytes> raw = Base64DecodeStrict(*r.marker);
    bool ok = raw && raw->size() == 16;
    if (ok) {
      ByteReader reader(*raw);
      ByteView tag;
      ok = reader.U64(after) && reader.Raw(8, tag);
      const auto want = MarkerTag(marker_key_, c.account, c.region, after);
      ok = ok && crypto::ConstantTimeEquals(tag, want);
    }
    if (!ok) {
      return ApiError::Of(ErrorType::kInvalidMarkerException,
                          "The marker '" + *r.marker + "' is not valid for this request.");
    }
  }
  const EpochSeconds now = clock_.Now();
  codec::ListKeysResponse out;
  out.keys.emplace();
  bool truncated = false;
  std::uint64_t last = 0;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    store_.ForEachAfter(c.account, c.region, after, [&](const KeyRecord& rec) {
      if (IsGone(rec, now)) return true;
      if (out.keys->size() == static_cast<std::size_t>(limit)) {
        truncated = true;
        return false;
      }
      out.keys->push_back(codec::KeyListEntry{rec.key_id, KeyArn(c.region, c.account, rec.key_id)});
      last = rec.seq;
      return true;
    });
  }
  out.truncated = truncated;
  if (truncated) {
    ByteWriter w;
    w.U64(last);
    w.Raw(MarkerTag(marker_key_, c.account, c.region, last));
    out.next_marker = Base64Encode(w.bytes());
  }
  return out;
}

// ---------------------------------------------------------------- EnableKey / DisableKey

Outcome<codec::EmptyResponse> Kms::Impl::SetEnabled(const Caller& c, std::string_view key_id,
                                                    Operation op) {
  const auto resolved = Resolve(c, key_id, op);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  std::unique_lock<std::shared_mutex> lock(mu_);
  Outcome<KeyRecord*> found = FindForWrite(t, clock_.Now());
  if (!found.ok()) return found.error();
  KeyRecord* rec = found.value();
  if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
  contract::StateRule rule = contract::LookupKeyState(op, rec->state, profile());
  if (op == Operation::kEnableKey && rec->state == KeyState::kPendingImport &&
      Has(Fault::kStateKeyStateTable2)) {
    rule = contract::StateRule{true, ErrorType::kValidationException, KeyState::kEnabled};
  }
  if (!rule.allowed) return StateError(t, *rec, op);
  if (rule.next && *rule.next != rec->state) {
    KeyRecord next = *rec;
    next.state = *rule.next;
    if (auto e = Commit(t, rec, std::move(next))) return *e;
  }
  return codec::EmptyResponse{};
}

// ---------------------------------------------------------------- deletion

Outcome<codec::ScheduleKeyDeletionResponse> Kms::Impl::ScheduleKeyDeletion(
    const Caller& c, const codec::ScheduleKeyDeletionRequest& r) {
  const int days = r.pending_window_in_days.value_or(contract::kDefaultPendingWindowDays);
  // The API model allows 1..365; KMS allows a waiting period of 7 to 30 days.
  if (days < contract::kMinPendingWindowDays || days > contract::kMaxPendingWindowDays) {
    return ValidationError("1 validation error detected: Value '" + std::to_string(days) +
                           "' at 'pendingWindowInDays' failed to satisfy constraint: Member must "
                           "have value " +
                           (days < contract::kMinPendingWindowDays ? "greater than or equal to 7"
                                                                   : "less than or equal to 30"));
  }
  const auto resolved = Resolve(c, r.key_id, Operation::kScheduleKeyDeletion);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  const EpochSeconds now = clock_.Now();
  std::unique_lock<std::shared_mutex> lock(mu_);
  Outcome<KeyRecord*> found = FindForWrite(t, now);
  if (!found.ok()) return found.error();
  KeyRecord* rec = found.value();
  if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
  const contract::StateRule rule =
      contract::LookupKeyState(Operation::kScheduleKeyDeletion, rec->state, profile());
  if (!rule.allowed) return StateError(t, *rec, Operation::kScheduleKeyDeletion);
  KeyRecord next = *rec;
  next.state = KeyState::kPendingDeletion;
  next.deletion_date = now + days * kSecondsPerDay;
  next.pending_window_days = days;
  codec::ScheduleKeyDeletionResponse out;
  out.key_id = Arn(t);
  out.deletion_date = next.deletion_date;
  out.key_state = KeyState::kPendingDeletion;
  out.pending_window_in_days = days;
  if (auto e = Commit(t, rec, std::move(next))) return *e;
  return out;
}

Outcome<codec::CancelKeyDeletionResponse> Kms::Impl::CancelKeyDeletion(
    const Caller& c, const codec::CancelKeyDeletionRequest& r) {
  const auto resolved = Resolve(c, r.key_id, Operation::kCancelKeyDeletion);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  std::unique_lock<std::shared_mutex> lock(mu_);
  Outcome<KeyRecord*> found = FindForWrite(t, clock_.Now());
  if (!found.ok()) return found.error();
  KeyRecord* rec = found.value();
  if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
  const contract::StateRule rule =
      contract::LookupKeyState(Operation::kCancelKeyDeletion, rec->state, profile());
  if (!rule.allowed) return StateError(t, *rec, Operation::kCancelKeyDeletion);
  KeyRecord next = *rec;
  // Key-state table: "-> Disabled (PendingImport if it has no material)"; the fault
  // state.key-state-table undoes the deletion to Enabled instead.
  // (2026: with all of its permanently associated materials imported.)
  const KeyState with_material =
      Has(Fault::kStateKeyStateTable) ? KeyState::kEnabled : KeyState::kDisabled;
  next.state = next.AllPermanentImported() ? with_material : KeyState::kPendingImport;
  next.deletion_date.reset();
  next.pending_window_days = 0;
  if (auto e = Commit(t, rec, std::move(next))) return *e;
  codec::CancelKeyDeletionResponse out;
  out.key_id = Arn(t);
  return out;
}

}  // namespace kc::mock
