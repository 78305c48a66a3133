// SigV4 timestamps: X-Amz-Date's ISO 8601 basic format ("20150830T123600Z") and the HTTP
// Date header's IMF-fixdate ("Sun, 30 Aug 2015 12:36:00 GMT"). Pure functions.
#ifndef KC_SIGV4_AMZ_DATE_H_
#define KC_SIGV4_AMZ_DATE_H_

#include <optional>
#include <string>
#include <string_view>

#include "harness/common/clock.h"

namespace kc::sigv4 {

// kMaxAmzTime: 9999-12-31T23:59:59Z, the last instant a four-digit year can spell.
inline constexpr EpochSeconds kMaxAmzTime = 253402300799.0;

// FormatAmzDate: `time` as "YYYYMMDDTHHMMSSZ" (UTC), fractional seconds dropped. Total:
// a time outside [0, kMaxAmzTime] is clamped to that range and NaN formats as the epoch;
// callers that must refuse such times check IsSignableTime first.
std::string FormatAmzDate(EpochSeconds time);
// AppendAmzDate: FormatAmzDate(time) appended to `out` (a buffer the caller reuses).
void AppendAmzDate(std::string& out, EpochSeconds time);

// IsSignableTime: true when `time` is finite and within [0, kMaxAmzTime].
bool IsSignableTime(EpochSeconds time);

// ParseAmzDate: the instant spelled by exactly "YYYYMMDDTHHMMSSZ" (a real calendar date,
// hours < 24, minutes and seconds < 60); nullopt for anything else.
std::optional<EpochSeconds> ParseAmzDate(std::string_view text);

// ParseHttpDate: the instant spelled by an IMF-fixdate (RFC 9110 section 5.6.7),
// "Sun, 30 Aug 2015 12:36:00 GMT"; the day name is checked for shape, not for agreement
// with the date. nullopt for anything else (obsolete RFC 850 and asctime forms included).
std::optional<EpochSeconds> ParseHttpDate(std::string_view text);

}  // namespace kc::sigv4

#endif  // KC_SIGV4_AMZ_DATE_H_
