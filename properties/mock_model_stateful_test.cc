// The stateful model test of the mock KMS: random sequences of operations (one RapidCheck
// Command per operation) against a simple reference model of CONTRACT.md's key-state
// table, import tokens, material expiry and deletion. After every command each key's
// DescribeKey state must be the reference model's (KeyStateTableIsFollowed).
#include <variant>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include "mock_kms/model/testing/model_fixture.h"

namespace kc::contract {
// How RapidCheck prints a KeyState in a counterexample (found by ADL).
inline void showValue(KeyState s, std::ostream& os) { os << ToWire(s); }
}  // namespace kc::contract

namespace kc::mock {
namespace {

using namespace testing;

constexpr std::size_t kMaxKeys = 5;
constexpr double kDay = 86400;

// ---------------------------------------------------------------- the reference model

struct RefKey {
  bool external = false;
  KeyState state = KeyState::kEnabled;
  bool has_material = false;
  int material = -1;  // label of the current or last material; -1: never had any
  std::optional<double> valid_to;
  std::optional<double> deletion_date;
  bool gone = false;  // deleted at its DeletionDate
};

struct RefParams {
  std::size_t key;
  double expires;
  WrappingAlgorithm algorithm;
};

struct RefCiphertext {
  std::size_t key;
  int material;
};

struct Model {
  Profile profile = Profile::k2022;
  double now = 0;
  std::vector<RefKey> keys;
  std::vector<RefParams> params;
  std::vector<RefCiphertext> ciphertexts;
};

struct Sut {
  std::unique_ptr<ModelFixture> f;
  std::vector<std::string> ids;
  std::vector<codec::GetParametersForImportResponse> params;
  std::vector<Bytes> blobs;
};

// Expected: success, or the error type.
using Expected = std::optional<ErrorType>;

Bytes MaterialOf(int label) { return Material32("material " + std::to_string(label)); }

template <typename T>
void AssertOutcome(const Outcome<T>& out, const Expected& expected) {
  if (!expected) {
    RC_ASSERT(out.ok());
  } else {
    RC_ASSERT(!out.ok());
    RC_ASSERT(out.error().type_name == std::string(contract::ToWire(*expected)));
  }
}

// AssertStates: DescribeKey of every key agrees with the model.
void AssertStates(const Model& m, Sut& sut) {
  for (std::size_t i = 0; i < m.keys.size(); ++i) {
    auto d = sut.f->Describe(sut.ids[i]);
    if (m.keys[i].gone) {
      RC_ASSERT(!d.ok());
      RC_ASSERT(d.error().type_name == "NotFoundException");
      continue;
    }
    RC_ASSERT(d.ok());
    const codec::KeyMetadata& md = *d.value().key_metadata;
    RC_ASSERT(md.key_state == m.keys[i].state);
    RC_ASSERT(md.enabled == (m.keys[i].state == KeyState::kEnabled));
    RC_ASSERT(md.valid_to == (m.keys[i].has_material ? m.keys[i].valid_to : std::nullopt));
    RC_ASSERT(md.deletion_date == m.keys[i].deletion_date);
  }
}

using Cmd = rc::state::Command<Model, Sut>;

// KeyCommand: a command on one key of the model.
struct KeyCommand : Cmd {
  std::size_t key = 0;
  explicit KeyCommand(const Model& m) {
    RC_PRE(!m.keys.empty());
    key = static_cast<std::size_t>(*rc::gen::inRange<std::size_t>(0, m.keys.size()));
  }
  void checkPreconditions(const Model& m) const override { RC_PRE(key < m.keys.size()); }
  // Outcome: the expected answer in model state m.
  virtual Expected Outcome(const Model& m) const = 0;
  // Change: the model after success.
  virtual void Change(Model& m) const = 0;
  // Call: the operation on the system.
  virtual void Call(const Model& m, Sut& sut) const = 0;

  void apply(Model& m) const override {
    if (!Outcome(m)) Change(m);
  }
  void run(const Model& m, Sut& sut) const override {
    Call(m, sut);
    AssertStates(nextState(m), sut);
  }
};

struct CreateKey : Cmd {
  bool external;
  explicit CreateKey(const Model& m) : external(*rc::gen::arbitrary<bool>()) {
    RC_PRE(m.keys.size() < kMaxKeys);
  }
  void checkPreconditions(const Model& m) const override { RC_PRE(m.keys.size() < kMaxKeys); }
  void apply(Model& m) const override {
    RefKey k;
    k.external = external;
    k.state = external ? KeyState::kPendingImport : KeyState::kEnabled;
    k.has_material = !external;
    k.material = external ? -1 : 1000 + static_cast<int>(m.keys.size());
    m.keys.push_back(k);
  }
  void run(const Model& m, Sut& sut) const override {
    auto out = sut.f->Create(external ? Origin::kExternal : Origin::kAwsKms);
    RC_ASSERT(out.ok());
    sut.ids.push_back(out.value().key_metadata->key_id);
    AssertStates(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    os << "CreateKey(" << (external ? "EXTERNAL" : "AWS_KMS") << ")";
  }
};

struct GetParameters : KeyCommand {
  WrappingAlgorithm algorithm;
  explicit GetParameters(const Model& m)
      : KeyCommand(m),
        algorithm(m.profile == Profile::k2022
                      ? *rc::gen::element(WrappingAlgorithm::kRsaesPkcs1V15,
                                          WrappingAlgorithm::kRsaesOaepSha256)
                      : *rc::gen::element(WrappingAlgorithm::kRsaesOaepSha1,
                                          WrappingAlgorithm::kRsaAesKeyWrapSha256)) {}
  Expected Outcome(const Model& m) const override {
    const RefKey& k = m.keys[key];
    if (k.gone) return ErrorType::kNotFoundException;
    if (!k.external) return ErrorType::kUnsupportedOperationException;
    if (k.state == KeyState::kPendingDeletion) return ErrorType::kKMSInvalidStateException;
    return std::nullopt;
  }
  void Change(Model& m) const override {
    m.params.push_back(RefParams{key, m.now + kDay, algorithm});
  }
  void Call(const Model& m, Sut& sut) const override {
    auto out = sut.f->Gpfi(sut.ids[key], algorithm);
    AssertOutcome(out, Outcome(m));
    if (out.ok()) sut.params.push_back(out.value());
  }
  void show(std::ostream& os) const override {
    os << "GetParametersForImport(key " << key << ", " << contract::ToWire(algorithm) << ")";
  }
};

struct ImportMaterial : KeyCommand {
  std::size_t params = 0;
  int material;
  bool expires;
  double valid_for;
  explicit ImportMaterial(const Model& m)
      : KeyCommand(m),
        material(*rc::gen::inRange(0, 3)),
        expires(*rc::gen::arbitrary<bool>()),
        valid_for(*rc::gen::element(600.0, 3 * kDay, 400 * kDay)) {
    RC_PRE(!m.params.empty());
    params = *rc::gen::inRange<std::size_t>(0, m.params.size());
  }
  void checkPreconditions(const Model& m) const override {
    KeyCommand::checkPreconditions(m);
    RC_PRE(params < m.params.size());
  }
  Expected Outcome(const Model& m) const override {
    if (expires && valid_for > 365 * kDay) return ErrorType::kValidationException;  // ikm.valid-to
    const RefKey& k = m.keys[key];
    if (k.gone) return ErrorType::kNotFoundException;
    if (!k.external) return ErrorType::kUnsupportedOperationException;
    const bool state_ok = k.state == KeyState::kPendingImport || k.state == KeyState::kEnabled ||
                          (k.state == KeyState::kDisabled && m.profile == Profile::k2022);
    if (!state_ok) return ErrorType::kKMSInvalidStateException;
    const RefParams& p = m.params[params];
    if (p.key != key) return ErrorType::kInvalidImportTokenException;
    if (m.now >= p.expires) return ErrorType::kExpiredImportTokenException;
    if (k.material >= 0 && k.material != material) return ErrorType::kIncorrectKeyMaterialException;
    return std::nullopt;
  }
  void Change(Model& m) const override {
    RefKey& k = m.keys[key];
    k.has_material = true;
    k.material = material;
    if (k.state == KeyState::kPendingImport) k.state = KeyState::kEnabled;
    k.valid_to = expires ? std::optional<double>(m.now + valid_for) : std::nullopt;
  }
  void Call(const Model& m, Sut& sut) const override {
    const auto& p = sut.params[params];
    const Bytes wrapped = sut.f->Wrap(p, m.params[params].algorithm, MaterialOf(material));
    auto out = sut.f->Ikm(
        sut.ids[key], *p.import_token, wrapped,
        expires ? ExpirationModel::kKeyMaterialExpires : ExpirationModel::kKeyMaterialDoesNotExpire,
        expires ? std::optional<double>(m.now + valid_for) : std::nullopt);
    AssertOutcome(out, Outcome(m));
  }
  void show(std::ostream& os) const override {
    os << "ImportKeyMaterial(key " << key << ", params " << params << ", material " << material
       << (expires ? ", expires in " + std::to_string(valid_for) + " s" : ", never expires") << ")";
  }
};

struct DeleteMaterial : KeyCommand {
  using KeyCommand::KeyCommand;
  Expected Outcome(const Model& m) const override {
    const RefKey& k = m.keys[key];
    if (k.gone) return ErrorType::kNotFoundException;
    if (!k.external) return ErrorType::kUnsupportedOperationException;
    return std::nullopt;
  }
  void Change(Model& m) const override {
    RefKey& k = m.keys[key];
    if (!k.has_material) return;
    k.has_material = false;
    k.valid_to.reset();
    if (k.state != KeyState::kPendingDeletion) k.state = KeyState::kPendingImport;
  }
  void Call(const Model& m, Sut& sut) const override {
    AssertOutcome(sut.f->Dikm(sut.ids[key]), Outcome(m));
  }
  void show(std::ostream& os) const override {
    os << "DeleteImportedKeyMaterial(key " << key << ")";
  }
};

struct SetEnabled : KeyCommand {
  bool enable;
  explicit SetEnabled(const Model& m) : KeyCommand(m), enable(*rc::gen::arbitrary<bool>()) {}
  Expected Outcome(const Model& m) const override {
    const RefKey& k = m.keys[key];
    if (k.gone) return ErrorType::kNotFoundException;
    if (k.state != KeyState::kEnabled && k.state != KeyState::kDisabled) {
      return ErrorType::kKMSInvalidStateException;
    }
    return std::nullopt;
  }
  void Change(Model& m) const override {
    m.keys[key].state = enable ? KeyState::kEnabled : KeyState::kDisabled;
  }
  void Call(const Model& m, Sut& sut) const override {
    if (enable) {
      AssertOutcome(sut.f->Enable(sut.ids[key]), Outcome(m));
    } else {
      AssertOutcome(sut.f->Disable(sut.ids[key]), Outcome(m));
    }
  }
  void show(std::ostream& os) const override {
    os << (enable ? "EnableKey" : "DisableKey") << "(key " << key << ")";
  }
};

struct ScheduleDeletion : KeyCommand {
  int days;
  explicit ScheduleDeletion(const Model& m) : KeyCommand(m), days(*rc::gen::inRange(7, 31)) {}
  Expected Outcome(const Model& m) const override {
    const RefKey& k = m.keys[key];
    if (k.gone) return ErrorType::kNotFoundException;
    if (k.state == KeyState::kPendingDeletion) return ErrorType::kKMSInvalidStateException;
    return std::nullopt;
  }
  void Change(Model& m) const override {
    m.keys[key].state = KeyState::kPendingDeletion;
    m.keys[key].deletion_date = m.now + days * kDay;
  }
  void Call(const Model& m, Sut& sut) const override {
    AssertOutcome(sut.f->Schedule(sut.ids[key], days), Outcome(m));
  }
  void show(std::ostream& os) const override {
    os << "ScheduleKeyDeletion(key " << key << ", " << days << " days)";
  }
};

struct CancelDeletion : KeyCommand {
  using KeyCommand::KeyCommand;
  Expected Outcome(const Model& m) const override {
    const RefKey& k = m.keys[key];
    if (k.gone) return ErrorType::kNotFoundException;
    if (k.state != KeyState::kPendingDeletion) return ErrorType::kKMSInvalidStateException;
    return std::nullopt;
  }
  void Change(Model& m) const override {
    RefKey& k = m.keys[key];
    k.state = k.has_material ? KeyState::kDisabled : KeyState::kPendingImport;
    k.deletion_date.reset();
  }
  void Call(const Model& m, Sut& sut) const override {
    AssertOutcome(sut.f->Cancel(sut.ids[key]), Outcome(m));
  }
  void show(std::ostream& os) const override { os << "CancelKeyDeletion(key " << key << ")"; }
};

Expected CryptoOutcome(const RefKey& k) {
  if (k.gone) return ErrorType::kNotFoundException;
  if (k.state == KeyState::kDisabled) return ErrorType::kDisabledException;
  if (k.state != KeyState::kEnabled) return ErrorType::kKMSInvalidStateException;
  return std::nullopt;
}

struct Encrypt : KeyCommand {
  using KeyCommand::KeyCommand;
  Expected Outcome(const Model& m) const override { return CryptoOutcome(m.keys[key]); }
  void Change(Model& m) const override {
    m.ciphertexts.push_back(RefCiphertext{key, m.keys[key].material});
  }
  void Call(const Model& m, Sut& sut) const override {
    auto out = sut.f->Encrypt(sut.ids[key], AsBytes("stateful"));
    AssertOutcome(out, Outcome(m));
    if (out.ok()) sut.blobs.push_back(*out.value().ciphertext_blob);
  }
  void show(std::ostream& os) const override { os << "Encrypt(key " << key << ")"; }
};

struct Decrypt : Cmd {
  std::size_t blob = 0;
  explicit Decrypt(const Model& m) {
    RC_PRE(!m.ciphertexts.empty());
    blob = *rc::gen::inRange<std::size_t>(0, m.ciphertexts.size());
  }
  void checkPreconditions(const Model& m) const override { RC_PRE(blob < m.ciphertexts.size()); }
  void run(const Model& m, Sut& sut) const override {
    const RefCiphertext& c = m.ciphertexts[blob];
    Expected expected = CryptoOutcome(m.keys[c.key]);
    // ikm.lifecycle: a blob opens only under the material it was made with.
    if (!expected && m.keys[c.key].material != c.material) {
      expected = ErrorType::kInvalidCiphertextException;
    }
    auto out = sut.f->Decrypt(sut.blobs[blob]);
    AssertOutcome(out, expected);
    if (out.ok()) RC_ASSERT(AsChars(*out.value().plaintext) == "stateful");
  }
  void show(std::ostream& os) const override { os << "Decrypt(ciphertext " << blob << ")"; }
};

struct AdvanceClock : Cmd {
  double seconds = *rc::gen::element(1.0, 600.0, 3600.0, kDay + 1, 8 * kDay);
  void apply(Model& m) const override {
    m.now += seconds;
    for (RefKey& k : m.keys) {
      if (k.gone) continue;
      if (k.state == KeyState::kPendingDeletion && k.deletion_date && m.now >= *k.deletion_date) {
        k.gone = true;  // deleted at its DeletionDate
        continue;
      }
      if (k.external && k.has_material && k.valid_to && m.now >= *k.valid_to) {
        // ikm.material-expiry
        k.has_material = false;
        k.valid_to.reset();
        if (k.state != KeyState::kPendingDeletion) k.state = KeyState::kPendingImport;
      }
    }
  }
  void run(const Model& m, Sut& sut) const override {
    sut.f->clock.Advance(seconds);
    AssertStates(nextState(m), sut);
  }
  void show(std::ostream& os) const override { os << "AdvanceClock(" << seconds << " s)"; }
};

void CheckKeyStateTable(Profile profile) {
  Model initial;
  initial.profile = profile;
  Sut sut;
  FixtureOptions o = WithProfile(profile);
  o.seed = *rc::gen::arbitrary<std::uint64_t>();
  sut.f = ModelFixture::Make(o);
  RC_ASSERT(sut.f != nullptr);
  initial.now = sut.f->clock.Now();
  rc::state::check(
      initial, sut,
      rc::state::gen::execOneOfWithArgs<CreateKey, CreateKey, GetParameters, GetParameters,
                                        ImportMaterial, ImportMaterial, DeleteMaterial, SetEnabled,
                                        ScheduleDeletion, CancelDeletion, Encrypt, Decrypt,
                                        AdvanceClock>());
}

RC_GTEST_PROP(MockModelStateful, KeyStateTableIsFollowedIn2022, ()) {
  CheckKeyStateTable(Profile::k2022);
}

RC_GTEST_PROP(MockModelStateful, KeyStateTableIsFollowedIn2026, ()) {
  CheckKeyStateTable(Profile::k2026);
}

}  // namespace
}  // namespace kc::mock
