#include "harness/crypto/keys.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <openssl/asn1t.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
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

// ---- i2d_PUBKEY of a plain RSA key, without an encoder ----
//
// For a provider key, i2d_PUBKEY sets up an OSSL_ENCODER_CTX per call (tens of
// microseconds). The SubjectPublicKeyInfo of a plain RSA key (RFC 3279 2.3.1) has one DER
// form, written here from n and e; FromSpkiDer's side-by-side test (keys_test.cc) compares
// the outcome with i2d_PUBKEY's on thousands of RSA inputs.

void AppendDerLength(Bytes& out, std::size_t n) {
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
    return;
  }
  std::uint8_t tmp[sizeof(std::size_t)];
  std::size_t len = 0;
  for (std::size_t v = n; v != 0; v >>= 8) tmp[len++] = static_cast<std::uint8_t>(v & 0xff);
  out.push_back(static_cast<std::uint8_t>(0x80 | len));
  while (len > 0) out.push_back(tmp[--len]);
}

void AppendDerTlv(Bytes& out, std::uint8_t tag, const Bytes& content) {
  out.push_back(tag);
  AppendDerLength(out, content.size());
  out.insert(out.end(), content.begin(), content.end());
}

// AppendDerInteger: a non-negative INTEGER (minimal, a 00 in front of a set top bit).
void AppendDerInteger(Bytes& out, const BIGNUM* bn) {
  Bytes content(static_cast<std::size_t>(BN_num_bytes(bn)));
  if (!content.empty()) BN_bn2bin(bn, content.data());
  if (content.empty() || (content[0] & 0x80) != 0) content.insert(content.begin(), 0x00);
  AppendDerTlv(out, 0x02, content);
}

using BnPtr = std::unique_ptr<BIGNUM, OsslDeleter<BN_free>>;

// RsaSpkiDer: what i2d_PUBKEY gives for `pkey` when it is a plain RSA key (not RSA-PSS) of
// non-negative n and e; empty otherwise (the caller then asks OpenSSL).
Bytes RsaSpkiDer(const EVP_PKEY* pkey) {
  if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA || !EVP_PKEY_is_a(pkey, "RSA")) return {};
  BIGNUM* n_raw = nullptr;
  BIGNUM* e_raw = nullptr;
  const bool got_n = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n_raw) == 1;
  const bool got_e = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e_raw) == 1;
  const BnPtr n(n_raw);
  const BnPtr e(e_raw);
  if (!got_n || !got_e || BN_is_negative(n.get()) || BN_is_negative(e.get())) {
    ERR_clear_error();
    return {};
  }
  Bytes rsa_public_key;  // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
  AppendDerInteger(rsa_public_key, n.get());
  AppendDerInteger(rsa_public_key, e.get());
  Bytes bits = {0x00};  // BIT STRING: no unused bits, then the DER RSAPublicKey
  AppendDerTlv(bits, 0x30, rsa_public_key);
  // AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }
  Bytes body = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
  AppendDerTlv(body, 0x03, bits);
  Bytes out;
  AppendDerTlv(out, 0x30, body);
  return out;
}

// ---- d2i_PUBKEY without its per-call decoder set-up ----
//
// OpenSSL 3.0's d2i_PUBKEY parses the SubjectPublicKeyInfo structure, then builds an
// OSSL_DECODER_CTX for the algorithm's name, decodes the key with it and frees it again; the
// set-up is most of the ~90 us a call takes. DecodePubkey does the same steps in the same
// order, but keeps the decoder contexts of this thread for reuse. Its result (the key, or
// null and the same OpenSSL error queue) is d2i_PUBKEY's; tested side by side with
// d2i_PUBKEY in keys_test.cc (PublicKey.FromSpkiDerMatchesD2iPubkey) on the fuzz seeds and
// thousands of mutations of them. Where it cannot be sure to match (a decoder that leaves
// bytes unread), it calls d2i_PUBKEY itself.

// SpkiParts: the two fields of a SubjectPublicKeyInfo, parsed with the same ASN.1 template
// as OpenSSL's X509_PUBKEY (a SEQUENCE of an X509_ALGOR and a BIT STRING), so the same
// inputs are refused with the same errors.
struct SpkiParts {
  X509_ALGOR* algor;
  ASN1_BIT_STRING* public_key;
};

ASN1_SEQUENCE(KcSpkiParts) = {
    ASN1_SIMPLE(SpkiParts, algor, X509_ALGOR),
    ASN1_SIMPLE(SpkiParts, public_key, ASN1_BIT_STRING),
} static_ASN1_SEQUENCE_END_name(SpkiParts, KcSpkiParts)

struct SpkiPartsDeleter {
  void operator()(SpkiParts* p) const {
    ASN1_item_free(reinterpret_cast<ASN1_VALUE*>(p), ASN1_ITEM_rptr(KcSpkiParts));
  }
};

// DecoderSlot: a reusable "DER SubjectPublicKeyInfo -> public EVP_PKEY" decoder for one key
// type name; `key` is where the decoder puts what it made (taken and reset after each use).
struct DecoderSlot {
  EVP_PKEY* key = nullptr;
  OSSL_DECODER_CTX* ctx = nullptr;
  explicit DecoderSlot(const char* keytype)
      : ctx(OSSL_DECODER_CTX_new_for_pkey(&key, "DER", "SubjectPublicKeyInfo", keytype,
                                          EVP_PKEY_PUBLIC_KEY, nullptr, nullptr)) {}
  ~DecoderSlot() {
    OSSL_DECODER_CTX_free(ctx);
    EVP_PKEY_free(key);
  }
  DecoderSlot(const DecoderSlot&) = delete;
  DecoderSlot& operator=(const DecoderSlot&) = delete;
};

// The decoders of this thread, by key type name, at most kMaxCachedDecoders of them (made-up
// algorithm OIDs are names too): when full, the one used least recently makes room.
constexpr std::size_t kMaxCachedDecoders = 16;
struct CachedDecoder {
  std::unique_ptr<DecoderSlot> slot;
  std::uint64_t last_use = 0;
};
using DecoderCache = std::map<std::string, CachedDecoder, std::less<>>;

// d2i_PUBKEY's buffer for the algorithm's name (OSSL_MAX_NAME_SIZE, internal to OpenSSL).
constexpr std::size_t kOidNameSize = 50;

// DecodePubkey: d2i_PUBKEY(nullptr, &p, der.size()); on success *consumed is how many bytes
// it read.
EVP_PKEY* DecodePubkey(ByteView der, std::size_t* consumed) {
  const unsigned char* const start = der.data();
  const unsigned char* p = start;
  std::unique_ptr<SpkiParts, SpkiPartsDeleter> parts(reinterpret_cast<SpkiParts*>(ASN1_item_d2i(
      nullptr, &p, static_cast<long>(der.size()), ASN1_ITEM_rptr(KcSpkiParts))));
  if (parts == nullptr) return nullptr;  // the ASN.1 errors are d2i_PUBKEY's
  const auto publen = static_cast<std::size_t>(p - start);

  // As d2i_PUBKEY: the key is decoded opportunistically, the decoder's errors dropped.
  ERR_set_mark();
  std::array<char, kOidNameSize> name{};
  if (OBJ_obj2txt(name.data(), static_cast<int>(name.size()), parts->algor->algorithm, 0) <= 0) {
    // d2i_PUBKEY fails here with the errors left queued: let it do so itself.
    ERR_pop_to_mark();
    const unsigned char* q = start;
    EVP_PKEY* key = d2i_PUBKEY(nullptr, &q, static_cast<long>(der.size()));
    *consumed = static_cast<std::size_t>(q - start);
    return key;
  }
  thread_local DecoderCache cache;
  thread_local std::uint64_t clock = 0;
  auto it = cache.find(std::string_view(name.data()));
  if (it == cache.end()) {
    if (cache.size() >= kMaxCachedDecoders) {
      auto oldest = cache.begin();
      for (auto c = cache.begin(); c != cache.end(); ++c) {
        if (c->second.last_use < oldest->second.last_use) oldest = c;
      }
      cache.erase(oldest);
    }
    it = cache.emplace(std::string(name.data()),
                       CachedDecoder{std::make_unique<DecoderSlot>(name.data()), 0})
             .first;
  }
  it->second.last_use = ++clock;
  DecoderSlot* slot = it->second.slot.get();
  const unsigned char* q = start;
  std::size_t left = publen;
  const bool decoded = slot->ctx != nullptr && OSSL_DECODER_from_data(slot->ctx, &q, &left) == 1;
  EVP_PKEY* key = slot->key;
  slot->key = nullptr;
  if (decoded && left != 0) {
    // d2i_PUBKEY raises its own error for a decoder that leaves bytes: let it do so.
    EVP_PKEY_free(key);
    ERR_pop_to_mark();
    const unsigned char* r = start;
    EVP_PKEY* again = d2i_PUBKEY(nullptr, &r, static_cast<long>(der.size()));
    *consumed = static_cast<std::size_t>(r - start);
    return again;
  }
  ERR_pop_to_mark();
  if (key == nullptr) {
    // X509_PUBKEY_get0's error when the key did not decode, which d2i_PUBKEY leaves queued.
    ERR_raise(ERR_LIB_EVP, EVP_R_DECODE_ERROR);
    return nullptr;
  }
  *consumed = publen;
  return key;
}

// ParseSpki: strict d2i_PUBKEY.
Result<PkeyHandle> ParseSpki(ByteView der) {
  if (der.empty()) return InvalidArgumentError("SubjectPublicKeyInfo: empty input");
  if (!internal::FitsInt(der.size())) {
    return InvalidArgumentError("SubjectPublicKeyInfo: input too large");
  }
  std::size_t consumed = 0;
  PkeyHandle key(DecodePubkey(der, &consumed));
  if (key.get() == nullptr) {
    return internal::OpenSslError(StatusCode::kInvalidArgument,
                                  "SubjectPublicKeyInfo: not a DER public key");
  }
  if (consumed != der.size()) {
    return InvalidArgumentError("SubjectPublicKeyInfo: " + std::to_string(der.size() - consumed) +
                                " trailing bytes after the DER structure");
  }
  // OpenSSL's parser accepts some BER forms; DER is unique, so a DER input re-encodes to
  // itself and anything else is refused. Decoding and re-encoding are deterministic, so an
  // input this thread saw re-encode to itself recently does so again: the encoder (an
  // OSSL_ENCODER_CTX set up per call, tens of microseconds) runs once per distinct input.
  thread_local std::array<Bytes, 4> recent_canonical;
  thread_local std::size_t recent_next = 0;
  bool known = false;
  for (const Bytes& seen : recent_canonical) {
    if (seen.size() == der.size() && std::memcmp(seen.data(), der.data(), der.size()) == 0) {
      known = true;
      break;
    }
  }
  if (!known) {
    Bytes again = RsaSpkiDer(key.get());
    if (again.empty()) again = EncodeSpki(key.get());
    if (again.size() != der.size() || std::memcmp(again.data(), der.data(), der.size()) != 0) {
      ERR_clear_error();
      return InvalidArgumentError("SubjectPublicKeyInfo: not in canonical DER form");
    }
    recent_canonical[recent_next] = again;
    recent_next = (recent_next + 1) % recent_canonical.size();
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
