#include "harness/crypto/rsa_encryption.h"

#include <array>
#include <string>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/params.h>
#include <openssl/sha.h>

#include "harness/crypto/openssl_util.h"

namespace kc::crypto {
namespace {

using internal::EvpPkeyCtxPtr;

constexpr std::size_t kMaxHashSize = SHA256_DIGEST_LENGTH;

// Wipes a buffer that held padding or plaintext when it goes out of scope.
class Cleanser {
 public:
  explicit Cleanser(Bytes& b) : b_(b) {}
  ~Cleanser() { OPENSSL_cleanse(b_.data(), b_.size()); }
  Cleanser(const Cleanser&) = delete;
  Cleanser& operator=(const Cleanser&) = delete;

 private:
  Bytes& b_;
};

// Hash: hash(data) into out (HashSize(hash) bytes). The one-shot SHA1()/SHA256() use no
// provider fetch.
void Hash(HashAlg hash, ByteView data, std::uint8_t* out) {
  if (hash == HashAlg::kSha1) {
    SHA1(data.data(), data.size(), out);
  } else {
    SHA256(data.data(), data.size(), out);
  }
}

// XorMgf1: out ^= MGF1(seed, out.size()) with `hash` (RFC 8017 appendix B.2.1).
void XorMgf1(HashAlg hash, ByteView seed, std::span<std::uint8_t> out) {
  const std::size_t h_len = HashSize(hash);
  Bytes input(seed.begin(), seed.end());
  input.resize(seed.size() + 4);
  std::array<std::uint8_t, kMaxHashSize> t{};
  std::uint32_t counter = 0;
  for (std::size_t done = 0; done < out.size(); done += h_len, ++counter) {
    for (std::size_t i = 0; i < 4; ++i) {
      input[seed.size() + i] = static_cast<std::uint8_t>(counter >> (24 - 8 * i));
    }
    Hash(hash, input, t.data());
    const std::size_t n = std::min(h_len, out.size() - done);
    for (std::size_t i = 0; i < n; ++i) out[done + i] ^= t[i];
  }
  OPENSSL_cleanse(t.data(), t.size());
  OPENSSL_cleanse(input.data(), input.size());
}

const char* HashName(HashAlg hash) { return hash == HashAlg::kSha1 ? "SHA1" : "SHA256"; }

std::string KeyDescription(const PublicKey& key) {
  return "a " + std::to_string(key.bits()) + "-bit RSA key";
}

// RawRsaPublic: the RSA public operation on a fully padded block `em` (exactly the modulus
// length, numerically below the modulus since em[0] == 0).
Result<Bytes> RawRsaPublic(const PublicKey& key, ByteView em) {
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key.pkey(), nullptr));
  const std::array<OSSL_PARAM, 2> params = {
      OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_PAD_MODE,
                                       const_cast<char*>(OSSL_PKEY_RSA_PAD_MODE_NONE), 0),
      OSSL_PARAM_construct_end()};
  Bytes out(static_cast<std::size_t>(key.size()));
  std::size_t out_len = out.size();
  if (ctx == nullptr || EVP_PKEY_encrypt_init_ex(ctx.get(), params.data()) != 1 ||
      EVP_PKEY_encrypt(ctx.get(), out.data(), &out_len, em.data(), em.size()) != 1 ||
      out_len != out.size()) {
    return internal::OpenSslError(StatusCode::kInternal, "RSA public operation");
  }
  return out;
}

// Decrypt: EVP_PKEY_decrypt with `params`; UnwrapFailedError() on any failure, with this
// call's OpenSSL errors discarded.
Result<Bytes> Decrypt(const PrivateKey& key, const OSSL_PARAM* params, ByteView ciphertext) {
  // RFC 8017 7.1.2 step 1 / 7.2.2 step 1: "If the length of the ciphertext C is not k
  // octets, output 'decryption error'". OpenSSL itself would accept a shorter input.
  if (key.type() != KeyType::kRsa || key.size() <= 0 ||
      ciphertext.size() != static_cast<std::size_t>(key.size())) {
    return UnwrapFailedError();
  }
  ERR_set_mark();
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key.pkey(), nullptr));
  Bytes out(ciphertext.size());
  std::size_t out_len = out.size();
  if (ctx == nullptr || EVP_PKEY_decrypt_init_ex(ctx.get(), params) != 1 ||
      EVP_PKEY_decrypt(ctx.get(), out.data(), &out_len, ciphertext.data(), ciphertext.size()) !=
          1 ||
      out_len > out.size()) {
    ERR_pop_to_mark();
    OPENSSL_cleanse(out.data(), out.size());
    return UnwrapFailedError();
  }
  ERR_pop_to_mark();
  // The tail beyond the message held nothing secret, but wipe it before shrinking anyway.
  OPENSSL_cleanse(out.data() + out_len, out.size() - out_len);
  out.resize(out_len);
  return out;
}

}  // namespace

std::size_t HashSize(HashAlg hash) {
  return hash == HashAlg::kSha1 ? SHA_DIGEST_LENGTH : SHA256_DIGEST_LENGTH;
}

std::size_t RsaOaepMaxMessageSize(std::size_t modulus_bytes, HashAlg hash) {
  const std::size_t overhead = 2 * HashSize(hash) + 2;
  return modulus_bytes > overhead ? modulus_bytes - overhead : 0;
}

Result<Bytes> RsaOaepEncrypt(const PublicKey& key, HashAlg hash, ByteView label, ByteView message,
                             RandomSource& rng) {
  if (key.type() != KeyType::kRsa) return InvalidArgumentError("RSA-OAEP needs an RSA key");
  const auto k = static_cast<std::size_t>(key.size());
  const std::size_t h_len = HashSize(hash);
  const std::size_t max = RsaOaepMaxMessageSize(k, hash);
  if (message.size() > max || k < 2 * h_len + 2) {
    return InvalidArgumentError("RSA-OAEP-" + std::string(HashName(hash)) + " under " +
                                KeyDescription(key) + " carries at most " + std::to_string(max) +
                                " bytes, got " + std::to_string(message.size()));
  }
  // RFC 8017 7.1.1 step 2 (EME-OAEP encoding):
  //   EM = 0x00 || maskedSeed || maskedDB, DB = lHash || PS || 0x01 || M
  Bytes em(k, 0);
  Cleanser wipe(em);
  const std::span<std::uint8_t> seed(em.data() + 1, h_len);
  const std::span<std::uint8_t> db(em.data() + 1 + h_len, k - h_len - 1);
  Hash(hash, label, db.data());
  db[db.size() - message.size() - 1] = 0x01;
  std::copy(message.begin(), message.end(), db.end() - static_cast<std::ptrdiff_t>(message.size()));
  rng.Fill(seed);
  XorMgf1(hash, seed, db);  // maskedDB = DB xor MGF(seed, k - hLen - 1)
  XorMgf1(hash, db, seed);  // maskedSeed = seed xor MGF(maskedDB, hLen)
  return RawRsaPublic(key, em);
}

Result<Bytes> RsaOaepDecrypt(const PrivateKey& key, HashAlg hash, ByteView label,
                             ByteView ciphertext) {
  char* const md = const_cast<char*>(HashName(hash));
  std::array<OSSL_PARAM, 5> params = {
      OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_PAD_MODE,
                                       const_cast<char*>(OSSL_PKEY_RSA_PAD_MODE_OAEP), 0),
      OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_OAEP_DIGEST, md, 0),
      OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_MGF1_DIGEST, md, 0),
      OSSL_PARAM_construct_end(), OSSL_PARAM_construct_end()};
  if (!label.empty()) {
    // The provider copies the label; the const_cast is for OSSL_PARAM's non-const pointer.
    params[3] = OSSL_PARAM_construct_octet_string(
        OSSL_ASYM_CIPHER_PARAM_OAEP_LABEL, const_cast<std::uint8_t*>(label.data()), label.size());
  }
  return Decrypt(key, params.data(), ciphertext);
}

Result<Bytes> RsaPkcs1Encrypt(const PublicKey& key, ByteView message, RandomSource& rng) {
  if (key.type() != KeyType::kRsa) return InvalidArgumentError("RSA PKCS#1 v1.5 needs an RSA key");
  const auto k = static_cast<std::size_t>(key.size());
  if (k < 11 || message.size() > k - 11) {
    return InvalidArgumentError("RSA PKCS#1 v1.5 under " + KeyDescription(key) +
                                " carries at most " + std::to_string(k < 11 ? 0 : k - 11) +
                                " bytes, got " + std::to_string(message.size()));
  }
  // RFC 8017 7.2.1 step 2: EM = 0x00 || 0x02 || PS || 0x00 || M, PS nonzero random octets.
  Bytes em(k, 0);
  Cleanser wipe(em);
  em[1] = 0x02;
  const std::span<std::uint8_t> ps(em.data() + 2, k - message.size() - 3);
  rng.Fill(ps);
  for (std::uint8_t& b : ps) {
    while (b == 0) rng.Fill(std::span<std::uint8_t>(&b, 1));
  }
  std::copy(message.begin(), message.end(), em.end() - static_cast<std::ptrdiff_t>(message.size()));
  return RawRsaPublic(key, em);
}

Result<Bytes> RsaPkcs1Decrypt(const PrivateKey& key, ByteView ciphertext) {
  const std::array<OSSL_PARAM, 2> params = {
      OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_PAD_MODE,
                                       const_cast<char*>(OSSL_PKEY_RSA_PAD_MODE_PKCSV15), 0),
      OSSL_PARAM_construct_end()};
  return Decrypt(key, params.data(), ciphertext);
}

}  // namespace kc::crypto
