// Timestamps on the wire (AWS JSON 1.1: epoch seconds as a JSON number). FormatTimestamp is
// public (codec.h); these are the codec's other number and timestamp helpers.
#ifndef KC_CODEC_TIMESTAMP_H_
#define KC_CODEC_TIMESTAMP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/common/clock.h"

namespace kc::codec {

// FormatJsonNumber: epoch seconds as a request sends them: the shortest decimal that reads
// back to the same double, without a fraction when that is shortest ("1767225600",
// "1767225600.5"); "null" for NaN and infinities, which JSON cannot carry.
std::string FormatJsonNumber(EpochSeconds t);

// TimestampText: what a timestamp sent as a JSON string turned out to be.
enum class TimestampTextForm : std::uint8_t { kNumeric, kIso8601 };
struct ParsedTimestampText {
  EpochSeconds seconds;
  TimestampTextForm form;
};

// ParseTimestampText: a timestamp sent as a string, as botocore reads one: a decimal number
// of epoch seconds ("1767225600", "1.7672256E9") or an ISO-8601 date-time
// ("2026-01-01T00:00:00Z", "2026-01-01T02:00:00.250+02:00"; no zone means UTC). nullopt for
// anything else, and for values that are not finite.
std::optional<ParsedTimestampText> ParseTimestampText(std::string_view text);

}  // namespace kc::codec

#endif  // KC_CODEC_TIMESTAMP_H_
