// The import operations: GetParametersForImport, ImportKeyMaterial,
// DeleteImportedKeyMaterial (CONTRACT.md gpfi.*, ikm.*, dikm.*).
#include <algorithm>
#include <cmath>
#include <mutex>

#include <openssl/crypto.h>

#include "harness/contract/key_states.h"
#include "harness/contract/profile.h"
#include "harness/crypto/wrap.h"
#include "mock_kms/model/kms_impl.h"
#include "mock_kms/model/material.h"

namespace kc::mock {
namespace {

using contract::EnumKind;
using contract::ExpirationModel;
using contract::ImportType;
using contract::WrappingAlgorithm;
using contract::WrappingKeySpec;

constexpr std::size_t kIssuedPerKey = 8;
constexpr std::size_t kSymmetricMaterialSize = 32;  // ikm.material-length: 256 bits
constexpr std::size_t kIssuedKeys = 4096;

// Wiped: secret bytes (unwrapped material) cleansed when they go out of scope.
struct Wiped {
  Bytes b;
  Wiped() = default;
  explicit Wiped(Bytes v) : b(std::move(v)) {}
  Wiped(const Wiped&) = delete;
  Wiped& operator=(const Wiped&) = delete;
  ~Wiped() {
    if (!b.empty()) OPENSSL_cleanse(b.data(), b.size());
  }
};

std::optional<crypto::WrapAlgorithm> CryptoAlgorithm(WrappingAlgorithm a) {
  switch (a) {
    case WrappingAlgorithm::kRsaesPkcs1V15:
      return crypto::WrapAlgorithm::kRsaesPkcs1V15;
    case WrappingAlgorithm::kRsaesOaepSha1:
      return crypto::WrapAlgorithm::kRsaesOaepSha1;
    case WrappingAlgorithm::kRsaesOaepSha256:
      return crypto::WrapAlgorithm::kRsaesOaepSha256;
    case WrappingAlgorithm::kRsaAesKeyWrapSha1:
      return crypto::WrapAlgorithm::kRsaAesKeyWrapSha1;
    case WrappingAlgorithm::kRsaAesKeyWrapSha256:
      return crypto::WrapAlgorithm::kRsaAesKeyWrapSha256;
    case WrappingAlgorithm::kSm2Pke:
      return std::nullopt;  // China Regions only
  }
  return std::nullopt;
}

std::string IssuedKeyName(const KeyTarget& t) {
  std::string k(t.account);
  k.append("/").append(t.region).append("/").append(t.key_id);
  return k;
}

ApiError InvalidToken(std::string message) {
  return ApiError::Of(ErrorType::kInvalidImportTokenException, std::move(message));
}

// ikm.valid-to. The first text is recorded against AWS; the others are inferred.
// enforce_max false: the fault ikm.valid-to:2 (no 365-day limit).
std::optional<ApiError> CheckValidTo(ExpirationModel model, std::optional<EpochSeconds> valid_to,
                                     EpochSeconds now, bool enforce_max) {
  if (model == ExpirationModel::kKeyMaterialDoesNotExpire) {
    if (valid_to) {
      return ValidationError(
          "A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE");
    }
    return std::nullopt;
  }
  if (!valid_to) {
    return ValidationError(
        "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES");
  }
  if (!(*valid_to > now)) return ValidationError("The validTo date must be in the future.");
  if (enforce_max && *valid_to > now + contract::kMaxValidToSeconds) {
    return ValidationError("The validTo date must be no more than 365 days in the future.");
  }
  return std::nullopt;
}

}  // namespace

// ---------------------------------------------------------------- shared checks

std::optional<ApiError> Kms::Impl::CheckImportTarget(const KeyTarget& t, const KeyRecord& rec,
                                                     Operation op) const {
  const bool gpfi = op == Operation::kGetParametersForImport;
  // *.origin-external-only: checked before the state, whatever the state. Faults: no check
  // (gpfi, ikm); gpfi.origin-external-only:2 checks only a key named by its bare id;
  // ikm.origin-external-only:2 refuses with another error type.
  if (rec.origin != Origin::kExternal) {
    if (!gpfi && Has(Fault::kIkmOriginExternalOnly2)) {
      return ApiError::Of(ErrorType::kKMSInvalidStateException,
                          Arn(t) + " is not an EXTERNAL key awaiting key material.");
    }
    const bool waived =
        Has(gpfi ? Fault::kGpfiOriginExternalOnly : Fault::kIkmOriginExternalOnly) ||
        (gpfi && t.by_arn && Has(Fault::kGpfiOriginExternalOnly2));
    if (!waived) return OriginNotValidError(Arn(t), rec.origin);
  }
  // *.no-asymmetric / *.no-hmac (2022); in 2026 the specs contract::CanImport allows.
  // Faults: no check; the :2 faults let non-RSA asymmetric (ECC) keys through, or refuse HMAC
  // keys with another error type.
  if (!contract::CanImport(profile(), rec.spec)) {
    const bool hmac = contract::IsHmac(rec.spec);
    const bool ecc = contract::IsAsymmetric(rec.spec) && contract::RsaBits(rec.spec) == 0;
    if (hmac && Has(gpfi ? Fault::kGpfiNoHmac2 : Fault::kIkmNoHmac2)) {
      return ApiError::Of(
          gpfi ? ErrorType::kKMSInvalidStateException : ErrorType::kValidationException,
          Arn(t) + " is an HMAC key: its key material cannot be imported.");
    }
    const bool waived = (hmac && Has(gpfi ? Fault::kGpfiNoHmac : Fault::kIkmNoHmac)) ||
                        (contract::IsAsymmetric(rec.spec) &&
                         Has(gpfi ? Fault::kGpfiNoAsymmetric : Fault::kIkmNoAsymmetric)) ||
                        (ecc && Has(gpfi ? Fault::kGpfiNoAsymmetric2 : Fault::kIkmNoAsymmetric2));
    if (!waived) return KeySpecNotValidError(Arn(t), rec.spec);
  }
  // *.key-state, from the key-state table. Faults: PendingDeletion allowed (gpfi, ikm);
  // gpfi.key-state:2 refuses Disabled; ikm.key-state:2 answers PendingDeletion as a key that
  // does not exist.
  if (gpfi && rec.state == KeyState::kDisabled && Has(Fault::kGpfiKeyState2)) {
    return ApiError::Of(ErrorType::kKMSInvalidStateException, Arn(t) + " is disabled.");
  }
  const contract::StateRule rule = contract::LookupKeyState(op, rec.state, profile());
  if (!rule.allowed) {
    if (!gpfi && rec.state == KeyState::kPendingDeletion && Has(Fault::kIkmKeyState2)) {
      return KeyDoesNotExistError(Arn(t));
    }
    const bool waived = rec.state == KeyState::kPendingDeletion &&
                        Has(gpfi ? Fault::kGpfiKeyState : Fault::kIkmKeyState);
    if (!waived) return StateError(t, rec, op);
  }
  return std::nullopt;
}

ApiError Kms::Impl::GpfiNotFound(const LookupError& e) const {
  // Fault gpfi.key-not-found: an unknown or malformed key id answers a 500.
  if (Has(Fault::kGpfiKeyNotFound) &&
      (e.kind == LookupFailure::kMalformed || e.kind == LookupFailure::kUnknown)) {
    return ApiError::Of(ErrorType::kKMSInternalException,
                        "The request could not be completed because of an internal error.");
  }
  return e.error;
}

Result<crypto::PrivateKey> Kms::Impl::TakeWrappingKey(const KeyTarget& t, int bits) {
  // Faults gpfi.fresh-wrapping-key: every response carries the same pair; :2, every
  // response for the same KMS key (different keys still get different pairs).
  std::string slot;
  if (Has(Fault::kGpfiFreshWrappingKey2)) {
    slot = IssuedKeyName(t) + "/";
  } else if (!Has(Fault::kGpfiFreshWrappingKey)) {
    return wrapping_keys_.Take(bits);
  }
  slot += std::to_string(bits);
  std::lock_guard<std::mutex> lock(fixed_pair_mu_);
  const auto it = fixed_pairs_.find(slot);
  if (it != fixed_pairs_.end()) return it->second;
  Result<crypto::PrivateKey> key = wrapping_keys_.Take(bits);
  if (key.ok()) {
    if (fixed_pairs_.size() >= kIssuedKeys) fixed_pairs_.erase(fixed_pairs_.begin());
    fixed_pairs_.emplace(std::move(slot), *key);
  }
  return key;
}

bool Kms::Impl::RecordsIssued() const {
  return Has(Fault::kIkmTokenSameResponse) || Has(Fault::kIkmTokenSameResponse2) ||
         Has(Fault::kIkmTokenTampered) || Has(Fault::kIkmTokenTampered2);
}

void Kms::Impl::RecordIssued(const KeyTarget& t, IssuedParameters issued) {
  std::lock_guard<std::mutex> lock(issued_mu_);
  std::string name = IssuedKeyName(t);
  auto it = issued_.find(name);
  if (it == issued_.end()) {
    if (issued_.size() >= kIssuedKeys) issued_.erase(issued_.begin());
    it = issued_.emplace(std::move(name), std::deque<IssuedParameters>{}).first;
  }
  it->second.push_back(std::move(issued));
  if (it->second.size() > kIssuedPerKey) it->second.pop_front();
}

std::vector<IssuedParameters> Kms::Impl::IssuedFor(const KeyTarget& t) {
  std::lock_guard<std::mutex> lock(issued_mu_);
  const auto it = issued_.find(IssuedKeyName(t));
  if (it == issued_.end()) return {};
  return std::vector<IssuedParameters>(it->second.begin(), it->second.end());
}

Outcome<Bytes> Kms::Impl::UnwrapMaterial(const KeyTarget& t, const OpenedToken& token,
                                         ByteView wrapped) {
  auto alg = CryptoAlgorithm(token.claims.algorithm);
  const bool hybrid = alg == crypto::WrapAlgorithm::kRsaAesKeyWrapSha1 ||
                      alg == crypto::WrapAlgorithm::kRsaAesKeyWrapSha256;
  if (hybrid && Has(Fault::kIkmLargeMaterialWrap)) {
    // Fault ikm.large-material-wrap: the hybrids are unwrapped as plain RSAES_OAEP of the
    // same hash (so the RSA part plus the KWP part never opens).
    alg = alg == crypto::WrapAlgorithm::kRsaAesKeyWrapSha1 ? crypto::WrapAlgorithm::kRsaesOaepSha1
                                                           : crypto::WrapAlgorithm::kRsaesOaepSha256;
  }
  // Fault ikm.token-same-response:2: the key's newest wrapping key, not the token's own.
  crypto::PrivateKey key = token.wrapping_key;
  if (Has(Fault::kIkmTokenSameResponse2)) {
    if (std::vector<IssuedParameters> issued = IssuedFor(t); !issued.empty()) {
      key = issued.back().key;
    }
  }
  if (alg) {
    Result<Bytes> m = crypto::Unwrap(*alg, key, wrapped);
    if (m.ok()) return std::move(m).value();
  }
  if (hybrid && Has(Fault::kIkmLargeMaterialWrap2)) {
    // Fault ikm.large-material-wrap:2: the hash of RSA_AES_KEY_WRAP_* is ignored: the other
    // hybrid opens the material too.
    const auto other = alg == crypto::WrapAlgorithm::kRsaAesKeyWrapSha1
                           ? crypto::WrapAlgorithm::kRsaAesKeyWrapSha256
                           : crypto::WrapAlgorithm::kRsaAesKeyWrapSha1;
    Result<Bytes> m = crypto::Unwrap(other, key, wrapped);
    if (m.ok()) return std::move(m).value();
  }
  if (Has(Fault::kIkmAlgorithmBound2) && (alg == crypto::WrapAlgorithm::kRsaesOaepSha1 ||
                                          alg == crypto::WrapAlgorithm::kRsaesOaepSha256)) {
    // Fault ikm.algorithm-bound:2: the OAEP unwrap tries both hashes.
    const auto other = alg == crypto::WrapAlgorithm::kRsaesOaepSha1
                           ? crypto::WrapAlgorithm::kRsaesOaepSha256
                           : crypto::WrapAlgorithm::kRsaesOaepSha1;
    Result<Bytes> m = crypto::Unwrap(other, key, wrapped);
    if (m.ok()) return std::move(m).value();
  }
  if (Has(Fault::kIkmAlgorithmBound)) {
    // Fault ikm.algorithm-bound: any algorithm opens the material.
    for (auto other :
         {crypto::WrapAlgorithm::kRsaesPkcs1V15, crypto::WrapAlgorithm::kRsaesOaepSha1,
          crypto::WrapAlgorithm::kRsaesOaepSha256, crypto::WrapAlgorithm::kRsaAesKeyWrapSha1,
          crypto::WrapAlgorithm::kRsaAesKeyWrapSha256}) {
      Result<Bytes> m = crypto::Unwrap(other, token.wrapping_key, wrapped);
      if (m.ok()) return std::move(m).value();
    }
  }
  if (Has(Fault::kIkmTokenSameResponse) && alg) {
    // Fault ikm.token-same-response: the key of any response for this key opens it.
    for (const IssuedParameters& p : IssuedFor(t)) {
      Result<Bytes> m = crypto::Unwrap(*alg, p.key, wrapped);
      if (m.ok()) return std::move(m).value();
    }
  }
  // ikm.token-same-response / ikm.algorithm-bound: one reply for every unwrap failure.
  return ApiError::Of(ErrorType::kInvalidCiphertextException,
                      "The wrapped key material could not be decrypted with the wrapping key "
                      "and algorithm of the import token.");
}

// ---------------------------------------------------------------- GetParametersForImport

Outcome<codec::GetParametersForImportResponse> Kms::Impl::GetParametersForImport(
    const Caller& c, const codec::GetParametersForImportRequest& r) {
  const Profile p = profile();
  const bool any_spec = Has(Fault::kGpfiWrappingKeySpec);
  const bool any_alg = Has(Fault::kGpfiWrappingAlgorithm);
  // gpfi.wrapping-key-spec / gpfi.wrapping-algorithm: the real profile's enums first (the
  // server decodes with decode_profile(), which is 2026 under these two faults), then the
  // values the enum has but KMS refuses.
  if (!any_spec && !contract::InProfile(r.wrapping_key_spec, p)) {
    return EnumValueError("WrappingKeySpec", contract::ToWire(r.wrapping_key_spec),
                          EnumKind::kWrappingKeySpec, p);
  }
  if (!any_alg && !contract::InProfile(r.wrapping_algorithm, p)) {
    return EnumValueError("WrappingAlgorithm", contract::ToWire(r.wrapping_algorithm),
                          EnumKind::kWrappingAlgorithm, p);
  }
  if (!any_spec && !contract::SupportsWrappingKeySpec(p, r.wrapping_key_spec)) {
    return ValidationError("The " + std::string(contract::ToWire(r.wrapping_key_spec)) +
                           " wrapping key spec is supported only in China Regions.");
  }
  if (!any_alg && !contract::SupportsWrappingAlgorithm(p, r.wrapping_algorithm)) {
    if (r.wrapping_algorithm == WrappingAlgorithm::kSm2Pke) {
      return ValidationError("The SM2PKE wrapping algorithm is supported only in China Regions.");
    }
    // 2026: "RSAES_PKCS1_V1_5 ... refused since 2023-10-10" (error type inferred).
    return ValidationError("The " + std::string(contract::ToWire(r.wrapping_algorithm)) +
                           " wrapping algorithm is not supported.");
  }

  const auto resolved = Resolve(c, r.key_id, Operation::kGetParametersForImport);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return GpfiNotFound(*e);
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  const EpochSeconds now = clock_.Now();
  struct Checked {};
  Outcome<Checked> checked =
      WithKeyRead<Checked>(t, now, [&](const KeyRecord* rec) -> Outcome<Checked> {
        if (rec == nullptr) {
          return GpfiNotFound(LookupError{KeyDoesNotExistError(Arn(t)), LookupFailure::kUnknown});
        }
        if (auto e = CheckImportTarget(t, *rec, Operation::kGetParametersForImport)) return *e;
        return Checked{};
      });
  if (!checked.ok()) return checked.error();

  // The wrapping key is taken without the lock: the pool may have to generate one.
  int bits = contract::WrappingKeyBits(r.wrapping_key_spec);
  if (bits == 0) bits = 2048;  // SM2, accepted only under the gpfi.wrapping-key-spec fault
  Result<crypto::PrivateKey> key = TakeWrappingKey(t, bits);
  if (!key.ok()) return InternalFailure("no wrapping key available: " + key.status().message());

  TokenClaims claims;
  claims.account = std::string(t.account);
  claims.region = std::string(t.region);
  claims.key_id = std::string(t.key_id);
  claims.algorithm = r.wrapping_algorithm;
  claims.key_spec = r.wrapping_key_spec;
  claims.issued = now;
  // Fault gpfi.validity-24h:2: the token expires after one hour (ParametersValidTo still
  // says 24 hours).
  claims.expires =
      now + (Has(Fault::kGpfiValidity24h2) ? 3600.0 : contract::kImportParametersValiditySeconds);
  std::uint64_t serial = 0;
  const EpochSeconds expires = claims.expires;
  Result<Bytes> token = sealer_.Seal(std::move(claims), *key, &serial);
  if (!token.ok()) return InternalFailure(token.status().message());
  if (RecordsIssued()) {
    RecordIssued(t, IssuedParameters{serial, *key, r.wrapping_algorithm, r.wrapping_key_spec,
                                     expires, token.value()});
  }

  codec::GetParametersForImportResponse out;
  // gpfi.response-shape: KeyId is the key ARN, also for a bare id (the fault: the bare id).
  out.key_id = Has(Fault::kGpfiResponseShape) ? std::string(t.key_id) : Arn(t);
  out.public_key = key->Public().SpkiDer();
  out.import_token = std::move(token).value();
  // gpfi.validity-24h (the fault reports 48 h; the token itself still expires after 24 h).
  out.parameters_valid_to =
      now + (Has(Fault::kGpfiValidity24h) ? 2 : 1) * contract::kImportParametersValiditySeconds;
  return out;
}

// ---------------------------------------------------------------- ImportKeyMaterial

Outcome<codec::ImportKeyMaterialResponse> Kms::Impl::ImportKeyMaterial(
    const Caller& c, const codec::ImportKeyMaterialRequest& r) {
  const Profile p = profile();
  const bool y2026 = p == Profile::k2026;
  const EpochSeconds now = clock_.Now();
  if (Has(Fault::kProtoTimestampForms) && r.valid_to && std::floor(*r.valid_to) != *r.valid_to) {
    // Fault proto.timestamp-forms: a fractional ValidTo is refused.
    return ApiError::Of(ErrorType::kSerializationException,
                        "Fractional epoch seconds are not accepted for validTo.");
  }
  if (Has(Fault::kProtoTimestampForms2) && r.valid_to && std::floor(*r.valid_to) == *r.valid_to) {
    // Fault proto.timestamp-forms:2: an integer ValidTo is refused.
    return ApiError::Of(ErrorType::kSerializationException,
                        "validTo must be a fractional number of epoch seconds.");
  }
  // (1) ikm.valid-to: ExpirationModel omitted means KEY_MATERIAL_EXPIRES.
  const ExpirationModel model = r.expiration_model.value_or(ExpirationModel::kKeyMaterialExpires);
  if (!Has(Fault::kIkmValidTo)) {
    if (auto e = CheckValidTo(model, r.valid_to, now, !Has(Fault::kIkmValidTo2))) return *e;
  }
  // 2026 members; the 2022 contract has none of them (a 2022 decoder ignores them).
  // ImportType: "If no key material has ever been imported into the KMS key, and this
  // parameter is omitted, the parameter defaults to NEW_KEY_MATERIAL. After the first key
  // material is imported, if this parameter is omitted then the parameter defaults to
  // EXISTING_KEY_MATERIAL." (2026 model, ImportKeyMaterialRequest.ImportType). The default
  // is decided against the key (ImportTypeFor).
  const std::optional<ImportType> asked_type = y2026 ? r.import_type : std::nullopt;
  auto import_type_for = [&](const KeyRecord& rec) {
    if (asked_type) {
      // Fault ikm.import-type: EXISTING_KEY_MATERIAL into a key that never had material is
      // taken as a first import.
      if (Has(Fault::kIkmImportType) && *asked_type == ImportType::kExistingKeyMaterial &&
          !rec.material_id) {
        return ImportType::kNewKeyMaterial;
      }
      return *asked_type;
    }
    return rec.material_id ? ImportType::kExistingKeyMaterial : ImportType::kNewKeyMaterial;
  };
  // "You cannot specify a key material ID with ImportType set to NEW_KEY_MATERIAL." (2026
  // model, ImportKeyMaterialRequest.KeyMaterialId; error type inferred).
  // Fault ikm.import-type:2: the KeyMaterialId of a NEW_KEY_MATERIAL import is ignored.
  const bool ignore_new_id =
      Has(Fault::kIkmImportType2) && asked_type == ImportType::kNewKeyMaterial;
  if (y2026 && asked_type == ImportType::kNewKeyMaterial && r.key_material_id && !ignore_new_id) {
    return ValidationError(
        "You cannot specify a key material ID with ImportType set to NEW_KEY_MATERIAL.");
  }

  // (2) lookup, (3) origin, (4) spec, (5) state.
  const auto resolved = Resolve(c, r.key_id, Operation::kImportKeyMaterial);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  KeyTarget t = std::get<KeyTarget>(resolved);
  KeySpec spec = KeySpec::kSymmetricDefault;
  // Checked under the lock before the token and again after the unwrap.
  auto check_key = [&](const KeyRecord* rec) -> std::optional<ApiError> {
    if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
    if (auto e = CheckImportTarget(t, *rec, Operation::kImportKeyMaterial)) return e;
    // ImportType, KeyMaterialId, KeyMaterialDescription: "This parameter is optional and
    // only usable with symmetric encryption keys." (2026 model); the import guide: for
    // asymmetric and HMAC keys "KMS rejects ImportKeyMaterial requests with the ImportType
    // parameter" (error type inferred).
    // Fault ikm.new-material-symmetric-only: the 2026 members pass on any key spec.
    if (y2026 && rec->spec != KeySpec::kSymmetricDefault &&
        !Has(Fault::kIkmNewMaterialSymmetricOnly) &&
        (r.import_type || r.key_material_id || r.key_material_description)) {
      return ValidationError(
          "ImportType, KeyMaterialId and KeyMaterialDescription are only usable with "
          "symmetric encryption keys; " +
          Arn(t) + " has key spec " + std::string(contract::ToWire(rec->spec)) + ".");
    }
    if (import_type_for(*rec) == ImportType::kExistingKeyMaterial && !rec->material_id) {
      return ValidationError(
          "ImportType EXISTING_KEY_MATERIAL needs key material previously "
          "imported into " +
          Arn(t) + "; this key has none.");
    }
    return std::nullopt;
  };
  {
    std::unique_lock<std::shared_mutex> lock(mu_);
    Outcome<KeyRecord*> found = FindForWrite(t, now);
    if (!found.ok()) return found.error();
    if (auto e = check_key(found.value())) return *e;
    spec = found.value()->spec;
  }

  // (6) token open and binding (ikm.token-tampered, ikm.token-bound-to-key).
  std::optional<OpenedToken> token;
  if (Result<OpenedToken> opened = sealer_.Open(r.import_token); opened.ok()) {
    token.emplace(std::move(opened).value());
  } else if (Has(Fault::kIkmTokenTampered) || Has(Fault::kIkmTokenTampered2)) {
    // Fault ikm.token-tampered: an unreadable token falls back to the key's latest
    // parameters. Fault ikm.token-tampered:2: a prefix of a token issued for the key is
    // read as that token.
    const std::vector<IssuedParameters> issued = IssuedFor(t);
    const IssuedParameters* use = nullptr;
    if (Has(Fault::kIkmTokenTampered)) {
      if (!issued.empty()) use = &issued.back();
    } else {
      for (const IssuedParameters& p_issued : issued) {
        const ByteView sent = r.import_token;
        if (!sent.empty() && sent.size() < p_issued.token.size() &&
            std::equal(sent.begin(), sent.end(), p_issued.token.begin())) {
          use = &p_issued;
        }
      }
    }
    if (use != nullptr) {
      TokenClaims claims{
          std::string(t.account), std::string(t.region),
          std::string(t.key_id),  use->algorithm,
          use->key_spec,          use->expires - contract::kImportParametersValiditySeconds,
          use->expires,           use->serial};
      token.emplace(OpenedToken{std::move(claims), use->key});
    }
  }
  if (!token) {
    return InvalidToken(
        "The import token is not valid: it was not issued by this KMS, or it "
        "was modified or truncated.");
  }
  const TokenClaims& claims = token->claims;
  if (Has(Fault::kIkmTokenBoundToKey2) && claims.account == t.account &&
      claims.region == t.region) {
    // Fault ikm.token-bound-to-key:2: KeyId's key passed the checks above, but the material
    // goes into the key the token names (checked again below, under the lock).
    t.key_id = claims.key_id;
  }
  if (claims.account != t.account || claims.region != t.region ||
      (claims.key_id != t.key_id && !Has(Fault::kIkmTokenBoundToKey))) {
    return InvalidToken("The import token is not valid for " + Arn(t) +
                        ": it was issued for another KMS key.");
  }
  // (7) ikm.token-expired (the fault ikm.token-expired:2 answers it as an invalid token).
  if (now >= claims.expires && !Has(Fault::kIkmTokenExpired)) {
    if (Has(Fault::kIkmTokenExpired2)) return InvalidToken("The import token is not valid.");
    return ApiError::Of(ErrorType::kExpiredImportTokenException,
                        "The import token has expired. Call GetParametersForImport for a new "
                        "import token and public key.");
  }
  // (8) unwrap, without the lock (an RSA private operation).
  Outcome<Bytes> unwrapped = UnwrapMaterial(t, *token, r.encrypted_key_material);
  if (!unwrapped.ok()) return unwrapped.error();
  Wiped material(std::move(unwrapped).value());
  if (Has(Fault::kIkmMaterialLength2) && spec == KeySpec::kSymmetricDefault &&
      material.b.size() > kSymmetricMaterialSize) {
    // Fault ikm.material-length:2: longer symmetric material is cut to 32 bytes.
    OPENSSL_cleanse(material.b.data() + kSymmetricMaterialSize,
                    material.b.size() - kSymmetricMaterialSize);
    material.b.resize(kSymmetricMaterialSize);
  }
  // (9) ikm.material-length and the 2026 PKCS#8 rule.
  if (auto problem = MaterialProblem(p, spec, material.b, !Has(Fault::kIkmMaterialLength),
                                     Has(Fault::kIkmMaterialFormat),
                                     Has(Fault::kIkmMaterialFormat2))) {
    return ApiError::Of(ErrorType::kIncorrectKeyMaterialException, std::move(*problem));
  }
  // Fault ikm.reimport-same-material:2: the material is known by its first 16 bytes only.
  const crypto::Digest256 material_id = ComputeMaterialId(
      t.key_id, Has(Fault::kIkmReimportSameMaterial2)
                    ? ByteView(material.b).first(std::min<std::size_t>(material.b.size(), 16))
                    : ByteView(material.b));
  // KeyMaterialId: "KMS: Computes the identifier for the key material; Matches the computed
  // identifier against the specified key material ID" (2026 model).
  // Fault ikm.reimport-existing:2: the KeyMaterialId is not checked against the material.
  if (y2026 && r.key_material_id && !ignore_new_id && !Has(Fault::kIkmReimportExisting2) &&
      *r.key_material_id != HexEncode(material_id)) {
    return ApiError::Of(
        ErrorType::kIncorrectKeyMaterialException,
        "The key material does not match KeyMaterialId " + *r.key_material_id + ".");
  }

  std::unique_lock<std::shared_mutex> lock(mu_);
  Outcome<KeyRecord*> found = FindForWrite(t, clock_.Now());
  if (!found.ok()) return found.error();
  if (auto e = check_key(found.value())) return *e;  // the state may have changed meanwhile
  KeyRecord* rec = found.value();
  if (y2026 && rec->spec == KeySpec::kSymmetricDefault && !Has(Fault::kIkmReimportSameMaterial)) {
    MaterialImport in{material.b,
                      material_id,
                      import_type_for(*rec),
                      model,
                      model == ExpirationModel::kKeyMaterialExpires ? r.valid_to : std::nullopt,
                      r.key_material_description};
    Outcome<codec::ImportKeyMaterialResponse> out = ImportSymmetric2026(t, rec, in);
    return out;
  }
  // (10) ikm.reimport-same-material: a key that ever had material takes only that material.
  // Fault ikm.new-material-symmetric-only: NEW_KEY_MATERIAL replaces an asymmetric or HMAC
  // key's material. Fault ikm.new-material-symmetric-only:2: so does any other material of
  // an HMAC key.
  const bool replace_allowed =
      (Has(Fault::kIkmNewMaterialSymmetricOnly) && asked_type == ImportType::kNewKeyMaterial) ||
      (Has(Fault::kIkmNewMaterialSymmetricOnly2) && contract::IsHmac(rec->spec));
  if (rec->material_id && !crypto::ConstantTimeEquals(*rec->material_id, material_id) &&
      !Has(Fault::kIkmReimportSameMaterial) && !replace_allowed) {
    return ApiError::Of(ErrorType::kIncorrectKeyMaterialException,
                        "Key material being imported does not match the key material previously "
                        "imported into this key");
  }
  // (11) apply.
  KeyRecord next = *rec;
  WipeMaterial(next);
  // Fault ikm.lifecycle: the key is Enabled, but random material is the one in use.
  next.material = Has(Fault::kIkmLifecycle)
                      ? random_.Generate(std::max<std::size_t>(material.b.size(), 1))
                      : material.b;
  next.has_material = true;
  next.material_id = material_id;
  const contract::StateRule rule =
      contract::LookupKeyState(Operation::kImportKeyMaterial, rec->state, p);
  if (rule.next) next.state = *rule.next;  // PendingImport -> Enabled; others stay
  next.expiration_model = model;
  next.valid_to = model == ExpirationModel::kKeyMaterialExpires ? r.valid_to : std::nullopt;
  if (auto e = Commit(t, rec, std::move(next))) return *e;

  codec::ImportKeyMaterialResponse out;  // 2022: {}
  if (y2026) {
    out.key_id = Arn(t);
    out.key_material_id = HexEncode(material_id);
  }
  return out;
}

// ---------------------------------------------------------------- DeleteImportedKeyMaterial

Outcome<codec::DeleteImportedKeyMaterialResponse> Kms::Impl::DeleteImportedKeyMaterial(
    const Caller& c, const codec::DeleteImportedKeyMaterialRequest& r) {
  const bool y2026 = profile() == Profile::k2026;
  const auto resolved = Resolve(c, r.key_id, Operation::kDeleteImportedKeyMaterial);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  std::unique_lock<std::shared_mutex> lock(mu_);
  Outcome<KeyRecord*> found = FindForWrite(t, clock_.Now());
  if (!found.ok()) return found.error();
  KeyRecord* rec = found.value();
  if (rec == nullptr) return KeyDoesNotExistError(Arn(t));

  codec::DeleteImportedKeyMaterialResponse out;  // 2022: {}
  if (y2026) {
    out.key_id = Arn(t);
    out.key_material_id = rec->has_material ? MaterialIdHex(*rec) : std::string();
  }
  // dikm.origin-external-only (the fault: success, and nothing changes; :2, the refusal
  // comes after the key's material was deleted).
  if (rec->origin != Origin::kExternal) {
    if (Has(Fault::kDikmOriginExternalOnly)) return out;
    if (Has(Fault::kDikmOriginExternalOnly2) && rec->has_material) {
      KeyRecord next = *rec;
      WipeMaterial(next);
      next.has_material = false;
      next.state = KeyState::kPendingImport;
      if (auto e = Commit(t, rec, std::move(next))) return *e;
    }
    return OriginNotValidError(Arn(t), rec->origin);
  }
  const contract::StateRule rule =
      contract::LookupKeyState(Operation::kDeleteImportedKeyMaterial, rec->state, profile());
  if (!rule.allowed) return StateError(t, *rec, Operation::kDeleteImportedKeyMaterial);
  // KeyMaterialId: "Identifies the imported key material you are deleting. If no
  // KeyMaterialId is specified, KMS deletes the current key material." (2026 model). An id
  // the key does not have is NotFoundException (type inferred).
  // Fault dikm.key-material-id: the KeyMaterialId is ignored (the current material goes).
  if (y2026 && r.key_material_id && *r.key_material_id != MaterialIdHex(*rec) &&
      !Has(Fault::kDikmKeyMaterialId)) {
    const std::optional<Bytes> raw = HexDecode(*r.key_material_id);
    OtherMaterial* other = nullptr;
    if (raw && raw->size() == crypto::Digest256{}.size()) {
      crypto::Digest256 id{};
      std::copy(raw->begin(), raw->end(), id.begin());
      other = rec->FindOther(id);
    }
    if (other == nullptr) {
      return ApiError::Of(ErrorType::kNotFoundException, "Key material " + *r.key_material_id +
                                                             " is not found for " + Arn(t) + ".");
    }
    out.key_material_id = *r.key_material_id;
    if (auto e = DeleteOtherMaterial(t, rec, other->id)) return *e;
    return out;
  }
  // Fault dikm.lifecycle: success, but the key keeps its material and state.
  if (Has(Fault::kDikmLifecycle) || !rec->has_material) return out;  // PendingImport: no effect
  // dikm.lifecycle: Enabled/Disabled -> PendingImport, Enabled=false, ExpirationModel and
  // ValidTo removed; PendingDeletion keeps its state. The KeyMaterialId stays for the
  // reimport rule.
  KeyRecord next = *rec;
  WipeMaterial(next);
  next.has_material = false;
  if (!Has(Fault::kDikmLifecycle2)) {  // the fault keeps them
    next.expiration_model.reset();
    next.valid_to.reset();
  }
  if (rule.next) next.state = *rule.next;
  if (auto e = Commit(t, rec, std::move(next))) return *e;
  return out;
}

}  // namespace kc::mock
