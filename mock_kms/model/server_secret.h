// The server secret: 32 random bytes that import tokens, KeyMaterialIds and ListKeys
// markers are derived from. Random at each start without a state directory; with one, kept
// in DIR/secret (mode 0600), created atomically on first start, so tokens issued before a
// restart still open after it.
#ifndef KC_MOCK_KMS_MODEL_SERVER_SECRET_H_
#define KC_MOCK_KMS_MODEL_SERVER_SECRET_H_

#include <cstddef>
#include <filesystem>

#include "harness/common/bytes.h"
#include "harness/common/status.h"
#include "harness/crypto/random.h"

namespace kc::mock {

inline constexpr std::size_t kServerSecretSize = 32;

// LoadOrCreateSecret: DIR/secret's 32 bytes; when the file is missing, a new secret from
// `random`, written to a temporary file (O_EXCL, 0600), fsynced and linked into place
// (another process that won the race keeps its secret and this one reads it), then the
// directory is fsynced. DataLoss when the file exists but is not 32 bytes.
Result<Bytes> LoadOrCreateSecret(const std::filesystem::path& dir, crypto::RandomSource& random);

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_SERVER_SECRET_H_
