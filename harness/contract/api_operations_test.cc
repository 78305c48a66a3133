#include "harness/contract/api_operations.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace kc::contract {
namespace {

TEST(ApiOperationsTest, EveryOperationKmsconformSpeaksIsInItsProfilesModel) {
  for (const auto& op : AllValues<Operation>()) {
    EXPECT_EQ(InApiModel(Profile::k2022, op.wire), InProfile(op.value, Profile::k2022)) << op.wire;
    EXPECT_TRUE(InApiModel(Profile::k2026, op.wire)) << op.wire;
  }
}

TEST(ApiOperationsTest, RealOperationsAnEmulatorMayLackAreNotUnknown) {
  EXPECT_TRUE(InApiModel(Profile::k2022, "GenerateRandom"));
  EXPECT_TRUE(InApiModel(Profile::k2022, "CreateGrant"));
  EXPECT_TRUE(InApiModel(Profile::k2026, "UpdatePrimaryRegion"));
}

TEST(ApiOperationsTest, The2026OperationsAreUnknownIn2022) {
  for (std::string_view op : {"RotateKeyOnDemand", "ListKeyRotations", "DeriveSharedSecret",
                              "GetKeyLastUsage"}) {
    EXPECT_FALSE(InApiModel(Profile::k2022, op)) << op;
    EXPECT_TRUE(InApiModel(Profile::k2026, op)) << op;
  }
}

TEST(ApiOperationsTest, NamesMatchExactly) {
  EXPECT_FALSE(InApiModel(Profile::k2026, "describekey"));
  EXPECT_FALSE(InApiModel(Profile::k2026, "DescribeKey "));
  EXPECT_FALSE(InApiModel(Profile::k2026, ""));
  EXPECT_FALSE(InApiModel(Profile::k2026, "TrentService.DescribeKey"));
}

TEST(ApiOperationsTest, SortedAndSized) {
  const auto a = ApiOperations(Profile::k2022);
  const auto b = ApiOperations(Profile::k2026);
  EXPECT_EQ(a.size(), 50u);
  EXPECT_EQ(b.size(), 54u);
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  EXPECT_TRUE(std::is_sorted(b.begin(), b.end()));
}

}  // namespace
}  // namespace kc::contract
