#include "harness/client/redact.h"

#include <algorithm>
#include <cstdint>

#include "harness/common/bytes.h"

namespace kc::client {
namespace {

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return LowerAscii(x) == LowerAscii(y);
         });
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// StringEnd: the index just past the JSON string starting at s[i] ('"'), or s.size() when
// it is unterminated.
std::size_t StringEnd(std::string_view s, std::size_t i) {
  for (std::size_t j = i + 1; j < s.size(); ++j) {
    if (s[j] == '\\') {
      ++j;
    } else if (s[j] == '"') {
      return j + 1;
    }
  }
  return s.size();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// UnescapeName: the text of a JSON string literal's content, as far as matching member
// names needs: escapes decoded, \u of ASCII code points decoded (a target could spell
// "Plaintext" as "Pl\u0061intext"), anything else kept as a placeholder.
std::string UnescapeName(std::string_view content) {
  std::string out;
  for (std::size_t i = 0; i < content.size(); ++i) {
    const char c = content[i];
    if (c != '\\' || i + 1 >= content.size()) {
      out.push_back(c);
      continue;
    }
    const char e = content[++i];
    switch (e) {
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'u': {
        int cp = 0;
        bool ok = i + 4 < content.size();
        for (std::size_t k = 1; ok && k <= 4; ++k) {
          const int v = HexValue(content[i + k]);
          ok = v >= 0;
          cp = cp * 16 + v;
        }
        if (ok) {
          out.push_back(cp < 0x80 ? static_cast<char>(cp) : '?');
          i += 4;
        } else {
          out.push_back('?');
        }
        break;
      }
      default:
        out.push_back(e);  // \" \\ \/ and anything else
    }
  }
  return out;
}

// ValueEnd: the index just past the JSON value starting at s[i] (a string, an object or
// array with everything nested in it, or a scalar); s.size() when it does not end.
std::size_t ValueEnd(std::string_view s, std::size_t i) {
  if (i >= s.size()) return i;
  if (s[i] == '"') return StringEnd(s, i);
  if (s[i] == '{' || s[i] == '[') {
    int depth = 0;
    for (std::size_t j = i; j < s.size(); ++j) {
      const char c = s[j];
      if (c == '"') {
        j = StringEnd(s, j) - 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return j + 1;
      }
    }
    return s.size();
  }
  std::size_t j = i;
  while (j < s.size() && s[j] != ',' && s[j] != '}' && s[j] != ']' && !IsJsonSpace(s[j])) ++j;
  return j;
}

void ReplaceAll(std::string& text, std::string_view needle, std::string_view replacement) {
  if (needle.empty()) return;
  std::size_t pos = 0;
  while ((pos = text.find(needle, pos)) != std::string::npos) {
    text.replace(pos, needle.size(), replacement);
    pos += replacement.size();
  }
}

}  // namespace

bool IsSecretMemberName(std::string_view name) {
  const std::string n = Lower(name);
  auto has = [&](std::string_view part) { return n.find(part) != std::string::npos; };
  if (has("plaintext") || has("secret") || has("sessiontoken") || has("password")) return true;
  return has("privatekey") && !has("ciphertext");
}

std::string RedactJsonMembers(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '"') {
      out.push_back(s[i++]);
      continue;
    }
    const std::size_t start = i;
    const std::size_t end = StringEnd(s, start);
    out.append(s.substr(start, end - start));
    i = end;
    std::size_t k = end;
    while (k < s.size() && IsJsonSpace(s[k])) ++k;
    // A member name: a terminated string followed by ':'.
    const bool is_key = k < s.size() && s[k] == ':' && end - start >= 2 && s[end - 1] == '"';
    if (!is_key || !IsSecretMemberName(UnescapeName(s.substr(start + 1, end - start - 2)))) {
      continue;
    }
    // Keep the ':' and the spaces around it, replace the value.
    ++k;
    while (k < s.size() && IsJsonSpace(s[k])) ++k;
    out.append(s.substr(i, k - i));
    out += '"';
    out += kRedacted;
    out += '"';
    i = ValueEnd(s, k);
  }
  return out;
}

std::string RedactSignatureParams(std::string_view text) {
  static constexpr std::string_view kParam = "signature=";
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (i + kParam.size() <= text.size() &&
        EqualsIgnoreCase(text.substr(i, kParam.size()), kParam)) {
      std::size_t j = i + kParam.size();
      while (j < text.size() && IsHex(text[j])) ++j;
      out.append(text.substr(i, kParam.size()));
      if (j > i + kParam.size()) out += kRedacted;
      i = j;
      continue;
    }
    out.push_back(text[i++]);
  }
  return out;
}

std::string RedactAuthorization(std::string_view value) {
  static constexpr std::string_view kParam = "signature=";
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    if (i + kParam.size() <= value.size() &&
        EqualsIgnoreCase(value.substr(i, kParam.size()), kParam)) {
      std::size_t j = i + kParam.size();
      while (j < value.size() && value[j] != ',' && value[j] != ' ' && value[j] != '\t') ++j;
      out.append(value.substr(i, kParam.size()));
      if (j > i + kParam.size()) out += kRedacted;
      i = j;
      continue;
    }
    out.push_back(value[i++]);
  }
  return out;
}

std::string RedactPrivateKeys(std::string_view text) {
  static constexpr std::string_view kBegin = "-----BEGIN ";
  static constexpr std::string_view kDashes = "-----";
  std::string out;
  std::size_t i = 0;
  while (true) {
    const std::size_t begin = text.find(kBegin, i);
    if (begin == std::string_view::npos) break;
    const std::size_t label_start = begin + kBegin.size();
    const std::size_t label_end = text.find(kDashes, label_start);
    if (label_end == std::string_view::npos || label_end - label_start > 64) {
      out.append(text.substr(i, label_start - i));
      i = label_start;
      continue;
    }
    const std::string_view label = text.substr(label_start, label_end - label_start);
    if (!label.ends_with("PRIVATE KEY")) {
      out.append(text.substr(i, label_end - i));
      i = label_end;
      continue;
    }
    const std::string end_marker = "-----END " + std::string(label) + "-----";
    const std::size_t end = text.find(end_marker, label_end);
    out.append(text.substr(i, begin - i));
    out += "-----BEGIN " + std::string(label) + "-----";
    out += kRedacted;
    out += end_marker;
    if (end == std::string_view::npos) return out;
    i = end + end_marker.size();
  }
  out.append(text.substr(i));
  return out;
}

std::string ScrubLiterals(std::string_view text, std::span<const std::string> secrets) {
  std::vector<const std::string*> sorted;
  for (const std::string& s : secrets) {
    if (s.size() >= kMinLiteralSecret) sorted.push_back(&s);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const std::string* a, const std::string* b) { return a->size() > b->size(); });
  std::string out(text);
  for (const std::string* s : sorted) ReplaceAll(out, *s, kRedacted);
  return out;
}

std::string RedactText(std::string_view text, std::span<const std::string> secrets) {
  return ScrubLiterals(RedactPrivateKeys(RedactSignatureParams(text)), secrets);
}

std::string RedactBody(std::string_view raw, std::span<const std::string> secrets) {
  return report::BodyForReport(RedactText(RedactJsonMembers(raw), secrets));
}

report::Headers RedactRequestHeaders(const report::Headers& headers,
                                     std::span<const std::string> secrets) {
  report::Headers out;
  out.reserve(headers.size());
  for (const auto& [name, value] : headers) {
    if (EqualsIgnoreCase(name, "Authorization")) {
      out.emplace_back(name, RedactText(RedactAuthorization(value), secrets));
    } else if (EqualsIgnoreCase(name, "X-Amz-Security-Token") || EqualsIgnoreCase(name, "Cookie") ||
               EqualsIgnoreCase(name, "Proxy-Authorization")) {
      out.emplace_back(name, std::string(kRedacted));
    } else {
      out.emplace_back(name, RedactText(value, secrets));
    }
  }
  return out;
}

report::Headers RedactResponseHeaders(const report::Headers& headers,
                                      std::span<const std::string> secrets) {
  report::Headers out;
  out.reserve(headers.size());
  for (const auto& [name, value] : headers) {
    if (EqualsIgnoreCase(name, "Authorization") || EqualsIgnoreCase(name, "Set-Cookie") ||
        EqualsIgnoreCase(name, "Proxy-Authorization") ||
        EqualsIgnoreCase(name, "X-Amz-Security-Token")) {
      out.emplace_back(name, std::string(kRedacted));
    } else {
      out.emplace_back(name, RedactText(value, secrets));
    }
  }
  return out;
}

std::vector<std::string> SecretForms(std::string_view secret) {
  if (secret.empty()) return {};
  return {std::string(secret), Base64Encode(AsBytes(secret))};
}

}  // namespace kc::client
