// PublicKey, PrivateKey: RSA and EC keys as OpenSSL EVP_PKEY handles, parsed from and
// serialised to the DER forms KMS uses: SubjectPublicKeyInfo (GetParametersForImport's
// PublicKey) and PKCS#8 PrivateKeyInfo (the material of asymmetric imports).
//
// Both are cheap to copy (a copy shares the EVP_PKEY, reference counted) and may be used from
// several threads at once: every operation on them makes its own EVP_PKEY_CTX.
#ifndef KC_CRYPTO_KEYS_H_
#define KC_CRYPTO_KEYS_H_

#include <memory>
#include <mutex>
#include <utility>

#include <openssl/evp.h>

#include "harness/common/bytes.h"
#include "harness/common/status.h"

namespace kc::crypto {

enum class KeyType { kRsa, kEc, kOther };
enum class EcCurve { kNone, kP256, kP384, kP521, kSecp256k1 };

namespace internal {
// PkeyHandle: an owning EVP_PKEY reference; a copy takes another reference (EVP_PKEY_up_ref),
// so copies share one key and its cached precomputation (RSA Montgomery contexts, blinding).
class PkeyHandle {
 public:
  explicit PkeyHandle(EVP_PKEY* owned) : p_(owned) {}
  PkeyHandle(const PkeyHandle& other);
  PkeyHandle(PkeyHandle&& other) noexcept : p_(other.p_) { other.p_ = nullptr; }
  PkeyHandle& operator=(const PkeyHandle& other);
  PkeyHandle& operator=(PkeyHandle&& other) noexcept;
  ~PkeyHandle();
  EVP_PKEY* get() const { return p_; }

 private:
  EVP_PKEY* p_;
};

// Pkcs8Cache: a private key's PKCS#8 DER, encoded on first use and shared by the key's
// copies; wiped when the last copy goes.
struct Pkcs8Cache {
  std::once_flag once;
  Bytes der;  // empty: OpenSSL could not encode the key
  ~Pkcs8Cache();
};
}  // namespace internal

// PublicKey: a public key. Never holds private material.
class PublicKey {
 public:
  // FromSpkiDer: parses a DER SubjectPublicKeyInfo. Strict: the input must be exactly one
  // DER encoding (no trailing bytes, no BER forms: the parsed key must re-encode to the same
  // bytes). InvalidArgument on anything else, with OpenSSL's reason in the message.
  static Result<PublicKey> FromSpkiDer(ByteView der);

  // SpkiDer: the DER SubjectPublicKeyInfo of the key (encoded once, when the key was made,
  // and shared by its copies).
  const Bytes& SpkiDer() const { return *spki_; }
  KeyType type() const { return type_; }
  // bits: the key size (RSA: modulus bits; EC: the curve's order bits).
  int bits() const { return bits_; }
  // size: the RSA modulus length in bytes (the length of every ciphertext); for other key
  // types the maximum signature size.
  int size() const { return size_; }
  EcCurve curve() const { return curve_; }

  // pkey: the underlying handle, for the other files of harness/crypto. Never null (except
  // in a moved-from key).
  EVP_PKEY* pkey() const { return key_.get(); }

 private:
  friend class PrivateKey;
  PublicKey(internal::PkeyHandle key, Bytes spki);

  internal::PkeyHandle key_;
  std::shared_ptr<const Bytes> spki_;
  KeyType type_;
  int bits_;
  int size_;
  EcCurve curve_;
};

// PrivateKey: a private key (with its public half).
class PrivateKey {
 public:
  // FromPkcs8Der: parses a DER PKCS#8 PrivateKeyInfo (unencrypted). Strict: no trailing
  // bytes, and the PrivateKeyInfo structure must be DER (it re-encodes to the same bytes).
  // InvalidArgument on anything else (including a traditional PKCS#1 "RSA PRIVATE KEY").
  // The key's internal consistency (e.g. RSA n = p q) is not checked.
  static Result<PrivateKey> FromPkcs8Der(ByteView der);

  // Pkcs8Der: the DER PKCS#8 PrivateKeyInfo of the key (encoded once, then shared by its
  // copies); Internal when OpenSSL cannot encode it. The result is secret: callers wipe it
  // (OPENSSL_cleanse) when done.
  Result<Bytes> Pkcs8Der() const;
  // Public: the public half (no private material).
  PublicKey Public() const { return public_; }
  KeyType type() const { return public_.type(); }
  int bits() const { return public_.bits(); }
  int size() const { return public_.size(); }
  EcCurve curve() const { return public_.curve(); }

  // pkey: the underlying handle, for the other files of harness/crypto. Never null (except
  // in a moved-from key).
  EVP_PKEY* pkey() const { return key_.get(); }

 private:
  friend Result<PrivateKey> GenerateRsaKey(int bits);
  friend Result<PrivateKey> GenerateEcKey(EcCurve curve);
  // Adopt: wraps a private key, deriving its public half. Internal if that fails.
  static Result<PrivateKey> Adopt(internal::PkeyHandle key);
  PrivateKey(internal::PkeyHandle key, PublicKey pub)
      : key_(std::move(key)),
        public_(std::move(pub)),
        pkcs8_(std::make_shared<internal::Pkcs8Cache>()) {}

  internal::PkeyHandle key_;
  PublicKey public_;
  std::shared_ptr<internal::Pkcs8Cache> pkcs8_;
};

// EcCurveName: "P-256", "P-384", "P-521", "secp256k1"; "none" for kNone.
const char* EcCurveName(EcCurve curve);

// GenerateRsaKey: a fresh RSA key of `bits` (2048, 3072 or 4096; public exponent 65537) from
// OpenSSL's DRBG. InvalidArgument for any other size; Internal if OpenSSL fails.
Result<PrivateKey> GenerateRsaKey(int bits);

// GenerateEcKey: a fresh EC key on `curve`. InvalidArgument for kNone; Internal if OpenSSL
// fails.
Result<PrivateKey> GenerateEcKey(EcCurve curve);

}  // namespace kc::crypto

#endif  // KC_CRYPTO_KEYS_H_
