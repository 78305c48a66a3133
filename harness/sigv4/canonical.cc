#include "harness/sigv4/canonical.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace kc::sigv4 {
namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";

constexpr std::array<bool, 256> MakeUnreservedTable() {
  std::array<bool, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (char c : {'-', '.', '_', '~'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr auto kUnreserved = MakeUnreservedTable();

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr bool IsHeaderSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

constexpr char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

// Calls fn(piece) for each ';'-separated piece of `list`, empty ones included.
template <typename Fn>
void ForEachSemicolonPiece(std::string_view list, Fn&& fn) {
  std::size_t start = 0;
  while (true) {
    const std::size_t end = list.find(';', start);
    fn(list.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return;
    start = end + 1;
  }
}

}  // namespace

void AppendUriEncoded(std::string& out, std::string_view text, bool keep_slash) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (kUnreserved[byte] || (keep_slash && c == '/')) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHexUpper[byte >> 4]);
      out.push_back(kHexUpper[byte & 0x0F]);
    }
  }
}

std::string UriEncode(std::string_view text, bool keep_slash) {
  std::string out;
  out.reserve(text.size());
  AppendUriEncoded(out, text, keep_slash);
  return out;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = HexDigitValue(text[i + 1]);
      const int lo = HexDigitValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string NormalizePath(std::string_view path) {
  if (path == "/") return "/";  // the KMS fast path
  std::vector<std::string_view> segments;
  bool trailing_slash = false;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    const bool last = end == path.size();
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      trailing_slash = true;
    } else if (segment == "." || segment.empty()) {
      trailing_slash = true;
    } else {
      segments.push_back(segment);
      trailing_slash = false;
    }
    if (last) break;
    start = end + 1;
  }
  std::string out = "/";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out.push_back('/');
    out.append(segments[i]);
  }
  if (trailing_slash && !segments.empty()) out.push_back('/');
  return out;
}

namespace {

void AppendCanonicalUri(std::string& out, std::string_view raw_path, bool normalize) {
  if (raw_path.empty()) {
    out.push_back('/');
  } else if (normalize) {
    AppendUriEncoded(out, NormalizePath(raw_path), /*keep_slash=*/true);
  } else {
    AppendUriEncoded(out, raw_path, /*keep_slash=*/true);
  }
}

}  // namespace

std::string CanonicalUri(std::string_view raw_path, bool normalize) {
  std::string out;
  out.reserve(raw_path.size() + 1);
  AppendCanonicalUri(out, raw_path, normalize);
  return out;
}

std::string CanonicalQueryString(std::string_view raw_query,
                                 std::span<const std::string_view> skip_keys) {
  if (raw_query.empty()) return {};
  std::vector<std::pair<std::string, std::string>> params;
  std::size_t start = 0;
  while (start <= raw_query.size()) {
    std::size_t end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    const std::string_view piece = raw_query.substr(start, end - start);
    if (!piece.empty()) {
      const std::size_t eq = piece.find('=');
      const std::string key = PercentDecode(piece.substr(0, eq));
      if (std::find(skip_keys.begin(), skip_keys.end(), key) == skip_keys.end()) {
        const std::string_view raw_value =
            eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);
        params.emplace_back(UriEncode(key, /*keep_slash=*/false),
                            UriEncode(PercentDecode(raw_value), /*keep_slash=*/false));
      }
    }
    start = end + 1;
  }
  // "Sort the parameter names by character code point in ascending order. Parameters with
  // duplicate names should be sorted by value."
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out.push_back('&');
    out.append(key);
    out.push_back('=');
    out.append(value);
  }
  return out;
}

void AppendCanonicalHeaderValue(std::string& out, std::string_view value) {
  std::size_t begin = 0;
  std::size_t end = value.size();
  while (begin < end && IsHeaderSpace(value[begin])) ++begin;
  while (end > begin && IsHeaderSpace(value[end - 1])) --end;
  bool in_space = false;
  for (std::size_t i = begin; i < end; ++i) {
    if (IsHeaderSpace(value[i])) {
      in_space = true;
      continue;
    }
    if (in_space) out.push_back(' ');
    in_space = false;
    out.push_back(value[i]);
  }
}

std::string SignedHeadersOf(const HttpRequest& request, std::string_view exclude) {
  std::vector<std::string> names;
  names.reserve(request.headers.size());
  for (const auto& header : request.headers) {
    std::string name = LowerAscii(header.first);
    if (!exclude.empty() && name == exclude) continue;
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out.push_back(';');
    out.append(name);
  }
  return out;
}

void AppendCanonicalHeaders(std::string& out, const HttpRequest& request,
                            std::string_view signed_headers) {
  if (signed_headers.empty()) return;
  ForEachSemicolonPiece(signed_headers, [&](std::string_view name) {
    out.append(name);
    out.push_back(':');
    bool first = true;
    for (const auto& [header_name, value] : request.headers) {
      if (!EqualsIgnoreCase(header_name, name)) continue;
      if (!first) out.push_back(',');
      first = false;
      AppendCanonicalHeaderValue(out, value);
    }
    out.push_back('\n');
  });
}

std::string CanonicalHeaders(const HttpRequest& request, std::string_view signed_headers) {
  std::string out;
  AppendCanonicalHeaders(out, request, signed_headers);
  return out;
}

std::string CanonicalRequest(const HttpRequest& request, std::string_view signed_headers,
                             std::string_view payload_hash, bool normalize_path,
                             std::span<const std::string_view> skip_query_keys) {
  std::string out;
  out.reserve(256 + request.path.size() + request.query.size() + 64 * request.headers.size());
  out.append(request.method);
  out.push_back('\n');
  AppendCanonicalUri(out, request.path, normalize_path);
  out.push_back('\n');
  out.append(CanonicalQueryString(request.query, skip_query_keys));
  out.push_back('\n');
  AppendCanonicalHeaders(out, request, signed_headers);
  out.push_back('\n');
  out.append(signed_headers);
  out.push_back('\n');
  out.append(payload_hash);
  return out;
}

}  // namespace kc::sigv4
