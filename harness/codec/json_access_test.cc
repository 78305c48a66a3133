// json_access (the nlohmann adapter, reply side) and the constraint helpers.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

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

// ExpectSame: a and b read the same through Value: types, numbers bit for bit, strings,
// members in the same order.
void ExpectSame(json::Value a, json::Value b, const std::string& text) {
  ASSERT_EQ(a.type(), b.type()) << text;
  EXPECT_EQ(a.bool_value(), b.bool_value()) << text;
  EXPECT_EQ(a.int_value(), b.int_value()) << text;
  const double x = a.number_value(), y = b.number_value();
  EXPECT_TRUE(x == y && std::signbit(x) == std::signbit(y)) << text << ": " << x << " " << y;
  EXPECT_EQ(a.string_value(), b.string_value()) << text;
  ASSERT_EQ(a.size(), b.size()) << text;
  if (a.type() == Type::kArray) {
    for (std::size_t i = 0; i < a.size(); ++i) ExpectSame(a.element(i), b.element(i), text);
  }
  if (a.type() == Type::kObject) {
    std::vector<std::pair<std::string, json::Value>> ma, mb;
    auto collect_a = [&](std::string_view k, json::Value v) { ma.emplace_back(k, v); };
    auto collect_b = [&](std::string_view k, json::Value v) { mb.emplace_back(k, v); };
    a.ForEachMember(collect_a);
    b.ForEachMember(collect_b);
    ASSERT_EQ(ma.size(), mb.size()) << text;
    for (std::size_t i = 0; i < ma.size(); ++i) {
      ASSERT_EQ(ma[i].first, mb[i].first) << text;
      ExpectSame(ma[i].second, mb[i].second, text);
      const std::optional<json::Value> found = a.Find(ma[i].first);
      ASSERT_TRUE(found) << text;
      ExpectSame(*found, ma[i].second, text);
    }
    EXPECT_FALSE(a.Find("no such member"));
  }
}

void ExpectParsesAsNlohmann(const std::string& text) {
  const Document flat = Document::Parse(text);
  const Document reference = Document::ParseReference(text);
  ASSERT_EQ(flat.status(), reference.status()) << text;
  if (flat.has_root()) ExpectSame(flat.root(), reference.root(), text);
}

TEST(JsonAccess, ParseReadsWhatNlohmannReads) {
  const std::string deep = std::string(300, '[') + "1" + std::string(300, ']');
  for (const std::string& text : std::vector<std::string>{
           R"({"KeyMetadata":{"KeyId":"1234abcd","Enabled":true,"CreationDate":1.7672256E9,)"
           R"("KeySpec":"SYMMETRIC_DEFAULT","X":null,"L":[1,-2,0,-0,3.5e-3,"a\"b\\c\/d\b\f\n\r\t"],)"
           R"("E":{},"F":false},"Z":[],"A":"x"})",
           "[]", "{}", "0", "-0", "-0.0", "0.0", "1e400", "-1e400", "123456789012345678",
           "-123456789012345678", "1234567890123456789", "-9223372036854775808",
           "9223372036854775808", "18446744073709551615", "18446744073709551616", "0.1",
           "1E+2", "1e-2", "2.5e-308", "4.9e-324", "1e-400", R"("\u00e9")", R"("\u0041")",
           "\"\xC3\xA9\"", R"({"a":1,"a":2})", R"({"b":1,"a":2,"c":{"z":[],"y":{}}})",
           " \t\n\r[1 , 2 ]\r\n", "\xEF\xBB\xBF{}", "[1,]", "01", "-01", "-", "1.", ".5", "+1",
           "tru", "nul", "truex", "[true false]", "[\"\x7F\"]", std::string("[1]\0", 4),
           std::string("[1\0]", 4), R"({"a" 1})", "{,}", R"({"a":})", "[,1]", R"("\x")",
           R"("\)", R"("a)", "\"\t\"", "[1]]", "{}}", "[[[[[]]]]]", deep, std::string(300, '['),
           "", "   ", R"("")", R"({"":""})", R"({"a":{"a":{"a":1}}})", "1 2", R"(["/\/"])"}) {
    ExpectParsesAsNlohmann(text);
  }
}

TEST(JsonAccess, ParseReadsWhatNlohmannReadsOnRandomTexts) {
  // Texts made of JSON's tokens, mostly well-formed, and byte-level damage to them.
  std::mt19937 rng(7);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::vector<std::string> scalars = {
      "0", "-0", "7", "-12", "99999999999999999999", "3.25", "-1e3", "1E-7", "true", "false",
      "null", R"("")", R"("abc")", R"("a\nb")", R"("\u00e9")", R"("\ud83d\ude00")",
      "\"\xC3\xA9\"", "1.7976931348623157e308", "5e-324", "12345678901234567",
      "-922337203685477580"};
  const std::vector<std::string> keys = {"a", "b", "KeyId", "Z", "", R"(a\")", R"(\u0062)", "b"};
  const std::string damage = std::string("{}[],:\\\"0-.eE \x80\x01", 16);
  std::function<std::string(int)> value = [&](int depth) -> std::string {
    const std::size_t kind = depth > 4 ? 0 : pick(4);
    if (kind <= 1) return scalars[pick(scalars.size())];
    std::string out(kind == 2 ? "[" : "{");
    const std::size_t n = pick(5);
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0) out += pick(2) ? "," : " , ";
      if (kind == 3) out += "\"" + keys[pick(keys.size())] + "\":";
      out += value(depth + 1);
    }
    return out + (kind == 2 ? "]" : "}");
  };
  for (int i = 0; i < 3000; ++i) {
    std::string text = value(0);
    if (i % 3 == 1 && !text.empty()) {
      text[pick(text.size())] = damage[pick(damage.size())];
    } else if (i % 3 == 2 && !text.empty()) {
      text.erase(pick(text.size()), 1);
    }
    ExpectParsesAsNlohmann(text);
  }
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
