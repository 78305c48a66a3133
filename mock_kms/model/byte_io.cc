#include "mock_kms/model/byte_io.h"

#include <array>
#include <bit>
#include <cstring>

namespace kc::mock {

void ByteWriter::U16(std::uint16_t v) {
  out_.push_back(static_cast<std::uint8_t>(v & 0xff));
  out_.push_back(static_cast<std::uint8_t>(v >> 8));
}

void ByteWriter::U32(std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out_.push_back(static_cast<std::uint8_t>((v >> (8 * i)) & 0xff));
}

void ByteWriter::U64(std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<std::uint8_t>((v >> (8 * i)) & 0xff));
}

void ByteWriter::F64(double v) { U64(std::bit_cast<std::uint64_t>(v)); }

void ByteWriter::Str(std::string_view s) {
  U32(static_cast<std::uint32_t>(s.size()));
  Raw(AsBytes(s));
}

void ByteWriter::Blob(ByteView b) {
  U32(static_cast<std::uint32_t>(b.size()));
  Raw(b);
}

bool ByteReader::U8(std::uint8_t& v) {
  if (remaining() < 1) return false;
  v = in_[pos_++];
  return true;
}

bool ByteReader::U16(std::uint16_t& v) {
  if (remaining() < 2) return false;
  v = static_cast<std::uint16_t>(in_[pos_] | (in_[pos_ + 1] << 8));
  pos_ += 2;
  return true;
}

bool ByteReader::U32(std::uint32_t& v) {
  if (remaining() < 4) return false;
  v = LoadLe32(in_.data() + pos_);
  pos_ += 4;
  return true;
}

bool ByteReader::U64(std::uint64_t& v) {
  if (remaining() < 8) return false;
  v = 0;
  for (std::size_t i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(in_[pos_ + i]) << (8 * i);
  pos_ += 8;
  return true;
}

bool ByteReader::F64(double& v) {
  std::uint64_t bits = 0;
  if (!U64(bits)) return false;
  v = std::bit_cast<double>(bits);
  return true;
}

bool ByteReader::StrView(std::string_view& s) {
  ByteView b;
  if (!BlobView(b)) return false;
  s = AsChars(b);
  return true;
}

bool ByteReader::Str(std::string& s) {
  std::string_view v;
  if (!StrView(v)) return false;
  s.assign(v);
  return true;
}

bool ByteReader::BlobView(ByteView& b) {
  std::uint32_t n = 0;
  if (!U32(n)) return false;
  return Raw(n, b);
}

bool ByteReader::Blob(Bytes& b) {
  ByteView v;
  if (!BlobView(v)) return false;
  b.assign(v.begin(), v.end());
  return true;
}

bool ByteReader::Raw(std::size_t n, ByteView& b) {
  if (remaining() < n) return false;
  b = in_.subspan(pos_, n);
  pos_ += n;
  return true;
}

namespace {

constexpr std::array<std::uint32_t, 256> MakeCrcTable() {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr auto kCrcTable = MakeCrcTable();

}  // namespace

std::uint32_t Crc32(ByteView data) {
  std::uint32_t c = 0xFFFFFFFFU;
  for (std::uint8_t b : data) c = kCrcTable[(c ^ b) & 0xffU] ^ (c >> 8);
  return c ^ 0xFFFFFFFFU;
}

std::uint32_t LoadLe32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

void StoreLe32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>((v >> (8 * i)) & 0xff);
}

}  // namespace kc::mock
