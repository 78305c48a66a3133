// Scenarios of the GetParametersForImport rules (gpfi.*), CONTRACT.md.
#include <string>

#include "harness/contract/profile.h"
#include "harness/crypto/keys.h"
#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"
#include "harness/scenarios/util.h"

namespace kc::scenarios {
namespace {

using contract::Profile;
using WA = WrappingAlgorithm;
using WKS = WrappingKeySpec;

// gpfi.origin-external-only: "This KMS key's Origin must be EXTERNAL." Probed with the key
// id and with the key ARN (a target may check the origin on one lookup path only), each
// resting on the same request, in the same form, on an EXTERNAL key.
report::RuleResult OriginExternalOnly(Context& ctx) {
  Session s(ctx, "gpfi.origin-external-only");
  s.Setup("an AWS_KMS key K and an EXTERNAL key E");
  auto k = s.CreateAwsKmsKey("K");
  auto e = k ? s.CreateExternalKey("E") : std::nullopt;
  if (!e) return s.Finish();
  const ExpectedError refused{{ErrorType::kUnsupportedOperationException},
                              k->arn + " origin is AWS_KMS which is not valid for this operation.",
                              {},
                              std::nullopt};
  struct Form {
    const char* name;
    std::string k_text;
    std::string e_text;
  };
  for (const Form& f : {Form{"key id", k->key_id, e->key_id}, Form{"key ARN", k->arn, e->arn}}) {
    const std::string form(f.name);
    const ControlRef c = s.NewControl("the same GetParametersForImport on the EXTERNAL key E by " +
                                      form + " succeeds");
    s.Probe("GetParametersForImport on the AWS_KMS key by " + form);
    s.judge().ExpectError(
        Summarize(s.CallGetParameters(f.k_text, WA::kRsaesOaepSha256, WKS::kRsa2048)), refused,
        "GetParametersForImport on an AWS_KMS key by " + form, {c});
    s.Control(c);
    s.judge().ControlReply(
        c, Summarize(s.CallGetParameters(f.e_text, WA::kRsaesOaepSha256, WKS::kRsa2048)));
  }
  return s.Finish();
}

// gpfi.no-asymmetric / gpfi.no-hmac (profile 2022): "You cannot perform this operation on an
// asymmetric KMS key, an HMAC KMS key, ..." Refused at CreateKey(Origin=EXTERNAL) or with
// UnsupportedOperationException at GetParametersForImport.
// The controls: DescribeKey shows the key with the spec under test (the refusal is about the
// spec, not a key that is missing), and the same request on a symmetric EXTERNAL key works.
void ProbeSpecRefused(Session& s, KeySpec spec, std::string_view var, const KeyRef& symmetric) {
  auto key = s.CreateForbiddenKey(var, spec);
  if (!key) return;  // refused at CreateKey: judged there
  const std::string name(contract::ToWire(spec));
  const ControlRef exists =
      s.NewControl("DescribeKey shows " + key->var + " as an EXTERNAL " + name + " key");
  const ControlRef same = s.NewControl(
      "the same GetParametersForImport on the symmetric "
      "EXTERNAL key " +
      symmetric.var + " succeeds");
  s.Control(exists);
  {
    auto d = s.Describe(key->key_id);
    const auto* md = d.ok() && d.value().key_metadata ? &*d.value().key_metadata : nullptr;
    s.judge().ControlCheck(
        exists, md && md->key_spec == spec && md->origin == contract::Origin::kExternal,
        md ? "KeySpec=" + std::string(md->key_spec ? contract::ToWire(*md->key_spec) : "(absent)")
           : Summarize(d).Describe());
  }
  s.Probe("GetParametersForImport on an EXTERNAL " + name + " key");
  s.judge().ExpectError(
      Summarize(s.CallGetParameters(key->key_id, WA::kRsaesOaepSha256, WKS::kRsa2048)),
      {ErrorType::kUnsupportedOperationException},
      "GetParametersForImport on an EXTERNAL " + name + " key", {exists, same});
  s.Control(same);
  s.judge().ControlReply(
      same, Summarize(s.CallGetParameters(symmetric.key_id, WA::kRsaesOaepSha256, WKS::kRsa2048)));
}

report::RuleResult NoAsymmetric(Context& ctx) {
  Session s(ctx, "gpfi.no-asymmetric");
  s.Setup("a symmetric EXTERNAL key S, for the controls");
  auto sym = s.CreateExternalKey("S");
  if (!sym) return s.Finish();
  ProbeSpecRefused(s, KeySpec::kRsa2048, "R", *sym);
  ProbeSpecRefused(s, KeySpec::kEccNistP256, "E", *sym);
  return s.Finish();
}

report::RuleResult NoHmac(Context& ctx) {
  Session s(ctx, "gpfi.no-hmac");
  s.Setup("a symmetric EXTERNAL key S, for the controls");
  auto sym = s.CreateExternalKey("S");
  if (!sym) return s.Finish();
  ProbeSpecRefused(s, KeySpec::kHmac256, "H", *sym);
  return s.Finish();
}

// gpfi.no-cross-account: "You cannot perform this operation on a KMS key in a different
// Amazon Web Services account." A key ARN of another account never reaches a key.
report::RuleResult NoCrossAccount(Context& ctx) {
  Session s(ctx, "gpfi.no-cross-account");
  const ExpectedError refused{{ErrorType::kNotFoundException, ErrorType::kAccessDeniedException},
                              std::nullopt,
                              {},
                              std::nullopt};
  s.Setup("an EXTERNAL key A of this account");
  auto a = s.CreateExternalKey("A");
  if (!a) return s.Finish();
  // 1. A's ARN with the account changed must not reach A (some emulators ignore the account).
  const ControlRef own_arn = s.NewControl("GetParametersForImport with A's own ARN succeeds");
  const std::string foreign = ArnWithAccount(a->arn, OtherAccountThan(ArnAccount(a->arn)));
  s.Probe("GetParametersForImport with A's ARN naming another account");
  s.judge().ExpectError(
      Summarize(s.CallGetParameters(foreign, WA::kRsaesOaepSha256, WKS::kRsa2048)), refused,
      "A's key id under another account's ARN", {own_arn});
  s.Control(own_arn);
  s.judge().ControlReply(
      own_arn, Summarize(s.CallGetParameters(a->arn, WA::kRsaesOaepSha256, WKS::kRsa2048)));
  // 2. A key that really lives in another account.
  if (!s.has_other()) {
    s.judge().Skip(
        "no second identity (--other-account-key): a key of another account was not "
        "created");
    return s.Finish();
  }
  s.Setup("an EXTERNAL key B of the second identity");
  auto b = s.CreateExternalKey("B", KeySpec::kSymmetricDefault, /*other_account=*/true);
  if (!b || !s.OtherAccountDiffers(*a, *b)) return s.Finish();
  const ControlRef own_key = s.NewControl(
      "the second identity's GetParametersForImport on its "
      "own key B succeeds");
  s.Probe("GetParametersForImport on B's ARN by this account");
  s.judge().ExpectError(Summarize(s.CallGetParameters(b->arn, WA::kRsaesOaepSha256, WKS::kRsa2048)),
                        refused, "another account's key by its ARN", {own_key});
  s.Control(own_key);
  s.judge().ControlReply(own_key, Summarize(s.CallGetParameters(b->arn, WA::kRsaesOaepSha256,
                                                                WKS::kRsa2048, s.other())));
  return s.Finish();
}

// A GetParametersForImport body with any member values (bad enums, missing members).
client::RawRequest GpfiBody(std::string body) {
  client::RawRequest r;
  r.target = std::string(contract::TargetOf(contract::Operation::kGetParametersForImport));
  r.body = std::move(body);
  return r;
}

std::string GpfiJson(std::string_view key_id, std::string_view algorithm, std::string_view spec) {
  std::string body = "{\"KeyId\":" + JsonString(key_id);
  if (!algorithm.empty()) body += ",\"WrappingAlgorithm\":" + JsonString(algorithm);
  if (!spec.empty()) body += ",\"WrappingKeySpec\":" + JsonString(spec);
  return body + "}";
}

ExpectedError EnumValidation(std::string_view value, std::string_view member) {
  // The order of the enum list is not the model's: compare up to the list only.
  return ExpectedError{
      {ErrorType::kValidationException},
      "1 validation error detected: Value '" + std::string(value) + "' at '" + std::string(member) +
          "' failed to satisfy constraint: Member must satisfy enum value set: [...",
      {},
      std::nullopt};
}

// gpfi.wrapping-key-spec: "Only 2048-bit RSA public keys are supported." (2022); 2026 adds
// RSA_3072 and RSA_4096.
report::RuleResult WrappingKeySpecRule(Context& ctx) {
  Session s(ctx, "gpfi.wrapping-key-spec");
  s.Setup("an EXTERNAL key");
  auto k = s.CreateExternalKey("K");
  if (!k) return s.Finish();
  const ControlRef same =
      s.NewControl("the same GetParametersForImport with WrappingKeySpec RSA_2048 succeeds");
  s.Control(same);
  s.judge().ControlReply(
      same, Summarize(s.Raw(GpfiBody(GpfiJson(k->key_id, "RSAES_OAEP_SHA_256", "RSA_2048")))));
  for (WKS spec : {WKS::kRsa2048, WKS::kRsa3072, WKS::kRsa4096}) {
    const std::string name(contract::ToWire(spec));
    s.Probe("GetParametersForImport WrappingKeySpec=" + name);
    auto reply = s.CallGetParameters(k->key_id, WA::kRsaesOaepSha256, spec);
    if (contract::SupportsWrappingKeySpec(s.profile(), spec)) {
      if (s.judge().ExpectSuccess(Summarize(reply), name + " is accepted") &&
          reply.value().public_key) {
        auto pub = crypto::PublicKey::FromSpkiDer(*reply.value().public_key);
        s.judge().Check(pub.ok() && pub->bits() == contract::WrappingKeyBits(spec),
                        "the " + name + " PublicKey has " +
                            std::to_string(contract::WrappingKeyBits(spec)) + " bits",
                        std::to_string(contract::WrappingKeyBits(spec)) + "-bit RSA SPKI",
                        pub.ok() ? std::to_string(pub->bits()) + " bits" : pub.status().message());
      }
    } else {
      s.judge().ExpectError(
          Summarize(reply), EnumValidation(name, "wrappingKeySpec"),
          name + " is refused in profile " + std::string(contract::ToWire(s.profile())), {same});
    }
  }
  s.Probe("GetParametersForImport WrappingKeySpec=RSA_1024 (in no enum)");
  s.judge().ExpectError(
      Summarize(s.Raw(GpfiBody(GpfiJson(k->key_id, "RSAES_OAEP_SHA_256", "RSA_1024")))),
      EnumValidation("RSA_1024", "wrappingKeySpec"), "RSA_1024 is refused", {same});
  // Profile 2026: SM2 is in the enum, but "SM2 (China Regions only)" (2026 model,
  // WrappingKeySpec's documentation): outside a cn- region it is refused (type inferred).
  if (s.profile() == contract::Profile::k2026 && !s.ctx().region.starts_with("cn-")) {
    s.Probe("GetParametersForImport WrappingKeySpec=SM2 outside the China regions");
    const ExpectedError china_only{
        {ErrorType::kValidationException, ErrorType::kUnsupportedOperationException},
        std::nullopt,
        {},
        contract::Strictness::kTypeInferred};
    s.judge().ExpectError(
        Summarize(s.Raw(GpfiBody(GpfiJson(k->key_id, "RSAES_OAEP_SHA_256", "SM2")))), china_only,
        "SM2 is refused in " + s.ctx().region, {same});
  }
  return s.Finish();
}

// gpfi.wrapping-algorithm: the profile's algorithms only.
report::RuleResult WrappingAlgorithmRule(Context& ctx) {
  Session s(ctx, "gpfi.wrapping-algorithm");
  s.Setup("an EXTERNAL key");
  auto k = s.CreateExternalKey("K");
  if (!k) return s.Finish();
  const ControlRef same = s.NewControl(
      "the same GetParametersForImport with WrappingAlgorithm RSAES_OAEP_SHA_256 succeeds");
  s.Control(same);
  s.judge().ControlReply(
      same, Summarize(s.Raw(GpfiBody(GpfiJson(k->key_id, "RSAES_OAEP_SHA_256", "RSA_2048")))));
  for (WA alg : {WA::kRsaesPkcs1V15, WA::kRsaesOaepSha1, WA::kRsaesOaepSha256,
                 WA::kRsaAesKeyWrapSha1, WA::kRsaAesKeyWrapSha256}) {
    const std::string name(contract::ToWire(alg));
    s.Probe("GetParametersForImport WrappingAlgorithm=" + name);
    if (contract::SupportsWrappingAlgorithm(s.profile(), alg)) {
      s.judge().ExpectSuccess(Summarize(s.CallGetParameters(k->key_id, alg, WKS::kRsa2048)),
                              name + " is accepted");
    } else if (!contract::InProfile(alg, s.profile())) {
      // Outside the profile's enum: the framework's ValidationException.
      s.judge().ExpectError(
          Summarize(s.Raw(GpfiBody(GpfiJson(k->key_id, name, "RSA_2048")))),
          EnumValidation(name, "wrappingAlgorithm"),
          name + " is outside the " + std::string(contract::ToWire(s.profile())) + " enum", {same});
    } else {
      // 2026: RSAES_PKCS1_V1_5 is in the enum but refused since 2023-10-10; the error type is
      // not known (inferred).
      s.judge().ExpectError(Summarize(s.CallGetParameters(k->key_id, alg, WKS::kRsa2048)),
                            ExpectedError{{ErrorType::kValidationException},
                                          std::nullopt,
                                          {},
                                          contract::Strictness::kTypeInferred},
                            name + " is refused (since 2023-10-10)", {same});
    }
  }
  s.Probe("GetParametersForImport WrappingAlgorithm=RSAES_OAEP_SHA_512 (in no enum)");
  s.judge().ExpectError(
      Summarize(s.Raw(GpfiBody(GpfiJson(k->key_id, "RSAES_OAEP_SHA_512", "RSA_2048")))),
      EnumValidation("RSAES_OAEP_SHA_512", "wrappingAlgorithm"), "RSAES_OAEP_SHA_512 is refused",
      {same});
  return s.Finish();
}

// gpfi.required-members: KeyId, WrappingAlgorithm and WrappingKeySpec are required.
report::RuleResult RequiredMembers(Context& ctx) {
  Session s(ctx, "gpfi.required-members");
  s.Setup("an EXTERNAL key");
  auto k = s.CreateExternalKey("K");
  if (!k) return s.Finish();
  struct Case {
    const char* member;
    std::string body;
  };
  const Case cases[] = {
      {"keyId", "{\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\",\"WrappingKeySpec\":\"RSA_2048\"}"},
      {"wrappingAlgorithm", GpfiJson(k->key_id, "", "RSA_2048")},
      {"wrappingKeySpec", GpfiJson(k->key_id, "RSAES_OAEP_SHA_256", "")},
  };
  const ControlRef complete =
      s.NewControl("the same GetParametersForImport with all three members succeeds");
  s.Control(complete);
  s.judge().ControlReply(
      complete, Summarize(s.Raw(GpfiBody(GpfiJson(k->key_id, "RSAES_OAEP_SHA_256", "RSA_2048")))));
  for (const Case& c : cases) {
    s.Probe(std::string("GetParametersForImport without ") + c.member);
    s.judge().ExpectError(
        Summarize(s.Raw(GpfiBody(c.body))),
        ExpectedError{{ErrorType::kValidationException},
                      std::nullopt,
                      {std::string("'") + c.member + "'", "Member must not be null"},
                      std::nullopt},
        std::string(c.member) + " missing", {complete});
  }
  return s.Finish();
}

// gpfi.key-not-found: NotFoundException, with the texts recorded on DescribeKey.
report::RuleResult KeyNotFound(Context& ctx) {
  Session s(ctx, "gpfi.key-not-found");
  s.Setup("an EXTERNAL key, to learn this identity's account and region");
  auto k = s.CreateExternalKey("K");
  if (!k) return s.Finish();
  const std::string unknown_id = "00000000-1111-4222-8333-444444444444";
  const std::string unknown_arn = ArnWithKeyId(k->arn, unknown_id);
  const std::string other_region = ArnRegion(k->arn) == "us-west-2" ? "eu-west-1" : "us-west-2";
  struct Case {
    std::string what;
    std::string key_id;
    std::string message;
  };
  const Case cases[] = {
      {"an unknown key id", unknown_id, "Key '" + unknown_arn + "' does not exist"},
      {"an unknown key ARN", unknown_arn, "Key '" + unknown_arn + "' does not exist"},
      {"a malformed key id", "not-a-key-id", "Invalid keyId 'not-a-key-id'"},
      {"a key ARN of another region", ArnWithRegion(k->arn, other_region),
       "Invalid arn " + other_region},
  };
  const ControlRef known =
      s.NewControl("the same GetParametersForImport with K's key id and with K's ARN succeeds");
  s.Control(known);
  s.judge().ControlReply(
      known, Summarize(s.CallGetParameters(k->key_id, WA::kRsaesOaepSha256, WKS::kRsa2048)));
  s.judge().ControlReply(
      known, Summarize(s.CallGetParameters(k->arn, WA::kRsaesOaepSha256, WKS::kRsa2048)));
  for (const Case& c : cases) {
    s.Probe("GetParametersForImport with " + c.what);
    s.judge().ExpectError(
        Summarize(s.CallGetParameters(c.key_id, WA::kRsaesOaepSha256, WKS::kRsa2048)),
        ExpectedError{{ErrorType::kNotFoundException}, c.message, {}, std::nullopt}, c.what,
        {known});
  }
  return s.Finish();
}

// gpfi.key-state: PendingDeletion refused; PendingImport, Enabled and Disabled allowed.
report::RuleResult KeyStateRule(Context& ctx) {
  Session s(ctx, "gpfi.key-state");
  s.Setup("an EXTERNAL key in PendingImport");
  auto k = s.CreateExternalKey("K");
  if (!k) return s.Finish();
  s.Probe("GetParametersForImport in PendingImport");
  auto pending = s.CallGetParameters(k->key_id, WA::kRsaesOaepSha256, WKS::kRsa2048);
  if (!s.judge().ExpectSuccess(Summarize(pending), "allowed in PendingImport") ||
      !pending.value().public_key || !pending.value().import_token) {
    return s.Finish();
  }
  s.Setup("import material: Enabled");
  auto p = s.GetParameters("P", *k);
  auto w = p ? s.Wrap("W", *p, s.NewMaterial("M")) : std::nullopt;
  if (!w || !s.ImportForSetup(*k, *p, *w)) return s.Finish();
  s.Probe("GetParametersForImport in Enabled");
  s.judge().ExpectSuccess(
      Summarize(s.CallGetParameters(k->key_id, WA::kRsaesOaepSha256, WKS::kRsa2048)),
      "allowed in Enabled");
  s.Setup("DisableKey");
  if (auto r = s.Disable(k->key_id); !r.ok()) {
    s.judge().Error("setup: DisableKey", Summarize(r).Describe());
  } else {
    s.Probe("GetParametersForImport in Disabled");
    s.judge().ExpectSuccess(
        Summarize(s.CallGetParameters(k->key_id, WA::kRsaesOaepSha256, WKS::kRsa2048)),
        "allowed in Disabled");
  }
  s.Setup("ScheduleKeyDeletion: PendingDeletion");
  if (auto r = s.ScheduleDeletion(k->key_id); !r.ok()) {
    s.judge().Error("setup: ScheduleKeyDeletion", Summarize(r).Describe());
    return s.Finish();
  }
  const ControlRef in_deletion = s.ExpectStateControl(*k, KeyState::kPendingDeletion);
  s.Probe("GetParametersForImport in PendingDeletion");
  s.judge().ExpectError(
      Summarize(s.CallGetParameters(k->key_id, WA::kRsaesOaepSha256, WKS::kRsa2048)),
      ExpectedError{{ErrorType::kKMSInvalidStateException},
                    k->arn + " is pending deletion.",
                    {},
                    std::nullopt},
      "refused in PendingDeletion", {in_deletion});
  return s.Finish();
}

// gpfi.response-shape: KeyId = the key ARN (also for a bare id); PublicKey = DER SPKI of an
// RSA key of the requested size; ImportToken 1..6144 bytes; ParametersValidTo a number.
report::RuleResult ResponseShape(Context& ctx) {
  Session s(ctx, "gpfi.response-shape");
  s.Setup("an EXTERNAL key");
  auto k = s.CreateExternalKey("K");
  if (!k) return s.Finish();
  s.Probe("GetParametersForImport with the bare key id");
  auto reply = s.CallGetParameters(k->key_id, WA::kRsaesOaepSha256, WKS::kRsa2048);
  s.ExpectInScript("out:${K_ARN}");  // KeyId is the key ARN, also for a bare key id
  if (!s.judge().ExpectSuccess(Summarize(reply), "GetParametersForImport succeeds")) {
    return s.Finish();
  }
  const auto& v = reply.value();
  s.judge().Check(v.key_id && *v.key_id == k->arn && !k->arn.empty(), "KeyId is the key ARN",
                  k->arn, v.key_id.value_or("(absent)"));
  if (v.public_key) {
    auto pub = crypto::PublicKey::FromSpkiDer(*v.public_key);
    s.judge().Check(pub.ok() && pub->type() == crypto::KeyType::kRsa && pub->bits() == 2048,
                    "PublicKey is the DER SubjectPublicKeyInfo of an RSA-2048 key",
                    "RSA 2048-bit SPKI",
                    pub.ok() ? std::to_string(pub->bits()) + "-bit key" : pub.status().message());
  } else {
    s.judge().Fail("PublicKey is present", "base64 DER SPKI", "(absent)");
  }
  const std::size_t token_size = v.import_token ? v.import_token->size() : 0;
  s.judge().Check(token_size >= 1 && token_size <= 6144, "ImportToken is 1..6144 bytes",
                  "1..6144 bytes", std::to_string(token_size) + " bytes");
  bool number = v.parameters_valid_to.has_value();
  std::string how = number ? "a number" : "(absent)";
  for (const codec::Finding& f : reply.decoded.findings) {
    if (f.where == "ParametersValidTo") {
      number = false;
      how = f.what;
    }
  }
  s.judge().Check(number, "ParametersValidTo is epoch seconds (a JSON number)", "a JSON number",
                  how);
  return s.Finish();
}

// gpfi.validity-24h: "These items are valid for 24 hours."
report::RuleResult Validity24h(Context& ctx) {
  Session s(ctx, "gpfi.validity-24h");
  s.Setup("an EXTERNAL key, parameters and wrapped material");
  auto k = s.PrepareImport("K");
  if (!k) return s.Finish();
  const ImportParams* p = &k->params;
  if (!p->valid_to) {
    s.judge().Fail("ParametersValidTo is present", "request time + 86400 s", "(absent)");
    return s.Finish();
  }
  s.ScriptCheck("ParametersValidTo is the request time plus 24 hours",
                "ParametersValidTo = now + 86400 s (+-60 s)",
                "kc_near \"$(cut -f3 \"$W/PK.txt\")\" 86400 60");
  const double delta = *p->valid_to - p->requested_at;
  s.judge().Check(delta > 86400 - 10 && delta < 86400 + 10,
                  "ParametersValidTo is the request time plus 24 hours",
                  "request time + 86400 s (+-10 s)",
                  "request time + " + std::to_string(static_cast<long long>(delta)) + " s");
  // At the boundary: the parameters still import shortly before ParametersValidTo.
  if (!s.can_move_clock()) {
    s.judge().Skip("no clock control: the 24-hour boundary was not probed");
    return s.Finish();
  }
  if (Status moved = s.AdvanceClock(86400 - 120); !moved.ok()) {
    s.judge().Skip("the target's clock did not move: " + moved.message());
    return s.Finish();
  }
  s.Probe("ImportKeyMaterial 2 minutes before ParametersValidTo");
  s.judge().ExpectSuccess(Summarize(s.Import(k->key, *p, k->wrapped)),
                          "the parameters are still valid 2 minutes before ParametersValidTo");
  return s.Finish();
}

// gpfi.fresh-wrapping-key (warn only): each response carries its own wrapping key pair.
report::RuleResult FreshWrappingKey(Context& ctx) {
  Session s(ctx, "gpfi.fresh-wrapping-key");
  s.Setup("two EXTERNAL keys");
  auto a = s.CreateExternalKey("A");
  auto b = a ? s.CreateExternalKey("B") : std::nullopt;
  if (!b) return s.Finish();
  s.Probe("three GetParametersForImport responses");
  auto p1 = s.GetParameters("P1", *a);
  auto p2 = p1 ? s.GetParameters("P2", *a) : std::nullopt;
  auto p3 = p2 ? s.GetParameters("P3", *b) : std::nullopt;
  if (!p3) return s.Finish();
  s.ScriptCheck("two responses for the same key carry different public keys",
                "a wrapping key pair of its own in each response",
                "! cmp -s \"$W/P1.pub\" \"$W/P2.pub\"");
  s.ScriptCheck("responses for different keys carry different public keys",
                "a wrapping key pair of its own in each response",
                "! cmp -s \"$W/P1.pub\" \"$W/P3.pub\"");
  s.judge().Check(p1->public_key != p2->public_key,
                  "two responses for the same key carry different public keys", "different keys",
                  p1->public_key == p2->public_key ? "the same public key" : "different keys");
  s.judge().Check(p1->public_key != p3->public_key,
                  "responses for different keys carry different public keys", "different keys",
                  p1->public_key == p3->public_key ? "the same public key" : "different keys");
  return s.Finish();
}

}  // namespace

std::vector<ScenarioSpec> GpfiScenarios() {
  return {
      {"gpfi.origin-external-only", OriginExternalOnly, false},
      {"gpfi.no-asymmetric", NoAsymmetric, false},
      {"gpfi.no-hmac", NoHmac, false},
      {"gpfi.no-cross-account", NoCrossAccount, false},
      {"gpfi.wrapping-key-spec", WrappingKeySpecRule, false},
      {"gpfi.wrapping-algorithm", WrappingAlgorithmRule, false},
      {"gpfi.required-members", RequiredMembers, false},
      {"gpfi.key-not-found", KeyNotFound, false},
      {"gpfi.key-state", KeyStateRule, false},
      {"gpfi.response-shape", ResponseShape, false},
      {"gpfi.validity-24h", Validity24h, true},
      {"gpfi.fresh-wrapping-key", FreshWrappingKey, false},
  };
}

}  // namespace kc::scenarios
