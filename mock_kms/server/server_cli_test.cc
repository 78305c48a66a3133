#include "mock_kms/server/server_cli.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <tuple>
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

Result<CliCommand> ParseEnv(const std::vector<std::string_view>& args, Environment env) {
  return ParseCommandLine(args, env);
}

std::string EnvErrorOf(std::vector<std::string_view> args, Environment env) {
  auto r = ParseEnv(args, std::move(env));
  return r.ok() ? "<ok>" : r.status().message();
}

TEST(ServerCli, Defaults) {
  auto c = Parse({});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->action, CliCommand::Action::kServe);
  EXPECT_EQ(c->options.host, "127.0.0.1");
  EXPECT_EQ(c->options.port, kDefaultPort);
  EXPECT_EQ(c->options.port, 9566) << "the documented default (README, --help)";
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
  EXPECT_EQ(Parse({"--version"})->action, CliCommand::Action::kVersion);
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
  const std::string env_error = EnvErrorOf({}, {{"MOCK_KMS_CREDENTIALS", path.string()}});
  EXPECT_TRUE(env_error.starts_with("MOCK_KMS_CREDENTIALS " + path.string() + ": credentials line 1"))
      << env_error;
  EXPECT_EQ(env_error.find("hunter2"), std::string::npos) << env_error;
  {
    std::ofstream out(path);
    out << "AKIDA hunter2 111111111111\n";
  }
  auto from_env = ParseEnv({}, {{"MOCK_KMS_AUTH", "sigv4"}, {"MOCK_KMS_CREDENTIALS", path.string()}});
  ASSERT_TRUE(from_env.ok()) << from_env.status().ToString();
  EXPECT_EQ(from_env->options.identities.size(), 1u);
  std::filesystem::remove(path);
}

TEST(ServerCliEnvironment, EveryVariable) {
  auto c = ParseEnv({}, {{"MOCK_KMS_HOST", "127.0.0.2"},
                         {"MOCK_KMS_PORT", "8081"},
                         {"MOCK_KMS_PROFILE", "2026"},
                         {"MOCK_KMS_REGION", "eu-west-1"},
                         {"MOCK_KMS_AUTH", "none"},
                         {"MOCK_KMS_STATE_DIR", "/tmp/s"},
                         {"MOCK_KMS_KEY_POOL", "3"},
                         {"MOCK_KMS_KEY_CACHE", "/tmp/k"},
                         {"MOCK_KMS_FAULT", "ikm.token-expired"},
                         {"MOCK_KMS_TEST_HOOKS", "1"},
                         {"MOCK_KMS_FIXED_WRAPPING_KEYS", "4"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->options.host, "127.0.0.2");
  EXPECT_EQ(c->options.port, 8081);
  EXPECT_EQ(c->options.profile, contract::Profile::k2026);
  EXPECT_EQ(c->options.region, "eu-west-1");
  EXPECT_EQ(c->options.auth, AuthMode::kNone);
  EXPECT_EQ(c->options.state_dir, std::filesystem::path("/tmp/s"));
  EXPECT_EQ(c->options.key_pool, 3);
  EXPECT_EQ(c->options.key_cache, std::filesystem::path("/tmp/k"));
  EXPECT_EQ(c->options.fault, Fault::kIkmTokenExpired);
  EXPECT_TRUE(c->options.test_hooks);
  EXPECT_EQ(c->options.fixed_wrapping_keys, 4);
  EXPECT_TRUE(c->warnings.empty());
}

TEST(ServerCliEnvironment, TheHelpNamesEveryFlagAndItsVariable) {
  // The variable of a flag is MOCK_KMS_ + the flag's name in capitals (EveryVariable reads
  // each one).
  for (std::string_view flag : {"--host", "--port", "--profile", "--region", "--auth",
                                "--credentials", "--state-dir", "--key-pool", "--key-cache",
                                "--fault", "--test-hooks", "--fixed-wrapping-keys"}) {
    std::string env = "MOCK_KMS_";
    for (const char ch : flag.substr(2)) {
      env += ch == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    EXPECT_NE(UsageText().find(std::string(flag)), std::string::npos) << flag;
    EXPECT_NE(UsageText().find(env), std::string::npos) << env;
  }
  EXPECT_NE(UsageText().find("(default 9566)"), std::string::npos);
  EXPECT_NE(UsageText().find("/_mock/health"), std::string::npos);
}

TEST(ServerCliEnvironment, FlagsWinOverVariables) {
  auto c = ParseEnv({"--port", "0", "--profile", "2022", "--fault", "ikm.valid-to"},
                    {{"MOCK_KMS_PORT", "8081"},
                     {"MOCK_KMS_PROFILE", "2026"},
                     {"MOCK_KMS_FAULT", "ikm.token-expired"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->options.port, 0);
  EXPECT_EQ(c->options.profile, contract::Profile::k2022);
  EXPECT_EQ(c->options.fault, Fault::kIkmValidTo);
  // A bad variable under a flag is not read at all.
  EXPECT_TRUE(ParseEnv({"--port", "0"}, {{"MOCK_KMS_PORT", "http"}}).ok());
  // --test-hooks wins over MOCK_KMS_TEST_HOOKS=0.
  EXPECT_TRUE(ParseEnv({"--test-hooks"}, {{"MOCK_KMS_TEST_HOOKS", "0"}})->options.test_hooks);
}

TEST(ServerCliEnvironment, EmptyVariableIsUnset) {
  auto c = ParseEnv({}, {{"MOCK_KMS_PORT", ""}, {"MOCK_KMS_HOST", ""}, {"MOCK_KMS_FAULT", ""}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->options.port, kDefaultPort);
  EXPECT_EQ(c->options.host, "127.0.0.1");
  EXPECT_EQ(c->options.fault, Fault::kNone);
}

TEST(ServerCliEnvironment, BadVariableGetsTheFlagsMessage) {
  const std::vector<std::tuple<std::string_view, std::string, std::string_view>> cases = {
      {"--port", "MOCK_KMS_PORT", "http"},
      {"--port", "MOCK_KMS_PORT", "70000"},
      {"--profile", "MOCK_KMS_PROFILE", "2024"},
      {"--auth", "MOCK_KMS_AUTH", "basic"},
      {"--fault", "MOCK_KMS_FAULT", "ikm.nope"},
      {"--key-pool", "MOCK_KMS_KEY_POOL", "1x"},
      {"--credentials", "MOCK_KMS_CREDENTIALS", "/nonexistent/creds"},
      {"--region", "MOCK_KMS_REGION", "US EAST"},
      {"--host", "MOCK_KMS_HOST", "no such host!"},
      {"--fixed-wrapping-keys", "MOCK_KMS_FIXED_WRAPPING_KEYS", "0"},
  };
  for (const auto& [flag, env, value] : cases) {
    std::string want = ErrorOf({flag, value});
    ASSERT_NE(want, "<ok>") << flag;
    want.replace(0, flag.size(), env);
    EXPECT_EQ(EnvErrorOf({}, {{env, std::string(value)}}), want) << env << "=" << value;
  }
  EXPECT_EQ(EnvErrorOf({}, {{"MOCK_KMS_TEST_HOOKS", "maybe"}}),
            "MOCK_KMS_TEST_HOOKS: 'maybe' is not a switch (1, true, yes, on or 0, false, no, off)");
  EXPECT_NE(EnvErrorOf({}, {{"MOCK_KMS_FAULT", "list"}}).find("--fault list"), std::string::npos);
  // A check across options names the variables it read.
  const std::string sigv4 = EnvErrorOf({}, {{"MOCK_KMS_AUTH", "sigv4"}});
  EXPECT_NE(sigv4.find("--credentials"), std::string::npos) << sigv4;
  EXPECT_NE(sigv4.find("set from the environment: MOCK_KMS_AUTH"), std::string::npos) << sigv4;
  const std::string fixed = EnvErrorOf({}, {{"MOCK_KMS_FIXED_WRAPPING_KEYS", "8"}});
  EXPECT_TRUE(fixed.starts_with("MOCK_KMS_FIXED_WRAPPING_KEYS needs MOCK_KMS_TEST_HOOKS=1"))
      << fixed;
  EXPECT_TRUE(ParseEnv({}, {{"MOCK_KMS_FIXED_WRAPPING_KEYS", "8"}, {"MOCK_KMS_TEST_HOOKS", "on"}})
                  .ok());
}

TEST(ServerCliEnvironment, KubernetesServiceLinks) {
  // A Service named mock-kms makes Kubernetes set MOCK_KMS_PORT=tcp://IP:PORT and friends.
  const std::string error = EnvErrorOf({}, {{"MOCK_KMS_PORT", "tcp://10.0.0.7:9566"}});
  EXPECT_TRUE(error.starts_with("MOCK_KMS_PORT: 'tcp://10.0.0.7:9566' is not a port number"))
      << error;
  EXPECT_NE(error.find("enableServiceLinks: false"), std::string::npos) << error;
  auto c = ParseEnv({"--port", "9566"}, {{"MOCK_KMS_PORT", "tcp://10.0.0.7:9566"},
                                         {"MOCK_KMS_PORT_9566_TCP_ADDR", "10.0.0.7"},
                                         {"MOCK_KMS_SERVICE_HOST", "10.0.0.7"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->warnings.empty()) << c->warnings.front();
}

TEST(ServerCliEnvironment, UnknownVariableIsAWarning) {
  auto c = ParseEnv({}, {{"MOCK_KMS_PROFLE", "2026"}, {"OTHER_VARIABLE", "x"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->warnings.size(), 1u);
  EXPECT_NE(c->warnings[0].find("ignoring MOCK_KMS_PROFLE"), std::string::npos) << c->warnings[0];
  EXPECT_EQ(c->options.profile, contract::Profile::k2022);
}

TEST(ServerCli, HostThatIsNotLoopbackIsAWarning) {
  for (std::string_view host : {"127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"}) {
    auto c = Parse({"--host", host});
    ASSERT_TRUE(c.ok()) << host;
    EXPECT_TRUE(c->warnings.empty()) << host;
  }
  for (std::string_view host : {"0.0.0.0", "::", "192.0.2.1", "example.com", "128.0.0.1"}) {
    auto c = Parse({"--host", host});
    ASSERT_TRUE(c.ok()) << host;
    ASSERT_EQ(c->warnings.size(), 1u) << host;
    EXPECT_NE(c->warnings[0].find("not a loopback address"), std::string::npos) << host;
    EXPECT_NE(c->warnings[0].find("--auth none"), std::string::npos) << host;
  }
  auto env = ParseEnv({}, {{"MOCK_KMS_HOST", "0.0.0.0"}});
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->warnings.size(), 1u);
}

}  // namespace
}  // namespace kc::mock
