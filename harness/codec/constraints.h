// The model's constraints on one value (length, range, enum, pattern), worded as AWS's
// service framework words them, and the path of a value inside a request or reply. Shared
// by the strict request reader (ValidationException) and the lenient reply reader (Findings).
#ifndef KC_CODEC_CONSTRAINTS_H_
#define KC_CODEC_CONSTRAINTS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/contract/enums.h"
#include "harness/contract/model.h"

namespace kc::codec {

// Utf16Length: the length of valid UTF-8 text in UTF-16 code units, as Java (and so AWS's
// length constraints) counts a string: a code point above U+FFFF counts twice.
std::size_t Utf16Length(std::string_view utf8);

// StrictBase64DecodedSize: the decoded size of text when Base64DecodeStrict accepts it
// (standard alphabet, padded, zero trailing bits), nullopt when it refuses it. Allocates
// nothing: the request reader checks blobs before the typed fill decodes them once.
std::optional<std::size_t> StrictBase64DecodedSize(std::string_view text);

// The constraint texts ("Member must have length greater than or equal to 1", ...) that a
// value breaks, in the order length, value range, enum, pattern.
void LengthConstraints(const contract::ShapeSpec& shape, std::int64_t length,
                       std::vector<std::string>& out);
void RangeConstraints(const contract::ShapeSpec& shape, std::int64_t value,
                      std::vector<std::string>& out);
// StringConstraints: length (UTF-16 units), enum (the values of profile p) and pattern.
void StringConstraints(const contract::ShapeSpec& shape, std::string_view value,
                       contract::Profile p, std::vector<std::string>& out);
// EnumSetText: "[RSA_2048, RSA_3072]": the enum's values in profile p.
std::string EnumSetText(contract::EnumKind kind, contract::Profile p);

// ExpectedJson: what a member of a shape type must be on the wire ("a JSON string"), for
// SerializationException texts and reply findings.
std::string_view ExpectedJson(contract::ShapeType type);

// Path: where a value sits, as a stack of segments, rendered in two styles:
//   Aws():   "tags.1.member.tagKey", "encryptionContext.purpose" (validation messages:
//            lowerCamel members, 1-based list elements, map keys as they are)
//   Model(): "Tags[0].TagKey", "EncryptionContext.purpose" (findings: model spelling)
class Path {
 public:
  void PushMember(std::string_view name) { segments_.push_back({Kind::kMember, name, 0}); }
  void PushIndex(std::size_t index) { segments_.push_back({Kind::kIndex, {}, index}); }
  void PushKey(std::string_view key) { segments_.push_back({Kind::kKey, key, 0}); }
  void Pop() { segments_.pop_back(); }
  bool empty() const { return segments_.empty(); }

  std::string Aws() const;
  std::string Model() const;

 private:
  enum class Kind : std::uint8_t { kMember, kIndex, kKey };
  struct Segment {
    Kind kind;
    std::string_view text;  // member name or map key; points into the model or the document
    std::size_t index;
  };
  std::vector<Segment> segments_;
};

}  // namespace kc::codec

#endif  // KC_CODEC_CONSTRAINTS_H_
