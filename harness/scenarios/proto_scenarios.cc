// Scenarios of the protocol rules (proto.*): the AWS JSON 1.1 error shape, malformed bodies,
// unknown operations, timestamp forms, key id forms, robustness.
#include <string>

#include "harness/codec/codec.h"
#include "harness/common/bytes.h"
#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"
#include "harness/scenarios/util.h"

namespace kc::scenarios {
namespace {

using contract::Operation;

client::RawRequest Request(Operation op, std::string body) {
  client::RawRequest r;
  r.target = std::string(contract::TargetOf(op));
  r.body = std::move(body);
  return r;
}

// CheckErrorShape: a 400 (5xx only for the fault errors) with a JSON body carrying __type and
// message, Content-Type application/x-amz-json-1.1 and x-amzn-RequestId. A 2xx whose body
// is not a success output (an error disguised as a success: HTTP 200 with the error's name
// in `message`) fails; a 2xx with a well-formed success body is the probe's own rule's
// departure, not this one's.
void CheckErrorShape(Session& s, const client::RawReply& r, std::string_view what,
                     ControlRef control) {
  const std::string w(what);
  if (!r.ok()) {
    s.judge().Fail(w + ": an error reply", "HTTP 400 with an AWS error body",
                   "no reply: " + r.transport.message());
    return;
  }
  if (r.status >= 200 && r.status < 300) {
    const std::string disguised = DisguisedError(r);
    if (!disguised.empty()) {
      s.judge().Fail(w + ": an error reply", "HTTP 400 with an AWS error body",
                     "HTTP " + std::to_string(r.status) +
                         " with an error disguised as a "
                         "success: " +
                         disguised);
    } else {
      s.judge().Skip(w + " was not provoked: the target accepted the request (HTTP " +
                     std::to_string(r.status) + " with a success body)");
    }
    return;
  }
  std::vector<codec::Finding> findings;
  const codec::ApiError e = codec::DecodeErrorReply(r.View(), findings);
  const bool fault = e.type() && contract::IsFaultError(*e.type());
  s.judge().CheckRefusal(r.status == 400 || (fault && r.status >= 500), w + ": HTTP status",
                         "400 (5xx only for KMSInternalException, DependencyTimeoutException, "
                         "KeyUnavailableException)",
                         std::to_string(r.status) + " " + e.type_name, {control});
  const auto content_type = r.Header("Content-Type");
  s.judge().CheckRefusal(content_type && content_type->starts_with(codec::kJsonContentType),
                         w + ": Content-Type", std::string(codec::kJsonContentType),
                         content_type ? std::string(*content_type) : "(absent)", {control});
  const auto request_id = r.Header("x-amzn-RequestId");
  s.judge().CheckRefusal(request_id && !request_id->empty(), w + ": x-amzn-RequestId", "present",
                         request_id ? std::string(*request_id) : "(absent)", {control});
  std::string problems;
  for (const codec::Finding& f : findings) {
    if (f.where.starts_with("header:") || f.where == "status") continue;  // judged above
    if (!problems.empty()) problems += "; ";
    problems += f.where + ": " + f.what;
  }
  s.judge().CheckRefusal(problems.empty(), w + ": JSON body with __type and message",
                         "{\"__type\": \"<ErrorName>\", \"message\": \"<text>\"}",
                         problems.empty() ? "as expected" : problems, {control});
}

std::string GpfiBody(std::string_view key_id, std::string_view spec) {
  return "{\"KeyId\":" + JsonString(key_id) +
         ",\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\",\"WrappingKeySpec\":" + JsonString(spec) +
         "}";
}

report::RuleResult ErrorShape(Context& ctx) {
  Session s(ctx, "proto.error-shape");
  s.Setup("an AWS_KMS key K and an EXTERNAL key E, to provoke errors on");
  auto k = s.CreateAwsKmsKey("K");
  auto e = k ? s.CreateExternalKey("E") : std::nullopt;
  if (!e) return s.Finish();
  // Each error's premise: the same request with only the element under test changed
  // succeeds, so the error is about that element and the success shape is known.
  const ControlRef known = s.NewControl("the same DescribeKey of an existing key (K) succeeds");
  const ControlRef external =
      s.NewControl("the same GetParametersForImport on an EXTERNAL key (E) succeeds");
  const ControlRef spec =
      s.NewControl("the same GetParametersForImport on E with WrappingKeySpec RSA_2048 succeeds");
  s.Probe("DescribeKey of an unknown key (NotFoundException)");
  CheckErrorShape(s,
                  s.Raw(Request(Operation::kDescribeKey,
                                "{\"KeyId\":\"00000000-1111-4222-8333-444444444444\"}")),
                  "NotFoundException", known);
  s.Probe("GetParametersForImport on an AWS_KMS key (UnsupportedOperationException)");
  CheckErrorShape(
      s, s.Raw(Request(Operation::kGetParametersForImport, GpfiBody(k->key_id, "RSA_2048"))),
      "UnsupportedOperationException", external);
  s.Probe("GetParametersForImport with a bad enum value (ValidationException)");
  CheckErrorShape(
      s, s.Raw(Request(Operation::kGetParametersForImport, GpfiBody(e->key_id, "RSA_1024"))),
      "ValidationException", spec);
  s.Control(known);
  s.judge().ControlReply(
      known, Summarize(s.Raw(
                 Request(Operation::kDescribeKey, "{\"KeyId\":" + JsonString(k->key_id) + "}"))));
  s.Control(external);
  s.judge().ControlReply(external, Summarize(s.Raw(Request(Operation::kGetParametersForImport,
                                                           GpfiBody(e->key_id, "RSA_2048")))));
  s.Control(spec);
  s.judge().ControlReply(spec, Summarize(s.Raw(Request(Operation::kGetParametersForImport,
                                                       GpfiBody(e->key_id, "RSA_2048")))));
  return s.Finish();
}

report::RuleResult MalformedJson(Context& ctx) {
  Session s(ctx, "proto.malformed-json");
  s.Setup("an EXTERNAL key K, for the control");
  auto k = s.CreateExternalKey("K");
  if (!k) return s.Finish();
  const ControlRef well_formed =
      s.NewControl("the same DescribeKey with a well-formed body ({\"KeyId\": K}) succeeds");
  const std::pair<const char*, std::string> bodies[] = {
      {"a truncated object", "{\"KeyId\": \"abc\""},
      {"text that is not JSON", "this is not json"},
      {"a member without a value", "{\"KeyId\": }"},
      {"a trailing comma", "{\"KeyId\": \"abc\",}"},
      {"binary garbage", std::string("\x00\xff\xfe{\x01\x80", 7)},
  };
  for (const auto& [what, body] : bodies) {
    s.Probe(std::string("DescribeKey with ") + what);
    s.judge().ExpectError(Summarize(s.Raw(Request(Operation::kDescribeKey, body))),
                          {ErrorType::kSerializationException}, what, {well_formed});
  }
  s.Control(well_formed);
  s.judge().ControlReply(well_formed,
                         Summarize(s.Raw(Request(Operation::kDescribeKey,
                                                 "{\"KeyId\":" + JsonString(k->key_id) + "}"))));
  return s.Finish();
}

report::RuleResult UnknownOperation(Context& ctx) {
  Session s(ctx, "proto.unknown-operation");
  const ControlRef known =
      s.NewControl("the same request ({}) to a known operation, TrentService.ListKeys, succeeds");
  for (const char* target : {"TrentService.NoSuchOperation", "TrentService.getParametersForImport",
                             "NotTrent.DescribeKey"}) {
    s.Probe(std::string("X-Amz-Target: ") + target);
    client::RawRequest r;
    r.target = target;
    r.body = "{}";
    s.judge().ExpectError(Summarize(s.Raw(r)), {ErrorType::kUnknownOperationException},
                          std::string("X-Amz-Target ") + target, {known});
  }
  // Profile 2022: RotateKeyOnDemand and ListKeyRotations are absent from the 2022 model (they
  // arrived with several key materials per key), so a 2022 target does not know them.
  if (s.profile() == contract::Profile::k2022) {
    for (const char* target : {"TrentService.RotateKeyOnDemand", "TrentService.ListKeyRotations"}) {
      s.Probe(std::string("X-Amz-Target: ") + target + " (not in the 2022 model)");
      client::RawRequest r;
      r.target = target;
      r.body = "{}";
      s.judge().ExpectError(Summarize(s.Raw(r)), {ErrorType::kUnknownOperationException},
                            std::string("X-Amz-Target ") + target + " in profile 2022", {known});
    }
  }
  s.Control(known);
  s.judge().ControlReply(known, Summarize(s.Raw(Request(Operation::kListKeys, "{}"))));
  return s.Finish();
}

// proto.timestamp-forms: ValidTo as an integer and as a fractional number of epoch seconds.
report::RuleResult TimestampForms(Context& ctx) {
  Session s(ctx, "proto.timestamp-forms");
  s.Setup("an EXTERNAL key, parameters and wrapped material");
  auto prepared = s.PrepareImport("K");
  if (!prepared) return s.Finish();
  const KeyRef* k = &prepared->key;
  const std::string token = Base64Encode(prepared->params.token);
  const std::string material = Base64Encode(prepared->wrapped.bytes);
  s.repro().Line("P_TOKEN=$(base64 -w0 \"$W/PK.token\"); W_BIN=$(base64 -w0 \"$W/WK.bin\")");
  s.repro().Bind(token, "P_TOKEN");
  s.repro().Bind(material, "W_BIN");
  const long long base = static_cast<long long>(s.TargetNow()) + 30 * 86400;
  const std::pair<const char*, std::string> forms[] = {
      {"an integer ValidTo", std::to_string(base)},
      {"a fractional ValidTo", std::to_string(base + 60) + ".5"},
  };
  for (const auto& [what, number] : forms) {
    s.Probe(std::string("ImportKeyMaterial with ") + what + " (" + number + ")");
    const std::string body =
        "{\"KeyId\":" + JsonString(k->key_id) + ",\"ImportToken\":\"" + token +
        "\",\"EncryptedKeyMaterial\":\"" + material +
        "\",\"ExpirationModel\":\"KEY_MATERIAL_EXPIRES\",\"ValidTo\":" + number + "}";
    s.judge().ExpectSuccess(Summarize(s.Raw(Request(Operation::kImportKeyMaterial, body))), what);
  }
  return s.Finish();
}

// proto.key-id-forms: key id and key ARN both work; an alias (name or ARN) that exists and
// resolves for DescribeKey is refused by the three import operations ("Specify the key ID
// or key ARN of the KMS key."; the error type is inferred). Each alias refusal rests on two
// controls: the alias exists (DescribeKey by it finds the key) and the same request by key
// ARN succeeds. A target without CreateAlias cannot show the premise: those checks skip.
report::RuleResult KeyIdForms(Context& ctx) {
  Session s(ctx, "proto.key-id-forms");
  s.Setup("an EXTERNAL key");
  auto k = s.CreateExternalKey("K");
  if (!k) return s.Finish();
  s.Probe("DescribeKey by key ARN");
  {
    auto d = s.Describe(k->arn);
    if (s.judge().ExpectSuccess(Summarize(d), "DescribeKey by ARN")) {
      const auto* md = d.value().key_metadata ? &*d.value().key_metadata : nullptr;
      s.judge().Check(md && (md->key_id == k->key_id || md->key_id == k->arn),
                      "DescribeKey by ARN finds the key", k->key_id,
                      md ? md->key_id : "(no KeyMetadata)");
    }
  }
  s.Probe("GetParametersForImport by key ARN");
  const ReplySummary gpfi_by_arn = Summarize(
      s.CallGetParameters(k->arn, WrappingAlgorithm::kRsaesOaepSha256, WrappingKeySpec::kRsa2048));
  s.judge().ExpectSuccess(gpfi_by_arn, "GetParametersForImport by ARN");
  auto p = s.GetParameters("P", *k);
  if (!p) return s.Finish();
  auto w = s.Wrap("W", *p, s.NewMaterial("M"));
  if (!w) return s.Finish();

  // The alias: created, then shown to resolve (the premise of every alias refusal).
  const std::string alias = "alias/kmsconform-" + HexEncode(s.RandomBytes(6));
  const std::string alias_arn = AliasArn(k->arn, alias.substr(6));
  s.repro().Bind(alias_arn, "ALIAS_ARN");
  s.repro().Bind(alias, "ALIAS");
  s.repro().Line("ALIAS=" + ShellQuote(alias) + "; ALIAS_ARN=\"${K_ARN%%:key/*}:" + alias + "\"");
  const ControlRef exists =
      s.NewControl("alias " + alias + " exists: DescribeKey by its name and by its ARN finds K");
  s.Control(exists);
  const ReplySummary created = s.CreateAlias(alias, *k);
  if (!created.transport.ok() || !created.success) {
    s.judge().ControlUnavailable(exists, "CreateAlias was not accepted: " + created.Describe());
  } else {
    for (const std::string& form : {alias, alias_arn}) {
      auto d = s.Describe(form);
      const auto* md = d.ok() && d.value().key_metadata ? &*d.value().key_metadata : nullptr;
      const bool found = md && (md->key_id == k->key_id || md->key_id == k->arn);
      s.judge().ControlCheck(
          exists, found,
          "DescribeKey " + form + ": " + (md ? "KeyId " + md->key_id : Summarize(d).Describe()));
    }
  }
  const ExpectedError refused{
      {ErrorType::kNotFoundException}, std::nullopt, {}, contract::Strictness::kTypeInferred};
  const ControlRef gpfi_arn = s.NewControl("the same GetParametersForImport by key ARN succeeds");
  const ControlRef ikm_arn = s.NewControl("the same ImportKeyMaterial by key ARN succeeds");
  const ControlRef dikm_arn =
      s.NewControl("the same DeleteImportedKeyMaterial by key ARN succeeds");
  for (const auto& [form, text] : {std::pair<const char*, std::string>{"alias name", alias},
                                   std::pair<const char*, std::string>{"alias ARN", alias_arn}}) {
    s.Probe(std::string("GetParametersForImport by ") + form);
    s.judge().ExpectError(Summarize(s.CallGetParameters(text, WrappingAlgorithm::kRsaesOaepSha256,
                                                        WrappingKeySpec::kRsa2048)),
                          refused, std::string("GetParametersForImport with an existing ") + form,
                          {exists, gpfi_arn});
    s.Probe(std::string("ImportKeyMaterial by ") + form);
    ImportOptions o;
    o.key_id = text;
    s.judge().ExpectError(Summarize(s.Import(*k, *p, *w, o)), refused,
                          std::string("ImportKeyMaterial with an existing ") + form,
                          {exists, ikm_arn});
    s.Probe(std::string("DeleteImportedKeyMaterial by ") + form);
    s.judge().ExpectError(Summarize(s.DeleteMaterial(text)), refused,
                          std::string("DeleteImportedKeyMaterial with an existing ") + form,
                          {exists, dikm_arn});
  }
  // The import's control first: it uses P, and whether a token stays valid after a later
  // GetParametersForImport is not documented (ikm.token-same-response's business).
  s.Control(ikm_arn);
  {
    ImportOptions o;
    o.key_id = k->arn;
    s.judge().ControlReply(ikm_arn, Summarize(s.Import(*k, *p, *w, o)));
  }
  s.Control(gpfi_arn);
  s.judge().ControlReply(gpfi_arn,
                         Summarize(s.CallGetParameters(k->arn, WrappingAlgorithm::kRsaesOaepSha256,
                                                       WrappingKeySpec::kRsa2048)));
  s.Control(dikm_arn);
  s.judge().ControlReply(dikm_arn, Summarize(s.DeleteMaterial(k->arn)));
  if (created.transport.ok() && created.success) {
    s.Setup("clean up: DeleteAlias");
    s.DeleteAlias(alias);
  }
  return s.Finish();
}

// proto.input-validation: a request that breaks a member constraint of the API model (a
// range, a length) is refused with ValidationException, never accepted. Each refusal rests on
// a control: the same request with the member at its limit succeeds (so the refusal is about
// the value, not about the request or the key). `kmsconform fuzz` judges the rule on every
// mutated request; these are its fixed probes.
report::RuleResult InputValidation(Context& ctx) {
  Session s(ctx, "proto.input-validation");
  using contract::ErrorType;
  // ListKeys: Limit is 1 to 1000.
  const ControlRef limit_ok = s.NewControl("ListKeys with Limit 1000 (the largest allowed) succeeds");
  for (const char* limit : {"0", "1001"}) {
    s.Probe(std::string("ListKeys with Limit ") + limit);
    s.judge().ExpectError(Summarize(s.Raw(Request(Operation::kListKeys,
                                                  std::string("{\"Limit\":") + limit + "}"))),
                          {ErrorType::kValidationException},
                          std::string("ListKeys with Limit ") + limit + " (1 to 1000)", {limit_ok});
  }
  s.Control(limit_ok);
  s.judge().ControlReply(limit_ok, Summarize(s.Raw(Request(Operation::kListKeys, "{\"Limit\":1000}"))));
  // CreateKey: Description is at most 8192 characters.
  const ControlRef description_ok =
      s.NewControl("CreateKey with a Description of 8192 characters (the longest allowed) succeeds");
  s.Probe("CreateKey with a Description of 8193 characters");
  s.judge().ExpectError(
      Summarize(s.Raw(Request(Operation::kCreateKey,
                              "{\"Description\":\"" + std::string(8193, 'd') + "\"}"))),
      {ErrorType::kValidationException}, "CreateKey with a Description of 8193 characters (at most 8192)",
      {description_ok});
  s.Control(description_ok);
  codec::CreateKeyRequest longest;
  longest.description = std::string(8192, 'd');
  ReplySummary created;
  auto k = s.TryCreateKey("K", longest, created);
  s.judge().ControlReply(description_ok, created);
  if (!k) return s.Finish();
  // Encrypt: Plaintext is 1 to 4096 bytes.
  const ControlRef plaintext_ok =
      s.NewControl("Encrypt of 4096 bytes (the most allowed) under the key succeeds");
  s.Probe("Encrypt of 4097 bytes");
  s.judge().ExpectError(
      Summarize(s.Raw(Request(Operation::kEncrypt, "{\"KeyId\":" + JsonString(k->key_id) +
                                                       ",\"Plaintext\":\"" +
                                                       Base64Encode(Bytes(4097, 'p')) + "\"}"))),
      {ErrorType::kValidationException}, "Encrypt of 4097 bytes (at most 4096)", {plaintext_ok});
  s.Control(plaintext_ok);
  s.judge().ControlReply(
      plaintext_ok,
      Summarize(s.Raw(Request(Operation::kEncrypt, "{\"KeyId\":" + JsonString(k->key_id) +
                                                       ",\"Plaintext\":\"" +
                                                       Base64Encode(Bytes(4096, 'p')) + "\"}"))));
  // ScheduleKeyDeletion: PendingWindowInDays is 7 to 30 (the control schedules the key's
  // deletion, which the run's clean-up would do anyway).
  const ControlRef window_ok =
      s.NewControl("ScheduleKeyDeletion of the key with PendingWindowInDays 30 succeeds");
  for (const char* days : {"6", "31"}) {
    s.Probe(std::string("ScheduleKeyDeletion with PendingWindowInDays ") + days);
    s.judge().ExpectError(
        Summarize(s.Raw(Request(Operation::kScheduleKeyDeletion,
                                "{\"KeyId\":" + JsonString(k->key_id) +
                                    ",\"PendingWindowInDays\":" + days + "}"))),
        {ErrorType::kValidationException},
        std::string("ScheduleKeyDeletion with PendingWindowInDays ") + days + " (7 to 30)",
        {window_ok});
  }
  s.Control(window_ok);
  s.judge().ControlReply(
      window_ok, Summarize(s.Raw(Request(Operation::kScheduleKeyDeletion,
                                         "{\"KeyId\":" + JsonString(k->key_id) +
                                             ",\"PendingWindowInDays\":30}"))));
  return s.Finish();
}

// proto.robustness: after a burst of malformed requests the target still answers correctly.
report::RuleResult Robustness(Context& ctx) {
  Session s(ctx, "proto.robustness");
  s.Setup("an EXTERNAL key, before the burst");
  auto k = s.CreateExternalKey("K");
  if (!k) return s.Finish();
  s.Setup("a burst of 40 malformed requests");
  const std::string nested(2000, '[');
  const std::string huge_string = "{\"KeyId\":\"" + std::string(20000, 'x') + "\"}";
  const std::vector<client::RawRequest> burst = [&] {
    std::vector<client::RawRequest> out;
    auto add = [&](std::string target, std::string body, std::string content_type) {
      client::RawRequest r;
      r.target = std::move(target);
      r.body = std::move(body);
      r.content_type = std::move(content_type);
      out.push_back(std::move(r));
    };
    for (int i = 0; i < 5; ++i) {
      add("TrentService.DescribeKey", "{\"KeyId\":", "application/x-amz-json-1.1");
      add("TrentService.ImportKeyMaterial", nested, "application/x-amz-json-1.1");
      add("TrentService.GetParametersForImport", "\xff\xfe\xfd", "application/x-amz-json-1.1");
      add("TrentService.Nope", "{}", "application/x-amz-json-1.1");
      add("", "{}", "application/x-amz-json-1.1");
      add("TrentService.CreateKey", "{\"Origin\":5}", "text/plain");
      add("TrentService.DescribeKey", huge_string, "application/x-amz-json-1.1");
      add("TrentService.ImportKeyMaterial",
          "{\"KeyId\":\"k\",\"ImportToken\":\"!!!\",\"EncryptedKeyMaterial\":\"@@\"}",
          "application/x-amz-json-1.1");
    }
    return out;
  }();
  int dropped = 0;
  for (const client::RawRequest& r : burst) {
    if (!s.primary()->Send(r).ok()) ++dropped;
  }
  s.primary()->TakeTranscript();  // 40 exchanges of noise: not evidence
  s.repro().Comment(
      "40 malformed requests (truncated JSON, deep nesting, invalid UTF-8, unknown "
      "targets, bad base64), sent without looking at the answers:");
  s.repro().Line("for kc_i in 1 2 3 4 5; do");
  for (std::size_t i = 0; i < 8; ++i) {
    s.repro().Send(burst[i].target, burst[i].body, burst[i].content_type);
  }
  s.repro().Line("done");
  s.Probe("DescribeKey after the burst");
  auto d = s.Describe(k->key_id);
  if (s.judge().ExpectSuccess(Summarize(d), "DescribeKey answers after the burst")) {
    const auto* md = d.value().key_metadata ? &*d.value().key_metadata : nullptr;
    s.judge().Check(md && (md->key_id == k->key_id || md->key_id == k->arn),
                    "DescribeKey after the burst returns the right key", k->key_id,
                    md ? md->key_id : "(no KeyMetadata)");
  }
  s.Probe("CreateKey after the burst");
  ReplySummary created;
  s.TryCreateKey(
      "K2", Session::ExternalKeyRequest(KeySpec::kSymmetricDefault, "kmsconform proto.robustness"),
      created);
  s.judge().ExpectSuccess(created, "CreateKey answers after the burst");
  if (dropped > 0) {
    s.judge().Warn("connections dropped during the burst", "an AWS error for each",
                   std::to_string(dropped) + " of 40 got no reply");
  }
  return s.Finish();
}

}  // namespace

std::vector<ScenarioSpec> ProtoScenarios() {
  return {
      {"proto.input-validation", InputValidation, false},
      {"proto.error-shape", ErrorShape, false},
      {"proto.malformed-json", MalformedJson, false},
      {"proto.unknown-operation", UnknownOperation, false},
      {"proto.timestamp-forms", TimestampForms, false},
      {"proto.key-id-forms", KeyIdForms, false},
      {"proto.robustness", Robustness, false},
  };
}

}  // namespace kc::scenarios
