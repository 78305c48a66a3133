// ByteWriter, ByteReader, Crc32: the little binary framing shared by the model's private
// formats (import tokens, ciphertext blobs, journal records, the key cache, list markers).
// Integers are little-endian; strings and blobs carry a u32 length. ByteReader never reads
// past its input: every getter returns false instead, and the caller treats the whole
// input as unreadable.
#ifndef KC_MOCK_KMS_MODEL_BYTE_IO_H_
#define KC_MOCK_KMS_MODEL_BYTE_IO_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/common/bytes.h"

namespace kc::mock {

class ByteWriter {
 public:
  void U8(std::uint8_t v) { out_.push_back(v); }
  void U16(std::uint16_t v);
  void U32(std::uint32_t v);
  void U64(std::uint64_t v);
  void F64(double v);            // the IEEE-754 bits, as U64
  void Str(std::string_view s);  // u32 length + bytes
  void Blob(ByteView b);         // u32 length + bytes
  void Raw(ByteView b) { out_.insert(out_.end(), b.begin(), b.end()); }

  const Bytes& bytes() const { return out_; }
  Bytes& mutable_bytes() { return out_; }
  Bytes Take() { return std::move(out_); }

 private:
  Bytes out_;
};

class ByteReader {
 public:
  explicit ByteReader(ByteView in) : in_(in) {}
  [[nodiscard]] bool U8(std::uint8_t& v);
  [[nodiscard]] bool U16(std::uint16_t& v);
  [[nodiscard]] bool U32(std::uint32_t& v);
  [[nodiscard]] bool U64(std::uint64_t& v);
  [[nodiscard]] bool F64(double& v);
  [[nodiscard]] bool Str(std::string& s);
  [[nodiscard]] bool StrView(std::string_view& s);
  [[nodiscard]] bool Blob(Bytes& b);
  [[nodiscard]] bool BlobView(ByteView& b);
  [[nodiscard]] bool Raw(std::size_t n, ByteView& b);
  std::size_t remaining() const { return in_.size() - pos_; }
  std::size_t position() const { return pos_; }
  bool done() const { return pos_ == in_.size(); }

 private:
  ByteView in_;
  std::size_t pos_ = 0;
};

// Crc32: the IEEE 802.3 CRC-32 (zlib's crc32) of data.
std::uint32_t Crc32(ByteView data);

// LoadLe32 / StoreLe32: a little-endian u32 at p.
std::uint32_t LoadLe32(const std::uint8_t* p);
void StoreLe32(std::uint8_t* p, std::uint32_t v);

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_BYTE_IO_H_
