#include "harness/contract/patterns.h"

#include <cstdint>

#include "harness/common/utf8.h"

namespace kc::contract {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlpha(char c) { return IsLower(c) || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
// Java's \s: [ \t\n\x0B\f\r]
bool IsJavaSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\x0B' || c == '\f' || c == '\r';
}

// Decodes the next UTF-8 code point; false on malformed input.
bool NextCodePoint(std::string_view s, std::size_t& i, std::uint32_t& cp) {
  const CodePoint c = DecodeUtf8(s, i);
  if (c.length == 0) return false;
  cp = static_cast<std::uint32_t>(c.value);
  i += c.length;
  return true;
}

template <typename Pred>
bool AllCodePoints(std::string_view s, bool allow_empty, Pred pred) {
  if (s.empty()) return allow_empty;
  std::size_t i = 0;
  while (i < s.size()) {
    std::uint32_t cp = 0;
    if (!NextCodePoint(s, i, cp) || !pred(cp)) return false;
  }
  return true;
}

template <typename Pred>
bool AllChars(std::string_view s, Pred pred) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

// ^([a-z]+-){2,3}\d+$
bool MatchesRegion(std::string_view s) {
  std::size_t i = 0;
  int groups = 0;
  while (true) {
    const std::size_t start = i;
    while (i < s.size() && IsLower(s[i])) ++i;
    if (i == start || i >= s.size() || s[i] != '-') {
      i = start;
      break;
    }
    ++i;
    ++groups;
  }
  if (groups < 2 || groups > 3) return false;
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i) {
    if (!IsDigit(s[i])) return false;
  }
  return true;
}

// cluster-[2-7a-zA-Z]{11,16}
bool MatchesCluster(std::string_view s) {
  constexpr std::string_view kPrefix = "cluster-";
  if (!s.starts_with(kPrefix)) return false;
  const std::string_view rest = s.substr(kPrefix.size());
  if (rest.size() < 11 || rest.size() > 16) return false;
  for (char c : rest) {
    if (!(IsAlpha(c) || (c >= '2' && c <= '7'))) return false;
  }
  return true;
}

}  // namespace

std::optional<bool> MatchesModelPattern(std::string_view pattern, std::string_view value) {
  if (pattern == "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+") {
    return AllCodePoints(value, false, [](std::uint32_t cp) {
      return cp == 0x09 || cp == 0x0A || cp == 0x0D || (cp >= 0x20 && cp <= 0xFF);
    });
  }
  if (pattern == "[\\u0020-\\u00FF]*") {
    return AllCodePoints(value, true, [](std::uint32_t cp) { return cp >= 0x20 && cp <= 0xFF; });
  }
  if (pattern == "^([a-z]+-){2,3}\\d+$") return MatchesRegion(value);
  if (pattern == "^[a-f0-9]+$") {
    return AllChars(value, [](char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); });
  }
  if (pattern == "^[a-zA-Z0-9-_.]+$") {
    return AllChars(value, [](char c) { return IsAlnum(c) || c == '-' || c == '_' || c == '.'; });
  }
  if (pattern == "^[a-zA-Z0-9:/_-]+$") {  // AliasNameType
    return AllChars(
        value, [](char c) { return IsAlnum(c) || c == ':' || c == '/' || c == '_' || c == '-'; });
  }
  if (pattern == "^[a-zA-Z0-9:/_\\s.-]+$") {
    return AllChars(value, [](char c) {
      return IsAlnum(c) || c == ':' || c == '/' || c == '_' || IsJavaSpace(c) || c == '.' ||
             c == '-';
    });
  }
  if (pattern == "cluster-[2-7a-zA-Z]{11,16}") return MatchesCluster(value);
  return std::nullopt;
}

}  // namespace kc::contract
