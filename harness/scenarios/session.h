// Session: what a scenario works with. It owns the scenario's clients (the primary identity,
// and lazily the other account's), labels every exchange (setup or probe), writes the
// reproducer as the steps run, tracks the keys it creates for the clean-up, and holds the
// Judge. Setup helpers return nullopt after recording an `error` ("setup: CreateKey
// answered HTTP 500 ..."), so a scenario reads straight down:
//
//   Session s(ctx, "ikm.token-bound-to-key");
//   auto a = s.CreateExternalKey("A");
//   auto b = s.CreateExternalKey("B");
//   auto pa = a ? s.GetParameters("PA", *a) : std::nullopt;
//   if (!b || !pa) return s.Finish();
//   auto w = s.Wrap("WA", *pa, s.NewMaterial("M"));
//   s.Probe("ImportKeyMaterial into B with A's token");
//   s.judge().ExpectError(Summarize(s.Import(*b, *pa, *w)),
//                         {ErrorType::kInvalidImportTokenException}, "A's token used for B");
//   return s.Finish();
#ifndef KC_SCENARIOS_SESSION_H_
#define KC_SCENARIOS_SESSION_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/client/client.h"
#include "harness/codec/types.h"
#include "harness/common/bytes.h"
#include "harness/contract/enums.h"
#include "harness/crypto/keys.h"
#include "harness/scenarios/judge.h"
#include "harness/scenarios/reproducer.h"
#include "harness/scenarios/scenario.h"

namespace kc::crypto {
class DeterministicRandom;
}  // namespace kc::crypto

namespace kc::scenarios {

using contract::ErrorType;
using contract::ExpirationModel;
using contract::KeySpec;
using contract::KeyState;
using contract::WrappingAlgorithm;
using contract::WrappingKeySpec;

// KeyRef: a key created by the scenario; var is its name in the reproducer ($A, $A_ARN).
struct KeyRef {
  std::string var;
  std::string key_id;
  std::string arn;
  KeySpec spec = KeySpec::kSymmetricDefault;
  contract::Origin origin = contract::Origin::kExternal;
  bool other_account = false;
};

// ImportParams: one GetParametersForImport response. Files in the reproducer:
// $W/<var>.token and $W/<var>.pub.
struct ImportParams {
  std::string var;
  KeyRef key;
  WrappingAlgorithm algorithm = WrappingAlgorithm::kRsaesOaepSha256;
  WrappingKeySpec spec = WrappingKeySpec::kRsa2048;
  Bytes public_key;  // DER SubjectPublicKeyInfo as returned
  Bytes token;
  std::optional<EpochSeconds> valid_to;
  std::optional<std::string> key_id;  // KeyId of the response
  EpochSeconds requested_at = 0;      // the target's time when the request was sent
};

// Material: key material ($W/<var>.bin in the reproducer). Secret: never in a report.
struct Material {
  std::string var;
  Bytes bytes;
};

// Wrapped: material wrapped for one ImportParams ($W/<var>.bin).
struct Wrapped {
  std::string var;
  Bytes bytes;
  WrappingAlgorithm algorithm = WrappingAlgorithm::kRsaesOaepSha256;
};

// ImportOptions: the members of an ImportKeyMaterial request besides key, token, material.
// The default is the simplest valid import: KEY_MATERIAL_DOES_NOT_EXPIRE, no ValidTo.
struct ImportOptions {
  std::optional<ExpirationModel> expiration_model = ExpirationModel::kKeyMaterialDoesNotExpire;
  std::optional<EpochSeconds> valid_to;
  // Another token than the params' one (e.g. tampered): its bytes and its reproducer file.
  std::optional<Bytes> token;
  std::string token_file;
  // Another KeyId text than the key's id (an ARN, an alias, another account's ARN).
  std::optional<std::string> key_id;
  // Profile 2026: ImportType, KeyMaterialId (64 hex), KeyMaterialDescription.
  std::optional<contract::ImportType> import_type;
  std::optional<std::string> key_material_id;
  std::optional<std::string> key_material_description;
};

// Prepared: an EXTERNAL key with one GetParametersForImport response and material wrapped
// for it: what most import probes start from.
struct Prepared {
  KeyRef key;
  ImportParams params;
  Material material;
  Wrapped wrapped;
};

// DescribeKeyState: "KeyState=Enabled, Enabled=true, ExpirationModel=..., ValidTo=..." of a
// DescribeKey reply, or the reply's one-line description when it has no KeyMetadata.
std::string DescribeKeyState(const client::Reply<codec::DescribeKeyResponse>& reply);

class Session {
 public:
  Session(Context& ctx, std::string_view rule_id);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Context& ctx() { return ctx_; }
  contract::Profile profile() const { return ctx_.profile; }
  Judge& judge() { return judge_; }
  Reproducer& repro() { return repro_; }
  // primary: nullptr only when the client could not be created (then Finish() is an error).
  client::KmsClient* primary() { return primary_.get(); }
  // other: the other account's client, created on first use; nullptr when the run has none.
  client::KmsClient* other();
  bool has_other() const { return ctx_.clients.has_other(); }

  // Labels for the exchanges that follow.
  void Setup(std::string_view label);
  void Probe(std::string_view label);
  // Try: a setup step the target may legitimately refuse (the script prints it, never stops).
  void Try(std::string_view label);
  // ExpectInScript: what the reproducer checks for the last call written (Reproducer::Expect),
  // where the judge's own expectation is not what the script should check.
  void ExpectInScript(std::string expectation);
  // ScriptCheck: Reproducer::Check.
  void ScriptCheck(std::string_view what, std::string_view aws, std::string_view condition) {
    repro_.Check(what, aws, condition);
  }
  // ExpectStateInScript: the last DescribeKey shows `state` (and Enabled, and the
  // ExpirationModel: "None" for none, "*" for any) in the script.
  void ExpectStateInScript(KeyState state, std::optional<bool> enabled,
                           std::string_view expiration_model = "*");
  // NewControl: declares a control (Judge::NewControl). Control: the exchanges that follow
  // are that control's ("control c1: <what>" in the transcript and the reproducer).
  ControlRef NewControl(std::string what, IfControlFails if_fails = IfControlFails::kError) {
    return judge_.NewControl(std::move(what), if_fails);
  }
  void Control(ControlRef c);

  // ---- setup steps: on failure they record a judge error and return nullopt ----
  std::optional<KeyRef> CreateKey(std::string_view var, const codec::CreateKeyRequest& request,
                                  bool other_account = false);
  // TryCreateKey: like CreateKey, but a refusal is not an error: the reply is returned for
  // the scenario to judge (e.g. "refused at CreateKey" passes gpfi.no-asymmetric).
  std::optional<KeyRef> TryCreateKey(std::string_view var, const codec::CreateKeyRequest& request,
                                     ReplySummary& reply, bool other_account = false);
  // ExternalKeyRequest: CreateKey(Origin=EXTERNAL) of a spec, with the usage AWS requires.
  static codec::CreateKeyRequest ExternalKeyRequest(KeySpec spec, std::string_view description);
  std::optional<KeyRef> CreateExternalKey(std::string_view var,
                                          KeySpec spec = KeySpec::kSymmetricDefault,
                                          bool other_account = false);
  std::optional<KeyRef> CreateAwsKmsKey(std::string_view var);
  // ExpectStateControl: a control, run now, that DescribeKey shows `key` in `state`: the
  // premise of a refusal in that state.
  ControlRef ExpectStateControl(const KeyRef& key, KeyState state);
  // CheckKeyState: a check (Judge::Check) that DescribeKey shows `key` in `state` (and with
  // Enabled = `enabled` when given), written into the script too. Returns whether it held.
  bool CheckKeyState(const KeyRef& key, KeyState state, std::optional<bool> enabled,
                     std::string_view what);
  // OtherAccountDiffers: the premise of the cross-account rules: `theirs`, created by the
  // second identity, lives in another account than `mine`. When it does not (a second
  // identity of the same account: a set-up mistake, not a departure) records an `error`
  // saying so and returns false.
  bool OtherAccountDiffers(const KeyRef& mine, const KeyRef& theirs);
  // CreateForbiddenKey: CreateKey(Origin=EXTERNAL) of a spec the contract lets a target
  // refuse already at CreateKey (gpfi/ikm.no-asymmetric, no-hmac): a 400 AWS error is judged
  // a refusal (resting on the control that the same CreateKey with KeySpec
  // SYMMETRIC_DEFAULT succeeds) and gives nullopt; other failures are judged against the
  // rule; else the key.
  std::optional<KeyRef> CreateForbiddenKey(std::string_view var, KeySpec spec);
  // PrepareImport: CreateKey(EXTERNAL) as var, parameters P<var>, material M<var> of
  // material_size bytes and its wrapping W<var>; nullopt after a setup error.
  std::optional<Prepared> PrepareImport(
      std::string_view var, KeySpec spec = KeySpec::kSymmetricDefault,
      WrappingAlgorithm algorithm = WrappingAlgorithm::kRsaesOaepSha256,
      std::size_t material_size = 32);
  std::optional<ImportParams> GetParameters(
      std::string_view var, const KeyRef& key,
      WrappingAlgorithm algorithm = WrappingAlgorithm::kRsaesOaepSha256,
      WrappingKeySpec spec = WrappingKeySpec::kRsa2048);
  // TryGetParameters: GetParametersForImport of the key named key_id_text (in the script:
  // key_id_script, e.g. "\"$K\"" or "\"${K_ARN}\"") through `via` (nullptr: the primary
  // identity); the parameters, or nullopt with the reply in `out` (not judged).
  std::optional<ImportParams> TryGetParameters(std::string_view var, const KeyRef& key,
                                               std::string_view key_id_script,
                                               std::string_view key_id_text,
                                               WrappingAlgorithm algorithm, WrappingKeySpec spec,
                                               ReplySummary& out, client::KmsClient* via = nullptr);
  Material NewMaterial(std::string_view var, std::size_t size = 32);
  // RandomBytes: n bytes of this session's deterministic stream (no reproducer line).
  Bytes RandomBytes(std::size_t n);
  // Wrap: material wrapped with the params' public key (with `algorithm`, default the
  // params' one). nullopt (and a judge error) when the public key is unusable.
  std::optional<Wrapped> Wrap(std::string_view var, const ImportParams& params,
                              const Material& material,
                              std::optional<WrappingAlgorithm> algorithm = std::nullopt);
  // ImportForSetup: an import that must succeed for the scenario to go on.
  bool ImportForSetup(const KeyRef& key, const ImportParams& params, const Wrapped& wrapped,
                      const ImportOptions& options = {});
  // ImportForMaterialId: ImportForSetup that also needs the KeyMaterialId the import answered
  // (profile 2026): nullopt after a setup error, a missing KeyMaterialId included.
  std::optional<std::string> ImportForMaterialId(const KeyRef& key, const ImportParams& params,
                                                 const Wrapped& wrapped,
                                                 const ImportOptions& options = {});
  // EncryptForSetup: ciphertext of a fresh plaintext ($W/<var>.bin), or nullopt.
  struct Ciphertext {
    std::string var;
    Bytes plaintext;  // secret
    Bytes blob;
  };
  std::optional<Ciphertext> EncryptForSetup(std::string_view var, const KeyRef& key);

  // ---- calls whose replies the scenario judges (each writes its reproducer command) ----
  client::Reply<codec::GetParametersForImportResponse> CallGetParameters(
      std::string_view key_id_text, WrappingAlgorithm algorithm, WrappingKeySpec spec,
      client::KmsClient* via = nullptr);
  client::Reply<codec::ImportKeyMaterialResponse> Import(const KeyRef& key,
                                                         const ImportParams& params,
                                                         const Wrapped& wrapped,
                                                         const ImportOptions& options = {},
                                                         client::KmsClient* via = nullptr);
  client::Reply<codec::DescribeKeyResponse> Describe(std::string_view key_id_text,
                                                     client::KmsClient* via = nullptr);
  client::Reply<codec::EncryptResponse> Encrypt(std::string_view key_id_text,
                                                const Bytes& plaintext, std::string_view var);
  client::Reply<codec::DecryptResponse> Decrypt(const Ciphertext& ciphertext);
  client::Reply<codec::DeleteImportedKeyMaterialResponse> DeleteMaterial(
      std::string_view key_id_text, client::KmsClient* via = nullptr);
  // DeleteMaterialId: DeleteImportedKeyMaterial of one material (profile 2026).
  client::Reply<codec::DeleteImportedKeyMaterialResponse> DeleteMaterialId(
      std::string_view key_id_text, std::string_view key_material_id);

  // ---- profile 2026: rotation and the use of imported asymmetric and HMAC material ----
  client::Reply<codec::RotateKeyOnDemandResponse> RotateOnDemand(std::string_view key_id_text);
  client::Reply<codec::ListKeyRotationsResponse> ListRotations(
      std::string_view key_id_text, std::optional<contract::IncludeKeyMaterial> include,
      std::optional<int> limit = std::nullopt, std::optional<std::string> marker = std::nullopt);
  client::Reply<codec::GetPublicKeyResponse> GetPublicKey(std::string_view key_id_text);
  // Sign / Verify / GenerateMac / VerifyMac: `var` names the message file ($W/<var>.bin) in
  // the reproducer (written there from the bytes: messages are not secret). The signature or
  // MAC file of Verify/VerifyMac is written the same way, unless `make_file` gives the
  // script's own commands for it (a signature or MAC made with the script's own material,
  // which is not the run's).
  client::Reply<codec::SignResponse> Sign(std::string_view key_id_text, const Bytes& message,
                                          std::string_view var,
                                          contract::SigningAlgorithm algorithm);
  client::Reply<codec::VerifyResponse> Verify(std::string_view key_id_text, const Bytes& message,
                                              std::string_view var, const Bytes& signature,
                                              std::string_view signature_var,
                                              contract::SigningAlgorithm algorithm,
                                              const std::vector<std::string>& make_file = {});
  client::Reply<codec::GenerateMacResponse> GenerateMac(std::string_view key_id_text,
                                                        const Bytes& message,
                                                        std::string_view var,
                                                        contract::MacAlgorithm algorithm);
  client::Reply<codec::VerifyMacResponse> VerifyMac(std::string_view key_id_text,
                                                    const Bytes& message, std::string_view var,
                                                    const Bytes& mac, std::string_view mac_var,
                                                    contract::MacAlgorithm algorithm,
                                                    const std::vector<std::string>& make_file = {});
  // EncryptWith / DecryptWith: Encrypt and Decrypt with an EncryptionAlgorithm (RSA keys).
  client::Reply<codec::EncryptResponse> EncryptWith(std::string_view key_id_text,
                                                    const Bytes& plaintext, std::string_view var,
                                                    contract::EncryptionAlgorithm algorithm);
  client::Reply<codec::DecryptResponse> DecryptWith(std::string_view key_id_text,
                                                    const Bytes& blob, std::string_view var,
                                                    contract::EncryptionAlgorithm algorithm);
  // FileLine: writes bytes to $W/<var>.bin in the reproducer (base64 in the script): for
  // messages, signatures and MACs, never for secrets.
  void FileLine(std::string_view var, const Bytes& bytes);
  client::Reply<codec::EmptyResponse> Enable(std::string_view key_id_text);
  client::Reply<codec::EmptyResponse> Disable(std::string_view key_id_text);
  client::Reply<codec::ScheduleKeyDeletionResponse> ScheduleDeletion(std::string_view key_id_text,
                                                                     int days = 7);
  client::Reply<codec::CancelKeyDeletionResponse> CancelDeletion(std::string_view key_id_text);
  // CreateAlias / DeleteAlias: the reply, judged by the caller.
  ReplySummary CreateAlias(std::string_view alias_name, const KeyRef& key);
  ReplySummary DeleteAlias(std::string_view alias_name);
  // Raw: a raw request through the primary client (curl in the reproducer).
  client::RawReply Raw(const client::RawRequest& request);

  // ---- time ----
  // AdvanceClock: moves the target's clock; afterwards this session's clients sign with the
  // target's time. NotFound when the run has no clock control (the caller skips).
  Status AdvanceClock(double seconds);
  bool can_move_clock() const { return ctx_.clock != nullptr; }
  // TargetNow: the target's current time as far as the harness knows (local + offset).
  EpochSeconds TargetNow() const;

  // Finish: the rule's result: verdict and reason from the judge, every exchange as evidence
  // (in order), the reproducer script.
  report::RuleResult Finish();

 private:
  client::KmsClient* Via(client::KmsClient* via) { return via ? via : primary_.get(); }
  void Collect(client::KmsClient* c);
  template <typename Req>
  client::Reply<codec::ResponseOf<Req::kOperation>> Call(client::KmsClient* c, const Req& req);
  // SetupFailed: records "setup: <what>: <reply>" as a judge error.
  void SetupFailed(std::string_view what, const ReplySummary& reply);
  // The control of CreateForbiddenKey's refusals (declared and run once per rule).
  std::optional<ControlRef> symmetric_create_control_;
  std::optional<KeyRef> CreateKeyImpl(std::string_view var, const codec::CreateKeyRequest& req,
                                      bool other_account, ReplySummary* refusal);
  std::string KeyText(std::string_view key_id_text) const;  // for the reproducer

  Context& ctx_;
  const contract::Rule& rule_;
  Judge judge_;
  Reproducer repro_;
  std::unique_ptr<client::KmsClient> primary_;
  std::unique_ptr<client::KmsClient> other_;
  bool other_tried_ = false;
  std::string client_error_;
  std::unique_ptr<crypto::DeterministicRandom> random_;
  std::vector<report::Evidence> evidence_;
  // Label: the step of the exchanges and script lines that follow.
  void Label(std::string step, StepKind kind);
  // ScriptCall: a KMS call in the reproducer, as a step of the current kind.
  int ScriptCall(std::string_view command);

  std::string step_;
  bool probe_ = false;
  StepKind kind_ = StepKind::kSetup;
  std::string control_;
  int pending_step_ = -1;                // the script step of the call being sent
  std::map<int, int> step_of_exchange_;  // Evidence::seq -> script step
  int counter_ = 0;
};

// MustRule: the catalogue entry of id; aborts for an unknown id (a programming error).
const contract::Rule& MustRule(std::string_view id);

// ParsePublicKey: crypto::PublicKey::FromSpkiDer, remembering the last 64 keys parsed (by
// their DER, process-wide, thread-safe): a target that reuses wrapping keys (explore's
// embedded mock, with its ring of fixed keys) sends the same few again and again, and
// parsing is most of a wrap's cost.
Result<crypto::PublicKey> ParsePublicKey(const Bytes& der);

}  // namespace kc::scenarios

#endif  // KC_SCENARIOS_SESSION_H_
