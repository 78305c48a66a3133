#include "harness/codec/json_writer.h"

#include <array>
#include <charconv>

#include "harness/common/utf8.h"

namespace kc::codec {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Which bytes need a look in a JSON string: '"', '\\' and U+0000..U+001F need an escape
// (RFC 8259 §7); bytes from 0x80 start a multi-byte sequence that must be well-formed UTF-8.
constexpr std::array<bool, 256> MakeEscapeTable() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
  for (int c = 0x80; c < 0x100; ++c) t[static_cast<std::size_t>(c)] = true;
  t[static_cast<std::size_t>('"')] = true;
  t[static_cast<std::size_t>('\\')] = true;
  return t;
}
constexpr auto kNeedsEscape = MakeEscapeTable();

void AppendEscape(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0x0F]};
  out.append(esc, sizeof esc);
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  std::size_t run = 0;  // start of the current run of bytes that need no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (!kNeedsEscape[c]) continue;
    if (c >= 0x80) {
      const CodePoint cp = DecodeUtf8(s, i);
      if (cp.length > 0) {
        i += cp.length - 1;  // well-formed: copied as is
        continue;
      }
      // Every JSON written is valid UTF-8: an ill-formed byte (e.g. of an X-Amz-Target
      // echoed into a message) becomes U+FFFD.
      out.append(s.data() + run, i - run);
      out += "\xEF\xBF\xBD";
      run = i + 1;
      continue;
    }
    out.append(s.data() + run, i - run);
    AppendEscape(out, c);
    run = i + 1;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void JsonWriter::Open(char c) {
  BeforeValue();
  out_.push_back(c);
  need_comma_ = false;
}

void JsonWriter::Close(char c) {
  out_.push_back(c);
  need_comma_ = true;
}

void JsonWriter::BeforeValue() {
  if (need_comma_) out_.push_back(',');
}

void JsonWriter::Key(std::string_view name) {
  BeforeValue();
  AppendJsonString(out_, name);
  out_.push_back(':');
  need_comma_ = false;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  AppendJsonString(out_, s);
  need_comma_ = true;
}

void JsonWriter::Bool(bool b) {
  BeforeValue();
  out_ += b ? "true" : "false";
  need_comma_ = true;
}

void JsonWriter::Int(std::int64_t i) {
  BeforeValue();
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, i);
  out_.append(buf, r.ptr);
  need_comma_ = true;
}

void JsonWriter::Number(std::string_view text) {
  BeforeValue();
  out_ += text;
  need_comma_ = true;
}

void JsonWriter::Base64(ByteView data) {
  BeforeValue();
  // Encoded straight into the output (no temporary string): the encoders' hot path.
  const std::size_t start = out_.size();
  out_.resize(start + 2 + (data.size() + 2) / 3 * 4);
  char* o = out_.data() + start;
  *o++ = '"';
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) |
                            std::uint32_t{data[i + 2]};
    *o++ = kB64[(v >> 18) & 63];
    *o++ = kB64[(v >> 12) & 63];
    *o++ = kB64[(v >> 6) & 63];
    *o++ = kB64[v & 63];
  }
  const std::size_t rest = data.size() - i;
  if (rest == 1) {
    const std::uint32_t v = std::uint32_t{data[i]} << 16;
    *o++ = kB64[(v >> 18) & 63];
    *o++ = kB64[(v >> 12) & 63];
    *o++ = '=';
    *o++ = '=';
  } else if (rest == 2) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8);
    *o++ = kB64[(v >> 18) & 63];
    *o++ = kB64[(v >> 12) & 63];
    *o++ = kB64[(v >> 6) & 63];
    *o++ = '=';
  }
  *o = '"';
  need_comma_ = true;
}

}  // namespace kc::codec
