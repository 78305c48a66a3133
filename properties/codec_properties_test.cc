// Properties of the codec (RapidCheck). Each name is the claim it checks.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck/gtest.h>

#include "harness/codec/codec.h"
#include "harness/codec/constraints.h"
#include "harness/codec/strict_json.h"
#include "harness/contract/model.h"
#include "properties/gen/codec_gen.h"

namespace kc::codec {
namespace {

using contract::ShapeSpec;
using contract::ShapeType;

HttpReplyView AwsReply(int status, std::string_view body) {
  HttpReplyView r;
  r.status = status;
  r.body = body;
  r.content_type = kJsonContentType;
  r.request_id = "c6f5a5b2-2c1e-4a6e-9f3e-0d1d2b3c4e5f";
  return r;
}

// ---- (a) round trips ----

// Requests: the strict server decode of EncodeRequest gives back the request, in the profile
// the request was generated for.
template <typename Req>
void CheckRequestRoundTrip() {
  const Profile p = *gen::AnyProfile();
  const Req req = *gen::ValidRequest<Req>(p);
  const std::string body = EncodeRequest(req);
  const Decoded<Req> decoded = DecodeRequest<Req>(body, p);
  if (!decoded.ok()) RC_FAIL(decoded.error().message);
  RC_ASSERT(decoded.value() == req);
}

// Responses: the lenient client decode of EncodeResponse gives back the response, and an
// AWS-shaped reply of it (200, x-amz-json-1.1, x-amzn-RequestId) has no finding.
template <typename Resp>
void CheckResponseRoundTrip() {
  const Profile p = *gen::AnyProfile();
  const Resp resp = *gen::ValidResponse<Resp>(p);
  const std::string body = EncodeResponse(resp);
  const ClientReply<Resp> decoded = DecodeResponse<Resp>(AwsReply(200, body), p);
  RC_ASSERT(decoded.value.has_value());
  RC_ASSERT(*decoded.value == resp);
  RC_ASSERT(decoded.findings == std::vector<Finding>{});
}

#define KC_REQUEST_ROUND_TRIP(Req) \
  RC_GTEST_PROP(DecodeOfEncodeIsIdentity, Req, ()) { CheckRequestRoundTrip<Req>(); }
#define KC_RESPONSE_ROUND_TRIP(Resp) \
  RC_GTEST_PROP(DecodeOfEncodeIsIdentity, Resp, ()) { CheckResponseRoundTrip<Resp>(); }

KC_REQUEST_ROUND_TRIP(CreateKeyRequest)
KC_REQUEST_ROUND_TRIP(DescribeKeyRequest)
KC_REQUEST_ROUND_TRIP(ListKeysRequest)
KC_REQUEST_ROUND_TRIP(EnableKeyRequest)
KC_REQUEST_ROUND_TRIP(DisableKeyRequest)
KC_REQUEST_ROUND_TRIP(ScheduleKeyDeletionRequest)
KC_REQUEST_ROUND_TRIP(CancelKeyDeletionRequest)
KC_REQUEST_ROUND_TRIP(GetParametersForImportRequest)
KC_REQUEST_ROUND_TRIP(ImportKeyMaterialRequest)
KC_REQUEST_ROUND_TRIP(DeleteImportedKeyMaterialRequest)
KC_REQUEST_ROUND_TRIP(EncryptRequest)
KC_REQUEST_ROUND_TRIP(DecryptRequest)
KC_RESPONSE_ROUND_TRIP(EmptyResponse)
KC_RESPONSE_ROUND_TRIP(CreateKeyResponse)
KC_RESPONSE_ROUND_TRIP(DescribeKeyResponse)
KC_RESPONSE_ROUND_TRIP(ListKeysResponse)
KC_RESPONSE_ROUND_TRIP(ScheduleKeyDeletionResponse)
KC_RESPONSE_ROUND_TRIP(CancelKeyDeletionResponse)
KC_RESPONSE_ROUND_TRIP(GetParametersForImportResponse)
KC_RESPONSE_ROUND_TRIP(ImportKeyMaterialResponse)
KC_RESPONSE_ROUND_TRIP(DeleteImportedKeyMaterialResponse)
KC_RESPONSE_ROUND_TRIP(EncryptResponse)
KC_RESPONSE_ROUND_TRIP(DecryptResponse)

// ---- (b) one violation, one ValidationException naming the member ----

// Site: one place in a valid request body where exactly one model constraint can be broken.
struct Site {
  enum class Kind { kRemoveRequired, kEnum, kTooShort, kTooLong, kPattern, kBelowMin, kAboveMax };
  std::vector<std::variant<std::string, std::size_t>> where;  // JSON keys and indices
  std::string aws_path;                                       // "tags.1.member.tagKey"
  Kind kind;
  const ShapeSpec* shape;
};

// PatternBreaker: a value of the right length that a model pattern refuses.
std::optional<std::string> PatternBreaker(const ShapeSpec& s) {
  const std::size_t len = s.has_min() && s.min > 3 ? static_cast<std::size_t>(s.min) : 3;
  if (s.pattern == "^[a-f0-9]+$") return std::string(len, 'g');
  if (s.pattern == "^[a-zA-Z0-9-_.]+$") return "a b";
  if (s.pattern == "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+") return "\xC4\x80";  // U+0100
  if (s.pattern == "[\\u0020-\\u00FF]*") return "a\x01";
  if (s.pattern == "^[a-zA-Z0-9:/_\\s.-]+$") return "a!b";
  return std::nullopt;
}

class SiteCollector {
 public:
  std::vector<Site> sites;

  void Structure(const ShapeSpec& shape, const nlohmann::json& obj, const std::string& path) {
    for (const contract::MemberSpec& m : shape.members) {
      const auto it = obj.find(std::string(m.name));
      if (it == obj.end() || it->is_null()) continue;
      where_.emplace_back(std::string(m.name));
      const std::string p = path.empty() ? contract::LowerCamel(m.name)
                                         : path + "." + contract::LowerCamel(m.name);
      if (m.required) Add(Site::Kind::kRemoveRequired, p, *m.shape);
      Value(*m.shape, *it, p);
      where_.pop_back();
    }
  }

 private:
  void Value(const ShapeSpec& s, const nlohmann::json& v, const std::string& path) {
    switch (s.type) {
      case ShapeType::kString:
        if (s.enum_kind != contract::EnumKind::kNone) Add(Site::Kind::kEnum, path, s);
        if (s.has_min() && s.min > 0) Add(Site::Kind::kTooShort, path, s);
        if (s.has_max()) Add(Site::Kind::kTooLong, path, s);
        if (!s.pattern.empty() && PatternBreaker(s)) Add(Site::Kind::kPattern, path, s);
        break;
      case ShapeType::kBlob:
        if (s.has_min() && s.min > 0) Add(Site::Kind::kTooShort, path, s);
        if (s.has_max()) Add(Site::Kind::kTooLong, path, s);
        break;
      case ShapeType::kInteger:
        if (s.has_min()) Add(Site::Kind::kBelowMin, path, s);
        if (s.has_max()) Add(Site::Kind::kAboveMax, path, s);
        break;
      case ShapeType::kStructure: Structure(s, v, path); break;
      case ShapeType::kList:
        if (s.has_max()) Add(Site::Kind::kTooLong, path, s);
        for (std::size_t i = 0; i < v.size(); ++i) {
          where_.emplace_back(i);
          Value(*s.element, v[i], path + "." + std::to_string(i + 1) + ".member");
          where_.pop_back();
        }
        break;
      case ShapeType::kBoolean:
      case ShapeType::kTimestamp:
      case ShapeType::kMap: break;  // no constraint in the model to break
    }
  }

  void Add(Site::Kind kind, const std::string& path, const ShapeSpec& shape) {
    sites.push_back(Site{where_, path, kind, &shape});
  }

  std::vector<std::variant<std::string, std::size_t>> where_;
};

// BrokenValue: the JSON value that breaks site's constraint and nothing else.
nlohmann::json BrokenValue(const Site& site, Profile p) {
  const ShapeSpec& s = *site.shape;
  const auto n = [](std::int64_t v) { return static_cast<std::size_t>(v); };
  switch (site.kind) {
    case Site::Kind::kEnum: {
      // A value of a later profile when there is one (RSA_4096 in 2022), else a made-up one.
      std::vector<std::string> outside = {"NOT_IN_THE_ENUM", "rsa_2048", ""};
      for (const std::string_view v : contract::EnumWireValues(s.enum_kind, Profile::k2026)) {
        if (!contract::EnumAccepts(s.enum_kind, v, p)) outside.emplace_back(v);
      }
      return *rc::gen::elementOf(outside);
    }
    case Site::Kind::kTooShort:
      if (s.type == ShapeType::kBlob) return Base64Encode(Bytes(n(s.min - 1)));
      return std::string(n(s.min - 1), 'a');
    case Site::Kind::kTooLong:
      if (s.type == ShapeType::kBlob) return Base64Encode(Bytes(n(s.max + 1)));
      if (s.type == ShapeType::kList) return nlohmann::json(std::vector<std::string>(n(s.max + 1), "t"));
      return std::string(n(s.max + 1), 'a');
    case Site::Kind::kPattern: return *PatternBreaker(s);
    case Site::Kind::kBelowMin: return s.min - 1;
    case Site::Kind::kAboveMax: return s.max + 1;
    case Site::Kind::kRemoveRequired: break;
  }
  return nullptr;
}

template <typename Req>
void CheckSingleViolation() {
  const Profile p = *gen::AnyProfile();
  const Req req = *gen::ValidRequest<Req>(p);
  nlohmann::json body = nlohmann::json::parse(EncodeRequest(req));
  SiteCollector collector;
  collector.Structure(*contract::Spec(Req::kOperation, p).input, body, "");
  RC_PRE(!collector.sites.empty());
  const Site site = *rc::gen::elementOf(collector.sites);

  nlohmann::json* parent = &body;
  for (std::size_t i = 0; i + 1 < site.where.size(); ++i) {
    parent = std::holds_alternative<std::string>(site.where[i])
                 ? &(*parent)[std::get<std::string>(site.where[i])]
                 : &(*parent)[std::get<std::size_t>(site.where[i])];
  }
  const auto& last = site.where.back();
  if (site.kind == Site::Kind::kRemoveRequired) {
    parent->erase(std::get<std::string>(last));
  } else if (std::holds_alternative<std::string>(last)) {
    (*parent)[std::get<std::string>(last)] = BrokenValue(site, p);
  } else {
    (*parent)[std::get<std::size_t>(last)] = BrokenValue(site, p);
  }
  const std::string broken = body.dump();
  RC_TAG(static_cast<int>(site.kind));

  const Decoded<Req> decoded = DecodeRequest<Req>(broken, p);
  RC_ASSERT(!decoded.ok());
  const ApiError& e = decoded.error();
  RC_ASSERT(e.Is(ErrorType::kValidationException));
  // Every violation listed ("...; ...") is at the broken member (a value may break two
  // constraints of its member at once: "" is too short and fails a "+" pattern).
  const std::string_view message = e.message;
  const std::size_t colon = message.find(": ");
  RC_ASSERT(colon != std::string_view::npos);
  std::string_view rest = message.substr(colon + 2);
  const std::string at = "at '" + site.aws_path + "' failed to satisfy constraint: ";
  std::size_t count = 0;
  while (!rest.empty()) {
    const std::size_t end = rest.find("; Value");
    const std::string_view one = rest.substr(0, end);
    RC_ASSERT(one.find(at) != std::string_view::npos);
    ++count;
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
  }
  RC_ASSERT(count >= 1u);
  const std::string header = std::to_string(count) + (count == 1 ? " validation error detected"
                                                                  : " validation errors detected");
  RC_ASSERT(message.starts_with(header));
}

#define KC_SINGLE_VIOLATION(Req)                                                         \
  RC_GTEST_PROP(EverySingleViolationYieldsOneValidationExceptionNamingTheMember, Req, ()) { \
    CheckSingleViolation<Req>();                                                         \
  }
KC_SINGLE_VIOLATION(CreateKeyRequest)
KC_SINGLE_VIOLATION(DescribeKeyRequest)
KC_SINGLE_VIOLATION(ListKeysRequest)
KC_SINGLE_VIOLATION(EnableKeyRequest)
KC_SINGLE_VIOLATION(DisableKeyRequest)
KC_SINGLE_VIOLATION(ScheduleKeyDeletionRequest)
KC_SINGLE_VIOLATION(CancelKeyDeletionRequest)
KC_SINGLE_VIOLATION(GetParametersForImportRequest)
KC_SINGLE_VIOLATION(ImportKeyMaterialRequest)
KC_SINGLE_VIOLATION(DeleteImportedKeyMaterialRequest)
KC_SINGLE_VIOLATION(EncryptRequest)
KC_SINGLE_VIOLATION(DecryptRequest)

// ---- (c) no input crashes a decoder ----

template <typename Req>
void DecodeAsRequest(std::string_view body, Profile p) {
  const Decoded<Req> d = DecodeRequest<Req>(body, p);
  // A value, or one of the two errors a body alone can earn. (RC_ASSERT evaluates both sides
  // of ||: decide first.)
  const bool expected = d.ok() || d.error().Is(ErrorType::kSerializationException) ||
                        d.error().Is(ErrorType::kValidationException);
  RC_ASSERT(expected);
}

template <typename Resp>
void DecodeAsResponse(const HttpReplyView& reply, Profile p) {
  const ClientReply<Resp> r = DecodeResponse<Resp>(reply, p);
  const bool success = reply.status >= 200 && reply.status < 300;
  RC_ASSERT(!(r.value && r.error));
  RC_ASSERT(r.error.has_value() == !success);
  RC_ASSERT(r.http_status == reply.status);
}

rc::Gen<std::string> HostileText() {
  return rc::gen::weightedOneOf<std::string>({
      {2, rc::gen::string<std::string>()},
      {3, gen::JsonishText()},
      {3, gen::Mutated(rc::gen::mapcat(gen::AnyProfile(), [](Profile p) {
         return rc::gen::oneOf(
             rc::gen::map(gen::ValidRequest<ImportKeyMaterialRequest>(p),
                          [](const ImportKeyMaterialRequest& r) { return EncodeRequest(r); }),
             rc::gen::map(gen::ValidRequest<CreateKeyRequest>(p),
                          [](const CreateKeyRequest& r) { return EncodeRequest(r); }),
             rc::gen::map(gen::ValidResponse<DescribeKeyResponse>(p),
                          [](const DescribeKeyResponse& r) { return EncodeResponse(r); }),
             rc::gen::map(gen::ValidResponse<ListKeysResponse>(p),
                          [](const ListKeysResponse& r) { return EncodeResponse(r); }));
       }))},
  });
}

RC_GTEST_PROP(RandomBytesNeverCrashAnyDecoder, EveryRequestAndResponseType, ()) {
  const std::string body = *HostileText();
  const Profile p = *gen::AnyProfile();
  DecodeAsRequest<CreateKeyRequest>(body, p);
  DecodeAsRequest<DescribeKeyRequest>(body, p);
  DecodeAsRequest<ListKeysRequest>(body, p);
  DecodeAsRequest<EnableKeyRequest>(body, p);
  DecodeAsRequest<DisableKeyRequest>(body, p);
  DecodeAsRequest<ScheduleKeyDeletionRequest>(body, p);
  DecodeAsRequest<CancelKeyDeletionRequest>(body, p);
  DecodeAsRequest<GetParametersForImportRequest>(body, p);
  DecodeAsRequest<ImportKeyMaterialRequest>(body, p);
  DecodeAsRequest<DeleteImportedKeyMaterialRequest>(body, p);
  DecodeAsRequest<EncryptRequest>(body, p);
  DecodeAsRequest<DecryptRequest>(body, p);

  HttpReplyView reply;
  reply.status = *rc::gen::element(200, 200, 201, 204, 400, 404, 413, 500, 503, 0, 302, -1);
  reply.body = body;
  if (*rc::gen::arbitrary<bool>()) reply.content_type = kJsonContentType;
  if (*rc::gen::arbitrary<bool>()) reply.request_id = "id";
  const std::string error_header = *rc::gen::string<std::string>();
  if (*rc::gen::arbitrary<bool>()) reply.error_type_header = error_header;
  DecodeAsResponse<EmptyResponse>(reply, p);
  DecodeAsResponse<CreateKeyResponse>(reply, p);
  DecodeAsResponse<DescribeKeyResponse>(reply, p);
  DecodeAsResponse<ListKeysResponse>(reply, p);
  DecodeAsResponse<ScheduleKeyDeletionResponse>(reply, p);
  DecodeAsResponse<CancelKeyDeletionResponse>(reply, p);
  DecodeAsResponse<GetParametersForImportResponse>(reply, p);
  DecodeAsResponse<ImportKeyMaterialResponse>(reply, p);
  DecodeAsResponse<DeleteImportedKeyMaterialResponse>(reply, p);
  DecodeAsResponse<EncryptResponse>(reply, p);
  DecodeAsResponse<DecryptResponse>(reply, p);
}

// ---- the pieces ----

RC_GTEST_PROP(FormatTimestamp, ReadsBackToTheSameDouble, ()) {
  const double t = *gen::FiniteDouble();
  const std::string text = FormatTimestamp(t);
  double back = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), back);
  RC_ASSERT(r.ec == std::errc());
  RC_ASSERT(r.ptr == text.data() + text.size());
  RC_ASSERT(back == t);
  // Java's shape: a digit before the point, at least one after; "E" only outside [1e-3, 1e7).
  RC_ASSERT(text.find('.') != std::string::npos);
  const double a = std::fabs(t);
  RC_ASSERT((text.find('E') == std::string::npos) == (a == 0 || (a >= 1e-3 && a < 1e7)));
}

RC_GTEST_PROP(StrictBase64Check, AgreesWithBase64DecodeStrict, ()) {
  const std::string text = *rc::gen::oneOf(
      rc::gen::map(gen::Blob(0, 40), [](const Bytes& b) { return Base64Encode(b); }),
      gen::Mutated(rc::gen::map(gen::Blob(0, 40), [](const Bytes& b) { return Base64Encode(b); })),
      gen::CharsOf("ABCab+/=-_ ", 0, 12));
  const std::optional<Bytes> decoded = Base64DecodeStrict(text);
  const std::optional<std::size_t> size = StrictBase64DecodedSize(text);
  RC_ASSERT(decoded.has_value() == size.has_value());
  if (decoded) RC_ASSERT(decoded->size() == *size);
}

RC_GTEST_PROP(StrictJsonParser, AcceptsWhatNlohmannAcceptsWithTheSameValues, ()) {
  const std::string text = *HostileText();
  RC_PRE(text.find('\0') == std::string::npos);  // nlohmann stops at a NUL byte
  const strict::Document doc = strict::Document::Parse(text);
  const nlohmann::json reference = nlohmann::json::parse(text, nullptr, false);
  RC_ASSERT(doc.has_root() == !reference.is_discarded());
  if (doc.status() == json::ParseStatus::kOk && reference.is_object()) {
    RC_ASSERT(doc.root().size() == reference.size());
    for (const auto& [k, v] : reference.items()) {
      const auto mine = doc.root().Find(k);
      RC_ASSERT(mine.has_value());
      if (v.is_string()) RC_ASSERT(mine->string_value() == v.get<std::string>());
    }
  }
}

}  // namespace
}  // namespace kc::codec
