// Properties of the contract model (harness/model) and its generators (harness/gen), the ones
// `kmsconform explore` and the stateful fuzz target use:
//  - PredictionsNameRulesOfTheProfile: along any generated sequence, in both profiles, every
//    prediction names rules of its profile's catalogue (CONTRACT.md ids), a refusal carries
//    error types, and a wrong DescribeKey state is charged to a rule of the profile.
//  - GeneratedSequencesReachAnImport: the weighting works: most sequences import material.
//  - TheCleanMockFollowsTheModel: RapidCheck draws sequences (shrunk by dropping chunks of
//    commands; commands name objects by index modulo the count, so any subsequence is
//    meaningful) and runs them, in process, against the embedded mock with explore's
//    executor: no step departs from the model.
//  - AFaultIsFoundAndShrunk: the same property against the mock with one fault per rule
//    family fails, and RapidCheck's smallest counterexample has at most 6 commands.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <iostream>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/detail/Configuration.h>
#include <rapidcheck/detail/Results.h>
#include <rapidcheck/detail/TestMetadata.h>

#include "harness/contract/rules.h"
#include "harness/gen/gen.h"
#include "harness/model/model.h"
#include "harness/runner/console.h"
#include "harness/runner/explore.h"
#include "harness/runner/runner.h"

namespace kc::model {
// How RapidCheck prints a command of a counterexample (found by ADL).
inline void showValue(const Command& c, std::ostream& os) { os << c.Text(); }
}  // namespace kc::model

namespace kc {
namespace {

using contract::Profile;
using model::Command;
using model::Op;

// Sequences: gen::Sequence from a RapidCheck-drawn seed, shrunk by removing chunks.
rc::Gen<std::vector<Command>> Sequences(gen::SequenceOptions options) {
  return rc::Gen<std::vector<Command>>([options](const rc::Random& random, int) {
    rc::Random r = random;
    gen::Rng rng(r.next());
    return rc::shrinkable::shrinkRecur(gen::Sequence(rng, options),
                                       [](const std::vector<Command>& s) {
                                         return rc::shrink::removeChunks(s);
                                       });
  });
}

bool RuleInProfile(std::string_view id, Profile p) {
  const contract::Rule* rule = contract::FindRule(id);
  return rule != nullptr && contract::InProfile(*rule, p);
}

RC_GTEST_PROP(ModelProperties, PredictionsNameRulesOfTheProfile, ()) {
  const Profile p = *rc::gen::element(Profile::k2022, Profile::k2026);
  gen::SequenceOptions o;
  o.profile = p;
  o.clock = *rc::gen::arbitrary<bool>();
  o.other = *rc::gen::arbitrary<bool>();
  const std::vector<Command> sequence = *Sequences(o);
  model::Model m(p, o.clock);
  for (const Command& c : sequence) {
    const model::Expectation e = m.Predict(c);
    if (!e.applicable) continue;
    if (!e.success || e.either) {
      RC_ASSERT(!e.errors.empty());
      RC_ASSERT(RuleInProfile(e.rule, p));
    }
    for (const std::string& id : e.accepted_rules) {
      if (!RuleInProfile(id, p)) RC_FAIL("accepted_rules names '" + id + "'");
    }
    for (const std::string& id : e.refused_rules) {
      if (!RuleInProfile(id, p)) RC_FAIL("refused_rules names '" + id + "'");
    }
    if (c.op != Op::kCreateKey && c.op != Op::kAdvanceClock && c.op != Op::kDecrypt) {
      RC_ASSERT(RuleInProfile(m.StateRule(c), p));
    }
    // An `either` command goes both ways on some target: follow one at random.
    m.Apply(c, e.either ? *rc::gen::arbitrary<bool>() : e.success);
  }
}

TEST(ModelProperties, GeneratedSequencesReachAnImport) {
  for (const Profile p : {Profile::k2022, Profile::k2026}) {
    gen::Rng rng(7);
    gen::SequenceOptions o;
    o.profile = p;
    int attempted = 0, imported = 0;
    constexpr int kSequences = 1000;
    for (int i = 0; i < kSequences; ++i) {
      model::Model m(p);
      bool tried = false, reached = false;
      for (const Command& c : gen::Sequence(rng, o)) {
        const model::Expectation e = m.Predict(c);
        if (c.op == Op::kImport && e.applicable) {
          tried = true;
          reached = reached || e.success;
        }
        // 2026: rounds of rotation import (NEW_KEY_MATERIAL) before each rotation.
        if (c.op == Op::kRotateTimes && e.applicable) {
          for (const Command& call : m.Round(c)) {
            if (call.op != Op::kImport) continue;
            tried = true;
            reached = reached || m.Predict(call).success;
          }
        }
        m.Apply(c, e.success);
      }
      attempted += tried ? 1 : 0;
      imported += reached ? 1 : 0;
    }
    // Most sequences send an ImportKeyMaterial, and most of those import.
    EXPECT_GT(attempted, kSequences * 2 / 3) << contract::ToWire(p);
    EXPECT_GT(imported, kSequences / 2) << contract::ToWire(p);
  }
}

// The embedded mock, in process (explore --in-process), with fixed wrapping keys.
std::unique_ptr<runner::PreparedRun> StartMock(Profile p, const std::string& fault) {
  runner::TargetOptions t;
  t.kind = runner::TargetOptions::Kind::kEmbedded;
  t.profile = p;
  t.region = "us-east-1";
  t.credentials = sigv4::Credentials{"test", "test", ""};
  t.key_cache = KC_KEY_CACHE;
  t.fixed_wrapping_keys = 8;
  t.in_process = true;
  t.fault = fault;
  static runner::Console console(stdout, stderr);
  auto run = runner::PreparedRun::Start(t, std::nullopt, 1, console, /*with_report_dir=*/false);
  EXPECT_TRUE(run.ok()) << run.status().ToString();
  return run.ok() ? std::move(run).value() : nullptr;
}

class CleanMockTest : public ::testing::TestWithParam<Profile> {};

TEST_P(CleanMockTest, TheCleanMockFollowsTheModel) {
  auto mock = StartMock(GetParam(), "");
  ASSERT_NE(mock, nullptr);
  gen::SequenceOptions o;
  o.profile = GetParam();
  o.clock = true;
  o.other = true;
  const bool held = rc::check("the clean mock follows the model", [&] {
    const std::vector<Command> sequence = *Sequences(o);
    const runner::SequenceResult r =
        runner::ExecuteSequence(mock->ctx(), sequence, /*other=*/true, "", /*record=*/false);
    if (r.departure) {
      RC_FAIL(r.departure->rule + " at step " + std::to_string(r.departure->step + 1) + ": " +
              r.departure->what + ": expected " + r.departure->expected + ", got " +
              r.departure->actual);
    }
  });
  EXPECT_TRUE(held);
}

INSTANTIATE_TEST_SUITE_P(Profiles, CleanMockTest,
                         ::testing::Values(Profile::k2022, Profile::k2026),
                         [](const auto& p) { return "p" + std::string(contract::ToWire(p.param)); });

std::vector<const char*> AllExploredFaults() {
  static std::vector<std::string> names;
  std::FILE* p = popen(KC_MOCK_KMS " --fault list", "r");
  char line[256];
  const auto rules = runner::ExploreRules(Profile::k2022, true, true);
  while (p != nullptr && std::fgets(line, sizeof line, p) != nullptr) {
    std::string f(line);
    while (!f.empty() && f.back() == '\n') f.pop_back();
    if (std::find(rules.begin(), rules.end(), f.substr(0, f.find(':'))) != rules.end()) names.push_back(f);
  }
  if (p) pclose(p);
  std::vector<const char*> out;
  for (const auto& n : names) out.push_back(n.c_str());
  return out;
}

class FaultyMockTest : public ::testing::TestWithParam<const char*> {};

TEST_P(FaultyMockTest, AFaultIsFoundAndShrunk) {
  const std::string fault = GetParam();
  const std::string rule = fault.substr(0, fault.find(':'));
  auto mock = StartMock(Profile::k2022, fault);
  ASSERT_NE(mock, nullptr);
  gen::SequenceOptions o;
  o.clock = true;
  o.other = true;
  std::size_t smallest = SIZE_MAX;
  std::string departed_on;
  // Up to 2000 sequences (a few seconds in process): some faults need a longer sequence.
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  params.maxSuccess = 2000;
  rc::detail::TestMetadata metadata;
  metadata.id = metadata.description = "the mock with " + fault + " follows the model";
  const rc::detail::TestResult result = rc::detail::checkTestable([&] {
    const std::vector<Command> sequence = *Sequences(o);
    const runner::SequenceResult r =
        runner::ExecuteSequence(mock->ctx(), sequence, /*other=*/true, "", /*record=*/false);
    if (r.departure) {
      if (sequence.size() < smallest) {
        smallest = sequence.size();
        departed_on = r.departure->rule;
      }
      RC_FAIL(r.departure->rule + ": " + r.departure->what);
    }
  }, metadata, params);
  rc::detail::printResultMessage(result, std::cout);
  std::cout << "\n";
  EXPECT_TRUE(result.is<rc::detail::FailureResult>()) << fault << " was not found";
  EXPECT_LE(smallest, 6u) << fault;
  EXPECT_EQ(departed_on, rule) << fault;
}

// One fault of each family the model judges, and a second mechanism of two of them.
INSTANTIATE_TEST_SUITE_P(Faults, FaultyMockTest,
                         ::testing::ValuesIn(AllExploredFaults()),
                         [](const auto& p) {
                           std::string name = p.param;
                           std::replace_if(name.begin(), name.end(),
                                           [](char ch) { return !std::isalnum(ch); }, '_');
                           return name;
                         });

}  // namespace
}  // namespace kc
