// The nlohmann/json adapter. nlohmann is called only here: through the non-throwing DOM
// parse (allow_exceptions = false) and the non-throwing get_ptr getters; anything else it
// might throw (std::bad_alloc, a length_error) is caught in Parse.
#include "harness/codec/json_access.h"

#include <limits>

#include <nlohmann/json.hpp>

namespace kc::codec::json {
namespace {

using nlohmann::json;

const json& Node(const void* p) { return *static_cast<const json*>(p); }

}  // namespace

struct Document::Impl {
  json root;
};

Type Value::type() const {
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
  const auto* b = Node(node_).get_ptr<const json::boolean_t*>();
  return b != nullptr && *b;
}

std::optional<std::int64_t> Value::int_value() const {
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
  const json& n = Node(node_);
  if (const auto* u = n.get_ptr<const json::number_unsigned_t*>()) return static_cast<double>(*u);
  if (const auto* i = n.get_ptr<const json::number_integer_t*>()) return static_cast<double>(*i);
  if (const auto* f = n.get_ptr<const json::number_float_t*>()) return *f;
  return 0.0;
}

std::string_view Value::string_value() const {
  const auto* s = Node(node_).get_ptr<const json::string_t*>();
  return s != nullptr ? std::string_view(*s) : std::string_view();
}

std::size_t Value::size() const {
  const json& n = Node(node_);
  if (const auto* a = n.get_ptr<const json::array_t*>()) return a->size();
  if (const auto* o = n.get_ptr<const json::object_t*>()) return o->size();
  return 0;
}

Value Value::element(std::size_t i) const {
  const auto* a = Node(node_).get_ptr<const json::array_t*>();
  // Callers index below size(); a wrong index is a programming error, not an input path.
  return Value(&(*a)[i]);
}

std::optional<Value> Value::Find(std::string_view key) const {
  const auto* o = Node(node_).get_ptr<const json::object_t*>();
  if (o == nullptr) return std::nullopt;
  // object_t is std::map<std::string, json, std::less<>>: heterogeneous lookup, no copy.
  const auto it = o->find(key);
  if (it == o->end()) return std::nullopt;
  return Value(&it->second);
}

void Value::ForEachMember(const MemberVisitor& visit) const {
  const auto* o = Node(node_).get_ptr<const json::object_t*>();
  if (o == nullptr) return;
  for (const auto& [k, v] : *o) visit(k, Value(&v));
}

Document::Document() = default;
Document::~Document() = default;
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;

Value Document::root() const { return Value(&impl_->root); }

Document Document::Parse(std::string_view text) {
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
