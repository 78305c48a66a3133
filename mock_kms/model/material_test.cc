#include "mock_kms/model/material.h"

#include <gtest/gtest.h>

#include "mock_kms/model/testing/model_fixture.h"

namespace kc::mock {
namespace {

using contract::KeySpec;
using contract::Profile;

Bytes Der(std::string_view file) { return *testing::LoadTestKey(file).Pkcs8Der(); }

TEST(Material, SymmetricMaterialIs256Bits) {  // ikm.material-length
  for (Profile p : {Profile::k2022, Profile::k2026}) {
    EXPECT_EQ(MaterialProblem(p, KeySpec::kSymmetricDefault, Bytes(32, 1)), std::nullopt);
    EXPECT_EQ(MaterialProblem(p, KeySpec::kSymmetricDefault, Bytes(31, 1)),
              "The key material must be 256 bits (32 bytes); the imported material is 31 bytes.");
    EXPECT_EQ(MaterialProblem(p, KeySpec::kSymmetricDefault, Bytes(33, 1), false), std::nullopt);
  }
}

TEST(Material, HmacLengthsFollowTheSpec) {  // ikm.material-length (2026)
  EXPECT_EQ(MaterialProblem(Profile::k2026, KeySpec::kHmac224, Bytes(28, 1)), std::nullopt);
  EXPECT_EQ(MaterialProblem(Profile::k2026, KeySpec::kHmac224, Bytes(64, 1)), std::nullopt);
  EXPECT_EQ(MaterialProblem(Profile::k2026, KeySpec::kHmac224, Bytes(27, 1)),
            "The key material of a HMAC_224 key must be 28 to 64 bytes; the imported material is "
            "27 bytes.");
  EXPECT_NE(MaterialProblem(Profile::k2026, KeySpec::kHmac512, Bytes(129, 1)), std::nullopt);
  EXPECT_EQ(MaterialProblem(Profile::k2026, KeySpec::kHmac512, Bytes(128, 1)), std::nullopt);
}

TEST(Material, AsymmetricMaterialIsAPkcs8KeyOfTheSpec) {
  EXPECT_EQ(MaterialProblem(Profile::k2026, KeySpec::kRsa2048, Der("material_rsa2048.der")),
            std::nullopt);
  EXPECT_EQ(MaterialProblem(Profile::k2026, KeySpec::kEccNistP256, Der("material_ec_p256.der")),
            std::nullopt);
  const std::string wrong =
      "The key material of a RSA_3072 key must be a DER-encoded PKCS#8 private key of that key "
      "spec.";
  EXPECT_EQ(MaterialProblem(Profile::k2026, KeySpec::kRsa3072, Der("material_rsa2048.der")), wrong);
  EXPECT_NE(MaterialProblem(Profile::k2026, KeySpec::kEccNistP256, Der("material_ec_p384.der")),
            std::nullopt);
  EXPECT_NE(MaterialProblem(Profile::k2026, KeySpec::kEccNistP256, Der("material_rsa2048.der")),
            std::nullopt);
  EXPECT_NE(MaterialProblem(Profile::k2026, KeySpec::kRsa2048, Bytes(32, 1)), std::nullopt);
  EXPECT_NE(MaterialProblem(Profile::k2026, KeySpec::kSm2, Der("material_ec_p256.der")),
            std::nullopt);
}

TEST(Material, IdsNameTheMaterialOfOneKey) {
  const Bytes id_key = Bytes(32, 3);
  const auto a = MaterialId(id_key, "k1", Bytes(32, 1));
  EXPECT_EQ(a, MaterialId(id_key, "k1", Bytes(32, 1)));
  EXPECT_NE(a, MaterialId(id_key, "k1", Bytes(32, 2)));
  EXPECT_NE(a, MaterialId(id_key, "k2", Bytes(32, 1)));
  EXPECT_EQ(HexEncode(a).size(), 64U);
}

}  // namespace
}  // namespace kc::mock
