// Byte classes of SigV4's canonical forms as 256-entry tables, for the sigv4 sources only.
// A table lookup is one load where a chain of range tests is several compares; in the fuzz
// build every compare also calls a sanitizer-coverage hook, and the per-byte loops of
// canonicalisation and parsing spent more time in those hooks than in their own work.
#ifndef KC_SIGV4_ASCII_H_
#define KC_SIGV4_ASCII_H_

#include <array>
#include <cstdint>

namespace kc::sigv4::ascii {

// ByteSet: 1 for the bytes in the set, 0 for the others. Bytes, not bools: UBSan checks every
// bool loaded from memory (-fsanitize=bool), two more compares per byte.
using ByteSet = std::array<std::uint8_t, 256>;

// kHexValue: 0-15 for a hex digit of either case, -1 for any other byte.
inline constexpr std::array<std::int8_t, 256> kHexValue = [] {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) {
    t[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'a' + 10);
    t[static_cast<std::size_t>(c - 'a' + 'A')] = static_cast<std::int8_t>(c - 'a' + 10);
  }
  return t;
}();

// HexValue: kHexValue of a char.
constexpr int HexValue(char c) { return kHexValue[static_cast<unsigned char>(c)]; }

// kLower: the byte with A-Z mapped to a-z, every other byte unchanged.
inline constexpr std::array<unsigned char, 256> kLower = [] {
  std::array<unsigned char, 256> t{};
  for (std::size_t c = 0; c < t.size(); ++c) {
    t[c] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  }
  return t;
}();

constexpr char Lower(char c) {
  return static_cast<char>(kLower[static_cast<unsigned char>(c)]);
}

// kUnreserved: RFC 3986's unreserved set, A-Z a-z 0-9 '-' '.' '_' '~'.
// kUnreservedOrSlash: the same plus '/'.
inline constexpr ByteSet kUnreserved = [] {
  ByteSet t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = 1;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = 1;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = 1;
  for (char c : {'-', '.', '_', '~'}) t[static_cast<unsigned char>(c)] = 1;
  return t;
}();
inline constexpr ByteSet kUnreservedOrSlash = [] {
  ByteSet t = kUnreserved;
  t['/'] = 1;
  return t;
}();

// kHeaderSpace: the whitespace a canonical header value trims and collapses (SP, HT, CR, LF).
inline constexpr ByteSet kHeaderSpace = [] {
  ByteSet t{};
  for (char c : {' ', '\t', '\r', '\n'}) t[static_cast<unsigned char>(c)] = 1;
  return t;
}();

constexpr bool IsHeaderSpace(char c) { return kHeaderSpace[static_cast<unsigned char>(c)] != 0; }

// In: whether `c` is in `set`.
constexpr bool In(const ByteSet& set, char c) { return set[static_cast<unsigned char>(c)] != 0; }

}  // namespace kc::sigv4::ascii

#endif  // KC_SIGV4_ASCII_H_
