#include "harness/scenarios/reproducer.h"

#include <gtest/gtest.h>

namespace kc::scenarios {
namespace {

TEST(ReproducerTest, ScriptHasAHeaderNoSecretsAndSubstitutedValues) {
  Reproducer r("ikm.token-bound-to-key", "http://127.0.0.1:4566", "us-east-1");
  r.Bind("arn:aws:kms:us-east-1:111122223333:key/abc", "A_ARN");
  r.Bind("abc", "A");
  r.Line("kms describe-key --key-id \"" + r.Substitute("arn:aws:kms:us-east-1:111122223333:key/abc") +
         "\"");
  r.Expect("NotFoundException");
  const std::string s = r.Script();
  EXPECT_TRUE(s.starts_with("#!/bin/sh\n"));
  EXPECT_NE(s.find("EP='http://127.0.0.1:4566'"), std::string::npos);
  EXPECT_NE(s.find("kms describe-key --key-id \"${A_ARN}\""), std::string::npos);
  EXPECT_NE(s.find("AWS_SECRET_ACCESS_KEY=\"${AWS_SECRET_ACCESS_KEY:-test}\""), std::string::npos);
  EXPECT_EQ(s.find("kms_other"), std::string::npos);
}

TEST(ReproducerTest, RawBodiesAreEscapedForAHereDocument) {
  Reproducer r("proto.malformed-json", "http://h", "us-east-1");
  r.Bind("key-1", "K");
  r.Raw("TrentService.DescribeKey", "{\"KeyId\":\"key-1\",\"x\":\"$HOME `id` \\\\\"}",
        "application/x-amz-json-1.1", true);
  const std::string s = r.Script();
  EXPECT_NE(s.find("{\"KeyId\":\"${K}\",\"x\":\"\\$HOME \\`id\\` \\\\\\\\\"}"), std::string::npos)
      << s;
  EXPECT_NE(s.find("--aws-sigv4"), std::string::npos);
  EXPECT_NE(s.find("-H 'X-Amz-Target: TrentService.DescribeKey'"), std::string::npos);
}

TEST(ReproducerTest, BinaryBodiesArePrintedWithOctalEscapes) {
  Reproducer r("proto.malformed-json", "http://h", "us-east-1");
  r.Raw("TrentService.DescribeKey", std::string("\x00\xff{'%\\", 6), "application/x-amz-json-1.1",
        false);
  const std::string s = r.Script();
  EXPECT_NE(s.find("printf '\\000\\377{\\047\\045\\134' | curl"), std::string::npos) << s;
  EXPECT_EQ(s.find(std::string(1, '\0')), std::string::npos);
  EXPECT_EQ(s.find("--aws-sigv4"), std::string::npos);
}

TEST(ReproducerTest, ShellQuote) {
  EXPECT_EQ(ShellQuote("a b"), "'a b'");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
}

TEST(ReproducerTest, WrapCommandsMatchTheAlgorithm) {
  using WA = contract::WrappingAlgorithm;
  auto oaep = OpensslWrapCommands(WA::kRsaesOaepSha256, "p", "i", "o");
  ASSERT_EQ(oaep.size(), 1u);
  EXPECT_NE(oaep[0].find("rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256"), std::string::npos);
  auto sha1 = OpensslWrapCommands(WA::kRsaesOaepSha1, "p", "i", "o");
  EXPECT_NE(sha1[0].find("rsa_oaep_md:sha1 -pkeyopt rsa_mgf1_md:sha1"), std::string::npos);
  auto pkcs1 = OpensslWrapCommands(WA::kRsaesPkcs1V15, "p", "i", "o");
  EXPECT_NE(pkcs1[0].find("rsa_padding_mode:pkcs1"), std::string::npos);
  auto kwp = OpensslWrapCommands(WA::kRsaAesKeyWrapSha256, "p", "i", "o");
  ASSERT_EQ(kwp.size(), 4u);
  EXPECT_NE(kwp[2].find("-id-aes256-wrap-pad"), std::string::npos);
}

}  // namespace
}  // namespace kc::scenarios
