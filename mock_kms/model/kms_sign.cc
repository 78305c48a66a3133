// Imported asymmetric and HMAC material in use: GetPublicKey, Sign, Verify (RSA and ECC
// SIGN_VERIFY keys), GenerateMac, VerifyMac (HMAC keys). In profile 2026 these keys hold an
// imported PKCS#8 private key or HMAC key; in 2022 no key can hold imported asymmetric or
// HMAC material (gpfi.no-asymmetric, gpfi.no-hmac), so only AWS_KMS keys answer here: HMAC
// keys with their 32 random bytes, RSA and ECC keys with a key pair made on first use
// (EnsureKeyPair). SM2, ML-DSA and Ed25519 keys have no key pair here
// (UnsupportedOperationException).
//
// Errors as the 2026 model documents them: InvalidKeyUsageException "The KeyUsage value of
// the KMS key is incompatible with the API operation. The encryption algorithm or signing
// algorithm specified for the operation is incompatible with the type of key material in the
// KMS key (KeySpec)."; Verify: "If the signature verification fails, the Verify operation
// fails with an KMSInvalidSignatureException exception."; VerifyMac: KMSInvalidMacException
// "when the HMAC computed ... does not match the HMAC specified in the request".
#include <algorithm>
#include <map>
#include <mutex>

#include "harness/contract/key_states.h"
#include "harness/contract/profile.h"
#include "harness/crypto/hash.h"
#include "harness/crypto/signature.h"
#include "mock_kms/model/fixed_test_keys.h"
#include "mock_kms/model/kms_impl.h"

namespace kc::mock {
namespace {

using contract::KeyUsage;
using contract::MacAlgorithm;
using contract::MessageType;
using contract::SigningAlgorithm;
using crypto::DigestAlg;
using crypto::SignatureScheme;

struct SigningParams {
  SignatureScheme scheme;
  DigestAlg hash;
};

std::optional<SigningParams> ParamsOf(SigningAlgorithm a) {
  switch (a) {
    case SigningAlgorithm::kRsassaPssSha256:
      return SigningParams{SignatureScheme::kRsaPss, DigestAlg::kSha256};
    case SigningAlgorithm::kRsassaPssSha384:
      return SigningParams{SignatureScheme::kRsaPss, DigestAlg::kSha384};
    case SigningAlgorithm::kRsassaPssSha512:
      return SigningParams{SignatureScheme::kRsaPss, DigestAlg::kSha512};
    case SigningAlgorithm::kRsassaPkcs1V15Sha256:
      return SigningParams{SignatureScheme::kRsaPkcs1V15, DigestAlg::kSha256};
    case SigningAlgorithm::kRsassaPkcs1V15Sha384:
      return SigningParams{SignatureScheme::kRsaPkcs1V15, DigestAlg::kSha384};
    case SigningAlgorithm::kRsassaPkcs1V15Sha512:
      return SigningParams{SignatureScheme::kRsaPkcs1V15, DigestAlg::kSha512};
    case SigningAlgorithm::kEcdsaSha256:
      return SigningParams{SignatureScheme::kEcdsa, DigestAlg::kSha256};
    case SigningAlgorithm::kEcdsaSha384:
      return SigningParams{SignatureScheme::kEcdsa, DigestAlg::kSha384};
    case SigningAlgorithm::kEcdsaSha512:
      return SigningParams{SignatureScheme::kEcdsa, DigestAlg::kSha512};
    default:
      return std::nullopt;  // SM2DSA, ML-DSA, Ed25519: no key here holds such material
  }
}

DigestAlg HashOf(MacAlgorithm a) {
  switch (a) {
    case MacAlgorithm::kHmacSha224:
      return DigestAlg::kSha224;
    case MacAlgorithm::kHmacSha256:
      return DigestAlg::kSha256;
    case MacAlgorithm::kHmacSha384:
      return DigestAlg::kSha384;
    case MacAlgorithm::kHmacSha512:
      return DigestAlg::kSha512;
  }
  return DigestAlg::kSha256;
}

template <typename E>
bool Contains(const std::vector<E>& v, E e) {
  return std::find(v.begin(), v.end(), e) != v.end();
}

ApiError DryRunSucceeded() {
  return ApiError::Of(ErrorType::kDryRunOperationException,
                      "The request would have succeeded, but the DryRun option is set.");
}

std::string Wire(auto v) { return std::string(contract::ToWire(v)); }

// SubstituteKey: under the fault ikm.asymmetric-in-use, the key pair an imported RSA or ECC
// key uses instead of its material: a fixed test key of the same size (RSA), or one EC pair
// per curve made on first use. nullopt when there is none.
std::optional<crypto::PrivateKey> SubstituteKey(KeySpec spec) {
  if (const int bits = contract::RsaBits(spec); bits != 0) {
    const std::vector<crypto::PrivateKey>& fixed = FixedTestKeys(bits);
    if (fixed.empty()) return std::nullopt;
    return fixed.back();
  }
  crypto::EcCurve curve = crypto::EcCurve::kNone;
  switch (spec) {
    case KeySpec::kEccNistP256:
      curve = crypto::EcCurve::kP256;
      break;
    case KeySpec::kEccNistP384:
      curve = crypto::EcCurve::kP384;
      break;
    case KeySpec::kEccNistP521:
      curve = crypto::EcCurve::kP521;
      break;
    case KeySpec::kEccSecgP256k1:
      curve = crypto::EcCurve::kSecp256k1;
      break;
    default:
      return std::nullopt;
  }
  static std::mutex mu;
  static auto* made = new std::map<crypto::EcCurve, crypto::PrivateKey>();  // never freed
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = made->find(curve); it != made->end()) return it->second;
  Result<crypto::PrivateKey> key = crypto::GenerateEcKey(curve);
  if (!key.ok()) return std::nullopt;
  return made->emplace(curve, std::move(key).value()).first->second;
}

// MacKey: the key of GenerateMac/VerifyMac. Fault ikm.hmac-in-use: the material's first 16
// bytes only.
ByteView MacKey(const KeyRecord& rec, bool first16) {
  ByteView m(rec.material);
  return first16 ? m.first(std::min<std::size_t>(m.size(), 16)) : m;
}

}  // namespace

std::optional<ApiError> Kms::Impl::UsableKey(const KeyTarget& t, const KeyRecord* rec, Operation op,
                                             KeyUsage usage) const {
  if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
  // Key-state table: the cryptographic operations' row (DisabledException,
  // KMSInvalidStateException "<key ARN> is pending import.").
  if (!contract::LookupKeyState(op, rec->state, profile()).allowed) {
    return StateError(t, *rec, op);
  }
  if (rec->usage != usage) {
    return ApiError::Of(
        ErrorType::kInvalidKeyUsageException,
        Arn(t) + " key usage is " + Wire(rec->usage) + " which is not valid for " + Wire(op) + ".");
  }
  return std::nullopt;
}

Outcome<crypto::PrivateKey> Kms::Impl::AsymmetricKeyOf(const KeyTarget& t,
                                                       const KeyRecord& rec) const {
  if (rec.has_material && !NeedsKeyPair(rec)) {
    Result<crypto::PrivateKey> key = crypto::PrivateKey::FromPkcs8Der(rec.material);
    // Fault ikm.asymmetric-in-use: an imported key signs (and decrypts) with a key pair of
    // its own, not the imported one.
    if (key.ok() && rec.origin == Origin::kExternal && Has(Fault::kIkmAsymmetricInUse)) {
      if (std::optional<crypto::PrivateKey> other = SubstituteKey(rec.spec)) return *other;
    }
    if (key.ok()) return std::move(key).value();
  }
  return ApiError::Of(
      ErrorType::kUnsupportedOperationException,
      "This mock KMS has no key pair of key spec " + Wire(rec.spec) + " for " + Arn(t) + ".");
}

// An AWS_KMS asymmetric key is created with 32 random bytes standing in for its material
// (kms_keys.cc: CreateKey stays cheap); its key pair is made on first use. A PKCS#8 key is
// never 32 bytes long.
bool Kms::Impl::NeedsKeyPair(const KeyRecord& rec) {
  const bool pair_spec = contract::RsaBits(rec.spec) != 0 || rec.spec == KeySpec::kEccNistP256 ||
                         rec.spec == KeySpec::kEccNistP384 || rec.spec == KeySpec::kEccNistP521 ||
                         rec.spec == KeySpec::kEccSecgP256k1;
  return rec.origin == Origin::kAwsKms && pair_spec && rec.has_material &&
         rec.material.size() == 32;
}

std::optional<ApiError> Kms::Impl::EnsureKeyPair(const KeyTarget& t) {
  KeySpec spec = KeySpec::kSymmetricDefault;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    const KeyRecord* rec = store_.Find(t.account, t.region, t.key_id);
    if (rec == nullptr || !NeedsKeyPair(*rec)) return std::nullopt;
    spec = rec->spec;
  }
  // Made without the lock: RSA pairs come from the wrapping-key pool (fresh pairs, made in
  // the background), EC pairs are generated here.
  Result<crypto::PrivateKey> key = [&]() -> Result<crypto::PrivateKey> {
    switch (spec) {
      case KeySpec::kEccNistP256:
        return crypto::GenerateEcKey(crypto::EcCurve::kP256);
      case KeySpec::kEccNistP384:
        return crypto::GenerateEcKey(crypto::EcCurve::kP384);
      case KeySpec::kEccNistP521:
        return crypto::GenerateEcKey(crypto::EcCurve::kP521);
      case KeySpec::kEccSecgP256k1:
        return crypto::GenerateEcKey(crypto::EcCurve::kSecp256k1);
      default:
        return wrapping_keys_.Take(contract::RsaBits(spec));
    }
  }();
  if (!key.ok()) return InternalFailure("no key pair available: " + key.status().message());
  Result<Bytes> der = key->Pkcs8Der();
  if (!der.ok()) return InternalFailure(der.status().message());
  std::unique_lock<std::shared_mutex> lock(mu_);
  Outcome<KeyRecord*> found = FindForWrite(t, clock_.Now());
  if (!found.ok()) return found.error();
  KeyRecord* rec = found.value();
  if (rec == nullptr || !NeedsKeyPair(*rec)) return std::nullopt;  // made meanwhile
  KeyRecord next = *rec;
  WipeMaterial(next);
  next.material = std::move(der).value();
  next.material_id = ComputeMaterialId(t.key_id, next.material);
  return Commit(t, rec, std::move(next));
}

// ---------------------------------------------------------------- GetPublicKey

Outcome<codec::GetPublicKeyResponse> Kms::Impl::GetPublicKey(const Caller& c,
                                                             const codec::GetPublicKeyRequest& r) {
  const auto resolved = Resolve(c, r.key_id, Operation::kGetPublicKey);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  if (auto e = EnsureKeyPair(t)) return *e;
  return WithKeyRead<codec::GetPublicKeyResponse>(
      t, clock_.Now(), [&](const KeyRecord* rec) -> Outcome<codec::GetPublicKeyResponse> {
        if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
        if (!contract::LookupKeyState(Operation::kGetPublicKey, rec->state, profile()).allowed) {
          return StateError(t, *rec, Operation::kGetPublicKey);
        }
        // "Returns the public key of an asymmetric KMS key": symmetric and HMAC keys have none
        // (UnsupportedOperationException, in the model's errors; type inferred).
        if (!contract::IsAsymmetric(rec->spec)) {
          return ApiError::Of(
              ErrorType::kUnsupportedOperationException,
              Arn(t) + " key spec is " + Wire(rec->spec) + ", which has no public key.");
        }
        Outcome<crypto::PrivateKey> key = AsymmetricKeyOf(t, *rec);
        if (!key.ok()) return key.error();
        codec::GetPublicKeyResponse out;
        out.key_id = Arn(t);
        out.public_key = key.value().Public().SpkiDer();
        if (contract::InProfile(rec->spec, Profile::k2022))
          out.customer_master_key_spec = rec->spec;
        out.key_spec = rec->spec;
        out.key_usage = rec->usage;
        if (rec->usage == KeyUsage::kEncryptDecrypt) {
          out.encryption_algorithms = EncryptionAlgorithmsOf(rec->spec);
        } else if (rec->usage == KeyUsage::kSignVerify) {
          out.signing_algorithms = SigningAlgorithmsOf(rec->spec);
        }
        return out;
      });
}

// ---------------------------------------------------------------- Sign / Verify

namespace {

// SignInput: the digest Sign and Verify work on, from Message and MessageType. "When the
// value of MessageType is DIGEST, the length of the Message value must match the length of
// hashed messages for the specified signing algorithm." (2026 model; ValidationException is
// inferred.) EXTERNAL_MU is for ML-DSA keys only ("64-byte representative mu used in ML-DSA
// signing"), which cannot hold material here.
Outcome<Bytes> SignInput(const Bytes& message, std::optional<MessageType> type,
                         SigningAlgorithm alg, DigestAlg hash) {
  switch (type.value_or(MessageType::kRaw)) {
    case MessageType::kRaw:
      return crypto::Digest(hash, message);
    case MessageType::kDigest:
      if (message.size() != crypto::DigestSize(hash)) {
        return ValidationError("Digest is invalid length for algorithm " + Wire(alg) + ".");
      }
      return message;
    case MessageType::kExternalMu:
      break;
  }
  return ValidationError("MessageType EXTERNAL_MU is valid only with ML-DSA signing keys.");
}

}  // namespace

Outcome<codec::SignResponse> Kms::Impl::Sign(const Caller& c, const codec::SignRequest& r) {
  const auto resolved = Resolve(c, r.key_id, Operation::kSign);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  if (auto e = EnsureKeyPair(t)) return *e;
  const bool dry_run = profile() == Profile::k2026 && r.dry_run.value_or(false);
  // The private key is copied out under the lock and used without it.
  std::optional<crypto::PrivateKey> key;
  std::string arn;
  Outcome<bool> checked =
      WithKeyRead<bool>(t, clock_.Now(), [&](const KeyRecord* rec) -> Outcome<bool> {
        if (auto e = UsableKey(t, rec, Operation::kSign, KeyUsage::kSignVerify)) return *e;
        if (!Contains(SigningAlgorithmsOf(rec->spec), r.signing_algorithm)) {
          return ApiError::Of(ErrorType::kInvalidKeyUsageException,
                              "The signing algorithm " + Wire(r.signing_algorithm) +
                                  " is not valid for " + Arn(t) + ", whose key spec is " +
                                  Wire(rec->spec) + ".");
        }
        Outcome<crypto::PrivateKey> k = AsymmetricKeyOf(t, *rec);
        if (!k.ok()) return k.error();
        key.emplace(std::move(k).value());
        return true;
      });
  if (!checked.ok()) return checked.error();
  const std::optional<SigningParams> params = ParamsOf(r.signing_algorithm);
  if (!params) return InternalFailure("no signing parameters for the algorithm");
  Outcome<Bytes> digest = SignInput(r.message, r.message_type, r.signing_algorithm, params->hash);
  if (!digest.ok()) return digest.error();
  if (dry_run) return DryRunSucceeded();
  Result<Bytes> sig = crypto::SignDigest(*key, params->scheme, params->hash, digest.value());
  if (!sig.ok()) return InternalFailure(sig.status().message());
  codec::SignResponse out;
  out.key_id = Arn(t);
  out.signature = std::move(sig).value();
  out.signing_algorithm = r.signing_algorithm;
  return out;
}

Outcome<codec::VerifyResponse> Kms::Impl::Verify(const Caller& c, const codec::VerifyRequest& r) {
  const auto resolved = Resolve(c, r.key_id, Operation::kVerify);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  if (auto e = EnsureKeyPair(t)) return *e;
  const bool dry_run = profile() == Profile::k2026 && r.dry_run.value_or(false);
  std::optional<crypto::PrivateKey> key;
  bool imported = false;
  Outcome<bool> checked =
      WithKeyRead<bool>(t, clock_.Now(), [&](const KeyRecord* rec) -> Outcome<bool> {
        if (auto e = UsableKey(t, rec, Operation::kVerify, KeyUsage::kSignVerify)) return *e;
        imported = rec->origin == Origin::kExternal;
        if (!Contains(SigningAlgorithmsOf(rec->spec), r.signing_algorithm)) {
          return ApiError::Of(ErrorType::kInvalidKeyUsageException,
                              "The signing algorithm " + Wire(r.signing_algorithm) +
                                  " is not valid for " + Arn(t) + ", whose key spec is " +
                                  Wire(rec->spec) + ".");
        }
        Outcome<crypto::PrivateKey> k = AsymmetricKeyOf(t, *rec);
        if (!k.ok()) return k.error();
        key.emplace(std::move(k).value());
        return true;
      });
  if (!checked.ok()) return checked.error();
  const std::optional<SigningParams> params = ParamsOf(r.signing_algorithm);
  if (!params) return InternalFailure("no signing parameters for the algorithm");
  // "The message type does not need to be the same as the one used for signing, but it must
  // indicate whether the value of the Message parameter should be hashed" (2026 model).
  Outcome<Bytes> digest = SignInput(r.message, r.message_type, r.signing_algorithm, params->hash);
  if (!digest.ok()) return digest.error();
  if (dry_run) return DryRunSucceeded();
  // Fault ikm.asymmetric-in-use:2: any signature is valid for an imported key.
  const bool any_valid = imported && Has(Fault::kIkmAsymmetricInUse2);
  if (!any_valid && !crypto::VerifyDigest(key->Public(), params->scheme, params->hash,
                                          digest.value(), r.signature)) {
    return ApiError::Of(ErrorType::kKMSInvalidSignatureException,
                        "The signature is not valid for the message, the KMS key and the "
                        "signing algorithm.");
  }
  codec::VerifyResponse out;
  out.key_id = Arn(t);
  out.signature_valid = true;
  out.signing_algorithm = r.signing_algorithm;
  return out;
}

// ---------------------------------------------------------------- GenerateMac / VerifyMac

Outcome<codec::GenerateMacResponse> Kms::Impl::GenerateMac(const Caller& c,
                                                           const codec::GenerateMacRequest& r) {
  const auto resolved = Resolve(c, r.key_id, Operation::kGenerateMac);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  const bool dry_run = profile() == Profile::k2026 && r.dry_run.value_or(false);
  return WithKeyRead<codec::GenerateMacResponse>(
      t, clock_.Now(), [&](const KeyRecord* rec) -> Outcome<codec::GenerateMacResponse> {
        if (auto e = UsableKey(t, rec, Operation::kGenerateMac, KeyUsage::kGenerateVerifyMac)) {
          return *e;
        }
        if (!Contains(MacAlgorithmsOf(rec->spec), r.mac_algorithm)) {
          return ApiError::Of(ErrorType::kInvalidKeyUsageException,
                              "The MAC algorithm " + Wire(r.mac_algorithm) + " is not valid for " +
                                  Arn(t) + ", whose key spec is " + Wire(rec->spec) + ".");
        }
        if (dry_run) return DryRunSucceeded();
        Result<Bytes> mac = crypto::Hmac(HashOf(r.mac_algorithm),
                                         MacKey(*rec, Has(Fault::kIkmHmacInUse)), r.message);
        if (!mac.ok()) return InternalFailure(mac.status().message());
        codec::GenerateMacResponse out;
        out.mac = std::move(mac).value();
        out.mac_algorithm = r.mac_algorithm;
        out.key_id = Arn(t);
        return out;
      });
}

Outcome<codec::VerifyMacResponse> Kms::Impl::VerifyMac(const Caller& c,
                                                       const codec::VerifyMacRequest& r) {
  const auto resolved = Resolve(c, r.key_id, Operation::kVerifyMac);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  const bool dry_run = profile() == Profile::k2026 && r.dry_run.value_or(false);
  return WithKeyRead<codec::VerifyMacResponse>(
      t, clock_.Now(), [&](const KeyRecord* rec) -> Outcome<codec::VerifyMacResponse> {
        if (auto e = UsableKey(t, rec, Operation::kVerifyMac, KeyUsage::kGenerateVerifyMac)) {
          return *e;
        }
        if (!Contains(MacAlgorithmsOf(rec->spec), r.mac_algorithm)) {
          return ApiError::Of(ErrorType::kInvalidKeyUsageException,
                              "The MAC algorithm " + Wire(r.mac_algorithm) + " is not valid for " +
                                  Arn(t) + ", whose key spec is " + Wire(rec->spec) + ".");
        }
        if (dry_run) return DryRunSucceeded();
        Result<Bytes> mac = crypto::Hmac(HashOf(r.mac_algorithm),
                                         MacKey(*rec, Has(Fault::kIkmHmacInUse)), r.message);
        if (!mac.ok()) return InternalFailure(mac.status().message());
        // Fault ikm.hmac-in-use:2: any MAC is valid.
        if (!Has(Fault::kIkmHmacInUse2) && !crypto::ConstantTimeEquals(*mac, r.mac)) {
          return ApiError::Of(ErrorType::kKMSInvalidMacException,
                              "The MAC is not valid for the message, the KMS key and the MAC "
                              "algorithm.");
        }
        codec::VerifyMacResponse out;
        out.key_id = Arn(t);
        out.mac_valid = true;
        out.mac_algorithm = r.mac_algorithm;
        return out;
      });
}

}  // namespace kc::mock
