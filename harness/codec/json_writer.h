// JsonWriter: a small, fast JSON writer for the encoders. The codec writes JSON by hand
// (members in model order, only those set) instead of building a DOM: it is what AWS
// sends byte for byte, and it is several times faster than a DOM dump.
#ifndef KC_CODEC_JSON_WRITER_H_
#define KC_CODEC_JSON_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/common/bytes.h"

namespace kc::codec {

// JsonWriter: appends JSON tokens to a string and places the commas. Keys are the model's
// member names (ASCII, written without escaping); string values are escaped as RFC 8259
// requires (quote, backslash, control characters) and otherwise passed through as UTF-8.
class JsonWriter {
 public:
  explicit JsonWriter(std::size_t reserve = 256) { out_.reserve(reserve); }

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // Key: the name of the next member (a model member name or an EncryptionContext key).
  void Key(std::string_view name);
  void String(std::string_view s);
  void Bool(bool b);
  void Int(std::int64_t i);
  // Number: a number's text exactly as given (already valid JSON: see timestamp.h).
  void Number(std::string_view text);
  // Base64: a blob as a standard base64 string.
  void Base64(ByteView data);

  const std::string& text() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Open(char c);
  void Close(char c);
  void BeforeValue();

  std::string out_;
  bool need_comma_ = false;
};

// AppendJsonString: appends s as a quoted, escaped JSON string; each byte of s that is not
// part of well-formed UTF-8 is written as U+FFFD, so the output is always valid JSON text.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace kc::codec

#endif  // KC_CODEC_JSON_WRITER_H_
