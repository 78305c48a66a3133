// The mock's ciphertext blob (Encrypt's CiphertextBlob). Opaque to clients; the harness
// never depends on it (DESIGN.md: the crypto oracle works on any target).
//
// Layout: "KCM" | version (1) | key id length (1) | key id | material tag (8) | IV (12) |
//         AES-256-GCM ciphertext || tag (16)
// The header (everything before the IV) names the key, so Decrypt needs no KeyId, and the
// first 8 bytes of the KeyMaterialId, so a blob made under other material is refused
// before it is opened. The additional data is the header followed by the canonical
// encryption context (sorted pairs, each member u32-length prefixed).
#ifndef KC_MOCK_KMS_MODEL_CIPHERTEXT_H_
#define KC_MOCK_KMS_MODEL_CIPHERTEXT_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "harness/codec/types.h"
#include "harness/common/bytes.h"
#include "harness/common/status.h"
#include "harness/crypto/hash.h"
#include "harness/crypto/random.h"

namespace kc::mock {

using MaterialTag = std::array<std::uint8_t, 8>;

// MaterialTagOf: the first 8 bytes of a KeyMaterialId.
MaterialTag MaterialTagOf(const crypto::Digest256& material_id);

// CiphertextView: a parsed blob; views into it.
struct CiphertextView {
  std::string_view key_id;
  MaterialTag material_tag{};
  ByteView header;  // the additional data's first part
  ByteView iv;
  ByteView sealed;  // ciphertext || tag
};

// ParseCiphertext: the parts of a blob, or nullopt when it is not one of ours.
std::optional<CiphertextView> ParseCiphertext(ByteView blob);

// SealCiphertext: the blob of `plaintext` under data_key for key_id.
Result<Bytes> SealCiphertext(std::string_view key_id, const crypto::Digest256& material_id,
                             const crypto::Digest256& data_key,
                             const codec::EncryptionContext* context, ByteView plaintext,
                             crypto::RandomSource& random);

// OpenCiphertext: the plaintext, or InvalidArgument when the blob does not open under
// data_key and context.
Result<Bytes> OpenCiphertext(const CiphertextView& blob, const crypto::Digest256& data_key,
                             const codec::EncryptionContext* context);

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_CIPHERTEXT_H_
