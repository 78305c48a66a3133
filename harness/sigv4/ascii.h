// Byte classes of SigV4's canonical forms as 256-entry tables, for the sigv4 sources only.
// A table lookup is one load where a chain of range tests is several compares; in the fuzz
// build every compare also calls a sanitizer-coverage hook, and the per-byte loops of
// canonicalisation and parsing spent more time in those hooks than in their own work.
#ifndef KC_SIGV4_ASCII_H_
#define KC_SIGV4_ASCII_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

// KC_SIGV4_NO_COVERAGE: no sanitizer-coverage instrumentation for a function whose loops
// depend only on fixed lengths (hex-encoding a 32-byte digest): in the fuzz build each loop
// test is a __sanitizer_cov_trace_cmp call that tells libFuzzer nothing.
#if defined(__clang__)
#define KC_SIGV4_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define KC_SIGV4_NO_COVERAGE
#endif

namespace kc::sigv4::ascii {

// ByteSet: 1 for the bytes in the set, 0 for the others. Bytes, not bools: UBSan checks every
// bool loaded from memory (-fsanitize=bool), two more compares per byte. Plain arrays, not
// std::array: with UBSan on, clang-14 does not inline std::array::operator[], a call per byte.
struct ByteSet {
  std::uint8_t v[256];
  constexpr std::uint8_t operator[](unsigned char c) const { return v[c]; }
};

// kHexValue: 0-15 for a hex digit of either case, -1 for any other byte.
struct HexTable {
  std::int8_t v[256];
};
inline constexpr HexTable kHexValue = [] {
  HexTable t{};
  for (auto& v : t.v) v = -1;
  for (int c = '0'; c <= '9'; ++c) t.v[c] = static_cast<std::int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) {
    t.v[c] = static_cast<std::int8_t>(c - 'a' + 10);
    t.v[c - 'a' + 'A'] = static_cast<std::int8_t>(c - 'a' + 10);
  }
  return t;
}();

// HexValue: kHexValue of a char.
constexpr int HexValue(char c) { return kHexValue.v[static_cast<unsigned char>(c)]; }

// kLower: the byte with A-Z mapped to a-z, every other byte unchanged.
inline constexpr ByteSet kLower = [] {
  ByteSet t{};
  for (unsigned c = 0; c < 256; ++c) {
    t.v[c] = static_cast<std::uint8_t>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  }
  return t;
}();

constexpr char Lower(char c) { return static_cast<char>(kLower[static_cast<unsigned char>(c)]); }

// kUnreserved: RFC 3986's unreserved set, A-Z a-z 0-9 '-' '.' '_' '~'.
// kUnreservedOrSlash: the same plus '/'.
inline constexpr ByteSet kUnreserved = [] {
  ByteSet t{};
  for (int c = 'A'; c <= 'Z'; ++c) t.v[c] = 1;
  for (int c = 'a'; c <= 'z'; ++c) t.v[c] = 1;
  for (int c = '0'; c <= '9'; ++c) t.v[c] = 1;
  for (char c : {'-', '.', '_', '~'}) t.v[static_cast<unsigned char>(c)] = 1;
  return t;
}();
inline constexpr ByteSet kUnreservedOrSlash = [] {
  ByteSet t = kUnreserved;
  t.v[static_cast<unsigned char>('/')] = 1;
  return t;
}();

// kHeaderSpace: the whitespace a canonical header value trims and collapses (SP, HT, CR, LF).
inline constexpr ByteSet kHeaderSpace = [] {
  ByteSet t{};
  for (char c : {' ', '\t', '\r', '\n'}) t.v[static_cast<unsigned char>(c)] = 1;
  return t;
}();

constexpr bool IsHeaderSpace(char c) { return kHeaderSpace[static_cast<unsigned char>(c)] != 0; }
// kHeaderNonSpace: every byte but those of kHeaderSpace.
inline constexpr ByteSet kHeaderNonSpace = [] {
  ByteSet t{};
  for (unsigned c = 0; c < 256; ++c) t.v[c] = kHeaderSpace.v[c] != 0 ? 0 : 1;
  return t;
}();

// In: whether `c` is in `set`.
constexpr bool In(const ByteSet& set, char c) { return set[static_cast<unsigned char>(c)] != 0; }

// SpanIn: the end of the run of bytes in `set` that starts at text[from]: the first index
// >= from whose byte is not in `set`, or text.size(). Eight bytes are loaded at once and
// tested with one branch (their table entries and-ed together): canonicalisation spends
// most of its time in such runs, and in the fuzz build each branch is a sanitizer-coverage
// call and each pointer offset a UBSan pointer-overflow check (itself a traced compare).
inline std::size_t SpanIn(const ByteSet& set, std::string_view text, std::size_t from) {
  const std::size_t n = text.size();
  std::size_t i = from;
  while (n - i >= 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, text.data() + i, sizeof w);  // the order of the bytes does not matter
    const unsigned all = set.v[w & 0xFF] & set.v[(w >> 8) & 0xFF] & set.v[(w >> 16) & 0xFF] &
                         set.v[(w >> 24) & 0xFF] & set.v[(w >> 32) & 0xFF] &
                         set.v[(w >> 40) & 0xFF] & set.v[(w >> 48) & 0xFF] & set.v[w >> 56];
    if (all == 0) break;
    i += 8;
  }
  while (i < n && In(set, text[i])) ++i;
  return i;
}

}  // namespace kc::sigv4::ascii

#endif  // KC_SIGV4_ASCII_H_
