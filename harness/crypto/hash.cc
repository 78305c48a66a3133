// OpenSSL 3.0 marks the low-level SHA256_Init/Update/Final deprecated in favour of EVP, but
// EVP allocates on every digest (EVP_DigestInit_ex frees and allocates the provider context
// each time, even on a reused EVP_MD_CTX; HMAC() and EVP_MAC allocate more). SigV4
// verification computes a few short digests and HMACs per request, and under ASan (the fuzz
// build) allocation is the dominant cost of fuzz/sigv4_verify. SHA256_CTX lives on the stack
// and the low-level calls never allocate, so this file alone uses them, with the deprecation
// warning suppressed (-Werror would refuse it). They are the same SHA-256 code the default
// provider runs; an OpenSSL built with no-deprecated would lack them.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "harness/crypto/hash.h"

#include <cstddef>
#include <cstdlib>

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace kc::crypto {
namespace {

constexpr std::size_t kBlock = 64;  // SHA-256 block size

// KC_NO_COVERAGE: no sanitizer-coverage instrumentation for a function. In the fuzz build
// every loop test of HmacSha256's byte loops (key copy, pad XOR: about 160 per call) is a
// __sanitizer_cov_trace_*cmp8 call, which were about 2% of fuzz/sigv4_verify's time; their
// counts depend only on the key length, so libFuzzer learns nothing from them.
#if defined(__clang__)
#define KC_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define KC_NO_COVERAGE
#endif
static_assert(SHA256_CBLOCK == kBlock && SHA256_DIGEST_LENGTH == 32);

// Begin/Add/Finish: one SHA-256 computation on a caller's (stack) context. The low-level
// functions only return 0 for a null argument, which never happens here; abort regardless.
void Begin(SHA256_CTX& ctx) {
  if (SHA256_Init(&ctx) != 1) std::abort();
}
void Add(SHA256_CTX& ctx, const void* data, std::size_t size) {
  if (size != 0 && SHA256_Update(&ctx, data, size) != 1) std::abort();
}
void Finish(SHA256_CTX& ctx, Digest256& out) {
  if (SHA256_Final(out.data(), &ctx) != 1) std::abort();
}

}  // namespace

Digest256 Sha256(ByteView data) {
  Digest256 out{};
  SHA256_CTX ctx;
  Begin(ctx);
  Add(ctx, data.data(), data.size());
  Finish(ctx, out);
  return out;
}

// HMAC (RFC 2104): H((K ^ opad) || H((K ^ ipad) || data)), K the key (hashed first when
// longer than a block) padded with zeros to the block size.
KC_NO_COVERAGE Digest256 HmacSha256(ByteView key, ByteView data) {
  SHA256_CTX ctx;
  unsigned char pad[kBlock] = {};
  if (key.size() > kBlock) {
    Digest256 hashed{};
    Begin(ctx);
    Add(ctx, key.data(), key.size());
    Finish(ctx, hashed);
    for (std::size_t i = 0; i < hashed.size(); ++i) pad[i] = hashed[i];
    OPENSSL_cleanse(hashed.data(), hashed.size());
  } else {
    for (std::size_t i = 0; i < key.size(); ++i) pad[i] = key[i];
  }
  for (unsigned char& b : pad) b ^= 0x36;
  Digest256 inner{};
  Begin(ctx);
  Add(ctx, pad, sizeof pad);
  Add(ctx, data.data(), data.size());
  Finish(ctx, inner);
  for (unsigned char& b : pad) b ^= 0x36 ^ 0x5c;
  Digest256 out{};
  Begin(ctx);
  Add(ctx, pad, sizeof pad);
  Add(ctx, inner.data(), inner.size());
  Finish(ctx, out);
  OPENSSL_cleanse(pad, sizeof pad);
  OPENSSL_cleanse(inner.data(), inner.size());
  OPENSSL_cleanse(&ctx, sizeof ctx);
  return out;
}

bool ConstantTimeEquals(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace kc::crypto
