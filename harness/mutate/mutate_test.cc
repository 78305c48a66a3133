#include "harness/mutate/mutate.h"

#include <set>
#include <tuple>

#include <gtest/gtest.h>

#include "harness/mutate/data.h"
#include "harness/mutate/judge.h"

namespace kc::mutate {
namespace {

using contract::Operation;
using contract::Profile;

Fixtures TestFixtures() {
  Fixtures f;
  f.external_key_id = "1234abcd-12ab-34cd-56ef-1234567890ab";
  f.external_key_arn = "arn:aws:kms:us-east-1:111122223333:key/" + f.external_key_id;
  f.symmetric_key_id = "0987dcba-09fe-87dc-65ba-ab0987654321";
  f.alias_name = "alias/kc-fuzz";
  f.import_token = "AQIDBAUGBwgJCgsMDQ4PEA==";
  f.encrypted_material = "AQIDBAUGBwgJCgsMDQ4PEA==";
  f.ciphertext = "AQIDBAUGBwgJCgsMDQ4PEA==";
  return f;
}

TEST(JsonTreeTest, RoundTripKeepsOrderDuplicatesAndNumberText) {
  const std::string text = R"({"b":1e400,"a":[true,null,"x\"y"],"b":-0,"c":{}})";
  const auto v = Parse(text);
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->members.size(), 4u);
  EXPECT_EQ(v->members[0].second.text, "1e400");
  EXPECT_EQ(v->members[2].first, "b");
  EXPECT_EQ(Serialize(*v), text);
}

TEST(JsonTreeTest, RefusesWhatIsNotJson) {
  for (const char* bad : {"", "{", "{\"a\":}", "{\"a\":1,}", "[1 2]", "01", "nul", "{'a':1}",
                          "\"\x01\"", "{} x"}) {
    EXPECT_FALSE(Parse(bad).has_value()) << bad;
  }
}

TEST(JsonTreeTest, StringsKeepTheirBytesAndEscapeControlCharacters) {
  const JValue v = JValue::String(std::string("a\xC3\x28\n\x01", 5));
  EXPECT_EQ(Serialize(v), "\"a\xC3\x28\\n\\u0001\"");
  EXPECT_EQ(Parse("\"\\u00e9\\ud83d\\ude00\"")->text, "\xC3\xA9\xF0\x9F\x98\x80");
}

TEST(JsonTreeTest, DeepValuesSerialiseWithoutRecursion) {
  JValue v = JValue::Number("1");
  for (int i = 0; i < 200000; ++i) {
    JValue outer = JValue::Array();
    outer.items.push_back(std::move(v));
    v = std::move(outer);
  }
  const std::string s = Serialize(v);
  EXPECT_EQ(s.size(), 400001u);
  EXPECT_EQ(s.substr(0, 3), "[[[");
  // Tear down iteratively too (the destructor of 200000 nested vectors would recurse).
  while (!v.items.empty()) {
    JValue inner = std::move(v.items.front());
    v.items.clear();
    v = std::move(inner);
  }
}

TEST(MutatorTest, EveryBaseRequestIsValidForTheStrictDecoder) {
  for (const Profile p : {Profile::k2022, Profile::k2026}) {
    Mutator m(7, p, TestFixtures());
    for (const Operation op : FuzzedOperations()) {
      for (int i = 0; i < 20; ++i) {
        const FuzzRequest r = m.Base(op);
        const Built b = Build(r);
        bool choice = false;
        const auto refusal = StrictRefusal(op, b.body, p, &choice);
        EXPECT_FALSE(refusal.has_value()) << contract::ToWire(op) << " " << b.body << ": " << *refusal;
        EXPECT_EQ(b.target, "TrentService." + std::string(contract::ToWire(op)));
        EXPECT_EQ(b.content_type, "application/x-amz-json-1.1");
        EXPECT_EQ(b.sig, SigMode::kSigned);
        EXPECT_EQ(b.framing, Framing::kNone);
      }
    }
  }
}

TEST(MutatorTest, TheSameSeedGivesTheSameRequests) {
  Mutator a(42, Profile::k2022, TestFixtures());
  Mutator b(42, Profile::k2022, TestFixtures());
  Mutator c(43, Profile::k2022, TestFixtures());
  int differ = 0;
  for (int i = 0; i < 200; ++i) {
    const FuzzRequest x = a.Next();
    const FuzzRequest y = b.Next();
    const FuzzRequest z = c.Next();
    EXPECT_EQ(Build(x).body, Build(y).body);
    EXPECT_EQ(x.mutations, y.mutations);
    if (Build(x).body != Build(z).body) ++differ;
  }
  EXPECT_GT(differ, 100);
}

TEST(MutatorTest, EveryClassGivesLabelledMutationsOfThatClass) {
  Mutator m(1, Profile::k2026, TestFixtures());
  for (const Class c : kAllClasses) {
    std::set<std::string> labels;
    for (int i = 0; i < 300; ++i) {
      const FuzzRequest r = m.NextOf(c);
      ASSERT_FALSE(r.mutations.empty());
      EXPECT_EQ(r.primary()->cls, c);
      EXPECT_FALSE(r.primary()->label.empty());
      labels.insert(r.primary()->label);
    }
    EXPECT_GE(labels.size(), 4u) << ClassName(c);
  }
}

TEST(MutatorTest, MutationsChangeWhatTheySay) {
  Mutator m(3, Profile::k2022, TestFixtures());
  FuzzRequest r = m.Base(Operation::kGetParametersForImport);
  const std::string before = Build(r).body;
  Mutation set;
  set.cls = Class::kStructure;
  set.label = "wrong-type";
  set.member = "WrappingKeySpec";
  set.value = JValue::Number("7");
  r.mutations.push_back(set);
  EXPECT_NE(Build(r).body.find("\"WrappingKeySpec\":7"), std::string::npos);
  Mutation dup;
  dup.op = Mutation::Op::kAdd;
  dup.member = "KeyId";
  dup.value = JValue::String("other");
  r.mutations.push_back(dup);
  const std::string body = Build(r).body;
  EXPECT_NE(body.find("\"KeyId\":\"other\""), std::string::npos);
  EXPECT_NE(body.find("\"KeyId\":\"" + r.body.Member("KeyId")->text), std::string::npos);
  Mutation cut;
  cut.cls = Class::kSyntax;
  cut.op = Mutation::Op::kTruncate;
  cut.pos = 5;
  r.mutations.push_back(cut);
  EXPECT_EQ(Build(r).body, body.substr(0, 5));
  r.mutations.clear();
  EXPECT_EQ(Build(r).body, before);
  Mutation target;
  target.cls = Class::kHeader;
  target.op = Mutation::Op::kTarget;
  target.remove = true;
  r.mutations.push_back(target);
  EXPECT_FALSE(Build(r).target.has_value());
}

TEST(MutatorTest, ShrinkCandidatesKeepThePrimaryMutation) {
  Mutator m(5, Profile::k2022, TestFixtures());
  for (int i = 0; i < 200; ++i) {
    const FuzzRequest r = m.Next();
    for (const FuzzRequest& c : ShrinkCandidates(r)) {
      ASSERT_FALSE(c.mutations.empty());
      EXPECT_EQ(c.mutations.front().cls, r.mutations.front().cls);
      EXPECT_EQ(c.mutations.front().label, r.mutations.front().label);
      // Simpler: fewer mutations, else fewer members of the base, else a shorter base.
      const auto measure = [](const FuzzRequest& x) {
        return std::tuple(x.mutations.size(), x.body.members.size(), Serialize(x.body).size() +
                                                                       Serialize(x.mutations.front().value).size());
      };
      EXPECT_LT(measure(c), measure(r));
    }
  }
}

TEST(MutatorTest, DescribeNamesTheMemberClassAndLabel) {
  Mutation m;
  m.cls = Class::kValue;
  m.label = "bad-base64";
  m.member = "Plaintext";
  m.value = JValue::String("not base64!");
  EXPECT_EQ(m.Describe(), "Plaintext: set to \"not base64!\" (value/bad-base64)");
}

TEST(DictionaryTest, ParsesValuesAndEscapes) {
  const auto v = ParseDictionary("# c\n\"a\"\nname=\"b\\x41\\\"\"\n\n  \"\\\\\"\nbad\n");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], "a");
  EXPECT_EQ(v[1], "bA\"");
  EXPECT_EQ(v[2], "\\");
}

TEST(DictionaryTest, TheEmbeddedDataIsThere) {
  EXPECT_GT(ParseDictionary(EmbeddedDictionary()).size(), 20u);
  const auto seeds = EmbeddedSeeds();
  EXPECT_GT(seeds.size(), 20u);
  for (std::string_view s : seeds) {
    ASSERT_GE(s.size(), 2u);
    EXPECT_EQ(s[1], '{');
  }
}

}  // namespace
}  // namespace kc::mutate
