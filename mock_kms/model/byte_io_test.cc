#include "mock_kms/model/byte_io.h"

#include <gtest/gtest.h>

namespace kc::mock {
namespace {

TEST(ByteIo, RoundTripsEveryField) {
  ByteWriter w;
  w.U8(7);
  w.U16(0xBEEF);
  w.U32(0xDEADBEEF);
  w.U64(0x0102030405060708ULL);
  w.F64(1767225600.25);
  w.Str("account");
  w.Blob(AsBytes("blob"));
  ByteReader r(w.bytes());
  std::uint8_t a = 0;
  std::uint16_t b = 0;
  std::uint32_t c = 0;
  std::uint64_t d = 0;
  double e = 0;
  std::string s;
  Bytes blob;
  ASSERT_TRUE(r.U8(a) && r.U16(b) && r.U32(c) && r.U64(d) && r.F64(e) && r.Str(s) && r.Blob(blob));
  EXPECT_TRUE(r.done());
  EXPECT_EQ(a, 7);
  EXPECT_EQ(b, 0xBEEF);
  EXPECT_EQ(c, 0xDEADBEEFU);
  EXPECT_EQ(d, 0x0102030405060708ULL);
  EXPECT_EQ(e, 1767225600.25);
  EXPECT_EQ(s, "account");
  EXPECT_EQ(AsChars(blob), "blob");
}

TEST(ByteIo, ReaderNeverReadsPastItsInput) {
  ByteWriter w;
  w.Str("abcdef");
  Bytes data = w.Take();
  for (std::size_t n = 0; n < data.size(); ++n) {
    ByteReader r(ByteView(data).first(n));
    std::string s;
    EXPECT_FALSE(r.Str(s)) << n;
  }
  // A length field larger than what follows.
  const Bytes huge = {0xff, 0xff, 0xff, 0xff, 'x'};
  ByteReader r(huge);
  Bytes b;
  EXPECT_FALSE(r.Blob(b));
}

TEST(ByteIo, Crc32MatchesZlib) {
  // zlib's crc32 of "123456789" (the CRC-32 check value).
  EXPECT_EQ(Crc32(AsBytes("123456789")), 0xCBF43926U);
  EXPECT_EQ(Crc32({}), 0U);
}

}  // namespace
}  // namespace kc::mock
