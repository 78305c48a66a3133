// The nlohmann/json adapter. nlohmann is called only here: through the non-throwing DOM
// parse (allow_exceptions = false) and the non-throwing get_ptr getters; anything else it
// might throw (std::bad_alloc, a length_error) is caught in Parse.
#include "harness/codec/json_access.h"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace kc::codec::json {
namespace {

using nlohmann::json;

const json& Node(const void* p) { return *static_cast<const json*>(p); }

}  // namespace

struct Document::Impl {
  // The strict parser's document (which borrows `text`, a copy of the parsed text), when it
  // accepted the text without a duplicate key; else nlohmann's.
  std::string text;
  strict::Document strict;
  bool is_strict = false;
  json root;
};

Type Value::type() const {
  if (strict_) return strict_->type();
  switch (Node(node_).type()) {
    case json::value_t::null: return Type::kNull;
    case json::value_t::boolean: return Type::kBoolean;
    case json::value_t::number_integer: return Type::kInteger;
    case json::value_t::number_unsigned: return Type::kInteger;
    case json::value_t::number_float: return Type::kFloat;
    case json::value_t::string: return Type::kString;
    case json::value_t::array: return Type::kArray;
    case json::value_t::object: return Type::kObject;
    // binary and discarded never come out of a successful JSON text parse.
    case json::value_t::binary: return Type::kNull;
    case json::value_t::discarded: return Type::kNull;
  }
  return Type::kNull;
}

bool Value::bool_value() const {
  if (strict_) return strict_->bool_value();
  const auto* b = Node(node_).get_ptr<const json::boolean_t*>();
  return b != nullptr && *b;
}

std::optional<std::int64_t> Value::int_value() const {
  if (strict_) return strict_->int_value();
  const json& n = Node(node_);
  // Unsigned first: nlohmann's get_ptr<number_integer_t> also answers for an unsigned node
  // (is_number_integer() is true for both) and would reinterpret its bits.
  if (const auto* u = n.get_ptr<const json::number_unsigned_t*>()) {
    if (*u <= static_cast<json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max())) {
      return static_cast<std::int64_t>(*u);
    }
    return std::nullopt;
  }
  if (const auto* i = n.get_ptr<const json::number_integer_t*>()) return *i;
  return std::nullopt;
}

double Value::number_value() const {
  if (strict_) return strict_->number_value();
  const json& n = Node(node_);
  if (const auto* u = n.get_ptr<const json::number_unsigned_t*>()) return static_cast<double>(*u);
  if (const auto* i = n.get_ptr<const json::number_integer_t*>()) return static_cast<double>(*i);
  if (const auto* f = n.get_ptr<const json::number_float_t*>()) return *f;
  return 0.0;
}

std::string_view Value::string_value() const {
  if (strict_) return strict_->string_value();
  const auto* s = Node(node_).get_ptr<const json::string_t*>();
  return s != nullptr ? std::string_view(*s) : std::string_view();
}

std::size_t Value::size() const {
  if (strict_) return strict_->size();
  const json& n = Node(node_);
  if (const auto* a = n.get_ptr<const json::array_t*>()) return a->size();
  if (const auto* o = n.get_ptr<const json::object_t*>()) return o->size();
  return 0;
}

Value Value::element(std::size_t i) const {
  if (strict_) return Value(strict_->element(i));
  const auto* a = Node(node_).get_ptr<const json::array_t*>();
  // Callers index below size(); a wrong index is a programming error, not an input path.
  return Value(&(*a)[i]);
}

std::optional<Value> Value::Find(std::string_view key) const {
  if (strict_) {
    // Without duplicate keys the first member of that name is the only one.
    if (std::optional<strict::Value> v = strict_->Find(key)) return Value(*v);
    return std::nullopt;
  }
  const auto* o = Node(node_).get_ptr<const json::object_t*>();
  if (o == nullptr) return std::nullopt;
  // object_t is std::map<std::string, json, std::less<>>: heterogeneous lookup, no copy.
  const auto it = o->find(key);
  if (it == o->end()) return std::nullopt;
  return Value(&it->second);
}

void Value::ForEachMember(const MemberVisitor& visit) const {
  if (strict_) {
    // In key order, as nlohmann's std::map iterates (the strict parser keeps document order).
    std::vector<std::pair<std::string_view, strict::Value>> members;
    members.reserve(strict_->size());
    auto collect = [&](std::string_view k, strict::Value v) { members.emplace_back(k, v); };
    strict_->ForEachMember(collect);
    std::sort(members.begin(), members.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [k, v] : members) visit(k, Value(v));
    return;
  }
  const auto* o = Node(node_).get_ptr<const json::object_t*>();
  if (o == nullptr) return;
  for (const auto& [k, v] : *o) visit(k, Value(&v));
}

Document::Document() = default;
Document::~Document() = default;
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;

Value Document::root() const {
  if (impl_->is_strict) return Value(impl_->strict.root());
  return Value(&impl_->root);
}

Document Document::Parse(std::string_view text) {
  Document doc;
  try {
    doc.impl_ = std::make_unique<Impl>();
    doc.impl_->text.assign(text);
    doc.impl_->strict = strict::Document::Parse(doc.impl_->text);
    if (doc.impl_->strict.status() == ParseStatus::kOk) {
      doc.impl_->is_strict = true;
      doc.status_ = ParseStatus::kOk;
      return doc;
    }
  } catch (...) {
    // Out of memory: nlohmann's turn below (which reports it).
  }
  return ParseReference(text);
}

Document Document::ParseReference(std::string_view text) {
  Document doc;
  try {
    doc.impl_ = std::make_unique<Impl>();
    // The plain DOM parse, without a parser callback: nlohmann's callback parser scans the
    // parent container at every object end (quadratic in a long array of objects).
    doc.impl_->root = json::parse(text.begin(), text.end(), /*cb=*/nullptr,
                                  /*allow_exceptions=*/false, /*ignore_comments=*/false);
    if (doc.impl_->root.is_discarded()) {
      doc.status_ = ParseStatus::kMalformed;
    } else {
      doc.status_ = ParseStatus::kOk;
    }
  } catch (...) {
    // std::bad_alloc or an nlohmann limit: a value, never an escaping exception.
    doc.impl_.reset();
    doc.status_ = ParseStatus::kFailed;
  }
  return doc;
}

}  // namespace kc::codec::json
