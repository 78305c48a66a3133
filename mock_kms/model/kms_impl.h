// Kms::Impl: the model's state and the helpers its operations share. Internal to
// mock_kms/model: kms.cc (creation, key lookup, upkeep, commit), kms_keys.cc (key
// lifecycle), kms_import.cc (the three import operations), kms_crypto.cc (Encrypt,
// Decrypt), kms_aliases.cc (the four alias operations).
//
// Locking: one shared_mutex guards the key store (keys and aliases). Reads (DescribeKey,
// ListKeys, ListAliases, Encrypt, Decrypt, GetParametersForImport's checks) take it shared;
// changes take it exclusive and journal the changed key or alias (fsync) before changing
// memory, so a failed write changes nothing. ImportKeyMaterial unwraps without the lock and
// re-checks the key afterwards. Resolve reads an alias under the shared lock on its own: the
// key it names is then read under a new lock, as if the request had arrived just before a
// concurrent UpdateAlias or DeleteAlias (AWS's aliases are eventually consistent too).
#ifndef KC_MOCK_KMS_MODEL_KMS_IMPL_H_
#define KC_MOCK_KMS_MODEL_KMS_IMPL_H_

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "harness/crypto/keys.h"
#include "mock_kms/model/errors.h"
#include "mock_kms/model/journal.h"
#include "mock_kms/model/key_id.h"
#include "mock_kms/model/key_record.h"
#include "mock_kms/model/key_store.h"
#include "mock_kms/model/kms.h"
#include "mock_kms/model/token_sealer.h"

namespace kc::mock {

using codec::ApiError;
using contract::ErrorType;
using contract::KeySpec;
using contract::KeyState;
using contract::Operation;
using contract::Origin;
using contract::Profile;

// KeyTarget: the key an operation addresses once its KeyId is resolved. The views point
// into the caller or the request, so they live as long as the call; the key id is a copy
// (an alias's target is read from the store under its lock).
struct KeyTarget {
  std::string_view account;
  std::string_view region;
  std::string key_id;
  bool by_arn = false;  // named by its key ARN (the fault gpfi.origin-external-only:2)
};

// Why a KeyId did not resolve to a key of the caller's (account, region) (the fault
// gpfi.key-not-found changes only kMalformed and kUnknown).
enum class LookupFailure { kMalformed, kUnknown, kOtherRegion, kOtherAccount, kAlias };

struct LookupError {
  ApiError error;
  LookupFailure kind;
};

// IssuedParameters: what one GetParametersForImport handed out. Kept per key (a few, in
// memory) only under the token faults that need to fall back on them.
struct IssuedParameters {
  std::uint64_t serial = 0;
  crypto::PrivateKey key;
  contract::WrappingAlgorithm algorithm;
  contract::WrappingKeySpec key_spec;
  EpochSeconds expires;
  Bytes token;  // the ImportToken as issued
};

// The algorithms AWS lists for a key spec (DescribeKey, GetPublicKey; the operations accept
// only these: "The encryption algorithm or signing algorithm specified for the operation is
// incompatible with the type of key material in the KMS key" is InvalidKeyUsageException).
std::vector<contract::SigningAlgorithm> SigningAlgorithmsOf(KeySpec spec);
std::vector<contract::MacAlgorithm> MacAlgorithmsOf(KeySpec spec);
std::vector<contract::EncryptionAlgorithm> EncryptionAlgorithmsOf(KeySpec spec);

// MaterialImport: one unwrapped, checked material of a 2026 ImportKeyMaterial of a
// symmetric key, and what the request says about it.
struct MaterialImport {
  ByteView material;
  crypto::Digest256 id{};
  contract::ImportType type = contract::ImportType::kNewKeyMaterial;
  contract::ExpirationModel expiration_model = contract::ExpirationModel::kKeyMaterialExpires;
  std::optional<EpochSeconds> valid_to;  // with KEY_MATERIAL_EXPIRES only
  std::optional<std::string> description;
};

class Kms::Impl {
 public:
  Impl(const KmsOptions& options, const Clock& clock, crypto::RandomSource& random,
       WrappingKeySource& wrapping_keys, Bytes secret, std::unique_ptr<Journal> journal,
       KeyStore store, std::vector<std::string> notes);
  ~Impl();

  // ---- operations ----
  Outcome<codec::CreateKeyResponse> CreateKey(const Caller& c, const codec::CreateKeyRequest& r);
  Outcome<codec::DescribeKeyResponse> DescribeKey(const Caller& c,
                                                  const codec::DescribeKeyRequest& r);
  Outcome<codec::ListKeysResponse> ListKeys(const Caller& c, const codec::ListKeysRequest& r);
  Outcome<codec::EmptyResponse> SetEnabled(const Caller& c, std::string_view key_id, Operation op);
  Outcome<codec::ScheduleKeyDeletionResponse> ScheduleKeyDeletion(
      const Caller& c, const codec::ScheduleKeyDeletionRequest& r);
  Outcome<codec::CancelKeyDeletionResponse> CancelKeyDeletion(
      const Caller& c, const codec::CancelKeyDeletionRequest& r);
  Outcome<codec::GetParametersForImportResponse> GetParametersForImport(
      const Caller& c, const codec::GetParametersForImportRequest& r);
  Outcome<codec::ImportKeyMaterialResponse> ImportKeyMaterial(
      const Caller& c, const codec::ImportKeyMaterialRequest& r);
  Outcome<codec::DeleteImportedKeyMaterialResponse> DeleteImportedKeyMaterial(
      const Caller& c, const codec::DeleteImportedKeyMaterialRequest& r);
  Outcome<codec::EncryptResponse> Encrypt(const Caller& c, const codec::EncryptRequest& r);
  Outcome<codec::DecryptResponse> Decrypt(const Caller& c, const codec::DecryptRequest& r);
  Outcome<codec::EmptyResponse> CreateAlias(const Caller& c, const codec::CreateAliasRequest& r);
  Outcome<codec::EmptyResponse> DeleteAlias(const Caller& c, const codec::DeleteAliasRequest& r);
  Outcome<codec::ListAliasesResponse> ListAliases(const Caller& c,
                                                  const codec::ListAliasesRequest& r);
  Outcome<codec::EmptyResponse> UpdateAlias(const Caller& c, const codec::UpdateAliasRequest& r);
  Outcome<codec::GetPublicKeyResponse> GetPublicKey(const Caller& c,
                                                    const codec::GetPublicKeyRequest& r);
  Outcome<codec::SignResponse> Sign(const Caller& c, const codec::SignRequest& r);
  Outcome<codec::VerifyResponse> Verify(const Caller& c, const codec::VerifyRequest& r);
  Outcome<codec::GenerateMacResponse> GenerateMac(const Caller& c,
                                                  const codec::GenerateMacRequest& r);
  Outcome<codec::VerifyMacResponse> VerifyMac(const Caller& c, const codec::VerifyMacRequest& r);
  Outcome<codec::RotateKeyOnDemandResponse> RotateKeyOnDemand(
      const Caller& c, const codec::RotateKeyOnDemandRequest& r);
  Outcome<codec::ListKeyRotationsResponse> ListKeyRotations(
      const Caller& c, const codec::ListKeyRotationsRequest& r);

  // ---- several materials per symmetric key, 2026 (kms_materials.cc) ----
  // ImportSymmetric2026: applies a checked import to a symmetric key (NEW_KEY_MATERIAL:
  // the first material, or material PENDING_ROTATION; EXISTING_KEY_MATERIAL: one of the
  // key's materials again). Requires mu_ exclusive.
  Outcome<codec::ImportKeyMaterialResponse> ImportSymmetric2026(const KeyTarget& t, KeyRecord* rec,
                                                                const MaterialImport& in);
  // DeleteOtherMaterial: deletes a material other than the current one (a NON_CURRENT
  // material's import; PENDING_ROTATION material leaves the key). Requires mu_ exclusive.
  std::optional<ApiError> DeleteOtherMaterial(const KeyTarget& t, KeyRecord* rec,
                                              const crypto::Digest256& id);
  // ExpireOthers: the other materials of `next` whose ValidTo has passed are deleted as by
  // DeleteImportedKeyMaterial; true when a NON_CURRENT one was (the key is then pending
  // import).
  static bool ExpireOthers(KeyRecord& next, EpochSeconds now);
  static bool OthersExpired(const KeyRecord& rec, EpochSeconds now);

  // ---- shared helpers (kms.cc) ----
  bool Has(Fault f) const { return options_.fault == f; }
  Profile profile() const { return options_.profile; }

  // Resolve: the key `input` names for `op` (proto.key-id-forms, gpfi.key-not-found,
  // gpfi.no-cross-account / ikm.no-cross-account). For DescribeKey, Encrypt and Decrypt an
  // alias name or ARN resolves to its target key (taking mu_ shared: never call it with mu_
  // held).
  std::variant<KeyTarget, LookupError> Resolve(const Caller& c, std::string_view input,
                                               Operation op) const;
  // ResolveAlias: the key an alias of the caller's (account, region) points to, when the
  // alias exists and its key has not reached its deletion date.
  std::optional<std::string> ResolveAlias(const Caller& c, std::string_view name) const;

  // NeedsUpkeep: the key's material has expired (ikm.material-expiry) or its deletion
  // date has passed.
  bool NeedsUpkeep(const KeyRecord& rec, EpochSeconds now) const;
  // IsGone: the key's deletion date has passed (it no longer exists).
  static bool IsGone(const KeyRecord& rec, EpochSeconds now);
  // FindForWrite: the key, after upkeep (journaled); nullptr when it does not exist.
  // Requires mu_ held exclusively.
  Outcome<KeyRecord*> FindForWrite(const KeyTarget& t, EpochSeconds now);

  // WithKeyRead: f(const KeyRecord* or nullptr) under the shared lock; when the key needs
  // upkeep, applies it under the exclusive lock first and calls f there.
  template <typename R, typename F>
  Outcome<R> WithKeyRead(const KeyTarget& t, EpochSeconds now, F&& f) {
    {
      std::shared_lock<std::shared_mutex> lock(mu_);
      const KeyRecord* rec = store_.Find(t.account, t.region, t.key_id);
      if (rec == nullptr || !NeedsUpkeep(*rec, now)) return f(rec);
    }
    std::unique_lock<std::shared_mutex> lock(mu_);
    Outcome<KeyRecord*> rec = FindForWrite(t, now);
    if (!rec.ok()) return rec.error();
    return f(static_cast<const KeyRecord*>(rec.value()));
  }

  // Commit: journals `next` (the new full state of *current) and then stores it; on a
  // journal failure nothing changes and the error is returned. Requires mu_ exclusive.
  std::optional<ApiError> Commit(const KeyTarget& t, KeyRecord* current, KeyRecord next);
  // CommitNew / CommitRemove: the same for a new key and a removed one.
  std::optional<ApiError> CommitNew(std::string_view account, std::string_view region,
                                    KeyRecord rec);
  std::optional<ApiError> CommitRemove(const KeyTarget& t);
  // CommitAlias / CommitAliasRemove: the same for an alias's new state and its removal.
  std::optional<ApiError> CommitAlias(const Caller& c, std::string_view name, AliasRecord rec);
  std::optional<ApiError> CommitAliasRemove(const Caller& c, std::string_view name);

  std::string Arn(const KeyTarget& t) const { return KeyArn(t.region, t.account, t.key_id); }
  codec::KeyMetadata Metadata(const KeyTarget& t, const KeyRecord& rec) const;
  ApiError StateError(const KeyTarget& t, const KeyRecord& rec, Operation op) const;
  std::string MaterialIdHex(const KeyRecord& rec) const;
  crypto::Digest256 ComputeMaterialId(std::string_view key_id, ByteView material) const;

  // ---- import helpers (kms_import.cc) ----
  // CheckImportTarget: origin, key spec and key state of the key an import operation
  // addresses (gpfi.* / ikm.* origin-external-only, no-asymmetric, no-hmac, key-state).
  std::optional<ApiError> CheckImportTarget(const KeyTarget& t, const KeyRecord& rec,
                                            Operation op) const;
  // GpfiNotFound: GetParametersForImport's reply for a key it cannot find (the fault
  // gpfi.key-not-found answers KMSInternalException instead).
  ApiError GpfiNotFound(const LookupError& e) const;
  // TakeWrappingKey: a fresh pair from the pool (the gpfi.fresh-wrapping-key faults reuse
  // one pair for every response, or one per KMS key).
  Result<crypto::PrivateKey> TakeWrappingKey(const KeyTarget& t, int bits);
  // RecordsIssued: whether the fault needs the parameters each response handed out.
  bool RecordsIssued() const;
  void RecordIssued(const KeyTarget& t, IssuedParameters issued);
  std::vector<IssuedParameters> IssuedFor(const KeyTarget& t);
  // UnwrapMaterial: the material inside `wrapped`, unwrapped with the token's key and
  // algorithm (ikm.token-same-response, ikm.algorithm-bound).
  Outcome<Bytes> UnwrapMaterial(const KeyTarget& t, const OpenedToken& token, ByteView wrapped);
  // ForgetEverything: every key and alias of every account is gone from memory (the fault
  // proto.robustness:2; the journal is not touched).
  void ForgetEverything();

  // ---- asymmetric and HMAC material in use (kms_sign.cc) ----
  // AsymmetricKeyOf: the private key of an asymmetric key's material (imported, or made by
  // EnsureKeyPair); UnsupportedOperationException for a key whose material this mock
  // cannot use (SM2, ML-DSA, Ed25519).
  Outcome<crypto::PrivateKey> AsymmetricKeyOf(const KeyTarget& t, const KeyRecord& rec) const;
  // NeedsKeyPair / EnsureKeyPair: an AWS_KMS RSA or ECC key gets its key pair on first use
  // (journaled like any change); EnsureKeyPair takes mu_ itself: never call it with mu_ held.
  static bool NeedsKeyPair(const KeyRecord& rec);
  std::optional<ApiError> EnsureKeyPair(const KeyTarget& t);
  // UsableKey: the checks every cryptographic operation makes first: the key exists, its
  // state allows op, its KeyUsage is `usage`.
  std::optional<ApiError> UsableKey(const KeyTarget& t, const KeyRecord* rec, Operation op,
                                    contract::KeyUsage usage) const;

  // ---- crypto helpers (kms_crypto.cc) ----
  // CheckCryptoKey: whether the key can perform op (Encrypt/Decrypt) with `alg`: key usage,
  // key spec and algorithm (InvalidKeyUsageException / UnsupportedOperationException).
  std::optional<ApiError> CheckCryptoKey(const KeyTarget& t, const KeyRecord& rec,
                                         contract::EncryptionAlgorithm alg, Operation op) const;
  // EncryptRsa / DecryptRsa: RSAES-OAEP under an RSA key's imported private key.
  Outcome<codec::EncryptResponse> EncryptRsa(const KeyTarget& t, const KeyRecord& rec,
                                             contract::EncryptionAlgorithm alg,
                                             const codec::EncryptRequest& r, bool dry_run);
  Outcome<codec::DecryptResponse> DecryptRsa(const KeyTarget& t, contract::EncryptionAlgorithm alg,
                                             ByteView ciphertext, bool dry_run);

  // ---- state ----
  const KmsOptions options_;
  const Clock& clock_;
  crypto::RandomSource& random_;
  WrappingKeySource& wrapping_keys_;
  Bytes secret_;
  crypto::Digest256 material_id_key_{};
  crypto::Digest256 marker_key_{};
  TokenSealer sealer_;
  std::unique_ptr<Journal> journal_;  // null without a state directory
  const std::vector<std::string> notes_;

  mutable std::shared_mutex mu_;
  KeyStore store_;              // guarded by mu_
  std::uint64_t next_seq_ = 1;  // guarded by mu_

  // Token faults: recent parameters per "account/region/key id", newest last.
  std::mutex issued_mu_;
  std::map<std::string, std::deque<IssuedParameters>> issued_;  // guarded by issued_mu_
  // gpfi.fresh-wrapping-key faults: the one pair per size every response carries, or (:2)
  // the pair per "account/region/key id/size".
  std::mutex fixed_pair_mu_;
  std::map<std::string, crypto::PrivateKey> fixed_pairs_;  // guarded by fixed_pair_mu_
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_KMS_IMPL_H_
