// kmsconform explore end to end: against the clean embedded mock it finds nothing in a 20 s
// budget (both profiles); against `mock-kms --fault X` for every fault whose rule explore
// judges, it finds the departure on X's rule within 20 s and shrinks it to at most 6
// commands (the test prints the minimal sequence); the reproducer of such a finding, run
// against a fresh faulty mock, shows the departure; against moto_server (when installed) it
// writes a report without crashing.
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/contract/rules.h"
#include "harness/runner/explore.h"

namespace kc::runner {
namespace {

std::filesystem::path Work(const std::string& name) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("kc-explore-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::filesystem::path Credentials() {
  const auto file = std::filesystem::path(::testing::TempDir()) / "kc-explore-credentials";
  std::ofstream(file) << "test test 111122223333\nKCOTHER kc-other-secret 444455556666\n";
  return file;
}

struct Explored {
  Result<RunOutcome> outcome;
  double seconds;
};

Explored RunExplore(ExploreOptions o) {
  std::FILE* devnull = std::fopen("/dev/null", "w");
  Console console(devnull, devnull);
  const auto start = std::chrono::steady_clock::now();
  auto outcome = Explore(o, console);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fclose(devnull);
  return Explored{std::move(outcome), seconds};
}

ExploreOptions AgainstFault(const std::string& fault, const std::string& dir) {
  ExploreOptions o;
  o.target.kind = TargetOptions::Kind::kSpawn;
  o.target.spawn_command = std::string(KC_MOCK_KMS) + " --port {port} --test-hooks" +
                           " --fixed-wrapping-keys 8 --auth sigv4 --credentials " +
                           Credentials().string() + " --key-cache " + KC_KEY_CACHE +
                           (fault.empty() ? "" : " --fault " + fault);
  o.target.clock = ClockMode::kMockHook;
  o.target.region = "us-east-1";
  o.target.credentials = sigv4::Credentials{"test", "test", ""};
  o.target.other = sigv4::Credentials{"KCOTHER", "kc-other-secret", ""};
  o.report_dir = dir;
  o.seed = 7;
  o.budget_seconds = 20;
  o.command_line = "kmsconform explore --spawn 'mock-kms --fault " + fault + "' --seed 7";
  if (!fault.empty()) o.stop_when_found = {fault.substr(0, fault.find(':'))};
  return o;
}

class CleanExploreTest : public ::testing::TestWithParam<contract::Profile> {};

TEST_P(CleanExploreTest, TheCleanEmbeddedMockShowsNoDeparture) {
  const contract::Profile profile = GetParam();
  ExploreOptions o;
  o.target.kind = TargetOptions::Kind::kEmbedded;
  o.target.profile = profile;
  o.target.region = "us-east-1";
  o.target.credentials = sigv4::Credentials{"test", "test", ""};
  o.target.key_cache = KC_KEY_CACHE;
  o.target.fixed_wrapping_keys = 8;
  o.report_dir = Work("clean-" + std::string(contract::ToWire(profile))).string();
  o.seed = 42;
  o.budget_seconds = 20;
  const Explored ran = RunExplore(o);
  ASSERT_TRUE(ran.outcome.ok()) << ran.outcome.status().ToString();
  int passed = 0;
  for (const auto& rule : ran.outcome->report.rules) {
    EXPECT_NE(rule.status, report::Verdict::kFail) << rule.id << ": " << rule.reason;
    EXPECT_NE(rule.status, report::Verdict::kWarn) << rule.id << ": " << rule.reason;
    EXPECT_NE(rule.status, report::Verdict::kError) << rule.id << ": " << rule.reason;
    ASSERT_TRUE(rule.explore.has_value()) << rule.id;
    if (rule.status == report::Verdict::kPass) ++passed;
    std::printf("%-28s %-5s %s\n", rule.id.c_str(), report::VerdictName(rule.status).data(),
                rule.reason.c_str());
  }
  EXPECT_GE(passed, 20) << "explore judged too few rules";
  EXPECT_EQ(ran.outcome->exit_code, 0);
}

// --in-process: the same checks with each request handed straight to the mock's dispatcher.
TEST(CleanExploreInProcessTest, TheCleanEmbeddedMockShowsNoDeparture) {
  ExploreOptions o;
  o.target.kind = TargetOptions::Kind::kEmbedded;
  o.target.region = "us-east-1";
  o.target.credentials = sigv4::Credentials{"test", "test", ""};
  o.target.key_cache = KC_KEY_CACHE;
  o.target.fixed_wrapping_keys = 8;
  o.target.in_process = true;
  o.report_dir = Work("clean-in-process").string();
  o.seed = 43;
  o.budget_seconds = 8;
  const Explored ran = RunExplore(o);
  ASSERT_TRUE(ran.outcome.ok()) << ran.outcome.status().ToString();
  int passed = 0;
  for (const auto& rule : ran.outcome->report.rules) {
    EXPECT_TRUE(rule.status == report::Verdict::kPass || rule.status == report::Verdict::kSkip)
        << rule.id << ": " << rule.reason;
    if (rule.status == report::Verdict::kPass) ++passed;
  }
  EXPECT_GE(passed, 20) << "explore judged too few rules";
  EXPECT_EQ(ran.outcome->exit_code, 0);
}

INSTANTIATE_TEST_SUITE_P(Profiles, CleanExploreTest,
                         ::testing::Values(contract::Profile::k2022, contract::Profile::k2026),
                         [](const auto& p) { return "p" + std::string(contract::ToWire(p.param)); });

// MockFaults: `mock-kms --fault list` restricted to the faults of `rules`, in list order.
std::vector<std::string> MockFaults(const std::vector<std::string>& rules) {
  std::vector<std::string> faults;
  std::FILE* p = popen((std::string(KC_MOCK_KMS) + " --fault list").c_str(), "r");
  char line[256];
  while (p != nullptr && std::fgets(line, sizeof line, p) != nullptr) {
    std::string f(line);
    while (!f.empty() && (f.back() == '\n' || f.back() == '\r')) f.pop_back();
    const std::string rule = f.substr(0, f.find(':'));
    if (std::find(rules.begin(), rules.end(), rule) != rules.end()) faults.push_back(f);
  }
  if (p != nullptr) pclose(p);
  return faults;
}

// The faults whose rule explore judges (with clock control and a second identity), in
// mock-kms --fault list order; KC_EXPLORE_FAULTS picks a share: a prefix ("ikm."), or "!"
// and comma-separated prefixes to leave out ("!gpfi.,ikm.").
std::vector<std::string> FaultsToFind() {
  std::vector<std::string> faults;
  const char* share = std::getenv("KC_EXPLORE_FAULTS");
  for (const std::string& f : MockFaults(ExploreRules(contract::Profile::k2022, true, true))) {
    if (share != nullptr && share[0] == '!') {
      bool excluded = false;
      std::string_view rest(share + 1);
      while (!rest.empty()) {
        const std::size_t comma = std::min(rest.find(','), rest.size());
        if (f.starts_with(rest.substr(0, comma))) excluded = true;
        rest.remove_prefix(std::min(rest.size(), comma + 1));
      }
      if (excluded) continue;
    } else if (share != nullptr && !f.starts_with(share)) {
      continue;
    }
    faults.push_back(f);
  }
  return faults;
}

// ExpectFoundAndShrunk: explore against the mock with `fault` (options o) finds a departure of
// the fault's rule (fail, or warn where only the error type differs) within its budget,
// shrunk to at most max_steps commands, with a reproducer; prints the finding.
void ExpectFoundAndShrunk(const std::string& fault, const ExploreOptions& o,
                          std::size_t max_steps) {
  SCOPED_TRACE(fault);
  const std::string rule = fault.substr(0, fault.find(':'));
  const Explored ran = RunExplore(o);
  ASSERT_TRUE(ran.outcome.ok()) << ran.outcome.status().ToString();
  const report::RuleResult* row = nullptr;
  for (const auto& r : ran.outcome->report.rules) {
    if (r.id == rule) row = &r;
  }
  ASSERT_NE(row, nullptr) << "no row for " << rule;
  const bool found = row->status == report::Verdict::kFail || row->status == report::Verdict::kWarn;
  ASSERT_TRUE(found) << "not found in 20 s: " << row->reason;
  ASSERT_TRUE(row->explore.has_value());
  EXPECT_LE(row->explore->steps.size(), max_steps) << "not shrunk enough";
  EXPECT_FALSE(row->reproducer.empty());
  std::printf("--profile %s --fault %s: %s, found and shrunk after %.1f s (%.1f s in all), "
              "%zu commands:\n",
              std::string(contract::ToWire(o.target.profile)).c_str(), fault.c_str(),
              report::VerdictName(row->status).data(), row->explore->found_after_s, ran.seconds,
              row->explore->steps.size());
  for (const std::string& step : row->explore->steps) std::printf("    %s\n", step.c_str());
  std::printf("    departure: %s\n", row->reason.c_str());
}

TEST(FaultExploreTest, EveryFaultOfAnExploredRuleIsFoundAndShrunk) {
  const std::vector<std::string> faults = FaultsToFind();
  ASSERT_FALSE(faults.empty());
  for (const std::string& fault : faults) {
    ExpectFoundAndShrunk(fault, AgainstFault(fault, Work(fault).string()), 6);
  }
}

// Profile 2026: the faults of the rules explore judges only there (ImportType, KeyMaterialId,
// RotateKeyOnDemand), each found (seed 7, at most 20 s) and shrunk, against a mock spawned
// in profile 2026: ikm.import-type, ikm.reimport-existing, dikm.key-material-id,
// rot.on-demand, rot.list-rotations and rot.limit, two faults each. A step of rounds of
// import and rotation (rot.limit's 26 rotations) counts as one step.
TEST(FaultExploreTest, EveryFaultOfA2026OnlyExploredRuleIsFoundAndShrunk) {
  const std::vector<std::string> only2022 = ExploreRules(contract::Profile::k2022, true, true);
  std::vector<std::string> rules;
  for (const std::string& r : ExploreRules(contract::Profile::k2026, true, true)) {
    if (std::find(only2022.begin(), only2022.end(), r) == only2022.end()) rules.push_back(r);
  }
  const std::vector<std::string> faults = MockFaults(rules);
  ASSERT_EQ(faults.size(), 12u) << "six rules, two faults each";
  for (const std::string& fault : faults) {
    ExploreOptions o = AgainstFault(fault, Work("2026-" + fault).string());
    o.target.profile = contract::Profile::k2026;
    o.target.spawn_command += " --profile 2026";
    // A lost old material shows only after CreateKey, GetParametersForImport, import,
    // Encrypt, a NEW_KEY_MATERIAL import (its own parameters), RotateKeyOnDemand, Decrypt.
    ExpectFoundAndShrunk(fault, o, 8);
  }
}

// The reproducer of a finding, run against a freshly started faulty mock, shows it (exit 1);
// against the clean mock the target conforms (exit 0). And the time to the first finding.
TEST(FaultExploreTest, AFindingsReproducerShowsTheDepartureOnAFreshMock) {
  const std::string fault = "ikm.token-bound-to-key";
  const auto dir = Work("repro");
  const Explored ran = RunExplore(AgainstFault(fault, dir.string()));
  ASSERT_TRUE(ran.outcome.ok()) << ran.outcome.status().ToString();
  const auto script = dir / "repro" / (fault + ".sh");
  ASSERT_TRUE(std::filesystem::exists(script));
  if (std::system("test -x /usr/bin/aws") != 0) GTEST_SKIP() << "no AWS CLI v2 (/usr/bin/aws)";
  auto run_script = [&](const std::string& mock_fault) {
    const std::string cmd =
        "d=$(mktemp -d); " + std::string(KC_MOCK_KMS) + " --port 0 --test-hooks --key-cache " +
        KC_KEY_CACHE + (mock_fault.empty() ? "" : " --fault " + mock_fault) +
        " > $d/out 2>&1 & pid=$!; for i in $(seq 100); do p=$(sed -n 's/^listening on //p' $d/out);"
        " [ -n \"$p\" ] && break; sleep 0.05; done; KC_ENDPOINT=http://127.0.0.1:$p sh " +
        script.string() + " > " + (dir / ("script-" + mock_fault + ".out")).string() +
        " 2>&1; rc=$?; kill $pid; rm -rf $d; exit $rc";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  EXPECT_EQ(run_script(fault), 1) << "the departure shows against the faulty mock";
  std::ifstream out(dir / ("script-" + fault + ".out"));
  const std::string text((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("[DEPARTS from AWS]"), std::string::npos) << text;
  std::printf("%s\n", text.c_str());
  EXPECT_EQ(run_script(""), 0) << "the clean mock conforms";
}

// Differential mode: the embedded mock against a spawned mock-kms: nothing differs when
// both are clean; a fault shows as a difference in its operation, whatever the model says.
TEST(DifferentialExploreTest, TheCleanMocksAgreeAndAFaultDiffers) {
  for (const std::string fault : {"", "ikm.valid-to:2"}) {
    SCOPED_TRACE(fault);
    ExploreOptions o;
    o.target.kind = TargetOptions::Kind::kEmbedded;
    o.target.region = "us-east-1";
    o.target.credentials = sigv4::Credentials{"test", "test", ""};
    o.target.key_cache = KC_KEY_CACHE;
    o.compare = AgainstFault(fault, "").target;
    o.compare->name = "mock-kms --fault";
    o.report_dir = Work("differential" + std::to_string(fault.size())).string();
    o.seed = 11;
    o.budget_seconds = 8;
    if (!fault.empty()) o.stop_when_found = {"compare.ImportKeyMaterial"};
    const Explored ran = RunExplore(o);
    ASSERT_TRUE(ran.outcome.ok()) << ran.outcome.status().ToString();
    std::vector<std::string> differences;
    for (const auto& r : ran.outcome->report.rules) {
      if (r.id.starts_with("compare.")) differences.push_back(r.id + ": " + r.reason);
    }
    if (fault.empty()) {
      EXPECT_TRUE(differences.empty()) << differences.front();
    } else {
      ASSERT_FALSE(differences.empty());
      EXPECT_TRUE(differences.front().starts_with("compare.ImportKeyMaterial")) << differences.front();
      std::printf("%s\n", differences.front().c_str());
    }
  }
}

TEST(MotoExploreTest, ExploringMotoWritesAReport) {
  if (std::system("command -v moto_server >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "moto_server is not installed here";
  }
  ExploreOptions o;
  o.target.kind = TargetOptions::Kind::kSpawn;
  o.target.spawn_command = "moto_server -H 127.0.0.1 -p {port}";
  o.target.spawn_timeout_seconds = 60;
  o.target.region = "us-east-1";
  o.target.credentials = sigv4::Credentials{"test", "test", ""};
  o.report_dir = Work("moto").string();
  o.seed = 1;
  o.budget_seconds = 10;
  const Explored ran = RunExplore(o);
  ASSERT_TRUE(ran.outcome.ok()) << ran.outcome.status().ToString();
  EXPECT_TRUE(std::filesystem::exists(ran.outcome->report_dir / "report.html"));
  EXPECT_EQ(ran.outcome->exit_code, 1) << "moto departs";
}

}  // namespace
}  // namespace kc::runner
