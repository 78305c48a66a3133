// Fuzz target: kc::codec::strict::Document::Parse, the request side's hand-written JSON
// parser, against nlohmann/json (the reference). Claim: both accept and refuse the same texts,
// and on an accepted text without duplicate keys give the same values (types, numbers bit for
// bit, strings, members); a text with a duplicate key is one nlohmann accepts. (One known
// difference is allowed: nlohmann stops at a NUL byte outside a string; strict refuses it.)
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/codec/strict_json.h"

namespace {

using kc::codec::json::ParseStatus;
using kc::codec::json::Type;
using nlohmann::json;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "strict parser and nlohmann disagree: %s\n", what);
  std::abort();
}

bool SameNumber(double a, double b) { return a == b && std::signbit(a) == std::signbit(b); }

// Compares two trees with an explicit stack (inputs nest arbitrarily deep).
void Compare(kc::codec::strict::Value root, const json& reference) {
  std::vector<std::pair<kc::codec::strict::Value, const json*>> todo{{root, &reference}};
  while (!todo.empty()) {
    const auto [a, bp] = todo.back();
    todo.pop_back();
    const json& b = *bp;
    switch (a.type()) {
      case Type::kNull:
        if (!b.is_null()) Fail("null");
        break;
      case Type::kBoolean:
        if (!b.is_boolean() || b.get<bool>() != a.bool_value()) Fail("boolean");
        break;
      case Type::kInteger:
        if (b.is_number_unsigned()) {
          const auto u = b.get<std::uint64_t>();
          const auto i = a.int_value();
          if (i ? (*i < 0 || static_cast<std::uint64_t>(*i) != u)
                : (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
                   a.number_value() != static_cast<double>(u))) {
            Fail("unsigned integer");
          }
        } else if (b.is_number_integer()) {
          if (a.int_value() != b.get<std::int64_t>()) Fail("integer");
        } else {
          Fail("integer type");
        }
        break;
      case Type::kFloat:
        if (!b.is_number_float() || !SameNumber(a.number_value(), b.get<double>())) Fail("float");
        break;
      case Type::kString:
        if (!b.is_string() || b.get_ref<const std::string&>() != a.string_value()) Fail("string");
        break;
      case Type::kArray:
        if (!b.is_array() || b.size() != a.size()) Fail("array");
        for (std::size_t i = 0; i < a.size(); ++i) todo.emplace_back(a.element(i), &b[i]);
        break;
      case Type::kObject: {
        if (!b.is_object() || b.size() != a.size()) Fail("object");
        auto visit = [&](std::string_view key, kc::codec::strict::Value v) {
          const auto it = b.find(key);
          if (it == b.end()) Fail("object member");
          todo.emplace_back(v, &*it);
        };
        a.ForEachMember(visit);
        break;
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const kc::codec::strict::Document doc = kc::codec::strict::Document::Parse(text);
  const json reference = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  switch (doc.status()) {
    case ParseStatus::kMalformed:
      if (!reference.is_discarded()) {
        // nlohmann's lexer takes a NUL byte outside a string for the end of the input (a
        // convenience for C strings) and ignores what follows; the strict parser refuses such
        // trailing bytes. Up to that NUL the two must agree.
        const std::size_t nul = text.find('\0');
        if (nul == std::string_view::npos) Fail("strict refused what nlohmann accepts");
        const kc::codec::strict::Document head = kc::codec::strict::Document::Parse(text.substr(0, nul));
        if (head.status() == ParseStatus::kMalformed) Fail("strict refused what nlohmann accepts");
        if (head.status() == ParseStatus::kOk) Compare(head.root(), reference);
      }
      break;
    case ParseStatus::kDuplicateKey:
      if (reference.is_discarded()) Fail("strict accepted (duplicate key) what nlohmann refuses");
      break;
    case ParseStatus::kOk:
      if (reference.is_discarded()) Fail("strict accepted what nlohmann refuses");
      Compare(doc.root(), reference);
      break;
    case ParseStatus::kFailed:
      break;  // out of memory: nothing to compare
  }
  return 0;
}
