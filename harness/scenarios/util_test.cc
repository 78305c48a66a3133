#include "harness/scenarios/util.h"

#include <gtest/gtest.h>

namespace kc::scenarios {
namespace {

constexpr const char* kArn =
    "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

TEST(UtilTest, ArnParts) {
  EXPECT_EQ(ArnRegion(kArn), "us-east-1");
  EXPECT_EQ(ArnAccount(kArn), "111122223333");
  EXPECT_EQ(ArnWithRegion(kArn, "eu-west-1"),
            "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(ArnWithAccount(kArn, "999988887777"),
            "arn:aws:kms:us-east-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(ArnWithKeyId(kArn, "k"), "arn:aws:kms:us-east-1:111122223333:key/k");
  EXPECT_EQ(AliasArn(kArn, "x"), "arn:aws:kms:us-east-1:111122223333:alias/x");
  EXPECT_EQ(ArnRegion("not-an-arn"), "");
  EXPECT_EQ(ArnWithRegion("not-an-arn", "x"), "not-an-arn");
  EXPECT_NE(OtherAccountThan("999988887777"), "999988887777");
  EXPECT_NE(OtherAccountThan("111122223333"), "111122223333");
}

TEST(UtilTest, JsonString) { EXPECT_EQ(JsonString("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\""); }

}  // namespace
}  // namespace kc::scenarios
