#include "harness/contract/patterns.h"

#include <gtest/gtest.h>

namespace kc::contract {
namespace {

TEST(PatternsTest, KeyMaterialId) {
  const std::string_view p = "^[a-f0-9]+$";
  EXPECT_EQ(MatchesModelPattern(p, std::string(64, 'a')), true);
  EXPECT_EQ(MatchesModelPattern(p, "0123456789abcdef"), true);
  EXPECT_EQ(MatchesModelPattern(p, "ABCDEF"), false);
  EXPECT_EQ(MatchesModelPattern(p, ""), false);
  EXPECT_EQ(MatchesModelPattern(p, "abc g"), false);
}

TEST(PatternsTest, Latin1Ranges) {
  const std::string_view marker = "[\\u0020-\\u00FF]*";
  EXPECT_EQ(MatchesModelPattern(marker, ""), true);
  EXPECT_EQ(MatchesModelPattern(marker, "abc ~"), true);
  EXPECT_EQ(MatchesModelPattern(marker, "caf\xc3\xa9"), true);    // U+00E9
  EXPECT_EQ(MatchesModelPattern(marker, "\xe2\x82\xac"), false);  // U+20AC
  EXPECT_EQ(MatchesModelPattern(marker, "a\tb"), false);
  const std::string_view policy = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";
  EXPECT_EQ(MatchesModelPattern(policy, "{\n\t\"a\": 1}\r"), true);
  EXPECT_EQ(MatchesModelPattern(policy, ""), false);
  EXPECT_EQ(MatchesModelPattern(policy, std::string("a\0b", 3)), false);
  EXPECT_EQ(MatchesModelPattern(policy, "\xc3"), false);  // truncated UTF-8
}

TEST(PatternsTest, RegionXksAndDescription) {
  const std::string_view region = "^([a-z]+-){2,3}\\d+$";
  EXPECT_EQ(MatchesModelPattern(region, "us-east-1"), true);
  EXPECT_EQ(MatchesModelPattern(region, "us-gov-west-1"), true);
  EXPECT_EQ(MatchesModelPattern(region, "useast-1"), false);
  EXPECT_EQ(MatchesModelPattern(region, "a-b-c-d-1"), false);
  EXPECT_EQ(MatchesModelPattern(region, "us-east-"), false);
  const std::string_view xks = "^[a-zA-Z0-9-_.]+$";
  EXPECT_EQ(MatchesModelPattern(xks, "ab-c_d.9"), true);
  EXPECT_EQ(MatchesModelPattern(xks, "a b"), false);
  const std::string_view desc = "^[a-zA-Z0-9:/_\\s.-]+$";
  EXPECT_EQ(MatchesModelPattern(desc, "rotation 2026: a/b_c.d-e"), true);
  EXPECT_EQ(MatchesModelPattern(desc, "a,b"), false);
  const std::string_view cluster = "cluster-[2-7a-zA-Z]{11,16}";
  EXPECT_EQ(MatchesModelPattern(cluster, "cluster-abcdefghijk"), true);
  EXPECT_EQ(MatchesModelPattern(cluster, "cluster-abcdefghij"), false);
  EXPECT_EQ(MatchesModelPattern(cluster, "cluster-abcdefghij1"), false);
}

TEST(PatternsTest, AliasName) {
  const std::string_view alias = "^[a-zA-Z0-9:/_-]+$";
  EXPECT_EQ(MatchesModelPattern(alias, "alias/Example_Key-1"), true);
  EXPECT_EQ(MatchesModelPattern(alias, "alias/a:b"), true);  // the model allows ':'
  EXPECT_EQ(MatchesModelPattern(alias, "alias/a.b"), false);
  EXPECT_EQ(MatchesModelPattern(alias, "alias/a b"), false);
  EXPECT_EQ(MatchesModelPattern(alias, ""), false);
}

TEST(PatternsTest, UnknownPatternIsNullopt) {
  EXPECT_FALSE(MatchesModelPattern("^x+$", "x").has_value());
}

}  // namespace
}  // namespace kc::contract
