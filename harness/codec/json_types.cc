#include "harness/codec/json_types.h"

namespace kc::codec::json {

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kNull: return "null";
    case Type::kBoolean: return "a JSON boolean";
    case Type::kInteger: return "a JSON integer";
    case Type::kFloat: return "a JSON number with a fraction or exponent";
    case Type::kString: return "a JSON string";
    case Type::kArray: return "a JSON array";
    case Type::kObject: return "a JSON object";
  }
  return "a JSON value";
}

}  // namespace kc::codec::json
