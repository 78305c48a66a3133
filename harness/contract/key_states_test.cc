#include "harness/contract/key_states.h"

#include <gtest/gtest.h>

namespace kc::contract {
namespace {

constexpr KeyState kE = KeyState::kEnabled;
constexpr KeyState kD = KeyState::kDisabled;
constexpr KeyState kPI = KeyState::kPendingImport;
constexpr KeyState kPD = KeyState::kPendingDeletion;

void ExpectAllowed(Operation op, KeyState s, std::optional<KeyState> next,
                   Profile p = Profile::k2022) {
  const StateRule r = LookupKeyState(op, s, p);
  EXPECT_TRUE(r.allowed) << ToWire(op) << " in " << ToWire(s);
  EXPECT_EQ(r.next, next) << ToWire(op) << " in " << ToWire(s);
}

void ExpectRefused(Operation op, KeyState s, ErrorType e, Profile p = Profile::k2022) {
  const StateRule r = LookupKeyState(op, s, p);
  EXPECT_FALSE(r.allowed) << ToWire(op) << " in " << ToWire(s);
  EXPECT_EQ(r.error, e) << ToWire(op) << " in " << ToWire(s);
}

// One assertion per cell of CONTRACT.md's key-state table.
TEST(KeyStatesTest, TheTableOfTheContract) {
  using O = Operation;
  constexpr auto kInvalid = ErrorType::kKMSInvalidStateException;
  for (KeyState s : {kE, kD, kPI, kPD}) {
    ExpectAllowed(O::kDescribeKey, s, std::nullopt);
    ExpectAllowed(O::kListKeys, s, std::nullopt);
  }
  ExpectAllowed(O::kEnableKey, kE, kE);
  ExpectAllowed(O::kEnableKey, kD, kE);
  ExpectRefused(O::kEnableKey, kPI, kInvalid);
  ExpectRefused(O::kEnableKey, kPD, kInvalid);
  ExpectAllowed(O::kDisableKey, kE, kD);
  ExpectAllowed(O::kDisableKey, kD, kD);
  ExpectRefused(O::kDisableKey, kPI, kInvalid);
  ExpectRefused(O::kDisableKey, kPD, kInvalid);
  ExpectAllowed(O::kScheduleKeyDeletion, kE, kPD);
  ExpectAllowed(O::kScheduleKeyDeletion, kD, kPD);
  ExpectAllowed(O::kScheduleKeyDeletion, kPI, kPD);
  ExpectRefused(O::kScheduleKeyDeletion, kPD, kInvalid);
  ExpectRefused(O::kCancelKeyDeletion, kE, kInvalid);
  ExpectRefused(O::kCancelKeyDeletion, kD, kInvalid);
  ExpectRefused(O::kCancelKeyDeletion, kPI, kInvalid);
  ExpectAllowed(O::kCancelKeyDeletion, kPD, std::nullopt);
  ExpectAllowed(O::kGetParametersForImport, kE, std::nullopt);
  ExpectAllowed(O::kGetParametersForImport, kD, std::nullopt);
  ExpectAllowed(O::kGetParametersForImport, kPI, std::nullopt);
  ExpectRefused(O::kGetParametersForImport, kPD, kInvalid);
  ExpectRefused(O::kGetParametersForImport, KeyState::kUnavailable, kInvalid);
  ExpectAllowed(O::kImportKeyMaterial, kE, std::nullopt);
  ExpectAllowed(O::kImportKeyMaterial, kPI, kE);
  ExpectRefused(O::kImportKeyMaterial, kPD, kInvalid);
  ExpectAllowed(O::kDeleteImportedKeyMaterial, kE, kPI);
  ExpectAllowed(O::kDeleteImportedKeyMaterial, kD, kPI);
  ExpectAllowed(O::kDeleteImportedKeyMaterial, kPI, std::nullopt);
  ExpectAllowed(O::kDeleteImportedKeyMaterial, kPD, std::nullopt);
  for (O op : {O::kEncrypt, O::kDecrypt}) {
    ExpectAllowed(op, kE, std::nullopt);
    ExpectRefused(op, kD, ErrorType::kDisabledException);
    ExpectRefused(op, kPI, kInvalid);
    ExpectRefused(op, kPD, kInvalid);
  }
  // Aliases: only a key pending deletion refuses to become an alias's target.
  for (O op : {O::kCreateAlias, O::kUpdateAlias}) {
    for (KeyState s : {kE, kD, kPI}) ExpectAllowed(op, s, std::nullopt);
    ExpectRefused(op, kPD, kInvalid);
  }
  for (O op : {O::kDeleteAlias, O::kListAliases}) {
    for (KeyState s : {kE, kD, kPI, kPD}) ExpectAllowed(op, s, std::nullopt);
  }
}

TEST(KeyStatesTest, ImportIntoADisabledKeyDependsOnTheProfile) {
  ExpectAllowed(Operation::kImportKeyMaterial, kD, std::nullopt, Profile::k2022);
  ExpectRefused(Operation::kImportKeyMaterial, kD, ErrorType::kKMSInvalidStateException,
                Profile::k2026);
}

TEST(KeyStatesTest, MessagesNameTheKeyArn) {
  const std::string arn = "arn:aws:kms:us-east-1:111122223333:key/k";
  EXPECT_EQ(KeyStateMessage(arn, kPI, Operation::kEncrypt), arn + " is pending import.");
  EXPECT_EQ(KeyStateMessage(arn, kPD, Operation::kGetParametersForImport),
            arn + " is pending deletion.");
  EXPECT_EQ(KeyStateMessage(arn, kD, Operation::kEncrypt), arn + " is disabled.");
  EXPECT_EQ(KeyStateMessage(arn, kE, Operation::kCancelKeyDeletion),
            arn + " is not pending deletion.");
  EXPECT_EQ(KeyStateMessage(arn, kPI, Operation::kCancelKeyDeletion),
            arn + " is not pending deletion.");
}

}  // namespace
}  // namespace kc::contract
