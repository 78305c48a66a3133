#include "harness/codec/timestamp.h"

#include <charconv>
#include <cmath>
#include <system_error>

#include "harness/codec/codec.h"

namespace kc::codec {
namespace {

// Digits: a double's shortest round-trip decimal, as d1.d2d3...dn x 10^exponent.
struct Digits {
  bool negative = false;
  char digits[32] = {};
  int count = 0;
  int exponent = 0;
};

// Splits the output of std::to_chars(scientific), e.g. "-1.2345e+03".
Digits SplitScientific(std::string_view s) {
  Digits d;
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') {
    d.negative = true;
    ++i;
  }
  for (; i < s.size() && s[i] != 'e'; ++i) {
    if (s[i] != '.' && d.count < static_cast<int>(sizeof d.digits)) d.digits[d.count++] = s[i];
  }
  if (i < s.size()) {
    ++i;  // 'e'
    std::from_chars(s.data() + i + (i < s.size() && s[i] == '+' ? 1 : 0), s.data() + s.size(),
                    d.exponent);
  }
  return d;
}

Digits JavaDigits(double t) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, t, std::chars_format::scientific);
  Digits d = SplitScientific(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
  if (d.count == 1) {
    // Java (JDK 19+ Double.toString) picks, when the shortest decimal has one digit, the
    // closest decimal of at most two digits: 4.9E-324, not 5.0E-324. For every normal
    // double that is d.0 again; the correctly rounded two-digit form gives it.
    r = std::to_chars(buf, buf + sizeof buf, t, std::chars_format::scientific, 1);
    d = SplitScientific(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
    if (d.count == 2 && d.digits[1] == '0') d.count = 1;
  }
  return d;
}

bool ParseFixedDigits(std::string_view s, std::size_t& i, int n, int& out) {
  if (i + static_cast<std::size_t>(n) > s.size()) return false;
  int v = 0;
  for (int k = 0; k < n; ++k) {
    const char c = s[i++];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<std::int64_t>(y - era * 400);
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::optional<double> ParseIso8601(std::string_view s) {
  std::size_t i = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ParseFixedDigits(s, i, 4, year) || i >= s.size() || s[i++] != '-' ||
      !ParseFixedDigits(s, i, 2, month) || i >= s.size() || s[i++] != '-' ||
      !ParseFixedDigits(s, i, 2, day)) {
    return std::nullopt;
  }
  if (i >= s.size() || (s[i] != 'T' && s[i] != 't' && s[i] != ' ')) return std::nullopt;
  ++i;
  if (!ParseFixedDigits(s, i, 2, hour) || i >= s.size() || s[i++] != ':' ||
      !ParseFixedDigits(s, i, 2, minute) || i >= s.size() || s[i++] != ':' ||
      !ParseFixedDigits(s, i, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  double fraction = 0.0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    const std::size_t start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return std::nullopt;
    // "0.<digits>" read by from_chars: correctly rounded, whatever the number of digits.
    std::string text = "0.";
    text.append(s.substr(start, i - start));
    std::from_chars(text.data(), text.data() + text.size(), fraction);
  }
  int offset_seconds = 0;
  if (i < s.size()) {
    if (s[i] == 'Z' || s[i] == 'z') {
      ++i;
    } else if (s[i] == '+' || s[i] == '-') {
      const int sign = s[i++] == '-' ? -1 : 1;
      int oh = 0, om = 0;
      if (!ParseFixedDigits(s, i, 2, oh)) return std::nullopt;
      if (i < s.size()) {
        if (s[i] == ':') ++i;
        if (!ParseFixedDigits(s, i, 2, om)) return std::nullopt;
      }
      if (oh > 23 || om > 59) return std::nullopt;
      offset_seconds = sign * (oh * 3600 + om * 60);
    } else {
      return std::nullopt;
    }
  }
  if (i != s.size()) return std::nullopt;
  const std::int64_t whole = DaysFromCivil(year, month, day) * 86400 + hour * 3600 +
                             minute * 60 + second - offset_seconds;
  return static_cast<double>(whole) + fraction;
}

}  // namespace

std::string FormatTimestamp(EpochSeconds t) {
  // Java's Double.toString, the way AWS's JSON 1.1 services print epoch seconds.
  if (std::isnan(t)) return "NaN";
  if (std::isinf(t)) return t > 0 ? "Infinity" : "-Infinity";
  if (t == 0.0) return std::signbit(t) ? "-0.0" : "0.0";
  const Digits d = JavaDigits(t);
  const std::string_view digits(d.digits, static_cast<std::size_t>(d.count));
  std::string out;
  out.reserve(32);
  if (d.negative) out.push_back('-');
  if (d.exponent >= -3 && d.exponent < 7) {
    // 10^-3 <= |t| < 10^7: plain decimal, at least one digit after the point.
    if (d.exponent >= 0) {
      const auto int_len = static_cast<std::size_t>(d.exponent) + 1;
      if (digits.size() <= int_len) {
        out += digits;
        out.append(int_len - digits.size(), '0');
        out += ".0";
      } else {
        out += digits.substr(0, int_len);
        out.push_back('.');
        out += digits.substr(int_len);
      }
    } else {
      out += "0.";
      out.append(static_cast<std::size_t>(-d.exponent - 1), '0');
      out += digits;
    }
    return out;
  }
  // Otherwise computerized scientific notation: d.ddd "E" exponent, no '+'.
  out.push_back(digits[0]);
  out.push_back('.');
  if (digits.size() > 1) {
    out += digits.substr(1);
  } else {
    out.push_back('0');
  }
  out.push_back('E');
  char buf[8];
  const auto r = std::to_chars(buf, buf + sizeof buf, d.exponent);
  out.append(buf, r.ptr);
  return out;
}

std::string FormatJsonNumber(EpochSeconds t) {
  if (!std::isfinite(t)) return "null";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, t);
  return std::string(buf, r.ptr);
}

std::optional<ParsedTimestampText> ParseTimestampText(std::string_view text) {
  if (text.empty()) return std::nullopt;
  double v = 0.0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec == std::errc() && r.ptr == text.data() + text.size()) {
    if (!std::isfinite(v)) return std::nullopt;
    return ParsedTimestampText{v, TimestampTextForm::kNumeric};
  }
  if (const auto iso = ParseIso8601(text)) {
    return ParsedTimestampText{*iso, TimestampTextForm::kIso8601};
  }
  return std::nullopt;
}

}  // namespace kc::codec
