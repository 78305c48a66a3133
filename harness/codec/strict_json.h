// strict_json: the request side's JSON parser. A small hand-written RFC 8259 parser that
// builds a flat, read-only DOM whose strings point into the body.
//
// Why not nlohmann here (it stays on the reply side, json_access.h): the mock decodes every
// request, and (1) nlohmann's DOM parse alone costs more than the decode budget
// (bench/codec_bench.cc: >= 100,000 ImportKeyMaterial bodies/s); (2) its parser callback,
// the only way it reports duplicate keys, rescans the parent container at every object end,
// so a 480 KB body of [{},{},...] took 6.7 s. This parser is linear, detects duplicate keys
// exactly, never recurses (no depth limit needed) and never throws. fuzz/codec_strict_json.cc
// checks it against nlohmann: same accept/refuse decision, same values.
#ifndef KC_CODEC_STRICT_JSON_H_
#define KC_CODEC_STRICT_JSON_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/codec/json_types.h"

namespace kc::codec::strict {

class Document;

// Value: a view of one node of a Document (same interface as json::Value); valid while the
// Document and the text it parsed live. Accessors are total on the wrong type.
class Value {
 public:
  json::Type type() const;
  bool is_null() const { return type() == json::Type::kNull; }
  bool is_number() const {
    return type() == json::Type::kInteger || type() == json::Type::kFloat;
  }

  bool bool_value() const;
  // int_value: a kInteger in int64; nullopt for an unsigned value above INT64_MAX or another type.
  std::optional<std::int64_t> int_value() const;
  double number_value() const;
  std::string_view string_value() const;

  std::size_t size() const;
  Value element(std::size_t i) const;
  // Find: the first member called key (a Document with a duplicate key is refused anyway).
  std::optional<Value> Find(std::string_view key) const;
  // ForEachMember: visit(key, value) for every member, in document order.
  template <typename F>
  void ForEachMember(F&& visit) const;

 private:
  friend class Document;
  Value(const Document* doc, std::size_t node) : doc_(doc), node_(node) {}
  const Document* doc_;
  std::size_t node_;
};

// Document: a parse result. It borrows the parsed text: keep the text alive while using it.
class Document {
 public:
  // Parse: text as one JSON value (RFC 8259: UTF-8 strings without lone surrogates, no
  // comments, no trailing commas, no leading zeros, numbers finite as doubles; an integer
  // beyond int64/uint64 is a float, as nlohmann reads it; a leading UTF-8 byte order mark is
  // skipped). Never throws.
  static Document Parse(std::string_view text);

  json::ParseStatus status() const { return status_; }
  bool has_root() const {
    return status_ == json::ParseStatus::kOk || status_ == json::ParseStatus::kDuplicateKey;
  }
  Value root() const { return Value(this, 0); }

 private:
  friend class Value;
  friend class Parser;

  struct Node {
    json::Type type = json::Type::kNull;
    bool flag = false;           // kBoolean: the value; kInteger: negative
    std::uint64_t magnitude = 0;  // kInteger: |value|
    double number = 0.0;         // kFloat: the value
    std::string_view text;       // kString: the value
    std::size_t first = 0;       // kArray/kObject: index of the first member in members_
    std::size_t count = 0;       // kArray/kObject: number of members
  };
  struct Member {
    std::string_view key;  // empty for array elements
    std::size_t node;
  };

  std::vector<Node> nodes_;
  std::vector<Member> members_;
  // Strings that contained escapes, unescaped; each in its own allocation so that the
  // string_views into them survive moves of the Document.
  std::vector<std::unique_ptr<std::string>> unescaped_;
  json::ParseStatus status_ = json::ParseStatus::kFailed;
};

template <typename F>
void Value::ForEachMember(F&& visit) const {
  const Document::Node& n = doc_->nodes_[node_];
  if (n.type != json::Type::kObject) return;
  for (std::size_t i = 0; i < n.count; ++i) {
    const Document::Member& m = doc_->members_[n.first + i];
    visit(m.key, Value(doc_, m.node));
  }
}

}  // namespace kc::codec::strict

#endif  // KC_CODEC_STRICT_JSON_H_
