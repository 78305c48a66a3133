// AES-KWP (RFC 5649) against Project Wycheproof and the RFC's own examples.
#include "harness/crypto/aes_kwp.h"

#include <map>
#include <string>

#include <gtest/gtest.h>
#include <openssl/err.h>

#include "harness/crypto/crypto_test_util.h"

namespace kc::crypto {
namespace {

using testing::Hex;

TEST(WycheproofKwp, EveryCaseBehavesAsTheFileSays) {
  const std::string_view file = testing::kKwpFile;
  const nlohmann::json doc = testing::LoadWycheproof(file);
  ASSERT_FALSE(doc.is_null());
  // Counts per key size: {valid, invalid}.
  std::map<int, std::pair<int, int>> counts;
  int total = 0;
  for (const auto& group : doc.at("testGroups")) {
    const int key_bits = group.at("keySize");
    for (const auto& test : group.at("tests")) {
      ++total;
      const std::string name = testing::TestCaseName(file, test);
      const Bytes key = Hex(test.at("key"));
      const Bytes msg = Hex(test.at("msg"));
      const Bytes ct = Hex(test.at("ct"));
      ASSERT_EQ(key.size() * 8, static_cast<std::size_t>(key_bits)) << name;
      const std::string result = test.at("result");
      Result<Bytes> unwrapped = AesKwpUnwrap(key, ct);
      if (result == "valid") {
        ++counts[key_bits].first;
        ASSERT_TRUE(unwrapped.ok()) << name << ": " << unwrapped.status().ToString();
        EXPECT_EQ(*unwrapped, msg) << name;
        Result<Bytes> wrapped = AesKwpWrap(key, msg);
        ASSERT_TRUE(wrapped.ok()) << name << ": " << wrapped.status().ToString();
        EXPECT_EQ(*wrapped, ct) << name;
        EXPECT_EQ(wrapped->size(), AesKwpWrappedSize(msg.size())) << name;
      } else if (result == "invalid") {
        ++counts[key_bits].second;
        EXPECT_EQ(unwrapped.status(), UnwrapFailedError()) << name;
      } else {
        ADD_FAILURE() << name << ": unexpected result " << result;
      }
      EXPECT_EQ(ERR_peek_error(), 0UL) << name << ": OpenSSL error queue not clean";
    }
  }
  // The 256-bit cases are the ones RSA_AES_KEY_WRAP_* uses: they must be there.
  EXPECT_GT(counts[256].first, 0);
  EXPECT_GT(counts[256].second, 0);
  EXPECT_GT(counts[128].first, 0);
  EXPECT_GT(counts[192].first, 0);
  EXPECT_EQ(total, doc.at("numberOfTests").get<int>());
  for (const auto& [bits, vi] : counts) {
    std::cout << file << ": AES-" << bits << " " << vi.first << " valid, " << vi.second
              << " invalid\n";
  }
}

// RFC 5649 section 6: the two examples (192-bit KEK).
TEST(AesKwp, Rfc5649Examples) {
  const Bytes kek = *HexDecode("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8");
  const Bytes key20 = *HexDecode("c37b7e6492584340bed12207808941155068f738");
  const Bytes wrapped20 =
      *HexDecode("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a");
  const Bytes key7 = *HexDecode("466f7250617369");
  const Bytes wrapped7 = *HexDecode("afbeb0f07dfbf5419200f2ccb50bb24f");
  EXPECT_EQ(*AesKwpWrap(kek, key20), wrapped20);
  EXPECT_EQ(*AesKwpUnwrap(kek, wrapped20), key20);
  EXPECT_EQ(*AesKwpWrap(kek, key7), wrapped7);
  EXPECT_EQ(*AesKwpUnwrap(kek, wrapped7), key7);
}

TEST(AesKwp, WrapRefusesWrongKeySizesAndEmptyInput) {
  for (std::size_t n : {0U, 15U, 17U, 31U, 33U, 64U}) {
    Result<Bytes> r = AesKwpWrap(Bytes(n, 1), Bytes(8, 2));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message(),
              "AES-KWP key must be 16, 24 or 32 bytes, got " + std::to_string(n));
  }
  Result<Bytes> empty = AesKwpWrap(Bytes(32, 1), {});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
}

TEST(AesKwp, UnwrapRefusesEveryMalformedShapeUniformly) {
  const Bytes kek(32, 7);
  const Bytes wrapped = *AesKwpWrap(kek, Bytes(32, 9));
  ASSERT_EQ(wrapped.size(), 40U);
  EXPECT_EQ(*AesKwpUnwrap(kek, wrapped), Bytes(32, 9));
  EXPECT_EQ(AesKwpUnwrap(Bytes(31, 7), wrapped).status(), UnwrapFailedError());
  EXPECT_EQ(AesKwpUnwrap(Bytes(32, 8), wrapped).status(), UnwrapFailedError());
  EXPECT_EQ(AesKwpUnwrap(kek, {}).status(), UnwrapFailedError());
  EXPECT_EQ(AesKwpUnwrap(kek, Bytes(8, 0)).status(), UnwrapFailedError());
  EXPECT_EQ(AesKwpUnwrap(kek, ByteView(wrapped).first(39)).status(), UnwrapFailedError());
  EXPECT_EQ(AesKwpUnwrap(kek, ByteView(wrapped).first(32)).status(), UnwrapFailedError());
  Bytes longer = wrapped;
  longer.resize(48, 0);
  EXPECT_EQ(AesKwpUnwrap(kek, longer).status(), UnwrapFailedError());
  for (std::size_t i = 0; i < wrapped.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes tampered = wrapped;
      tampered[i] = static_cast<std::uint8_t>(tampered[i] ^ (1U << bit));
      EXPECT_EQ(AesKwpUnwrap(kek, tampered).status(), UnwrapFailedError()) << i << "/" << bit;
    }
  }
}

TEST(AesKwp, RoundTripOfEveryLengthUpTo80) {
  const Bytes kek(32, 3);
  for (std::size_t n = 1; n <= 80; ++n) {
    Bytes msg(n);
    for (std::size_t i = 0; i < n; ++i) msg[i] = static_cast<std::uint8_t>(i * 7 + n);
    Result<Bytes> wrapped = AesKwpWrap(kek, msg);
    ASSERT_TRUE(wrapped.ok()) << n;
    EXPECT_EQ(wrapped->size(), AesKwpWrappedSize(n)) << n;
    EXPECT_EQ(*AesKwpUnwrap(kek, *wrapped), msg) << n;
  }
}

}  // namespace
}  // namespace kc::crypto
