// strict_json: the request parser. Every refusal and every value nlohmann would give
// (fuzz/codec_strict_json.cc checks the same claim on random input).
#include <string>

#include <gtest/gtest.h>

#include "harness/codec/strict_json.h"

namespace kc::codec::strict {
namespace {

using json::ParseStatus;
using json::Type;

TEST(StrictJson, ParsesEveryType) {
  const std::string text =
      R"( {"a":null,"b":true,"c":false,"d":-5,"e":18446744073709551615,"f":5.0,"g":"x\u00e9",)"
      R"("h":[1,[],{}],"i":{},"j":-9223372036854775808,"k":1e2} )";
  const Document doc = Document::Parse(text);
  ASSERT_EQ(doc.status(), ParseStatus::kOk);
  const Value root = doc.root();
  EXPECT_EQ(root.type(), Type::kObject);
  EXPECT_EQ(root.size(), 11u);
  EXPECT_EQ(root.Find("a")->type(), Type::kNull);
  EXPECT_TRUE(root.Find("b")->bool_value());
  EXPECT_FALSE(root.Find("c")->bool_value());
  EXPECT_EQ(root.Find("c")->type(), Type::kBoolean);
  EXPECT_EQ(root.Find("d")->int_value(), -5);
  EXPECT_EQ(root.Find("d")->number_value(), -5.0);
  EXPECT_EQ(root.Find("e")->type(), Type::kInteger);
  EXPECT_EQ(root.Find("e")->int_value(), std::nullopt);
  EXPECT_EQ(root.Find("e")->number_value(), 18446744073709551615.0);
  EXPECT_EQ(root.Find("f")->type(), Type::kFloat);
  EXPECT_EQ(root.Find("f")->number_value(), 5.0);
  EXPECT_EQ(root.Find("g")->string_value(), "x\xC3\xA9");
  EXPECT_EQ(root.Find("h")->size(), 3u);
  EXPECT_EQ(root.Find("h")->element(0).int_value(), 1);
  EXPECT_EQ(root.Find("h")->element(1).type(), Type::kArray);
  EXPECT_EQ(root.Find("h")->element(2).type(), Type::kObject);
  EXPECT_EQ(root.Find("j")->int_value(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(root.Find("k")->type(), Type::kFloat);
  EXPECT_EQ(root.Find("k")->number_value(), 100.0);
  EXPECT_FALSE(root.Find("z"));
  std::string keys;
  auto visit = [&](std::string_view k, Value) { keys += k; };
  root.ForEachMember(visit);
  EXPECT_EQ(keys, "abcdefghijk");
}

TEST(StrictJson, IntegersBeyond64BitsAreFloats) {
  Document doc = Document::Parse("18446744073709551616");
  ASSERT_EQ(doc.status(), ParseStatus::kOk);
  EXPECT_EQ(doc.root().type(), Type::kFloat);
  EXPECT_EQ(doc.root().number_value(), 18446744073709551616.0);
  doc = Document::Parse("-9223372036854775809");
  EXPECT_EQ(doc.root().type(), Type::kFloat);
  doc = Document::Parse("-0");
  EXPECT_EQ(doc.root().type(), Type::kInteger);
  EXPECT_EQ(doc.root().int_value(), 0);
}

TEST(StrictJson, TinyNumbersReadAsZeroHugeOnesAreRefused) {
  Document doc = Document::Parse("1e-400");
  ASSERT_EQ(doc.status(), ParseStatus::kOk);
  EXPECT_EQ(doc.root().number_value(), 0.0);
  doc = Document::Parse("-0.0000000000000000001e-390");
  ASSERT_EQ(doc.status(), ParseStatus::kOk);
  EXPECT_EQ(doc.root().number_value(), 0.0);
  EXPECT_EQ(Document::Parse("5e-324").root().number_value(), 4.9406564584124654e-324);
  EXPECT_EQ(Document::Parse("1e400").status(), ParseStatus::kMalformed);
  EXPECT_EQ(Document::Parse("-1.7976931348623159e308").status(), ParseStatus::kMalformed);
  EXPECT_EQ(Document::Parse("0.0000001e316").status(), ParseStatus::kMalformed);
  EXPECT_EQ(Document::Parse("1e999999999999999999999").status(), ParseStatus::kMalformed);
  EXPECT_EQ(Document::Parse("1e-999999999999999999999").status(), ParseStatus::kOk);
}

TEST(StrictJson, UnescapesStrings) {
  const std::string text = R"(["a\"b\\c\/d\b\f\n\r\t", "\u0000\u00e9\u20ac\ud83d\ude00", "plain"])";
  const Document doc = Document::Parse(text);
  ASSERT_EQ(doc.status(), ParseStatus::kOk);
  EXPECT_EQ(doc.root().element(0).string_value(), "a\"b\\c/d\b\f\n\r\t");
  EXPECT_EQ(doc.root().element(1).string_value(),
            std::string("\0\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 10));
  EXPECT_EQ(doc.root().element(2).string_value(), "plain");
  // An unescaped string is a view of the text itself.
  EXPECT_EQ(doc.root().element(2).string_value().data(), text.data() + text.find("plain"));
}

TEST(StrictJson, StringsSurviveAMove) {
  const std::string text = R"({"k":"\u0041bc"})";
  Document doc = Document::Parse(text);
  Document moved = std::move(doc);
  EXPECT_EQ(moved.root().Find("k")->string_value(), "Abc");
}

TEST(StrictJson, DetectsDuplicateKeysAtAnyDepth) {
  EXPECT_EQ(Document::Parse(R"({"a":1,"a":1})").status(), ParseStatus::kDuplicateKey);
  EXPECT_EQ(Document::Parse(R"({"a":{"b":1,"b":2}})").status(), ParseStatus::kDuplicateKey);
  EXPECT_EQ(Document::Parse(R"([{"b":1},{"c":1,"c":2}])").status(), ParseStatus::kDuplicateKey);
  EXPECT_EQ(Document::Parse(R"({"a":{"b":1},"c":{"b":2}})").status(), ParseStatus::kOk);
  EXPECT_EQ(Document::Parse(R"({"a":[{"a":1}],"b":{"a":{"a":1}}})").status(), ParseStatus::kOk);
  // Escapes are decoded before comparing: "a" and "\u0061" are the same name.
  EXPECT_EQ(Document::Parse(R"({"a":1,"\u0061":2})").status(), ParseStatus::kDuplicateKey);
  // A large object (the sorted path).
  std::string big = "{";
  for (int i = 0; i < 100; ++i) big += "\"k" + std::to_string(i) + "\":0,";
  EXPECT_EQ(Document::Parse(big + "\"k0\":1}").status(), ParseStatus::kDuplicateKey);
  EXPECT_EQ(Document::Parse(big + "\"k100\":1}").status(), ParseStatus::kOk);
}

TEST(StrictJson, RefusesWhatIsNotJson) {
  for (const char* bad :
       {"", " ", "{", "}", "{\"a\"}", "{\"a\" 1}", "{'a':1}", "{\"a\":1,}", "[1,]", "[,1]", "01",
        "-", "-a", "1.", ".5", "1e", "1e+", "+1", "0x10", "{\"a\":NaN}", "Infinity", "\"\\ud800\"",
        "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\x41\"", "\"\\u12\"", "/* c */ {}", "{} {}",
        "\"\x80\"", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xE2\x82\"",
        "\"a\nb\"", "\"a\tb\"", "tru", "nul", "falsey", "[1 2]", "{\"a\":1 \"b\":2}", "\"abc",
        "\xEF\xBB{}", " \xEF\xBB\xBF{}", "{\"a\":}", "[\"a\",]"}) {
    EXPECT_EQ(Document::Parse(bad).status(), ParseStatus::kMalformed) << bad;
  }
}

TEST(StrictJson, SkipsALeadingByteOrderMark) {
  EXPECT_EQ(Document::Parse("\xEF\xBB\xBF{}").status(), ParseStatus::kOk);
}

TEST(StrictJson, ValidatesUtf8InLongStrings) {
  // The 8-byte fast path must still stop at every byte that needs attention.
  std::string s = "\"" + std::string(64, 'a') + "\x01" + std::string(64, 'b') + "\"";
  EXPECT_EQ(Document::Parse(s).status(), ParseStatus::kMalformed);
  s = "\"" + std::string(61, 'a') + "\xFF" + "bbbbbbbbbbbbbb\"";
  EXPECT_EQ(Document::Parse(s).status(), ParseStatus::kMalformed);
  s = "\"" + std::string(61, 'a') + "\xF0\x9F\x98\x80" + "bbbbbbbbbbbbbb\"";
  EXPECT_EQ(Document::Parse(s).status(), ParseStatus::kOk);
  s = "\"" + std::string(63, 'a') + "\"" + std::string(10, ' ');
  EXPECT_EQ(Document::Parse(s).root().string_value(), std::string(63, 'a'));
}

TEST(StrictJson, DeepNestingDoesNotRecurse) {
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  const Document doc = Document::Parse(deep);
  ASSERT_EQ(doc.status(), ParseStatus::kOk);
  EXPECT_EQ(doc.root().size(), 1u);
  EXPECT_EQ(Document::Parse(std::string(200000, '{')).status(), ParseStatus::kMalformed);
  std::string objects = std::string(100000, '[') + "{\"a\":{\"b\":1}}";
  objects += std::string(100000, ']');
  EXPECT_EQ(Document::Parse(objects).status(), ParseStatus::kOk);
}

TEST(StrictJson, LongArrayOfObjectsIsLinear) {
  // nlohmann's callback parser is quadratic here (6.7 s for this body).
  std::string body = "{\"X\":[";
  for (int i = 0; i < 160000; ++i) body += i ? ",{}" : "{}";
  body += "]}";
  const Document doc = Document::Parse(body);
  ASSERT_EQ(doc.status(), ParseStatus::kOk);
  EXPECT_EQ(doc.root().Find("X")->size(), 160000u);
}

}  // namespace
}  // namespace kc::codec::strict
