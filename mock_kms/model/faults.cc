#include "mock_kms/model/faults.h"

#include <array>
#include <utility>

namespace kc::mock {
namespace {

constexpr std::array<std::pair<Fault, std::string_view>, 96> kFaults = {{
    {Fault::kGpfiOriginExternalOnly, "gpfi.origin-external-only"},
    {Fault::kGpfiOriginExternalOnly2, "gpfi.origin-external-only:2"},
    {Fault::kGpfiNoAsymmetric, "gpfi.no-asymmetric"},
    {Fault::kGpfiNoAsymmetric2, "gpfi.no-asymmetric:2"},
    {Fault::kGpfiNoHmac, "gpfi.no-hmac"},
    {Fault::kGpfiNoHmac2, "gpfi.no-hmac:2"},
    {Fault::kGpfiNoCrossAccount, "gpfi.no-cross-account"},
    {Fault::kGpfiNoCrossAccount2, "gpfi.no-cross-account:2"},
    {Fault::kGpfiWrappingKeySpec, "gpfi.wrapping-key-spec"},
    {Fault::kGpfiWrappingKeySpec2, "gpfi.wrapping-key-spec:2"},
    {Fault::kGpfiWrappingAlgorithm, "gpfi.wrapping-algorithm"},
    {Fault::kGpfiWrappingAlgorithm2, "gpfi.wrapping-algorithm:2"},
    {Fault::kGpfiRequiredMembers, "gpfi.required-members"},
    {Fault::kGpfiRequiredMembers2, "gpfi.required-members:2"},
    {Fault::kGpfiKeyNotFound, "gpfi.key-not-found"},
    {Fault::kGpfiKeyNotFound2, "gpfi.key-not-found:2"},
    {Fault::kGpfiKeyState, "gpfi.key-state"},
    {Fault::kGpfiKeyState2, "gpfi.key-state:2"},
    {Fault::kGpfiResponseShape, "gpfi.response-shape"},
    {Fault::kGpfiResponseShape2, "gpfi.response-shape:2"},
    {Fault::kGpfiValidity24h, "gpfi.validity-24h"},
    {Fault::kGpfiValidity24h2, "gpfi.validity-24h:2"},
    {Fault::kGpfiFreshWrappingKey, "gpfi.fresh-wrapping-key"},
    {Fault::kGpfiFreshWrappingKey2, "gpfi.fresh-wrapping-key:2"},
    {Fault::kIkmTokenSameResponse, "ikm.token-same-response"},
    {Fault::kIkmTokenSameResponse2, "ikm.token-same-response:2"},
    {Fault::kIkmTokenBoundToKey, "ikm.token-bound-to-key"},
    {Fault::kIkmTokenBoundToKey2, "ikm.token-bound-to-key:2"},
    {Fault::kIkmTokenTampered, "ikm.token-tampered"},
    {Fault::kIkmTokenTampered2, "ikm.token-tampered:2"},
    {Fault::kIkmTokenExpired, "ikm.token-expired"},
    {Fault::kIkmTokenExpired2, "ikm.token-expired:2"},
    {Fault::kIkmAlgorithmBound, "ikm.algorithm-bound"},
    {Fault::kIkmAlgorithmBound2, "ikm.algorithm-bound:2"},
    {Fault::kIkmOriginExternalOnly, "ikm.origin-external-only"},
    {Fault::kIkmOriginExternalOnly2, "ikm.origin-external-only:2"},
    {Fault::kIkmNoAsymmetric, "ikm.no-asymmetric"},
    {Fault::kIkmNoAsymmetric2, "ikm.no-asymmetric:2"},
    {Fault::kIkmNoHmac, "ikm.no-hmac"},
    {Fault::kIkmNoHmac2, "ikm.no-hmac:2"},
    {Fault::kIkmNoCrossAccount, "ikm.no-cross-account"},
    {Fault::kIkmNoCrossAccount2, "ikm.no-cross-account:2"},
    {Fault::kIkmKeyState, "ikm.key-state"},
    {Fault::kIkmKeyState2, "ikm.key-state:2"},
    {Fault::kIkmMaterialLength, "ikm.material-length"},
    {Fault::kIkmMaterialLength2, "ikm.material-length:2"},
    {Fault::kIkmReimportSameMaterial, "ikm.reimport-same-material"},
    {Fault::kIkmReimportSameMaterial2, "ikm.reimport-same-material:2"},
    {Fault::kIkmValidTo, "ikm.valid-to"},
    {Fault::kIkmValidTo2, "ikm.valid-to:2"},
    {Fault::kIkmLifecycle, "ikm.lifecycle"},
    {Fault::kIkmLifecycle2, "ikm.lifecycle:2"},
    {Fault::kIkmMaterialExpiry, "ikm.material-expiry"},
    {Fault::kIkmMaterialExpiry2, "ikm.material-expiry:2"},
    {Fault::kIkmMaterialFormat, "ikm.material-format"},
    {Fault::kIkmMaterialFormat2, "ikm.material-format:2"},
    {Fault::kIkmLargeMaterialWrap, "ikm.large-material-wrap"},
    {Fault::kIkmLargeMaterialWrap2, "ikm.large-material-wrap:2"},
    {Fault::kIkmAsymmetricInUse, "ikm.asymmetric-in-use"},
    {Fault::kIkmAsymmetricInUse2, "ikm.asymmetric-in-use:2"},
    {Fault::kIkmHmacInUse, "ikm.hmac-in-use"},
    {Fault::kIkmHmacInUse2, "ikm.hmac-in-use:2"},
    {Fault::kIkmImportType, "ikm.import-type"},
    {Fault::kIkmImportType2, "ikm.import-type:2"},
    {Fault::kIkmReimportExisting, "ikm.reimport-existing"},
    {Fault::kIkmReimportExisting2, "ikm.reimport-existing:2"},
    {Fault::kIkmNewMaterialSymmetricOnly, "ikm.new-material-symmetric-only"},
    {Fault::kIkmNewMaterialSymmetricOnly2, "ikm.new-material-symmetric-only:2"},
    {Fault::kDikmOriginExternalOnly, "dikm.origin-external-only"},
    {Fault::kDikmOriginExternalOnly2, "dikm.origin-external-only:2"},
    {Fault::kDikmLifecycle, "dikm.lifecycle"},
    {Fault::kDikmLifecycle2, "dikm.lifecycle:2"},
    {Fault::kDikmKeyMaterialId, "dikm.key-material-id"},
    {Fault::kDikmKeyMaterialId2, "dikm.key-material-id:2"},
    {Fault::kRotOnDemand, "rot.on-demand"},
    {Fault::kRotOnDemand2, "rot.on-demand:2"},
    {Fault::kRotLimit, "rot.limit"},
    {Fault::kRotLimit2, "rot.limit:2"},
    {Fault::kRotListRotations, "rot.list-rotations"},
    {Fault::kRotListRotations2, "rot.list-rotations:2"},
    {Fault::kProtoInputValidation, "proto.input-validation"},
    {Fault::kProtoInputValidation2, "proto.input-validation:2"},
    {Fault::kProtoErrorShape, "proto.error-shape"},
    {Fault::kProtoErrorShape2, "proto.error-shape:2"},
    {Fault::kProtoMalformedJson, "proto.malformed-json"},
    {Fault::kProtoMalformedJson2, "proto.malformed-json:2"},
    {Fault::kProtoUnknownOperation, "proto.unknown-operation"},
    {Fault::kProtoUnknownOperation2, "proto.unknown-operation:2"},
    {Fault::kProtoTimestampForms, "proto.timestamp-forms"},
    {Fault::kProtoTimestampForms2, "proto.timestamp-forms:2"},
    {Fault::kProtoKeyIdForms, "proto.key-id-forms"},
    {Fault::kProtoKeyIdForms2, "proto.key-id-forms:2"},
    {Fault::kProtoRobustness, "proto.robustness"},
    {Fault::kProtoRobustness2, "proto.robustness:2"},
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
