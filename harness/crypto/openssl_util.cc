#include "harness/crypto/openssl_util.h"

#include <array>
#include <cstdlib>

#include <openssl/err.h>

namespace kc::crypto::internal {

std::string DrainOpenSslErrors() {
  std::string out;
  for (unsigned long e = ERR_get_error(); e != 0; e = ERR_get_error()) {
    std::array<char, 256> buf{};
    ERR_error_string_n(e, buf.data(), buf.size());
    if (!out.empty()) out += "; ";
    out += buf.data();
  }
  if (out.empty()) out = "no OpenSSL error reported";
  return out;
}

Status OpenSslError(StatusCode code, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += DrainOpenSslErrors();
  return Status(code, std::move(message));
}

namespace {

struct FetchedCiphers {
  std::array<EVP_CIPHER*, 4> ciphers{};

  FetchedCiphers() {
    static constexpr std::array<const char*, 4> kNames = {"AES-128-WRAP-PAD", "AES-192-WRAP-PAD",
                                                          "AES-256-WRAP-PAD", "AES-256-GCM"};
    for (std::size_t i = 0; i < kNames.size(); ++i) {
      ciphers[i] = EVP_CIPHER_fetch(nullptr, kNames[i], nullptr);
      if (ciphers[i] == nullptr) std::abort();
    }
  }
  ~FetchedCiphers() {
    for (EVP_CIPHER* c : ciphers) EVP_CIPHER_free(c);
  }
  FetchedCiphers(const FetchedCiphers&) = delete;
  FetchedCiphers& operator=(const FetchedCiphers&) = delete;
};

}  // namespace

const EVP_CIPHER* Cipher(CipherId id) {
  // Function-local static: initialised once, thread-safe (C++11 magic statics).
  static const FetchedCiphers fetched;
  return fetched.ciphers[static_cast<std::size_t>(id)];
}

}  // namespace kc::crypto::internal
