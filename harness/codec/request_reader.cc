#include "harness/codec/request_reader.h"

#include <limits>
#include <string>
#include <vector>

#include "harness/codec/constraints.h"

namespace kc::codec {
namespace {

using contract::ShapeSpec;
using contract::ShapeType;

ApiError Serialization(std::string message) {
  return ApiError::Of(ErrorType::kSerializationException, std::move(message));
}

// StrictWalker: one pass over the body along the model. The first wrong JSON type stops it
// (SerializationException wins over validation); constraint violations are collected.
class StrictWalker {
 public:
  explicit StrictWalker(Profile p) : profile_(p) {}

  // Structure: checks the members of a structure shape in obj (a JSON object). false once a
  // serialization error is recorded.
  bool Structure(const ShapeSpec& shape, strict::Value obj) {
    for (const contract::MemberSpec& m : shape.members) {
      const std::optional<strict::Value> v = obj.Find(m.name);
      path_.PushMember(m.name);
      if (!v || v->is_null()) {  // JSON null = absent
        if (m.required) {
          violations_.push_back("Value null at '" + path_.Aws() +
                                "' failed to satisfy constraint: Member must not be null");
        }
      } else if (!Check(*m.shape, *v)) {
        return false;
      }
      path_.Pop();
    }
    return true;
  }

  const std::optional<ApiError>& serialization() const { return serialization_; }
  const std::vector<std::string>& violations() const { return violations_; }

 private:
  bool Check(const ShapeSpec& shape, strict::Value v) {
    const json::Type type = v.type();
    switch (shape.type) {
      case ShapeType::kString: {
        if (type != json::Type::kString) return WrongType(shape, type);
        const std::string_view s = v.string_value();
        constraints_.clear();
        StringConstraints(shape, s, profile_, constraints_);
        Report(shape.sensitive ? nullptr : &s);
        return true;
      }
      case ShapeType::kBlob: {
        if (type != json::Type::kString) return WrongType(shape, type);
        const std::optional<std::size_t> size = StrictBase64DecodedSize(v.string_value());
        if (!size) {
          // Never echo blob contents: they may be key material or a token.
          return Fail("Value at '" + path_.Aws() +
                      "' is not valid base64 (standard alphabet with padding)");
        }
        constraints_.clear();
        LengthConstraints(shape, static_cast<std::int64_t>(*size), constraints_);
        Report(nullptr);
        return true;
      }
      case ShapeType::kInteger: {
        if (type != json::Type::kInteger) return WrongType(shape, type);
        const std::optional<std::int64_t> i = v.int_value();
        if (!i || *i < std::numeric_limits<std::int32_t>::min() ||
            *i > std::numeric_limits<std::int32_t>::max()) {
          return Fail("Value at '" + path_.Aws() + "' is outside the 32-bit integer range");
        }
        constraints_.clear();
        RangeConstraints(shape, *i, constraints_);
        const std::string text = std::to_string(*i);
        const std::string_view view = text;
        Report(shape.sensitive ? nullptr : &view);
        return true;
      }
      case ShapeType::kBoolean:
        return type == json::Type::kBoolean || WrongType(shape, type);
      case ShapeType::kTimestamp:
        // proto.timestamp-forms: integer and fractional epoch seconds are both accepted.
        return v.is_number() || WrongType(shape, type);
      case ShapeType::kStructure:
        if (type != json::Type::kObject) return WrongType(shape, type);
        return Structure(shape, v);
      case ShapeType::kList: return List(shape, v);
      case ShapeType::kMap: return Map(shape, v);
    }
    return true;
  }

  bool List(const ShapeSpec& shape, strict::Value v) {
    if (v.type() != json::Type::kArray) return WrongType(shape, v.type());
    const std::size_t n = v.size();
    constraints_.clear();
    LengthConstraints(shape, static_cast<std::int64_t>(n), constraints_);
    if (!constraints_.empty()) {
      // The framework prints a list of strings as Java's List.toString: [a, b].
      const bool show = shape.element != nullptr && shape.element->type == ShapeType::kString &&
                        !shape.element->sensitive;
      std::string text;
      if (show) {
        text = "[";
        for (std::size_t i = 0; i < n; ++i) {
          if (i > 0) text += ", ";
          text += v.element(i).string_value();
        }
        text += "]";
      }
      const std::string_view view = text;
      Report(show ? &view : nullptr);
    }
    if (shape.element == nullptr) return true;
    for (std::size_t i = 0; i < n; ++i) {
      const strict::Value e = v.element(i);
      path_.PushIndex(i);
      if (e.is_null()) return Fail("Unexpected null at '" + path_.Aws() + "'");
      if (!Check(*shape.element, e)) return false;
      path_.Pop();
    }
    return true;
  }

  bool Map(const ShapeSpec& shape, strict::Value v) {
    if (v.type() != json::Type::kObject) return WrongType(shape, v.type());
    constraints_.clear();
    LengthConstraints(shape, static_cast<std::int64_t>(v.size()), constraints_);
    Report(nullptr);
    bool ok = true;
    auto visit = [&](std::string_view key, strict::Value value) {
      if (!ok) return;
      path_.PushKey(key);
      if (shape.key != nullptr) {
        constraints_.clear();
        StringConstraints(*shape.key, key, profile_, constraints_);
        Report(shape.key->sensitive ? nullptr : &key);
      }
      if (value.is_null()) {
        ok = Fail("Unexpected null at '" + path_.Aws() + "'");
        return;
      }
      if (shape.element != nullptr && !Check(*shape.element, value)) {
        ok = false;
        return;
      }
      path_.Pop();
    };
    v.ForEachMember(visit);
    return ok;
  }

  // Report: renders constraints_ as violations of the value at path_ (value omitted when
  // null: blobs, sensitive members, non-scalars).
  void Report(const std::string_view* value) {
    if (constraints_.empty()) return;
    const std::string prefix =
        value != nullptr ? "Value '" + std::string(*value) + "' at '" + path_.Aws() + "'"
                         : "Value at '" + path_.Aws() + "'";
    for (const std::string& c : constraints_) {
      violations_.push_back(prefix + " failed to satisfy constraint: " + c);
    }
  }

  bool WrongType(const ShapeSpec& shape, json::Type found) {
    return Fail("Unexpected value at '" + path_.Aws() + "': expected " +
                std::string(ExpectedJson(shape.type)) + ", found " +
                std::string(json::TypeName(found)));
  }

  bool Fail(std::string message) {
    serialization_ = Serialization(std::move(message));
    return false;
  }

  Profile profile_;
  Path path_;
  std::vector<std::string> constraints_;
  std::vector<std::string> violations_;
  std::optional<ApiError> serialization_;
};

}  // namespace

Decoded<strict::Document> ReadRequestBody(std::string_view body,
                                          const contract::ShapeSpec& input, Profile p) {
  // An empty body means {} (CONTRACT.md, "Wire protocol").
  strict::Document doc = strict::Document::Parse(body.empty() ? std::string_view("{}") : body);
  // proto.malformed-json: AWS's texts for these are not known; these say what is wrong
  // without echoing the body (it may carry key material).
  switch (doc.status()) {
    case json::ParseStatus::kMalformed:
      return Serialization("The request body is not well-formed JSON");
    case json::ParseStatus::kFailed:
      return Serialization("The request body could not be parsed");
    case json::ParseStatus::kOk:
    case json::ParseStatus::kDuplicateKey: break;
  }
  const json::Type top = doc.root().type();
  if (top != json::Type::kObject) {
    return Serialization("The request body must be a JSON object, found " +
                         std::string(json::TypeName(top)));
  }
  // A project choice: AWS's handling of a repeated member name is unknown; accepting one
  // copy silently would let a request mean two things.
  if (doc.status() == json::ParseStatus::kDuplicateKey) {
    return Serialization("The request body names a member twice in one JSON object");
  }
  StrictWalker walker(p);
  if (!walker.Structure(input, doc.root())) return *walker.serialization();
  const std::vector<std::string>& v = walker.violations();
  if (!v.empty()) {
    std::string message = std::to_string(v.size()) +
                          (v.size() == 1 ? " validation error detected: "
                                         : " validation errors detected: ");
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i > 0) message += "; ";
      message += v[i];
    }
    return ApiError::Of(ErrorType::kValidationException, std::move(message));
  }
  return doc;
}

}  // namespace kc::codec
