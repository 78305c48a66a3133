// json_access: the codec's only door to nlohmann/json (STYLE.md: a dependency is called in
// one adapter, through its non-throwing parse and a few typed getters; nothing it throws
// escapes). The lenient reply reader sees a read-only view of a parsed document. (Requests
// use the strict parser of strict_json.h.)
//
// Replies are read with the strict parser first: on a text it accepts without a duplicate
// key it gives what nlohmann gives (fuzz/codec_strict_json.cc checks that; json_access_test
// compares the two readers here), in about half the time under ASan, with a few allocations
// instead of one per node. Every other text (a
// duplicate key, which nlohmann reads with the last one winning, anything malformed) goes to
// nlohmann as before, so the decisions and values are nlohmann's in every case.
#ifndef KC_CODEC_JSON_ACCESS_H_
#define KC_CODEC_JSON_ACCESS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "harness/codec/json_types.h"
#include "harness/codec/strict_json.h"

namespace kc::codec::json {

class MemberVisitor;

// Value: a view of one node of a Document; valid while the Document lives. Every accessor
// is total: asked for the wrong type it answers a neutral value (false, 0, "", size 0).
class Value {
 public:
  Type type() const;
  bool is_null() const { return type() == Type::kNull; }
  bool is_number() const { return type() == Type::kInteger || type() == Type::kFloat; }

  bool bool_value() const;
  // int_value: the value of a kInteger node; nullopt when it does not fit in int64 (an
  // unsigned literal above INT64_MAX) or the node is not an integer.
  std::optional<std::int64_t> int_value() const;
  // number_value: any number as a double (large integers round to nearest).
  double number_value() const;
  std::string_view string_value() const;

  // size: the elements of an array, the members of an object, 0 otherwise.
  std::size_t size() const;
  // element: the i-th element of an array (i < size()).
  Value element(std::size_t i) const;
  // Find: the member called key of an object; nullopt when absent or not an object.
  std::optional<Value> Find(std::string_view key) const;
  // ForEachMember: calls visit(key, value) for every member of an object, in key order.
  void ForEachMember(const MemberVisitor& visit) const;

 private:
  friend class Document;
  explicit Value(const void* node) : node_(node) {}
  explicit Value(strict::Value v) : strict_(v) {}
  const void* node_ = nullptr;           // a node of nlohmann's DOM, or
  std::optional<strict::Value> strict_;  // a node of the strict parser's (node_ == nullptr)
};

// MemberVisitor: a non-owning reference to a callable void(std::string_view key, Value v),
// so that iteration over an object's members needs neither std::function nor a template
// across the adapter boundary.
class MemberVisitor {
 public:
  template <typename F>
  MemberVisitor(F& f)  // NOLINT(google-explicit-constructor)
      : object_(static_cast<void*>(&f)), call_([](void* o, std::string_view k, Value v) {
          (*static_cast<F*>(o))(k, v);
        }) {}
  void operator()(std::string_view key, Value v) const { call_(object_, key, v); }

 private:
  void* object_;
  void (*call_)(void*, std::string_view, Value);
};

// Document: an owned parse result; root() is valid when status() is kOk.
class Document {
 public:
  Document();
  ~Document();
  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  ParseStatus status() const { return status_; }
  bool has_root() const {
    return status_ == ParseStatus::kOk || status_ == ParseStatus::kDuplicateKey;
  }
  Value root() const;

  // Parse: parses text as one JSON value (RFC 8259: no comments, no trailing commas, strings
  // in valid UTF-8). Never throws. A duplicate key is not detected: the last one wins, as in
  // botocore's json.loads.
  static Document Parse(std::string_view text);
  // ParseReference: the same with nlohmann alone (no strict parser first): what tests
  // compare Parse with.
  static Document ParseReference(std::string_view text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  ParseStatus status_ = ParseStatus::kFailed;
};

}  // namespace kc::codec::json

#endif  // KC_CODEC_JSON_ACCESS_H_
