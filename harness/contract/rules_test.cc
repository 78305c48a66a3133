#include "harness/contract/rules.h"

#include <set>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace kc::contract {
namespace {

TEST(RulesTest, TheCatalogueOfTheContract) {
  const std::set<std::string_view> expected = {
      "gpfi.origin-external-only", "gpfi.no-asymmetric", "gpfi.no-hmac",
      "gpfi.no-cross-account", "gpfi.wrapping-key-spec", "gpfi.wrapping-algorithm",
      "gpfi.required-members", "gpfi.key-not-found", "gpfi.key-state", "gpfi.response-shape",
      "gpfi.validity-24h", "gpfi.fresh-wrapping-key", "ikm.token-same-response",
      "ikm.token-bound-to-key", "ikm.token-tampered", "ikm.token-expired",
      "ikm.algorithm-bound", "ikm.origin-external-only", "ikm.no-asymmetric", "ikm.no-hmac",
      "ikm.no-cross-account", "ikm.key-state", "ikm.material-length",
      "ikm.reimport-same-material", "ikm.valid-to", "ikm.lifecycle", "ikm.material-expiry",
      "dikm.origin-external-only", "dikm.lifecycle", "proto.error-shape", "proto.malformed-json",
      "proto.unknown-operation", "proto.timestamp-forms", "proto.key-id-forms",
      "proto.robustness", "proto.input-validation", "state.key-state-table",
      // profile 2026
      "ikm.material-format", "ikm.large-material-wrap", "ikm.asymmetric-in-use",
      "ikm.hmac-in-use", "ikm.edwards-mldsa", "ikm.import-type", "ikm.reimport-existing",
      "ikm.new-material-symmetric-only", "dikm.key-material-id", "rot.on-demand", "rot.limit",
      "rot.list-rotations"};
  std::set<std::string_view> ids;
  for (const Rule& r : AllRules()) {
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate " << r.id;
    EXPECT_FALSE(r.title.empty()) << r.id;
    EXPECT_FALSE(r.expected.empty()) << r.id;
    EXPECT_FALSE(r.source.empty()) << r.id;
    EXPECT_FALSE(r.source_ref.empty()) << r.id;
    EXPECT_NE(r.profiles, 0) << r.id;
    EXPECT_EQ(FindRule(r.id), &r);
  }
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(FindRule("ikm.nope"), nullptr);
}

TEST(RulesTest, ConfidenceAndProfilesAsTheContractSays) {
  EXPECT_EQ(FindRule("gpfi.origin-external-only")->confidence, Confidence::kConfirmed);
  EXPECT_EQ(FindRule("ikm.valid-to")->confidence, Confidence::kConfirmed);
  EXPECT_EQ(FindRule("gpfi.fresh-wrapping-key")->confidence, Confidence::kInferred);
  EXPECT_EQ(FindRule("gpfi.fresh-wrapping-key")->strictness, Strictness::kWarnOnly);
  EXPECT_EQ(FindRule("ikm.no-cross-account")->strictness, Strictness::kTypeInferred);
  EXPECT_EQ(FindRule("ikm.material-length")->strictness, Strictness::kTypeInferred);
  EXPECT_TRUE(FindRule("ikm.token-expired")->needs_clock);
  EXPECT_TRUE(FindRule("ikm.material-expiry")->needs_clock);
  // Rules marked "(profile 2022)" are left out of profile 2026.
  for (const char* id : {"gpfi.no-asymmetric", "gpfi.no-hmac", "ikm.no-asymmetric", "ikm.no-hmac",
                         "ikm.reimport-same-material"}) {
    EXPECT_TRUE(InProfile(*FindRule(id), Profile::k2022)) << id;
    EXPECT_FALSE(InProfile(*FindRule(id), Profile::k2026)) << id;
  }
  EXPECT_EQ(RulesFor(Profile::k2022).size(), 37u);
  EXPECT_EQ(RulesFor(Profile::k2026).size(), 44u);
  // The rules of imported asymmetric/HMAC material, several materials and rotation exist only
  // in profile 2026.
  for (const char* id : {"ikm.material-format", "ikm.large-material-wrap", "ikm.asymmetric-in-use",
                         "ikm.hmac-in-use", "ikm.edwards-mldsa", "ikm.import-type",
                         "ikm.reimport-existing", "ikm.new-material-symmetric-only",
                         "dikm.key-material-id", "rot.on-demand", "rot.limit",
                         "rot.list-rotations"}) {
    EXPECT_FALSE(InProfile(*FindRule(id), Profile::k2022)) << id;
    EXPECT_TRUE(InProfile(*FindRule(id), Profile::k2026)) << id;
  }
  EXPECT_EQ(ConfidenceName(Confidence::kDocumented), "documented");
}

// Every citation names a file of this repository that exists, or an AWS documentation page.
TEST(RulesTest, CitationsNameFilesThatExist) {
  for (const Rule& rule : AllRules()) {
    const std::string ref(rule.source_ref);
    bool named = ref.find("https://docs.aws.amazon.com/") != std::string::npos;
    for (std::size_t at = ref.find("harness/"); at != std::string::npos;
         at = ref.find("harness/", at + 1)) {
      std::size_t end = at;
      while (end < ref.size() && ref[end] != ' ' && ref[end] != ',' && ref[end] != ';' &&
             ref[end] != ')') {
        ++end;
      }
      const std::string path = ref.substr(at, end - at);
      EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(KC_TEST_SRCDIR) / ".." / ".." / path))
          << rule.id << " cites " << path;
      named = true;
    }
    EXPECT_TRUE(named) << rule.id << ": " << ref;
  }
}

}  // namespace
}  // namespace kc::contract
