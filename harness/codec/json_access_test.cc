// json_access (the nlohmann adapter, reply side) and the constraint helpers.
#include <string>

#include <gtest/gtest.h>

#include "harness/codec/constraints.h"
#include "harness/codec/json_access.h"
#include "harness/common/bytes.h"

namespace kc::codec {
namespace {

using json::Document;
using json::ParseStatus;
using json::Type;

TEST(JsonAccess, ParsesTypesAndNumbers) {
  const Document doc = Document::Parse(
      R"({"a":null,"b":true,"c":-5,"d":18446744073709551615,"e":5.0,"f":"x\u00e9","g":[1],"h":{}})");
  ASSERT_EQ(doc.status(), ParseStatus::kOk);
  const json::Value root = doc.root();
  EXPECT_EQ(root.type(), Type::kObject);
  EXPECT_EQ(root.size(), 8u);
  EXPECT_EQ(root.Find("a")->type(), Type::kNull);
  EXPECT_TRUE(root.Find("b")->bool_value());
  EXPECT_EQ(root.Find("c")->int_value(), -5);
  EXPECT_EQ(root.Find("d")->type(), Type::kInteger);
  EXPECT_EQ(root.Find("d")->int_value(), std::nullopt);  // above INT64_MAX
  EXPECT_EQ(root.Find("d")->number_value(), 18446744073709551615.0);
  EXPECT_EQ(root.Find("e")->type(), Type::kFloat);
  EXPECT_EQ(root.Find("e")->int_value(), std::nullopt);
  EXPECT_EQ(root.Find("f")->string_value(), "x\xC3\xA9");
  EXPECT_EQ(root.Find("g")->element(0).int_value(), 1);
  EXPECT_FALSE(root.Find("missing"));
  // Accessors are total on the wrong type.
  EXPECT_EQ(root.Find("f")->size(), 0u);
  EXPECT_FALSE(root.Find("f")->Find("x"));
  EXPECT_EQ(root.Find("g")->string_value(), "");
}

TEST(JsonAccess, DuplicateKeyLastOneWins) {
  const Document doc = Document::Parse(R"({"a":1,"a":2})");
  ASSERT_EQ(doc.status(), ParseStatus::kOk);
  EXPECT_EQ(doc.root().size(), 1u);
  EXPECT_EQ(doc.root().Find("a")->int_value(), 2);
}

TEST(JsonAccess, RefusesWhatIsNotJson) {
  for (const char* bad : {"", "{", "{\"a\"}", "{'a':1}", "{\"a\":1,}", "[1,]", "01", "1.",
                          "{\"a\":NaN}", "{\"a\":1e999}", "\"\\ud800\"", "/* c */ {}", "{} {}",
                          "\"\x80\"", "tru"}) {
    EXPECT_EQ(Document::Parse(bad).status(), ParseStatus::kMalformed) << bad;
  }
}

TEST(JsonAccess, DeepNestingDoesNotCrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(Document::Parse(deep).status(), ParseStatus::kOk);
  const std::string unclosed = std::string(100000, '{');
  EXPECT_EQ(Document::Parse(unclosed).status(), ParseStatus::kMalformed);
}

TEST(Constraints, Utf16LengthCountsSurrogatePairsTwice) {
  EXPECT_EQ(Utf16Length(""), 0u);
  EXPECT_EQ(Utf16Length("abc"), 3u);
  EXPECT_EQ(Utf16Length("\xC3\xA9"), 1u);          // U+00E9
  EXPECT_EQ(Utf16Length("\xE2\x82\xAC"), 1u);      // U+20AC
  EXPECT_EQ(Utf16Length("\xF0\x9F\x98\x80"), 2u);  // U+1F600
}

TEST(Constraints, StrictBase64DecodedSizeAgreesWithBase64DecodeStrict) {
  for (const char* text : {"", "AA==", "AAA=", "AAAA", "AB==", "AAB=", "A===", "=AAA", "AA=A",
                           "AAAAA", "AA", "-_8=", "AAAA====", "AA==AAAA", "YWJj", "YWI=", "YQ==",
                           "Y Q==", "YQ==\n"}) {
    const std::optional<Bytes> decoded = Base64DecodeStrict(text);
    const std::optional<std::size_t> size = StrictBase64DecodedSize(text);
    ASSERT_EQ(decoded.has_value(), size.has_value()) << text;
    if (decoded) {
      EXPECT_EQ(decoded->size(), *size) << text;
    }
  }
}

TEST(Constraints, PathStyles) {
  Path p;
  p.PushMember("Tags");
  p.PushIndex(0);
  p.PushMember("TagKey");
  EXPECT_EQ(p.Aws(), "tags.1.member.tagKey");
  EXPECT_EQ(p.Model(), "Tags[0].TagKey");
  Path m;
  m.PushMember("EncryptionContext");
  m.PushKey("Purpose");
  EXPECT_EQ(m.Aws(), "encryptionContext.Purpose");
  EXPECT_EQ(m.Model(), "EncryptionContext.Purpose");
}

}  // namespace
}  // namespace kc::codec
