#include "harness/codec/strict_json.h"

#include "harness/common/utf8.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <new>
#include <system_error>

namespace kc::codec::strict {

using json::ParseStatus;
using json::Type;

namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

// True when one of the 8 bytes of w needs the slow path of a string: '"', '\\', a control
// character (< 0x20) or a non-ASCII byte (>= 0x80, UTF-8 to validate).
bool NeedsAttention(std::uint64_t w) {
  const std::uint64_t quote = w ^ (kOnes * '"');
  const std::uint64_t backslash = w ^ (kOnes * '\\');
  const std::uint64_t has_quote = (quote - kOnes) & ~quote;
  const std::uint64_t has_backslash = (backslash - kOnes) & ~backslash;
  const std::uint64_t has_control = (w - kOnes * 0x20) & ~w;
  return ((has_quote | has_backslash | has_control) & kHighs) != 0 || (w & kHighs) != 0;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// HasDuplicate: whether two of the keys are equal. Pairwise for the small objects requests
// are made of; sorted for large ones, so a hostile body stays O(n log n).
bool HasDuplicate(std::vector<std::string_view>& keys) {
  const std::size_t n = keys.size();
  if (n <= 16) {
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = i + 1; j < n; ++j) {
        if (keys[i] == keys[j]) return true;
      }
    }
    return false;
  }
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
}

}  // namespace

// Parser: one pass over the text with an explicit stack of open containers (no recursion).
// The members of an open container collect in scratch_; when it closes they move, as one
// contiguous run, to the Document's members_.
class Parser {
 public:
  Parser(std::string_view text, Document& doc) : s_(text), doc_(doc) {}

  ParseStatus Run() {
    // A UTF-8 byte order mark may start the text (RFC 8259 §8.1 lets a parser ignore it;
    // Jackson, behind AWS's JSON services, and nlohmann both do).
    if (s_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
    SkipSpace();
    std::string_view key;  // the key of the value about to be parsed (objects)
    while (true) {
      // Expect a value.
      if (pos_ >= s_.size()) return ParseStatus::kMalformed;
      const char c = s_[pos_];
      std::size_t node = 0;
      if (c == '{' || c == '[') {
        const bool object = c == '{';
        node = NewNode(object ? Type::kObject : Type::kArray);
        stack_.push_back(Frame{node, scratch_.size(), key, object});
        ++pos_;
        SkipSpace();
        if (pos_ < s_.size() && s_[pos_] == (object ? '}' : ']')) {
          ++pos_;
          node = Close(key);
        } else if (object) {
          if (!ParseKey(key)) return ParseStatus::kMalformed;
          continue;
        } else {
          key = {};
          continue;
        }
      } else if (c == '"') {
        std::string_view text;
        if (!ParseString(text)) return ParseStatus::kMalformed;
        node = NewNode(Type::kString);
        doc_.nodes_[node].text = text;
      } else if (c == 't' || c == 'f' || c == 'n') {
        if (!ParseLiteral(node)) return ParseStatus::kMalformed;
      } else if (c == '-' || IsDigit(c)) {
        if (!ParseNumber(node)) return ParseStatus::kMalformed;
      } else {
        return ParseStatus::kMalformed;
      }
      // After a value: close containers until one continues with ',' (or the text ends).
      while (true) {
        if (stack_.empty()) {
          SkipSpace();
          if (pos_ != s_.size()) return ParseStatus::kMalformed;
          return duplicate_ ? ParseStatus::kDuplicateKey : ParseStatus::kOk;
        }
        scratch_.push_back(Document::Member{key, node});
        SkipSpace();
        if (pos_ >= s_.size()) return ParseStatus::kMalformed;
        const Frame& top = stack_.back();
        const char d = s_[pos_];
        if (d == ',') {
          ++pos_;
          SkipSpace();
          if (top.object) {
            if (!ParseKey(key)) return ParseStatus::kMalformed;
          } else {
            key = {};
          }
          break;  // the next value
        }
        if (d != (top.object ? '}' : ']')) return ParseStatus::kMalformed;
        ++pos_;
        node = Close(key);
      }
    }
  }

 private:
  struct Frame {
    std::size_t node;
    std::size_t scratch_start;
    std::string_view key_in_parent;
    bool object;
  };

  std::size_t NewNode(Type type) {
    doc_.nodes_.emplace_back();
    doc_.nodes_.back().type = type;
    return doc_.nodes_.size() - 1;
  }

  // Close: ends the innermost container; returns its node and sets key to its key in its parent.
  std::size_t Close(std::string_view& key) {
    const Frame f = stack_.back();
    stack_.pop_back();
    Document::Node& n = doc_.nodes_[f.node];
    n.first = doc_.members_.size();
    n.count = scratch_.size() - f.scratch_start;
    doc_.members_.insert(doc_.members_.end(),
                         scratch_.begin() + static_cast<std::ptrdiff_t>(f.scratch_start),
                         scratch_.end());
    scratch_.resize(f.scratch_start);
    if (f.object && n.count > 1 && !duplicate_) {
      keys_.clear();
      for (std::size_t i = 0; i < n.count; ++i) keys_.push_back(doc_.members_[n.first + i].key);
      duplicate_ = HasDuplicate(keys_);
    }
    key = f.key_in_parent;
    return f.node;
  }

  void SkipSpace() {
    while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
  }

  // ParseKey: `"name"` then `:`, leaving pos_ at the value.
  bool ParseKey(std::string_view& key) {
    if (pos_ >= s_.size() || s_[pos_] != '"' || !ParseString(key)) return false;
    SkipSpace();
    if (pos_ >= s_.size() || s_[pos_] != ':') return false;
    ++pos_;
    SkipSpace();
    return true;
  }

  bool ParseLiteral(std::size_t& node) {
    const std::string_view rest = s_.substr(pos_);
    if (rest.starts_with("true")) {
      node = NewNode(Type::kBoolean);
      doc_.nodes_[node].flag = true;
      pos_ += 4;
    } else if (rest.starts_with("false")) {
      node = NewNode(Type::kBoolean);
      pos_ += 5;
    } else if (rest.starts_with("null")) {
      node = NewNode(Type::kNull);
      pos_ += 4;
    } else {
      return false;
    }
    return true;
  }

  // ParseNumber: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool ParseNumber(std::size_t& node) {
    const std::size_t start = pos_;
    const bool negative = s_[pos_] == '-';
    if (negative) ++pos_;
    if (pos_ >= s_.size() || !IsDigit(s_[pos_])) return false;
    const std::size_t int_start = pos_;
    if (s_[pos_] == '0') {
      ++pos_;
    } else {
      while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
    }
    const std::size_t int_end = pos_;
    bool integer = true;
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (pos_ >= s_.size() || !IsDigit(s_[pos_])) return false;
      while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
      integer = false;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (pos_ >= s_.size() || !IsDigit(s_[pos_])) return false;
      while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
      integer = false;
    }
    if (integer) {
      // An integer in uint64 (or, negative, down to -2^63) is an integer, as nlohmann keeps it.
      std::uint64_t magnitude = 0;
      bool fits = true;
      for (std::size_t i = int_start; i < int_end && fits; ++i) {
        const auto digit = static_cast<std::uint64_t>(s_[i] - '0');
        if (magnitude > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
          fits = false;
        } else {
          magnitude = magnitude * 10 + digit;
        }
      }
      if (negative && magnitude > (std::uint64_t{1} << 63)) fits = false;
      if (fits) {
        node = NewNode(Type::kInteger);
        doc_.nodes_[node].flag = negative && magnitude != 0;
        doc_.nodes_[node].magnitude = magnitude;
        return true;
      }
    }
    double value = 0.0;
    const char* first = s_.data() + start;
    const char* last = s_.data() + pos_;
    const auto r = std::from_chars(first, last, value);
    if (r.ec == std::errc::result_out_of_range) {
      // Too large is refused (nlohmann: "number overflow"); too small reads as zero, as strtod.
      if (!Underflows(int_start, int_end)) return false;
      value = negative ? -0.0 : 0.0;
    } else if (r.ec != std::errc() || r.ptr != last) {
      return false;
    }
    node = NewNode(Type::kFloat);
    doc_.nodes_[node].number = value;
    return true;
  }

  // Underflows: for a number from_chars found out of range, whether its magnitude is below 1
  // (so it rounded to zero) rather than above the largest double.
  bool Underflows(std::size_t int_start, std::size_t int_end) const {
    // Decimal exponent of the leading non-zero digit, before the explicit exponent.
    std::int64_t lead = 0;
    std::size_t i = int_start;
    while (i < int_end && s_[i] == '0') ++i;
    if (i < int_end) {
      lead = static_cast<std::int64_t>(int_end - i) - 1;
    } else {
      std::size_t j = int_end;
      if (j < pos_ && s_[j] == '.') {
        ++j;
        std::int64_t zeros = 0;
        while (j < pos_ && s_[j] == '0') {
          ++zeros;
          ++j;
        }
        lead = -zeros - 1;
      }
    }
    std::int64_t exponent = 0;
    const std::size_t e = s_.find_first_of("eE", int_end);
    if (e != std::string_view::npos && e < pos_) {
      std::size_t j = e + 1;
      bool minus = false;
      if (s_[j] == '+' || s_[j] == '-') minus = s_[j++] == '-';
      for (; j < pos_; ++j) {
        exponent = std::min<std::int64_t>(exponent * 10 + (s_[j] - '0'), 1'000'000'000);
      }
      if (minus) exponent = -exponent;
    }
    return lead + exponent < 0;
  }

  // ParseString: at the opening quote; out views the body when the string has no escape.
  bool ParseString(std::string_view& out) {
    const std::size_t start = ++pos_;
    while (true) {
      while (pos_ + 8 <= s_.size()) {
        std::uint64_t w;
        std::memcpy(&w, s_.data() + pos_, 8);
        if (NeedsAttention(w)) break;
        pos_ += 8;
      }
      if (pos_ >= s_.size()) return false;
      const auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        out = s_.substr(start, pos_ - start);
        ++pos_;
        return true;
      }
      if (c == '\\') return ParseEscapedString(start, out);
      if (c < 0x20) return false;
      if (c < 0x80) {
        ++pos_;
        continue;
      }
      const std::size_t len = kc::DecodeUtf8(s_, pos_).length;
      if (len == 0) return false;
      pos_ += len;
    }
  }

  // ParseEscapedString: the rest of a string from its first backslash, unescaped into its own
  // allocation.
  bool ParseEscapedString(std::size_t start, std::string_view& out) {
    auto buffer = std::make_unique<std::string>(s_.substr(start, pos_ - start));
    std::string& b = *buffer;
    while (pos_ < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        out = b;
        doc_.unescaped_.push_back(std::move(buffer));
        return true;
      }
      if (c == '\\') {
        if (++pos_ >= s_.size()) return false;
        const char e = s_[pos_++];
        switch (e) {
          case '"': b.push_back('"'); break;
          case '\\': b.push_back('\\'); break;
          case '/': b.push_back('/'); break;
          case 'b': b.push_back('\b'); break;
          case 'f': b.push_back('\f'); break;
          case 'n': b.push_back('\n'); break;
          case 'r': b.push_back('\r'); break;
          case 't': b.push_back('\t'); break;
          case 'u': {
            std::uint32_t cp = 0;
            if (!Hex4(cp)) return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              // A high surrogate must be followed by an escaped low one.
              std::uint32_t low = 0;
              if (pos_ + 2 > s_.size() || s_[pos_] != '\\' || s_[pos_ + 1] != 'u') return false;
              pos_ += 2;
              if (!Hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              return false;
            }
            kc::AppendUtf8(b, static_cast<char32_t>(cp));
            break;
          }
          default: return false;
        }
        continue;
      }
      if (c < 0x20) return false;
      if (c < 0x80) {
        b.push_back(static_cast<char>(c));
        ++pos_;
        continue;
      }
      const std::size_t len = kc::DecodeUtf8(s_, pos_).length;
      if (len == 0) return false;
      b.append(s_.substr(pos_, len));
      pos_ += len;
    }
    return false;
  }

  bool Hex4(std::uint32_t& cp) {
    if (pos_ + 4 > s_.size()) return false;
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      const int h = HexDigit(s_[pos_++]);
      if (h < 0) return false;
      cp = (cp << 4) | static_cast<std::uint32_t>(h);
    }
    return true;
  }

  std::string_view s_;
  Document& doc_;
  std::size_t pos_ = 0;
  std::vector<Frame> stack_;
  std::vector<Document::Member> scratch_;
  std::vector<std::string_view> keys_;
  bool duplicate_ = false;
};

Document Document::Parse(std::string_view text) {
  Document doc;
  try {
    // A request of ~1 KB has ~10 nodes; reserve so the usual body never reallocates.
    doc.nodes_.reserve(16);
    doc.members_.reserve(16);
    Parser parser(text, doc);
    doc.status_ = parser.Run();
  } catch (const std::bad_alloc&) {
    doc.status_ = ParseStatus::kFailed;
  }
  if (!doc.has_root()) {
    doc.nodes_.clear();
    doc.members_.clear();
    doc.unescaped_.clear();
  }
  return doc;
}

Type Value::type() const { return doc_->nodes_[node_].type; }

bool Value::bool_value() const {
  const Document::Node& n = doc_->nodes_[node_];
  return n.type == Type::kBoolean && n.flag;
}

std::optional<std::int64_t> Value::int_value() const {
  const Document::Node& n = doc_->nodes_[node_];
  if (n.type != Type::kInteger) return std::nullopt;
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (!n.flag) {
    if (n.magnitude > kMax) return std::nullopt;
    return static_cast<std::int64_t>(n.magnitude);
  }
  // Negative, |value| <= 2^63.
  if (n.magnitude == kMax + 1) return std::numeric_limits<std::int64_t>::min();
  return -static_cast<std::int64_t>(n.magnitude);
}

double Value::number_value() const {
  const Document::Node& n = doc_->nodes_[node_];
  if (n.type == Type::kFloat) return n.number;
  if (n.type != Type::kInteger) return 0.0;
  const auto m = static_cast<double>(n.magnitude);
  return n.flag ? -m : m;
}

std::string_view Value::string_value() const {
  const Document::Node& n = doc_->nodes_[node_];
  return n.type == Type::kString ? n.text : std::string_view();
}

std::size_t Value::size() const {
  const Document::Node& n = doc_->nodes_[node_];
  return n.type == Type::kArray || n.type == Type::kObject ? n.count : 0;
}

Value Value::element(std::size_t i) const {
  const Document::Node& n = doc_->nodes_[node_];
  // Callers index below size(); a wrong index is a programming error, not an input path.
  return Value(doc_, doc_->members_[n.first + i].node);
}

std::optional<Value> Value::Find(std::string_view key) const {
  const Document::Node& n = doc_->nodes_[node_];
  if (n.type != Type::kObject) return std::nullopt;
  for (std::size_t i = 0; i < n.count; ++i) {
    const Document::Member& m = doc_->members_[n.first + i];
    if (m.key == key) return Value(doc_, m.node);
  }
  return std::nullopt;
}

}  // namespace kc::codec::strict
