// The JSON vocabulary both of the codec's parsers share (json_access.h: nlohmann, for
// replies; strict_json.h: the strict parser, for requests).
#ifndef KC_CODEC_JSON_TYPES_H_
#define KC_CODEC_JSON_TYPES_H_

#include <cstdint>
#include <string_view>

namespace kc::codec::json {

// Type: kInteger is a number token without fraction or exponent that fits in int64 or
// uint64; every other number is kFloat.
enum class Type : std::uint8_t { kNull, kBoolean, kInteger, kFloat, kString, kArray, kObject };

// TypeName: "a JSON string", "a JSON integer", ... for error messages and findings.
std::string_view TypeName(Type type);

// ParseStatus: how a parse ended. Only kOk (and, for the strict parser, kDuplicateKey) leave
// a document to read.
enum class ParseStatus : std::uint8_t {
  kOk,
  kMalformed,     // not JSON (syntax, bad UTF-8, a number out of range, trailing bytes)
  kDuplicateKey,  // well-formed, but some object names one member twice (strict parser only)
  kFailed,        // the parser gave up for another reason (out of memory)
};

}  // namespace kc::codec::json

#endif  // KC_CODEC_JSON_TYPES_H_
