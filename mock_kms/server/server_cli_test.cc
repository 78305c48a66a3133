#include "mock_kms/server/server_cli.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <gtest/gtest.h>

namespace kc::mock {
namespace {

Result<CliCommand> Parse(const std::vector<std::string_view>& args) {
  return ParseCommandLine(args);
}

std::string ErrorOf(std::vector<std::string_view> args) {
  auto r = Parse(args);
  return r.ok() ? "<ok>" : r.status().message();
}

TEST(ServerCli, Defaults) {
  auto c = Parse({});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->action, CliCommand::Action::kServe);
  EXPECT_EQ(c->options.host, "127.0.0.1");
  EXPECT_EQ(c->options.port, 0);
  EXPECT_EQ(c->options.profile, contract::Profile::k2022);
  EXPECT_EQ(c->options.region, "us-east-1");
  EXPECT_EQ(c->options.auth, AuthMode::kNone);
  EXPECT_EQ(c->options.fault, Fault::kNone);
  EXPECT_FALSE(c->options.test_hooks);
  EXPECT_EQ(c->options.fixed_wrapping_keys, 0) << "off unless asked for";
}

TEST(ServerCli, EveryFlag) {
  auto c = Parse({"--host", "0.0.0.0", "--port=8080", "--profile", "2026", "--region", "eu-west-1",
                  "--state-dir", "/tmp/s", "--key-pool", "3", "--key-cache", "/tmp/k", "--fault",
                  "ikm.token-expired", "--test-hooks"});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->options.host, "0.0.0.0");
  EXPECT_EQ(c->options.port, 8080);
  EXPECT_EQ(c->options.profile, contract::Profile::k2026);
  EXPECT_EQ(c->options.region, "eu-west-1");
  EXPECT_EQ(c->options.state_dir, std::filesystem::path("/tmp/s"));
  EXPECT_EQ(c->options.key_pool, 3);
  EXPECT_EQ(c->options.key_cache, std::filesystem::path("/tmp/k"));
  EXPECT_EQ(c->options.fault, Fault::kIkmTokenExpired);
  EXPECT_TRUE(c->options.test_hooks);
}

TEST(ServerCli, FixedWrappingKeysWithTestHooks) {
  for (const auto& args :
       std::vector<std::vector<std::string_view>>{{"--test-hooks", "--fixed-wrapping-keys", "8"},
                                                  {"--fixed-wrapping-keys=8", "--test-hooks"}}) {
    auto c = Parse(args);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    EXPECT_EQ(c->options.fixed_wrapping_keys, 8);
  }
  EXPECT_EQ(Parse({"--test-hooks", "--fixed-wrapping-keys", "1"})->options.fixed_wrapping_keys, 1);
  EXPECT_EQ(Parse({"--test-hooks", "--fixed-wrapping-keys", "1024"})->options.fixed_wrapping_keys,
            1024);
}

TEST(ServerCli, FixedWrappingKeysRefusedWithoutTestHooks) {
  // gpfi.fresh-wrapping-key: an emulator a user relies on must never reuse pairs silently.
  const std::string error = ErrorOf({"--fixed-wrapping-keys", "8"});
  EXPECT_NE(error.find("--fixed-wrapping-keys needs --test-hooks"), std::string::npos) << error;
  EXPECT_NE(error.find("gpfi.fresh-wrapping-key"), std::string::npos) << error;
}

TEST(ServerCli, FixedWrappingKeysOutOfRange) {
  for (std::string_view bad : {"0", "1025", "-1", "8x", "", "eight"}) {
    const std::string error = ErrorOf({"--test-hooks", "--fixed-wrapping-keys", bad});
    EXPECT_NE(error.find("--fixed-wrapping-keys: '" + std::string(bad) +
                         "' is not a number of key pairs (1..1024)"),
              std::string::npos)
        << bad << ": " << error;
  }
  EXPECT_NE(ErrorOf({"--test-hooks", "--fixed-wrapping-keys"}).find("needs a value"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--test-hooks", "--fixed-wrapping-keys", "2", "--fixed-wrapping-keys", "3"})
                .find("more than once"),
            std::string::npos);
}

TEST(ServerCli, HelpAndFaultList) {
  EXPECT_EQ(Parse({"--help"})->action, CliCommand::Action::kHelp);
  EXPECT_EQ(Parse({"--port", "1", "--help"})->action, CliCommand::Action::kHelp);
  EXPECT_EQ(Parse({"--fault", "list"})->action, CliCommand::Action::kListFaults);
  EXPECT_NE(UsageText().find("--key-cache FILE"), std::string::npos);
  EXPECT_NE(UsageText().find("--fixed-wrapping-keys N"), std::string::npos);
  EXPECT_NE(UsageText().find("CreateAlias, DeleteAlias, ListAliases, UpdateAlias"),
            std::string::npos);
}

TEST(ServerCli, BadFlags) {
  EXPECT_NE(ErrorOf({"--bogus"}).find("unknown flag --bogus"), std::string::npos);
  EXPECT_NE(ErrorOf({"stray"}).find("unknown argument stray"), std::string::npos);
  EXPECT_NE(ErrorOf({"--port"}).find("--port needs a value"), std::string::npos);
  EXPECT_NE(ErrorOf({"--port", "abc"}).find("not a port"), std::string::npos);
  EXPECT_NE(ErrorOf({"--port", "70000"}).find("not a port"), std::string::npos);
  EXPECT_NE(ErrorOf({"--port", "-1"}).find("not a port"), std::string::npos);
  EXPECT_NE(ErrorOf({"--profile", "2024"}).find("not a profile"), std::string::npos);
  EXPECT_NE(ErrorOf({"--auth", "basic"}).find("not an auth mode"), std::string::npos);
  EXPECT_NE(ErrorOf({"--fault", "ikm.nope"}).find("not a fault"), std::string::npos);
  EXPECT_NE(ErrorOf({"--key-pool", "1x"}).find("--key-pool"), std::string::npos);
  EXPECT_NE(ErrorOf({"--region", "US EAST"}).find("--region"), std::string::npos);
  EXPECT_NE(ErrorOf({"--port", "1", "--port", "2"}).find("more than once"), std::string::npos);
  EXPECT_NE(ErrorOf({"--test-hooks=yes"}).find("takes no value"), std::string::npos);
  EXPECT_NE(ErrorOf({"--auth", "sigv4"}).find("--credentials"), std::string::npos);
  EXPECT_NE(ErrorOf({"--credentials", "/nonexistent/creds"}).find("cannot read"),
            std::string::npos);
}

TEST(ServerCli, CredentialsFile) {
  const auto path =
      std::filesystem::temp_directory_path() / ("mock_kms_cli_test_" + std::to_string(::getpid()));
  {
    std::ofstream out(path);
    out << "AKIDA hunter2 111111111111\n";
  }
  auto c = Parse({"--auth", "sigv4", "--credentials", path.c_str()});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->options.identities.size(), 1u);
  EXPECT_EQ(c->options.auth, AuthMode::kSigV4);
  {
    std::ofstream out(path);
    out << "AKIDA hunter2\n";
  }
  const std::string error = ErrorOf({"--credentials", path.c_str()});
  EXPECT_NE(error.find("line 1"), std::string::npos) << error;
  EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace kc::mock
