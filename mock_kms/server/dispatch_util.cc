#include "mock_kms/server/dispatch_util.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "harness/common/bytes.h"
#include "harness/contract/enums.h"

namespace kc::mock {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Cursor over a JSON text, for the clock hook's one-member object.
struct Cursor {
  std::string_view text;
  std::size_t pos = 0;

  void SkipSpace() {
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
  }
  bool Take(char c) {
    SkipSpace();
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
  }
  bool TakeLiteral(std::string_view literal) {
    SkipSpace();
    if (text.substr(pos, literal.size()) != literal) return false;
    pos += literal.size();
    return true;
  }
  // A JSON number without a sign: (0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  std::optional<std::string_view> TakeUnsignedNumber() {
    SkipSpace();
    const std::size_t start = pos;
    auto digits = [&] {
      const std::size_t from = pos;
      while (pos < text.size() && IsDigit(text[pos])) ++pos;
      return pos - from;
    };
    if (pos >= text.size()) return std::nullopt;
    if (text[pos] == '0') {
      ++pos;
    } else if (digits() == 0) {
      return std::nullopt;
    }
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      if (digits() == 0) return std::nullopt;
    }
    if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
      ++pos;
      if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
      if (digits() == 0) return std::nullopt;
    }
    return text.substr(start, pos - start);
  }
  bool AtEnd() {
    SkipSpace();
    return pos == text.size();
  }
};

constexpr char kHex[] = "0123456789abcdef";

void PutHex(std::string& out, std::size_t at, std::uint64_t value, int digits) {
  for (int i = digits - 1; i >= 0; --i) {
    out[at + static_cast<std::size_t>(i)] = kHex[value & 0xf];
    value >>= 4;
  }
}

}  // namespace

std::string_view TrimWhitespace(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> SplitWhitespace(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    if (i > start) fields.push_back(text.substr(start, i - start));
  }
  return fields;
}

bool IsAccountId(std::string_view text) {
  if (text.size() != 12) return false;
  for (const char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

std::string FormatRequestId(std::uint64_t prefix, std::uint64_t counter) {
  // 8-4-4-4-12: prefix bits fill the first 15 hex digits around the version nibble '4';
  // the variant nibble (8..b) carries 2 counter bits, the last 15 digits 60 more.
  std::string id = "00000000-0000-4000-8000-000000000000";
  PutHex(id, 0, prefix >> 32, 8);
  PutHex(id, 9, (prefix >> 16) & 0xffff, 4);
  PutHex(id, 15, (prefix >> 4) & 0xfff, 3);
  id[19] = kHex[8 | ((counter >> 60) & 0x3)];
  PutHex(id, 20, (counter >> 48) & 0xfff, 3);
  PutHex(id, 24, counter & 0xffffffffffffULL, 12);
  return id;
}

std::optional<double> ParseAdvanceSeconds(std::string_view body) {
  Cursor c{body};
  if (!c.Take('{') || !c.TakeLiteral("\"advance_seconds\"") || !c.Take(':')) return std::nullopt;
  const std::optional<std::string_view> number = c.TakeUnsignedNumber();
  if (!number || !c.Take('}') || !c.AtEnd()) return std::nullopt;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(number->data(), number->data() + number->size(), value);
  if (ec != std::errc() || ptr != number->data() + number->size()) return std::nullopt;
  if (!std::isfinite(value) || value < 0) return std::nullopt;
  return value;
}

bool IsJson11ContentType(std::string_view value) {
  constexpr std::string_view kType = "application/x-amz-json-1.1";
  std::string_view media = value.substr(0, value.find(';'));
  media = TrimWhitespace(media);
  if (media.size() != kType.size()) return false;
  for (std::size_t i = 0; i < media.size(); ++i) {
    if (LowerAscii(media[i]) != kType[i]) return false;
  }
  return true;
}

std::optional<CredentialScope> ParseCredentialScope(std::optional<std::string_view> authorization) {
  if (!authorization) return std::nullopt;
  constexpr std::string_view kKey = "Credential=";
  const std::size_t at = authorization->find(kKey);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view credential = authorization->substr(at + kKey.size());
  const std::size_t end = credential.find_first_of(", \t");
  credential = credential.substr(0, end);
  CredentialScope scope;
  const std::size_t slash = credential.find('/');
  scope.access_key_id = credential.substr(0, slash);
  if (scope.access_key_id.empty()) return std::nullopt;
  if (slash != std::string_view::npos) {
    // AKID/DATE/REGION/...: the region is the third element.
    const std::string_view rest = credential.substr(slash + 1);
    const std::size_t date_end = rest.find('/');
    if (date_end != std::string_view::npos) {
      const std::string_view after_date = rest.substr(date_end + 1);
      scope.region = after_date.substr(0, after_date.find('/'));
    }
  }
  return scope;
}

std::string AddMissingGpfiMembers(std::string_view body) {
  const std::string_view trimmed = TrimWhitespace(body);
  if (!trimmed.empty() && trimmed.front() != '{') return std::string(body);
  std::string insert;
  auto add = [&](std::string_view name, std::string_view value) {
    const std::string quoted = "\"" + std::string(name) + "\"";
    if (body.find(quoted) != std::string_view::npos) return;
    if (!insert.empty()) insert += ',';
    insert += quoted + ":\"" + std::string(value) + "\"";
  };
  add("WrappingAlgorithm", contract::ToWire(contract::WrappingAlgorithm::kRsaesOaepSha256));
  add("WrappingKeySpec", contract::ToWire(contract::WrappingKeySpec::kRsa2048));
  if (trimmed.empty()) return "{" + insert + "}";
  if (insert.empty()) return std::string(body);
  const std::size_t brace = body.find('{');
  const std::string_view after = TrimWhitespace(body.substr(brace + 1));
  if (!after.empty() && after.front() != '}') insert += ',';
  std::string out(body.substr(0, brace + 1));
  out += insert;
  out += body.substr(brace + 1);
  return out;
}

namespace {

// MemberValue: where the value of the first `"member":` of body starts (after the colon and
// spaces), or npos.
std::size_t MemberValue(std::string_view body, std::string_view member) {
  const std::string quoted = "\"" + std::string(member) + "\"";
  std::size_t at = body.find(quoted);
  if (at == std::string_view::npos) return at;
  Cursor c{body, at + quoted.size()};
  if (!c.Take(':')) return std::string_view::npos;
  c.SkipSpace();
  return c.pos;
}

}  // namespace

std::string ReplaceUnknownStringMember(std::string_view body, std::string_view member,
                                       bool (*is_known)(std::string_view),
                                       std::string_view fallback) {
  const std::size_t start = MemberValue(body, member);
  if (start == std::string_view::npos || start >= body.size() || body[start] != '"') {
    return std::string(body);
  }
  const std::size_t end = body.find('"', start + 1);
  if (end == std::string_view::npos) return std::string(body);
  const std::string_view value = body.substr(start + 1, end - start - 1);
  if (value.find('\\') != std::string_view::npos || is_known(value)) return std::string(body);
  std::string out(body.substr(0, start + 1));
  out += fallback;
  out += body.substr(end);
  return out;
}

std::string ClampNumberMember(std::string_view body, std::string_view member, long long lo,
                              long long hi) {
  const std::size_t start = MemberValue(body, member);
  if (start == std::string_view::npos) return std::string(body);
  std::size_t end = start;
  if (end < body.size() && body[end] == '-') ++end;
  while (end < body.size() && IsDigit(body[end])) ++end;
  long long value = 0;
  const auto [ptr, ec] = std::from_chars(body.data() + start, body.data() + end, value);
  if (end == start || ec != std::errc() || ptr != body.data() + end) return std::string(body);
  if (end < body.size() && (body[end] == '.' || body[end] == 'e' || body[end] == 'E')) {
    return std::string(body);
  }
  if (value >= lo && value <= hi) return std::string(body);
  std::string out(body.substr(0, start));
  out += std::to_string(value < lo ? lo : hi);
  out += body.substr(end);
  return out;
}

namespace {
// PlainStringValue: [start, end) of the characters of a plain string member (no escapes),
// or nullopt.
std::optional<std::pair<std::size_t, std::size_t>> PlainStringValue(std::string_view body,
                                                                     std::string_view member) {
  const std::size_t start = MemberValue(body, member);
  if (start == std::string_view::npos || start >= body.size() || body[start] != '"') return std::nullopt;
  const std::size_t end = body.find('"', start + 1);
  if (end == std::string_view::npos) return std::nullopt;
  const std::string_view value = body.substr(start + 1, end - start - 1);
  if (value.find('\\') != std::string_view::npos) return std::nullopt;
  return std::pair{start + 1, end};
}
}  // namespace

std::string TruncateStringMember(std::string_view body, std::string_view member,
                                 std::size_t max_chars) {
  const auto at = PlainStringValue(body, member);
  if (!at || at->second - at->first <= max_chars) return std::string(body);
  for (std::size_t i = at->first; i < at->second; ++i) {
    if (static_cast<unsigned char>(body[i]) >= 0x80) return std::string(body);
  }
  std::string out(body.substr(0, at->first + max_chars));
  out += body.substr(at->second);
  return out;
}

std::string TruncateBlobMember(std::string_view body, std::string_view member,
                               std::size_t max_bytes) {
  const auto at = PlainStringValue(body, member);
  if (!at) return std::string(body);
  const auto bytes = Base64DecodeStrict(body.substr(at->first, at->second - at->first));
  if (!bytes || bytes->size() <= max_bytes) return std::string(body);
  std::string out(body.substr(0, at->first));
  out += Base64Encode(ByteView(bytes->data(), max_bytes));
  out += body.substr(at->second);
  return out;
}

std::string NumberMemberAsIso8601(std::string_view body, std::string_view member) {
  const std::size_t start = MemberValue(body, member);
  if (start == std::string_view::npos) return std::string(body);
  std::size_t end = start;
  while (end < body.size() && (IsDigit(body[end]) || body[end] == '.' || body[end] == '-' ||
                               body[end] == '+' || body[end] == 'e' || body[end] == 'E')) {
    ++end;
  }
  double seconds = 0;
  const auto [ptr, ec] = std::from_chars(body.data() + start, body.data() + end, seconds);
  if (end == start || ec != std::errc() || ptr != body.data() + end || !std::isfinite(seconds)) {
    return std::string(body);
  }
  const std::time_t t = static_cast<std::time_t>(std::floor(seconds));
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return std::string(body);
  char text[32];
  const std::size_t n = std::strftime(text, sizeof text, "\"%Y-%m-%dT%H:%M:%SZ\"", &tm);
  std::string out(body.substr(0, start));
  out.append(text, n);
  out += body.substr(end);
  return out;
}

std::optional<contract::Operation> OperationFromTargetIgnoringCase(std::string_view target) {
  for (const auto& name : contract::EnumTraits<contract::Operation>::kNames) {
    const std::string_view want = contract::TargetOf(name.value);
    if (want.size() != target.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < want.size() && same; ++i) {
      same = LowerAscii(want[i]) == LowerAscii(target[i]);
    }
    if (same) return name.value;
  }
  return std::nullopt;
}

}  // namespace kc::mock
