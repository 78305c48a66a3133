#include "harness/common/bytes.h"

#include <gtest/gtest.h>

namespace kc {
namespace {

// RFC 4648 section 10 test vectors.
TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(Base64Encode(AsBytes(plain)), encoded);
    auto strict = Base64DecodeStrict(encoded);
    ASSERT_TRUE(strict.has_value()) << encoded;
    EXPECT_EQ(AsChars(*strict), plain);
    auto lenient = Base64DecodeLenient(encoded);
    ASSERT_TRUE(lenient.has_value()) << encoded;
    EXPECT_EQ(AsChars(*lenient), plain);
  }
}

TEST(Base64Test, StrictRefusesWhatAServerMustRefuse) {
  for (const char* bad : {"Zg", "Zg=", "Zm9", "Zm9v!A==", "Zh==", "Zm9=", "Zg==Zg==", "=Zg=",
                          "Zm-v", "Zm_v", "Zm9v\n", "Z===", "===="}) {
    EXPECT_FALSE(Base64DecodeStrict(bad).has_value()) << bad;
  }
}

TEST(Base64Test, LenientAcceptsWhatBotocoreAccepts) {
  EXPECT_EQ(AsChars(*Base64DecodeLenient("Zg")), "f");
  EXPECT_EQ(AsChars(*Base64DecodeLenient("Zm9v\nYmFy")), "foobar");
  EXPECT_EQ(*Base64DecodeLenient("-_8="), (Bytes{0xfb, 0xff}));
  EXPECT_FALSE(Base64DecodeLenient("Z").has_value());
  EXPECT_FALSE(Base64DecodeLenient("Zg==Zg").has_value());
  EXPECT_FALSE(Base64DecodeLenient("Zm9v*").has_value());
}

TEST(Base64Test, EveryByteRoundTrips) {
  Bytes all(256);
  for (int i = 0; i < 256; ++i) all[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
  for (std::size_t n = 0; n <= all.size(); ++n) {
    const ByteView v(all.data(), n);
    auto back = Base64DecodeStrict(Base64Encode(v));
    ASSERT_TRUE(back.has_value()) << n;
    EXPECT_EQ(*back, Bytes(v.begin(), v.end())) << n;
  }
}

TEST(HexTest, EncodeDecode) {
  EXPECT_EQ(HexEncode(Bytes{0x00, 0xab, 0xff}), "00abff");
  EXPECT_EQ(*HexDecode("00ABff"), (Bytes{0x00, 0xab, 0xff}));
  EXPECT_FALSE(HexDecode("abc").has_value());
  EXPECT_FALSE(HexDecode("zz").has_value());
}

}  // namespace
}  // namespace kc
