#include "harness/common/bytes.h"

#include <array>

namespace kc {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// 0..63 for alphabet characters, 64 for '=', 0xFF otherwise.
constexpr std::array<std::uint8_t, 256> MakeDecodeTable(bool url_safe_too) {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t) v = 0xFF;
  for (std::uint8_t i = 0; i < 64; ++i) t[static_cast<unsigned char>(kB64[i])] = i;
  if (url_safe_too) {
    t[static_cast<unsigned char>('-')] = 62;
    t[static_cast<unsigned char>('_')] = 63;
  }
  t[static_cast<unsigned char>('=')] = 64;
  return t;
}
constexpr auto kStrictTable = MakeDecodeTable(false);
constexpr auto kLenientTable = MakeDecodeTable(true);

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Base64Encode(ByteView data) {
  std::string out;
  out.resize((data.size() + 2) / 3 * 4);
  std::size_t o = 0, i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) |
                            std::uint32_t{data[i + 2]};
    out[o++] = kB64[(v >> 18) & 63];
    out[o++] = kB64[(v >> 12) & 63];
    out[o++] = kB64[(v >> 6) & 63];
    out[o++] = kB64[v & 63];
  }
  const std::size_t rest = data.size() - i;
  if (rest == 1) {
    const std::uint32_t v = std::uint32_t{data[i]} << 16;
    out[o++] = kB64[(v >> 18) & 63];
    out[o++] = kB64[(v >> 12) & 63];
    out[o++] = '=';
    out[o++] = '=';
  } else if (rest == 2) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8);
    out[o++] = kB64[(v >> 18) & 63];
    out[o++] = kB64[(v >> 12) & 63];
    out[o++] = kB64[(v >> 6) & 63];
    out[o++] = '=';
  }
  return out;
}

std::optional<Bytes> Base64DecodeStrict(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  Bytes out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const std::uint8_t a = kStrictTable[static_cast<unsigned char>(text[i])];
    const std::uint8_t b = kStrictTable[static_cast<unsigned char>(text[i + 1])];
    const std::uint8_t c = kStrictTable[static_cast<unsigned char>(text[i + 2])];
    const std::uint8_t d = kStrictTable[static_cast<unsigned char>(text[i + 3])];
    const bool last = i + 4 == text.size();
    if (a >= 64 || b >= 64) return std::nullopt;
    if (c == 64) {  // "xx=="
      if (!last || d != 64 || (b & 0x0F) != 0) return std::nullopt;
      out.push_back(static_cast<std::uint8_t>((a << 2) | (b >> 4)));
      break;
    }
    if (c > 64) return std::nullopt;
    if (d == 64) {  // "xxx="
      if (!last || (c & 0x03) != 0) return std::nullopt;
      out.push_back(static_cast<std::uint8_t>((a << 2) | (b >> 4)));
      out.push_back(static_cast<std::uint8_t>(((b & 0x0F) << 4) | (c >> 2)));
      break;
    }
    if (d > 64) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>((a << 2) | (b >> 4)));
    out.push_back(static_cast<std::uint8_t>(((b & 0x0F) << 4) | (c >> 2)));
    out.push_back(static_cast<std::uint8_t>(((c & 0x03) << 6) | d));
  }
  return out;
}

std::optional<Bytes> Base64DecodeLenient(std::string_view text) {
  Bytes out;
  out.reserve(text.size() / 4 * 3 + 3);
  std::uint32_t acc = 0;
  int bits = 0;
  bool padding_seen = false;
  for (char ch : text) {
    if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') continue;
    const std::uint8_t v = kLenientTable[static_cast<unsigned char>(ch)];
    if (v == 0xFF) return std::nullopt;
    if (v == 64) {
      padding_seen = true;
      continue;
    }
    if (padding_seen) return std::nullopt;  // data after padding
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xFF));
    }
  }
  if (bits >= 6) return std::nullopt;  // a lone sextet cannot encode a byte
  return out;
}

std::string HexEncode(ByteView data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(data.size() * 2, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 0x0F];
  }
  return out;
}

std::optional<Bytes> HexDecode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  Bytes out(text.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = HexValue(text[2 * i]);
    const int lo = HexValue(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return out;
}

}  // namespace kc
