// Every model-level fault breaks its rule: for each, the rule's probe gets AWS's answer
// without the fault and the wrong one with it. A matrix test then checks that a fault
// breaks no other rule's probe (except the interactions listed there); the two faults of a
// rule (RULE-ID and RULE-ID:2) may both break either of its probes.
// The dispatcher's faults are tested in mock_kms/server/dispatch_test.cc: the protocol
// faults (error shape, malformed JSON, unknown operation, robustness, and their :2), the
// body patches of gpfi.required-members, gpfi.wrapping-key-spec:2 and
// gpfi.wrapping-algorithm:2, and the reply rewrites of gpfi.required-members:2 and
// gpfi.response-shape:2.
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "mock_kms/model/key_id.h"
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
      // ... also when the key is named by its ARN.
      {Fault::kGpfiOriginExternalOnly2, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Gpfi(f.Arn(f.CreateAwsKms())), ErrorType::kUnsupportedOperationException);
       }},
      {Fault::kGpfiNoAsymmetric, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Gpfi(f.CreateExternal(KeySpec::kRsa2048, KeyUsage::kSignVerify)),
                   ErrorType::kUnsupportedOperationException);
       }},
      {Fault::kGpfiNoAsymmetric2, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Gpfi(f.CreateExternal(KeySpec::kEccNistP256, KeyUsage::kSignVerify)),
                   ErrorType::kUnsupportedOperationException);
       }},
      {Fault::kGpfiNoHmac, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Gpfi(f.CreateExternal(KeySpec::kHmac256, KeyUsage::kGenerateVerifyMac)),
                   ErrorType::kUnsupportedOperationException);
       }},
      {Fault::kGpfiNoHmac2, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Gpfi(f.CreateExternal(KeySpec::kHmac512, KeyUsage::kGenerateVerifyMac)),
                   ErrorType::kUnsupportedOperationException);
       }},
      {Fault::kGpfiNoCrossAccount, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id =
             f.CreateExternal(KeySpec::kSymmetricDefault, std::nullopt, &f.other_account);
         return Is(f.Gpfi(f.Arn(id, kOtherAccount)), ErrorType::kNotFoundException);
       }},
      // ... and this account's key is not reached under another account's ARN.
      {Fault::kGpfiNoCrossAccount2, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Gpfi(f.Arn(f.CreateExternal(), kOtherAccount)), ErrorType::kNotFoundException);
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
      // A key ARN of another region does not reach the key of that id in this region.
      {Fault::kGpfiKeyNotFound2, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Gpfi(KeyArn("us-west-2", kAccount, f.CreateExternal())),
                   ErrorType::kNotFoundException);
       }},
      {Fault::kGpfiKeyState, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         return f.Schedule(id).ok() && Is(f.Gpfi(id), ErrorType::kKMSInvalidStateException);
       }},
      // A Disabled key gets parameters.
      {Fault::kGpfiKeyState2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         return f.Import(id, Material32("m")).ok() && f.Disable(id).ok() && f.Gpfi(id).ok();
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
      // The token is valid as long as ParametersValidTo says.
      {Fault::kGpfiValidity24h2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto p = f.Gpfi(id);
         if (!p.ok()) return false;
         f.clock.Advance(86400 - 120);
         return f.Ikm(id, *p.value().import_token, WrapFor(f, p.value(), Material32("m"))).ok();
       }},
      {Fault::kGpfiFreshWrappingKey, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto a = f.Gpfi(id);
         auto b = f.Gpfi(id);
         return a.ok() && b.ok() && a.value().public_key != b.value().public_key;
       }},
      // ... also when a response for another key came between them.
      {Fault::kGpfiFreshWrappingKey2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string a = f.CreateExternal();
         auto a1 = f.Gpfi(a);
         auto b = f.Gpfi(f.CreateExternal());
         auto a2 = f.Gpfi(a);
         return a1.ok() && b.ok() && a2.ok() && a1.value().public_key != a2.value().public_key &&
                a1.value().public_key != b.value().public_key;
       }},
      {Fault::kIkmTokenSameResponse, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto a = f.Gpfi(id);
         auto b = f.Gpfi(id);
         return Is(f.Ikm(id, *b.value().import_token, WrapFor(f, a.value(), Material32("m"))),
                   ErrorType::kInvalidCiphertextException);
       }},
      // Material wrapped for the older response imports with the older token.
      {Fault::kIkmTokenSameResponse2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto a = f.Gpfi(id);
         auto b = f.Gpfi(id);
         return a.ok() && b.ok() &&
                f.Ikm(id, *a.value().import_token, WrapFor(f, a.value(), Material32("m"))).ok();
       }},
      {Fault::kIkmTokenBoundToKey, Profile::k2022,
       [](ModelFixture& f) {
         const std::string a = f.CreateExternal();
         const std::string b = f.CreateExternal();
         auto p = f.Gpfi(a);
         return Is(f.Ikm(b, *p.value().import_token, WrapFor(f, p.value(), Material32("m"))),
                   ErrorType::kInvalidImportTokenException);
       }},
      // ... and nothing goes into the key the token was issued for.
      {Fault::kIkmTokenBoundToKey2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string a = f.CreateExternal();
         const std::string b = f.CreateExternal();
         auto p = f.Gpfi(a);
         return Is(f.Ikm(b, *p.value().import_token, WrapFor(f, p.value(), Material32("m"))),
                   ErrorType::kInvalidImportTokenException) &&
                f.Metadata(a).key_state == KeyState::kPendingImport;
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
      // A truncated token (a prefix of the real one).
      {Fault::kIkmTokenTampered2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto p = f.Gpfi(id);
         const Bytes& token = *p.value().import_token;
         const Bytes half(token.begin(),
                          token.begin() + static_cast<std::ptrdiff_t>(token.size() / 2));
         return Is(f.Ikm(id, half, WrapFor(f, p.value(), Material32("m"))),
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
      {Fault::kIkmTokenExpired2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto p = f.Gpfi(id);
         f.clock.Advance(2 * 86400);
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
      // ... in the other direction: a SHA-1 token, material wrapped with SHA-256.
      {Fault::kIkmAlgorithmBound2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto p = f.Gpfi(id, WrappingAlgorithm::kRsaesOaepSha1);
         return Is(
             f.Ikm(id, *p.value().import_token,
                   WrapFor(f, p.value(), Material32("m"), WrappingAlgorithm::kRsaesOaepSha256)),
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
      // ... with that error type whatever the key's state.
      {Fault::kIkmOriginExternalOnly2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string ext = f.CreateExternal();
         auto p = f.Gpfi(ext);
         const std::string k = f.CreateAwsKms();
         return f.Disable(k).ok() &&
                Is(f.Ikm(k, *p.value().import_token, WrapFor(f, p.value(), Material32("m"))),
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
      {Fault::kIkmNoAsymmetric2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string ext = f.CreateExternal();
         auto p = f.Gpfi(ext);
         return Is(f.Ikm(f.CreateExternal(KeySpec::kEccNistP256, KeyUsage::kSignVerify),
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
      {Fault::kIkmNoHmac2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string ext = f.CreateExternal();
         auto p = f.Gpfi(ext);
         return Is(f.Ikm(f.CreateExternal(KeySpec::kHmac512, KeyUsage::kGenerateVerifyMac),
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
      // This account's key is not reached under another account's ARN.
      {Fault::kIkmNoCrossAccount2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto p = f.Gpfi(id);
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
      // ... also for a key that had material.
      {Fault::kIkmKeyState2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         auto p = f.Gpfi(id);
         const Bytes wrapped = WrapFor(f, p.value(), Material32("m"));
         if (!f.Ikm(id, *p.value().import_token, wrapped).ok() || !f.Schedule(id).ok()) {
           return false;
         }
         return Is(f.Ikm(id, *p.value().import_token, wrapped),
                   ErrorType::kKMSInvalidStateException);
       }},
      {Fault::kIkmMaterialLength, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Import(f.CreateExternal(), Bytes(31, 1)),
                   ErrorType::kIncorrectKeyMaterialException);
       }},
      {Fault::kIkmMaterialLength2, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Import(f.CreateExternal(), Bytes(64, 1)),
                   ErrorType::kIncorrectKeyMaterialException);
       }},
      {Fault::kIkmReimportSameMaterial, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         return f.Import(id, Material32("m")).ok() && f.Dikm(id).ok() &&
                Is(f.Import(id, Material32("n")), ErrorType::kIncorrectKeyMaterialException);
       }},
      // ... also material that differs from the first in its last byte only.
      {Fault::kIkmReimportSameMaterial2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         Bytes other = Material32("m");
         other.back() ^= 1;
         return f.Import(id, Material32("m")).ok() && f.Dikm(id).ok() &&
                Is(f.Import(id, other), ErrorType::kIncorrectKeyMaterialException);
       }},
      {Fault::kIkmValidTo, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         return Is(f.Import(id, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256, std::nullopt),
                   ErrorType::kValidationException);
       }},
      {Fault::kIkmValidTo2, Profile::k2022,
       [](ModelFixture& f) {
         return Is(
             f.Import(f.CreateExternal(), Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                      ExpirationModel::kKeyMaterialExpires, f.clock.Now() + 366 * 86400.0),
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
      // DescribeKey after an import shows ExpirationModel and ValidTo.
      {Fault::kIkmLifecycle2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         const EpochSeconds valid_to = f.clock.Now() + 1000;
         if (!f.Import(id, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                       ExpirationModel::kKeyMaterialExpires, valid_to)
                  .ok()) {
           return false;
         }
         const codec::KeyMetadata m = f.Metadata(id);
         return m.expiration_model == ExpirationModel::kKeyMaterialExpires &&
                m.valid_to == valid_to;
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
      // After ValidTo a ciphertext made before it no longer decrypts.
      {Fault::kIkmMaterialExpiry2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         if (!f.Import(id, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                       ExpirationModel::kKeyMaterialExpires, f.clock.Now() + 10)
                  .ok()) {
           return false;
         }
         auto blob = f.Encrypt(id, AsBytes("p"));
         f.clock.Advance(11);
         return blob.ok() &&
                Is(f.Decrypt(*blob.value().ciphertext_blob), ErrorType::kKMSInvalidStateException);
       }},
      {Fault::kDikmOriginExternalOnly, Profile::k2022,
       [](ModelFixture& f) {
         return Is(f.Dikm(f.CreateAwsKms()), ErrorType::kUnsupportedOperationException);
       }},
      // ... and the refused call changes nothing: the key keeps its material.
      {Fault::kDikmOriginExternalOnly2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string k = f.CreateAwsKms();
         return Is(f.Dikm(k), ErrorType::kUnsupportedOperationException) &&
                f.Metadata(k).key_state == KeyState::kEnabled && f.Encrypt(k, AsBytes("p")).ok();
       }},
      {Fault::kDikmLifecycle, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         return f.Import(id, Material32("m")).ok() && f.Dikm(id).ok() &&
                f.Metadata(id).key_state == KeyState::kPendingImport &&
                Is(f.Encrypt(id, AsBytes("p")), ErrorType::kKMSInvalidStateException);
       }},
      // ExpirationModel and ValidTo go with the material.
      {Fault::kDikmLifecycle2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         if (!f.Import(id, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                       ExpirationModel::kKeyMaterialExpires, f.clock.Now() + 1000)
                  .ok() ||
             !f.Dikm(id).ok()) {
           return false;
         }
         const codec::KeyMetadata m = f.Metadata(id);
         return !m.expiration_model && !m.valid_to;
       }},
      {Fault::kProtoTimestampForms, Profile::k2022,
       [](ModelFixture& f) {
         return f
             .Import(f.CreateExternal(), Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                     ExpirationModel::kKeyMaterialExpires, f.clock.Now() + 100.5)
             .ok();
       }},
      {Fault::kProtoTimestampForms2, Profile::k2022,
       [](ModelFixture& f) {
         return f
             .Import(f.CreateExternal(), Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                     ExpirationModel::kKeyMaterialExpires, std::floor(f.clock.Now()) + 100)
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
      // An existing alias is refused by GetParametersForImport (it resolves for DescribeKey).
      {Fault::kProtoKeyIdForms2, Profile::k2022,
       [](ModelFixture& f) {
         const std::string id = f.CreateExternal();
         codec::CreateAliasRequest alias;
         alias.alias_name = "alias/probe";
         alias.target_key_id = id;
         return f.kms->CreateAlias(f.caller, alias).ok() && f.Describe("alias/probe").ok() &&
                Is(f.Gpfi("alias/probe"), ErrorType::kNotFoundException);
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
      // Material wrapped for response A opens with B's token when A and B share a key pair
      // (every response's pair, or the key's pair).
      {Fault::kGpfiFreshWrappingKey, Fault::kIkmTokenSameResponse},
      {Fault::kGpfiFreshWrappingKey2, Fault::kIkmTokenSameResponse},
      // These probes import with an integer ValidTo, which that fault refuses.
      {Fault::kProtoTimestampForms2, Fault::kIkmValidTo2},
      {Fault::kProtoTimestampForms2, Fault::kIkmLifecycle2},
      {Fault::kProtoTimestampForms2, Fault::kIkmMaterialExpiry},
      {Fault::kProtoTimestampForms2, Fault::kIkmMaterialExpiry2},
      {Fault::kProtoTimestampForms2, Fault::kDikmLifecycle2},
      // That probe names the AWS_KMS key by its ARN, which that fault refuses.
      {Fault::kProtoKeyIdForms, Fault::kGpfiOriginExternalOnly2},
  };
  return *pairs;
}

TEST(FaultMatrix, EveryListedInteractionIsReal) {
  for (const auto& [fault, probed] : Interactions()) {
    for (const RuleProbe& probe : Probes()) {
      if (probe.fault != probed) continue;
      auto f = Make(probe.profile, fault);
      EXPECT_FALSE(probe.holds(*f))
          << "fault " << FaultName(fault) << " no longer breaks the probe of " << FaultName(probed)
          << ": drop it from Interactions()";
    }
  }
}

TEST(FaultMatrix, EachFaultBreaksNoOtherRule) {
  for (const RuleProbe& probe : Probes()) {
    for (Fault fault : AllFaults()) {
      // Both faults of a rule break its rule: either may break either probe.
      if (FaultRule(fault) == FaultRule(probe.fault) ||
          Interactions().count({fault, probe.fault}) != 0) {
        continue;
      }
      auto f = Make(probe.profile, fault);
      EXPECT_TRUE(probe.holds(*f))
          << "fault " << FaultName(fault) << " breaks the probe of " << FaultName(probe.fault)
          << " (profile " << contract::ToWire(probe.profile) << ")";
    }
  }
}

}  // namespace
}  // namespace kc::mock
