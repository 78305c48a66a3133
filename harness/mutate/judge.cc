#include "harness/mutate/judge.h"

#include <algorithm>

#include "harness/codec/codec.h"
#include "harness/codec/strict_json.h"
#include "harness/contract/api_operations.h"

namespace kc::mutate {
namespace {

using contract::ErrorType;
using contract::Operation;
using report::Verdict;

template <Operation Op>
std::optional<std::string> RefusalOf(std::string_view body, contract::Profile p) {
  auto d = codec::DecodeRequest<codec::RequestOf<Op>>(body, p);
  if (d.ok()) return std::nullopt;
  return d.error().type_name + ": " + d.error().message;
}

// The errors a service answers before an operation's decoder sees the body: the operation
// is not found, the request is not authenticated, the body is too large.
bool BeforeDecoder(std::string_view type, int status) {
  static constexpr std::string_view kTypes[] = {
      "UnknownOperationException",     "MissingAuthenticationTokenException",
      "IncompleteSignatureException",  "UnrecognizedClientException",
      "InvalidSignatureException",     "SignatureDoesNotMatch",
      "InvalidClientTokenId",          "ExpiredTokenException",
      "RequestEntityTooLargeException", "AccessDeniedException",
      "MissingAuthenticationToken",    "InvalidAction"};
  if (std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes)) return true;
  return status == 404 || status == 405 || status == 411 || status == 413 || status == 415 ||
         status == 403;
}

bool IsJson11(std::string_view ct) {
  while (!ct.empty() && ct.front() == ' ') ct.remove_prefix(1);
  const std::string_view media = ct.substr(0, ct.find(';'));
  std::string lower(media);
  while (!lower.empty() && lower.back() == ' ') lower.pop_back();
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "application/x-amz-json-1.1";
}

std::string StatusText(const WireReply& r, const codec::ApiError& e) {
  std::string out = "HTTP " + std::to_string(r.status);
  if (!e.type_name.empty() && e.type_name != std::to_string(r.status)) out += " " + e.type_name;
  const auto ct = r.Header("Content-Type");
  out += ct ? " (" + std::string(ct->substr(0, 40)) + ")" : " (no Content-Type)";
  return out;
}

}  // namespace

std::string_view FindingKindName(FindingKind k) {
  switch (k) {
    case FindingKind::kServerError: return "5xx";
    case FindingKind::kClosed: return "closed";
    case FindingKind::kTimeout: return "timeout";
    case FindingKind::kBadReply: return "bad-reply";
    case FindingKind::kSuccess: return "2xx";
    case FindingKind::kWrongType: return "type";
    case FindingKind::kShape: return "shape";
    case FindingKind::kDisguised: return "disguised";
    case FindingKind::kLiveness: return "liveness";
  }
  return "?";
}

std::optional<std::string> StrictRefusal(Operation op, std::string_view body,
                                         contract::Profile p, bool* project_choice) {
  std::optional<std::string> r;
  switch (op) {
#define KC_CASE(O) \
  case Operation::O: r = RefusalOf<Operation::O>(body, p); break;
    KC_CASE(kCreateKey)
    KC_CASE(kDescribeKey)
    KC_CASE(kListKeys)
    KC_CASE(kEnableKey)
    KC_CASE(kDisableKey)
    KC_CASE(kScheduleKeyDeletion)
    KC_CASE(kCancelKeyDeletion)
    KC_CASE(kGetParametersForImport)
    KC_CASE(kImportKeyMaterial)
    KC_CASE(kDeleteImportedKeyMaterial)
    KC_CASE(kEncrypt)
    KC_CASE(kDecrypt)
    KC_CASE(kCreateAlias)
    KC_CASE(kDeleteAlias)
    KC_CASE(kListAliases)
    KC_CASE(kUpdateAlias)
    KC_CASE(kGetPublicKey)
    KC_CASE(kSign)
    KC_CASE(kVerify)
    KC_CASE(kGenerateMac)
    KC_CASE(kVerifyMac)
    KC_CASE(kRotateKeyOnDemand)
    KC_CASE(kListKeyRotations)
#undef KC_CASE
  }
  if (project_choice != nullptr) {
    // The codec's refusals that rest on a project choice (codec.h): a member named twice.
    *project_choice = r && r->find("names a member twice") != std::string::npos;
  }
  return r;
}

RequestFacts FactsOf(const FuzzRequest& request, const Built& built, contract::Profile profile) {
  RequestFacts f;
  f.profile = profile;
  if (const Mutation* p = request.primary()) {
    f.cls = p->cls;
    f.label = p->label;
  }
  f.member = std::string(MemberOf(request));
  f.body = built.body;
  if (built.target) {
    const std::string_view t = *built.target;
    f.op = contract::OperationFromTarget(t);
    const std::string prefix = std::string(contract::kServiceTargetPrefix) + ".";
    f.unknown_target = !(t.starts_with(prefix) &&
                         contract::InApiModel(profile, t.substr(prefix.size())));
  }
  f.clean_headers = f.op.has_value() && built.content_type && IsJson11(*built.content_type) &&
                    built.sig == SigMode::kSigned;
  f.empty_body = built.body.find_first_not_of(" \t\r\n") == std::string::npos;
  if (!f.empty_body) {
    const codec::strict::Document doc = codec::strict::Document::Parse(built.body);
    f.malformed = doc.status() == codec::json::ParseStatus::kMalformed;
    if (f.malformed) {
      std::string_view b = built.body;
      if (b.starts_with("\xEF\xBB\xBF")) b.remove_prefix(3);
      f.malformed_syntax = !Parse(b).has_value();
    }
  }
  return f;
}

Judgement Judge(const RequestFacts& f, const WireOutcome& o) {
  Judgement j;
  const bool framing = f.cls == Class::kFraming;
  // The rules this request's outcome bears on beyond the generic ones.
  const bool judge_unknown = f.unknown_target && f.cls == Class::kHeader && !framing;
  const bool judge_malformed = f.malformed && f.clean_headers && !framing;
  auto add = [&](std::string rule, Verdict v, FindingKind k, std::string what, std::string expected,
                 std::string expected_type = {}) {
    j.departures.push_back(Departure{std::move(rule), v, k, std::move(what), std::move(expected),
                                     std::move(expected_type)});
  };
  const std::string about = f.member.empty() ? "" : " (" + f.member + ")";

  if (!o.ok()) {
    if (framing) return j;  // a close, or nothing in time, is an answer to a framing fault
    const FindingKind k = o.kind == WireOutcome::Kind::kTimeout   ? FindingKind::kTimeout
                          : o.kind == WireOutcome::Kind::kBadReply ? FindingKind::kBadReply
                                                                   : FindingKind::kClosed;
    std::string rule = judge_malformed  ? "proto.malformed-json"
                       : judge_unknown ? "proto.unknown-operation"
                                       : "proto.robustness";
    add(std::move(rule), Verdict::kFail, k,
        std::string(OutcomeName(o.kind)) + " for a well-framed request: " + o.detail,
        "a reply (AWS answers every well-framed request)");
    return j;
  }
  const WireReply& r = o.reply;
  const std::optional<std::string_view> ct = r.Header("Content-Type");
  codec::HttpReplyView view;
  view.status = r.status;
  view.body = r.body;
  view.content_type = ct;
  view.request_id = r.Header("x-amzn-RequestId");
  view.error_type_header = r.Header("x-amzn-ErrorType");

  if (r.status >= 200 && r.status < 300) {
    j.reached_decoder = true;
    if (framing) return j;
    if (f.op && f.clean_headers) {
      if (auto why = codec::NotASuccessBody(*f.op, r.body)) {
        add("proto.error-shape", Verdict::kFail, FindingKind::kDisguised,
            "HTTP " + std::to_string(r.status) + " whose body is an error: " + *why,
            "an error status (4xx) for an error");
        return j;
      }
    }
    if (judge_unknown) {
      add("proto.unknown-operation", Verdict::kFail, FindingKind::kSuccess,
          "HTTP " + std::to_string(r.status) + " for an X-Amz-Target absent from the API model",
          "400 UnknownOperationException", "UnknownOperationException");
      return j;
    }
    if (judge_malformed) {
      add("proto.malformed-json", f.malformed_syntax ? Verdict::kFail : Verdict::kWarn,
          FindingKind::kSuccess,
          "HTTP " + std::to_string(r.status) + " for a body that is not JSON" +
              (f.malformed_syntax ? "" : " (bad UTF-8 or a number out of range)"),
          "400 SerializationException", "SerializationException");
      return j;
    }
    if (f.op && f.clean_headers && !f.empty_body &&
        (f.cls == Class::kStructure || f.cls == Class::kValue)) {
      bool choice = false;
      if (auto refusal = StrictRefusal(*f.op, f.body, f.profile, &choice)) {
        const bool utf8 = f.label == "bad-utf8";
        add("proto.input-validation", choice || utf8 ? Verdict::kWarn : Verdict::kFail,
            FindingKind::kSuccess,
            "HTTP " + std::to_string(r.status) + " for " + std::string(contract::ToWire(*f.op)) +
                about + " that AWS refuses: " + refusal->substr(0, 200),
            refusal->substr(0, refusal->find(':')));
      }
    }
    return j;
  }

  // An error reply.
  std::vector<codec::Finding> shape;
  const codec::ApiError e = codec::DecodeErrorReply(view, shape);
  j.reached_decoder = !BeforeDecoder(e.type_name, r.status);
  const std::optional<ErrorType> type = e.type();
  const bool fault_error = type && contract::IsFaultError(*type);
  if (r.status >= 500 && !(fault_error && shape.empty())) {
    std::string rule = framing          ? "proto.robustness"
                       : judge_malformed ? "proto.malformed-json"
                       : judge_unknown   ? "proto.unknown-operation"
                                         : "proto.error-shape";
    add(std::move(rule), Verdict::kFail, FindingKind::kServerError,
        StatusText(r, e) + (framing ? " for a framing fault" : " for a " + std::string(ClassName(f.cls)) +
                                                                   "/" + f.label + " request" + about),
        framing ? "a 400, or the connection closed" : "a 4xx AWS error");
    return j;
  }
  if (framing) return j;  // any 4xx is an answer to a framing fault
  // Refused before the operation's decoder (too large, not authenticated): the body's
  // content was not judged by the target, so nothing here bears on it.
  const bool before_decoder = !j.reached_decoder;
  if (judge_unknown && !e.type_name.empty() && e.type_name != "UnknownOperationException") {
    add("proto.unknown-operation", Verdict::kFail, FindingKind::kWrongType,
        StatusText(r, e) + " for an X-Amz-Target absent from the API model",
        "400 UnknownOperationException", "UnknownOperationException");
    return j;
  }
  if (judge_malformed && !before_decoder && r.status >= 400 && r.status < 500 &&
      e.type_name != "SerializationException") {
    add("proto.malformed-json", Verdict::kWarn, FindingKind::kWrongType,
        StatusText(r, e) + " for a body that is not JSON", "400 SerializationException",
        "SerializationException");
    return j;
  }
  if (!shape.empty()) {
    std::string what = StatusText(r, e) + ": ";
    for (std::size_t i = 0; i < shape.size() && i < 3; ++i) {
      if (i > 0) what += "; ";
      what += shape[i].where + ": " + shape[i].what;
    }
    add("proto.error-shape", Verdict::kFail, FindingKind::kShape, what,
        "400 with a JSON __type and message, application/x-amz-json-1.1 and x-amzn-RequestId",
        shape.front().where);
  }
  return j;
}

}  // namespace kc::mutate
