#include "harness/codec/constraints.h"

#include <array>

#include "harness/contract/patterns.h"

namespace kc::codec {
namespace {

// 0..63 for the standard alphabet, 64 for '=', 0xFF otherwise (as Base64DecodeStrict).
constexpr std::array<std::uint8_t, 256> MakeStrictTable() {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t) v = 0xFF;
  constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::uint8_t i = 0; i < 64; ++i) t[static_cast<unsigned char>(kB64[i])] = i;
  t[static_cast<unsigned char>('=')] = 64;
  return t;
}
constexpr auto kStrictTable = MakeStrictTable();

}  // namespace

std::size_t Utf16Length(std::string_view utf8) {
  // Every code point has one lead byte (not 10xxxxxx); a 4-byte lead (11110xxx) starts a
  // code point above U+FFFF, a surrogate pair in UTF-16.
  std::size_t units = 0;
  for (const char ch : utf8) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80) ++units;
    if (c >= 0xF0) ++units;
  }
  return units;
}

std::optional<std::size_t> StrictBase64DecodedSize(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  if (text.empty()) return 0;
  // Every quad but the last: four alphabet characters.
  const std::size_t body = text.size() - 4;
  for (std::size_t i = 0; i < body; ++i) {
    if (kStrictTable[static_cast<unsigned char>(text[i])] >= 64) return std::nullopt;
  }
  const std::uint8_t a = kStrictTable[static_cast<unsigned char>(text[body])];
  const std::uint8_t b = kStrictTable[static_cast<unsigned char>(text[body + 1])];
  const std::uint8_t c = kStrictTable[static_cast<unsigned char>(text[body + 2])];
  const std::uint8_t d = kStrictTable[static_cast<unsigned char>(text[body + 3])];
  if (a >= 64 || b >= 64) return std::nullopt;
  const std::size_t full = body / 4 * 3;
  if (c == 64) {  // "xx==": one byte, the low 4 bits of b unused and zero
    if (d != 64 || (b & 0x0F) != 0) return std::nullopt;
    return full + 1;
  }
  if (c > 64) return std::nullopt;
  if (d == 64) {  // "xxx=": two bytes, the low 2 bits of c unused and zero
    if ((c & 0x03) != 0) return std::nullopt;
    return full + 2;
  }
  if (d > 64) return std::nullopt;
  return full + 3;
}

void LengthConstraints(const contract::ShapeSpec& shape, std::int64_t length,
                       std::vector<std::string>& out) {
  if (shape.has_min() && length < shape.min) {
    out.push_back("Member must have length greater than or equal to " + std::to_string(shape.min));
  }
  if (shape.has_max() && length > shape.max) {
    out.push_back("Member must have length less than or equal to " + std::to_string(shape.max));
  }
}

void RangeConstraints(const contract::ShapeSpec& shape, std::int64_t value,
                      std::vector<std::string>& out) {
  if (shape.has_min() && value < shape.min) {
    out.push_back("Member must have value greater than or equal to " + std::to_string(shape.min));
  }
  if (shape.has_max() && value > shape.max) {
    out.push_back("Member must have value less than or equal to " + std::to_string(shape.max));
  }
}

std::string EnumSetText(contract::EnumKind kind, contract::Profile p) {
  std::string text = "[";
  bool first = true;
  for (const std::string_view v : contract::EnumWireValues(kind, p)) {
    if (!first) text += ", ";
    text += v;
    first = false;
  }
  text += "]";
  return text;
}

void StringConstraints(const contract::ShapeSpec& shape, std::string_view value,
                       contract::Profile p, std::vector<std::string>& out) {
  if (shape.has_min() || shape.has_max()) {
    LengthConstraints(shape, static_cast<std::int64_t>(Utf16Length(value)), out);
  }
  if (shape.enum_kind != contract::EnumKind::kNone &&
      !contract::EnumAccepts(shape.enum_kind, value, p)) {
    out.push_back("Member must satisfy enum value set: " + EnumSetText(shape.enum_kind, p));
  }
  if (!shape.pattern.empty()) {
    // An unknown pattern (nullopt) cannot be checked: contract_model_test.cc keeps the
    // tables to patterns MatchesModelPattern knows.
    if (contract::MatchesModelPattern(shape.pattern, value) == false) {
      out.push_back("Member must satisfy regular expression pattern: " +
                    std::string(shape.pattern));
    }
  }
}

std::string Path::Aws() const {
  std::string out;
  for (const Segment& s : segments_) {
    switch (s.kind) {
      case Kind::kMember:
        if (!out.empty()) out.push_back('.');
        out += contract::LowerCamel(s.text);
        break;
      case Kind::kIndex:
        out += "." + std::to_string(s.index + 1) + ".member";
        break;
      case Kind::kKey:
        out.push_back('.');
        out += s.text;
        break;
    }
  }
  return out;
}

std::string Path::Model() const {
  std::string out;
  for (const Segment& s : segments_) {
    switch (s.kind) {
      case Kind::kMember:
        if (!out.empty()) out.push_back('.');
        out += s.text;
        break;
      case Kind::kIndex:
        out += "[" + std::to_string(s.index) + "]";
        break;
      case Kind::kKey:
        out.push_back('.');
        out += s.text;
        break;
    }
  }
  return out;
}

std::string_view ExpectedJson(contract::ShapeType type) {
  using contract::ShapeType;
  switch (type) {
    case ShapeType::kString: return "a JSON string";
    case ShapeType::kBlob: return "a base64 JSON string";
    case ShapeType::kInteger: return "a JSON integer";
    case ShapeType::kBoolean: return "true or false";
    case ShapeType::kTimestamp: return "a JSON number of epoch seconds";
    case ShapeType::kStructure: return "a JSON object";
    case ShapeType::kList: return "a JSON array";
    case ShapeType::kMap: return "a JSON object";
  }
  return "a JSON value";
}

}  // namespace kc::codec
