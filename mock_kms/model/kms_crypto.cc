// Encrypt and Decrypt: symmetric keys with material (AES-256-GCM under the key's material,
// ciphertext.h), so the harness can prove which material is in use (ikm.lifecycle,
// ikm.material-expiry, ikm.reimport-same-material); and RSA ENCRYPT_DECRYPT keys with an
// imported private key (2026), RSAES_OAEP_SHA_1 / _256 with AWS's plaintext limits.
#include <mutex>

#include <openssl/crypto.h>

#include "harness/contract/key_states.h"
#include "harness/contract/profile.h"
#include "harness/crypto/rsa_encryption.h"
#include "mock_kms/model/ciphertext.h"
#include "mock_kms/model/kms_impl.h"
#include "mock_kms/model/material.h"

namespace kc::mock {
namespace {

using contract::EncryptionAlgorithm;
using contract::KeyUsage;

ApiError InvalidCiphertext() {
  return ApiError::Of(ErrorType::kInvalidCiphertextException,
                      "The ciphertext is not valid: it was not produced by this KMS for this "
                      "key and encryption context, or it was modified.");
}

ApiError DryRunSucceeded() {
  return ApiError::Of(ErrorType::kDryRunOperationException,
                      "The request would have succeeded, but the DryRun option is set.");
}

struct WipedKey {
  crypto::Digest256 k;
  ~WipedKey() { OPENSSL_cleanse(k.data(), k.size()); }
};

}  // namespace

std::optional<ApiError> Kms::Impl::CheckCryptoKey(const KeyTarget& t, const KeyRecord& rec,
                                                  EncryptionAlgorithm alg, Operation op) const {
  if (rec.usage != KeyUsage::kEncryptDecrypt) {
    return ApiError::Of(ErrorType::kInvalidKeyUsageException,
                        Arn(t) + " key usage is " + std::string(contract::ToWire(rec.usage)) +
                            " which is not valid for " + std::string(contract::ToWire(op)) + ".");
  }
  const bool symmetric_key = rec.spec == KeySpec::kSymmetricDefault;
  const bool symmetric_alg = alg == EncryptionAlgorithm::kSymmetricDefault;
  if (symmetric_key != symmetric_alg) {
    return ApiError::Of(ErrorType::kInvalidKeyUsageException,
                        "The encryption algorithm " + std::string(contract::ToWire(alg)) +
                            " is not valid for " + Arn(t) + ", whose key spec is " +
                            std::string(contract::ToWire(rec.spec)) + ".");
  }
  if (!symmetric_key) {
    // RSA keys with RSAES_OAEP_SHA_1/256 (EncryptionAlgorithmsOf); SM2PKE (China Regions
    // only) is not implemented.
    if (contract::RsaBits(rec.spec) == 0) {
      return ApiError::Of(ErrorType::kUnsupportedOperationException,
                          "Asymmetric encryption with key spec " +
                              std::string(contract::ToWire(rec.spec)) +
                              " is not implemented by this mock KMS.");
    }
    if (alg != EncryptionAlgorithm::kRsaesOaepSha1 &&
        alg != EncryptionAlgorithm::kRsaesOaepSha256) {
      return ApiError::Of(ErrorType::kInvalidKeyUsageException,
                          "The encryption algorithm " + std::string(contract::ToWire(alg)) +
                              " is not valid for " + Arn(t) + ", whose key spec is " +
                              std::string(contract::ToWire(rec.spec)) + ".");
    }
    return std::nullopt;
  }
  if (!rec.has_material || !rec.material_id) {
    // Unreachable: an Enabled key has material. Answer as for a key without it.
    return ApiError::Of(ErrorType::kKMSInvalidStateException,
                        contract::KeyStateMessage(Arn(t), KeyState::kPendingImport, op));
  }
  return std::nullopt;
}

Outcome<codec::EncryptResponse> Kms::Impl::Encrypt(const Caller& c,
                                                   const codec::EncryptRequest& r) {
  const auto resolved = Resolve(c, r.key_id, Operation::kEncrypt);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  const EncryptionAlgorithm alg =
      r.encryption_algorithm.value_or(EncryptionAlgorithm::kSymmetricDefault);
  const bool dry_run = profile() == Profile::k2026 && r.dry_run.value_or(false);
  if (alg != EncryptionAlgorithm::kSymmetricDefault) {
    if (auto e = EnsureKeyPair(t)) return *e;
  }
  return WithKeyRead<codec::EncryptResponse>(
      t, clock_.Now(), [&](const KeyRecord* rec) -> Outcome<codec::EncryptResponse> {
        if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
        // Key-state table: DisabledException, KMSInvalidStateException ("<arn> is pending
        // import.", recorded against AWS).
        if (!contract::LookupKeyState(Operation::kEncrypt, rec->state, profile()).allowed) {
          return StateError(t, *rec, Operation::kEncrypt);
        }
        if (auto e = CheckCryptoKey(t, *rec, alg, Operation::kEncrypt)) return *e;
        if (rec->spec != KeySpec::kSymmetricDefault) return EncryptRsa(t, *rec, alg, r, dry_run);
        if (dry_run) return DryRunSucceeded();
        const WipedKey key{DataKey(rec->material)};
        Result<Bytes> blob = SealCiphertext(rec->key_id, *rec->material_id, key.k,
                                            r.encryption_context ? &*r.encryption_context : nullptr,
                                            r.plaintext, random_);
        if (!blob.ok()) return InternalFailure(blob.status().message());
        codec::EncryptResponse out;
        out.ciphertext_blob = std::move(blob).value();
        out.key_id = Arn(t);
        out.encryption_algorithm = EncryptionAlgorithm::kSymmetricDefault;
        return out;
      });
}

Outcome<codec::DecryptResponse> Kms::Impl::Decrypt(const Caller& c,
                                                   const codec::DecryptRequest& r) {
  if (!r.ciphertext_blob) return NullMemberError("CiphertextBlob");
  std::optional<KeyTarget> requested;
  if (r.key_id) {
    const auto resolved = Resolve(c, *r.key_id, Operation::kDecrypt);
    if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
    requested = std::get<KeyTarget>(resolved);
  }
  const EpochSeconds now = clock_.Now();
  const EncryptionAlgorithm requested_alg =
      r.encryption_algorithm.value_or(EncryptionAlgorithm::kSymmetricDefault);
  if (requested) {
    // A KeyId that names no key is NotFound before the blob is looked at.
    bool exists = false;
    bool asymmetric = false;
    {
      std::shared_lock<std::shared_mutex> lock(mu_);
      const KeyRecord* rec = store_.Find(requested->account, requested->region, requested->key_id);
      exists = rec != nullptr && !IsGone(*rec, now);
      asymmetric = exists && rec->spec != KeySpec::kSymmetricDefault;
    }
    if (!exists) return KeyDoesNotExistError(Arn(*requested));
    // "If the ciphertext was encrypted under an asymmetric KMS key, you must use the KeyId
    // parameter": the RSA ciphertext names no key.
    if (asymmetric) {
      if (auto e = EnsureKeyPair(*requested)) return *e;
      const bool dry = profile() == Profile::k2026 && r.dry_run.value_or(false);
      return DecryptRsa(*requested, requested_alg, *r.ciphertext_blob, dry);
    }
  }
  const std::optional<CiphertextView> blob = ParseCiphertext(*r.ciphertext_blob);
  if (!blob) return InvalidCiphertext();
  // The blob names its key, always one of the caller's account and region.
  const KeyTarget t{c.account, c.region, std::string(blob->key_id)};
  if (requested && (requested->key_id != t.key_id || requested->account != t.account ||
                    requested->region != t.region)) {
    return ApiError::Of(ErrorType::kIncorrectKeyException,
                        "The key ID in the request does not identify a KMS key that can perform "
                        "this operation.");
  }
  const EncryptionAlgorithm alg =
      r.encryption_algorithm.value_or(EncryptionAlgorithm::kSymmetricDefault);
  const bool dry_run = profile() == Profile::k2026 && r.dry_run.value_or(false);
  return WithKeyRead<codec::DecryptResponse>(
      t, now, [&](const KeyRecord* rec) -> Outcome<codec::DecryptResponse> {
        if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
        if (!contract::LookupKeyState(Operation::kDecrypt, rec->state, profile()).allowed) {
          return StateError(t, *rec, Operation::kDecrypt);
        }
        if (auto e = CheckCryptoKey(t, *rec, alg, Operation::kDecrypt)) return *e;
        if (dry_run) return DryRunSucceeded();
        // The material the blob was made under: the current one, or (2026) a NON_CURRENT
        // material of the key ("KMS uses CURRENT key material for both encryption and
        // decryption and NON_CURRENT key material only for decryption", 2026 model). A blob
        // made under other material is refused before it is opened.
        const ByteView* material = nullptr;
        const crypto::Digest256* material_id = nullptr;
        const ByteView current(rec->material);
        ByteView other_bytes;
        if (MaterialTagOf(*rec->material_id) == blob->material_tag) {
          material = &current;
          material_id = &*rec->material_id;
        } else {
          for (const OtherMaterial& m : rec->others) {
            if (m.state == contract::KeyMaterialState::kNonCurrent && m.imported &&
                MaterialTagOf(m.id) == blob->material_tag) {
              other_bytes = m.material;
              material = &other_bytes;
              material_id = &m.id;
              break;
            }
          }
        }
        if (material == nullptr) return InvalidCiphertext();
        const WipedKey key{DataKey(*material)};
        Result<Bytes> plain =
            OpenCiphertext(*blob, key.k, r.encryption_context ? &*r.encryption_context : nullptr);
        if (!plain.ok()) return InvalidCiphertext();
        codec::DecryptResponse out;
        out.key_id = Arn(t);
        out.plaintext = std::move(plain).value();
        out.encryption_algorithm = EncryptionAlgorithm::kSymmetricDefault;
        if (profile() == Profile::k2026) out.key_material_id = HexEncode(*material_id);
        return out;
      });
}

// ---------------------------------------------------------------- RSA keys (2026: imported)

Outcome<codec::EncryptResponse> Kms::Impl::EncryptRsa(const KeyTarget& t, const KeyRecord& rec,
                                                      EncryptionAlgorithm alg,
                                                      const codec::EncryptRequest& r,
                                                      bool dry_run) {
  Outcome<crypto::PrivateKey> key = AsymmetricKeyOf(t, rec);
  if (!key.ok()) return key.error();
  const crypto::HashAlg hash = alg == EncryptionAlgorithm::kRsaesOaepSha1
                                   ? crypto::HashAlg::kSha1
                                   : crypto::HashAlg::kSha256;
  // "The maximum size of the data that you can encrypt varies with the type of KMS key and
  // the encryption algorithm": RSA_2048 214 / 190 bytes, RSA_3072 342 / 318, RSA_4096 470 /
  // 446 for RSAES_OAEP_SHA_1 / _256 (2026 model, Encrypt), the OAEP limit k - 2 hLen - 2.
  // The error type is inferred.
  const std::size_t max =
      crypto::RsaOaepMaxMessageSize(static_cast<std::size_t>(key.value().size()), hash);
  if (r.plaintext.size() > max) {
    return ValidationError("Plaintext of " + std::to_string(r.plaintext.size()) +
                           " bytes is too long for " + std::string(contract::ToWire(rec.spec)) +
                           " with " + std::string(contract::ToWire(alg)) + " (at most " +
                           std::to_string(max) + " bytes).");
  }
  if (dry_run) return DryRunSucceeded();
  Result<Bytes> blob = crypto::RsaOaepEncrypt(key.value().Public(), hash, {}, r.plaintext, random_);
  if (!blob.ok()) return InternalFailure(blob.status().message());
  codec::EncryptResponse out;
  out.ciphertext_blob = std::move(blob).value();
  out.key_id = Arn(t);
  out.encryption_algorithm = alg;
  return out;
}

Outcome<codec::DecryptResponse> Kms::Impl::DecryptRsa(const KeyTarget& t, EncryptionAlgorithm alg,
                                                      ByteView ciphertext, bool dry_run) {
  return WithKeyRead<codec::DecryptResponse>(
      t, clock_.Now(), [&](const KeyRecord* rec) -> Outcome<codec::DecryptResponse> {
        if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
        if (!contract::LookupKeyState(Operation::kDecrypt, rec->state, profile()).allowed) {
          return StateError(t, *rec, Operation::kDecrypt);
        }
        if (auto e = CheckCryptoKey(t, *rec, alg, Operation::kDecrypt)) return *e;
        Outcome<crypto::PrivateKey> key = AsymmetricKeyOf(t, *rec);
        if (!key.ok()) return key.error();
        if (dry_run) return DryRunSucceeded();
        const crypto::HashAlg hash = alg == EncryptionAlgorithm::kRsaesOaepSha1
                                         ? crypto::HashAlg::kSha1
                                         : crypto::HashAlg::kSha256;
        Result<Bytes> plain = crypto::RsaOaepDecrypt(key.value(), hash, {}, ciphertext);
        if (!plain.ok()) return InvalidCiphertext();
        codec::DecryptResponse out;
        out.key_id = Arn(t);
        out.plaintext = std::move(plain).value();
        out.encryption_algorithm = alg;
        return out;
      });
}

}  // namespace kc::mock
