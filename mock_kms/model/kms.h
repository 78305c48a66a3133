// Kms: the mock KMS's model: keys and aliases per (account, region), the key state machine,
// import tokens, material expiry, and the operations, with AWS's errors (CONTRACT.md;
// kms_aliases.cc for the aliases).
// No sockets: the server's dispatch decodes requests, calls these methods and encodes the
// outcome; fuzz targets and properties call them directly.
//
// Time and randomness are injected (Clock, RandomSource, WrappingKeySource), so tests move
// time and fuzzing is deterministic. Every method is thread-safe. A failed operation
// changes nothing. With a state directory every acknowledged change is on disk (journal +
// fsync) before the method returns.
#ifndef KC_MOCK_KMS_MODEL_KMS_H_
#define KC_MOCK_KMS_MODEL_KMS_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/codec/codec.h"
#include "harness/codec/types.h"
#include "harness/common/clock.h"
#include "harness/common/status.h"
#include "harness/contract/enums.h"
#include "harness/crypto/random.h"
#include "mock_kms/model/faults.h"
#include "mock_kms/model/wrapping_keys.h"

namespace kc::mock {

// Caller: who sends a request. The account comes from the credentials (or the default
// 111122223333); the region from the SigV4 credential scope (or the server's --region).
struct Caller {
  std::string account;
  std::string region;
};

// Outcome<T>: the operation's output, or the AWS error it answers.
template <typename T>
using Outcome = codec::Decoded<T>;

struct KmsOptions {
  contract::Profile profile = contract::Profile::k2022;
  Fault fault = Fault::kNone;
  // Where keys, states, material and the token secret persist; nullopt: memory only.
  std::optional<std::filesystem::path> state_dir;
};

class Kms {
 public:
  // Create: a model with the given collaborators (which must outlive it). With a state
  // directory, replays its journal first: a torn or corrupt tail keeps the acknowledged
  // prefix and is reported in RecoveryNotes(); only an unreadable directory is an error.
  static Result<std::unique_ptr<Kms>> Create(const KmsOptions& options, const Clock& clock,
                                             crypto::RandomSource& random,
                                             WrappingKeySource& wrapping_keys);
  ~Kms();
  Kms(const Kms&) = delete;
  Kms& operator=(const Kms&) = delete;

  Outcome<codec::CreateKeyResponse> CreateKey(const Caller& c, const codec::CreateKeyRequest& r);
  Outcome<codec::DescribeKeyResponse> DescribeKey(const Caller& c,
                                                  const codec::DescribeKeyRequest& r);
  Outcome<codec::ListKeysResponse> ListKeys(const Caller& c, const codec::ListKeysRequest& r);
  Outcome<codec::EmptyResponse> EnableKey(const Caller& c, const codec::EnableKeyRequest& r);
  Outcome<codec::EmptyResponse> DisableKey(const Caller& c, const codec::DisableKeyRequest& r);
  Outcome<codec::ScheduleKeyDeletionResponse> ScheduleKeyDeletion(
      const Caller& c, const codec::ScheduleKeyDeletionRequest& r);
  Outcome<codec::CancelKeyDeletionResponse> CancelKeyDeletion(
      const Caller& c, const codec::CancelKeyDeletionRequest& r);
  Outcome<codec::GetParametersForImportResponse> GetParametersForImport(
      const Caller& c, const codec::GetParametersForImportRequest& r);
  Outcome<codec::ImportKeyMaterialResponse> ImportKeyMaterial(
      const Caller& c, const codec::ImportKeyMaterialRequest& r);
  Outcome<codec::DeleteImportedKeyMaterialResponse> DeleteImportedKeyMaterial(
      const Caller& c, const codec::DeleteImportedKeyMaterialRequest& r);
  Outcome<codec::EncryptResponse> Encrypt(const Caller& c, const codec::EncryptRequest& r);
  Outcome<codec::DecryptResponse> Decrypt(const Caller& c, const codec::DecryptRequest& r);
  // The aliases. DescribeKey, Encrypt and Decrypt (KeyId) take an alias name or alias ARN
  // where AWS does; the other operations refuse them ("Specify the key ID or key ARN").
  Outcome<codec::EmptyResponse> CreateAlias(const Caller& c, const codec::CreateAliasRequest& r);
  Outcome<codec::EmptyResponse> DeleteAlias(const Caller& c, const codec::DeleteAliasRequest& r);
  Outcome<codec::ListAliasesResponse> ListAliases(const Caller& c,
                                                  const codec::ListAliasesRequest& r);
  Outcome<codec::EmptyResponse> UpdateAlias(const Caller& c, const codec::UpdateAliasRequest& r);
  // The cryptographic operations of asymmetric and HMAC keys (kms_sign.cc): in profile 2026
  // with imported RSA/ECC private keys and HMAC material too. An AWS_KMS RSA or ECC key gets
  // its key pair on first use.
  Outcome<codec::GetPublicKeyResponse> GetPublicKey(const Caller& c,
                                                    const codec::GetPublicKeyRequest& r);
  Outcome<codec::SignResponse> Sign(const Caller& c, const codec::SignRequest& r);
  Outcome<codec::VerifyResponse> Verify(const Caller& c, const codec::VerifyRequest& r);
  Outcome<codec::GenerateMacResponse> GenerateMac(const Caller& c,
                                                  const codec::GenerateMacRequest& r);
  Outcome<codec::VerifyMacResponse> VerifyMac(const Caller& c, const codec::VerifyMacRequest& r);
  // Several key materials per symmetric key (2026 only; kms_materials.cc).
  Outcome<codec::RotateKeyOnDemandResponse> RotateKeyOnDemand(
      const Caller& c, const codec::RotateKeyOnDemandRequest& r);
  Outcome<codec::ListKeyRotationsResponse> ListKeyRotations(
      const Caller& c, const codec::ListKeyRotationsRequest& r);

  const KmsOptions& options() const;
  // The profile requests must be decoded with: the model's profile, except under the faults
  // that accept values of the 2026 enums (gpfi.wrapping-key-spec, gpfi.wrapping-algorithm).
  contract::Profile decode_profile() const;
  // ForgetEverything: every key and alias of every account and region is gone from memory,
  // as after a crash of a server that keeps nothing. Only for the fault proto.robustness:2
  // (the server calls it); the journal of a state directory is not touched.
  void ForgetEverything();
  std::size_t KeyCount() const;
  std::size_t AliasCount() const;
  // What journal replay found (e.g. "dropped a torn record of 37 bytes at offset 81920").
  std::vector<std::string> RecoveryNotes() const;

 private:
  class Impl;
  explicit Kms(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_KMS_H_
