// Fuzz target: kc::crypto::PublicKey::FromSpkiDer (harness/crypto/keys.h), the strict DER
// SubjectPublicKeyInfo reader behind scenarios::ParsePublicKey (which only caches it) for
// GetParametersForImport's PublicKey, and the RSA-only promise of its consumers
// (RsaOaepEncrypt, RsaPkcs1Encrypt, Wrap: "InvalidArgument when the key is not RSA").
// Claims (each aborts with a message):
//  - any bytes give a key or an InvalidArgument with a message, never a crash or a leak;
//  - an accepted key's SpkiDer() is the input itself and OpenSSL re-encodes the parsed key
//    (i2d_PUBKEY) to exactly those bytes (the reader promises canonical DER); SpkiDer()
//    parses again to a key of the same type, bits, size and curve whose public components
//    are equal (EVP_PKEY_eq; RSA: the same modulus and exponent);
//  - an accepted key reports sane sizes: bits > 0, size > 0; RSA: bits is the modulus's
//    bit length and size its byte length; an EC key names a curve only for EC;
//  - a non-RSA key (EC, Ed25519, ...) is refused by the RSA-only consumers with
//    InvalidArgument, never wrapped under.
// Input: the DER bytes, as they come in a reply's PublicKey (after base64).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "harness/common/bytes.h"
#include "harness/common/status.h"
#include "harness/crypto/keys.h"
#include "harness/crypto/random.h"
#include "harness/crypto/rsa_encryption.h"
#include "harness/crypto/wrap.h"

namespace {

using kc::crypto::KeyType;
using kc::crypto::PublicKey;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "crypto_spki: claim violated: %s\n", what);
    std::abort();
  }
}

// Bits of an RSA key's modulus read straight from the key (independent of bits()); -1 if
// OpenSSL cannot give it.
int ModulusBits(const PublicKey& key) {
  BIGNUM* n = nullptr;
  if (EVP_PKEY_get_bn_param(key.pkey(), OSSL_PKEY_PARAM_RSA_N, &n) != 1) {
    ERR_clear_error();
    return -1;
  }
  const int bits = BN_num_bits(n);
  BN_free(n);
  return bits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const kc::ByteView der(data, size);
  const kc::Result<PublicKey> parsed = PublicKey::FromSpkiDer(der);
  if (!parsed.ok()) {
    Check(parsed.status().code() == kc::StatusCode::kInvalidArgument,
          "a refused input is InvalidArgument");
    Check(!parsed.status().message().empty(), "a refusal says why");
    ERR_clear_error();
    return 0;
  }
  const PublicKey& key = parsed.value();
  Check(key.pkey() != nullptr, "an accepted key has a handle");
  Check(key.SpkiDer().size() == size &&
            (size == 0 || std::memcmp(key.SpkiDer().data(), data, size) == 0),
        "SpkiDer() of an accepted key is its (canonical DER) input");
  Check(key.bits() > 0, "an accepted key has bits > 0");
  Check(key.size() > 0, "an accepted key has size > 0");
  Check((key.type() == KeyType::kEc) || key.curve() == kc::crypto::EcCurve::kNone,
        "only an EC key names a curve");

  // Round trip: the re-encoding parses to the same key.
  const kc::Result<PublicKey> again = PublicKey::FromSpkiDer(key.SpkiDer());
  Check(again.ok(), "SpkiDer() of an accepted key parses again");
  const PublicKey& second = again.value();
  Check(second.type() == key.type() && second.bits() == key.bits() && second.size() == key.size() &&
            second.curve() == key.curve(),
        "the re-parsed key has the same type, bits, size and curve");
  Check(EVP_PKEY_eq(key.pkey(), second.pkey()) == 1,
        "the re-parsed key has the same public components");
  // SpkiDer() is the stored input: OpenSSL's own encoding of the parsed key must equal it
  // (the reader's "no BER forms" promise).
  unsigned char* encoded = nullptr;
  const int encoded_len = i2d_PUBKEY(key.pkey(), &encoded);
  Check(encoded_len > 0 && static_cast<std::size_t>(encoded_len) == size &&
            std::memcmp(encoded, data, size) == 0,
        "the parsed key re-encodes (i2d_PUBKEY) to exactly the input");
  OPENSSL_free(encoded);
  Check(second.SpkiDer() == key.SpkiDer(), "the re-parsed key re-encodes to the same DER");

  kc::crypto::DeterministicRandom rng(7);
  const std::uint8_t material[32] = {1, 2, 3};
  if (key.type() == KeyType::kRsa) {
    const int n_bits = ModulusBits(key);
    Check(n_bits == key.bits(), "an RSA key's bits() is its modulus's bit length");
    Check(key.size() == (n_bits + 7) / 8, "an RSA key's size() is its modulus's byte length");
  } else {
    // The RSA-only consumers refuse the key up front (no RSA operation is attempted).
    const auto oaep = kc::crypto::RsaOaepEncrypt(key, kc::crypto::HashAlg::kSha256, {},
                                                 kc::ByteView(material, 1), rng);
    Check(!oaep.ok() && oaep.status().code() == kc::StatusCode::kInvalidArgument,
          "RsaOaepEncrypt refuses a non-RSA key with InvalidArgument");
    const auto pkcs1 = kc::crypto::RsaPkcs1Encrypt(key, kc::ByteView(material, 1), rng);
    Check(!pkcs1.ok() && pkcs1.status().code() == kc::StatusCode::kInvalidArgument,
          "RsaPkcs1Encrypt refuses a non-RSA key with InvalidArgument");
    const auto wrapped = kc::crypto::Wrap(kc::crypto::WrapAlgorithm::kRsaAesKeyWrapSha256, key,
                                          kc::ByteView(material, sizeof material), rng);
    Check(!wrapped.ok() && wrapped.status().code() == kc::StatusCode::kInvalidArgument,
          "Wrap refuses a non-RSA key with InvalidArgument");
  }
  ERR_clear_error();
  return 0;
}
