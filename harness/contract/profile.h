// What each profile allows beyond its API model's enums (CONTRACT.md, "Profiles"):
// which wrapping key specs and algorithms GetParametersForImport accepts, which key specs
// may import material, and what material each accepts.
#ifndef KC_CONTRACT_PROFILE_H_
#define KC_CONTRACT_PROFILE_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "harness/contract/enums.h"

namespace kc::contract {

// ParseProfile: "2022" or "2026"; nullopt otherwise.
std::optional<Profile> ParseProfile(std::string_view s);

// The account and region a target uses when nothing says otherwise (DESIGN.md).
constexpr std::string_view kDefaultAccount = "111122223333";
constexpr std::string_view kDefaultRegion = "us-east-1";

// Import tokens and public keys are valid for 24 hours (gpfi.validity-24h).
constexpr double kImportParametersValiditySeconds = 24 * 60 * 60;
// ImportKeyMaterial ValidTo may be at most 365 days ahead (ikm.valid-to).
constexpr double kMaxValidToSeconds = 365 * 24 * 60 * 60;
// ScheduleKeyDeletion's window: 7 to 30 days, default 30.
constexpr int kMinPendingWindowDays = 7;
constexpr int kMaxPendingWindowDays = 30;
constexpr int kDefaultPendingWindowDays = 30;

// SupportsWrappingKeySpec: gpfi.wrapping-key-spec. 2022: RSA_2048 only. 2026: RSA_2048,
// RSA_3072, RSA_4096 (SM2 is China-only: out of scope, refused).
bool SupportsWrappingKeySpec(Profile p, WrappingKeySpec spec);

// SupportsWrappingAlgorithm: gpfi.wrapping-algorithm. 2022: RSAES_PKCS1_V1_5,
// RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256. 2026: the two OAEP and the two RSA_AES_KEY_WRAP
// algorithms; RSAES_PKCS1_V1_5 is still in the enum but refused since 2023-10-10 (its error
// type is not known: inferred); SM2PKE is China-only (refused).
bool SupportsWrappingAlgorithm(Profile p, WrappingAlgorithm alg);

// CanImport: whether a key of this spec may have imported material in profile p.
// 2022: SYMMETRIC_DEFAULT only (gpfi.no-asymmetric, gpfi.no-hmac). 2026: also RSA, NIST and
// SECG ECC, and HMAC keys.
bool CanImport(Profile p, KeySpec spec);

// IsAsymmetric / IsHmac: the key-spec families of gpfi.no-asymmetric / gpfi.no-hmac.
bool IsAsymmetric(KeySpec spec);
bool IsHmac(KeySpec spec);

// MaterialLengthRange: for symmetric and HMAC keys, the accepted material length in
// bytes (ikm.material-length); nullopt for RSA/ECC (their material is a PKCS#8 key).
struct LengthRange {
  std::size_t min;
  std::size_t max;
};
std::optional<LengthRange> MaterialLengthRange(KeySpec spec);

// RsaBits / WrappingKeyBits: the modulus size of an RSA key spec (0 for others).
int RsaBits(KeySpec spec);
int WrappingKeyBits(WrappingKeySpec spec);

}  // namespace kc::contract

#endif  // KC_CONTRACT_PROFILE_H_
