// Profile 2026: several key materials per symmetric key (ImportType, KeyMaterialId,
// KeyMaterialDescription, PENDING_ROTATION, RotateKeyOnDemand, ListKeyRotations,
// DeleteImportedKeyMaterial by KeyMaterialId, expiry per material), their persistence, and
// the 2022 profile, where RotateKeyOnDemand and ListKeyRotations do not exist.
#include <set>

#include <gtest/gtest.h>

#include "mock_kms/model/key_record.h"
#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"
#include "mock_kms/model/testing/temp_dir.h"

namespace kc::mock {
namespace {

using namespace testing;
using contract::ImportState;
using contract::ImportType;
using contract::IncludeKeyMaterial;
using contract::KeyMaterialState;
using contract::RotationType;

constexpr double kDay = 86400;

std::unique_ptr<ModelFixture> Make2026() { return ModelFixture::Make(WithProfile(Profile::k2026)); }

struct ImportArgs {
  std::optional<ImportType> type;
  std::optional<std::string> material_id;
  std::optional<std::string> description;
  ExpirationModel model = ExpirationModel::kKeyMaterialDoesNotExpire;
  std::optional<EpochSeconds> valid_to;
};

Outcome<codec::ImportKeyMaterialResponse> ImportWith(ModelFixture& f, const std::string& id,
                                                     ByteView material, const ImportArgs& a) {
  auto p = f.Gpfi(id, WrappingAlgorithm::kRsaesOaepSha256);
  if (!p.ok()) return p.error();
  codec::ImportKeyMaterialRequest r;
  r.key_id = id;
  r.import_token = *p.value().import_token;
  r.encrypted_key_material = f.Wrap(p.value(), WrappingAlgorithm::kRsaesOaepSha256, material);
  r.expiration_model = a.model;
  r.valid_to = a.valid_to;
  r.import_type = a.type;
  r.key_material_id = a.material_id;
  r.key_material_description = a.description;
  return f.kms->ImportKeyMaterial(f.caller, r);
}

Outcome<codec::ImportKeyMaterialResponse> ImportNew(ModelFixture& f, const std::string& id,
                                                    ByteView material,
                                                    std::optional<std::string> description = {}) {
  ImportArgs a;
  a.type = ImportType::kNewKeyMaterial;
  a.description = std::move(description);
  return ImportWith(f, id, material, a);
}

Outcome<codec::RotateKeyOnDemandResponse> Rotate(ModelFixture& f, const std::string& id) {
  codec::RotateKeyOnDemandRequest r;
  r.key_id = id;
  return f.kms->RotateKeyOnDemand(f.caller, r);
}

Outcome<codec::ListKeyRotationsResponse> List(
    ModelFixture& f, const std::string& id,
    std::optional<IncludeKeyMaterial> include = IncludeKeyMaterial::kAllKeyMaterial,
    std::optional<int> limit = std::nullopt, std::optional<std::string> marker = std::nullopt) {
  codec::ListKeyRotationsRequest r;
  r.key_id = id;
  r.include_key_material = include;
  r.limit = limit;
  r.marker = std::move(marker);
  return f.kms->ListKeyRotations(f.caller, r);
}

Outcome<codec::DeleteImportedKeyMaterialResponse> DeleteMaterial(ModelFixture& f,
                                                                 const std::string& id,
                                                                 std::string material_id) {
  codec::DeleteImportedKeyMaterialRequest r;
  r.key_id = id;
  r.key_material_id = std::move(material_id);
  return f.kms->DeleteImportedKeyMaterial(f.caller, r);
}

// Two materials: M1 imported first, M2 imported as NEW_KEY_MATERIAL and rotated to.
struct TwoMaterials {
  std::string id, m1, m2;
  Bytes blob1, blob2;  // a ciphertext made under each
};

TwoMaterials MakeTwoMaterials(ModelFixture& f) {
  TwoMaterials k;
  k.id = f.CreateExternal();
  auto first = ImportWith(f, k.id, Material32("m1"), ImportArgs{});
  EXPECT_TRUE(IsOk(first));
  k.m1 = *first.value().key_material_id;
  k.blob1 = *f.Encrypt(k.id, AsBytes("under m1")).value().ciphertext_blob;
  auto second = ImportNew(f, k.id, Material32("m2"), "second");
  EXPECT_TRUE(IsOk(second));
  k.m2 = *second.value().key_material_id;
  EXPECT_TRUE(IsOk(Rotate(f, k.id)));
  k.blob2 = *f.Encrypt(k.id, AsBytes("under m2")).value().ciphertext_blob;
  return k;
}

TEST(KeyMaterials, FirstImportIsNewMaterialAndCurrent) {
  auto f = Make2026();
  const std::string id = f->CreateExternal();
  EXPECT_EQ(f->Metadata(id).current_key_material_id, std::nullopt) << "no material yet";
  auto out = ImportWith(*f, id, Material32("m1"), ImportArgs{});  // ImportType omitted
  ASSERT_TRUE(IsOk(out));
  const codec::KeyMetadata m = f->Metadata(id);
  EXPECT_EQ(m.key_state, KeyState::kEnabled);
  EXPECT_EQ(m.current_key_material_id, out.value().key_material_id);
  auto list = List(*f, id);
  ASSERT_TRUE(IsOk(list));
  ASSERT_EQ(list.value().rotations->size(), 1U);
  const codec::RotationsListEntry& e = list.value().rotations->front();
  EXPECT_EQ(e.key_id, id);
  EXPECT_EQ(e.key_material_id, out.value().key_material_id);
  EXPECT_EQ(e.key_material_state, KeyMaterialState::kCurrent);
  EXPECT_EQ(e.import_state, ImportState::kImported);
  EXPECT_EQ(e.expiration_model, ExpirationModel::kKeyMaterialDoesNotExpire);
  EXPECT_EQ(e.rotation_date, std::nullopt) << "the first material";
  EXPECT_EQ(e.rotation_type, std::nullopt);
  // ROTATIONS_ONLY (the default) lists completed rotations only: none yet.
  auto rotations = List(*f, id, std::nullopt);
  ASSERT_TRUE(IsOk(rotations));
  EXPECT_TRUE(rotations.value().rotations->empty());
  EXPECT_EQ(rotations.value().truncated, false);
}

TEST(KeyMaterials, OmittedImportTypeAfterTheFirstImportIsExistingMaterial) {
  auto f = Make2026();
  const std::string id = f->CreateExternal();
  ASSERT_TRUE(IsOk(ImportWith(*f, id, Material32("m1"), ImportArgs{})));
  EXPECT_TRUE(IsApiError(ImportWith(*f, id, Material32("other"), ImportArgs{}),
                         ErrorType::kIncorrectKeyMaterialException,
                         "Key material being imported does not match the key material "
                         "previously imported into this key"));
  EXPECT_TRUE(IsOk(ImportWith(*f, id, Material32("m1"), ImportArgs{})));
}

TEST(KeyMaterials, NewMaterialWaitsInPendingRotation) {
  auto f = Make2026();
  const std::string id = f->CreateExternal();
  auto first = ImportWith(*f, id, Material32("m1"), ImportArgs{});
  const Bytes blob1 = *f->Encrypt(id, AsBytes("p1")).value().ciphertext_blob;
  auto second = ImportNew(*f, id, Material32("m2"), "my second material");
  ASSERT_TRUE(IsOk(second));
  EXPECT_NE(second.value().key_material_id, first.value().key_material_id);
  const codec::KeyMetadata m = f->Metadata(id);
  EXPECT_EQ(m.key_state, KeyState::kEnabled);
  EXPECT_EQ(m.current_key_material_id, first.value().key_material_id) << "not current yet";
  // Encrypt still uses M1: its ciphertext says so on Decrypt.
  const Bytes blob = *f->Encrypt(id, AsBytes("p")).value().ciphertext_blob;
  EXPECT_EQ(f->Decrypt(blob).value().key_material_id, first.value().key_material_id);
  auto list = List(*f, id);
  ASSERT_EQ(list.value().rotations->size(), 2U);
  const codec::RotationsListEntry& pending = list.value().rotations->back();
  EXPECT_EQ(pending.key_material_id, second.value().key_material_id);
  EXPECT_EQ(pending.key_material_state, KeyMaterialState::kPendingRotation);
  EXPECT_EQ(pending.import_state, ImportState::kImported);
  EXPECT_EQ(pending.key_material_description, "my second material");
  EXPECT_EQ(pending.rotation_date, std::nullopt);
  EXPECT_TRUE(List(*f, id, IncludeKeyMaterial::kRotationsOnly).value().rotations->empty());
  EXPECT_TRUE(IsOk(f->Decrypt(blob1)));
}

TEST(KeyMaterials, RotateOnDemandMakesThePendingMaterialCurrent) {
  auto f = Make2026();
  f->clock.Set(1'800'000'000);
  const TwoMaterials k = MakeTwoMaterials(*f);
  const codec::KeyMetadata m = f->Metadata(k.id);
  EXPECT_EQ(m.current_key_material_id, k.m2);
  EXPECT_EQ(m.key_state, KeyState::kEnabled);
  // Old ciphertexts decrypt under their own material; new ones are made under M2.
  auto p1 = f->Decrypt(k.blob1);
  ASSERT_TRUE(IsOk(p1));
  EXPECT_EQ(*p1.value().plaintext, Bytes(AsBytes("under m1").begin(), AsBytes("under m1").end()));
  EXPECT_EQ(p1.value().key_material_id, k.m1);
  auto p2 = f->Decrypt(k.blob2);
  ASSERT_TRUE(IsOk(p2));
  EXPECT_EQ(p2.value().key_material_id, k.m2);
  // ListKeyRotations: M1 NON_CURRENT (the first material: no rotation date), M2 CURRENT,
  // rotated ON_DEMAND now.
  auto all = List(*f, k.id);
  ASSERT_TRUE(IsOk(all));
  ASSERT_EQ(all.value().rotations->size(), 2U);
  const auto& e1 = (*all.value().rotations)[0];
  const auto& e2 = (*all.value().rotations)[1];
  EXPECT_EQ(e1.key_material_id, k.m1);
  EXPECT_EQ(e1.key_material_state, KeyMaterialState::kNonCurrent);
  EXPECT_EQ(e1.rotation_date, std::nullopt);
  EXPECT_EQ(e2.key_material_id, k.m2);
  EXPECT_EQ(e2.key_material_state, KeyMaterialState::kCurrent);
  EXPECT_EQ(e2.rotation_date, 1'800'000'000);
  EXPECT_EQ(e2.rotation_type, RotationType::kOnDemand);
  EXPECT_EQ(e2.key_material_description, "second");
  auto rotations = List(*f, k.id, IncludeKeyMaterial::kRotationsOnly);
  ASSERT_EQ(rotations.value().rotations->size(), 1U);
  EXPECT_EQ(rotations.value().rotations->front().key_material_id, k.m2);
}

TEST(KeyMaterials, RotateWithoutPendingMaterialIsRefused) {
  auto f = Make2026();
  const std::string id = f->CreateExternal();
  ASSERT_TRUE(IsOk(ImportWith(*f, id, Material32("m1"), ImportArgs{})));
  EXPECT_TRUE(IsApiErrorType(Rotate(*f, id), ErrorType::kUnsupportedOperationException));
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kEnabled);
}

TEST(KeyMaterials, RotateRefusesAsymmetricAndHmacKeys) {
  auto f = Make2026();
  for (auto [spec, usage] : {std::pair{KeySpec::kRsa2048, KeyUsage::kSignVerify},
                             std::pair{KeySpec::kEccNistP256, KeyUsage::kSignVerify},
                             std::pair{KeySpec::kHmac256, KeyUsage::kGenerateVerifyMac}}) {
    const std::string id = f->CreateExternal(spec, usage);
    EXPECT_TRUE(IsApiError(Rotate(*f, id), ErrorType::kUnsupportedOperationException,
                           f->Arn(id) + " key spec is " + std::string(contract::ToWire(spec)) +
                               ": on-demand rotation is supported only on symmetric encryption "
                               "KMS keys."));
    EXPECT_TRUE(IsApiErrorType(List(*f, id), ErrorType::kUnsupportedOperationException));
  }
}

TEST(KeyMaterials, RotateFollowsTheKeyStateTable) {
  auto f = Make2026();
  const std::string pending = f->CreateExternal();
  EXPECT_TRUE(IsApiError(Rotate(*f, pending), ErrorType::kKMSInvalidStateException,
                         f->Arn(pending) + " is pending import."));
  const TwoMaterials k = MakeTwoMaterials(*f);
  ASSERT_TRUE(IsOk(ImportNew(*f, k.id, Material32("m3"))));
  ASSERT_TRUE(IsOk(f->Disable(k.id)));
  EXPECT_TRUE(
      IsApiError(Rotate(*f, k.id), ErrorType::kDisabledException, f->Arn(k.id) + " is disabled."));
  ASSERT_TRUE(IsOk(f->Schedule(k.id)));
  EXPECT_TRUE(IsApiError(Rotate(*f, k.id), ErrorType::kKMSInvalidStateException,
                         f->Arn(k.id) + " is pending deletion."));
  EXPECT_TRUE(
      IsApiError(Rotate(*f, "1234abcd-12ab-34cd-56ef-1234567890ab"), ErrorType::kNotFoundException,
                 "Key '" + f->Arn("1234abcd-12ab-34cd-56ef-1234567890ab") + "' does not exist"));
}

TEST(KeyMaterials, AwsKmsKeysRotateToNewMaterial) {
  auto f = Make2026();
  const std::string id = f->CreateAwsKms();
  const std::string before = *f->Metadata(id).current_key_material_id;
  const Bytes blob = *f->Encrypt(id, AsBytes("p")).value().ciphertext_blob;
  ASSERT_TRUE(IsOk(Rotate(*f, id)));
  const std::string after = *f->Metadata(id).current_key_material_id;
  EXPECT_NE(before, after);
  EXPECT_EQ(f->Decrypt(blob).value().key_material_id, before);
  auto list = List(*f, id, IncludeKeyMaterial::kRotationsOnly);
  ASSERT_EQ(list.value().rotations->size(), 1U);
  EXPECT_EQ(list.value().rotations->front().import_state, std::nullopt) << "EXTERNAL only";
}

TEST(KeyMaterials, TheRotationLimitIs25PerKey) {
  auto f = Make2026();
  const std::string id = f->CreateExternal();
  ASSERT_TRUE(IsOk(ImportWith(*f, id, Material32("m0"), ImportArgs{})));
  for (int i = 1; i <= 25; ++i) {
    ASSERT_TRUE(IsOk(ImportNew(*f, id, Material32("m" + std::to_string(i))))) << i;
    ASSERT_TRUE(IsOk(Rotate(*f, id))) << i;
  }
  ASSERT_TRUE(IsOk(ImportNew(*f, id, Material32("m26"))));
  EXPECT_TRUE(IsApiError(Rotate(*f, id), ErrorType::kLimitExceededException,
                         f->Arn(id) + " has reached the limit of 25 on-demand rotations."));
  // Paging: 27 materials, 10 a page.
  std::vector<std::string> seen;
  std::optional<std::string> marker;
  int pages = 0;
  do {
    auto page = List(*f, id, IncludeKeyMaterial::kAllKeyMaterial, 10, marker);
    ASSERT_TRUE(IsOk(page));
    for (const auto& e : *page.value().rotations) seen.push_back(*e.key_material_id);
    EXPECT_EQ(page.value().truncated, page.value().next_marker.has_value());
    marker = page.value().next_marker;
    ++pages;
  } while (marker);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 27U);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 27U);
  EXPECT_TRUE(IsApiErrorType(List(*f, id, IncludeKeyMaterial::kAllKeyMaterial, 10, "bm90IG91cnM="),
                             ErrorType::kInvalidMarkerException));
}

TEST(KeyMaterials, NewMaterialIsRefusedWhereItCannotGo) {
  auto f = Make2026();
  const std::string id = f->CreateExternal();
  auto first = ImportWith(*f, id, Material32("m1"), ImportArgs{});
  // The key's own material is not new.
  EXPECT_TRUE(IsApiErrorType(ImportNew(*f, id, Material32("m1")),
                             ErrorType::kIncorrectKeyMaterialException));
  // A key material id with NEW_KEY_MATERIAL.
  ImportArgs a;
  a.type = ImportType::kNewKeyMaterial;
  a.material_id = *first.value().key_material_id;
  EXPECT_TRUE(
      IsApiError(ImportWith(*f, id, Material32("m2"), a), ErrorType::kValidationException,
                 "You cannot specify a key material ID with ImportType set to NEW_KEY_MATERIAL."));
  // One material pending rotation at a time.
  ASSERT_TRUE(IsOk(ImportNew(*f, id, Material32("m2"))));
  EXPECT_TRUE(
      IsApiErrorType(ImportNew(*f, id, Material32("m3")), ErrorType::kKMSInvalidStateException));
  // ImportType on an asymmetric or HMAC key.
  const std::string hmac = f->CreateExternal(KeySpec::kHmac256, KeyUsage::kGenerateVerifyMac);
  EXPECT_TRUE(IsApiErrorType(ImportNew(*f, hmac, Bytes(32, 7)), ErrorType::kValidationException));
  ImportArgs existing;
  existing.type = ImportType::kExistingKeyMaterial;
  EXPECT_TRUE(IsApiErrorType(ImportWith(*f, hmac, Bytes(32, 7), existing),
                             ErrorType::kValidationException));
  EXPECT_TRUE(IsOk(ImportWith(*f, hmac, Bytes(32, 7), ImportArgs{})));
}

TEST(KeyMaterials, ExistingMaterialIsMatchedByKeyMaterialId) {
  auto f = Make2026();
  const TwoMaterials k = MakeTwoMaterials(*f);
  ImportArgs a;
  a.type = ImportType::kExistingKeyMaterial;
  a.material_id = k.m1;
  EXPECT_TRUE(IsApiError(ImportWith(*f, k.id, Material32("m2"), a),
                         ErrorType::kIncorrectKeyMaterialException,
                         "The key material does not match KeyMaterialId " + k.m1 + "."));
  EXPECT_TRUE(IsOk(ImportWith(*f, k.id, Material32("m1"), a)));
  a.material_id = k.m2;
  EXPECT_TRUE(IsOk(ImportWith(*f, k.id, Material32("m2"), a)));
}

TEST(KeyMaterials, DeletingAnyPermanentMaterialMakesTheKeyPendingImport) {
  auto f = Make2026();
  const TwoMaterials k = MakeTwoMaterials(*f);
  // Delete M1 (NON_CURRENT) by its id.
  auto del = DeleteMaterial(*f, k.id, k.m1);
  ASSERT_TRUE(IsOk(del));
  EXPECT_EQ(del.value().key_material_id, k.m1);
  EXPECT_EQ(f->Metadata(k.id).key_state, KeyState::kPendingImport);
  EXPECT_EQ(f->Metadata(k.id).current_key_material_id, k.m2);
  const std::string arn = f->Arn(k.id);
  EXPECT_TRUE(IsApiError(f->Encrypt(k.id, AsBytes("p")), ErrorType::kKMSInvalidStateException,
                         arn + " is pending import."));
  EXPECT_TRUE(IsApiError(f->Decrypt(k.blob1), ErrorType::kKMSInvalidStateException,
                         arn + " is pending import."));
  EXPECT_TRUE(IsApiError(f->Decrypt(k.blob2), ErrorType::kKMSInvalidStateException,
                         arn + " is pending import."));
  auto list = List(*f, k.id);
  EXPECT_EQ((*list.value().rotations)[0].import_state, ImportState::kPendingImport);
  EXPECT_EQ((*list.value().rotations)[0].expiration_model, std::nullopt);
  // Reimport M1 (ImportType omitted: EXISTING_KEY_MATERIAL): both ciphertexts decrypt.
  ASSERT_TRUE(IsOk(ImportWith(*f, k.id, Material32("m1"), ImportArgs{})));
  EXPECT_EQ(f->Metadata(k.id).key_state, KeyState::kEnabled);
  EXPECT_TRUE(IsOk(f->Decrypt(k.blob1)));
  EXPECT_TRUE(IsOk(f->Decrypt(k.blob2)));
  // Delete the current material (no KeyMaterialId): the same, until M2 is back.
  auto cur = f->Dikm(k.id);
  ASSERT_TRUE(IsOk(cur));
  EXPECT_EQ(cur.value().key_material_id, k.m2);
  EXPECT_EQ(f->Metadata(k.id).key_state, KeyState::kPendingImport);
  EXPECT_TRUE(IsApiErrorType(f->Decrypt(k.blob1), ErrorType::kKMSInvalidStateException));
  // Other material does not take M2's place.
  EXPECT_TRUE(IsApiErrorType(ImportWith(*f, k.id, Material32("m9"), ImportArgs{}),
                             ErrorType::kIncorrectKeyMaterialException));
  ASSERT_TRUE(IsOk(ImportWith(*f, k.id, Material32("m2"), ImportArgs{})));
  EXPECT_EQ(f->Metadata(k.id).key_state, KeyState::kEnabled);
  EXPECT_TRUE(IsOk(f->Decrypt(k.blob1)));
  EXPECT_TRUE(IsOk(f->Decrypt(k.blob2)));
}

TEST(KeyMaterials, BothMissingNeedBothBack) {
  auto f = Make2026();
  const TwoMaterials k = MakeTwoMaterials(*f);
  ASSERT_TRUE(IsOk(DeleteMaterial(*f, k.id, k.m1)));
  ASSERT_TRUE(IsOk(f->Dikm(k.id)));
  ASSERT_TRUE(IsOk(ImportWith(*f, k.id, Material32("m2"), ImportArgs{})));
  EXPECT_EQ(f->Metadata(k.id).key_state, KeyState::kPendingImport) << "M1 is still missing";
  ASSERT_TRUE(IsOk(ImportWith(*f, k.id, Material32("m1"), ImportArgs{})));
  EXPECT_EQ(f->Metadata(k.id).key_state, KeyState::kEnabled);
}

TEST(KeyMaterials, DeletingPendingRotationMaterialLeavesTheKeyAsItIs) {
  auto f = Make2026();
  const std::string id = f->CreateExternal();
  ASSERT_TRUE(IsOk(ImportWith(*f, id, Material32("m1"), ImportArgs{})));
  auto pending = ImportNew(*f, id, Material32("m2"));
  ASSERT_TRUE(IsOk(pending));
  auto del = DeleteMaterial(*f, id, *pending.value().key_material_id);
  ASSERT_TRUE(IsOk(del));
  EXPECT_EQ(del.value().key_material_id, pending.value().key_material_id);
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kEnabled);
  EXPECT_EQ(List(*f, id).value().rotations->size(), 1U) << "it left the key";
  // Different material may take its place.
  ASSERT_TRUE(IsOk(ImportNew(*f, id, Material32("m3"))));
  ASSERT_TRUE(IsOk(Rotate(*f, id)));
  // An id the key never had.
  EXPECT_TRUE(
      IsApiError(DeleteMaterial(*f, id, std::string(64, 'a')), ErrorType::kNotFoundException,
                 "Key material " + std::string(64, 'a') + " is not found for " + f->Arn(id) + "."));
}

TEST(KeyMaterials, EachMaterialExpiresOnItsOwn) {
  auto f = Make2026();
  f->clock.Set(1'800'000'000);
  const std::string id = f->CreateExternal();
  ImportArgs expiring;
  expiring.model = ExpirationModel::kKeyMaterialExpires;
  expiring.valid_to = 1'800'000'000 + kDay;
  auto m1 = ImportWith(*f, id, Material32("m1"), expiring);
  ASSERT_TRUE(IsOk(m1));
  ImportArgs pending = expiring;
  pending.type = ImportType::kNewKeyMaterial;
  pending.valid_to = 1'800'000'000 + 2 * kDay;
  ASSERT_TRUE(IsOk(ImportWith(*f, id, Material32("m2"), pending)));
  ASSERT_TRUE(IsOk(Rotate(*f, id)));  // M1 NON_CURRENT, expires after a day
  auto list = List(*f, id);
  EXPECT_EQ((*list.value().rotations)[0].valid_to, 1'800'000'000 + kDay);
  EXPECT_EQ((*list.value().rotations)[1].valid_to, 1'800'000'000 + 2 * kDay);
  f->clock.Advance(kDay);
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kPendingImport) << "M1 expired";
  EXPECT_EQ((*List(*f, id).value().rotations)[0].import_state, ImportState::kPendingImport);
  ASSERT_TRUE(IsOk(ImportWith(*f, id, Material32("m1"), ImportArgs{})));
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kEnabled);
  // A material pending rotation that expires leaves the key; the state stays.
  ImportArgs soon;
  soon.type = ImportType::kNewKeyMaterial;
  soon.model = ExpirationModel::kKeyMaterialExpires;
  soon.valid_to = f->clock.Now() + 10;
  ASSERT_TRUE(IsOk(ImportWith(*f, id, Material32("m3"), soon)));
  f->clock.Advance(10);
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kEnabled);
  EXPECT_EQ(List(*f, id).value().rotations->size(), 2U);
  EXPECT_TRUE(IsApiErrorType(Rotate(*f, id), ErrorType::kUnsupportedOperationException));
}

TEST(KeyMaterials, EverythingSurvivesARestart) {
  TempDir dir;
  TwoMaterials k;
  std::string pending_id;
  codec::ListKeyRotationsResponse before;
  {
    auto f = ModelFixture::Make(WithStateDir(dir.path(), 1, Profile::k2026));
    ASSERT_NE(f, nullptr);
    k = MakeTwoMaterials(*f);
    ASSERT_TRUE(IsOk(DeleteMaterial(*f, k.id, k.m1)));
    auto p = ImportNew(*f, k.id, Material32("m3"), "third");
    pending_id = *p.value().key_material_id;
    before = List(*f, k.id).value();
    EXPECT_EQ(f->Metadata(k.id).key_state, KeyState::kPendingImport);
  }
  auto f = ModelFixture::Make(WithStateDir(dir.path(), 2, Profile::k2026));
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(List(*f, k.id).value(), before);
  EXPECT_EQ(f->Metadata(k.id).key_state, KeyState::kPendingImport);
  EXPECT_EQ(f->Metadata(k.id).current_key_material_id, k.m2);
  ASSERT_TRUE(IsOk(ImportWith(*f, k.id, Material32("m1"), ImportArgs{})));
  EXPECT_TRUE(IsOk(f->Decrypt(k.blob1)));
  EXPECT_TRUE(IsOk(f->Decrypt(k.blob2)));
  ASSERT_TRUE(IsOk(Rotate(*f, k.id)));
  EXPECT_EQ(f->Metadata(k.id).current_key_material_id, pending_id);
  EXPECT_TRUE(IsOk(f->Decrypt(k.blob1)));
}

TEST(KeyMaterials, TheJournalRecordOfAMaterialSetRoundTrips) {
  KeyRecord k;
  k.key_id = "1234abcd-12ab-34cd-56ef-1234567890ab";
  k.origin = Origin::kExternal;
  k.has_material = true;
  k.material = Material32("m2");
  k.material_id = crypto::Digest256{};
  k.material_description = "current";
  k.current_rotation_date = 1'800'000'000.5;
  k.on_demand_rotations = 3;
  OtherMaterial old;
  old.id.fill(1);
  old.imported = true;
  old.material = Material32("m1");
  old.expiration_model = ExpirationModel::kKeyMaterialExpires;
  old.valid_to = 1'900'000'000;
  OtherMaterial pending;
  pending.id.fill(2);
  pending.state = KeyMaterialState::kPendingRotation;
  pending.imported = true;
  pending.material = Material32("m3");
  pending.description = "next";
  OtherMaterial missing;
  missing.id.fill(3);
  missing.rotation_date = 1'700'000'000;
  k.others = {old, pending, missing};
  const Bytes payload = EncodeKeyPut("111122223333", "us-east-1", k);
  const std::optional<JournalEntry> e = DecodeJournalEntry(payload);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(EncodeKeyPut(e->account, e->region, e->key), payload);
  ASSERT_EQ(e->key.others.size(), 3U);
  EXPECT_EQ(e->key.others[1].state, KeyMaterialState::kPendingRotation);
  EXPECT_EQ(e->key.others[2].imported, false);
  EXPECT_EQ(e->key.on_demand_rotations, 3);
  // Every truncation is refused, never a crash.
  for (std::size_t n = 0; n < payload.size(); ++n) {
    EXPECT_FALSE(DecodeJournalEntry(ByteView(payload).first(n)).has_value()) << n;
  }
  // A key without a material set writes no flag (older journals read the same).
  KeyRecord plain = k;
  plain.others.clear();
  plain.material_description.reset();
  plain.current_rotation_date.reset();
  plain.on_demand_rotations = 0;
  const Bytes short_payload = EncodeKeyPut("111122223333", "us-east-1", plain);
  EXPECT_LT(short_payload.size(), payload.size());
  EXPECT_TRUE(DecodeJournalEntry(short_payload).has_value());
}

TEST(KeyMaterials, RotationOperationsDoNotExistIn2022) {
  auto f = ModelFixture::Make({});
  const std::string id = f->CreateAwsKms();
  // The server answers UnknownOperationException before the model (dispatch_test); the
  // model itself never lists CurrentKeyMaterialId or rotations in 2022.
  EXPECT_EQ(f->Metadata(id).current_key_material_id, std::nullopt);
  const std::string ext = f->CreateExternal();
  ASSERT_TRUE(IsOk(f->Import(ext, Material32("m1"))));
  EXPECT_TRUE(
      IsApiErrorType(f->Import(ext, Material32("m2")), ErrorType::kIncorrectKeyMaterialException));
}

}  // namespace
}  // namespace kc::mock
