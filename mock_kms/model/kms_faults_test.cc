// Every model-level fault breaks its rule: for each, the rule's probe gets AWS's answer
// without the fault and the wrong one with it. A matrix test then checks that a fault
// breaks no other rule's probe (except the interactions listed there).
// Protocol faults (error shape, malformed JSON, unknown operation, robustness) and the
// body patching of gpfi.required-members are the server's (mock_kms/server).
#include <functional>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"

namespace kc::mock {
namespace {

using namespace testing;

template <typename T>
bool Is(const Outcome<T>& o, ErrorType type) {
  return !o.ok() && o.error().type_name == contract::ToWire(type);
}

// Probe: true when the target answered as AWS does for the rule.
using Probe = std::function<bool(ModelFixture&)>;

struct RuleProbe {
  Fault fault;
  Profile profile;
  Probe holds;
};

Bytes WrapFor(ModelFixture& f, const codec::GetParametersForImportResponse& p, ByteView m,
              WrappingAlgorithm alg = WrappingAlgorithm::kRsaesOaepSha256) {
  return f.Wrap(p, alg, m);
}

const std::vector<RuleProbe>& Probes() {
  static const auto* probes = new std::vector<RuleProbe>{
      {Fault::kGpfiOriginExternalOnly, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Gpfi(f.CreateAwsKms()), ErrorType::kUnsupportedOperationException);
       }},
      {Fault::kGpfiNoAsymmetric, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Gpfi(f.CreateExternal(KeySpec::kRsa2048, KeyUsage::kSignVerify)),
                   ErrorType::kUnsupportedOperationException);
       }},
      {Fault::kGpfiNoHmac, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Gpfi(f.CreateExternal(KeySpec::kHmac256, KeyUsage::kGenerateVerifyMac)),
                   ErrorType::kUnsupportedOperationException);
       }},
      {Fault::kGpfiNoCrossAccount, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id =
             f.CreateExternal(KeySpec::kSymmetricDefault, std::nullopt, &f.other_account);
         return Is(f.Gpfi(f.Arn(id, kOtherAccount)), ErrorType::kNotFoundException);
       }},
      {Fault::kGpfiWrappingKeySpec, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Gpfi(f.CreateExternal(), WrappingAlgorithm::kRsaesOaepSha256,
                          WrappingKeySpec::kRsa4096),
                   ErrorType::kValidationException);
       }},
      {Fault::kGpfiWrappingKeySpec, Profile::k2026,
       [](ModelFixture& f) {
         return Is(
             f.Gpfi(f.CreateExternal(), WrappingAlgorithm::kRsaesOaepSha256, WrappingKeySpec::kSm2),
             ErrorType::kValidationException);
       }},
      {Fault::kGpfiWrappingAlgorithm, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Gpfi(f.CreateExternal(), WrappingAlgorithm::kRsaAesKeyWrapSha256),
                   ErrorType::kValidationException);
       }},
      {Fault::kGpfiWrappingAlgorithm, Profile::k2026,
       [](ModelFixture& f) {
         return Is(f.Gpfi(f.CreateExternal(), WrappingAlgorithm::kRsaesPkcs1V15),
                   ErrorType::kValidationException);
       }},
      {Fault::kGpfiKeyNotFound, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Gpfi("1234abcd-12ab-44cd-96ef-1234567890ab"), ErrorType::kNotFoundException) &&
                Is(f.Gpfi("not-a-key"), ErrorType::kNotFoundException);
       }},
      {Fault::kGpfiKeyState, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         return f.Schedule(id).ok() && Is(f.Gpfi(id), ErrorType::kKMSInvalidStateException);
       }},
      {Fault::kGpfiResponseShape, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto p = f.Gpfi(id);
         return p.ok() && p.value().key_id == f.Arn(id);
       }},
      {Fault::kGpfiValidity24h, Profile::k2022,
       [](ModelFixture& f) {
         auto p = f.Gpfi(f.CreateExternal());
         return p.ok() && *p.value().parameters_valid_to == f.clock.Now() + 86400;
       }},
      {Fault::kGpfiFreshWrappingKey, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto a = f.Gpfi(id);
         auto b = f.Gpfi(id);
         return a.ok() && b.ok() && a.value().public_key != b.value().public_key;
       }},
      {Fault::kIkmTokenSameResponse, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto a = f.Gpfi(id);
         auto b = f.Gpfi(id);
         return Is(f.Ikm(id, *b.value().import_token, WrapFor(f, a.value(), Material32("m"))),
                   ErrorType::kInvalidCiphertextException);
       }},
      {Fault::kIkmTokenBoundToKey, Profile::k2022,
       [](ModelFixture& f) {
         const std::string a = f.CreateExternal();
         const std::string b = f.CreateExternal();
         auto p = f.Gpfi(a);
         return Is(f.Ikm(b, *p.value().import_token, WrapFor(f, p.value(), Material32("m"))),
                   ErrorType::kInvalidImportTokenException);
       }},
      {Fault::kIkmTokenTampered, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto p = f.Gpfi(id);
         Bytes token = *p.value().import_token;
         token[token.size() / 2] ^= 1;
         return Is(f.Ikm(id, token, WrapFor(f, p.value(), Material32("m"))),
                   ErrorType::kInvalidImportTokenException);
       }},
      {Fault::kIkmTokenExpired, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto p = f.Gpfi(id);
         f.clock.Advance(86401);
         return Is(f.Ikm(id, *p.value().import_token, WrapFor(f, p.value(), Material32("m"))),
                   ErrorType::kExpiredImportTokenException);
       }},
      {Fault::kIkmAlgorithmBound, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto p = f.Gpfi(id, WrappingAlgorithm::kRsaesOaepSha256);
         return Is(f.Ikm(id, *p.value().import_token,
                         WrapFor(f, p.value(), Material32("m"), WrappingAlgorithm::kRsaesOaepSha1)),
                   ErrorType::kInvalidCiphertextException);
       }},
      {Fault::kIkmOriginExternalOnly, Profile::k2022,
       [](ModelFixture& f) {
         const std::string ext = f.CreateExternal();
         auto p = f.Gpfi(ext);
         return Is(f.Ikm(f.CreateAwsKms(), *p.value().import_token,
                         WrapFor(f, p.value(), Material32("m"))),
                   ErrorType::kUnsupportedOperationException);
       }},
      {Fault::kIkmNoAsymmetric, Profile::k2022,
       [](ModelFixture& f) {
         const std::string ext = f.CreateExternal();
         auto p = f.Gpfi(ext);
         return Is(f.Ikm(f.CreateExternal(KeySpec::kRsa2048, KeyUsage::kSignVerify),
                         *p.value().import_token, WrapFor(f, p.value(), Material32("m"))),
                   ErrorType::kUnsupportedOperationException);
       }},
      {Fault::kIkmNoHmac, Profile::k2022,
       [](ModelFixture& f) {
         const std::string ext = f.CreateExternal();
         auto p = f.Gpfi(ext);
         return Is(f.Ikm(f.CreateExternal(KeySpec::kHmac256, KeyUsage::kGenerateVerifyMac),
                         *p.value().import_token, WrapFor(f, p.value(), Material32("m"))),
                   ErrorType::kUnsupportedOperationException);
       }},
      {Fault::kIkmNoCrossAccount, Profile::k2022,
       [](ModelFixture& f) {
         // The owner gets parameters; the other account tries to import with them.
         const std::string id =
             f.CreateExternal(KeySpec::kSymmetricDefault, std::nullopt, &f.other_account);
         auto p = f.Gpfi(id, WrappingAlgorithm::kRsaesOaepSha256, WrappingKeySpec::kRsa2048,
                         &f.other_account);
         return Is(f.Ikm(f.Arn(id, kOtherAccount), *p.value().import_token,
                         WrapFor(f, p.value(), Material32("m"))),
                   ErrorType::kNotFoundException);
       }},
      {Fault::kIkmKeyState, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto p = f.Gpfi(id);
         if (!f.Schedule(id).ok()) return false;
         return Is(f.Ikm(id, *p.value().import_token, WrapFor(f, p.value(), Material32("m"))),
                   ErrorType::kKMSInvalidStateException);
       }},
      {Fault::kIkmMaterialLength, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Import(f.CreateExternal(), Bytes(31, 1)),
                   ErrorType::kIncorrectKeyMaterialException);
       }},
      {Fault::kIkmReimportSameMaterial, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         return f.Import(id, Material32("m")).ok() && f.Dikm(id).ok() &&
                Is(f.Import(id, Material32("n")), ErrorType::kIncorrectKeyMaterialException);
       }},
      {Fault::kIkmValidTo, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         return Is(f.Import(id, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256, std::nullopt),
                   ErrorType::kValidationException);
       }},
      {Fault::kIkmLifecycle, Profile::k2022,
       [](ModelFixture& f) {
         // The crypto oracle: encrypt, delete, reimport the same material, decrypt.
         const std::string id = f.CreateExternal();
         if (!f.Import(id, Material32("m")).ok()) return false;
         auto blob = f.Encrypt(id, AsBytes("oracle"));
         if (!blob.ok() || !f.Dikm(id).ok() || !f.Import(id, Material32("m")).ok()) return false;
         auto plain = f.Decrypt(*blob.value().ciphertext_blob);
         return plain.ok() && AsChars(*plain.value().plaintext) == "oracle" &&
                f.Metadata(id).key_state == KeyState::kEnabled;
       }},
      {Fault::kIkmMaterialExpiry, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         if (!f.Import(id, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                       ExpirationModel::kKeyMaterialExpires, f.clock.Now() + 10)
                  .ok()) {
           return false;
         }
         f.clock.Advance(11);
         return Is(f.Encrypt(id, AsBytes("p")), ErrorType::kKMSInvalidStateException) &&
                f.Metadata(id).key_state == KeyState::kPendingImport;
       }},
      {Fault::kDikmOriginExternalOnly, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Dikm(f.CreateAwsKms()), ErrorType::kUnsupportedOperationException);
       }},
      {Fault::kDikmLifecycle, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         return f.Import(id, Material32("m")).ok() && f.Dikm(id).ok() &&
                f.Metadata(id).key_state == KeyState::kPendingImport &&
                Is(f.Encrypt(id, AsBytes("p")), ErrorType::kKMSInvalidStateException);
       }},
      {Fault::kProtoTimestampForms, Profile::k2022,
       [](ModelFixture& f) {
         return f
             .Import(f.CreateExternal(), Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                     ExpirationModel::kKeyMaterialExpires, f.clock.Now() + 100.5)
             .ok();
       }},
      {Fault::kProtoKeyIdForms, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto p = f.Gpfi(f.Arn(id));
         if (!p.ok()) return false;
         return f.Ikm(f.Arn(id), *p.value().import_token, WrapFor(f, p.value(), Material32("m")))
             .ok();
       }},
      // state.key-state-table: CancelKeyDeletion leaves a key with material Disabled, even
      // when it was Enabled before the deletion was scheduled ...
      {Fault::kStateKeyStateTable, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         return f.Import(id, Material32("m")).ok() && f.Schedule(id).ok() && f.Cancel(id).ok() &&
                f.Metadata(id).key_state == KeyState::kDisabled;
       }},
      // ... and EnableKey of a key without material is refused.
      {Fault::kStateKeyStateTable2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         return Is(f.Enable(id), ErrorType::kKMSInvalidStateException) &&
                f.Metadata(id).key_state == KeyState::kPendingImport;
       }},
  };
  return *probes;
}

std::unique_ptr<ModelFixture> Make(Profile p, Fault fault) {
  return ModelFixture::Make(WithProfile(p, fault));
}

class FaultBreaksItsRule : public ::testing::TestWithParam<RuleProbe> {};

TEST_P(FaultBreaksItsRule, WithoutTheFaultTheRuleHoldsWithItItBreaks) {
  const RuleProbe& probe = GetParam();
  auto honest = Make(probe.profile, Fault::kNone);
  EXPECT_TRUE(probe.holds(*honest)) << "without the fault";
  auto faulty = Make(probe.profile, probe.fault);
  EXPECT_FALSE(probe.holds(*faulty)) << "with the fault";
}

INSTANTIATE_TEST_SUITE_P(ModelFaults, FaultBreaksItsRule, ::testing::ValuesIn(Probes()),
                         [](const ::testing::TestParamInfo<RuleProbe>& p) {
                           std::string name;
                           for (char c : FaultName(p.param.fault))
                             name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
                           return name + "_P" + std::string(contract::ToWire(p.param.profile));
                         });

// Pairs (fault, the probe of another rule) where the fault legitimately changes that
// probe's answer: the other rule's probe depends on what the fault breaks.
const std::set<std::pair<Fault, Fault>>& Interactions() {
  static const auto* pairs = new std::set<std::pair<Fault, Fault>>{
      // Material wrapped for response A opens with B's token when A and B share a key pair.
      {Fault::kGpfiFreshWrappingKey, Fault::kIkmTokenSameResponse},
  };
  return *pairs;
}

TEST(FaultMatrix, EachFaultBreaksNoOtherRule) {
  for (const RuleProbe& probe : Probes()) {
    for (Fault fault : AllFaults()) {
      if (fault == probe.fault || Interactions().count({fault, probe.fault}) != 0) continue;
      auto f = Make(probe.profile, fault);
      EXPECT_TRUE(probe.holds(*f))
          << "fault " << FaultName(fault) << " breaks the probe of " << FaultName(probe.fault)
          << " (profile " << contract::ToWire(probe.profile) << ")";
    }
  }
}

}  // namespace
}  // namespace kc::mock
