#include "mock_kms/model/key_id.h"

#include <gtest/gtest.h>

namespace kc::mock {
namespace {

constexpr std::string_view kUuid = "1234abcd-12ab-34cd-56ef-1234567890ab";

TEST(KeyId, ParsesEveryForm) {  // proto.key-id-forms
  KeyRef r = ParseKeyRef(kUuid);
  EXPECT_EQ(r.kind, KeyRefKind::kKeyId);
  EXPECT_EQ(r.resource, kUuid);

  r = ParseKeyRef("mrk-1234abcd12ab34cd56ef1234567890ab");
  EXPECT_EQ(r.kind, KeyRefKind::kKeyId);

  r = ParseKeyRef("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(r.kind, KeyRefKind::kKeyArn);
  EXPECT_EQ(r.region, "eu-west-1");
  EXPECT_EQ(r.account, "111122223333");
  EXPECT_EQ(r.resource, kUuid);

  r = ParseKeyRef("alias/ExampleAlias");
  EXPECT_EQ(r.kind, KeyRefKind::kAliasName);
  EXPECT_EQ(r.resource, "alias/ExampleAlias");

  r = ParseKeyRef("arn:aws:kms:us-east-1:111122223333:alias/ExampleAlias");
  EXPECT_EQ(r.kind, KeyRefKind::kAliasArn);
  EXPECT_EQ(r.resource, "alias/ExampleAlias");
}

TEST(KeyId, RefusesMalformedIds) {
  for (std::string_view bad : {
           "",
           "not-a-key",
           "1234abcd-12ab-34cd-56ef-1234567890a",    // one short
           "1234abcd-12ab-34cd-56ef-1234567890abc",  // one long
           "1234abcd_12ab-34cd-56ef-1234567890ab",   // wrong separator
           "1234abcg-12ab-34cd-56ef-1234567890ab",   // not hex
           "mrk-1234",
           "alias/",
           "alias/bad name",
           "arn:aws:kms:us-east-1:111122223333:key/not-a-uuid",
           "arn:aws:kms:us-east-1:1111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
           "arn:aws:s3:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
           "arn:aws:kms::111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
           "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab:x",
       }) {
    EXPECT_EQ(ParseKeyRef(bad).kind, KeyRefKind::kMalformed) << bad;
  }
}

TEST(KeyId, BuildsArnsPerPartition) {
  EXPECT_EQ(KeyArn("us-east-1", "111122223333", kUuid),
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(KeyArn("cn-north-1", "111122223333", kUuid).substr(0, 11), "arn:aws-cn:");
  EXPECT_EQ(AliasArn("us-east-1", "111122223333", "alias/x"),
            "arn:aws:kms:us-east-1:111122223333:alias/x");
}

TEST(KeyId, NewKeyIdsAreUuidV4OrMrk) {
  const Bytes r(16, 0xff);
  const std::string id = NewKeyId(r, false);
  EXPECT_EQ(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
  EXPECT_TRUE(IsKeyId(id));
  const std::string mrk = NewKeyId(r, true);
  EXPECT_EQ(mrk, "mrk-ffffffffffffffffffffffffffffffff");
  EXPECT_TRUE(IsKeyId(mrk));
}

}  // namespace
}  // namespace kc::mock
