// The faults of the 2026 rules of imported asymmetric and HMAC material (ikm.material-format,
// ikm.large-material-wrap, ikm.asymmetric-in-use, ikm.hmac-in-use, each with its :2): without
// the fault the rule's probe gets AWS's answer, with it the wrong one; and each fault leaves
// the other three rules' probes alone.
#include <functional>

#include <gtest/gtest.h>

#include "harness/crypto/signature.h"
#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"

namespace kc::mock {
namespace {

using namespace testing;
using contract::MacAlgorithm;
using contract::SigningAlgorithm;

template <typename T>
bool Is(const Outcome<T>& o, ErrorType type) {
  return !o.ok() && o.error().type_name == contract::ToWire(type);
}

std::unique_ptr<ModelFixture> Make(Fault fault) {
  return ModelFixture::Make(WithProfile(Profile::k2026, fault));
}

crypto::PrivateKey Rsa(int bits) {
  for (const crypto::PrivateKey& k : WrappingKeys()) {
    if (k.bits() == bits) return k;
  }
  return *crypto::GenerateRsaKey(bits);
}

// ImportsKey: whether `material` imports into a new EXTERNAL key of spec (SIGN_VERIFY).
bool Imports(ModelFixture& f, KeySpec spec, const crypto::PrivateKey& material,
             WrappingAlgorithm alg = WrappingAlgorithm::kRsaAesKeyWrapSha256) {
  const std::string id = f.CreateExternal(spec, KeyUsage::kSignVerify);
  return f.Import(id, *material.Pkcs8Der(), alg).ok();
}

struct UseProbe {
  const char* name;
  Fault fault;  // one of the two faults of the probe's rule
  std::function<bool(ModelFixture&)> holds;
};

std::vector<UseProbe> UseProbes() {
  return {
      // ikm.material-format: secp256k1 is not P-256.
      {"secp256k1_for_P256", Fault::kIkmMaterialFormat,
       [](ModelFixture& f) {
         const crypto::PrivateKey k1 = *crypto::GenerateEcKey(crypto::EcCurve::kSecp256k1);
         const std::string id = f.CreateExternal(KeySpec::kEccNistP256, KeyUsage::kSignVerify);
         return Is(f.Import(id, *k1.Pkcs8Der()), ErrorType::kIncorrectKeyMaterialException) &&
                Imports(f, KeySpec::kEccNistP256, LoadTestKey("material_ec_p256.der"),
                        WrappingAlgorithm::kRsaesOaepSha256);
       }},
      // ikm.material-format:2: RSA-3072 material is not RSA_2048's.
      {"rsa3072_for_rsa2048", Fault::kIkmMaterialFormat2,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal(KeySpec::kRsa2048, KeyUsage::kSignVerify);
         return Is(f.Import(id, *Rsa(3072).Pkcs8Der(), WrappingAlgorithm::kRsaAesKeyWrapSha256),
                   ErrorType::kIncorrectKeyMaterialException) &&
                Imports(f, KeySpec::kRsa2048, LoadTestKey("material_rsa2048.der"));
       }},
      // ikm.large-material-wrap: an RSA private key imports with both hybrids.
      {"hybrid_imports", Fault::kIkmLargeMaterialWrap,
       [](ModelFixture& f) {
         const crypto::PrivateKey m = LoadTestKey("material_rsa2048.der");
         return Imports(f, KeySpec::kRsa2048, m, WrappingAlgorithm::kRsaAesKeyWrapSha256) &&
                Imports(f, KeySpec::kRsa2048, m, WrappingAlgorithm::kRsaAesKeyWrapSha1);
       }},
      // ikm.large-material-wrap:2: the SHA_1 hybrid does not open with a SHA_256 token.
      {"hybrid_hash_bound", Fault::kIkmLargeMaterialWrap2,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal(KeySpec::kRsa2048, KeyUsage::kSignVerify);
         auto p = f.Gpfi(id, WrappingAlgorithm::kRsaAesKeyWrapSha256);
         if (!p.ok()) return false;
         const Bytes m = *LoadTestKey("material_rsa2048.der").Pkcs8Der();
         const Bytes w1 = f.Wrap(p.value(), WrappingAlgorithm::kRsaAesKeyWrapSha1, m);
         const Bytes w256 = f.Wrap(p.value(), WrappingAlgorithm::kRsaAesKeyWrapSha256, m);
         return Is(f.Ikm(id, *p.value().import_token, w1),
                   ErrorType::kInvalidCiphertextException) &&
                f.Ikm(id, *p.value().import_token, w256).ok();
       }},
      // ikm.asymmetric-in-use: GetPublicKey and Sign use the imported key.
      {"imported_key_in_use", Fault::kIkmAsymmetricInUse,
       [](ModelFixture& f) {
         const crypto::PrivateKey m = LoadTestKey("material_ec_p256.der");
         const std::string id = f.CreateExternal(KeySpec::kEccNistP256, KeyUsage::kSignVerify);
         if (!f.Import(id, *m.Pkcs8Der()).ok()) return false;
         auto pub = f.kms->GetPublicKey(f.caller, codec::GetPublicKeyRequest{id, std::nullopt});
         codec::SignRequest s;
         s.key_id = id;
         s.message = Bytes{1, 2, 3};
         s.signing_algorithm = SigningAlgorithm::kEcdsaSha256;
         auto sig = f.kms->Sign(f.caller, s);
         return pub.ok() && pub.value().public_key == m.Public().SpkiDer() && sig.ok() &&
                crypto::VerifyDigest(m.Public(), crypto::SignatureScheme::kEcdsa,
                                     crypto::DigestAlg::kSha256,
                                     crypto::Digest(crypto::DigestAlg::kSha256, s.message),
                                     *sig.value().signature);
       }},
      // ikm.asymmetric-in-use:2: a wrong signature is KMSInvalidSignatureException.
      {"wrong_signature_refused", Fault::kIkmAsymmetricInUse2,
       [](ModelFixture& f) {
         const crypto::PrivateKey m = LoadTestKey("material_rsa2048.der");
         const std::string id = f.CreateExternal(KeySpec::kRsa2048, KeyUsage::kSignVerify);
         if (!f.Import(id, *m.Pkcs8Der(), WrappingAlgorithm::kRsaAesKeyWrapSha256).ok()) {
           return false;
         }
         codec::VerifyRequest v;
         v.key_id = id;
         v.message = Bytes{1, 2, 3};
         v.signature = Bytes(256, 7);
         v.signing_algorithm = SigningAlgorithm::kRsassaPssSha256;
         return Is(f.kms->Verify(f.caller, v), ErrorType::kKMSInvalidSignatureException);
       }},
      // ikm.hmac-in-use: GenerateMac is HMAC of the whole material.
      {"mac_of_material", Fault::kIkmHmacInUse,
       [](ModelFixture& f) {
         const Bytes material = Material32("hmac");
         const std::string id = f.CreateExternal(KeySpec::kHmac256, KeyUsage::kGenerateVerifyMac);
         if (!f.Import(id, material).ok()) return false;
         codec::GenerateMacRequest g;
         g.key_id = id;
         g.message = Bytes{4, 5, 6};
         g.mac_algorithm = MacAlgorithm::kHmacSha256;
         auto mac = f.kms->GenerateMac(f.caller, g);
         return mac.ok() &&
                mac.value().mac == *crypto::Hmac(crypto::DigestAlg::kSha256, material, g.message);
       }},
      // ikm.hmac-in-use:2: a wrong MAC is KMSInvalidMacException.
      {"wrong_mac_refused", Fault::kIkmHmacInUse2,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal(KeySpec::kHmac256, KeyUsage::kGenerateVerifyMac);
         if (!f.Import(id, Material32("hmac")).ok()) return false;
         codec::VerifyMacRequest v;
         v.key_id = id;
         v.message = Bytes{4, 5, 6};
         v.mac = Bytes(32, 9);
         v.mac_algorithm = MacAlgorithm::kHmacSha256;
         return Is(f.kms->VerifyMac(f.caller, v), ErrorType::kKMSInvalidMacException);
       }},
  };
}

TEST(IkmUseFaults, EachFaultBreaksItsProbe) {
  for (const UseProbe& p : UseProbes()) {
    auto honest = Make(Fault::kNone);
    EXPECT_TRUE(p.holds(*honest)) << p.name << " without the fault";
    auto faulty = Make(p.fault);
    EXPECT_FALSE(p.holds(*faulty)) << p.name << " with " << FaultName(p.fault);
  }
}

TEST(IkmUseFaults, NoFaultBreaksAnotherRulesProbe) {
  for (const UseProbe& p : UseProbes()) {
    for (const UseProbe& q : UseProbes()) {
      if (FaultRule(p.fault) == FaultRule(q.fault)) continue;
      // Only other rules' faults. ikm.large-material-wrap breaks every RSA import (RSA
      // material needs a hybrid), so the probes that import an RSA key break with it.
      if (q.fault == Fault::kIkmLargeMaterialWrap &&
          (p.fault == Fault::kIkmMaterialFormat2 || p.fault == Fault::kIkmAsymmetricInUse2)) {
        continue;
      }
      auto f = Make(q.fault);
      EXPECT_TRUE(p.holds(*f)) << FaultName(q.fault) << " breaks " << p.name;
    }
  }
}

TEST(IkmUseFaults, MaterialFormatFaultsAreNarrow) {
  // The two faults of ikm.material-format relax one check each.
  auto f = Make(Fault::kIkmMaterialFormat);
  const crypto::PrivateKey p384 = LoadTestKey("material_ec_p384.der");
  const std::string id = f->CreateExternal(KeySpec::kEccNistP256, KeyUsage::kSignVerify);
  // Field size still differs: P-384 for P-256 is refused under the fault.
  EXPECT_TRUE(Is(f->Import(id, *p384.Pkcs8Der()), ErrorType::kIncorrectKeyMaterialException));
  auto g = Make(Fault::kIkmMaterialFormat2);
  const std::string rsa = g->CreateExternal(KeySpec::kRsa2048, KeyUsage::kSignVerify);
  // An EC key for an RSA spec is still refused under :2.
  EXPECT_TRUE(Is(g->Import(rsa, *p384.Pkcs8Der(), WrappingAlgorithm::kRsaAesKeyWrapSha256),
                 ErrorType::kIncorrectKeyMaterialException));
}

}  // namespace
}  // namespace kc::mock
