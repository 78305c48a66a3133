// MaterialKey: fixed RSA and EC private keys, compiled into the binary, that the profile-2026
// scenarios import as asymmetric key material (ikm.material-format, ikm.large-material-wrap,
// ikm.asymmetric-in-use). A run never generates an RSA key: `kmsconform run --profile 2026`
// stays fast.
//
// TEST KEYS, NOT SECRETS: their private halves are in the source (material_keys.inc, made as
// material_keys.README.md says). The reproducer never writes them out: it makes an
// equivalent key of the same spec with openssl (MaterialCommands).
#ifndef KC_SCENARIOS_MATERIAL_KEYS_H_
#define KC_SCENARIOS_MATERIAL_KEYS_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/common/bytes.h"
#include "harness/contract/enums.h"
#include "harness/crypto/keys.h"

namespace kc::scenarios {

// HasMaterialKey: whether there is a fixed key of `spec` (RSA_2048/3072/4096, ECC_NIST_P256/
// P384/P521, ECC_SECG_P256K1).
bool HasMaterialKey(contract::KeySpec spec);

// MaterialKey: the fixed private key of `spec`; aborts for a spec without one (a programming
// error) or compiled bytes that do not parse (a broken build). Parsed once (thread-safe).
const crypto::PrivateKey& MaterialKey(contract::KeySpec spec);

// MaterialKeyDer: its PKCS#8 DER PrivateKeyInfo, exactly the compiled bytes.
const Bytes& MaterialKeyDer(contract::KeySpec spec);

// MaterialCommands: the shell lines that write a fresh key of `spec` (not the fixed one) as
// unencrypted PKCS#8 DER to `out` (e.g. "$W/M.bin"), for the reproducer.
std::vector<std::string> MaterialCommands(contract::KeySpec spec, std::string_view out);

}  // namespace kc::scenarios

#endif  // KC_SCENARIOS_MATERIAL_KEYS_H_
