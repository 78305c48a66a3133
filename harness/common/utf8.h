// UTF-8 (RFC 3629): strict decoding of one code point, encoding, validation. One copy for
// the codec's parser, the report's text escaping, the model patterns and the generators.
#ifndef KC_COMMON_UTF8_H_
#define KC_COMMON_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kc {

// CodePoint: a decoded code point and the number of bytes it took; length 0 when the bytes
// at that position are not a well-formed sequence.
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;
};

// DecodeUtf8: the code point starting at s[i] (i < s.size()). Well-formed means Unicode's
// table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF, nothing truncated.
CodePoint DecodeUtf8(std::string_view s, std::size_t i);

// AppendUtf8: appends the encoding of a Unicode scalar value (cp <= U+10FFFF).
void AppendUtf8(std::string& out, char32_t cp);

// IsValidUtf8: whether all of s is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

}  // namespace kc

#endif  // KC_COMMON_UTF8_H_
