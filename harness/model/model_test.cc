#include "harness/model/model.h"

#include <gtest/gtest.h>

namespace kc::model {
namespace {

Command Create(Origin origin = Origin::kExternal) {
  Command c;
  c.origin = origin;
  return c;
}
Command Gpfi(std::uint32_t key) {
  Command c;
  c.op = Op::kGetParameters;
  c.key = key;
  return c;
}
Command Import(std::uint32_t key, std::uint32_t token_of) {
  Command c;
  c.op = Op::kImport;
  c.key = key;
  c.token_of = token_of;
  c.wrap_for = token_of;
  return c;
}
void Step(Model& m, const Command& c, std::uint64_t pair = 0) {
  m.Apply(c, m.Predict(c).success, pair);
}

TEST(ModelTest, AnImportWithItsOwnTokenSucceedsAndEnablesTheKey) {
  Model m(Profile::k2022);
  Step(m, Create());
  EXPECT_EQ(m.View(0).state, KeyState::kPendingImport);
  Step(m, Gpfi(0), 1);
  const Expectation e = m.Predict(Import(0, 0));
  EXPECT_TRUE(e.success);
  EXPECT_EQ(e.rule, "ikm.lifecycle");
  Step(m, Import(0, 0));
  EXPECT_EQ(m.View(0).state, KeyState::kEnabled);
}

TEST(ModelTest, EveryMixUpHasItsRuleAndType) {
  Model m(Profile::k2022);
  Step(m, Create());
  Step(m, Create());
  Step(m, Gpfi(0), 1);
  Step(m, Gpfi(0), 2);
  Step(m, Gpfi(1), 3);
  // Response 2's token (key 1) into key 0.
  Expectation e = m.Predict(Import(0, 2));
  EXPECT_FALSE(e.success);
  EXPECT_EQ(e.rule, "ikm.token-bound-to-key");
  EXPECT_EQ(e.errors, std::vector<ErrorType>{ErrorType::kInvalidImportTokenException});
  // Material for response 0's key pair with response 1's token (same key).
  Command same = Import(0, 1);
  same.wrap_for = 0;
  e = m.Predict(same);
  EXPECT_EQ(e.rule, "ikm.token-same-response");
  // ... unless the two responses carried the same key pair (fixed wrapping keys).
  Model shared(Profile::k2022);
  Step(shared, Create());
  Step(shared, Gpfi(0), 7);
  Step(shared, Gpfi(0), 7);
  EXPECT_TRUE(shared.Predict(same).success);
  Command algorithm = Import(0, 0);
  algorithm.wrap_with_token_algorithm = false;
  algorithm.wrap_algorithm = WrappingAlgorithm::kRsaesOaepSha1;
  EXPECT_EQ(m.Predict(algorithm).rule, "ikm.algorithm-bound");
  Command tampered = Import(0, 0);
  tampered.token_change = TokenChange::kTruncate;
  EXPECT_EQ(m.Predict(tampered).rule, "ikm.token-tampered");
  Command length = Import(0, 0);
  length.material_size = 31;
  EXPECT_EQ(m.Predict(length).rule, "ikm.material-length");
  EXPECT_EQ(m.Predict(length).strictness, contract::Strictness::kTypeInferred);
  Command valid_to = Import(0, 0);
  valid_to.expiry = Expiry::kTooFar;
  EXPECT_EQ(m.Predict(valid_to).rule, "ikm.valid-to");
}

TEST(ModelTest, ReimportTakesOnlyTheSameMaterial) {
  Model m(Profile::k2022);
  Step(m, Create());
  Step(m, Gpfi(0), 1);
  Step(m, Import(0, 0));
  Command del;
  del.op = Op::kDeleteMaterial;
  Step(m, del);
  EXPECT_EQ(m.View(0).state, KeyState::kPendingImport);
  Step(m, Gpfi(0), 2);
  EXPECT_EQ(m.Predict(Import(0, 1)).rule, "ikm.reimport-same-material");
  Command same = Import(0, 1);
  same.new_material = false;
  EXPECT_TRUE(m.Predict(same).success);
}

TEST(ModelTest, TimeExpiresTokensAndMaterialAndCompletesDeletions) {
  Model m(Profile::k2022, /*clock=*/true);
  Step(m, Create());
  Step(m, Gpfi(0), 1);
  Command expires = Import(0, 0);
  expires.expiry = Expiry::kExpires;
  expires.valid_seconds = 3600;
  Step(m, expires);
  Command encrypt;
  encrypt.op = Op::kEncrypt;
  Step(m, encrypt);
  Command advance;
  advance.op = Op::kAdvanceClock;
  advance.seconds = 3660;
  Step(m, advance);
  EXPECT_EQ(m.View(0).state, KeyState::kPendingImport);
  EXPECT_EQ(m.Predict(encrypt).rule, "ikm.material-expiry");
  Command decrypt;
  decrypt.op = Op::kDecrypt;
  EXPECT_EQ(m.Predict(decrypt).errors,
            std::vector<ErrorType>{ErrorType::kKMSInvalidStateException});
  advance.seconds = 86400;
  Step(m, advance);
  Command late = Import(0, 0);
  late.new_material = false;
  EXPECT_EQ(m.Predict(late).rule, "ikm.token-expired");
  Command schedule;
  schedule.op = Op::kScheduleDeletion;
  Step(m, schedule);
  advance.seconds = 8 * 86400.0;
  Step(m, advance);
  EXPECT_FALSE(m.View(0).exists);
  EXPECT_EQ(m.Predict(Gpfi(0)).rule, "gpfi.key-not-found");
}

TEST(ModelTest, TheKeyStateTable) {
  Model m(Profile::k2022);
  Step(m, Create());
  Command enable;
  enable.op = Op::kEnable;
  EXPECT_FALSE(m.Predict(enable).success);
  EXPECT_EQ(m.Predict(enable).rule, "state.key-state-table");
  Step(m, Gpfi(0), 1);
  Step(m, Import(0, 0));
  Command schedule;
  schedule.op = Op::kScheduleDeletion;
  Command cancel;
  cancel.op = Op::kCancelDeletion;
  Step(m, schedule);
  Step(m, cancel);
  EXPECT_EQ(m.View(0).state, KeyState::kDisabled) << "CancelKeyDeletion -> Disabled";
  // An alias is refused by the import operations.
  Command alias;
  alias.op = Op::kCreateAlias;
  Step(m, alias);
  Command by_alias = Gpfi(0);
  by_alias.form = KeyForm::kAliasName;
  EXPECT_EQ(m.Predict(by_alias).rule, "proto.key-id-forms");
  // A second account's key is never reached.
  Command other = Create();
  other.as_other = true;
  Step(m, other);
  EXPECT_EQ(m.Predict(Gpfi(1)).rule, "gpfi.no-cross-account");
}

}  // namespace
}  // namespace kc::model
