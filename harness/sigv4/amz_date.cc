#include "harness/sigv4/amz_date.h"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>

namespace kc::sigv4 {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// Writes `value` as exactly `width` decimal digits at `out`.
void PutDigits(char* out, std::int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// Reads exactly `width` decimal digits of `text` starting at `pos`; -1 if any is not a digit.
int ReadDigits(std::string_view text, std::size_t pos, std::size_t width) {
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    const unsigned digit = static_cast<unsigned char>(text[i]) - unsigned{'0'};
    if (digit > 9) return -1;
    value = value * 10 + static_cast<int>(digit);
  }
  return value;
}

std::optional<EpochSeconds> ToEpoch(int year, int month, int day, int hour, int minute,
                                    int second) {
  if (year < 0 || month < 1 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 59) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  const std::int64_t days = std::chrono::sys_days{ymd}.time_since_epoch().count();
  const std::int64_t seconds = days * kSecondsPerDay + hour * 3600 + minute * 60 + second;
  return static_cast<EpochSeconds>(seconds);
}

constexpr std::array<std::string_view, 12> kMonthNames = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kDayNames = {"Mon", "Tue", "Wed", "Thu",
                                                       "Fri", "Sat", "Sun"};

}  // namespace

bool IsSignableTime(EpochSeconds time) {
  return std::isfinite(time) && time >= 0 && time <= kMaxAmzTime;
}

void AppendAmzDate(std::string& out, EpochSeconds time) {
  if (std::isnan(time) || time < 0) time = 0;
  if (time > kMaxAmzTime) time = kMaxAmzTime;
  const auto seconds = static_cast<std::int64_t>(std::floor(time));
  const std::int64_t days = seconds / kSecondsPerDay;
  const std::int64_t second_of_day = seconds % kSecondsPerDay;
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  const std::size_t at = out.size();
  out.resize(at + 16);
  char* p = &out[at];
  PutDigits(p, static_cast<int>(ymd.year()), 4);
  PutDigits(p + 4, static_cast<unsigned>(ymd.month()), 2);
  PutDigits(p + 6, static_cast<unsigned>(ymd.day()), 2);
  p[8] = 'T';
  PutDigits(p + 9, second_of_day / 3600, 2);
  PutDigits(p + 11, second_of_day / 60 % 60, 2);
  PutDigits(p + 13, second_of_day % 60, 2);
  p[15] = 'Z';
}

std::string FormatAmzDate(EpochSeconds time) {
  std::string out;
  AppendAmzDate(out, time);
  return out;
}

std::optional<EpochSeconds> ParseAmzDate(std::string_view text) {
  // YYYYMMDD'T'HHMMSS'Z'
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  return ToEpoch(ReadDigits(text, 0, 4), ReadDigits(text, 4, 2), ReadDigits(text, 6, 2),
                 ReadDigits(text, 9, 2), ReadDigits(text, 11, 2), ReadDigits(text, 13, 2));
}

std::optional<EpochSeconds> ParseHttpDate(std::string_view text) {
  // "Sun, 30 Aug 2015 12:36:00 GMT": fixed width, 29 characters.
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  bool day_name_ok = false;
  for (std::string_view name : kDayNames) day_name_ok = day_name_ok || text.substr(0, 3) == name;
  if (!day_name_ok) return std::nullopt;
  int month = 0;
  for (std::size_t i = 0; i < kMonthNames.size(); ++i) {
    if (text.substr(8, 3) == kMonthNames[i]) month = static_cast<int>(i) + 1;
  }
  if (month == 0) return std::nullopt;
  return ToEpoch(ReadDigits(text, 12, 4), month, ReadDigits(text, 5, 2), ReadDigits(text, 17, 2),
                 ReadDigits(text, 20, 2), ReadDigits(text, 23, 2));
}

}  // namespace kc::sigv4
