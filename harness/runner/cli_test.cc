#include "harness/runner/cli.h"

#include <cstdio>
#include <cstdlib>
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

namespace kc::runner {
namespace {

struct Captured {
  int code;
  std::string out;
  std::string err;
};

Captured RunMain(std::vector<std::string_view> args) {
  char* out_buf = nullptr;
  char* err_buf = nullptr;
  std::size_t out_len = 0, err_len = 0;
  std::FILE* out = open_memstream(&out_buf, &out_len);
  std::FILE* err = open_memstream(&err_buf, &err_len);
  const int code = Main(args, out, err);
  std::fclose(out);
  std::fclose(err);
  Captured c{code, std::string(out_buf, out_len), std::string(err_buf, err_len)};
  std::free(out_buf);
  std::free(err_buf);
  return c;
}

TEST(CliTest, BadFlagsExitTwoWithAMessage) {
  const std::vector<std::pair<std::vector<std::string_view>, std::string>> cases = {
      {{"run", "--bogus"}, "run: unknown flag '--bogus'"},
      {{"run", "--timout", "3"}, "unknown flag '--timout' (did you mean --timeout?)"},
      {{"run", "--end", "http://x"}, "(did you mean --endpoint?)"},
      {{"run", "localhost:4566"}, "run: unexpected argument 'localhost:4566'"},
      {{"run", "--profile", "2024"}, "--profile must be 2022 or 2026"},
      {{"run", "--profile"}, "--profile needs a value"},
      {{"run", "--region", "--jobs", "2"}, "--region needs a value"},
      {{"run", "--keep-keys=yes"}, "--keep-keys takes no value"},
      {{"run", "--jobs", "0"}, "--jobs: '0' is not an integer from 1 to 64"},
      {{"run", "--jobs", "x"}, "--jobs: 'x' is not an integer"},
      {{"run", "--timeout", "-1"}, "--timeout: '-1' is not a positive number"},
      {{"run", "--seed", "abc"}, "--seed: 'abc' is not an integer"},
      {{"run", "--endpoint", "localhost:4566"}, "is not an http:// or https:// URL"},
      {{"run", "--spawn", "moto_server"}, "the command must contain {port}"},
      {{"run", "--endpoint", "http://x", "--spawn", "a {port}"}, "give one target"},
      {{"run", "--clock", "faketime"}, "--clock applies to --endpoint and --spawn"},
      {{"run", "--endpoint", "http://x", "--clock", "sometimes"}, "--clock must be none"},
      {{"run", "--spawn-timeout", "5"}, "--spawn-timeout applies to --spawn only"},
      {{"run", "--endpoint", "http://x", "--other-account-key", "nocolon"},
       "must be ACCESS_KEY_ID:SECRET"},
      {{"run", "--other-account-key", "a:b"}, "applies to --endpoint and --spawn"},
      {{"run", "--endpoint", "http://x", "--key-cache", "f"}, "apply to the embedded mock only"},
      {{"run", "--only", "ikm.nope"}, "--only: unknown rule id 'ikm.nope'"},
      {{"run", "--profile", "2026", "--only", "ikm.reimport-same-material"},
       "is not part of profile 2026"},
      {{"nope"}, "unknown command 'nope'"},
      {{"rules", "--profile", "x"}, "--profile must be 2022 or 2026"},
      {{"matrix", "a.json"}, "-o DIR is required"},
      {{"matrix", "-o", "d"}, "give at least one report.json"},
      {{"matrix", "/nonexistent/report.json", "-o", "/tmp/x"},
       "/nonexistent/report.json: no such file"},
      {{"matrix", "/tmp", "-o", "/tmp/x"},
       "/tmp/report.json: no such file (is /tmp a kmsconform "
       "report folder?)"},
      {{"explore", "--budget", "0"}, "--budget: '0' is not a positive number"},
      {{"explore", "--max-steps", "0"}, "--max-steps: '0' is not an integer from 1 to 1000"},
      {{"explore", "--endpoint", "http://x", "--in-process"},
       "--in-process applies to the embedded mock only"},
      {{"explore", "--compare-to", "localhost:1"}, "is not 'embedded' or an http://"},
      {{"explore", "--compare-spawn", "moto_server"}, "the command must contain {port}"},
      {{"explore", "--compare-name", "x"}, "need --compare-to or --compare-spawn"},
      {{"explore", "--compare-to", "embedded", "--compare-spawn", "a {port}"},
       "give one target to compare with"},
      {{"explore", "--compare-other-account-key", "x", "--compare-to", "http://x"},
       "must be ACCESS_KEY_ID:SECRET"},
      {{"rules", "--profil", "2022"}, "(did you mean --profile?)"},
      {{"fuzz", "--budget", "0"}, "--budget: '0' is not a positive number"},
      {{"fuzz", "--rate", "0"}, "--rate: '0' is not a positive number of requests per second"},
      {{"fuzz", "--rate", "fast"}, "--rate: 'fast' is not a positive number"},
      {{"fuzz", "--max-requests", "0"}, "--max-requests: '0' is not an integer from 1"},
      {{"fuzz", "--max-steps", "3"}, "fuzz: unknown flag '--max-steps'"},
      {{"fuzz", "--endpoint", "https://kms.us-east-1.amazonaws.com"},
       "speaks plain http:// only"},
      {{"fuzz", "--endpoint", "http://203.0.113.7:4566"},
       "is not a loopback address; give --allow-remote if you mean it"},
      {{"fuzz", "--endpoint", "http://127.0.0.1:4566/kms"}, "fuzz sends requests to / only"},
  };
  for (const auto& [args, message] : cases) {
    const Captured c = RunMain(args);
    EXPECT_EQ(c.code, 2) << args[0] << " " << (args.size() > 1 ? args[1] : "");
    EXPECT_NE(c.err.find(message), std::string::npos) << "stderr: " << c.err;
    EXPECT_TRUE(c.out.empty()) << c.out;
  }
}

TEST(CliTest, HelpVersionAndRules) {
  Captured help = RunMain({"--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("kmsconform run"), std::string::npos);
  EXPECT_EQ(RunMain({"run", "--help"}).code, 0);
  Captured version = RunMain({"--version"});
  EXPECT_EQ(version.code, 0);
  EXPECT_TRUE(version.out.starts_with("kmsconform "));
  // "kmsconform 0.1.0 (commit 1a2b3c4d5e6f)": the version and the commit of the build.
  EXPECT_TRUE(std::regex_match(
      version.out,
      std::regex(R"(kmsconform \d+\.\d+\.\d+ \(commit ([0-9a-f]{7,40}(-dirty)?|unknown)\)\n)")))
      << version.out;
  EXPECT_EQ(RunMain({}).code, 2);
  Captured rules = RunMain({"rules", "--profile", "2026"});
  EXPECT_EQ(rules.code, 0);
  EXPECT_NE(rules.out.find("ikm.token-bound-to-key"), std::string::npos);
  EXPECT_EQ(rules.out.find("ikm.reimport-same-material"), std::string::npos);
  EXPECT_NE(rules.out.find("documented"), std::string::npos);
  Captured all = RunMain({"rules"});
  EXPECT_NE(all.out.find("ikm.reimport-same-material"), std::string::npos);
  EXPECT_NE(help.out.find("kmsconform explore"), std::string::npos);
  EXPECT_EQ(RunMain({"explore", "--help"}).code, 0);
  EXPECT_NE(help.out.find("kmsconform fuzz"), std::string::npos);
  EXPECT_EQ(RunMain({"fuzz", "--help"}).code, 0);
  // Commands that do not exist are refused.
  Captured unknown = RunMain({"shrink"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("unknown command 'shrink' (commands: run, explore, fuzz"),
            std::string::npos);
}

// Every subcommand's --help lists exactly the flags its parser accepts, each with its text.
TEST(CliTest, EachCommandsHelpListsEveryFlagItsParserAccepts) {
  for (std::string_view command : {"run", "explore", "fuzz", "rules", "matrix"}) {
    const Captured help = RunMain({command, "--help"});
    EXPECT_EQ(help.code, 0) << command;
    std::set<std::string> in_help;
    for (std::size_t i = 0; (i = help.out.find('-', i)) != std::string::npos;) {
      // A flag at the start of a help line: "  --name VALUE  text" or "  -o DIR".
      const bool line_start =
          i >= 2 && help.out.compare(i - 2, 2, "  ") == 0 && (i == 2 || help.out[i - 3] == '\n');
      std::size_t end = i;
      while (end < help.out.size() && help.out[end] != ' ' && help.out[end] != '\n') ++end;
      if (line_start) in_help.insert(help.out.substr(i, end - i));
      i = end;
    }
    const std::vector<std::string_view> flags = CommandFlags(command);
    std::set<std::string> parsed(flags.begin(), flags.end());
    EXPECT_EQ(in_help, parsed) << command << " --help:\n" << help.out;
    // Every flag with a value shows it in the help (parsed only: nothing runs).
    for (std::string_view flag : flags) {
      if (flag == "--help") continue;
      std::string message;
      if (command == "run") {
        auto run_options = ParseRunOptions({flag});
        if (!run_options.ok()) message = run_options.status().message();
      } else if (command == "explore") {
        auto explore_options = ParseExploreOptions({flag});
        if (!explore_options.ok()) message = explore_options.status().message();
      } else if (command == "fuzz") {
        auto fuzz_options = ParseFuzzOptions({flag});
        if (!fuzz_options.ok()) message = fuzz_options.status().message();
      } else {
        message = RunMain({command, flag}).err;
      }
      if (message.find("needs a value") != std::string::npos) {
        EXPECT_NE(help.out.find(std::string(flag) + " "), std::string::npos) << flag;
      }
    }
  }
  const std::string run = CommandHelp("run");
  for (const char* text :
       {"(default: 4)", "(default: 10)", "(default: 30)", "(default: 2022)",
        "reports/<UTC time>-<pid>", "wrapping-keys.bin", "random, written in the report"}) {
    EXPECT_NE(run.find(text), std::string::npos) << text;
  }
}

TEST(CliTest, FuzzOptions) {
  auto o = ParseFuzzOptions({"--budget", "5", "--rate", "250.5", "--max-requests", "1000",
                             "--profile", "2026", "--seed", "9"});
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_EQ(o->budget_seconds, 5);
  EXPECT_EQ(o->rate, 250.5);
  EXPECT_EQ(o->max_requests, 1000u);
  EXPECT_EQ(o->seed, 9u);
  EXPECT_EQ(o->target.profile, contract::Profile::k2026);
  EXPECT_FALSE(o->allow_remote);
  auto remote = ParseFuzzOptions({"--endpoint", "http://203.0.113.7:4566", "--allow-remote"});
  ASSERT_TRUE(remote.ok()) << remote.status().message();
  EXPECT_TRUE(remote->allow_remote);
  EXPECT_TRUE(ParseFuzzOptions({"--endpoint", "http://localhost:4566/"}).ok());
  EXPECT_TRUE(ParseFuzzOptions({"--endpoint", "http://127.0.0.2:80"}).ok());
  EXPECT_TRUE(ParseFuzzOptions({"--endpoint", "http://[::1]:4566"}).ok());
  EXPECT_TRUE(ParseFuzzOptions({"--spawn", "moto_server -p {port}"}).ok());
}

TEST(CliTest, LoopbackHosts) {
  for (const char* h : {"127.0.0.1", "127.1.2.3", "localhost", "api.localhost", "::1"}) {
    EXPECT_TRUE(IsLoopbackHost(h)) << h;
  }
  for (const char* h : {"128.0.0.1", "127.0.0", "127.0.0.1.example.com", "localhost.example.com",
                        "10.0.0.1", "0.0.0.0", "example.com", ""}) {
    EXPECT_FALSE(IsLoopbackHost(h)) << h;
  }
}

TEST(CliTest, RunOptionsResolveTheEnvironment) {
  setenv("AWS_REGION", "eu-central-1", 1);
  setenv("AWS_ACCESS_KEY_ID", "AKIDX", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "secretx", 1);
  auto o = ParseRunOptions({"--endpoint", "https://kms.example", "--only",
                            "ikm.valid-to,gpfi.key-state", "--seed", "7", "--jobs", "3"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->target.region, "eu-central-1");
  EXPECT_EQ(o->target.credentials.access_key_id, "AKIDX");
  EXPECT_EQ(o->seed, 7u);
  EXPECT_EQ(o->jobs, 3);
  EXPECT_EQ(o->only, (std::vector<std::string>{"ikm.valid-to", "gpfi.key-state"}));
  auto r = ParseRunOptions({"--endpoint", "https://kms.example", "--region", "ap-south-1"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->target.region, "ap-south-1");
  unsetenv("AWS_REGION");
  unsetenv("AWS_ACCESS_KEY_ID");
  unsetenv("AWS_SECRET_ACCESS_KEY");
  auto d = ParseRunOptions({"--no-key-cache"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->target.credentials.access_key_id, "test");
  EXPECT_FALSE(d->target.key_cache.has_value());
}

}  // namespace
}  // namespace kc::runner
