#include "harness/model/model.h"

#include <algorithm>

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


// ---- profile 2026: several materials per symmetric EXTERNAL key ----

Command Typed(std::uint32_t key, ImportTypeForm type, bool new_material = true) {
  Command c = Import(key, 0);
  c.import_type = type;
  c.new_material = new_material;
  return c;
}
Command Rotate(std::uint32_t key) {
  Command c;
  c.op = Op::kRotate;
  c.key = key;
  return c;
}
Command Encrypt(std::uint32_t key) {
  Command c;
  c.op = Op::kEncrypt;
  c.key = key;
  return c;
}
Command Decrypt(std::uint32_t ciphertext) {
  Command c;
  c.op = Op::kDecrypt;
  c.ciphertext = ciphertext;
  return c;
}
// A 2026 model with key 0 imported (its first material current) and one response.
Model Imported2026() {
  Model m(Profile::k2026);
  Step(m, Create());
  Step(m, Gpfi(0), 1);
  Step(m, Import(0, 0));
  return m;
}

TEST(Model2026Test, TheFirstImportDefaultsToNewAndExistingIsRefused) {
  // "If no key material has ever been imported into the KMS key, and this parameter is
  // omitted, the parameter defaults to NEW_KEY_MATERIAL." (2026 model)
  Model m(Profile::k2026);
  Step(m, Create());
  Step(m, Gpfi(0), 1);
  const Expectation existing = m.Predict(Typed(0, ImportTypeForm::kExisting));
  EXPECT_FALSE(existing.success);
  EXPECT_EQ(existing.rule, "ikm.import-type");
  EXPECT_EQ(existing.strictness, contract::Strictness::kTypeInferred);
  // "You cannot specify a key material ID with ImportType set to NEW_KEY_MATERIAL."
  Command with_id = Typed(0, ImportTypeForm::kNew);
  with_id.material_id = MaterialIdForm::kUnknown;
  const Expectation id = m.Predict(with_id);
  EXPECT_FALSE(id.success);
  EXPECT_EQ(id.rule, "ikm.import-type");
  EXPECT_EQ(id.errors, std::vector<ErrorType>{ErrorType::kValidationException});
  EXPECT_TRUE(m.Predict(Typed(0, ImportTypeForm::kNew)).success);
  Step(m, Typed(0, ImportTypeForm::kOmitted));
  EXPECT_EQ(m.View(0).state, KeyState::kEnabled);
  EXPECT_EQ(m.View(0).current, 0);
  // In profile 2022 the members are not sent: the same command is a plain import.
  Model old(Profile::k2022);
  Step(old, Create());
  Step(old, Gpfi(0), 1);
  EXPECT_TRUE(old.Predict(Typed(0, ImportTypeForm::kExisting)).success);
  EXPECT_FALSE(old.Predict(Rotate(0)).applicable);
}

TEST(Model2026Test, AfterTheFirstImportTheDefaultIsExistingOfTheSameMaterialOnly) {
  // "After the first key material is imported, if this parameter is omitted then the
  // parameter defaults to EXISTING_KEY_MATERIAL." (2026 model)
  Model m = Imported2026();
  const Expectation other = m.Predict(Typed(0, ImportTypeForm::kOmitted));
  EXPECT_FALSE(other.success);
  EXPECT_EQ(other.rule, "ikm.reimport-existing");
  EXPECT_EQ(other.errors, std::vector<ErrorType>{ErrorType::kIncorrectKeyMaterialException});
  EXPECT_TRUE(m.Predict(Typed(0, ImportTypeForm::kExisting, false)).success);
  // "Matches the computed identifier against the specified key material ID".
  Command right = Typed(0, ImportTypeForm::kExisting, false);
  right.material_id = MaterialIdForm::kPicked;
  EXPECT_TRUE(m.Predict(right).success);
  Command wrong = right;
  wrong.material_id = MaterialIdForm::kUnknown;
  EXPECT_EQ(m.Predict(wrong).rule, "ikm.reimport-existing");
  EXPECT_FALSE(m.Predict(wrong).success);
}

TEST(Model2026Test, NewMaterialWaitsForTheRotationWhichKeepsOldCiphertexts) {
  Model m = Imported2026();
  Step(m, Encrypt(0));
  EXPECT_FALSE(m.Predict(Rotate(0)).success) << "no material PENDING_ROTATION";
  EXPECT_EQ(m.Predict(Rotate(0)).rule, "rot.on-demand");
  // NEW after the first import: PENDING_ROTATION, the key state unchanged.
  const Expectation pending = m.Predict(Typed(0, ImportTypeForm::kNew));
  EXPECT_TRUE(pending.success);
  EXPECT_EQ(pending.rule, "ikm.import-type");
  Step(m, Typed(0, ImportTypeForm::kNew));
  EXPECT_EQ(m.View(0).state, KeyState::kEnabled);
  EXPECT_EQ(m.View(0).current, 0);
  EXPECT_EQ(m.MaterialsOf(0), (std::vector<int>{0, 1}));
  // One at a time, and known material is not new (the mock's types, inferred).
  const Expectation second = m.Predict(Typed(0, ImportTypeForm::kNew));
  EXPECT_FALSE(second.success);
  EXPECT_EQ(second.strictness, contract::Strictness::kTypeInferred);
  EXPECT_NE(std::find(second.errors.begin(), second.errors.end(),
                      ErrorType::kKMSInvalidStateException),
            second.errors.end());
  EXPECT_FALSE(m.Predict(Typed(0, ImportTypeForm::kNew, false)).success);
  // RotateKeyOnDemand: the pending material becomes current, the old one NON_CURRENT, and
  // its ciphertext still decrypts (rot.on-demand).
  ASSERT_TRUE(m.Predict(Rotate(0)).success);
  Step(m, Rotate(0));
  EXPECT_EQ(m.View(0).current, 1);
  const Expectation old = m.Predict(Decrypt(0));
  EXPECT_TRUE(old.success);
  EXPECT_EQ(old.rule, "rot.on-demand");
  // Disabled: refused by the key-state table.
  Command disable;
  disable.op = Op::kDisable;
  Step(m, disable);
  EXPECT_EQ(m.Predict(Rotate(0)).errors, std::vector<ErrorType>{ErrorType::kDisabledException});
}

TEST(Model2026Test, DeletingOneMaterialByItsId) {
  Model m = Imported2026();
  Step(m, Typed(0, ImportTypeForm::kNew));
  Command del;
  del.op = Op::kDeleteMaterial;
  del.material_id = MaterialIdForm::kNext;  // material #1: PENDING_ROTATION
  ASSERT_TRUE(m.Predict(del).success);
  EXPECT_EQ(m.Predict(del).rule, "dikm.key-material-id");
  Step(m, del);
  EXPECT_EQ(m.View(0).state, KeyState::kEnabled) << "pending material leaves, the state stays";
  EXPECT_EQ(m.MaterialsOf(0), std::vector<int>{0});
  // Rotate, then delete the NON_CURRENT material: PendingImport until it is reimported.
  Step(m, Typed(0, ImportTypeForm::kNew));
  Step(m, Rotate(0));
  del.material_id = MaterialIdForm::kNext;  // materials: 2 (current), 0 (NON_CURRENT)
  Step(m, del);
  EXPECT_EQ(m.View(0).state, KeyState::kPendingImport);
  Command reimport = Typed(0, ImportTypeForm::kExisting, false);
  reimport.material_pick = 1;  // material 0
  ASSERT_TRUE(m.Predict(reimport).success);
  Step(m, reimport);
  EXPECT_EQ(m.View(0).state, KeyState::kEnabled);
  Command unknown = del;
  unknown.material_id = MaterialIdForm::kUnknown;
  EXPECT_EQ(m.Predict(unknown).rule, "dikm.key-material-id");
  EXPECT_FALSE(m.Predict(unknown).success);
}

TEST(Model2026Test, TheTwentySixthRotationIsRefused) {
  Model m = Imported2026();
  for (int i = 0; i < 25; ++i) {
    Step(m, Typed(0, ImportTypeForm::kNew));
    ASSERT_TRUE(m.Predict(Rotate(0)).success) << i;
    Step(m, Rotate(0));
  }
  Step(m, Typed(0, ImportTypeForm::kNew));
  const Expectation e = m.Predict(Rotate(0));
  EXPECT_FALSE(e.success);
  EXPECT_EQ(e.rule, "rot.limit");
  EXPECT_EQ(e.errors, std::vector<ErrorType>{ErrorType::kLimitExceededException});
}

Command List(std::uint32_t key, bool all) {
  Command c;
  c.op = Op::kListRotations;
  c.key = key;
  c.all_material = all;
  return c;
}
Command RotateTimes(std::uint32_t key, std::uint32_t times) {
  Command c;
  c.op = Op::kRotateTimes;
  c.key = key;
  c.times = times;
  return c;
}
using S = contract::KeyMaterialState;

TEST(Model2026Test, ListKeyRotationsListsRotatedMaterialOrEveryMaterial) {
  Model m = Imported2026();
  const int first = m.MaterialOf(0);
  Expectation e = m.Predict(List(0, false));
  EXPECT_TRUE(e.success);
  EXPECT_EQ(e.rule, "rot.list-rotations");
  // One material, never rotated: ROTATIONS_ONLY lists nothing, ALL_KEY_MATERIAL the first.
  EXPECT_TRUE(m.Rotations(List(0, false)).empty());
  EXPECT_EQ(m.Rotations(List(0, true)),
            (std::vector<RotationEntry>{{first, S::kCurrent, true, false}}));
  Step(m, Typed(0, ImportTypeForm::kNew));
  const int second = m.next_material() - 1;
  EXPECT_TRUE(m.Rotations(List(0, false)).empty());
  EXPECT_EQ(m.Rotations(List(0, true)),
            (std::vector<RotationEntry>{{first, S::kCurrent, true, false},
                                        {second, S::kPendingRotation, true, false}}));
  Step(m, Rotate(0));
  EXPECT_EQ(m.Rotations(List(0, false)),
            (std::vector<RotationEntry>{{second, S::kCurrent, true, true}}));
  EXPECT_EQ(m.Rotations(List(0, true)),
            (std::vector<RotationEntry>{{first, S::kNonCurrent, true, false},
                                        {second, S::kCurrent, true, true}}));
  // A deleted NON_CURRENT material stays listed, PENDING_IMPORT.
  Command del;
  del.op = Op::kDeleteMaterial;
  del.material_id = MaterialIdForm::kPicked;
  del.material_pick = 1;  // the key's materials: the current one, then the NON_CURRENT one
  Step(m, del);
  EXPECT_EQ(m.Rotations(List(0, true)),
            (std::vector<RotationEntry>{{first, S::kNonCurrent, false, false},
                                        {second, S::kCurrent, true, true}}));
}

TEST(Model2026Test, ListKeyRotationsOfAnAsymmetricKeyIsRefused) {
  Model m(Profile::k2026);
  Command rsa = Create();
  rsa.spec = KeySpec::kRsa2048;
  Step(m, rsa);
  const Expectation e = m.Predict(List(0, true));
  EXPECT_FALSE(e.success);
  EXPECT_EQ(e.rule, "rot.list-rotations");
  EXPECT_EQ(e.errors, std::vector<ErrorType>{ErrorType::kUnsupportedOperationException});
  // Not in profile 2022; not of an AWS_KMS key (KMS's own material ids).
  Model m22(Profile::k2022);
  Step(m22, Create());
  EXPECT_FALSE(m22.Predict(List(0, true)).applicable);
  Model kms(Profile::k2026);
  Step(kms, Create(Origin::kAwsKms));
  EXPECT_FALSE(kms.Predict(List(0, true)).applicable);
}

TEST(Model2026Test, RoundsOfImportAndRotationReachTheLimit) {
  Model m(Profile::k2026);
  Step(m, Create());
  EXPECT_FALSE(m.Predict(RotateTimes(0, 26)).applicable) << "no parameters to import with";
  Step(m, Gpfi(0), 1);
  Step(m, Import(0, 0));
  const std::vector<Command> round = m.Round(RotateTimes(0, 26));
  ASSERT_EQ(round.size(), 2u);
  EXPECT_EQ(round[0].op, Op::kImport);
  EXPECT_EQ(round[0].import_type, ImportTypeForm::kNew);
  EXPECT_EQ(round[1].op, Op::kRotate);
  Step(m, RotateTimes(0, 13));
  Step(m, RotateTimes(0, 12));
  EXPECT_EQ(m.Rotations(List(0, false)).size(), 25u);
  // The 26th round: the import is taken (PENDING_ROTATION), the rotation refused.
  const std::vector<Command> last = m.Round(RotateTimes(0, 1));
  Step(m, last[0]);
  const Expectation e = m.Predict(last[1]);
  EXPECT_FALSE(e.success);
  EXPECT_EQ(e.rule, "rot.limit");
  // An AWS_KMS key rotates without imports.
  Step(m, Create(Origin::kAwsKms));
  EXPECT_EQ(m.Round(RotateTimes(1, 1)).size(), 1u);
}

}  // namespace
}  // namespace kc::model
