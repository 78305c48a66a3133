// Test-only helpers of crypto_test: Wycheproof vector files from testdata/wycheproof/ and
// keys shared by the test files. A vector file that is missing or malformed fails the calling
// test (ADD_FAILURE) and yields a null document.
#ifndef KC_CRYPTO_CRYPTO_TEST_UTIL_H_
#define KC_CRYPTO_CRYPTO_TEST_UTIL_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "harness/common/bytes.h"
#include "harness/crypto/keys.h"
#include "harness/crypto/rsa_encryption.h"

namespace kc::crypto::testing {

// LoadWycheproof: the parsed JSON of testdata/wycheproof/<file>; a null json on failure.
nlohmann::json LoadWycheproof(std::string_view file);

// Hex: the bytes of a hex field (a JSON string). Fails the test on bad hex.
Bytes Hex(const nlohmann::json& field);

// TestCaseName: "<file> tcId <n> (<comment>)" for failure messages.
std::string TestCaseName(std::string_view file, const nlohmann::json& test);

// GroupKey: the group's privateKeyPkcs8 parsed. Aborts the test binary on failure (every
// case of the group depends on it).
PrivateKey GroupKey(const nlohmann::json& group);

// HashOf: the HashAlg of a Wycheproof "sha" value ("SHA-1" / "SHA-256"); fails otherwise.
HashAlg HashOf(const nlohmann::json& sha);

// FixedRsaKey: a fixed RSA key of `bits` (2048, 3072 or 4096) for tests that must be fast
// and deterministic: 2048 is the first key of the Wycheproof RSA-OAEP SHA-256 file, 3072
// and 4096 come from testdata/keys/. Loaded once per process; aborts if missing.
const PrivateKey& FixedRsaKey(int bits);
inline const PrivateKey& FixedRsa2048Key() { return FixedRsaKey(2048); }

// GeneratedRsa2048Key: an RSA-2048 key from GenerateRsaKey, made once per process (about
// 0.1 s) and shared by the tests of that process. Aborts on failure.
const PrivateKey& GeneratedRsa2048Key();

inline constexpr std::string_view kOaepSha1File = "rsa_oaep_2048_sha1_mgf1sha1_test.json";
inline constexpr std::string_view kOaepSha256File = "rsa_oaep_2048_sha256_mgf1sha256_test.json";
inline constexpr std::string_view kPkcs1File = "rsa_pkcs1_2048_test.json";
inline constexpr std::string_view kKwpFile = "aes_kwp_test.json";

}  // namespace kc::crypto::testing

#endif  // KC_CRYPTO_CRYPTO_TEST_UTIL_H_
