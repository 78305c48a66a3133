#include "harness/contract/enums.h"

#include <set>

#include <gtest/gtest.h>

#include "harness/contract/profile.h"

namespace kc::contract {
namespace {

template <typename E>
void ExpectBijective() {
  std::set<std::string_view> wires;
  std::set<int> values;
  for (const auto& n : AllValues<E>()) {
    EXPECT_TRUE(wires.insert(n.wire).second) << n.wire;
    EXPECT_TRUE(values.insert(static_cast<int>(n.value)).second) << n.wire;
    EXPECT_EQ(ToWire(n.value), n.wire);
    ASSERT_TRUE(FromWire<E>(n.wire).has_value()) << n.wire;
    EXPECT_EQ(*FromWire<E>(n.wire), n.value);
  }
  // Every enumerator 0..N-1 is in the table (enums are dense).
  for (int i = 0; i < static_cast<int>(values.size()); ++i) EXPECT_EQ(values.count(i), 1u) << i;
}

TEST(EnumsTest, EveryTableMapsBothWays) {
  ExpectBijective<Profile>();
  ExpectBijective<Operation>();
  ExpectBijective<KeySpec>();
  ExpectBijective<KeyUsage>();
  ExpectBijective<Origin>();
  ExpectBijective<KeyState>();
  ExpectBijective<WrappingAlgorithm>();
  ExpectBijective<WrappingKeySpec>();
  ExpectBijective<ExpirationModel>();
  ExpectBijective<ImportType>();
  ExpectBijective<EncryptionAlgorithm>();
  ExpectBijective<SigningAlgorithm>();
  ExpectBijective<MacAlgorithm>();
  ExpectBijective<KeyAgreementAlgorithm>();
  ExpectBijective<KeyManager>();
  ExpectBijective<MultiRegionKeyType>();
  ExpectBijective<KeyEncryptionMechanism>();
  ExpectBijective<DryRunModifier>();
  ExpectBijective<ErrorType>();
}

TEST(EnumsTest, WireSpellingsAreExactAndCaseSensitive) {
  EXPECT_EQ(ToWire(WrappingAlgorithm::kRsaesOaepSha256), "RSAES_OAEP_SHA_256");
  EXPECT_EQ(ToWire(KeyState::kPendingImport), "PendingImport");
  EXPECT_FALSE(FromWire<WrappingKeySpec>("rsa_2048").has_value());
  EXPECT_FALSE(FromWire<WrappingKeySpec>("RSA_2048 ").has_value());
  EXPECT_FALSE(FromWire<WrappingKeySpec>("").has_value());
}

TEST(EnumsTest, ProfileMembershipFollowsTheModels) {
  EXPECT_TRUE(InProfile(WrappingKeySpec::kRsa2048, Profile::k2022));
  EXPECT_FALSE(InProfile(WrappingKeySpec::kRsa4096, Profile::k2022));
  EXPECT_TRUE(InProfile(WrappingKeySpec::kRsa4096, Profile::k2026));
  EXPECT_FALSE(InProfile(WrappingAlgorithm::kRsaAesKeyWrapSha256, Profile::k2022));
  EXPECT_TRUE(InProfile(WrappingAlgorithm::kRsaesPkcs1V15, Profile::k2026));
  EXPECT_FALSE(InProfile(ImportType::kNewKeyMaterial, Profile::k2022));
}

TEST(EnumsTest, TargetsAndOperations) {
  EXPECT_EQ(TargetOf(Operation::kImportKeyMaterial), "TrentService.ImportKeyMaterial");
  EXPECT_EQ(OperationFromTarget("TrentService.GetParametersForImport"),
            Operation::kGetParametersForImport);
  EXPECT_FALSE(OperationFromTarget("TrentService.Nope").has_value());
  EXPECT_FALSE(OperationFromTarget("Trent.GetParametersForImport").has_value());
  EXPECT_FALSE(OperationFromTarget("GetParametersForImport").has_value());
  EXPECT_EQ(TargetOf(Operation::kCreateAlias), "TrentService.CreateAlias");
  EXPECT_EQ(OperationFromTarget("TrentService.ListAliases"), Operation::kListAliases);
  EXPECT_EQ(OperationFromTarget("TrentService.UpdateAlias"), Operation::kUpdateAlias);
  EXPECT_EQ(OperationFromTarget("TrentService.DeleteAlias"), Operation::kDeleteAlias);
}

TEST(EnumsTest, HttpStatusIs400ExceptForTheFaultErrors) {
  for (const auto& n : AllValues<ErrorType>()) {
    const int status = HttpStatusOf(n.value);
    if (IsFaultError(n.value)) {
      EXPECT_GE(status, 500) << n.wire;
    } else if (n.value == ErrorType::kRequestEntityTooLargeException) {
      EXPECT_EQ(status, 413);
    } else {
      EXPECT_EQ(status, 400) << n.wire;
    }
  }
  EXPECT_TRUE(IsFaultError(ErrorType::kKMSInternalException));
  EXPECT_TRUE(IsFaultError(ErrorType::kDependencyTimeoutException));
  EXPECT_TRUE(IsFaultError(ErrorType::kKeyUnavailableException));
  EXPECT_FALSE(IsFaultError(ErrorType::kNotFoundException));
}

TEST(EnumsTest, SanitizeErrorTypeAsBotocoreDoes) {
  EXPECT_EQ(SanitizeErrorType("NotFoundException"), "NotFoundException");
  EXPECT_EQ(SanitizeErrorType("com.amazonaws.kms#NotFoundException"), "NotFoundException");
  EXPECT_EQ(SanitizeErrorType("NotFoundException:http://internal.amazon.com/"),
            "NotFoundException");
  EXPECT_EQ(SanitizeErrorType("aws.protocoltests#FooError:http://x#y"), "FooError");
  EXPECT_EQ(SanitizeErrorType(""), "");
}

TEST(ProfileTest, WhatEachProfileAccepts) {
  EXPECT_EQ(ParseProfile("2022"), Profile::k2022);
  EXPECT_EQ(ParseProfile("2026"), Profile::k2026);
  EXPECT_FALSE(ParseProfile("2024").has_value());
  EXPECT_TRUE(SupportsWrappingKeySpec(Profile::k2022, WrappingKeySpec::kRsa2048));
  EXPECT_FALSE(SupportsWrappingKeySpec(Profile::k2022, WrappingKeySpec::kRsa3072));
  EXPECT_TRUE(SupportsWrappingKeySpec(Profile::k2026, WrappingKeySpec::kRsa4096));
  EXPECT_FALSE(SupportsWrappingKeySpec(Profile::k2026, WrappingKeySpec::kSm2));
  EXPECT_TRUE(SupportsWrappingAlgorithm(Profile::k2022, WrappingAlgorithm::kRsaesPkcs1V15));
  EXPECT_FALSE(SupportsWrappingAlgorithm(Profile::k2026, WrappingAlgorithm::kRsaesPkcs1V15));
  EXPECT_TRUE(SupportsWrappingAlgorithm(Profile::k2026, WrappingAlgorithm::kRsaAesKeyWrapSha1));
  EXPECT_FALSE(SupportsWrappingAlgorithm(Profile::k2022, WrappingAlgorithm::kRsaAesKeyWrapSha1));
  EXPECT_TRUE(CanImport(Profile::k2022, KeySpec::kSymmetricDefault));
  EXPECT_FALSE(CanImport(Profile::k2022, KeySpec::kRsa2048));
  EXPECT_FALSE(CanImport(Profile::k2022, KeySpec::kHmac256));
  EXPECT_TRUE(CanImport(Profile::k2026, KeySpec::kRsa2048));
  EXPECT_TRUE(CanImport(Profile::k2026, KeySpec::kEccNistP384));
  EXPECT_TRUE(CanImport(Profile::k2026, KeySpec::kHmac512));
  EXPECT_FALSE(CanImport(Profile::k2026, KeySpec::kSm2));
  EXPECT_EQ(MaterialLengthRange(KeySpec::kSymmetricDefault)->min, 32u);
  EXPECT_EQ(MaterialLengthRange(KeySpec::kSymmetricDefault)->max, 32u);
  EXPECT_EQ(MaterialLengthRange(KeySpec::kHmac224)->min, 28u);
  EXPECT_EQ(MaterialLengthRange(KeySpec::kHmac224)->max, 64u);
  EXPECT_EQ(MaterialLengthRange(KeySpec::kHmac384)->min, 48u);
  EXPECT_EQ(MaterialLengthRange(KeySpec::kHmac512)->max, 128u);
  EXPECT_FALSE(MaterialLengthRange(KeySpec::kRsa2048).has_value());
  EXPECT_TRUE(IsAsymmetric(KeySpec::kEccSecgP256k1));
  EXPECT_FALSE(IsAsymmetric(KeySpec::kHmac256));
  EXPECT_TRUE(IsHmac(KeySpec::kHmac224));
}

}  // namespace
}  // namespace kc::contract
