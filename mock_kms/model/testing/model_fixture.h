// ModelFixture: a deterministic Kms (ManualClock, DeterministicRandom, FixedKeySource with
// compiled test keys) and the steps tests, properties and the fuzz target
// repeat: create a key, get parameters, wrap material as a client would, import, encrypt,
// decrypt. Test-only; no gtest dependency (the fuzz target links it too).
#ifndef KC_MOCK_KMS_MODEL_TESTING_MODEL_FIXTURE_H_
#define KC_MOCK_KMS_MODEL_TESTING_MODEL_FIXTURE_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/clock.h"
#include "harness/crypto/keys.h"
#include "harness/crypto/random.h"
#include "harness/crypto/wrap.h"
#include "mock_kms/model/fixed_key_source.h"
#include "mock_kms/model/kms.h"

namespace kc::mock::testing {

using codec::ApiError;
using contract::ErrorType;
using contract::ExpirationModel;
using contract::KeySpec;
using contract::KeyState;
using contract::KeyUsage;
using contract::Origin;
using contract::Profile;
using contract::WrappingAlgorithm;
using contract::WrappingKeySpec;

inline constexpr std::string_view kAccount = "111122223333";
inline constexpr std::string_view kOtherAccount = "444455556666";
inline constexpr std::string_view kRegion = "us-east-1";

// LoadTestKey: a PKCS#8 key of testdata/ (e.g. "material_rsa2048.der"); aborts when missing.
crypto::PrivateKey LoadTestKey(std::string_view file);
// WrappingKeys: compiled test keys (FixedTestKeys: three RSA-2048, one 3072, one 4096).
const std::vector<crypto::PrivateKey>& WrappingKeys();
crypto::WrapAlgorithm ToCrypto(WrappingAlgorithm a);

struct FixtureOptions {
  Profile profile = Profile::k2022;
  Fault fault = Fault::kNone;
  std::optional<std::filesystem::path> state_dir;
  std::uint64_t seed = 1;
  // > 0: the Kms takes its wrapping keys from FixedKeySource::Ring(ring_size) (the ring of
  // --fixed-wrapping-keys) instead of `keys`.
  int ring_size = 0;
};

// Options builders (designated initializers that skip members warn in GCC 12).
inline FixtureOptions WithProfile(Profile p, Fault fault = Fault::kNone) {
  FixtureOptions o;
  o.profile = p;
  o.fault = fault;
  return o;
}
inline FixtureOptions WithStateDir(std::filesystem::path dir, std::uint64_t seed = 1,
                                   Profile p = Profile::k2022) {
  FixtureOptions o;
  o.profile = p;
  o.state_dir = std::move(dir);
  o.seed = seed;
  return o;
}

class ModelFixture {
 public:
  // Make: nullptr (and *error) when Kms::Create fails.
  static std::unique_ptr<ModelFixture> Make(const FixtureOptions& o, std::string* error = nullptr);

  ManualClock clock;
  crypto::DeterministicRandom random;
  crypto::DeterministicRandom client_random;  // the importer's side (wrap padding)
  FixedKeySource keys;
  std::unique_ptr<FixedKeySource> ring;  // FixtureOptions::ring_size > 0
  std::unique_ptr<Kms> kms;
  Caller caller{std::string(kAccount), std::string(kRegion)};
  Caller other_account{std::string(kOtherAccount), std::string(kRegion)};
  Profile profile;

  // Arn: the key ARN of key_id in the caller's account and region.
  std::string Arn(std::string_view key_id, std::string_view account = kAccount) const;

  Outcome<codec::CreateKeyResponse> Create(Origin origin, KeySpec spec = KeySpec::kSymmetricDefault,
                                           std::optional<KeyUsage> usage = std::nullopt,
                                           const Caller* as = nullptr);
  // CreateExternal / CreateAwsKms: the new key's id ("" when CreateKey failed).
  std::string CreateExternal(KeySpec spec = KeySpec::kSymmetricDefault,
                             std::optional<KeyUsage> usage = std::nullopt,
                             const Caller* as = nullptr);
  std::string CreateAwsKms();

  Outcome<codec::GetParametersForImportResponse> Gpfi(
      std::string_view key_id, WrappingAlgorithm alg = WrappingAlgorithm::kRsaesOaepSha256,
      WrappingKeySpec spec = WrappingKeySpec::kRsa2048, const Caller* as = nullptr);
  // Wrap: material wrapped with the parameters' public key, as a client does.
  Bytes Wrap(const codec::GetParametersForImportResponse& params, WrappingAlgorithm alg,
             ByteView material);
  Outcome<codec::ImportKeyMaterialResponse> Ikm(
      std::string_view key_id, ByteView token, ByteView wrapped,
      std::optional<ExpirationModel> model = ExpirationModel::kKeyMaterialDoesNotExpire,
      std::optional<EpochSeconds> valid_to = std::nullopt, const Caller* as = nullptr);
  // Import: GetParametersForImport, Wrap and ImportKeyMaterial in one; the GPFI error if
  // that step fails.
  Outcome<codec::ImportKeyMaterialResponse> Import(
      std::string_view key_id, ByteView material,
      WrappingAlgorithm alg = WrappingAlgorithm::kRsaesOaepSha256,
      std::optional<ExpirationModel> model = ExpirationModel::kKeyMaterialDoesNotExpire,
      std::optional<EpochSeconds> valid_to = std::nullopt,
      WrappingKeySpec spec = WrappingKeySpec::kRsa2048);

  Outcome<codec::DescribeKeyResponse> Describe(std::string_view key_id, const Caller* as = nullptr);
  // Metadata: DescribeKey's metadata; aborts when DescribeKey fails.
  codec::KeyMetadata Metadata(std::string_view key_id);
  Outcome<codec::EmptyResponse> Enable(std::string_view key_id);
  Outcome<codec::EmptyResponse> Disable(std::string_view key_id);
  Outcome<codec::ScheduleKeyDeletionResponse> Schedule(std::string_view key_id,
                                                       std::optional<int> days = std::nullopt);
  Outcome<codec::CancelKeyDeletionResponse> Cancel(std::string_view key_id);
  Outcome<codec::DeleteImportedKeyMaterialResponse> Dikm(std::string_view key_id);
  Outcome<codec::EncryptResponse> Encrypt(std::string_view key_id, ByteView plaintext);
  Outcome<codec::DecryptResponse> Decrypt(ByteView blob,
                                          std::optional<std::string> key_id = std::nullopt);

 private:
  explicit ModelFixture(const FixtureOptions& o);
};

// Material32: 32 bytes of material derived from a label (distinct labels, distinct bytes).
Bytes Material32(std::string_view label);

}  // namespace kc::mock::testing

#endif  // KC_MOCK_KMS_MODEL_TESTING_MODEL_FIXTURE_H_
