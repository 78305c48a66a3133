// The planted faults of dikm.key-material-id and rot.* (profile 2026): each does what its
// description in faults.h says, and the clean model does not.
#include <gtest/gtest.h>

#include "mock_kms/model/key_record.h"
#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"

namespace kc::mock {
namespace {

using namespace testing;
using contract::ImportState;
using contract::ImportType;
using contract::IncludeKeyMaterial;
using contract::KeyMaterialState;

std::unique_ptr<ModelFixture> Make(Fault fault = Fault::kNone) {
  return ModelFixture::Make(WithProfile(Profile::k2026, fault));
}

Outcome<codec::ImportKeyMaterialResponse> ImportAs(ModelFixture& f, const std::string& id,
                                                   ByteView material,
                                                   std::optional<ImportType> type) {
  auto p = f.Gpfi(id, WrappingAlgorithm::kRsaesOaepSha256);
  if (!p.ok()) return p.error();
  codec::ImportKeyMaterialRequest r;
  r.key_id = id;
  r.import_token = *p.value().import_token;
  r.encrypted_key_material = f.Wrap(p.value(), WrappingAlgorithm::kRsaesOaepSha256, material);
  r.expiration_model = ExpirationModel::kKeyMaterialDoesNotExpire;
  r.import_type = type;
  return f.kms->ImportKeyMaterial(f.caller, r);
}

Outcome<codec::RotateKeyOnDemandResponse> Rotate(ModelFixture& f, const std::string& id) {
  codec::RotateKeyOnDemandRequest r;
  r.key_id = id;
  return f.kms->RotateKeyOnDemand(f.caller, r);
}

Outcome<codec::ListKeyRotationsResponse> List(ModelFixture& f, const std::string& id,
                                              std::optional<IncludeKeyMaterial> include,
                                              std::optional<int> limit = std::nullopt,
                                              std::optional<std::string> marker = std::nullopt) {
  codec::ListKeyRotationsRequest r;
  r.key_id = id;
  r.include_key_material = include;
  r.limit = limit;
  r.marker = std::move(marker);
  return f.kms->ListKeyRotations(f.caller, r);
}

Outcome<codec::DeleteImportedKeyMaterialResponse> DeleteId(ModelFixture& f, const std::string& id,
                                                           const std::string& material_id) {
  codec::DeleteImportedKeyMaterialRequest r;
  r.key_id = id;
  r.key_material_id = material_id;
  return f.kms->DeleteImportedKeyMaterial(f.caller, r);
}

// A key with M1 (first), M2 rotated to, M3 PENDING_ROTATION; blob1 made under M1.
struct ThreeMaterials {
  std::string id, m1, m2, m3;
  Bytes blob1;
};

ThreeMaterials Make3(ModelFixture& f) {
  ThreeMaterials k;
  k.id = f.CreateExternal();
  auto a = ImportAs(f, k.id, Material32("m1"), std::nullopt);
  EXPECT_TRUE(IsOk(a));
  k.m1 = *a.value().key_material_id;
  k.blob1 = *f.Encrypt(k.id, AsBytes("under m1")).value().ciphertext_blob;
  auto b = ImportAs(f, k.id, Material32("m2"), ImportType::kNewKeyMaterial);
  EXPECT_TRUE(IsOk(b));
  k.m2 = *b.value().key_material_id;
  EXPECT_TRUE(IsOk(Rotate(f, k.id)));
  auto c = ImportAs(f, k.id, Material32("m3"), ImportType::kNewKeyMaterial);
  EXPECT_TRUE(IsOk(c));
  k.m3 = *c.value().key_material_id;
  return k;
}

TEST(RotFaults, DikmKeyMaterialIdIgnoresTheId) {
  for (Fault fault : {Fault::kNone, Fault::kDikmKeyMaterialId}) {
    auto f = Make(fault);
    const ThreeMaterials k = Make3(*f);
    ASSERT_TRUE(IsOk(DeleteId(*f, k.id, k.m3)));
    const codec::KeyMetadata m = f->Metadata(k.id);
    if (fault == Fault::kNone) {
      EXPECT_EQ(m.key_state, KeyState::kEnabled);
      EXPECT_EQ(m.current_key_material_id, k.m2);
    } else {
      EXPECT_EQ(m.key_state, KeyState::kPendingImport) << "the current material went";
    }
  }
}

TEST(RotFaults, DikmKeyMaterialId2KeepsTheKeyEnabled) {
  for (Fault fault : {Fault::kNone, Fault::kDikmKeyMaterialId2}) {
    auto f = Make(fault);
    const ThreeMaterials k = Make3(*f);
    ASSERT_TRUE(IsOk(DeleteId(*f, k.id, k.m1)));
    EXPECT_EQ(f->Metadata(k.id).key_state,
              fault == Fault::kNone ? KeyState::kPendingImport : KeyState::kEnabled);
  }
}

TEST(RotFaults, RotOnDemandChangesNothing) {
  auto f = Make(Fault::kRotOnDemand);
  const std::string id = f->CreateExternal();
  auto a = ImportAs(*f, id, Material32("m1"), std::nullopt);
  ASSERT_TRUE(IsOk(a));
  EXPECT_TRUE(IsOk(Rotate(*f, id))) << "accepted without PENDING_ROTATION material";
  ASSERT_TRUE(IsOk(ImportAs(*f, id, Material32("m2"), ImportType::kNewKeyMaterial)));
  EXPECT_TRUE(IsOk(Rotate(*f, id)));
  EXPECT_EQ(f->Metadata(id).current_key_material_id, a.value().key_material_id);
}

TEST(RotFaults, RotOnDemand2DropsTheOldMaterial) {
  for (Fault fault : {Fault::kNone, Fault::kRotOnDemand2}) {
    auto f = Make(fault);
    const ThreeMaterials k = Make3(*f);
    auto out = f->Decrypt(k.blob1);
    if (fault == Fault::kNone) {
      EXPECT_TRUE(IsOk(out));
    } else {
      EXPECT_TRUE(IsApiErrorType(out, ErrorType::kInvalidCiphertextException));
    }
    // ListKeyRotations still shows M1 imported.
    auto list = List(*f, k.id, IncludeKeyMaterial::kAllKeyMaterial);
    ASSERT_TRUE(IsOk(list));
    EXPECT_EQ(list.value().rotations->front().key_material_id, k.m1);
    EXPECT_EQ(list.value().rotations->front().import_state, ImportState::kImported);
  }
}

// Rotations until the first refusal (at most 30); the number that succeeded.
int RotationsAllowed(Fault fault) {
  auto f = Make(fault);
  const std::string id = f->CreateExternal();
  EXPECT_TRUE(IsOk(ImportAs(*f, id, Material32("m0"), std::nullopt)));
  for (int i = 1; i <= 30; ++i) {
    EXPECT_TRUE(IsOk(ImportAs(*f, id, Material32("m" + std::to_string(i)),
                              ImportType::kNewKeyMaterial)));
    auto r = Rotate(*f, id);
    if (!r.ok()) {
      EXPECT_TRUE(IsApiErrorType(r, ErrorType::kLimitExceededException));
      return i - 1;
    }
  }
  return 30;
}

TEST(RotFaults, RotLimit) {
  EXPECT_EQ(RotationsAllowed(Fault::kNone), 25);
  EXPECT_EQ(RotationsAllowed(Fault::kRotLimit), 30) << "no limit";
  EXPECT_EQ(RotationsAllowed(Fault::kRotLimit2), 10);
}

TEST(RotFaults, RotListRotationsIgnoresIncludeKeyMaterial) {
  for (Fault fault : {Fault::kNone, Fault::kRotListRotations}) {
    auto f = Make(fault);
    const ThreeMaterials k = Make3(*f);
    auto list = List(*f, k.id, std::nullopt);
    ASSERT_TRUE(IsOk(list));
    EXPECT_EQ(list.value().rotations->size(), fault == Fault::kNone ? 1U : 3U);
  }
}

TEST(RotFaults, RotListRotations2SkipsAnEntry) {
  for (Fault fault : {Fault::kNone, Fault::kRotListRotations2}) {
    auto f = Make(fault);
    const ThreeMaterials k = Make3(*f);
    std::vector<std::string> ids;
    std::optional<std::string> marker;
    for (int page = 0; page < 10; ++page) {
      auto list = List(*f, k.id, IncludeKeyMaterial::kAllKeyMaterial, 1, marker);
      ASSERT_TRUE(IsOk(list));
      for (const auto& e : *list.value().rotations) ids.push_back(*e.key_material_id);
      if (!list.value().truncated.value_or(false)) break;
      marker = list.value().next_marker;
    }
    if (fault == Fault::kNone) {
      EXPECT_EQ(ids, (std::vector<std::string>{k.m1, k.m2, k.m3}));
    } else {
      EXPECT_EQ(ids, (std::vector<std::string>{k.m1, k.m3}));
    }
  }
}

}  // namespace
}  // namespace kc::mock
