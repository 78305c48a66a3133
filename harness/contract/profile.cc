#include "harness/contract/profile.h"

namespace kc::contract {

std::optional<Profile> ParseProfile(std::string_view s) { return FromWire<Profile>(s); }

bool SupportsWrappingKeySpec(Profile p, WrappingKeySpec spec) {
  switch (spec) {
    case WrappingKeySpec::kRsa2048: return true;
    case WrappingKeySpec::kRsa3072:
    case WrappingKeySpec::kRsa4096: return p == Profile::k2026;
    case WrappingKeySpec::kSm2: return false;  // China Regions only: out of scope
  }
  return false;
}

bool SupportsWrappingAlgorithm(Profile p, WrappingAlgorithm alg) {
  switch (alg) {
    case WrappingAlgorithm::kRsaesPkcs1V15: return p == Profile::k2022;  // refused since 2023-10-10
    case WrappingAlgorithm::kRsaesOaepSha1:
    case WrappingAlgorithm::kRsaesOaepSha256: return true;
    case WrappingAlgorithm::kRsaAesKeyWrapSha1:
    case WrappingAlgorithm::kRsaAesKeyWrapSha256: return p == Profile::k2026;
    case WrappingAlgorithm::kSm2Pke: return false;  // China Regions only: out of scope
  }
  return false;
}

bool IsAsymmetric(KeySpec spec) {
  switch (spec) {
    case KeySpec::kRsa2048:
    case KeySpec::kRsa3072:
    case KeySpec::kRsa4096:
    case KeySpec::kEccNistP256:
    case KeySpec::kEccNistP384:
    case KeySpec::kEccNistP521:
    case KeySpec::kEccSecgP256k1:
    case KeySpec::kSm2:
    case KeySpec::kMlDsa44:
    case KeySpec::kMlDsa65:
    case KeySpec::kMlDsa87:
    case KeySpec::kEccNistEdwards25519: return true;
    default: return false;
  }
}

bool IsHmac(KeySpec spec) {
  return spec == KeySpec::kHmac224 || spec == KeySpec::kHmac256 || spec == KeySpec::kHmac384 ||
         spec == KeySpec::kHmac512;
}

bool CanImport(Profile p, KeySpec spec) {
  if (spec == KeySpec::kSymmetricDefault) return true;
  if (p == Profile::k2022) return false;
  switch (spec) {
    case KeySpec::kRsa2048:
    case KeySpec::kRsa3072:
    case KeySpec::kRsa4096:
    case KeySpec::kEccNistP256:
    case KeySpec::kEccNistP384:
    case KeySpec::kEccNistP521:
    case KeySpec::kEccSecgP256k1:
    case KeySpec::kHmac224:
    case KeySpec::kHmac256:
    case KeySpec::kHmac384:
    case KeySpec::kHmac512: return true;
    default: return false;  // SM2 (China only), ML-DSA, Ed25519: out of scope
  }
}

std::optional<LengthRange> MaterialLengthRange(KeySpec spec) {
  switch (spec) {
    case KeySpec::kSymmetricDefault: return LengthRange{32, 32};
    case KeySpec::kHmac224: return LengthRange{28, 64};
    case KeySpec::kHmac256: return LengthRange{32, 64};
    case KeySpec::kHmac384: return LengthRange{48, 128};
    case KeySpec::kHmac512: return LengthRange{64, 128};
    default: return std::nullopt;
  }
}

int RsaBits(KeySpec spec) {
  switch (spec) {
    case KeySpec::kRsa2048: return 2048;
    case KeySpec::kRsa3072: return 3072;
    case KeySpec::kRsa4096: return 4096;
    default: return 0;
  }
}

int WrappingKeyBits(WrappingKeySpec spec) {
  switch (spec) {
    case WrappingKeySpec::kRsa2048: return 2048;
    case WrappingKeySpec::kRsa3072: return 3072;
    case WrappingKeySpec::kRsa4096: return 4096;
    case WrappingKeySpec::kSm2: return 0;
  }
  return 0;
}

}  // namespace kc::contract
