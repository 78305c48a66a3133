#include "harness/crypto/hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstddef>
#include <cstdlib>
#include <memory>

namespace kc::crypto {
namespace {

// The SHA-256 implementation of the default provider, fetched once and kept for the life of
// the process (a function-local static: thread-safe initialisation). OpenSSL 3.0's one-shot
// SHA256() and HMAC() fetch the algorithm again on every call, which cost more than the
// hashing itself for SigV4's short inputs.
const EVP_MD* Sha256Md() {
  static EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    if (fetched == nullptr) std::abort();  // a broken installation
    return fetched;
  }();
  return md;
}

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// A digest context per thread, reused by every call on that thread (EVP_DigestInit_ex
// resets it; the provider's context is wiped when it is replaced or freed).
EVP_MD_CTX* ThreadCtx() {
  thread_local const std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  if (ctx == nullptr) std::abort();  // only on allocation failure
  return ctx.get();
}

constexpr std::size_t kBlock = 64;  // SHA-256 block size

// Begin/Add/Finish: one SHA-256 computation on the thread's context; abort only on an
// allocation failure inside OpenSSL.
void Begin(EVP_MD_CTX* ctx) {
  if (EVP_DigestInit_ex(ctx, Sha256Md(), nullptr) != 1) std::abort();
}
void Add(EVP_MD_CTX* ctx, const void* data, std::size_t size) {
  if (size != 0 && EVP_DigestUpdate(ctx, data, size) != 1) std::abort();
}
void Finish(EVP_MD_CTX* ctx, Digest256& out) {
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx, out.data(), &len) != 1 || len != out.size()) std::abort();
}

}  // namespace

Digest256 Sha256(ByteView data) {
  Digest256 out{};
  EVP_MD_CTX* ctx = ThreadCtx();
  Begin(ctx);
  Add(ctx, data.data(), data.size());
  Finish(ctx, out);
  return out;
}

// HMAC (RFC 2104) over the cached digest: H((K ^ opad) || H((K ^ ipad) || data)), K the key
// (hashed first when longer than a block) padded with zeros to the block size.
Digest256 HmacSha256(ByteView key, ByteView data) {
  EVP_MD_CTX* ctx = ThreadCtx();
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
  return out;
}

bool ConstantTimeEquals(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace kc::crypto
