#include "mock_kms/model/ciphertext.h"

#include "harness/crypto/aead.h"
#include "mock_kms/model/byte_io.h"
#include "mock_kms/model/key_id.h"

namespace kc::mock {
namespace {

constexpr std::string_view kMagic = "KCM";
constexpr std::uint8_t kVersion = 1;

Bytes AdditionalData(ByteView header, const codec::EncryptionContext* context) {
  ByteWriter w;
  w.Raw(header);
  if (context != nullptr) {
    w.U32(static_cast<std::uint32_t>(context->size()));
    for (const auto& [k, v] : *context) {  // std::map: already sorted (canonical)
      w.Str(k);
      w.Str(v);
    }
  } else {
    w.U32(0);
  }
  return w.Take();
}

}  // namespace

MaterialTag MaterialTagOf(const crypto::Digest256& material_id) {
  MaterialTag t{};
  std::copy(material_id.begin(), material_id.begin() + t.size(), t.begin());
  return t;
}

std::optional<CiphertextView> ParseCiphertext(ByteView blob) {
  ByteReader r(blob);
  ByteView magic;
  std::uint8_t version = 0;
  std::uint8_t id_len = 0;
  ByteView id;
  ByteView tag;
  CiphertextView v;
  if (!r.Raw(kMagic.size(), magic) || AsChars(magic) != kMagic || !r.U8(version) ||
      version != kVersion || !r.U8(id_len) || !r.Raw(id_len, id) || !IsKeyId(AsChars(id)) ||
      !r.Raw(v.material_tag.size(), tag)) {
    return std::nullopt;
  }
  v.key_id = AsChars(id);
  std::copy(tag.begin(), tag.end(), v.material_tag.begin());
  v.header = blob.first(r.position());
  if (!r.Raw(crypto::kAes256GcmIvSize, v.iv) || r.remaining() < crypto::kAes256GcmTagSize) {
    return std::nullopt;
  }
  v.sealed = blob.subspan(r.position());
  return v;
}

Result<Bytes> SealCiphertext(std::string_view key_id, const crypto::Digest256& material_id,
                             const crypto::Digest256& data_key,
                             const codec::EncryptionContext* context, ByteView plaintext,
                             crypto::RandomSource& random) {
  ByteWriter w;
  w.Raw(AsBytes(kMagic));
  w.U8(kVersion);
  w.U8(static_cast<std::uint8_t>(key_id.size()));
  w.Raw(AsBytes(key_id));
  w.Raw(MaterialTagOf(material_id));
  const std::size_t header_size = w.bytes().size();
  std::array<std::uint8_t, crypto::kAes256GcmIvSize> iv{};
  random.Fill(iv);
  const Bytes aad = AdditionalData(ByteView(w.bytes()).first(header_size), context);
  Result<Bytes> sealed = crypto::Aes256GcmSeal(data_key, iv, aad, plaintext);
  if (!sealed.ok()) return sealed.status();
  w.Raw(iv);
  w.Raw(*sealed);
  return w.Take();
}

Result<Bytes> OpenCiphertext(const CiphertextView& blob, const crypto::Digest256& data_key,
                             const codec::EncryptionContext* context) {
  return crypto::Aes256GcmOpen(data_key, blob.iv, AdditionalData(blob.header, context),
                               blob.sealed);
}

}  // namespace kc::mock
