#include "harness/report/text.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "harness/common/utf8.h"

namespace kc::report {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kInvalid = 0xFFFFFFFF;

// DecodeOne: the code point starting at s[i] and its length; kInvalid with length 1 for an
// ill-formed sequence.
std::pair<char32_t, std::size_t> DecodeOne(std::string_view s, std::size_t i) {
  const CodePoint c = DecodeUtf8(s, i);
  if (c.length == 0) return {kInvalid, 1};
  return {c.value, c.length};
}

bool IsControl(char32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F ||
         (cp >= 0x80 && cp < 0xA0);
}

// ForEachCodePoint: calls f(cp, raw bytes) for every code point, kInvalid for ill-formed.
template <typename F>
void ForEachCodePoint(std::string_view s, F&& f) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto [cp, len] = DecodeOne(s, i);
    f(cp, s.substr(i, len));
    i += len;
  }
}

}  // namespace

bool IsUtf8(std::string_view s) { return IsValidUtf8(s); }

std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  ForEachCodePoint(s, [&](char32_t cp, std::string_view raw) {
    if (cp == kInvalid) {
      AppendUtf8(out, kReplacement);
    } else {
      out.append(raw);
    }
  });
  return out;
}

std::string XmlEscape(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  ForEachCodePoint(s, [&](char32_t cp, std::string_view raw) {
    if (cp == kInvalid) {
      AppendUtf8(out, kReplacement);
      return;
    }
    // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF) {
      return;
    }
    switch (cp) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '"':
        out += attribute ? "&quot;" : "\"";
        return;
      case '\'':
        out += attribute ? "&apos;" : "'";
        return;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        return;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        return;
      case '\r':
        out += "&#13;";
        return;  // a raw CR would be normalised away
      default:
        out.append(raw);
    }
  });
  return out;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  ForEachCodePoint(s, [&](char32_t cp, std::string_view raw) {
    if (cp == kInvalid || IsControl(cp)) {
      AppendUtf8(out, kReplacement);
      return;
    }
    switch (cp) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '"':
        out += "&quot;";
        return;
      case '\'':
        out += "&#39;";
        return;
      default:
        out.append(raw);
    }
  });
  return out;
}

std::string MarkdownInline(std::string_view s) {
  static constexpr std::string_view kEscaped = "\\`*_[]<>|~&#";
  std::string out;
  out.reserve(s.size() + s.size() / 4);
  ForEachCodePoint(s, [&](char32_t cp, std::string_view raw) {
    if (cp == '\n' || cp == '\r' || cp == '\t') {
      out.push_back(' ');
    } else if (cp == kInvalid || IsControl(cp)) {
      AppendUtf8(out, kReplacement);
    } else if (cp < 0x80 && kEscaped.find(static_cast<char>(cp)) != std::string_view::npos) {
      out.push_back('\\');
      out.push_back(static_cast<char>(cp));
    } else {
      out.append(raw);
    }
  });
  return out;
}

std::string MarkdownFence(std::string_view content, std::string_view info) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : content) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string out = fence;
  out += info;
  out += '\n';
  // Control characters other than TAB/LF/CR would render as garbage or be dropped.
  ForEachCodePoint(content, [&](char32_t cp, std::string_view raw) {
    if (cp == kInvalid || (IsControl(cp) && cp != 0x7F)) {
      AppendUtf8(out, kReplacement);
    } else {
      out.append(raw);
    }
  });
  if (out.back() != '\n') out += '\n';
  out += fence;
  out += '\n';
  return out;
}

std::string TruncateBody(std::string_view body, std::size_t max_bytes) {
  if (body.size() <= max_bytes) return std::string(body);
  std::size_t cut = max_bytes;
  // Back up to a UTF-8 boundary (at most 3 continuation bytes).
  for (int k = 0; k < 3 && cut > 0 && (static_cast<std::uint8_t>(body[cut]) & 0xC0) == 0x80; ++k) {
    --cut;
  }
  std::string out(body.substr(0, cut));
  out += "\n\u2026 [truncated: ";
  out += std::to_string(body.size() - cut);
  out += " more bytes; the whole body is in report.json]";
  return out;
}

namespace {

void AppendHeaders(std::string& out, const Headers& headers) {
  for (const auto& [name, value] : headers) {
    out += name;
    out += ": ";
    out += value;
    out += '\n';
  }
}

}  // namespace

std::string RequestText(const Evidence& e, std::size_t max_body_bytes) {
  std::string out = e.request.method;
  out += ' ';
  out += e.request.path;
  out += " HTTP/1.1\n";
  AppendHeaders(out, e.request.headers);
  if (!e.request.body.empty()) {
    out += '\n';
    out += TruncateBody(e.request.body, max_body_bytes);
    out += '\n';
  }
  return out;
}

std::string ResponseText(const Evidence& e, std::size_t max_body_bytes) {
  if (!e.response) {
    return "(no response: " +
           (e.transport_error.empty() ? std::string("transport error") : e.transport_error) + ")\n";
  }
  std::string out = "HTTP/1.1 " + std::to_string(e.response->status) + '\n';
  AppendHeaders(out, e.response->headers);
  if (!e.response->body.empty()) {
    out += '\n';
    out += TruncateBody(e.response->body, max_body_bytes);
    out += '\n';
  }
  return out;
}

std::string FormatSeconds(double seconds) {
  if (!std::isfinite(seconds)) return "0";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", seconds);
  std::string out(buf);
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  if (out == "-0") out = "0";
  return out;
}

}  // namespace kc::report
