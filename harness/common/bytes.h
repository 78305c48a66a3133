// Bytes and the text encodings every module needs: base64 (AWS JSON blobs) and hex
// (SigV4, KeyMaterialId). Pure functions, no allocation beyond the result.
#ifndef KC_COMMON_BYTES_H_
#define KC_COMMON_BYTES_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kc {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline ByteView AsBytes(std::string_view s) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}
inline std::string_view AsChars(ByteView b) {
  return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}
inline Bytes ToBytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

// Standard base64 (RFC 4648 section 4) with '=' padding.
std::string Base64Encode(ByteView data);
// Strict decode, as a server must: the standard alphabet only, length a multiple of 4,
// correct padding, zero trailing bits. nullopt on anything else.
std::optional<Bytes> Base64DecodeStrict(std::string_view text);
// Lenient decode, as a client may: also missing padding, the URL-safe alphabet and
// embedded whitespace (what botocore's base64 accepts and some emulators send).
std::optional<Bytes> Base64DecodeLenient(std::string_view text);

// Lower-case hex.
std::string HexEncode(ByteView data);
// Accepts upper and lower case; nullopt on odd length or a non-hex character.
std::optional<Bytes> HexDecode(std::string_view text);

}  // namespace kc

#endif  // KC_COMMON_BYTES_H_
