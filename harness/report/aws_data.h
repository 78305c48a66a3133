// The 2026 KMS model, compiled in: a profile-2026 run writes it beside its reproducers
// (repro/aws-data/kms/2014-11-01/service-2.json), because the AWS CLI of Debian 12 (2.9.19)
// carries the 2022 model, which lacks RotateKeyOnDemand, ListKeyRotations, ImportType and
// KeyMaterialId. The scripts point AWS_DATA_PATH at it unless it is set.
// The file is botocore 1.43.11's (Apache-2.0); its provenance: mock_kms/e2e/testdata/README.md.
#ifndef KC_REPORT_AWS_DATA_H_
#define KC_REPORT_AWS_DATA_H_

#include <string_view>

namespace kc::report {

// KmsModel2026: botocore's data/kms/2014-11-01/service-2.json, unchanged.
std::string_view KmsModel2026();

}  // namespace kc::report

#endif  // KC_REPORT_AWS_DATA_H_
