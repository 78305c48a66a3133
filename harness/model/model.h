// Model: the reference model of the key-import contract (CONTRACT.md) that `kmsconform
// explore`, the properties and the stateful fuzz target check a target against. It holds what
// a sequence of calls has made so far (keys of two accounts with their state, origin, spec,
// material, expiry and deletion date, aliases, the GetParametersForImport responses with
// their token's key, algorithm, expiry and wrapping key pair, the ciphertexts and the
// material that made them, the clock) and, for each command, predicts the answer (success,
// or the error types AWS may answer, with the rule that decides) and the state after.
//
// Commands name the objects of their sequence by index (the key-th key created so far, ...),
// taken modulo the count, so any command is meaningful after any prefix: a shrinker can drop
// commands freely. A command whose objects do not exist yet is not applicable (skipped).
//
// Where several conditions refuse a call, every error type they give is accepted (emulators
// check in different orders); the rule of the first condition in AWS's order is the one a
// departure is charged to. Pure: no I/O, deterministic.
#ifndef KC_MODEL_MODEL_H_
#define KC_MODEL_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/contract/enums.h"
#include "harness/contract/rules.h"

namespace kc::model {

using contract::ErrorType;
using contract::KeySpec;
using contract::KeyState;
using contract::Origin;
using contract::Profile;
using contract::WrappingAlgorithm;
using contract::WrappingKeySpec;

enum class Op : std::uint8_t {
  kCreateKey,
  kGetParameters,
  kImport,
  kDeleteMaterial,
  kEnable,
  kDisable,
  kScheduleDeletion,
  kCancelDeletion,
  kCreateAlias,
  kEncrypt,
  kDecrypt,
  kAdvanceClock,
  kRotate,  // RotateKeyOnDemand (profile 2026)
  kListRotations,  // ListKeyRotations (profile 2026), all its pages
  // Profile 2026: `times` rounds of NEW_KEY_MATERIAL import (the key's last
  // GetParametersForImport response) and RotateKeyOnDemand (an AWS_KMS key: the rotation
  // only); the executor makes each call, the model applies them one by one (Round). The
  // rounds stop at the first refusal.
  kRotateTimes,
};
std::string_view OpName(Op op);  // "CreateKey", ...

// How a command names its key.
enum class KeyForm : std::uint8_t {
  kId,              // the bare key id
  kArn,             // the key ARN
  kAliasName,       // alias/... of the key (when it has one)
  kAliasArn,        // its alias ARN
  kForeignArn,      // the key's id under another account's ARN (no such key there)
  kUnknownId,       // a well-formed key id no key has
  kOtherRegionArn,  // the key's ARN with another region
};
std::string_view KeyFormName(KeyForm f);

enum class TokenChange : std::uint8_t { kNone, kFlipByte, kTruncate };

// The ExpirationModel/ValidTo forms of ImportKeyMaterial (ikm.valid-to).
enum class Expiry : std::uint8_t {
  kDoesNotExpire,              // KEY_MATERIAL_DOES_NOT_EXPIRE
  kExpires,                    // KEY_MATERIAL_EXPIRES, ValidTo = now + valid_seconds
  kOmitted,                    // neither (the default KEY_MATERIAL_EXPIRES without ValidTo)
  kExpiresWithoutValidTo,      // KEY_MATERIAL_EXPIRES without ValidTo
  kPast,                       // ValidTo an hour ago
  kTooFar,                     // ValidTo 366 days ahead
  kDoesNotExpireWithValidTo,   // KEY_MATERIAL_DOES_NOT_EXPIRE with a ValidTo
};

// Profile 2026: ImportKeyMaterial's ImportType as sent (omitted: the default of the key).
enum class ImportTypeForm : std::uint8_t { kOmitted, kNew, kExisting };
// Profile 2026: the KeyMaterialId of ImportKeyMaterial / DeleteImportedKeyMaterial.
enum class MaterialIdForm : std::uint8_t {
  kNone,     // no KeyMaterialId
  kPicked,   // the id of the key's material #material_pick (an import: the material it sends,
             // when it reimports one of the key's)
  kNext,     // the id of the key's material #material_pick + 1 (another one, when it has two)
  kUnknown,  // a well-formed id of no material
};

struct Command {
  Op op = Op::kCreateKey;
  // CreateKey
  Origin origin = Origin::kExternal;
  KeySpec spec = KeySpec::kSymmetricDefault;
  bool as_other = false;  // CreateKey by the second identity (another account)
  // The key (every command but CreateKey, Decrypt and AdvanceClock), and how it is named.
  std::uint32_t key = 0;
  KeyForm form = KeyForm::kId;
  // GetParametersForImport
  WrappingAlgorithm algorithm = WrappingAlgorithm::kRsaesOaepSha256;
  WrappingKeySpec wrapping_spec = WrappingKeySpec::kRsa2048;
  // A value in no enum, sent as is: 1 WrappingKeySpec RSA_1024, 2 WrappingAlgorithm
  // RSAES_OAEP_SHA_512 (0: none).
  std::uint8_t bogus = 0;
  // ImportKeyMaterial: the token of response token_of, the material wrapped with response
  // wrap_for's public key by wrap_algorithm (the token's own when wrap_with_token_algorithm).
  std::uint32_t token_of = 0;
  std::uint32_t wrap_for = 0;
  bool wrap_with_token_algorithm = true;
  WrappingAlgorithm wrap_algorithm = WrappingAlgorithm::kRsaesOaepSha256;
  bool new_material = true;   // fresh material, or the material the key had last
  bool tweak_last_byte = false;  // with !new_material: that material with its last byte changed
  std::uint32_t material_size = 32;
  // Profile 2026: with !new_material, the key's material #material_pick (its materials in
  // order: the current one, then the others as they came) is reimported; the
  // KeyMaterialId (Import and DeleteImportedKeyMaterial) and the ImportType.
  std::uint32_t material_pick = 0;
  MaterialIdForm material_id = MaterialIdForm::kNone;
  ImportTypeForm import_type = ImportTypeForm::kOmitted;
  TokenChange token_change = TokenChange::kNone;
  Expiry expiry = Expiry::kDoesNotExpire;
  double valid_seconds = 30 * 86400.0;
  // Decrypt
  std::uint32_t ciphertext = 0;
  // AdvanceClock
  double seconds = 0;
  // ListKeyRotations: IncludeKeyMaterial ALL_KEY_MATERIAL (else omitted: ROTATIONS_ONLY);
  // pages of Limit=1 following NextMarker to the end (else one call, the default Limit).
  bool all_material = false;
  bool page_by_one = false;
  // kRotateTimes: the rounds.
  std::uint32_t times = 1;

  // Text: one line for reports ("ImportKeyMaterial into K2 (by ARN) with P1's token, ...");
  // names objects as the model resolves them in `names` order (K<n>, P<n>, C<n>).
  std::string Text() const;
  bool operator==(const Command&) const = default;
};

// Expectation: what AWS answers to a command.
struct Expectation {
  bool applicable = true;      // false: the command's objects do not exist (skipped)
  bool success = false;        // AWS succeeds
  // both outcomes are AWS's (documented either way): a success, or a refusal with one of
  // `errors` (another type only warns)
  bool either = false;
  std::vector<ErrorType> errors;  // the refusal types AWS may answer (success == false)
  contract::Strictness strictness = contract::Strictness::kStrict;  // for another type
  std::string rule;            // the rule a departure is charged to
  std::string why;             // what the command tests, one line
  // The rules this command exercised: rules whose condition was checked and held (the
  // command was accepted as they allow), and the rule that refused it.
  std::vector<std::string> accepted_rules;
  std::vector<std::string> refused_rules;
};

// KeyView: what DescribeKey should show of a key after a step.
struct KeyView {
  bool exists = true;  // false: deleted at its DeletionDate (NotFoundException)
  KeyState state = KeyState::kEnabled;
  bool other_account = false;
  // An EXTERNAL key's ExpirationModel: nullopt without material (none shown), true for
  // KEY_MATERIAL_EXPIRES (with a ValidTo), false for KEY_MATERIAL_DOES_NOT_EXPIRE (none).
  bool external = false;
  std::optional<bool> expires;
  // Profile 2026, a symmetric EXTERNAL key: the label of its current material (-1: none),
  // whose id DescribeKey shows as CurrentKeyMaterialId.
  int current = -1;
};

// RotationEntry: one material ListKeyRotations lists (profile 2026, EXTERNAL keys).
struct RotationEntry {
  int label;  // the material
  contract::KeyMaterialState state;
  bool imported;  // ImportState IMPORTED (else PENDING_IMPORT)
  bool rotated;   // a rotation made it current: RotationType ON_DEMAND and a RotationDate
  bool operator==(const RotationEntry&) const = default;
};

class Model {
 public:
  explicit Model(Profile profile, bool clock = false) : profile_(profile), clock_(clock) {}

  // Predict: the expectation of `c` in the current state.
  Expectation Predict(const Command& c) const;
  // Apply: the state after `c`, given whether the target accepted it (used only where the
  // expectation is `either` or the command creates something the target might refuse).
  // `pair` is the identity of the wrapping key pair a GetParametersForImport response carried
  // (responses with equal pairs are interchangeable at unwrap time: fixed wrapping keys).
  void Apply(const Command& c, bool accepted, std::uint64_t pair = 0);

  // The objects so far.
  std::size_t key_count() const { return keys_.size(); }
  std::size_t params_count() const { return params_.size(); }
  std::size_t ciphertext_count() const { return ciphertexts_.size(); }
  // Resolved indices of c's objects (valid when Predict(c).applicable).
  std::size_t KeyOf(const Command& c) const;
  std::size_t ParamsOf(std::uint32_t index) const { return index % params_.size(); }
  std::size_t CiphertextOf(const Command& c) const { return c.ciphertext % ciphertexts_.size(); }
  // The key a GetParametersForImport response was for; the key a ciphertext was made by.
  std::size_t KeyOfParams(std::size_t p) const { return params_[p].key; }
  std::size_t KeyOfCiphertext(std::size_t i) const { return ciphertexts_[i].key; }
  bool HasAlias(std::size_t key) const { return keys_[key].alias; }
  bool IsOther(std::size_t key) const { return keys_[key].other; }
  // The material a key holds or held last (-1: never), and the label of new material.
  int MaterialOf(std::size_t key) const { return keys_[key].material; }
  // The key's materials: the current one, then (2026) the others as they came (NON_CURRENT
  // and PENDING_ROTATION). Empty: it never had material.
  std::vector<int> MaterialsOf(std::size_t key) const;
  // ReusedMaterial: the key's material an import sends again (the base of a tweak), or -1
  // when it sends new material. SentMaterial: the label of what it sends (new material and
  // a tweaked one are next_material()).
  int ReusedMaterial(const Command& c) const;
  int SentMaterial(const Command& c) const;
  // IdLabel: the material whose id c's KeyMaterialId names: -2 none, -1 an id of no material.
  int IdLabel(const Command& c) const;
  int next_material() const { return materials_; }
  KeyView View(std::size_t key) const;
  // ListKeyRotations (c: kListRotations, applicable and accepted): the entries, oldest first.
  std::vector<RotationEntry> Rotations(const Command& c) const;
  // kRotateTimes: the calls of one round in the current state (an import and a rotation, or
  // the rotation of an AWS_KMS key).
  std::vector<Command> Round(const Command& c) const;
  // The key's last GetParametersForImport response (-1: none).
  int LastParamsOf(std::size_t key) const;
  // The rule a wrong DescribeKey state after `c` is charged to.
  std::string_view StateRule(const Command& c) const;
  double now() const { return now_; }
  Profile profile() const { return profile_; }
  bool clock() const { return clock_; }

 private:
  struct Key {
    Origin origin = Origin::kExternal;
    KeySpec spec = KeySpec::kSymmetricDefault;
    bool other = false;
    KeyState state = KeyState::kPendingImport;
    bool has_material = false;
    int material = -1;  // the current or last material; -1: never had any
    std::optional<double> valid_to;
    std::optional<double> deletion_date;
    bool expired = false;  // its material expired (ikm.material-expiry)
    bool gone = false;     // deleted at its DeletionDate
    bool alias = false;
    // Profile 2026: the other materials of a symmetric key (NON_CURRENT, and at most one
    // PENDING_ROTATION), and its on-demand rotations so far.
    struct Other {
      int label;
      bool pending;   // PENDING_ROTATION (else NON_CURRENT)
      bool imported;  // its import is in place (not deleted or expired)
      std::optional<double> valid_to;
      bool rotated = false;  // a rotation made it current once (ListKeyRotations)
    };
    std::vector<Other> others;
    int rotations = 0;
    bool rotated = false;  // the current material: a rotation made it current
    const Other* Pending() const {
      for (const Other& o : others) {
        if (o.pending) return &o;
      }
      return nullptr;
    }
    // Every permanently associated material imported (the current and NON_CURRENT ones).
    bool AllPermanentImported() const {
      if (!has_material) return false;
      for (const Other& o : others) {
        if (!o.pending && !o.imported) return false;
      }
      return true;
    }
  };
  struct Params {
    std::size_t key;
    WrappingAlgorithm algorithm;
    double expires;
    std::uint64_t pair;
  };
  struct Ciphertext {
    std::size_t key;
    int material;
  };

  Expectation PredictCreateKey(const Command& c) const;
  Expectation PredictGetParameters(const Command& c) const;
  Expectation PredictImport(const Command& c) const;
  Expectation PredictDeleteMaterial(const Command& c) const;
  Expectation PredictState(const Command& c) const;
  Expectation PredictCreateAlias(const Command& c) const;
  Expectation PredictEncrypt(const Command& c) const;
  Expectation PredictDecrypt(const Command& c) const;
  Expectation PredictRotate(const Command& c) const;
  Expectation PredictListRotations(const Command& c) const;
  Expectation PredictRotateTimes(const Command& c) const;
  // Profile 2026, a symmetric key: the ImportType and KeyMaterialId conditions of an import
  // whose token and material passed (ikm.import-type, ikm.reimport-existing).
  void PredictImportType2026(const Command& c, const Key& k, Expectation& e) const;

  // Lookup: the refusal of a KeyId form that does not reach the caller's key (alias forms
  // where op refuses them, another account's key, an unknown or deleted key), or nullopt.
  bool Lookup(const Command& c, std::string_view cross_account_rule, Expectation& e) const;
  void Upkeep();  // material expiry and completed deletions at now_

  Profile profile_;
  bool clock_;
  double now_ = 0;
  std::vector<Key> keys_;
  std::vector<Params> params_;
  std::vector<Ciphertext> ciphertexts_;
  int materials_ = 0;
  // 2026: the material a tweak (last byte flipped) of each material is, once a key took it
  // (both ways: a tweak of the tweak is the material itself).
  std::map<int, int> tweaks_;
};

// Refuse: adds a refusal condition to e (the first one decides the rule).
void Refuse(Expectation& e, std::string_view rule, std::vector<ErrorType> types,
            std::string_view why,
            contract::Strictness strictness = contract::Strictness::kStrict);

}  // namespace kc::model

#endif  // KC_MODEL_MODEL_H_
