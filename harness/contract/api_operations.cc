#include "harness/contract/api_operations.h"

#include <algorithm>
#include <array>

namespace kc::contract {
namespace {

// The 2026 model's operations, sorted; those marked 2026 are absent from the 2022 model.
struct ApiOp {
  std::string_view name;
  bool only_2026;
};
constexpr std::array<ApiOp, 54> kOps = {{
    {"CancelKeyDeletion", false},   {"ConnectCustomKeyStore", false},
    {"CreateAlias", false},         {"CreateCustomKeyStore", false},
    {"CreateGrant", false},         {"CreateKey", false},
    {"Decrypt", false},             {"DeleteAlias", false},
    {"DeleteCustomKeyStore", false}, {"DeleteImportedKeyMaterial", false},
    {"DeriveSharedSecret", true},   {"DescribeCustomKeyStores", false},
    {"DescribeKey", false},         {"DisableKey", false},
    {"DisableKeyRotation", false},  {"DisconnectCustomKeyStore", false},
    {"EnableKey", false},           {"EnableKeyRotation", false},
    {"Encrypt", false},             {"GenerateDataKey", false},
    {"GenerateDataKeyPair", false}, {"GenerateDataKeyPairWithoutPlaintext", false},
    {"GenerateDataKeyWithoutPlaintext", false}, {"GenerateMac", false},
    {"GenerateRandom", false},      {"GetKeyLastUsage", true},
    {"GetKeyPolicy", false},        {"GetKeyRotationStatus", false},
    {"GetParametersForImport", false}, {"GetPublicKey", false},
    {"ImportKeyMaterial", false},   {"ListAliases", false},
    {"ListGrants", false},          {"ListKeyPolicies", false},
    {"ListKeyRotations", true},     {"ListKeys", false},
    {"ListResourceTags", false},    {"ListRetirableGrants", false},
    {"PutKeyPolicy", false},        {"ReEncrypt", false},
    {"ReplicateKey", false},        {"RetireGrant", false},
    {"RevokeGrant", false},         {"RotateKeyOnDemand", true},
    {"ScheduleKeyDeletion", false}, {"Sign", false},
    {"TagResource", false},         {"UntagResource", false},
    {"UpdateAlias", false},         {"UpdateCustomKeyStore", false},
    {"UpdateKeyDescription", false}, {"UpdatePrimaryRegion", false},
    {"Verify", false},              {"VerifyMac", false},
}};

template <bool k2026>
constexpr auto Names() {
  constexpr std::size_t n = [] {
    std::size_t c = 0;
    for (const ApiOp& op : kOps) c += (k2026 || !op.only_2026) ? 1 : 0;
    return c;
  }();
  std::array<std::string_view, n> out{};
  std::size_t i = 0;
  for (const ApiOp& op : kOps) {
    if (k2026 || !op.only_2026) out[i++] = op.name;
  }
  return out;
}

constexpr auto k2022Names = Names<false>();
constexpr auto k2026Names = Names<true>();
static_assert(k2022Names.size() == 50 && k2026Names.size() == 54);

}  // namespace

std::span<const std::string_view> ApiOperations(Profile profile) {
  if (profile == Profile::k2026) return k2026Names;
  return k2022Names;
}

bool InApiModel(Profile profile, std::string_view name) {
  const auto ops = ApiOperations(profile);
  return std::binary_search(ops.begin(), ops.end(), name);
}

}  // namespace kc::contract
