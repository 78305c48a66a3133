// Kms: creation (journal replay, compaction, the server secret), key-id resolution (aliases
// included), upkeep (material expiry, deletion at DeletionDate), commits, and the metadata
// every key operation answers with. The operations themselves are in kms_keys.cc,
// kms_import.cc, kms_crypto.cc and kms_aliases.cc.
#include "mock_kms/model/kms.h"

#include <algorithm>

#include <openssl/crypto.h>

#include "harness/contract/key_states.h"
#include "harness/contract/profile.h"
#include "mock_kms/model/key_id.h"
#include "mock_kms/model/kms_impl.h"
#include "mock_kms/model/material.h"
#include "mock_kms/model/server_secret.h"

namespace kc::mock {
namespace {

using contract::EncryptionAlgorithm;
using contract::KeyUsage;
using contract::MacAlgorithm;
using contract::SigningAlgorithm;

bool MaterialExpired(const KeyRecord& rec, EpochSeconds now) {
  return rec.has_material && rec.origin == Origin::kExternal &&
         rec.expiration_model == contract::ExpirationModel::kKeyMaterialExpires &&
         rec.valid_to.has_value() && now >= *rec.valid_to;
}

void WipePayload(Bytes& b) {
  if (!b.empty()) OPENSSL_cleanse(b.data(), b.size());
}

}  // namespace

std::vector<SigningAlgorithm> SigningAlgorithmsOf(KeySpec spec) {
  using S = SigningAlgorithm;
  switch (spec) {
    case KeySpec::kRsa2048:
    case KeySpec::kRsa3072:
    case KeySpec::kRsa4096:
      return {S::kRsassaPssSha256,      S::kRsassaPssSha384,      S::kRsassaPssSha512,
              S::kRsassaPkcs1V15Sha256, S::kRsassaPkcs1V15Sha384, S::kRsassaPkcs1V15Sha512};
    case KeySpec::kEccNistP256:
    case KeySpec::kEccSecgP256k1:
      return {S::kEcdsaSha256};
    case KeySpec::kEccNistP384:
      return {S::kEcdsaSha384};
    case KeySpec::kEccNistP521:
      return {S::kEcdsaSha512};
    case KeySpec::kSm2:
      return {S::kSm2Dsa};
    case KeySpec::kMlDsa44:
    case KeySpec::kMlDsa65:
    case KeySpec::kMlDsa87:
      return {S::kMlDsaShake256};
    case KeySpec::kEccNistEdwards25519:
      return {S::kEd25519Sha512, S::kEd25519PhSha512};
    default:
      return {};
  }
}

std::vector<MacAlgorithm> MacAlgorithmsOf(KeySpec spec) {
  switch (spec) {
    case KeySpec::kHmac224:
      return {MacAlgorithm::kHmacSha224};
    case KeySpec::kHmac256:
      return {MacAlgorithm::kHmacSha256};
    case KeySpec::kHmac384:
      return {MacAlgorithm::kHmacSha384};
    case KeySpec::kHmac512:
      return {MacAlgorithm::kHmacSha512};
    default:
      return {};
  }
}

std::vector<EncryptionAlgorithm> EncryptionAlgorithmsOf(KeySpec spec) {
  if (spec == KeySpec::kSymmetricDefault) return {EncryptionAlgorithm::kSymmetricDefault};
  if (spec == KeySpec::kSm2) return {EncryptionAlgorithm::kSm2Pke};
  if (contract::RsaBits(spec) != 0) {
    return {EncryptionAlgorithm::kRsaesOaepSha1, EncryptionAlgorithm::kRsaesOaepSha256};
  }
  return {};
}

// ---------------------------------------------------------------- creation

Kms::Impl::Impl(const KmsOptions& options, const Clock& clock, crypto::RandomSource& random,
                WrappingKeySource& wrapping_keys, Bytes secret, std::unique_ptr<Journal> journal,
                KeyStore store, std::vector<std::string> notes)
    : options_(options),
      clock_(clock),
      random_(random),
      wrapping_keys_(wrapping_keys),
      secret_(std::move(secret)),
      material_id_key_(MaterialIdKey(secret_)),
      marker_key_(crypto::HmacSha256(secret_, AsBytes("kmsconform mock list marker v1"))),
      sealer_(secret_, random),
      journal_(std::move(journal)),
      notes_(std::move(notes)),
      store_(std::move(store)) {
  std::uint64_t max_seq = 0;
  store_.ForEach([&](std::string_view, std::string_view, const KeyRecord& rec) {
    max_seq = std::max(max_seq, rec.seq);
  });
  next_seq_ = max_seq + 1;
}

Kms::Impl::~Impl() {
  OPENSSL_cleanse(secret_.data(), secret_.size());
  OPENSSL_cleanse(material_id_key_.data(), material_id_key_.size());
  OPENSSL_cleanse(marker_key_.data(), marker_key_.size());
}

Result<std::unique_ptr<Kms>> Kms::Create(const KmsOptions& options, const Clock& clock,
                                         crypto::RandomSource& random,
                                         WrappingKeySource& wrapping_keys) {
  KeyStore store;
  std::vector<std::string> notes;
  std::unique_ptr<Journal> journal;
  Bytes secret;
  if (options.state_dir) {
    const std::filesystem::path& dir = *options.state_dir;
    // Replay: the last record of each key or alias wins (a key's removal takes its aliases
    // with it); a payload that does not decode ends the replay like a torn record. An alias
    // whose key is not there (which the model never writes) is dropped.
    auto accept = [&store](ByteView payload) {
      std::optional<JournalEntry> e = DecodeJournalEntry(payload);
      if (!e) return false;
      switch (e->op) {
        case JournalOp::kPutKey:
          store.Put(e->account, e->region, std::move(e->key));
          break;
        case JournalOp::kRemoveKey:
          store.Erase(e->account, e->region, e->key.key_id);
          break;
        case JournalOp::kPutAlias:
          if (store.Find(e->account, e->region, e->alias.target_key_id) != nullptr) {
            store.PutAlias(e->account, e->region, e->alias_name, std::move(e->alias));
          }
          break;
        case JournalOp::kRemoveAlias:
          store.EraseAlias(e->account, e->region, e->alias_name);
          break;
      }
      return true;
    };
    KC_ASSIGN_OR_RETURN(journal, Journal::Open(dir, accept, &notes));
    KC_ASSIGN_OR_RETURN(secret, LoadOrCreateSecret(dir, random));
    // Compaction: one record per live key, then one per alias (after the keys they point
    // to), so the journal does not grow forever.
    std::vector<Bytes> payloads;
    payloads.reserve(store.size() + store.alias_count());
    store.ForEach([&](std::string_view account, std::string_view region, const KeyRecord& rec) {
      payloads.push_back(EncodeKeyPut(account, region, rec));
    });
    store.ForEachAlias([&](std::string_view account, std::string_view region,
                           const std::string& name, const AliasRecord& alias) {
      payloads.push_back(EncodeAliasPut(account, region, name, alias));
    });
    Status s = journal->Rewrite(payloads);
    for (Bytes& p : payloads) WipePayload(p);
    KC_RETURN_IF_ERROR(s);
  } else {
    secret = random.Generate(kServerSecretSize);
  }
  auto impl = std::make_unique<Impl>(options, clock, random, wrapping_keys, std::move(secret),
                                     std::move(journal), std::move(store), std::move(notes));
  return std::unique_ptr<Kms>(new Kms(std::move(impl)));
}

Kms::Kms(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Kms::~Kms() = default;

const KmsOptions& Kms::options() const { return impl_->options_; }

contract::Profile Kms::decode_profile() const {
  // The codec refuses values outside the decode profile's enums before the model sees
  // them; these two faults need the 2026 values to reach the model, which then re-checks
  // every other member against the real profile.
  if (impl_->Has(Fault::kGpfiWrappingKeySpec) || impl_->Has(Fault::kGpfiWrappingAlgorithm)) {
    return Profile::k2026;
  }
  return impl_->profile();
}

void Kms::ForgetEverything() { impl_->ForgetEverything(); }

std::size_t Kms::KeyCount() const {
  std::shared_lock<std::shared_mutex> lock(impl_->mu_);
  return impl_->store_.size();
}

std::size_t Kms::AliasCount() const {
  std::shared_lock<std::shared_mutex> lock(impl_->mu_);
  return impl_->store_.alias_count();
}

std::vector<std::string> Kms::RecoveryNotes() const { return impl_->notes_; }

// ---------------------------------------------------------------- forwarding

Outcome<codec::CreateKeyResponse> Kms::CreateKey(const Caller& c,
                                                 const codec::CreateKeyRequest& r) {
  return impl_->CreateKey(c, r);
}
Outcome<codec::DescribeKeyResponse> Kms::DescribeKey(const Caller& c,
                                                     const codec::DescribeKeyRequest& r) {
  return impl_->DescribeKey(c, r);
}
Outcome<codec::ListKeysResponse> Kms::ListKeys(const Caller& c, const codec::ListKeysRequest& r) {
  return impl_->ListKeys(c, r);
}
Outcome<codec::EmptyResponse> Kms::EnableKey(const Caller& c, const codec::EnableKeyRequest& r) {
  return impl_->SetEnabled(c, r.key_id, Operation::kEnableKey);
}
Outcome<codec::EmptyResponse> Kms::DisableKey(const Caller& c, const codec::DisableKeyRequest& r) {
  return impl_->SetEnabled(c, r.key_id, Operation::kDisableKey);
}
Outcome<codec::ScheduleKeyDeletionResponse> Kms::ScheduleKeyDeletion(
    const Caller& c, const codec::ScheduleKeyDeletionRequest& r) {
  return impl_->ScheduleKeyDeletion(c, r);
}
Outcome<codec::CancelKeyDeletionResponse> Kms::CancelKeyDeletion(
    const Caller& c, const codec::CancelKeyDeletionRequest& r) {
  return impl_->CancelKeyDeletion(c, r);
}
Outcome<codec::GetParametersForImportResponse> Kms::GetParametersForImport(
    const Caller& c, const codec::GetParametersForImportRequest& r) {
  return impl_->GetParametersForImport(c, r);
}
Outcome<codec::ImportKeyMaterialResponse> Kms::ImportKeyMaterial(
    const Caller& c, const codec::ImportKeyMaterialRequest& r) {
  return impl_->ImportKeyMaterial(c, r);
}
Outcome<codec::DeleteImportedKeyMaterialResponse> Kms::DeleteImportedKeyMaterial(
    const Caller& c, const codec::DeleteImportedKeyMaterialRequest& r) {
  return impl_->DeleteImportedKeyMaterial(c, r);
}
Outcome<codec::EncryptResponse> Kms::Encrypt(const Caller& c, const codec::EncryptRequest& r) {
  return impl_->Encrypt(c, r);
}
Outcome<codec::DecryptResponse> Kms::Decrypt(const Caller& c, const codec::DecryptRequest& r) {
  return impl_->Decrypt(c, r);
}
Outcome<codec::EmptyResponse> Kms::CreateAlias(const Caller& c,
                                               const codec::CreateAliasRequest& r) {
  return impl_->CreateAlias(c, r);
}
Outcome<codec::EmptyResponse> Kms::DeleteAlias(const Caller& c,
                                               const codec::DeleteAliasRequest& r) {
  return impl_->DeleteAlias(c, r);
}
Outcome<codec::ListAliasesResponse> Kms::ListAliases(const Caller& c,
                                                     const codec::ListAliasesRequest& r) {
  return impl_->ListAliases(c, r);
}
Outcome<codec::EmptyResponse> Kms::UpdateAlias(const Caller& c,
                                               const codec::UpdateAliasRequest& r) {
  return impl_->UpdateAlias(c, r);
}
Outcome<codec::GetPublicKeyResponse> Kms::GetPublicKey(const Caller& c,
                                                       const codec::GetPublicKeyRequest& r) {
  return impl_->GetPublicKey(c, r);
}
Outcome<codec::SignResponse> Kms::Sign(const Caller& c, const codec::SignRequest& r) {
  return impl_->Sign(c, r);
}
Outcome<codec::VerifyResponse> Kms::Verify(const Caller& c, const codec::VerifyRequest& r) {
  return impl_->Verify(c, r);
}
Outcome<codec::GenerateMacResponse> Kms::GenerateMac(const Caller& c,
                                                     const codec::GenerateMacRequest& r) {
  return impl_->GenerateMac(c, r);
}
Outcome<codec::VerifyMacResponse> Kms::VerifyMac(const Caller& c,
                                                 const codec::VerifyMacRequest& r) {
  return impl_->VerifyMac(c, r);
}
Outcome<codec::RotateKeyOnDemandResponse> Kms::RotateKeyOnDemand(
    const Caller& c, const codec::RotateKeyOnDemandRequest& r) {
  return impl_->RotateKeyOnDemand(c, r);
}
Outcome<codec::ListKeyRotationsResponse> Kms::ListKeyRotations(
    const Caller& c, const codec::ListKeyRotationsRequest& r) {
  return impl_->ListKeyRotations(c, r);
}

// ---------------------------------------------------------------- key ids

std::optional<std::string> Kms::Impl::ResolveAlias(const Caller& c, std::string_view name) const {
  const EpochSeconds now = clock_.Now();
  std::shared_lock<std::shared_mutex> lock(mu_);
  const AliasRecord* alias = store_.FindAlias(c.account, c.region, name);
  if (alias == nullptr) return std::nullopt;
  // A key past its deletion date is gone, and its aliases with it (upkeep removes both at
  // the next change; until then they are not found).
  const KeyRecord* key = store_.Find(c.account, c.region, alias->target_key_id);
  if (key == nullptr || IsGone(*key, now)) return std::nullopt;
  return alias->target_key_id;
}

std::variant<KeyTarget, LookupError> Kms::Impl::Resolve(const Caller& c, std::string_view input,
                                                        Operation op) const {
  // DescribeKey, Encrypt and Decrypt take aliases: "To specify a KMS key, use its key ID, key
  // ARN, alias name, or alias ARN." The other operations here say "Specify the key ID or key
  // ARN of the KMS key" and refuse an alias as an id, also one that exists
  // (proto.key-id-forms: "an alias is refused by ImportKeyMaterial"): NotFoundException
  // "Invalid keyId '<input>'", as for a malformed id (type inferred).
  // Fault proto.key-id-forms:2: aliases resolve for every operation.
  // GetPublicKey, Sign, Verify, GenerateMac and VerifyMac take aliases too ("use its key ID,
  // key ARN, alias name, or alias ARN", their models' KeyId).
  const bool alias_form_ok =
      op == Operation::kDescribeKey || op == Operation::kEncrypt || op == Operation::kDecrypt ||
      op == Operation::kGetPublicKey || op == Operation::kSign || op == Operation::kVerify ||
      op == Operation::kGenerateMac || op == Operation::kVerifyMac || Has(Fault::kProtoKeyIdForms2);
  const bool import_op = op == Operation::kGetParametersForImport ||
                         op == Operation::kImportKeyMaterial ||
                         op == Operation::kDeleteImportedKeyMaterial;
  const KeyRef ref = ParseKeyRef(input);
  switch (ref.kind) {
    case KeyRefKind::kMalformed:
      return LookupError{InvalidKeyIdError(input), LookupFailure::kMalformed};
    case KeyRefKind::kAliasName:
      if (!alias_form_ok) return LookupError{InvalidKeyIdError(input), LookupFailure::kAlias};
      if (auto key_id = ResolveAlias(c, ref.resource)) {
        return KeyTarget{c.account, c.region, std::move(*key_id)};
      }
      return LookupError{AliasNotFoundError(AliasArn(c.region, c.account, ref.resource)),
                         LookupFailure::kAlias};
    case KeyRefKind::kAliasArn:
      if (!alias_form_ok) return LookupError{InvalidKeyIdError(input), LookupFailure::kAlias};
      if (ref.region != c.region) {
        return LookupError{InvalidArnRegionError(ref.region), LookupFailure::kOtherRegion};
      }
      if (ref.account != c.account) {
        // Another account's alias is never reached, as another account's key ARN
        // (gpfi.no-cross-account): the mock has no key policies that could allow it.
        return LookupError{AliasNotFoundError(input), LookupFailure::kOtherAccount};
      }
      if (auto key_id = ResolveAlias(c, ref.resource)) {
        return KeyTarget{c.account, c.region, std::move(*key_id)};
      }
      return LookupError{AliasNotFoundError(input), LookupFailure::kAlias};
    case KeyRefKind::kKeyId:
      return KeyTarget{c.account, c.region, std::string(ref.resource)};
    case KeyRefKind::kKeyArn:
      break;
  }
  if (import_op && Has(Fault::kProtoKeyIdForms)) {
    // Fault proto.key-id-forms: the import operations refuse key ARNs.
    return LookupError{InvalidKeyIdError(input), LookupFailure::kAlias};
  }
  const bool gpfi = op == Operation::kGetParametersForImport;
  const bool ikm = op == Operation::kImportKeyMaterial;
  // The caller's own key of the ARN's key id (the faults that ignore part of the ARN).
  const KeyTarget own{c.account, c.region, std::string(ref.resource), /*by_arn=*/true};
  if (ref.region != c.region) {
    // Fault gpfi.key-not-found:2: the region of a key ARN is ignored.
    if (gpfi && Has(Fault::kGpfiKeyNotFound2)) return own;
    return LookupError{InvalidArnRegionError(ref.region), LookupFailure::kOtherRegion};
  }
  if (ref.account != c.account) {
    // gpfi.no-cross-account / ikm.no-cross-account: another account's key is never reached
    // (the two faults reach it; the two :2 faults ignore the account and reach the caller's
    // own key of that id, as floci does).
    if ((gpfi && Has(Fault::kGpfiNoCrossAccount)) || (ikm && Has(Fault::kIkmNoCrossAccount))) {
      return KeyTarget{ref.account, ref.region, std::string(ref.resource), /*by_arn=*/true};
    }
    if ((gpfi && Has(Fault::kGpfiNoCrossAccount2)) || (ikm && Has(Fault::kIkmNoCrossAccount2))) {
      return own;
    }
    return LookupError{KeyDoesNotExistError(input), LookupFailure::kOtherAccount};
  }
  return own;
}

// ---------------------------------------------------------------- upkeep and commits

bool Kms::Impl::IsGone(const KeyRecord& rec, EpochSeconds now) {
  return rec.state == KeyState::kPendingDeletion && rec.deletion_date.has_value() &&
         now >= *rec.deletion_date;
}

bool Kms::Impl::NeedsUpkeep(const KeyRecord& rec, EpochSeconds now) const {
  if (IsGone(rec, now)) return true;
  // Fault ikm.material-expiry: material never expires. Fault ikm.material-expiry:2: nor
  // does it here, but Metadata reports it as expired (expiry judged by DescribeKey only).
  return (MaterialExpired(rec, now) || OthersExpired(rec, now)) &&
         !Has(Fault::kIkmMaterialExpiry) && !Has(Fault::kIkmMaterialExpiry2);
}

void Kms::Impl::ForgetEverything() {
  std::unique_lock<std::shared_mutex> lock(mu_);
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> keys;
  store_.ForEach([&](std::string_view account, std::string_view region, const KeyRecord& rec) {
    keys.push_back({rec.key_id, {std::string(account), std::string(region)}});
  });
  for (const auto& [key_id, where] : keys) store_.Erase(where.first, where.second, key_id);
}

Outcome<KeyRecord*> Kms::Impl::FindForWrite(const KeyTarget& t, EpochSeconds now) {
  KeyRecord* rec = store_.Find(t.account, t.region, t.key_id);
  if (rec == nullptr || !NeedsUpkeep(*rec, now)) return rec;
  if (IsGone(*rec, now)) {
    // AWS deletes the key at its DeletionDate; from then on it does not exist.
    if (auto e = CommitRemove(t)) return *e;
    return static_cast<KeyRecord*>(nullptr);
  }
  // ikm.material-expiry: "At ValidTo AWS deletes the material and the key goes to
  // PendingImport" (a key pending deletion stays so). Like DeleteImportedKeyMaterial, the
  // expiration model and ValidTo go with the material.
  // 2026: expiry per material. "If you delete any of these key materials or allow them to
  // expire, the KMS key state changes to PendingImport" (import guide), except material
  // PENDING_ROTATION, which leaves the key (ExpireOthers).
  KeyRecord next = *rec;
  bool pending_import = false;
  if (MaterialExpired(*rec, now)) {
    WipeMaterial(next);
    next.has_material = false;
    next.expiration_model.reset();
    next.valid_to.reset();
    pending_import = true;
  }
  if (ExpireOthers(next, now)) pending_import = true;
  if (pending_import && next.state != KeyState::kPendingDeletion) {
    next.state = KeyState::kPendingImport;
  }
  if (auto e = Commit(t, rec, std::move(next))) return *e;
  return rec;
}

std::optional<ApiError> Kms::Impl::Commit(const KeyTarget& t, KeyRecord* current, KeyRecord next) {
  if (journal_) {
    Bytes payload = EncodeKeyPut(t.account, t.region, next);
    Status s = journal_->Append(payload);
    WipePayload(payload);
    if (!s.ok()) {
      WipeAllMaterial(next);
      return InternalFailure(s.message());
    }
  }
  WipeAllMaterial(*current);
  *current = std::move(next);
  return std::nullopt;
}

std::optional<ApiError> Kms::Impl::CommitNew(std::string_view account, std::string_view region,
                                             KeyRecord rec) {
  if (journal_) {
    Bytes payload = EncodeKeyPut(account, region, rec);
    Status s = journal_->Append(payload);
    WipePayload(payload);
    if (!s.ok()) {
      WipeAllMaterial(rec);
      return InternalFailure(s.message());
    }
  }
  store_.Put(account, region, std::move(rec));
  return std::nullopt;
}

std::optional<ApiError> Kms::Impl::CommitRemove(const KeyTarget& t) {
  if (journal_) {
    Status s = journal_->Append(EncodeKeyRemove(t.account, t.region, t.key_id));
    if (!s.ok()) return InternalFailure(s.message());
  }
  // The key's aliases go with it (KeyStore::Erase; the replay of this record does the same).
  store_.Erase(t.account, t.region, t.key_id);
  return std::nullopt;
}

std::optional<ApiError> Kms::Impl::CommitAlias(const Caller& c, std::string_view name,
                                               AliasRecord rec) {
  if (journal_) {
    Status s = journal_->Append(EncodeAliasPut(c.account, c.region, name, rec));
    if (!s.ok()) return InternalFailure(s.message());
  }
  store_.PutAlias(c.account, c.region, name, std::move(rec));
  return std::nullopt;
}

std::optional<ApiError> Kms::Impl::CommitAliasRemove(const Caller& c, std::string_view name) {
  if (journal_) {
    Status s = journal_->Append(EncodeAliasRemove(c.account, c.region, name));
    if (!s.ok()) return InternalFailure(s.message());
  }
  store_.EraseAlias(c.account, c.region, name);
  return std::nullopt;
}

// ---------------------------------------------------------------- replies

ApiError Kms::Impl::StateError(const KeyTarget& t, const KeyRecord& rec, Operation op) const {
  const contract::StateRule rule = contract::LookupKeyState(op, rec.state, profile());
  return ApiError::Of(rule.error, contract::KeyStateMessage(Arn(t), rec.state, op));
}

crypto::Digest256 Kms::Impl::ComputeMaterialId(std::string_view key_id, ByteView material) const {
  return MaterialId(material_id_key_, key_id, material);
}

std::string Kms::Impl::MaterialIdHex(const KeyRecord& rec) const {
  return rec.material_id ? HexEncode(*rec.material_id) : std::string();
}

codec::KeyMetadata Kms::Impl::Metadata(const KeyTarget& t, const KeyRecord& rec) const {
  codec::KeyMetadata m;
  m.aws_account_id = std::string(t.account);
  m.key_id = rec.key_id;
  m.arn = Arn(t);
  m.creation_date = rec.creation_date;
  m.enabled = rec.enabled();
  m.description = rec.description;
  m.key_usage = rec.usage;
  m.key_state = rec.state;
  if (Has(Fault::kIkmMaterialExpiry2) && rec.state != KeyState::kPendingDeletion &&
      MaterialExpired(rec, clock_.Now())) {
    // Fault ikm.material-expiry:2: the expiry shows here only (NeedsUpkeep skips it).
    m.key_state = KeyState::kPendingImport;
    m.enabled = false;
  }
  if (rec.state == KeyState::kPendingDeletion) {
    m.deletion_date = rec.deletion_date;
    m.pending_deletion_window_in_days = rec.pending_window_days;
  }
  // ikm.lifecycle: "After import: ExpirationModel set, ValidTo when the material expires";
  // dikm.lifecycle: "ExpirationModel removed" (a key's expiration model goes with its
  // material: DeleteImportedKeyMaterial and material expiry reset it). Fault ikm.lifecycle:2
  // leaves both out.
  if (rec.origin == Origin::kExternal && rec.expiration_model && !Has(Fault::kIkmLifecycle2)) {
    m.expiration_model = rec.expiration_model;
    m.valid_to = rec.valid_to;
  }
  m.origin = rec.origin;
  m.key_manager = contract::KeyManager::kCustomer;
  // The deprecated CustomerMasterKeySpec is echoed as AWS does, for the specs its enum has.
  if (contract::InProfile(rec.spec, Profile::k2022)) m.customer_master_key_spec = rec.spec;
  m.key_spec = rec.spec;
  switch (rec.usage) {
    case KeyUsage::kEncryptDecrypt:
      m.encryption_algorithms = EncryptionAlgorithmsOf(rec.spec);
      break;
    case KeyUsage::kSignVerify:
      m.signing_algorithms = SigningAlgorithmsOf(rec.spec);
      break;
    case KeyUsage::kGenerateVerifyMac:
      m.mac_algorithms = MacAlgorithmsOf(rec.spec);
      break;
    case KeyUsage::kKeyAgreement:
      m.key_agreement_algorithms =
          std::vector<contract::KeyAgreementAlgorithm>{contract::KeyAgreementAlgorithm::kEcdh};
      break;
  }
  m.multi_region = rec.multi_region;
  // CurrentKeyMaterialId: "This value is present for symmetric encryption keys with AWS_KMS
  // or EXTERNAL origin." (2026 model). The current material stays current while its import
  // is deleted or expired (ListKeyRotations lists it as CURRENT, PENDING_IMPORT), so its id
  // is still shown then (inferred); a key that never had material has none.
  if (profile() == Profile::k2026 && rec.spec == KeySpec::kSymmetricDefault && rec.material_id) {
    m.current_key_material_id = HexEncode(*rec.material_id);
  }
  return m;
}

}  // namespace kc::mock
