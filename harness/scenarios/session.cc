#include "harness/scenarios/session.h"

#include <cmath>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>

#include "harness/contract/profile.h"
#include "harness/contract/rules.h"
#include "harness/crypto/hash.h"
#include "harness/crypto/keys.h"
#include "harness/crypto/random.h"
#include "harness/crypto/wrap.h"
#include "harness/scenarios/util.h"

namespace kc::scenarios {
namespace {



crypto::WrapAlgorithm ToCrypto(WrappingAlgorithm alg) {
  switch (alg) {
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

EpochSeconds LocalNow() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// A per-rule stream: the same (seed, rule id) gives the same material and plaintexts.
std::uint64_t RuleSeed(std::uint64_t seed, std::string_view rule_id) {
  const auto digest = crypto::Sha256(AsBytes(rule_id));
  std::uint64_t h = 0;
  for (int i = 0; i < 8; ++i) h = (h << 8) | digest[static_cast<std::size_t>(i)];
  return seed ^ h;
}

}  // namespace

std::string DescribeKeyState(const client::Reply<codec::DescribeKeyResponse>& reply) {
  if (!reply.ok() || !reply.value().key_metadata) return Summarize(reply).Describe();
  const auto& md = *reply.value().key_metadata;
  std::string out = "KeyState=";
  out += md.key_state ? std::string(contract::ToWire(*md.key_state)) : "(absent)";
  out += ", Enabled=";
  out += md.enabled ? (*md.enabled ? "true" : "false") : "(absent)";
  out += ", ExpirationModel=";
  out += md.expiration_model ? std::string(contract::ToWire(*md.expiration_model)) : "(absent)";
  out += ", ValidTo=";
  out += md.valid_to ? std::to_string(static_cast<long long>(*md.valid_to)) : "(absent)";
  return out;
}

const contract::Rule& MustRule(std::string_view id) {
  const contract::Rule* rule = contract::FindRule(id);
  if (rule == nullptr) std::abort();
  return *rule;
}

Session::Session(Context& ctx, std::string_view rule_id)
    : ctx_(ctx),
      rule_(MustRule(rule_id)),
      judge_(rule_),
      repro_(rule_id, ctx.endpoint, ctx.region) {
  if (ctx_.profile == contract::Profile::k2026) repro_.UsesAwsData();
  auto c = ctx_.clients.Primary();
  if (c.ok()) {
    primary_ = std::move(c).value();
    if (ctx_.clock != nullptr) primary_->SetClockOffset(ctx_.clock->offset());
  } else {
    client_error_ = c.status().ToString();
  }
  random_ = std::make_unique<crypto::DeterministicRandom>(RuleSeed(ctx_.seed, rule_id));
}

Session::~Session() = default;

client::KmsClient* Session::other() {
  if (!other_tried_) {
    other_tried_ = true;
    if (ctx_.clients.has_other()) {
      auto c = ctx_.clients.Other();
      if (c.ok()) {
        other_ = std::move(c).value();
        if (ctx_.clock != nullptr) other_->SetClockOffset(ctx_.clock->offset());
        if (!step_.empty()) other_->Step(step_, probe_, control_);
      }
    }
  }
  return other_.get();
}

void Session::Label(std::string step, StepKind kind) {
  step_ = std::move(step);
  kind_ = kind;
  probe_ = kind == StepKind::kProbe;
  if (primary_) primary_->Step(step_, probe_, control_);
  if (other_) other_->Step(step_, probe_, control_);
  repro_.Heading(repro_.Substitute(step_));
}

void Session::Setup(std::string_view label) {
  control_.clear();
  Label("setup: " + std::string(label), StepKind::kSetup);
}

void Session::Probe(std::string_view label) {
  control_.clear();
  Label("probe: " + std::string(label), StepKind::kProbe);
}

void Session::Try(std::string_view label) {
  control_.clear();
  Label("setup: " + std::string(label), StepKind::kTry);
}

void Session::Control(ControlRef c) {
  const report::Control& control = judge_.control(c);
  control_ = control.id;
  Label("control " + control.id + ": " + control.what, StepKind::kControl);
}

int Session::ScriptCall(std::string_view command) {
  const int step = repro_.Call(kind_, command);
  pending_step_ = step;
  return step;
}

void Session::ExpectInScript(std::string expectation) {
  repro_.Expect(repro_.last_step(), std::move(expectation));
}

void Session::ExpectStateInScript(KeyState state, std::optional<bool> enabled,
                                  std::string_view expiration_model) {
  // describe-key's output in the script: "<KeyState> <True|False> <ExpirationModel|None>".
  ExpectInScript("out:" + std::string(contract::ToWire(state)) + " " +
                 (enabled ? (*enabled ? "True" : "False") : "*") + " " +
                 std::string(expiration_model));
}

void Session::Collect(client::KmsClient* c) {
  if (c == nullptr) return;
  for (auto& e : c->TakeTranscript()) {
    e.seq = static_cast<int>(evidence_.size()) + 1;
    evidence_.push_back(std::move(e));
    // The exchange belongs to the script step written for the call that sent it.
    step_of_exchange_[e.seq] = pending_step_;
  }
  judge_.SetLastExchange(static_cast<int>(evidence_.size()));
}

template <typename Req>
client::Reply<codec::ResponseOf<Req::kOperation>> Session::Call(client::KmsClient* c,
                                                                const Req& req) {
  auto reply = c->Call(req);
  Collect(c);
  return reply;
}

void Session::SetupFailed(std::string_view what, const ReplySummary& reply) {
  judge_.Error("setup: " + std::string(what), reply.Describe());
}

std::string Session::KeyText(std::string_view key_id_text) const {
  return "\"" + repro_.Substitute(key_id_text) + "\"";
}

// ---- setup steps ----

std::optional<KeyRef> Session::CreateKey(std::string_view var, const codec::CreateKeyRequest& req,
                                         bool other_account) {
  return CreateKeyImpl(var, req, other_account, nullptr);
}

std::optional<KeyRef> Session::TryCreateKey(std::string_view var,
                                            const codec::CreateKeyRequest& request,
                                            ReplySummary& reply, bool other_account) {
  return CreateKeyImpl(var, request, other_account, &reply);
}

std::optional<KeyRef> Session::CreateKeyImpl(std::string_view var,
                                             const codec::CreateKeyRequest& req, bool other_account,
                                             ReplySummary* refusal) {
  if (primary_ == nullptr) {
    judge_.Error("setup: cannot create a client", client_error_);
    return std::nullopt;
  }
  client::KmsClient* c = primary_.get();
  if (other_account) {
    c = other();
    if (c == nullptr) {
      judge_.Skip("no second identity in another account (--other-account-key)");
      return std::nullopt;
    }
    repro_.UsesOtherAccount();
  }
  std::string cmd = std::string(other_account ? "kms_other" : "kms") + " create-key";
  if (req.origin) cmd += " --origin " + std::string(contract::ToWire(*req.origin));
  if (req.key_spec) cmd += " --key-spec " + std::string(contract::ToWire(*req.key_spec));
  if (req.key_usage) cmd += " --key-usage " + std::string(contract::ToWire(*req.key_usage));
  if (req.description) cmd += " --description " + ShellQuote(*req.description);
  const std::string v(var);
  ScriptCall(cmd + " --query '[KeyMetadata.KeyId,KeyMetadata.Arn]' --output text");
  auto reply = Call(c, req);
  repro_.Line(v + "=; " + v + "_ARN=; [ \"$kc_got\" = accepted ] && { set -- $(cat \"$W/out\"); " +
              v + "=$1; " + v + "_ARN=$2; }");
  // A key the contract lets a target refuse (CreateForbiddenKey): later steps need it.
  if (refusal != nullptr) repro_.Optional(v);
  if (!reply.ok() || !reply.value().key_metadata || reply.value().key_metadata->key_id.empty()) {
    ReplySummary s = Summarize(reply);
    if (reply.ok()) s.findings.push_back({"KeyMetadata", "missing from CreateKey's reply"});
    if (refusal != nullptr) {
      *refusal = s;
    } else {
      SetupFailed("CreateKey " + v, s);
    }
    return std::nullopt;
  }
  const codec::KeyMetadata& md = *reply.value().key_metadata;
  KeyRef key;
  key.var = v;
  key.key_id = md.key_id;
  key.arn = md.arn.value_or("");
  key.spec = req.key_spec.value_or(KeySpec::kSymmetricDefault);
  key.origin = req.origin.value_or(contract::Origin::kAwsKms);
  key.other_account = other_account;
  // An emulator may answer the ARN as KeyId: keep the bare id for what follows.
  if (key.key_id.starts_with("arn:")) {
    if (key.arn.empty()) key.arn = key.key_id;
    key.key_id = key.key_id.substr(key.key_id.rfind('/') + 1);
  }
  repro_.Bind(key.arn, v + "_ARN");
  repro_.Bind(key.key_id, v);
  ctx_.keys.Add(KeyRecord{key.key_id, key.arn, other_account});
  if (refusal != nullptr) *refusal = Summarize(reply);
  return key;
}

codec::CreateKeyRequest Session::ExternalKeyRequest(KeySpec spec, std::string_view description) {
  codec::CreateKeyRequest req;
  req.origin = contract::Origin::kExternal;
  if (spec != KeySpec::kSymmetricDefault) {
    req.key_spec = spec;
    req.key_usage = contract::IsHmac(spec) ? contract::KeyUsage::kGenerateVerifyMac
                                           : contract::KeyUsage::kSignVerify;
  }
  req.description = std::string(description);
  return req;
}

std::optional<KeyRef> Session::CreateExternalKey(std::string_view var, KeySpec spec,
                                                 bool other_account) {
  return CreateKey(var, ExternalKeyRequest(spec, "kmsconform " + std::string(rule_.id)),
                   other_account);
}

std::optional<KeyRef> Session::CreateAwsKmsKey(std::string_view var) {
  codec::CreateKeyRequest req;
  req.description = "kmsconform " + std::string(rule_.id);
  auto key = CreateKey(var, req);
  if (key) key->origin = contract::Origin::kAwsKms;
  return key;
}

ControlRef Session::ExpectStateControl(const KeyRef& key, KeyState state) {
  const ControlRef c = NewControl("DescribeKey shows " + key.var +
                                  " in KeyState=" + std::string(contract::ToWire(state)));
  Control(c);
  auto d = Describe(key.key_id);
  ExpectStateInScript(state, std::nullopt);
  const bool ok = d.ok() && d.value().key_metadata && d.value().key_metadata->key_state == state;
  judge_.ControlCheck(c, ok, DescribeKeyState(d));
  return c;
}

bool Session::CheckKeyState(const KeyRef& key, KeyState state, std::optional<bool> enabled,
                            std::string_view what) {
  auto d = Describe(key.key_id);
  ExpectStateInScript(state, enabled);
  const bool ok = d.ok() && d.value().key_metadata && d.value().key_metadata->key_state == state &&
                  (!enabled || d.value().key_metadata->enabled == *enabled);
  std::string expected = "KeyState=" + std::string(contract::ToWire(state));
  if (enabled) expected += std::string(", Enabled=") + (*enabled ? "true" : "false");
  return judge_.Check(ok, what, expected, DescribeKeyState(d));
}

bool Session::OtherAccountDiffers(const KeyRef& mine, const KeyRef& theirs) {
  const std::string account = ArnAccount(mine.arn);
  const std::string other = ArnAccount(theirs.arn);
  if (!account.empty() && !other.empty() && account != other) return true;
  if (account.empty() || other.empty()) {
    judge_.Error(
        "cannot tell which accounts the two identities are in: CreateKey returned no "
        "key ARN",
        mine.var + ": '" + mine.arn + "', " + theirs.var + ": '" + theirs.arn + "'");
    return false;
  }
  judge_.Error("the second identity is in the same account (" + other +
                   ") as the first: give mock-kms `--credentials` with two accounts, or "
                   "another account's keys",
               "key " + theirs.var + " of the second identity: " + theirs.arn);
  return false;
}

std::optional<KeyRef> Session::CreateForbiddenKey(std::string_view var, KeySpec spec) {
  const std::string name(contract::ToWire(spec));
  Probe("CreateKey Origin=EXTERNAL KeySpec=" + name);
  ReplySummary created;
  auto key =
      TryCreateKey(var, ExternalKeyRequest(spec, "kmsconform " + std::string(rule_.id)), created);
  if (key) {
    key->spec = spec;
    return key;
  }
  // The refusal is judged first (it judged the CreateKey just sent), then its control runs.
  const bool control_ran = symmetric_create_control_.has_value();
  if (!control_ran) {
    symmetric_create_control_ =
        NewControl("the same CreateKey(Origin=EXTERNAL) with KeySpec SYMMETRIC_DEFAULT succeeds");
  }
  const ControlRef c = *symmetric_create_control_;
  if (created.transport.ok() && created.status == 400 && created.error) {
    judge_.Refused("CreateKey(EXTERNAL, " + name + ") refused", created.Describe(), {c});
  } else {
    judge_.ExpectError(created,
                       {ErrorType::kUnsupportedOperationException, ErrorType::kValidationException},
                       "CreateKey(EXTERNAL, " + name + ")", {c});
  }
  if (!control_ran) {
    Control(c);
    ReplySummary sym;
    TryCreateKey(
        "SYM",
        ExternalKeyRequest(KeySpec::kSymmetricDefault, "kmsconform " + std::string(rule_.id)), sym);
    judge_.ControlReply(c, sym);
  }
  return std::nullopt;
}

std::optional<Prepared> Session::PrepareImport(std::string_view var, KeySpec spec,
                                               WrappingAlgorithm algorithm,
                                               std::size_t material_size) {
  const std::string v(var);
  auto key = CreateExternalKey(v, spec);
  if (!key) return std::nullopt;
  auto params = GetParameters("P" + v, *key, algorithm);
  if (!params) return std::nullopt;
  Material material = NewMaterial("M" + v, material_size);
  auto wrapped = Wrap("W" + v, *params, material);
  if (!wrapped) return std::nullopt;
  return Prepared{*key, *params, std::move(material), *wrapped};
}

client::Reply<codec::GetParametersForImportResponse> Session::CallGetParameters(
    std::string_view key_id_text, WrappingAlgorithm algorithm, WrappingKeySpec spec,
    client::KmsClient* via) {
  codec::GetParametersForImportRequest req;
  req.key_id = std::string(key_id_text);
  req.wrapping_algorithm = algorithm;
  req.wrapping_key_spec = spec;
  ScriptCall(std::string(via != nullptr && via == other_.get() ? "kms_other" : "kms") +
             " get-parameters-for-import --key-id " + KeyText(key_id_text) +
             " --wrapping-algorithm " + std::string(contract::ToWire(algorithm)) +
             " --wrapping-key-spec " + std::string(contract::ToWire(spec)) +
             " --query KeyId --output text");
  return Call(Via(via), req);
}

std::optional<ImportParams> Session::GetParameters(std::string_view var, const KeyRef& key,
                                                   WrappingAlgorithm algorithm,
                                                   WrappingKeySpec spec) {
  if (primary_ == nullptr) {
    judge_.Error("setup: cannot create a client", client_error_);
    return std::nullopt;
  }
  ReplySummary reply;
  auto p = TryGetParameters(var, key, "\"$" + key.var + "\"", key.key_id, algorithm, spec, reply,
                            key.other_account ? other() : primary_.get());
  if (!p) SetupFailed("GetParametersForImport " + std::string(var) + " for " + key.var, reply);
  return p;
}

std::optional<ImportParams> Session::TryGetParameters(std::string_view var, const KeyRef& key,
                                                      std::string_view key_id_script,
                                                      std::string_view key_id_text,
                                                      WrappingAlgorithm algorithm,
                                                      WrappingKeySpec spec, ReplySummary& out,
                                                      client::KmsClient* via) {
  codec::GetParametersForImportRequest req;
  req.key_id = std::string(key_id_text);
  req.wrapping_algorithm = algorithm;
  req.wrapping_key_spec = spec;
  const EpochSeconds at = TargetNow();
  client::KmsClient* c = Via(via);
  const std::string v(var);
  ScriptCall(std::string(c != nullptr && c == other_.get() ? "kms_other" : "kms") +
             " get-parameters-for-import --key-id " + std::string(key_id_script) +
             " --wrapping-algorithm " + std::string(contract::ToWire(algorithm)) +
             " --wrapping-key-spec " + std::string(contract::ToWire(spec)) +
             " --query '[ImportToken,PublicKey,ParametersValidTo]' --output text");
  auto reply = Call(c, req);
  repro_.Line("cp \"$W/out\" \"$W/" + v + ".txt\"; cut -f1 \"$W/out\" | base64 -d > \"$W/" + v +
              ".token\"; cut -f2 \"$W/out\" | base64 -d > \"$W/" + v + ".pub\"");
  out = Summarize(reply);
  if (!reply.ok() || !reply.value().public_key || !reply.value().import_token) {
    return std::nullopt;
  }
  ImportParams p;
  p.var = v;
  p.key = key;
  p.algorithm = algorithm;
  p.spec = spec;
  p.public_key = *reply.value().public_key;
  p.token = *reply.value().import_token;
  p.valid_to = reply.value().parameters_valid_to;
  p.key_id = reply.value().key_id;
  p.requested_at = at;
  return p;
}

Material Session::NewMaterial(std::string_view var, std::size_t size) {
  Material m{std::string(var), random_->Generate(size)};
  repro_.Line("openssl rand -out \"$W/" + m.var + ".bin\" " + std::to_string(size));
  return m;
}

Bytes Session::RandomBytes(std::size_t n) { return random_->Generate(n); }

std::optional<Wrapped> Session::Wrap(std::string_view var, const ImportParams& params,
                                     const Material& material,
                                     std::optional<WrappingAlgorithm> algorithm) {
  const WrappingAlgorithm alg = algorithm.value_or(params.algorithm);
  const std::string v(var);
  for (const std::string& line : OpensslWrapCommands(
           alg, "$W/" + params.var + ".pub", "$W/" + material.var + ".bin", "$W/" + v + ".bin")) {
    repro_.Line(line);
  }
  auto pub = ParsePublicKey(params.public_key);
  if (!pub.ok()) {
    judge_.Error("setup: the PublicKey of " + params.var + " is not a DER SubjectPublicKeyInfo",
                 pub.status().message());
    return std::nullopt;
  }
  auto wrapped = crypto::Wrap(ToCrypto(alg), *pub, material.bytes, *random_);
  if (!wrapped.ok()) {
    judge_.Error("setup: cannot wrap " + material.var + " with the PublicKey of " + params.var,
                 wrapped.status().message());
    return std::nullopt;
  }
  return Wrapped{v, std::move(wrapped).value(), alg};
}

client::Reply<codec::ImportKeyMaterialResponse> Session::Import(const KeyRef& key,
                                                                const ImportParams& params,
                                                                const Wrapped& wrapped,
                                                                const ImportOptions& options,
                                                                client::KmsClient* via) {
  codec::ImportKeyMaterialRequest req;
  req.key_id = options.key_id.value_or(key.key_id);
  req.import_token = options.token.value_or(params.token);
  req.encrypted_key_material = wrapped.bytes;
  req.expiration_model = options.expiration_model;
  req.valid_to = options.valid_to;
  req.import_type = options.import_type;
  req.key_material_id = options.key_material_id;
  req.key_material_description = options.key_material_description;
  const std::string token_file =
      options.token_file.empty() ? "$W/" + params.var + ".token" : options.token_file;
  const bool as_other =
      via != nullptr ? (via == other_.get() && via != nullptr) : key.other_account;
  std::string cmd = std::string(as_other ? "kms_other" : "kms") + " import-key-material --key-id " +
                    KeyText(req.key_id) + " --import-token fileb://\"" + token_file +
                    "\" --encrypted-key-material fileb://\"$W/" + wrapped.var + ".bin\"";
  if (req.expiration_model) {
    cmd += " --expiration-model " + std::string(contract::ToWire(*req.expiration_model));
  }
  if (req.valid_to) {
    // Relative to the target's now when the script runs (it may run much later).
    const long long delta = std::llround(*req.valid_to - TargetNow());
    cmd += " --valid-to \"$(kc_at " + std::to_string(delta) + ")\"";
  }
  if (req.import_type) cmd += " --import-type " + std::string(contract::ToWire(*req.import_type));
  // A KeyMaterialId is the target's (derived from its key id): in the script, the variable
  // bound when an earlier import of the script answered it.
  if (req.key_material_id) {
    cmd += " --key-material-id \"" + repro_.Substitute(*req.key_material_id) + "\"";
  }
  if (req.key_material_description) {
    cmd += " --key-material-description '" + *req.key_material_description + "'";
  }
  const bool y2026 = ctx_.profile == contract::Profile::k2026;
  if (y2026) cmd += " --query KeyMaterialId --output text";
  ScriptCall(cmd);
  client::KmsClient* c = via != nullptr ? via : (key.other_account ? other() : primary_.get());
  auto reply = Call(c, req);
  if (y2026 && reply.ok() && reply.value().key_material_id &&
      repro_.Substitute(*reply.value().key_material_id) == *reply.value().key_material_id) {
    // The script keeps the KeyMaterialId its own target answered, as ${<wrapped var>_MID}.
    const std::string v = wrapped.var + "_MID";
    repro_.Line(v + "=$(cat \"$W/out\")");
    repro_.Bind(*reply.value().key_material_id, v);
  }
  return reply;
}

bool Session::ImportForSetup(const KeyRef& key, const ImportParams& params, const Wrapped& wrapped,
                             const ImportOptions& options) {
  auto reply = Import(key, params, wrapped, options);
  if (reply.ok()) return true;
  SetupFailed("ImportKeyMaterial into " + key.var, Summarize(reply));
  return false;
}

std::optional<std::string> Session::ImportForMaterialId(const KeyRef& key,
                                                       const ImportParams& params,
                                                       const Wrapped& wrapped,
                                                       const ImportOptions& options) {
  auto reply = Import(key, params, wrapped, options);
  std::string what = "ImportKeyMaterial of " + wrapped.var + " into " + key.var;
  if (options.import_type) {
    what += " (ImportType " + std::string(contract::ToWire(*options.import_type)) + ")";
  }
  if (!reply.ok()) {
    SetupFailed(what, Summarize(reply));
    return std::nullopt;
  }
  if (!reply.value().key_material_id || reply.value().key_material_id->empty()) {
    SetupFailed(what + " answered no KeyMaterialId", Summarize(reply));
    return std::nullopt;
  }
  return reply.value().key_material_id;
}

client::Reply<codec::DescribeKeyResponse> Session::Describe(std::string_view key_id_text,
                                                            client::KmsClient* via) {
  codec::DescribeKeyRequest req;
  req.key_id = std::string(key_id_text);
  ScriptCall(std::string(via != nullptr && via == other_.get() ? "kms_other" : "kms") +
             " describe-key --key-id " + KeyText(key_id_text) +
             " --query 'KeyMetadata.[KeyState,Enabled,ExpirationModel]' --output text");
  return Call(Via(via), req);
}

client::Reply<codec::EncryptResponse> Session::Encrypt(std::string_view key_id_text,
                                                       const Bytes& plaintext,
                                                       std::string_view var) {
  codec::EncryptRequest req;
  req.key_id = std::string(key_id_text);
  req.plaintext = plaintext;
  const std::string v(var);
  repro_.Line("openssl rand -out \"$W/" + v + ".plain\" " + std::to_string(plaintext.size()));
  ScriptCall("kms encrypt --key-id " + KeyText(key_id_text) + " --plaintext fileb://\"$W/" + v +
             ".plain\" --query CiphertextBlob --output text");
  repro_.Line("base64 -d \"$W/out\" > \"$W/" + v + ".bin\" 2>/dev/null");
  return Call(primary_.get(), req);
}

std::optional<Session::Ciphertext> Session::EncryptForSetup(std::string_view var,
                                                            const KeyRef& key) {
  Ciphertext c{std::string(var), random_->Generate(32), {}};
  auto reply = Encrypt(key.key_id, c.plaintext, var);
  if (!reply.ok() || !reply.value().ciphertext_blob) {
    SetupFailed("Encrypt with " + key.var, Summarize(reply));
    return std::nullopt;
  }
  c.blob = *reply.value().ciphertext_blob;
  return c;
}

client::Reply<codec::DecryptResponse> Session::Decrypt(const Ciphertext& ciphertext) {
  codec::DecryptRequest req;
  req.ciphertext_blob = ciphertext.blob;
  ScriptCall("kms decrypt --ciphertext-blob fileb://\"$W/" + ciphertext.var +
             ".bin\" --query Plaintext --output text");
  // Unless a check says otherwise, a Decrypt should give back the plaintext.
  repro_.Expect(repro_.last_step(), "plain:$W/" + ciphertext.var + ".plain", /*firm=*/false);
  return Call(primary_.get(), req);
}

client::Reply<codec::DeleteImportedKeyMaterialResponse> Session::DeleteMaterial(
    std::string_view key_id_text, client::KmsClient* via) {
  codec::DeleteImportedKeyMaterialRequest req;
  req.key_id = std::string(key_id_text);
  ScriptCall(std::string(via != nullptr && via == other_.get() ? "kms_other" : "kms") +
             " delete-imported-key-material --key-id " + KeyText(key_id_text));
  return Call(Via(via), req);
}

client::Reply<codec::DeleteImportedKeyMaterialResponse> Session::DeleteMaterialId(
    std::string_view key_id_text, std::string_view key_material_id) {
  codec::DeleteImportedKeyMaterialRequest req;
  req.key_id = std::string(key_id_text);
  req.key_material_id = std::string(key_material_id);
  ScriptCall("kms delete-imported-key-material --key-id " + KeyText(key_id_text) +
             " --key-material-id \"" + repro_.Substitute(key_material_id) + "\"");
  return Call(primary_.get(), req);
}

client::Reply<codec::RotateKeyOnDemandResponse> Session::RotateOnDemand(
    std::string_view key_id_text) {
  codec::RotateKeyOnDemandRequest req;
  req.key_id = std::string(key_id_text);
  ScriptCall("kms rotate-key-on-demand --key-id " + KeyText(key_id_text));
  return Call(primary_.get(), req);
}

client::Reply<codec::ListKeyRotationsResponse> Session::ListRotations(
    std::string_view key_id_text, std::optional<contract::IncludeKeyMaterial> include,
    std::optional<int> limit, std::optional<std::string> marker) {
  codec::ListKeyRotationsRequest req;
  req.key_id = std::string(key_id_text);
  req.include_key_material = include;
  req.limit = limit;
  req.marker = std::move(marker);
  std::string cmd = "kms list-key-rotations --key-id " + KeyText(key_id_text);
  if (include) cmd += " --include-key-material " + std::string(contract::ToWire(*include));
  // The CLI pages by itself; --no-paginate keeps the script's request the harness's.
  // A marker is the target's: in the script, the NextMarker its own previous page answered.
  if (limit) {
    cmd += " --limit " + std::to_string(*limit) + " --no-paginate --query NextMarker --output text";
  }
  if (req.marker) cmd += " --marker \"" + repro_.Substitute(*req.marker) + "\"";
  ScriptCall(cmd);
  auto reply = Call(primary_.get(), req);
  if (limit && reply.ok() && reply.value().next_marker) {
    const std::string v = "MARKER" + std::to_string(++counter_);
    repro_.Line(v + "=$(cat \"$W/out\")");
    repro_.Bind(*reply.value().next_marker, v);
  }
  return reply;
}

client::Reply<codec::GetPublicKeyResponse> Session::GetPublicKey(std::string_view key_id_text) {
  codec::GetPublicKeyRequest req;
  req.key_id = std::string(key_id_text);
  ScriptCall("kms get-public-key --key-id " + KeyText(key_id_text) +
             " --query PublicKey --output text");
  return Call(primary_.get(), req);
}

void Session::FileLine(std::string_view var, const Bytes& bytes) {
  repro_.Line("printf '%s' '" + Base64Encode(bytes) + "' | base64 -d > \"$W/" + std::string(var) +
              ".bin\"");
}

client::Reply<codec::SignResponse> Session::Sign(std::string_view key_id_text,
                                                 const Bytes& message, std::string_view var,
                                                 contract::SigningAlgorithm algorithm) {
  codec::SignRequest req;
  req.key_id = std::string(key_id_text);
  req.message = message;
  req.message_type = contract::MessageType::kRaw;
  req.signing_algorithm = algorithm;
  FileLine(var, message);
  ScriptCall("kms sign --key-id " + KeyText(key_id_text) + " --message fileb://\"$W/" +
             std::string(var) + ".bin\" --message-type RAW --signing-algorithm " +
             std::string(contract::ToWire(algorithm)) + " --query Signature --output text");
  return Call(primary_.get(), req);
}

client::Reply<codec::VerifyResponse> Session::Verify(std::string_view key_id_text,
                                                     const Bytes& message, std::string_view var,
                                                     const Bytes& signature,
                                                     std::string_view signature_var,
                                                     contract::SigningAlgorithm algorithm,
                                                     const std::vector<std::string>& make_file) {
  codec::VerifyRequest req;
  req.key_id = std::string(key_id_text);
  req.message = message;
  req.message_type = contract::MessageType::kRaw;
  req.signature = signature;
  req.signing_algorithm = algorithm;
  FileLine(var, message);
  if (make_file.empty()) {
    FileLine(signature_var, signature);
  } else {
    for (const std::string& line : make_file) repro_.Line(line);
  }
  ScriptCall("kms verify --key-id " + KeyText(key_id_text) + " --message fileb://\"$W/" +
             std::string(var) + ".bin\" --message-type RAW --signature fileb://\"$W/" +
             std::string(signature_var) + ".bin\" --signing-algorithm " +
             std::string(contract::ToWire(algorithm)) + " --query SignatureValid --output text");
  return Call(primary_.get(), req);
}

client::Reply<codec::GenerateMacResponse> Session::GenerateMac(std::string_view key_id_text,
                                                               const Bytes& message,
                                                               std::string_view var,
                                                               contract::MacAlgorithm algorithm) {
  codec::GenerateMacRequest req;
  req.key_id = std::string(key_id_text);
  req.message = message;
  req.mac_algorithm = algorithm;
  FileLine(var, message);
  ScriptCall("kms generate-mac --key-id " + KeyText(key_id_text) + " --message fileb://\"$W/" +
             std::string(var) + ".bin\" --mac-algorithm " +
             std::string(contract::ToWire(algorithm)) + " --query Mac --output text");
  return Call(primary_.get(), req);
}

client::Reply<codec::VerifyMacResponse> Session::VerifyMac(std::string_view key_id_text,
                                                           const Bytes& message,
                                                           std::string_view var, const Bytes& mac,
                                                           std::string_view mac_var,
                                                           contract::MacAlgorithm algorithm,
                                                           const std::vector<std::string>& make_file) {
  codec::VerifyMacRequest req;
  req.key_id = std::string(key_id_text);
  req.message = message;
  req.mac = mac;
  req.mac_algorithm = algorithm;
  FileLine(var, message);
  if (make_file.empty()) {
    FileLine(mac_var, mac);
  } else {
    for (const std::string& line : make_file) repro_.Line(line);
  }
  ScriptCall("kms verify-mac --key-id " + KeyText(key_id_text) + " --message fileb://\"$W/" +
             std::string(var) + ".bin\" --mac fileb://\"$W/" + std::string(mac_var) +
             ".bin\" --mac-algorithm " + std::string(contract::ToWire(algorithm)) +
             " --query MacValid --output text");
  return Call(primary_.get(), req);
}

client::Reply<codec::EncryptResponse> Session::EncryptWith(std::string_view key_id_text,
                                                           const Bytes& plaintext,
                                                           std::string_view var,
                                                           contract::EncryptionAlgorithm algorithm) {
  codec::EncryptRequest req;
  req.key_id = std::string(key_id_text);
  req.plaintext = plaintext;
  req.encryption_algorithm = algorithm;
  const std::string v(var);
  repro_.Line("openssl rand -out \"$W/" + v + ".plain\" " + std::to_string(plaintext.size()));
  ScriptCall("kms encrypt --key-id " + KeyText(key_id_text) + " --plaintext fileb://\"$W/" + v +
             ".plain\" --encryption-algorithm " + std::string(contract::ToWire(algorithm)) +
             " --query CiphertextBlob --output text");
  repro_.Line("base64 -d \"$W/out\" > \"$W/" + v + ".bin\" 2>/dev/null");
  return Call(primary_.get(), req);
}

client::Reply<codec::DecryptResponse> Session::DecryptWith(std::string_view key_id_text,
                                                           const Bytes& blob, std::string_view var,
                                                           contract::EncryptionAlgorithm algorithm) {
  codec::DecryptRequest req;
  req.key_id = std::string(key_id_text);
  req.ciphertext_blob = blob;
  req.encryption_algorithm = algorithm;
  ScriptCall("kms decrypt --key-id " + KeyText(key_id_text) + " --ciphertext-blob fileb://\"$W/" +
             std::string(var) + ".bin\" --encryption-algorithm " +
             std::string(contract::ToWire(algorithm)) + " --query Plaintext --output text");
  return Call(primary_.get(), req);
}

client::Reply<codec::EmptyResponse> Session::Enable(std::string_view key_id_text) {
  codec::EnableKeyRequest req;
  req.key_id = std::string(key_id_text);
  ScriptCall("kms enable-key --key-id " + KeyText(key_id_text));
  return Call(primary_.get(), req);
}

client::Reply<codec::EmptyResponse> Session::Disable(std::string_view key_id_text) {
  codec::DisableKeyRequest req;
  req.key_id = std::string(key_id_text);
  ScriptCall("kms disable-key --key-id " + KeyText(key_id_text));
  return Call(primary_.get(), req);
}

client::Reply<codec::ScheduleKeyDeletionResponse> Session::ScheduleDeletion(
    std::string_view key_id_text, int days) {
  codec::ScheduleKeyDeletionRequest req;
  req.key_id = std::string(key_id_text);
  req.pending_window_in_days = days;
  ScriptCall("kms schedule-key-deletion --key-id " + KeyText(key_id_text) +
             " --pending-window-in-days " + std::to_string(days));
  return Call(primary_.get(), req);
}

client::Reply<codec::CancelKeyDeletionResponse> Session::CancelDeletion(
    std::string_view key_id_text) {
  codec::CancelKeyDeletionRequest req;
  req.key_id = std::string(key_id_text);
  ScriptCall("kms cancel-key-deletion --key-id " + KeyText(key_id_text));
  return Call(primary_.get(), req);
}

ReplySummary Session::CreateAlias(std::string_view alias_name, const KeyRef& key) {
  // Raw until the codec speaks the alias operations: any target can be asked.
  client::RawRequest r;
  r.target = "TrentService.CreateAlias";
  r.body = "{\"AliasName\":" + JsonString(alias_name) +
           ",\"TargetKeyId\":" + JsonString(key.key_id) + "}";
  ScriptCall("kms create-alias --alias-name " + KeyText(alias_name) + " --target-key-id \"$" +
             key.var + "\"");
  auto reply = primary_->Send(r);
  Collect(primary_.get());
  return Summarize(reply);
}

ReplySummary Session::DeleteAlias(std::string_view alias_name) {
  client::RawRequest r;
  r.target = "TrentService.DeleteAlias";
  r.body = "{\"AliasName\":" + JsonString(alias_name) + "}";
  ScriptCall("kms delete-alias --alias-name " + KeyText(alias_name));
  auto reply = primary_->Send(r);
  Collect(primary_.get());
  return Summarize(reply);
}

client::RawReply Session::Raw(const client::RawRequest& request) {
  pending_step_ =
      repro_.Raw(kind_, request.target, request.body, request.content_type, request.sign);
  auto reply = primary_->Send(request);
  Collect(primary_.get());
  return reply;
}

Status Session::AdvanceClock(double seconds) {
  if (ctx_.clock == nullptr) return NotFoundError("the target's clock cannot be moved");
  // In the script: mock-kms's clock hook (mock-kms --test-hooks); another target cannot be
  // moved from a script, and the step says so.
  repro_.Comment("move the target's clock forward by " +
                 std::to_string(static_cast<long>(seconds)) + " s: mock-kms --test-hooks only");
  {
    const StepKind kind = kind_;
    kind_ = StepKind::kSetup;
    pending_step_ = ScriptCall(
        "curl -sS -i --max-time 30 -X POST \"$EP/_mock/clock\" -d "
        "'{\"advance_seconds\": " +
        std::to_string(static_cast<long>(seconds)) + "}'");
    kind_ = kind;
    repro_.Line("kc_offset=$((kc_offset + " + std::to_string(static_cast<long>(seconds)) + "))");
  }
  auto offset = ctx_.clock->Advance(seconds);
  if (!offset.ok()) return offset.status();
  if (primary_) primary_->SetClockOffset(*offset);
  if (other_) other_->SetClockOffset(*offset);
  return Status::Ok();
}

EpochSeconds Session::TargetNow() const {
  return LocalNow() + (ctx_.clock != nullptr ? ctx_.clock->offset() : 0.0);
}

report::RuleResult Session::Finish() {
  Collect(primary_.get());
  Collect(other_.get());
  report::RuleResult r;
  r.id = std::string(rule_.id);
  if (primary_ == nullptr && judge_.verdict() != report::Verdict::kError) {
    judge_.Error("setup: cannot create a client", client_error_);
  }
  judge_.FillResult(r);
  // What each judged exchange should have been, as the script checks it.
  for (const Judge::ScriptStep& step : judge_.ScriptSteps()) {
    if (auto it = step_of_exchange_.find(step.exchange); it != step_of_exchange_.end()) {
      repro_.Judged(it->second, step.expect);
    }
  }
  r.evidence = std::move(evidence_);
  // What the run saw, so the script's output can be read against it.
  std::vector<std::string> verdict = {std::string(report::VerdictName(r.status)) + ": " +
                                      repro_.Substitute(r.reason)};
  for (const std::string& line : judge_.CheckLines(24)) {
    verdict.push_back("  " + repro_.Substitute(line));
  }
  repro_.Verdict(std::move(verdict));
  r.reproducer = repro_.Script();
  return r;
}

Result<crypto::PublicKey> ParsePublicKey(const Bytes& der) {
  static std::mutex mu;
  static std::map<Bytes, crypto::PublicKey> cache;
  static std::deque<Bytes> order;
  constexpr std::size_t kCapacity = 64;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = cache.find(der); it != cache.end()) return it->second;
  }
  Result<crypto::PublicKey> key = crypto::PublicKey::FromSpkiDer(der);
  if (!key.ok()) return key;
  std::lock_guard<std::mutex> lock(mu);
  if (cache.emplace(der, *key).second) {
    order.push_back(der);
    if (order.size() > kCapacity) {
      cache.erase(order.front());
      order.pop_front();
    }
  }
  return key;
}

}  // namespace kc::scenarios
