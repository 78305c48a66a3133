#include "mock_kms/model/testing/model_fixture.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "harness/crypto/hash.h"
#include "mock_kms/model/fixed_test_keys.h"
#include "mock_kms/model/key_id.h"

namespace kc::mock::testing {

crypto::PrivateKey LoadTestKey(std::string_view file) {
  const std::filesystem::path path = std::filesystem::path(KC_MOCK_MODEL_TESTDATA) / file;
  std::ifstream in(path, std::ios::binary);
  const Bytes der((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<crypto::PrivateKey> key = crypto::PrivateKey::FromPkcs8Der(der);
  if (!key.ok()) {
    std::fprintf(stderr, "cannot load test key %s: %s\n", path.c_str(),
                 key.status().ToString().c_str());
    std::abort();
  }
  return std::move(key).value();
}

const std::vector<crypto::PrivateKey>& WrappingKeys() {
  static const std::vector<crypto::PrivateKey>* keys = new std::vector<crypto::PrivateKey>{
      FixedTestKeys(2048)[0], FixedTestKeys(2048)[1], FixedTestKeys(2048)[2],
      FixedTestKeys(3072)[0], FixedTestKeys(4096)[0]};
  return *keys;
}

crypto::WrapAlgorithm ToCrypto(WrappingAlgorithm a) {
  switch (a) {
    case WrappingAlgorithm::kRsaesPkcs1V15:
      return crypto::WrapAlgorithm::kRsaesPkcs1V15;
    case WrappingAlgorithm::kRsaesOaepSha1:
      return crypto::WrapAlgorithm::kRsaesOaepSha1;
    case WrappingAlgorithm::kRsaesOaepSha256:
      return crypto::WrapAlgorithm::kRsaesOaepSha256;
    case WrappingAlgorithm::kRsaAesKeyWrapSha1:
      return crypto::WrapAlgorithm::kRsaAesKeyWrapSha1;
    case WrappingAlgorithm::kRsaAesKeyWrapSha256:
      return crypto::WrapAlgorithm::kRsaAesKeyWrapSha256;
    case WrappingAlgorithm::kSm2Pke:
      break;
  }
  return crypto::WrapAlgorithm::kRsaesOaepSha256;
}

Bytes Material32(std::string_view label) {
  const crypto::Digest256 d = crypto::Sha256(AsBytes(label));
  return Bytes(d.begin(), d.end());
}

ModelFixture::ModelFixture(const FixtureOptions& o)
    : random(o.seed), client_random(o.seed + 1000003), keys(WrappingKeys()), profile(o.profile) {}

std::unique_ptr<ModelFixture> ModelFixture::Make(const FixtureOptions& o, std::string* error) {
  std::unique_ptr<ModelFixture> f(new ModelFixture(o));
  KmsOptions options;
  options.profile = o.profile;
  options.fault = o.fault;
  options.state_dir = o.state_dir;
  if (o.ring_size > 0) {
    FixedKeyRingOptions ring_options;
    ring_options.size = o.ring_size;
    Result<std::unique_ptr<FixedKeySource>> ring = FixedKeySource::Ring(ring_options);
    if (!ring.ok()) {
      if (error != nullptr) *error = ring.status().ToString();
      return nullptr;
    }
    f->ring = std::move(ring).value();
  }
  WrappingKeySource& keys = f->ring ? static_cast<WrappingKeySource&>(*f->ring) : f->keys;
  Result<std::unique_ptr<Kms>> kms = Kms::Create(options, f->clock, f->random, keys);
  if (!kms.ok()) {
    if (error != nullptr) *error = kms.status().ToString();
    return nullptr;
  }
  f->kms = std::move(kms).value();
  return f;
}

std::string ModelFixture::Arn(std::string_view key_id, std::string_view account) const {
  return KeyArn(kRegion, account, key_id);
}

Outcome<codec::CreateKeyResponse> ModelFixture::Create(Origin origin, KeySpec spec,
                                                       std::optional<KeyUsage> usage,
                                                       const Caller* as) {
  codec::CreateKeyRequest r;
  r.origin = origin;
  r.key_spec = spec;
  r.key_usage = usage;
  return kms->CreateKey(as != nullptr ? *as : caller, r);
}

std::string ModelFixture::CreateExternal(KeySpec spec, std::optional<KeyUsage> usage,
                                         const Caller* as) {
  auto out = Create(Origin::kExternal, spec, usage, as);
  return out.ok() ? out.value().key_metadata->key_id : std::string();
}

std::string ModelFixture::CreateAwsKms() {
  auto out = Create(Origin::kAwsKms);
  return out.ok() ? out.value().key_metadata->key_id : std::string();
}

Outcome<codec::GetParametersForImportResponse> ModelFixture::Gpfi(std::string_view key_id,
                                                                  WrappingAlgorithm alg,
                                                                  WrappingKeySpec spec,
                                                                  const Caller* as) {
  codec::GetParametersForImportRequest r;
  r.key_id = std::string(key_id);
  r.wrapping_algorithm = alg;
  r.wrapping_key_spec = spec;
  return kms->GetParametersForImport(as != nullptr ? *as : caller, r);
}

Bytes ModelFixture::Wrap(const codec::GetParametersForImportResponse& params, WrappingAlgorithm alg,
                         ByteView material) {
  Result<crypto::PublicKey> pub = crypto::PublicKey::FromSpkiDer(*params.public_key);
  if (!pub.ok()) std::abort();
  Result<Bytes> wrapped = crypto::Wrap(ToCrypto(alg), *pub, material, client_random);
  if (!wrapped.ok()) {
    std::fprintf(stderr, "wrap failed: %s\n", wrapped.status().ToString().c_str());
    std::abort();
  }
  return std::move(wrapped).value();
}

Outcome<codec::ImportKeyMaterialResponse> ModelFixture::Ikm(std::string_view key_id, ByteView token,
                                                            ByteView wrapped,
                                                            std::optional<ExpirationModel> model,
                                                            std::optional<EpochSeconds> valid_to,
                                                            const Caller* as) {
  codec::ImportKeyMaterialRequest r;
  r.key_id = std::string(key_id);
  r.import_token.assign(token.begin(), token.end());
  r.encrypted_key_material.assign(wrapped.begin(), wrapped.end());
  r.expiration_model = model;
  r.valid_to = valid_to;
  return kms->ImportKeyMaterial(as != nullptr ? *as : caller, r);
}

Outcome<codec::ImportKeyMaterialResponse> ModelFixture::Import(std::string_view key_id,
                                                               ByteView material,
                                                               WrappingAlgorithm alg,
                                                               std::optional<ExpirationModel> model,
                                                               std::optional<EpochSeconds> valid_to,
                                                               WrappingKeySpec spec) {
  auto params = Gpfi(key_id, alg, spec);
  if (!params.ok()) return params.error();
  const Bytes wrapped = Wrap(params.value(), alg, material);
  return Ikm(key_id, *params.value().import_token, wrapped, model, valid_to);
}

Outcome<codec::DescribeKeyResponse> ModelFixture::Describe(std::string_view key_id,
                                                           const Caller* as) {
  return kms->DescribeKey(as != nullptr ? *as : caller,
                          codec::DescribeKeyRequest{std::string(key_id), std::nullopt});
}

codec::KeyMetadata ModelFixture::Metadata(std::string_view key_id) {
  auto out = Describe(key_id);
  if (!out.ok()) {
    std::fprintf(stderr, "DescribeKey %s failed: %s %s\n", std::string(key_id).c_str(),
                 out.error().type_name.c_str(), out.error().message.c_str());
    std::abort();
  }
  return *out.value().key_metadata;
}

Outcome<codec::EmptyResponse> ModelFixture::Enable(std::string_view key_id) {
  return kms->EnableKey(caller, codec::EnableKeyRequest{std::string(key_id)});
}

Outcome<codec::EmptyResponse> ModelFixture::Disable(std::string_view key_id) {
  return kms->DisableKey(caller, codec::DisableKeyRequest{std::string(key_id)});
}

Outcome<codec::ScheduleKeyDeletionResponse> ModelFixture::Schedule(std::string_view key_id,
                                                                   std::optional<int> days) {
  return kms->ScheduleKeyDeletion(caller,
                                  codec::ScheduleKeyDeletionRequest{std::string(key_id), days});
}

Outcome<codec::CancelKeyDeletionResponse> ModelFixture::Cancel(std::string_view key_id) {
  return kms->CancelKeyDeletion(caller, codec::CancelKeyDeletionRequest{std::string(key_id)});
}

Outcome<codec::DeleteImportedKeyMaterialResponse> ModelFixture::Dikm(std::string_view key_id) {
  codec::DeleteImportedKeyMaterialRequest r;
  r.key_id = std::string(key_id);
  return kms->DeleteImportedKeyMaterial(caller, r);
}

Outcome<codec::EncryptResponse> ModelFixture::Encrypt(std::string_view key_id, ByteView plaintext) {
  codec::EncryptRequest r;
  r.key_id = std::string(key_id);
  r.plaintext.assign(plaintext.begin(), plaintext.end());
  return kms->Encrypt(caller, r);
}

Outcome<codec::DecryptResponse> ModelFixture::Decrypt(ByteView blob,
                                                      std::optional<std::string> key_id) {
  codec::DecryptRequest r;
  r.ciphertext_blob = Bytes(blob.begin(), blob.end());
  r.key_id = std::move(key_id);
  return kms->Decrypt(caller, r);
}

}  // namespace kc::mock::testing
