#include "mock_kms/model/faults.h"

#include <array>
#include <utility>

namespace kc::mock {
namespace {

constexpr std::array<std::pair<Fault, std::string_view>, 37> kFaults = {{
    {Fault::kGpfiOriginExternalOnly, "gpfi.origin-external-only"},
    {Fault::kGpfiNoAsymmetric, "gpfi.no-asymmetric"},
    {Fault::kGpfiNoHmac, "gpfi.no-hmac"},
    {Fault::kGpfiNoCrossAccount, "gpfi.no-cross-account"},
    {Fault::kGpfiWrappingKeySpec, "gpfi.wrapping-key-spec"},
    {Fault::kGpfiWrappingAlgorithm, "gpfi.wrapping-algorithm"},
    {Fault::kGpfiRequiredMembers, "gpfi.required-members"},
    {Fault::kGpfiKeyNotFound, "gpfi.key-not-found"},
    {Fault::kGpfiKeyState, "gpfi.key-state"},
    {Fault::kGpfiResponseShape, "gpfi.response-shape"},
    {Fault::kGpfiValidity24h, "gpfi.validity-24h"},
    {Fault::kGpfiFreshWrappingKey, "gpfi.fresh-wrapping-key"},
    {Fault::kIkmTokenSameResponse, "ikm.token-same-response"},
    {Fault::kIkmTokenBoundToKey, "ikm.token-bound-to-key"},
    {Fault::kIkmTokenTampered, "ikm.token-tampered"},
    {Fault::kIkmTokenExpired, "ikm.token-expired"},
    {Fault::kIkmAlgorithmBound, "ikm.algorithm-bound"},
    {Fault::kIkmOriginExternalOnly, "ikm.origin-external-only"},
    {Fault::kIkmNoAsymmetric, "ikm.no-asymmetric"},
    {Fault::kIkmNoHmac, "ikm.no-hmac"},
    {Fault::kIkmNoCrossAccount, "ikm.no-cross-account"},
    {Fault::kIkmKeyState, "ikm.key-state"},
    {Fault::kIkmMaterialLength, "ikm.material-length"},
    {Fault::kIkmReimportSameMaterial, "ikm.reimport-same-material"},
    {Fault::kIkmValidTo, "ikm.valid-to"},
    {Fault::kIkmLifecycle, "ikm.lifecycle"},
    {Fault::kIkmMaterialExpiry, "ikm.material-expiry"},
    {Fault::kDikmOriginExternalOnly, "dikm.origin-external-only"},
    {Fault::kDikmLifecycle, "dikm.lifecycle"},
    {Fault::kProtoErrorShape, "proto.error-shape"},
    {Fault::kProtoMalformedJson, "proto.malformed-json"},
    {Fault::kProtoUnknownOperation, "proto.unknown-operation"},
    {Fault::kProtoTimestampForms, "proto.timestamp-forms"},
    {Fault::kProtoKeyIdForms, "proto.key-id-forms"},
    {Fault::kProtoRobustness, "proto.robustness"},
    {Fault::kStateKeyStateTable, "state.key-state-table"},
    {Fault::kStateKeyStateTable2, "state.key-state-table:2"},
}};

constexpr std::array<Fault, kFaults.size()> MakeAll() {
  std::array<Fault, kFaults.size()> out{};
  for (std::size_t i = 0; i < kFaults.size(); ++i) out[i] = kFaults[i].first;
  return out;
}
constexpr auto kAll = MakeAll();

}  // namespace

std::string_view FaultName(Fault f) {
  for (const auto& [fault, name] : kFaults) {
    if (fault == f) return name;
  }
  return "";
}

std::string_view FaultRule(Fault f) {
  const std::string_view name = FaultName(f);
  return name.substr(0, name.find(':'));
}

std::optional<Fault> ParseFault(std::string_view name) {
  for (const auto& [fault, n] : kFaults) {
    if (n == name) return fault;
  }
  return std::nullopt;
}

std::span<const Fault> AllFaults() { return kAll; }

}  // namespace kc::mock
