#include "harness/scenarios/reproducer.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace kc::scenarios {
namespace {

TEST(ReproducerTest, ScriptHasAHeaderNoSecretsAndSubstitutedValues) {
  Reproducer r("ikm.token-bound-to-key", "http://127.0.0.1:4566", "us-east-1");
  r.Bind("arn:aws:kms:us-east-1:111122223333:key/abc", "A_ARN");
  r.Bind("abc", "A");
  const int step = r.Call(StepKind::kProbe,
                          "kms describe-key --key-id \"" +
                              r.Substitute("arn:aws:kms:us-east-1:111122223333:key/abc") + "\"");
  r.Expect(step, "error:NotFoundException");
  const std::string s = r.Script();
  EXPECT_TRUE(s.starts_with("#!/bin/sh\n"));
  EXPECT_NE(s.find("EP=\"${KC_ENDPOINT:-http://127.0.0.1:4566}\""), std::string::npos);
  EXPECT_NE(s.find("kc_run probe 'error:NotFoundException' -- kms describe-key --key-id "
                   "\"${A_ARN}\""),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("AWS_SECRET_ACCESS_KEY=\"${AWS_SECRET_ACCESS_KEY:-test}\""), std::string::npos);
  EXPECT_EQ(s.find("kms_other"), std::string::npos);
  EXPECT_TRUE(s.ends_with("kc_finish\n"));
}

TEST(ReproducerTest, RawBodiesAreEscapedForAHereDocument) {
  Reproducer r("proto.malformed-json", "http://h", "us-east-1");
  r.Bind("key-1", "K");
  r.Raw(StepKind::kProbe, "TrentService.DescribeKey",
        "{\"KeyId\":\"key-1\",\"x\":\"$HOME `id` \\\\\"}", "application/x-amz-json-1.1", true);
  const std::string s = r.Script();
  EXPECT_NE(s.find("{\"KeyId\":\"${K}\",\"x\":\"\\$HOME \\`id\\` \\\\\\\\\"}"), std::string::npos)
      << s;
  EXPECT_NE(s.find("--aws-sigv4"), std::string::npos);
  EXPECT_NE(s.find("-H 'X-Amz-Target: TrentService.DescribeKey'"), std::string::npos);
}

TEST(ReproducerTest, BinaryBodiesArePrintedWithOctalEscapes) {
  Reproducer r("proto.malformed-json", "http://h", "us-east-1");
  r.Raw(StepKind::kProbe, "TrentService.DescribeKey", std::string("\x00\xff{'%\\", 6),
        "application/x-amz-json-1.1", false);
  const std::string s = r.Script();
  EXPECT_NE(s.find("printf '\\000\\377{\\047\\045\\134' > \"$W/body\""), std::string::npos) << s;
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

// ---- the script's own judgement, against a fake AWS CLI ----

struct ScriptRun {
  int code = -1;
  std::string out;
};

// RunWithFakeAws: runs the script with $AWS a fake CLI that answers every call as `answer`
// says: "ok" (exit 0, prints "K1 arn:K1"), "400 T" (AWS error T), "500 T", "500" (a 5xx
// without an AWS error type), "dropped" or "refused" (connection errors).
ScriptRun RunWithFakeAws(const Reproducer& r, const std::string& answers) {
  static int counter = 0;
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      ("kc-repro-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
  std::filesystem::create_directories(dir);
  {
    std::ofstream fake(dir / "aws");
    fake
        << "#!/bin/sh\n"
           "n=$(cat \""
        << (dir / "n").string()
        << "\" 2>/dev/null || echo 0); n=$((n + 1)); "
           "echo $n > \""
        << (dir / "n").string()
        << "\"\n"
           "set -- "
        << answers
        << "\n"
           "i=1; for a in \"$@\"; do [ $i -eq $n ] && answer=$a; i=$((i + 1)); done\n"
           "case \"$answer\" in\n"
           "  ok) echo 'K1 arn:K1'; exit 0 ;;\n"
           "  dropped) echo 'Connection was closed before we received a valid response from "
           "endpoint URL' >&2; exit 255 ;;\n"
           "  refused) echo 'Could not connect to the endpoint URL: \"http://x/\"' >&2; exit 255 "
           ";;\n"
           "  *:*) status=${answer%%:*}; type=${answer#*:}\n"
           "       echo \"x - urllib3 - DEBUG - http://x \\\"POST / HTTP/1.1\\\" $status 10\" >&2\n"
           "       echo \"An error occurred ($type) when calling the Op operation: msg\" >&2; "
           "exit 254 ;;\n"
           "esac\n";
  }
  std::filesystem::permissions(dir / "aws", std::filesystem::perms::owner_all);
  std::ofstream(dir / "repro.sh") << r.Script();
  const std::string cmd = "AWS='" + (dir / "aws").string() + "' sh '" +
                          (dir / "repro.sh").string() + "' > '" + (dir / "out").string() + "' 2>&1";
  ScriptRun run;
  const int status = std::system(cmd.c_str());
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(dir / "out");
  run.out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  std::filesystem::remove_all(dir);
  return run;
}

Reproducer OneProbe() {
  Reproducer r("ikm.token-bound-to-key", "http://127.0.0.1:1", "us-east-1");
  r.Heading("setup: a key");
  r.Call(StepKind::kSetup, "kms create-key --query x --output text");
  r.Heading("probe: A's token into B");
  const int probe = r.Call(StepKind::kProbe, "kms import-key-material --key-id B");
  r.Expect(probe, "error:InvalidImportTokenException");
  r.Heading("control c1: A's token into A");
  r.Call(StepKind::kControl, "kms import-key-material --key-id A");
  r.Verdict({"pass: 1 check passed"});
  return r;
}

TEST(ReproducerScriptTest, ExitsZeroWhenTheTargetConforms) {
  const ScriptRun run = RunWithFakeAws(OneProbe(), "ok 400:InvalidImportTokenException ok");
  EXPECT_EQ(run.code, 0) << run.out;
  EXPECT_NE(run.out.find("AWS:    refuses it with InvalidImportTokenException"), std::string::npos)
      << run.out;
  EXPECT_NE(
      run.out.find("target: refused with InvalidImportTokenException (HTTP 400): msg [as AWS]"),
      std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("kmsconform's verdict in the run:"), std::string::npos);
  EXPECT_NE(run.out.find("the target conforms (exit 0)"), std::string::npos);
}

TEST(ReproducerScriptTest, ExitsOneWhenTheDepartureShows) {
  const ScriptRun accepted = RunWithFakeAws(OneProbe(), "ok ok ok");
  EXPECT_EQ(accepted.code, 1) << accepted.out;
  EXPECT_NE(accepted.out.find("target: accepted (HTTP 200) [DEPARTS from AWS]"), std::string::npos)
      << accepted.out;
  const ScriptRun wrong_type = RunWithFakeAws(OneProbe(), "ok 400:ValidationException ok");
  EXPECT_EQ(wrong_type.code, 1) << wrong_type.out;
  // A 5xx and a dropped connection print as such, never as "refused".
  const ScriptRun server_error = RunWithFakeAws(OneProbe(), "ok 500:500 ok");
  EXPECT_EQ(server_error.code, 1) << server_error.out;
  EXPECT_NE(server_error.out.find("HTTP 500 without an AWS error type [DEPARTS"), std::string::npos)
      << server_error.out;
  const ScriptRun internal = RunWithFakeAws(OneProbe(), "ok 500:KMSInternalException ok");
  EXPECT_NE(internal.out.find("target: HTTP 500 KMSInternalException"), std::string::npos)
      << internal.out;
  const ScriptRun dropped = RunWithFakeAws(OneProbe(), "ok dropped ok");
  EXPECT_EQ(dropped.code, 1);
  EXPECT_NE(dropped.out.find("no reply: the connection was dropped [DEPARTS"), std::string::npos)
      << dropped.out;
  EXPECT_EQ(dropped.out.find("refused with"), std::string::npos);
}

TEST(ReproducerScriptTest, ExitsTwoWhenItCannotRunOrJudge) {
  const ScriptRun unreachable = RunWithFakeAws(OneProbe(), "refused");
  EXPECT_EQ(unreachable.code, 2) << unreachable.out;
  EXPECT_NE(unreachable.out.find("could not run:"), std::string::npos) << unreachable.out;
  const ScriptRun setup = RunWithFakeAws(OneProbe(), "400:KMSInvalidStateException");
  EXPECT_EQ(setup.code, 2) << setup.out;
  EXPECT_NE(setup.out.find("this setup step failed"), std::string::npos) << setup.out;
  const ScriptRun control = RunWithFakeAws(
      OneProbe(), "ok 400:InvalidImportTokenException 400:ExpiredImportTokenException");
  EXPECT_EQ(control.code, 2) << control.out;
  EXPECT_NE(control.out.find("the control failed"), std::string::npos) << control.out;
}

}  // namespace
}  // namespace kc::scenarios
