#include "harness/codec/reply_reader.h"

#include <limits>
#include <string>

#include "harness/codec/constraints.h"
#include "harness/codec/timestamp.h"

namespace kc::codec {
namespace {

using contract::ShapeSpec;
using contract::ShapeType;

// LenientWalker: walks a reply along the model's output shape and notes every departure.
// It decides nothing: the typed fill (binding.h) applies the same acceptance rules (wrong
// types, unknown enum values and undecodable blobs are left unset) without findings.
class LenientWalker {
 public:
  LenientWalker(Profile p, std::vector<Finding>& findings) : profile_(p), findings_(findings) {}

  void Structure(const ShapeSpec& shape, json::Value obj) {
    for (const contract::MemberSpec& m : shape.members) {
      const std::optional<json::Value> v = obj.Find(m.name);
      path_.PushMember(m.name);
      if (v && v->is_null()) Note("JSON null (AWS leaves out the members it does not set)");
      if (!v || v->is_null()) {
        if (m.required) Note("required member missing");
      } else {
        Check(*m.shape, *v);
      }
      path_.Pop();
    }
  }

 private:
  void Check(const ShapeSpec& shape, json::Value v) {
    const json::Type type = v.type();
    switch (shape.type) {
      case ShapeType::kString: {
        if (type != json::Type::kString) return WrongType(shape, type);
        const std::string_view s = v.string_value();
        if (shape.enum_kind != contract::EnumKind::kNone &&
            !contract::EnumAccepts(shape.enum_kind, s, profile_)) {
          return Note("unknown value '" + std::string(s) + "' (the model's enum: " +
                      EnumSetText(shape.enum_kind, profile_) + "); ignored");
        }
        constraints_.clear();
        StringConstraints(shape, s, profile_, constraints_);
        return Report(shape.sensitive ? nullptr : &s);
      }
      case ShapeType::kBlob: {
        if (type != json::Type::kString) return WrongType(shape, type);
        const std::string_view s = v.string_value();
        std::optional<std::size_t> size = StrictBase64DecodedSize(s);
        if (!size) {
          const std::optional<Bytes> lenient = Base64DecodeLenient(s);
          if (!lenient) return Note("not valid base64; ignored");
          Note("not strict base64 (missing padding, URL-safe alphabet or whitespace); "
               "decoded leniently");
          size = lenient->size();
        }
        constraints_.clear();
        LengthConstraints(shape, static_cast<std::int64_t>(*size), constraints_);
        return Report(nullptr);  // never echo blob contents
      }
      case ShapeType::kInteger: {
        if (type != json::Type::kInteger) return WrongType(shape, type);
        const std::optional<std::int64_t> i = v.int_value();
        if (!i || *i < std::numeric_limits<std::int32_t>::min() ||
            *i > std::numeric_limits<std::int32_t>::max()) {
          return Note("integer outside the 32-bit range; ignored");
        }
        constraints_.clear();
        RangeConstraints(shape, *i, constraints_);
        const std::string text = std::to_string(*i);
        const std::string_view view = text;
        return Report(&view);
      }
      case ShapeType::kBoolean:
        if (type != json::Type::kBoolean) WrongType(shape, type);
        return;
      case ShapeType::kTimestamp: return Timestamp(shape, v);
      case ShapeType::kStructure:
        if (type != json::Type::kObject) return WrongType(shape, type);
        return Structure(shape, v);
      case ShapeType::kList: return List(shape, v);
      case ShapeType::kMap: return Map(shape, v);
    }
  }

  void Timestamp(const ShapeSpec& shape, json::Value v) {
    if (v.is_number()) return;
    if (v.type() != json::Type::kString) return WrongType(shape, v.type());
    // proto.timestamp-forms: AWS sends epoch seconds as a JSON number; botocore also reads
    // strings, so these decode, with a finding.
    const std::optional<ParsedTimestampText> t = ParseTimestampText(v.string_value());
    if (!t) {
      return Note("expected a JSON number of epoch seconds, found a string that is not a "
                  "timestamp; ignored");
    }
    Note(t->form == TimestampTextForm::kIso8601
             ? "timestamp sent as an ISO-8601 string, not epoch seconds"
             : "timestamp sent as a string of epoch seconds, not a JSON number");
  }

  void List(const ShapeSpec& shape, json::Value v) {
    if (v.type() != json::Type::kArray) return WrongType(shape, v.type());
    const std::size_t n = v.size();
    constraints_.clear();
    LengthConstraints(shape, static_cast<std::int64_t>(n), constraints_);
    Report(nullptr);
    if (shape.element == nullptr) return;
    for (std::size_t i = 0; i < n; ++i) {
      path_.PushIndex(i);
      const json::Value e = v.element(i);
      if (e.is_null()) {
        Note("null element; ignored");
      } else {
        Check(*shape.element, e);
      }
      path_.Pop();
    }
  }

  void Map(const ShapeSpec& shape, json::Value v) {
    if (v.type() != json::Type::kObject) return WrongType(shape, v.type());
    constraints_.clear();
    LengthConstraints(shape, static_cast<std::int64_t>(v.size()), constraints_);
    Report(nullptr);
    auto visit = [&](std::string_view key, json::Value value) {
      path_.PushKey(key);
      if (shape.key != nullptr) {
        constraints_.clear();
        StringConstraints(*shape.key, key, profile_, constraints_);
        Report(shape.key->sensitive ? nullptr : &key);
      }
      if (value.is_null()) {
        Note("null value; ignored");
      } else if (shape.element != nullptr) {
        Check(*shape.element, value);
      }
      path_.Pop();
    };
    v.ForEachMember(visit);
  }

  void Report(const std::string_view* value) {
    for (const std::string& c : constraints_) {
      Note(value != nullptr ? "value '" + std::string(*value) + "' failed to satisfy constraint: " + c
                            : "value failed to satisfy constraint: " + c);
    }
  }

  void WrongType(const ShapeSpec& shape, json::Type found) {
    Note("expected " + std::string(ExpectedJson(shape.type)) + ", found " +
         std::string(json::TypeName(found)) + "; ignored");
  }

  void Note(std::string what) { findings_.push_back(Finding{path_.Model(), std::move(what)}); }

  Profile profile_;
  std::vector<Finding>& findings_;
  Path path_;
  std::vector<std::string> constraints_;
};

// MediaType: the Content-Type without parameters and surrounding blanks.
std::string_view MediaType(std::string_view content_type) {
  if (const auto semi = content_type.find(';'); semi != std::string_view::npos) {
    content_type = content_type.substr(0, semi);
  }
  while (!content_type.empty() && (content_type.front() == ' ' || content_type.front() == '\t')) {
    content_type.remove_prefix(1);
  }
  while (!content_type.empty() && (content_type.back() == ' ' || content_type.back() == '\t')) {
    content_type.remove_suffix(1);
  }
  return content_type;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

void CheckReplyHeaders(const HttpReplyView& reply, std::vector<Finding>& findings) {
  // proto.error-shape (and the success shape): x-amz-json-1.1 content type, x-amzn-RequestId.
  if (!reply.content_type) {
    findings.push_back({"header:Content-Type", "missing (AWS sends application/x-amz-json-1.1)"});
  } else if (!EqualsIgnoreCase(MediaType(*reply.content_type), kJsonContentType)) {
    findings.push_back({"header:Content-Type", "'" + std::string(*reply.content_type) +
                                                   "' instead of application/x-amz-json-1.1"});
  }
  if (!reply.request_id || reply.request_id->empty()) {
    findings.push_back({"header:x-amzn-RequestId", "missing (AWS sends one with every reply)"});
  }
}

std::optional<json::Document> ReadReplyBody(const HttpReplyView& reply,
                                            const contract::ShapeSpec* output, Profile p,
                                            std::vector<Finding>& findings) {
  if (reply.status != 200) {
    findings.push_back({"status", "HTTP " + std::to_string(reply.status) +
                                      " for a successful reply (AWS answers 200)"});
  }
  CheckReplyHeaders(reply, findings);
  if (reply.body.empty()) {
    findings.push_back({"body", "empty (AWS sends a JSON object, at least {})"});
  }
  json::Document doc =
      json::Document::Parse(reply.body.empty() ? std::string_view("{}") : reply.body);
  if (!doc.has_root()) {
    findings.push_back({"body", "not well-formed JSON; the reply cannot be decoded"});
    return std::nullopt;
  }
  const json::Type top = doc.root().type();
  if (top != json::Type::kObject) {
    findings.push_back({"body", std::string(json::TypeName(top)) +
                                    ", not a JSON object; the reply cannot be decoded"});
    return std::nullopt;
  }
  if (output != nullptr) {
    LenientWalker walker(p, findings);
    walker.Structure(*output, doc.root());
  }
  return doc;
}

}  // namespace kc::codec
