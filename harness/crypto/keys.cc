#include "harness/crypto/keys.h"

#include <array>
#include <cstring>
#include <string>

#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "harness/crypto/openssl_util.h"

namespace kc::crypto {
namespace internal {

PkeyHandle::PkeyHandle(const PkeyHandle& other) : p_(other.p_) {
  if (p_ != nullptr) EVP_PKEY_up_ref(p_);
}

PkeyHandle& PkeyHandle::operator=(const PkeyHandle& other) {
  if (this != &other) {
    if (other.p_ != nullptr) EVP_PKEY_up_ref(other.p_);
    EVP_PKEY_free(p_);
    p_ = other.p_;
  }
  return *this;
}

PkeyHandle& PkeyHandle::operator=(PkeyHandle&& other) noexcept {
  if (this != &other) {
    EVP_PKEY_free(p_);
    p_ = other.p_;
    other.p_ = nullptr;
  }
  return *this;
}

PkeyHandle::~PkeyHandle() { EVP_PKEY_free(p_); }

}  // namespace internal

namespace {

using internal::EvpPkeyCtxPtr;
using internal::OsslDeleter;
using internal::PkeyHandle;
using Pkcs8Ptr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, OsslDeleter<PKCS8_PRIV_KEY_INFO_free>>;

KeyType TypeOf(const EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "RSA")) return KeyType::kRsa;
  if (EVP_PKEY_is_a(pkey, "EC")) return KeyType::kEc;
  return KeyType::kOther;
}

EcCurve CurveOf(const EVP_PKEY* pkey) {
  std::array<char, 64> name{};
  std::size_t len = 0;
  if (EVP_PKEY_get_group_name(pkey, name.data(), name.size(), &len) != 1) {
    ERR_clear_error();
    return EcCurve::kNone;
  }
  int nid = OBJ_sn2nid(name.data());
  if (nid == NID_undef) nid = EC_curve_nist2nid(name.data());
  switch (nid) {
    case NID_X9_62_prime256v1:
      return EcCurve::kP256;
    case NID_secp384r1:
      return EcCurve::kP384;
    case NID_secp521r1:
      return EcCurve::kP521;
    case NID_secp256k1:
      return EcCurve::kSecp256k1;
    default:
      return EcCurve::kNone;
  }
}

// EncodeSpki: i2d_PUBKEY into a vector; empty on failure.
Bytes EncodeSpki(EVP_PKEY* pkey) {
  const int len = i2d_PUBKEY(pkey, nullptr);
  if (len <= 0) return {};
  Bytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  if (i2d_PUBKEY(pkey, &p) != len) return {};
  return out;
}

// ParseSpki: strict d2i_PUBKEY.
Result<PkeyHandle> ParseSpki(ByteView der) {
  if (der.empty()) return InvalidArgumentError("SubjectPublicKeyInfo: empty input");
  if (!internal::FitsInt(der.size())) {
    return InvalidArgumentError("SubjectPublicKeyInfo: input too large");
  }
  const unsigned char* p = der.data();
  PkeyHandle key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  if (key.get() == nullptr) {
    return internal::OpenSslError(StatusCode::kInvalidArgument,
                                  "SubjectPublicKeyInfo: not a DER public key");
  }
  const auto consumed = static_cast<std::size_t>(p - der.data());
  if (consumed != der.size()) {
    return InvalidArgumentError("SubjectPublicKeyInfo: " + std::to_string(der.size() - consumed) +
                                " trailing bytes after the DER structure");
  }
  // OpenSSL's parser accepts some BER forms; DER is unique, so a DER input re-encodes to
  // itself and anything else is refused.
  const Bytes again = EncodeSpki(key.get());
  if (again.size() != der.size() || std::memcmp(again.data(), der.data(), der.size()) != 0) {
    ERR_clear_error();
    return InvalidArgumentError("SubjectPublicKeyInfo: not in canonical DER form");
  }
  // OpenSSL takes an RSA modulus of 0 (found by fuzz/crypto_spki): a key of no size, which
  // nothing can use.
  if (EVP_PKEY_get_bits(key.get()) <= 0 || EVP_PKEY_get_size(key.get()) <= 0) {
    ERR_clear_error();
    return InvalidArgumentError(
        "SubjectPublicKeyInfo: the key has no size (e.g. an RSA modulus of 0)");
  }
  return key;
}

}  // namespace

// ---- PublicKey ----

PublicKey::PublicKey(internal::PkeyHandle key, Bytes spki)
    : key_(std::move(key)),
      spki_(std::make_shared<const Bytes>(std::move(spki))),
      type_(TypeOf(key_.get())),
      bits_(EVP_PKEY_get_bits(key_.get())),
      size_(EVP_PKEY_get_size(key_.get())),
      curve_(type_ == KeyType::kEc ? CurveOf(key_.get()) : EcCurve::kNone) {}

Result<PublicKey> PublicKey::FromSpkiDer(ByteView der) {
  KC_ASSIGN_OR_RETURN(PkeyHandle key, ParseSpki(der));
  // ParseSpki checked that the key re-encodes to exactly `der`.
  return PublicKey(std::move(key), Bytes(der.begin(), der.end()));
}

// ---- PrivateKey ----

Result<PrivateKey> PrivateKey::Adopt(internal::PkeyHandle key) {
  // The public half is a separate public-only key, so a PublicKey never carries the private
  // material, whoever it is handed to.
  Bytes spki = EncodeSpki(key.get());
  if (spki.empty()) return internal::OpenSslError(StatusCode::kInternal, "encoding public key");
  KC_ASSIGN_OR_RETURN(PkeyHandle pub, ParseSpki(spki));
  return PrivateKey(std::move(key), PublicKey(std::move(pub), std::move(spki)));
}

Result<PrivateKey> PrivateKey::FromPkcs8Der(ByteView der) {
  if (der.empty()) return InvalidArgumentError("PKCS#8: empty input");
  if (!internal::FitsInt(der.size())) return InvalidArgumentError("PKCS#8: input too large");
  const unsigned char* p = der.data();
  Pkcs8Ptr p8(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size())));
  if (p8 == nullptr) {
    return internal::OpenSslError(StatusCode::kInvalidArgument, "PKCS#8: not a DER PrivateKeyInfo");
  }
  const auto consumed = static_cast<std::size_t>(p - der.data());
  if (consumed != der.size()) {
    return InvalidArgumentError("PKCS#8: " + std::to_string(der.size() - consumed) +
                                " trailing bytes after the DER structure");
  }
  // As for SPKI: the outer structure must be DER, which re-encodes to itself.
  Bytes again(der.size());
  unsigned char* q = again.data();
  const bool canonical =
      i2d_PKCS8_PRIV_KEY_INFO(p8.get(), nullptr) == static_cast<int>(der.size()) &&
      i2d_PKCS8_PRIV_KEY_INFO(p8.get(), &q) == static_cast<int>(der.size()) &&
      std::memcmp(again.data(), der.data(), der.size()) == 0;
  OPENSSL_cleanse(again.data(), again.size());
  if (!canonical) {
    ERR_clear_error();
    return InvalidArgumentError("PKCS#8: not in canonical DER form");
  }
  PkeyHandle key(EVP_PKCS82PKEY(p8.get()));
  if (key.get() == nullptr) {
    return internal::OpenSslError(StatusCode::kInvalidArgument,
                                  "PKCS#8: unsupported or malformed private key");
  }
  return Adopt(std::move(key));
}

namespace {
// EncodePkcs8: the key's PKCS#8 DER; empty when OpenSSL cannot encode it.
Bytes EncodePkcs8(EVP_PKEY* key) {
  Pkcs8Ptr p8(EVP_PKEY2PKCS8(key));
  if (p8 == nullptr) return {};
  const int len = i2d_PKCS8_PRIV_KEY_INFO(p8.get(), nullptr);
  if (len <= 0) return {};
  Bytes out(static_cast<std::size_t>(len));
  unsigned char* q = out.data();
  if (i2d_PKCS8_PRIV_KEY_INFO(p8.get(), &q) != len) {
    OPENSSL_cleanse(out.data(), out.size());
    return {};
  }
  return out;
}
}  // namespace

internal::Pkcs8Cache::~Pkcs8Cache() { OPENSSL_cleanse(der.data(), der.size()); }

Result<Bytes> PrivateKey::Pkcs8Der() const {
  std::call_once(pkcs8_->once, [this] { pkcs8_->der = EncodePkcs8(key_.get()); });
  if (pkcs8_->der.empty()) {
    return internal::OpenSslError(StatusCode::kInternal, "PKCS#8: encoding");
  }
  return pkcs8_->der;
}

// ---- Generation ----

const char* EcCurveName(EcCurve curve) {
  switch (curve) {
    case EcCurve::kP256:
      return "P-256";
    case EcCurve::kP384:
      return "P-384";
    case EcCurve::kP521:
      return "P-521";
    case EcCurve::kSecp256k1:
      return "secp256k1";
    case EcCurve::kNone:
      break;
  }
  return "none";
}

Result<PrivateKey> GenerateRsaKey(int bits) {
  if (bits != 2048 && bits != 3072 && bits != 4096) {
    return InvalidArgumentError("RSA key size must be 2048, 3072 or 4096 bits, not " +
                                std::to_string(bits));
  }
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (ctx == nullptr || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1 ||
      EVP_PKEY_generate(ctx.get(), &raw) != 1) {
    EVP_PKEY_free(raw);
    return internal::OpenSslError(StatusCode::kInternal, "generating an RSA key");
  }
  return PrivateKey::Adopt(PkeyHandle(raw));
}

Result<PrivateKey> GenerateEcKey(EcCurve curve) {
  if (curve == EcCurve::kNone) return InvalidArgumentError("GenerateEcKey: no curve given");
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (ctx == nullptr || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_group_name(ctx.get(), EcCurveName(curve)) != 1 ||
      EVP_PKEY_generate(ctx.get(), &raw) != 1) {
    EVP_PKEY_free(raw);
    return internal::OpenSslError(StatusCode::kInternal,
                                  std::string("generating an EC key on ") + EcCurveName(curve));
  }
  return PrivateKey::Adopt(PkeyHandle(raw));
}

}  // namespace kc::crypto
