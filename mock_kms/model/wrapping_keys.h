// WrappingKeySource: where GetParametersForImport gets its RSA wrapping key pairs.
// The server uses KeyPool (a background thread keeps a pool full, optionally seeded from a
// --key-cache file); tests and fuzzing may use a deterministic source.
#ifndef KC_MOCK_KMS_MODEL_WRAPPING_KEYS_H_
#define KC_MOCK_KMS_MODEL_WRAPPING_KEYS_H_

#include "harness/common/status.h"
#include "harness/crypto/keys.h"

namespace kc::mock {

class WrappingKeySource {
 public:
  virtual ~WrappingKeySource() = default;
  // Take: a key pair of `bits` (2048, 3072 or 4096) that this process has never handed out
  // before (gpfi.fresh-wrapping-key). May block to generate one when none is ready.
  virtual Result<crypto::PrivateKey> Take(int bits) = 0;
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_WRAPPING_KEYS_H_
