#include "harness/sigv4/canonical.h"

#include "harness/sigv4/ascii.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace kc::sigv4 {
namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";

using ascii::HexValue;
using ascii::IsHeaderSpace;
using ascii::kUnreserved;

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii::Lower(c);
  return out;
}

// Appends the byte `byte` as %XX (upper-case hex).
void AppendPercentEscape(std::string& out, unsigned char byte) {
  const char escape[3] = {'%', kHexUpper[byte >> 4], kHexUpper[byte & 0x0F]};
  out.append(escape, sizeof escape);
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
  // Runs of bytes kept as they are are appended whole.
  const ascii::ByteSet& kept = keep_slash ? ascii::kUnreservedOrSlash : kUnreserved;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t run = ascii::SpanIn(kept, text, i);
    out.append(text.data() + i, run - i);
    if (run == text.size()) return;
    AppendPercentEscape(out, static_cast<unsigned char>(text[run]));
    i = run + 1;
  }
}

std::string UriEncode(std::string_view text, bool keep_slash) {
  std::string out;
  out.reserve(text.size());
  AppendUriEncoded(out, text, keep_slash);
  return out;
}

void AppendPercentDecoded(std::string& out, std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t pct = std::min(text.find('%', i), text.size());
    out.append(text.data() + i, pct - i);
    if (pct == text.size()) break;
    const int hi = pct + 2 < text.size() ? HexValue(text[pct + 1]) : -1;
    const int lo = pct + 2 < text.size() ? HexValue(text[pct + 2]) : -1;
    if ((hi | lo) >= 0) {
      out.push_back(static_cast<char>(hi * 16 + lo));
      i = pct + 3;
    } else {
      out.push_back('%');
      i = pct + 1;
    }
  }
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendPercentDecoded(out, text);
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

// NormalizePath's algorithm, URI-encoding each kept segment straight into `out`: a segment
// never contains '/' once encoded with keep_slash, so ".." drops back to the last '/'.
void AppendNormalizedEncodedPath(std::string& out, std::string_view path) {
  const std::size_t base = out.size();
  out.push_back('/');
  std::size_t segments = 0;
  bool trailing_slash = false;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (segments == 1) {
        out.resize(base + 1);
      } else if (segments > 1) {
        out.resize(out.rfind('/'));
      }
      if (segments > 0) --segments;
      trailing_slash = true;
    } else if (segment.empty() || segment == ".") {
      trailing_slash = true;
    } else {
      if (segments > 0) out.push_back('/');
      AppendUriEncoded(out, segment, /*keep_slash=*/true);
      ++segments;
      trailing_slash = false;
    }
    if (end == path.size()) break;
    start = end + 1;
  }
  if (trailing_slash && segments > 0) out.push_back('/');
}

void AppendCanonicalUri(std::string& out, std::string_view raw_path, bool normalize) {
  if (raw_path.empty()) {
    out.push_back('/');
  } else if (normalize) {
    AppendNormalizedEncodedPath(out, raw_path);
  } else {
    AppendUriEncoded(out, raw_path, /*keep_slash=*/true);
  }
}

// Appends UriEncode(PercentDecode(raw), false) without the intermediate string. The runs
// between '%' signs are found with find() (memchr), not byte by byte.
void AppendRecoded(std::string& out, std::string_view raw) {
  std::size_t i = 0;
  while (i < raw.size()) {
    const std::size_t pct = std::min(raw.find('%', i), raw.size());
    AppendUriEncoded(out, raw.substr(i, pct - i), /*keep_slash=*/false);
    if (pct == raw.size()) return;
    const int hi = pct + 2 < raw.size() ? HexValue(raw[pct + 1]) : -1;
    const int lo = pct + 2 < raw.size() ? HexValue(raw[pct + 2]) : -1;
    if ((hi | lo) >= 0) {
      const auto byte = static_cast<unsigned char>(hi * 16 + lo);
      if (kUnreserved[byte] != 0) {
        out.push_back(static_cast<char>(byte));
      } else {
        AppendPercentEscape(out, byte);
      }
      i = pct + 3;
    } else {
      out.append("%25");  // a literal '%'
      i = pct + 1;
    }
  }
}

// Whether PercentDecode(raw) == want, without decoding into a string.
bool DecodesTo(std::string_view raw, std::string_view want) {
  if (raw.find('%') == std::string_view::npos) return raw == want;
  std::size_t j = 0;
  for (std::size_t i = 0; i < raw.size(); ++i, ++j) {
    if (j == want.size()) return false;
    char c = raw[i];
    if (c == '%' && i + 2 < raw.size()) {
      const int hi = HexValue(raw[i + 1]);
      const int lo = HexValue(raw[i + 2]);
      if ((hi | lo) >= 0) {
        c = static_cast<char>(hi * 16 + lo);
        i += 2;
      }
    }
    if (c != want[j]) return false;
  }
  return j == want.size();
}

// One parameter of a canonical query: [key_begin, key_end) is its encoded key and
// [key_end, value_end) its encoded value, in QueryScratch::encoded.
struct QueryParamSpan {
  std::size_t key_begin;
  std::size_t key_end;
  std::size_t value_end;
};

// Buffers reused by every canonical query string built on this thread: the verifier builds
// one per request, and allocations dominate its cost under the sanitizers. Cleared on use;
// nothing in them outlives a call.
struct QueryScratch {
  std::string encoded;
  std::vector<QueryParamSpan> params;
};
QueryScratch& ThreadQueryScratch() {
  thread_local QueryScratch scratch;
  return scratch;
}

void AppendCanonicalQueryString(std::string& out, std::string_view raw_query,
                                std::span<const std::string_view> skip_keys) {
  if (raw_query.empty()) return;
  QueryScratch& scratch = ThreadQueryScratch();
  std::string& encoded = scratch.encoded;
  std::vector<QueryParamSpan>& params = scratch.params;
  encoded.clear();
  params.clear();
  std::size_t start = 0;
  while (start <= raw_query.size()) {
    std::size_t end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    const std::string_view piece = raw_query.substr(start, end - start);
    start = end + 1;
    if (piece.empty()) continue;
    const std::size_t eq = piece.find('=');
    const std::string_view raw_key = piece.substr(0, eq);
    if (std::any_of(skip_keys.begin(), skip_keys.end(),
                    [raw_key](std::string_view skip) { return DecodesTo(raw_key, skip); })) {
      continue;
    }
    QueryParamSpan span{};
    span.key_begin = encoded.size();
    AppendRecoded(encoded, raw_key);
    span.key_end = encoded.size();
    if (eq != std::string_view::npos) AppendRecoded(encoded, piece.substr(eq + 1));
    span.value_end = encoded.size();
    params.push_back(span);
  }
  // "Sort the parameter names by character code point in ascending order. Parameters with
  // duplicate names should be sorted by value."
  const std::string_view text = encoded;
  const auto key = [text](const QueryParamSpan& p) {
    return text.substr(p.key_begin, p.key_end - p.key_begin);
  };
  const auto value = [text](const QueryParamSpan& p) {
    return text.substr(p.key_end, p.value_end - p.key_end);
  };
  std::sort(params.begin(), params.end(), [&](const QueryParamSpan& a, const QueryParamSpan& b) {
    const int by_key = key(a).compare(key(b));
    return by_key != 0 ? by_key < 0 : value(a) < value(b);
  });
  bool first = true;
  for (const QueryParamSpan& p : params) {
    if (!first) out.push_back('&');
    first = false;
    out.append(key(p));
    out.push_back('=');
    out.append(value(p));
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
  std::string out;
  AppendCanonicalQueryString(out, raw_query, skip_keys);
  return out;
}

void AppendCanonicalHeaderValue(std::string& out, std::string_view value) {
  std::size_t begin = 0;
  std::size_t end = value.size();
  while (begin < end && IsHeaderSpace(value[begin])) ++begin;
  while (end > begin && IsHeaderSpace(value[end - 1])) --end;
  // value[begin, end) starts and ends with a non-space byte: append each run of non-space
  // bytes whole, and one space for each run of spaces between them.
  const std::string_view trimmed = value.substr(0, end);
  std::size_t i = begin;
  while (i < end) {
    std::size_t run = ascii::SpanIn(ascii::kHeaderNonSpace, trimmed, i);
    out.append(value.data() + i, run - i);
    if (run == end) return;
    out.push_back(' ');
    i = ascii::SpanIn(ascii::kHeaderSpace, trimmed, run);
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

void AppendCanonicalRequest(std::string& out, const HttpRequest& request,
                            std::string_view signed_headers, std::string_view payload_hash,
                            bool normalize_path, std::span<const std::string_view> skip_query_keys) {
  out.append(request.method);
  out.push_back('\n');
  AppendCanonicalUri(out, request.path, normalize_path);
  out.push_back('\n');
  AppendCanonicalQueryString(out, request.query, skip_query_keys);
  out.push_back('\n');
  AppendCanonicalHeaders(out, request, signed_headers);
  out.push_back('\n');
  out.append(signed_headers);
  out.push_back('\n');
  out.append(payload_hash);
}

std::string CanonicalRequest(const HttpRequest& request, std::string_view signed_headers,
                             std::string_view payload_hash, bool normalize_path,
                             std::span<const std::string_view> skip_query_keys) {
  std::string out;
  out.reserve(256 + request.path.size() + request.query.size() + 64 * request.headers.size());
  AppendCanonicalRequest(out, request, signed_headers, payload_hash, normalize_path,
                         skip_query_keys);
  return out;
}

}  // namespace kc::sigv4
