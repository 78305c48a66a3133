// Checks the compiled model tables (model_tables.inc, enums.h) against the botocore model
// subsets in testdata/, member by member: a table that drifts from AWS's model fails here.
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/contract/model.h"
#include "harness/contract/patterns.h"

namespace kc::contract {
namespace {

nlohmann::json LoadModel(Profile p) {
  const std::string path = std::string(KC_TEST_SRCDIR) + "/testdata/kms-" +
                           std::string(ToWire(p)) + "-subset.json";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

std::string_view TypeName(ShapeType t) {
  switch (t) {
    case ShapeType::kString: return "string";
    case ShapeType::kBlob: return "blob";
    case ShapeType::kInteger: return "integer";
    case ShapeType::kBoolean: return "boolean";
    case ShapeType::kTimestamp: return "timestamp";
    case ShapeType::kStructure: return "structure";
    case ShapeType::kList: return "list";
    case ShapeType::kMap: return "map";
  }
  return "?";
}

class ModelCheck {
 public:
  ModelCheck(const nlohmann::json& model, Profile p) : shapes_(model["shapes"]), p_(p) {}

  // Compares one shape (and everything it reaches) with the model's.
  void Compare(const ShapeSpec& spec, const std::string& path) {
    ++shapes_checked_;
    ASSERT_TRUE(shapes_.contains(std::string(spec.name))) << path;
    const auto& js = shapes_[std::string(spec.name)];
    EXPECT_EQ(TypeName(spec.type), js["type"].get<std::string>()) << path;
    EXPECT_EQ(spec.min, js.value("min", std::int64_t{-1})) << path << " min";
    EXPECT_EQ(spec.max, js.value("max", std::int64_t{-1})) << path << " max";
    EXPECT_EQ(spec.pattern, js.value("pattern", std::string())) << path << " pattern";
    EXPECT_EQ(spec.sensitive, js.value("sensitive", false)) << path << " sensitive";
    if (!spec.pattern.empty()) {
      EXPECT_TRUE(MatchesModelPattern(spec.pattern, "x").has_value())
          << path << ": pattern not implemented: " << spec.pattern;
    }
    if (js.contains("enum")) {
      ASSERT_NE(spec.enum_kind, EnumKind::kNone) << path;
      std::vector<std::string> model_values = js["enum"].get<std::vector<std::string>>();
      std::vector<std::string> ours;
      for (auto v : EnumWireValues(spec.enum_kind, p_)) ours.emplace_back(v);
      EXPECT_EQ(ours, model_values) << path << " enum";
      ++enums_checked_;
    } else {
      EXPECT_EQ(spec.enum_kind, EnumKind::kNone) << path;
    }
    if (spec.type == ShapeType::kStructure) {
      const auto& members = js.value("members", nlohmann::json::object());
      std::set<std::string> required;
      for (const auto& r : js.value("required", nlohmann::json::array())) {
        required.insert(r.get<std::string>());
      }
      ASSERT_EQ(spec.members.size(), members.size()) << path;
      std::size_t i = 0;
      for (const auto& [name, m] : members.items()) {
        (void)m;
        const MemberSpec* ms = FindMember(spec, name);
        ASSERT_NE(ms, nullptr) << path << "." << name;
        EXPECT_EQ(ms->required, required.count(name) == 1) << path << "." << name;
        EXPECT_EQ(ms->shape->name, members[name]["shape"].get<std::string>()) << path << "." << name;
        Compare(*ms->shape, path + "." + name);
        ++i;
      }
    } else if (spec.type == ShapeType::kList) {
      ASSERT_NE(spec.element, nullptr) << path;
      EXPECT_EQ(spec.element->name, js["member"]["shape"].get<std::string>()) << path;
      Compare(*spec.element, path + "[]");
    } else if (spec.type == ShapeType::kMap) {
      ASSERT_NE(spec.element, nullptr) << path;
      ASSERT_NE(spec.key, nullptr) << path;
      EXPECT_EQ(spec.key->name, js["key"]["shape"].get<std::string>()) << path;
      EXPECT_EQ(spec.element->name, js["value"]["shape"].get<std::string>()) << path;
      Compare(*spec.key, path + "{key}");
      Compare(*spec.element, path + "{value}");
    }
  }

  int shapes_checked_ = 0;
  int enums_checked_ = 0;

 private:
  const nlohmann::json& shapes_;
  Profile p_;
};

class ContractModelTest : public ::testing::TestWithParam<Profile> {};

TEST_P(ContractModelTest, EveryOperationMatchesTheApiModel) {
  const Profile p = GetParam();
  const nlohmann::json model = LoadModel(p);
  ASSERT_EQ(model["metadata"]["targetPrefix"], "TrentService");
  ModelCheck check(model, p);
  int ops = 0;
  for (const auto& op : AllValues<Operation>()) {
    const std::string name(op.wire);
    if (!InProfile(op.value, p)) {
      // RotateKeyOnDemand, ListKeyRotations: not in the 2022 model, and no table for them.
      EXPECT_FALSE(model["operations"].contains(name)) << name;
      EXPECT_EQ(Spec(op.value, p).input, nullptr) << name;
      continue;
    }
    ASSERT_TRUE(model["operations"].contains(name)) << name;
    const auto& jop = model["operations"][name];
    const OperationSpec& spec = Spec(op.value, p);
    EXPECT_EQ(spec.op, op.value);
    ASSERT_NE(spec.input, nullptr);
    EXPECT_EQ(spec.input->name, jop["input"]["shape"].get<std::string>());
    check.Compare(*spec.input, name + ".input");
    if (jop.contains("output")) {
      ASSERT_NE(spec.output, nullptr) << name;
      EXPECT_EQ(spec.output->name, jop["output"]["shape"].get<std::string>());
      check.Compare(*spec.output, name + ".output");
    } else {
      EXPECT_EQ(spec.output, nullptr) << name;
    }
    std::vector<std::string> errors;
    for (const auto& e : jop.value("errors", nlohmann::json::array())) {
      errors.push_back(e["shape"].get<std::string>());
    }
    std::vector<std::string> ours;
    for (ErrorType e : spec.errors) ours.emplace_back(ToWire(e));
    EXPECT_EQ(ours, errors) << name;
    ++ops;
  }
  EXPECT_EQ(ops, p == Profile::k2022 ? 21 : 23);
  EXPECT_GT(check.shapes_checked_, 100);
  EXPECT_GT(check.enums_checked_, 20);
}

TEST_P(ContractModelTest, EveryErrorShapeOfTheModelHasAnErrorType) {
  const nlohmann::json model = LoadModel(GetParam());
  int n = 0;
  for (const auto& [name, shape] : model["shapes"].items()) {
    if (!shape.value("exception", false)) continue;
    EXPECT_TRUE(FromWire<ErrorType>(name).has_value()) << name;
    EXPECT_TRUE(InProfile(*FromWire<ErrorType>(name), GetParam())) << name;
    ++n;
  }
  EXPECT_GT(n, 20);
}

INSTANTIATE_TEST_SUITE_P(Profiles, ContractModelTest,
                         ::testing::Values(Profile::k2022, Profile::k2026),
                         [](const auto& param_info) { return "p" + std::string(ToWire(param_info.param)); });

TEST(ContractModelTest, RequiredMembersOfTheImportOperations) {
  const auto& gpfi = *Spec(Operation::kGetParametersForImport, Profile::k2022).input;
  for (const char* name : {"KeyId", "WrappingAlgorithm", "WrappingKeySpec"}) {
    ASSERT_NE(FindMember(gpfi, name), nullptr) << name;
    EXPECT_TRUE(FindMember(gpfi, name)->required) << name;
  }
  EXPECT_EQ(FindMember(gpfi, "ImportType"), nullptr);
  const auto& ikm26 = *Spec(Operation::kImportKeyMaterial, Profile::k2026).input;
  ASSERT_NE(FindMember(ikm26, "ImportType"), nullptr);
  EXPECT_FALSE(FindMember(ikm26, "ImportType")->required);
  EXPECT_EQ(FindMember(*Spec(Operation::kImportKeyMaterial, Profile::k2022).input, "ImportType"),
            nullptr);
}

TEST(ContractModelTest, LowerCamelChangesOnlyTheFirstLetter) {
  EXPECT_EQ(LowerCamel("WrappingKeySpec"), "wrappingKeySpec");
  EXPECT_EQ(LowerCamel("KeyId"), "keyId");
  EXPECT_EQ(LowerCamel("AWSAccountId"), "aWSAccountId");
  EXPECT_EQ(LowerCamel(""), "");
}

}  // namespace
}  // namespace kc::contract

namespace kc::contract {
namespace {

// EnumAccepts (allocation-free) agrees with EnumWireValues for every kind and profile.
TEST(ContractModelTest, EnumAcceptsAgreesWithEnumWireValues) {
  const std::vector<std::string_view> probes = {"RSA_2048", "RSA_4096", "SYMMETRIC_DEFAULT",
                                                "ML_DSA_44", "KEY_AGREEMENT", "EXTERNAL",
                                                "RSA_AES_KEY_WRAP_SHA_1", "NEW_KEY_MATERIAL",
                                                "Enabled", "ECDH", "", "rsa_2048"};
  for (int k = 0; k <= static_cast<int>(EnumKind::kDryRunModifier); ++k) {
    const auto kind = static_cast<EnumKind>(k);
    for (Profile p : {Profile::k2022, Profile::k2026}) {
      const auto values = EnumWireValues(kind, p);
      for (std::string_view v : values) EXPECT_TRUE(EnumAccepts(kind, v, p)) << v;
      for (std::string_view v : probes) {
        const bool listed = std::find(values.begin(), values.end(), v) != values.end();
        EXPECT_EQ(EnumAccepts(kind, v, p), listed) << k << " " << v;
      }
    }
  }
}

}  // namespace
}  // namespace kc::contract
