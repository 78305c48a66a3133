// Key material: what ImportKeyMaterial accepts for each key spec (ikm.material-length and
// the 2026 PKCS#8 rule), the KeyMaterialId that names a material, and the AES-256 key
// Encrypt/Decrypt derive from it.
#ifndef KC_MOCK_KMS_MODEL_MATERIAL_H_
#define KC_MOCK_KMS_MODEL_MATERIAL_H_

#include <optional>
#include <string>
#include <string_view>

#include "harness/common/bytes.h"
#include "harness/contract/enums.h"
#include "harness/crypto/hash.h"

namespace kc::mock {

// MaterialProblem: why `material` cannot be the material of a `spec` key in profile p
// (the IncorrectKeyMaterialException message), or nullopt when it can.
//  - profile 2022, and symmetric keys in any profile: exactly 32 bytes (ikm.material-length)
//  - 2026 HMAC keys: the lengths of contract::MaterialLengthRange
//  - 2026 RSA/ECC keys: a DER PKCS#8 private key of the spec's modulus size / curve
// check_length=false skips the length rules (the ikm.material-length fault); the PKCS#8
// rule stays. ec_by_field_size: an EC key is checked by its size only, so secp256k1 passes
// for ECC_NIST_P256 (the ikm.material-format fault); rsa_any_size: an RSA key of any modulus
// size passes for any RSA spec (the ikm.material-format:2 fault).
std::optional<std::string> MaterialProblem(contract::Profile p, contract::KeySpec spec,
                                           ByteView material, bool check_length = true,
                                           bool ec_by_field_size = false,
                                           bool rsa_any_size = false);

// MaterialIdKey: the key KeyMaterialIds are computed under, derived from the server secret.
crypto::Digest256 MaterialIdKey(ByteView secret);
// MaterialId: HMAC-SHA256(id_key, key_id || 0x00 || material): the same material of the
// same key always has the same id (2026 KeyMaterialId, 64 lower-case hex digits), and the
// reimport rule compares ids in constant time (ikm.reimport-same-material).
crypto::Digest256 MaterialId(ByteView id_key, std::string_view key_id, ByteView material);

// DataKey: the AES-256 key of Encrypt/Decrypt: the material itself when it is 32 bytes,
// else SHA-256 of it (only reachable under the ikm.material-length fault).
crypto::Digest256 DataKey(ByteView material);

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_MATERIAL_H_
