// The proof that every check can fail (CONTRACT.md, issue "Proof that the checks can fail"):
// for every fault of `mock-kms --fault list` (two per rule: RULE-ID and RULE-ID:2, two
// mechanisms), a run against that mock (spawned with --test-hooks, the clock moved with
// --clock mock-hook) must fail the fault's rule (warn, for a rule that can only warn), in each
// profile the rule belongs to: the 2022 matrix runs the faults of the 2022 rules, the 2026
// matrix those of the 2026 rules. Any other rule that departs with it must be listed below as
// an expected consequence; anything else fails the test. The matrices are printed (and written
// to fault-matrix.md and fault-matrix-2026.md in the build directory) for the README.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "harness/contract/rules.h"
#include "harness/runner/runner.h"

namespace kc::runner {
namespace {

using report::Verdict;

// The consequences a fault has beyond its own rule, and why.
const std::map<std::string, std::map<std::string, Verdict>>& Consequences() {
  static const std::map<std::string, std::map<std::string, Verdict>> m = {
      // One key pair for every response: material wrapped for another response unwraps, and
      // so does the lifecycle's deliberately mismatched import.
      {"gpfi.fresh-wrapping-key",
       {{"ikm.token-same-response", Verdict::kFail}, {"ikm.lifecycle", Verdict::kFail}}},
      // One key pair per KMS key: material wrapped for one of its responses unwraps with
      // another's token (the lifecycle's mismatched import uses another key: still refused).
      {"gpfi.fresh-wrapping-key:2", {{"ikm.token-same-response", Verdict::kFail}}},
      // The lifecycle oracle deletes the material: a delete that keeps it lets Decrypt work.
      {"dikm.lifecycle", {{"ikm.lifecycle", Verdict::kFail}}},
      // NotFoundException comes back as HTTP 200: the refusals these rules expect as
      // NotFoundException (unknown keys, other accounts' keys, aliases) read as acceptances.
      {"proto.error-shape:2",
       {{"gpfi.key-not-found", Verdict::kFail},
        {"gpfi.no-cross-account", Verdict::kFail},
        {"ikm.no-cross-account", Verdict::kFail},
        {"proto.key-id-forms", Verdict::kFail}}},
      // Bodies that are not JSON drop the connection: so do many of the robustness burst's,
      // which that rule counts as a warning.
      {"proto.malformed-json:2", {{"proto.robustness", Verdict::kWarn}}},
      // An integer ValidTo is refused: ikm.valid-to's refusals come as SerializationException
      // (a wrong type) and its control fails; the lifecycle and expiry imports with a ValidTo
      // fail, so their checks cannot be judged.
      {"proto.timestamp-forms:2",
       {{"ikm.valid-to", Verdict::kFail},
        {"ikm.lifecycle", Verdict::kError},
        {"ikm.material-expiry", Verdict::kError}}},
      // Key ARNs refused by the import operations: the controls that use a key ARN (the same
      // request by the key's own ARN succeeds) fail, so the refusals resting on them are not
      // judged; and the AWS_KMS key probed by its ARN is refused with NotFoundException, a
      // wrong type for gpfi.origin-external-only.
      {"proto.key-id-forms",
       {{"gpfi.key-not-found", Verdict::kError},
        {"gpfi.no-cross-account", Verdict::kError},
        {"gpfi.origin-external-only", Verdict::kFail},
        {"ikm.no-cross-account", Verdict::kError}}},
      // After the burst every request answers 500: the time rules, which run last, cannot
      // create their keys.
      {"proto.robustness",
       {{"gpfi.validity-24h", Verdict::kError},
        {"ikm.token-expired", Verdict::kError},
        {"ikm.material-expiry", Verdict::kError},
        {"state.key-state-table", Verdict::kError}}},
  };
  return m;
}

// Profile 2026: the same consequences where the rules are the same, and those of the 2026
// rules' faults.
const std::map<std::string, std::map<std::string, Verdict>>& Consequences2026() {
  static const std::map<std::string, std::map<std::string, Verdict>> m = [] {
    std::map<std::string, std::map<std::string, Verdict>> out;
    for (const auto& [fault, others] : Consequences()) {
      std::map<std::string, Verdict> kept;
      for (const auto& [id, v] : others) {
        if (contract::InProfile(*contract::FindRule(id), contract::Profile::k2026)) kept[id] = v;
      }
      if (!kept.empty()) out[fault] = kept;
    }
    const std::map<std::string, std::map<std::string, Verdict>> added = {
        // Every ordered pair of wrapping algorithms is probed: an RSAES_OAEP blob sent with
        // an RSA_AES_KEY_WRAP token, and the two hybrids crossed, are accepted.
        {"ikm.algorithm-bound", {{"ikm.large-material-wrap", Verdict::kFail}}},
        // NotFoundException as HTTP 200: dikm.key-material-id's delete by a KeyMaterialId the
        // key never had is refused with NotFoundException, which then reads as accepted.
        {"proto.error-shape:2", {{"dikm.key-material-id", Verdict::kFail}}},
        // The hybrids opened as plain RSAES_OAEP: the RSA material every RSA key of these
        // rules imports cannot arrive (error: the setup import fails), and an OAEP blob under
        // a hybrid token is accepted.
        {"ikm.large-material-wrap",
         {{"ikm.algorithm-bound", Verdict::kFail},
          {"ikm.material-format", Verdict::kError},
          {"ikm.asymmetric-in-use", Verdict::kError}}},
        // The hybrid's hash ignored: the crossed hybrids of ikm.algorithm-bound are accepted.
        {"ikm.large-material-wrap:2", {{"ikm.algorithm-bound", Verdict::kFail}}},
        // A key pair of the mock's own: ikm.large-material-wrap checks GetPublicKey after
        // each hybrid import.
        {"ikm.asymmetric-in-use",
         {{"ikm.large-material-wrap", Verdict::kFail},
          {"ikm.new-material-symmetric-only", Verdict::kFail}}},
        // Random material in use after an import: every rule that uses imported material
        // sees it (GetPublicKey, signatures, MACs).
        // ... and dikm.key-material-id's reimport of M1 brings random bytes: C1 fails.
        // So do ikm.new-material-symmetric-only's MAC of H and ikm.reimport-existing's
        // Decrypt of C1 after M1's reimport.
        {"ikm.lifecycle",
         {{"ikm.large-material-wrap", Verdict::kFail},
          {"ikm.asymmetric-in-use", Verdict::kFail},
          {"ikm.hmac-in-use", Verdict::kFail},
          {"dikm.key-material-id", Verdict::kFail},
          {"ikm.new-material-symmetric-only", Verdict::kFail},
          {"ikm.reimport-existing", Verdict::kFail}}},
        // A delete that keeps the material: dikm.key-material-id's delete without
        // KeyMaterialId keeps M2, and ikm.reimport-existing's key is not PendingImport after
        // its delete.
        {"dikm.lifecycle",
         {{"dikm.key-material-id", Verdict::kFail}, {"ikm.reimport-existing", Verdict::kFail}}},
        // ikm.new-material-symmetric-only checks, after its refused imports, that E signs with
        // E1 (GetPublicKey) and H MACs with H1: a substitute key pair or a cut HMAC key shows.
        {"ikm.hmac-in-use", {{"ikm.new-material-symmetric-only", Verdict::kFail}}},
        // A rotation that changes nothing leaves the new material PENDING_ROTATION: the next
        // NEW_KEY_MATERIAL import of these rules' set-up is refused (one pending at a time).
        {"rot.on-demand",
         {{"dikm.key-material-id", Verdict::kError},
          {"rot.limit", Verdict::kError},
          {"rot.list-rotations", Verdict::kError}}},
    };
    for (const auto& [fault, others] : added) {
      for (const auto& [id, v] : others) out[fault][id] = v;
    }
    return out;
  }();
  return m;
}

std::vector<std::string> FaultNames() {
  std::vector<std::string> out;
  std::FILE* p = popen((std::string(KC_MOCK_KMS) + " --fault list").c_str(), "r");
  if (p == nullptr) return out;
  char line[256];
  while (std::fgets(line, sizeof line, p) != nullptr) {
    std::string s(line);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    if (!s.empty()) out.push_back(s);
  }
  pclose(p);
  return out;
}

struct Row {
  std::string fault;
  Verdict own = Verdict::kSkip;
  std::string own_reason;
  std::map<std::string, Verdict> others;  // rules that did not pass
  std::string error;                      // the run could not start
};

// RuleOf: the rule a fault breaks: "RULE-ID" and "RULE-ID:2" both break RULE-ID.
std::string RuleOf(const std::string& fault) { return fault.substr(0, fault.find(':')); }

void RunMatrix(contract::Profile profile,
               const std::map<std::string, std::map<std::string, Verdict>>& consequences) {
  const std::string profile_name = profile == contract::Profile::k2022 ? "2022" : "2026";
  const std::vector<std::string> all_faults = FaultNames();
  // Every name is RULE-ID or RULE-ID:2 of a catalogue rule.
  for (const std::string& f : all_faults) {
    ASSERT_NE(contract::FindRule(RuleOf(f)), nullptr) << f;
    ASSERT_TRUE(f == RuleOf(f) || f == RuleOf(f) + ":2") << f;
  }
  // The faults of this profile's rules: two per rule, except a rule never judged.
  std::vector<std::string> faults;
  for (const std::string& f : all_faults) {
    if (contract::InProfile(*contract::FindRule(RuleOf(f)), profile)) faults.push_back(f);
  }
  for (const contract::Rule* rule : contract::RulesFor(profile)) {
    const std::string id(rule->id);
    if (contract::NeverJudged(*rule)) continue;  // always `skip`: no fault to catch
    EXPECT_NE(std::find(faults.begin(), faults.end(), id), faults.end()) << "no fault for " << id;
    EXPECT_NE(std::find(faults.begin(), faults.end(), id + ":2"), faults.end())
        << "no second fault (another mechanism) for " << id;
  }

  const std::filesystem::path work =
      std::filesystem::path(::testing::TempDir()) / ("kc-faults-" + profile_name);
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);
  const std::filesystem::path credentials = work / "credentials";
  {
    std::ofstream out(credentials);
    out << "# two identities in two accounts: the cross-account rules run for real\n"
        << "test test 111122223333\n"
        << "KCOTHER kc-other-secret 444455556666\n";
  }

  std::vector<Row> rows(faults.size());
  auto run_one = [&](std::size_t i) {
    {
      const std::string& fault = faults[i];
      RunOptions o;
      o.target.kind = TargetOptions::Kind::kSpawn;
      o.target.spawn_command = std::string(KC_MOCK_KMS) + " --port {port} --profile " +
                               profile_name + " --fault " + fault +
                               " --test-hooks --auth sigv4 --credentials " + credentials.string() +
                               " --key-cache " + KC_KEY_CACHE;
      o.target.clock = ClockMode::kMockHook;
      o.target.profile = profile;
      o.target.region = "us-east-1";
      o.target.credentials = sigv4::Credentials{"test", "test", ""};
      o.target.other = sigv4::Credentials{"KCOTHER", "kc-other-secret", ""};
      o.report_dir = work / fault;
      o.seed = 42;
      o.jobs = 1;  // deterministic order: proto.robustness's burst comes after the others
      std::FILE* devnull = std::fopen("/dev/null", "w");
      Console console(devnull, devnull);
      auto outcome = runner::Run(o, console);
      std::fclose(devnull);
      Row& row = rows[i];
      row.fault = fault;
      if (!outcome.ok()) {
        row.error = outcome.status().ToString();
        return;
      }
      for (const auto& rule : outcome->report.rules) {
        if (rule.id == RuleOf(fault)) {
          row.own = rule.status;
          row.own_reason = rule.reason;
        } else if (rule.status != Verdict::kPass &&
                   !contract::NeverJudged(*contract::FindRule(rule.id))) {
          row.others[rule.id] = rule.status;
        }
      }
    }
  };
  std::atomic<std::size_t> next{1};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < faults.size();) run_one(i);
  };
  // The first run alone fills the shared wrapping-key cache; the others then start warm.
  run_one(0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();

  std::ostringstream md;
  md << "| fault (`mock-kms --fault`) | its rule | other rules that departed (expected) |\n"
     << "|---|---|---|\n";
  for (const Row& row : rows) {
    SCOPED_TRACE(row.fault);
    ASSERT_TRUE(row.error.empty()) << row.error;
    const contract::Rule* rule = contract::FindRule(RuleOf(row.fault));
    const Verdict want =
        rule->strictness == contract::Strictness::kWarnOnly ? Verdict::kWarn : Verdict::kFail;
    EXPECT_EQ(row.own, want) << "the fault did not break its rule: " << row.own_reason;
    const auto it = consequences.find(row.fault);
    const std::map<std::string, Verdict> expected =
        it == consequences.end() ? std::map<std::string, Verdict>{} : it->second;
    EXPECT_EQ(row.others, expected) << "unexpected departures of other rules";
    std::string others;
    for (const auto& [id, v] : row.others) {
      if (!others.empty()) others += ", ";
      others += id + " " + std::string(report::VerdictName(v));
    }
    md << "| " << row.fault << " | " << report::VerdictName(row.own) << " | "
       << (others.empty() ? "none" : others) << " |\n";
  }
  std::printf("\nFault matrix (profile %s):\n%s\n", profile_name.c_str(), md.str().c_str());
  std::ofstream(std::filesystem::path(KC_BINARY_DIR) /
                (profile == contract::Profile::k2022 ? "fault-matrix.md"
                                                     : "fault-matrix-2026.md"))
      << md.str();
}

TEST(FaultMatrixTest, EveryFaultFailsItsRuleAndNothingUnexpected) {
  RunMatrix(contract::Profile::k2022, Consequences());
}

// Profile 2026: the faults of the rules both profiles share, and those of the 2026 rules.
TEST(FaultMatrix2026Test, EveryFaultFailsItsRuleAndNothingUnexpected) {
  RunMatrix(contract::Profile::k2026, Consequences2026());
}

}  // namespace
}  // namespace kc::runner
