// Properties of the mock KMS model (mock_kms/model), stated as claims and checked against a
// deterministic Kms (ManualClock, DeterministicRandom, FixedKeySource):
//   ExpiredTokenIsAlwaysRefused       ikm.token-expired
//   TokenIsBoundToItsKey              ikm.token-bound-to-key
//   ImportedMaterialIsTheOneInUse     ikm.lifecycle (differential: the blob opens under the
//                                     imported bytes themselves)
//   FailedOperationChangesNothing     ikm.lifecycle "a failed import changes nothing", and
//                                     every other operation
// The stateful model test (key-state table) is in mock_model_stateful_test.cc.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "mock_kms/model/ciphertext.h"
#include "mock_kms/model/material.h"
#include "mock_kms/model/testing/model_fixture.h"

namespace kc::mock {
namespace {

using namespace testing;

Profile AnyProfile() { return *rc::gen::element(Profile::k2022, Profile::k2026); }

WrappingAlgorithm AnyAlgorithm(Profile p) {
  if (p == Profile::k2022) {
    return *rc::gen::element(WrappingAlgorithm::kRsaesPkcs1V15, WrappingAlgorithm::kRsaesOaepSha1,
                             WrappingAlgorithm::kRsaesOaepSha256);
  }
  return *rc::gen::element(WrappingAlgorithm::kRsaesOaepSha1, WrappingAlgorithm::kRsaesOaepSha256,
                           WrappingAlgorithm::kRsaAesKeyWrapSha1,
                           WrappingAlgorithm::kRsaAesKeyWrapSha256);
}

Bytes AnyMaterial() { return *rc::gen::container<Bytes>(32, rc::gen::arbitrary<std::uint8_t>()); }

std::unique_ptr<ModelFixture> Make(Profile p) {
  FixtureOptions o = WithProfile(p);
  o.seed = *rc::gen::arbitrary<std::uint64_t>();
  auto f = ModelFixture::Make(o);
  RC_ASSERT(f != nullptr);
  return f;
}

template <typename T>
bool IsError(const Outcome<T>& o, ErrorType type) {
  return !o.ok() && o.error().type_name == contract::ToWire(type);
}

RC_GTEST_PROP(MockModel, ExpiredTokenIsAlwaysRefused, ()) {
  const Profile p = AnyProfile();
  auto f = Make(p);
  const WrappingAlgorithm alg = AnyAlgorithm(p);
  const Bytes material = AnyMaterial();
  const std::string id = f->CreateExternal();
  if (*rc::gen::arbitrary<bool>()) RC_ASSERT(f->Import(id, material).ok());  // Enabled
  auto params = f->Gpfi(id, alg);
  RC_ASSERT(params.ok());
  const Bytes wrapped = f->Wrap(params.value(), alg, material);
  // At ParametersValidTo or any time after it.
  const double elapsed =
      86400.0 + *rc::gen::inRange(0, 400 * 86400) + *rc::gen::inRange(0, 1000) / 1000.0;
  f->clock.Advance(elapsed);
  const auto out = f->Ikm(id, *params.value().import_token, wrapped);
  RC_ASSERT(IsError(out, ErrorType::kExpiredImportTokenException));
}

RC_GTEST_PROP(MockModel, TokenIsBoundToItsKey, ()) {
  const Profile p = AnyProfile();
  auto f = Make(p);
  const int n = *rc::gen::inRange(2, 6);
  std::vector<std::string> ids;
  std::vector<const Caller*> owners;
  for (int i = 0; i < n; ++i) {
    const Caller* owner = *rc::gen::arbitrary<bool>() ? &f->caller : &f->other_account;
    ids.push_back(f->CreateExternal(KeySpec::kSymmetricDefault, std::nullopt, owner));
    owners.push_back(owner);
  }
  const auto a = static_cast<std::size_t>(*rc::gen::inRange(0, n));
  const auto b = (a + static_cast<std::size_t>(*rc::gen::inRange(1, n))) % ids.size();
  const WrappingAlgorithm alg = AnyAlgorithm(p);
  auto params = f->Gpfi(ids[a], alg, WrappingKeySpec::kRsa2048, owners[a]);
  RC_ASSERT(params.ok());
  const Bytes wrapped = f->Wrap(params.value(), alg, AnyMaterial());
  // Key b's owner presents key a's token (same or another account).
  const auto out = f->Ikm(ids[b], *params.value().import_token, wrapped,
                          ExpirationModel::kKeyMaterialDoesNotExpire, std::nullopt, owners[b]);
  RC_ASSERT(IsError(out, ErrorType::kInvalidImportTokenException));
  RC_ASSERT(f->Describe(ids[b], owners[b]).value().key_metadata->key_state ==
            KeyState::kPendingImport);
}

RC_GTEST_PROP(MockModel, ImportedMaterialIsTheOneInUse, ()) {
  const Profile p = AnyProfile();
  auto f = Make(p);
  const WrappingAlgorithm alg = AnyAlgorithm(p);
  const Bytes material = AnyMaterial();
  const Bytes plaintext = *rc::gen::container<Bytes>(rc::gen::arbitrary<std::uint8_t>());
  RC_PRE(!plaintext.empty() && plaintext.size() <= 4096);
  const std::string id = f->CreateExternal();
  RC_ASSERT(f->Import(id, material, alg).ok());
  auto blob = f->Encrypt(id, plaintext);
  RC_ASSERT(blob.ok());
  // Differential: the blob opens under the imported bytes themselves.
  const auto view = ParseCiphertext(*blob.value().ciphertext_blob);
  RC_ASSERT(view.has_value());
  const Result<Bytes> opened = OpenCiphertext(*view, DataKey(material), nullptr);
  RC_ASSERT(opened.ok());
  RC_ASSERT(*opened == plaintext);
  // And the model agrees, also after the material was deleted and imported again.
  RC_ASSERT(f->Dikm(id).ok());
  RC_ASSERT(f->Import(id, material, AnyAlgorithm(p)).ok());
  auto plain = f->Decrypt(*blob.value().ciphertext_blob);
  RC_ASSERT(plain.ok());
  RC_ASSERT(*plain.value().plaintext == plaintext);
}

// Snapshot: everything DescribeKey and ListKeys show.
struct Snapshot {
  std::vector<std::optional<codec::KeyMetadata>> keys;
  std::size_t listed = 0;
  bool operator==(const Snapshot&) const = default;
};

Snapshot Take(ModelFixture& f, const std::vector<std::string>& ids) {
  Snapshot s;
  for (const std::string& id : ids) {
    auto d = f.Describe(id);
    s.keys.push_back(d.ok() ? d.value().key_metadata : std::nullopt);
  }
  auto list = f.kms->ListKeys(f.caller, {});
  s.listed = list.ok() ? list.value().keys->size() : 0;
  return s;
}

RC_GTEST_PROP(MockModel, FailedOperationChangesNothing, ()) {
  const Profile p = AnyProfile();
  auto f = Make(p);
  std::vector<std::string> ids = {f->CreateExternal(), f->CreateExternal(), f->CreateAwsKms()};
  // Bring the keys into some state (outcomes ignored).
  const int setup = *rc::gen::inRange(0, 8);
  for (int i = 0; i < setup; ++i) {
    const std::string& id = *rc::gen::elementOf(ids);
    switch (*rc::gen::inRange(0, 6)) {
      case 0:
        (void)f->Import(id, Material32("m" + id));
        break;
      case 1:
        (void)f->Dikm(id);
        break;
      case 2:
        (void)f->Disable(id);
        break;
      case 3:
        (void)f->Enable(id);
        break;
      case 4:
        (void)f->Schedule(id);
        break;
      default:
        (void)f->Cancel(id);
        break;
    }
  }
  const std::string& id = *rc::gen::elementOf(ids);
  const std::string& other = *rc::gen::elementOf(ids);
  const WrappingAlgorithm alg = AnyAlgorithm(p);
  // Parameters are taken before the snapshot: GetParametersForImport changes no key.
  auto params = f->Gpfi(id, alg);
  auto other_params = f->Gpfi(other, alg);
  const Snapshot before = Take(*f, ids);
  bool failed = false;
  const int op = *rc::gen::inRange(0, 10);
  switch (op) {
    case 0: {  // material of any length (ikm.material-length)
      const auto n = static_cast<std::size_t>(*rc::gen::inRange(1, 100));
      failed = !f->Import(id, Bytes(n, 0x42), alg).ok();
      break;
    }
    case 1:  // other material (ikm.reimport-same-material)
      failed = !f->Import(id, AnyMaterial(), alg).ok();
      break;
    case 2: {  // a token of another key, or a modified one
      if (!params.ok() || !other_params.ok()) {
        failed = true;
        break;
      }
      Bytes token = *other_params.value().import_token;
      if (*rc::gen::arbitrary<bool>()) {
        const auto at =
            static_cast<std::size_t>(*rc::gen::inRange(0, static_cast<int>(token.size())));
        token[at] ^= static_cast<std::uint8_t>(*rc::gen::inRange(1, 256));
      }
      failed = !f->Ikm(id, token, f->Wrap(params.value(), alg, Material32("m" + id))).ok();
      break;
    }
    case 3: {  // an expired token, or a bad ValidTo
      if (!params.ok()) {
        failed = true;
        break;
      }
      const Bytes wrapped = f->Wrap(params.value(), alg, Material32("m" + id));
      if (*rc::gen::arbitrary<bool>()) {
        f->clock.Advance(86400);
        failed = !f->Ikm(id, *params.value().import_token, wrapped).ok();
      } else {
        const double valid_to = f->clock.Now() + *rc::gen::element(-10.0, 0.0, 366.0 * 86400);
        failed = !f->Ikm(id, *params.value().import_token, wrapped,
                         ExpirationModel::kKeyMaterialExpires, valid_to)
                      .ok();
      }
      break;
    }
    case 4:
      failed = !f->Enable(id).ok();
      break;
    case 5:
      failed = !f->Disable(id).ok();
      break;
    case 6:
      failed = !f->Schedule(id, *rc::gen::inRange(1, 40)).ok();
      break;
    case 7:
      failed = !f->Cancel(id).ok();
      break;
    case 8:
      failed = !f->Dikm(id).ok();
      break;
    default:
      failed = !f->Encrypt(id, AsBytes("p")).ok();
      break;
  }
  RC_CLASSIFY(failed, "failed");
  if (failed) RC_ASSERT(Take(*f, ids) == before);
}

}  // namespace
}  // namespace kc::mock
