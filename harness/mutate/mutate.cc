#include "harness/mutate/mutate.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace kc::mutate {
namespace {

using contract::Operation;
using Kind = JValue::Kind;

// ---- serialisation ----

void AppendString(std::string& out, std::string_view bytes) {
  out += '"';
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void SerializeTo(std::string& out, const JValue& root) {
  // An explicit stack: deep-nesting mutations build values thousands of levels deep.
  struct Frame {
    const JValue* v;
    std::size_t next;  // next child to write
  };
  std::vector<Frame> stack;
  stack.push_back({&root, 0});
  while (!stack.empty()) {
    Frame& f = stack.back();
    const JValue& v = *f.v;
    switch (v.kind) {
      case Kind::kNull: out += "null"; stack.pop_back(); continue;
      case Kind::kBool:
      case Kind::kNumber: out += v.text; stack.pop_back(); continue;
      case Kind::kString: AppendString(out, v.text); stack.pop_back(); continue;
      case Kind::kArray:
        if (f.next == 0) out += '[';
        if (f.next == v.items.size()) {
          out += ']';
          stack.pop_back();
          continue;
        }
        if (f.next > 0) out += ',';
        stack.push_back({&v.items[f.next++], 0});
        continue;
      case Kind::kObject:
        if (f.next == 0) out += '{';
        if (f.next == v.members.size()) {
          out += '}';
          stack.pop_back();
          continue;
        }
        if (f.next > 0) out += ',';
        AppendString(out, v.members[f.next].first);
        out += ':';
        {
          const JValue* child = &v.members[f.next++].second;
          stack.push_back({child, 0});
        }
        continue;
    }
  }
}

// ---- parsing (valid JSON in; duplicates and number text kept) ----

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}
  std::optional<JValue> Run() {
    JValue v;
    if (!Value(v, 0)) return std::nullopt;
    Ws();
    if (i_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void Ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  bool Lit(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  static void Utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  bool Str(std::string& out) {
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    ++i_;
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) return false;
      const char e = s_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          if (i_ + 4 > s_.size()) return false;
          std::uint32_t cp = 0;
          for (int k = 0; k < 4; ++k) {
            const int h = Hex(s_[i_++]);
            if (h < 0) return false;
            cp = cp * 16 + static_cast<std::uint32_t>(h);
          }
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(i_, 2) == "\\u" && i_ + 6 <= s_.size()) {
            std::uint32_t lo = 0;
            bool ok = true;
            for (int k = 0; k < 4; ++k) {
              const int h = Hex(s_[i_ + 2 + static_cast<std::size_t>(k)]);
              if (h < 0) ok = false;
              lo = lo * 16 + static_cast<std::uint32_t>(std::max(h, 0));
            }
            if (ok && lo >= 0xDC00 && lo < 0xE000) {
              i_ += 6;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
          }
          Utf8(out, cp);
          break;
        }
        default: return false;
      }
    }
    return false;
  }
  bool Num(std::string& out) {
    const std::size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    const std::size_t digits = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    if (i_ == digits) return false;
    if (s_[digits] == '0' && i_ - digits > 1) return false;  // no leading zeros
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      const std::size_t f = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      if (i_ == f) return false;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      const std::size_t e = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      if (i_ == e) return false;
    }
    out.assign(s_.substr(start, i_ - start));
    return true;
  }
  bool Value(JValue& v, int depth) {
    if (depth > 512) return false;
    Ws();
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    if (c == '{') {
      ++i_;
      v.kind = Kind::kObject;
      Ws();
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return true;
      }
      while (true) {
        Ws();
        std::string name;
        if (!Str(name)) return false;
        Ws();
        if (i_ >= s_.size() || s_[i_] != ':') return false;
        ++i_;
        JValue child;
        if (!Value(child, depth + 1)) return false;
        v.members.emplace_back(std::move(name), std::move(child));
        Ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == '}') {
          ++i_;
          return true;
        }
        return false;
      }
    }
    if (c == '[') {
      ++i_;
      v.kind = Kind::kArray;
      Ws();
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return true;
      }
      while (true) {
        JValue child;
        if (!Value(child, depth + 1)) return false;
        v.items.push_back(std::move(child));
        Ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == ']') {
          ++i_;
          return true;
        }
        return false;
      }
    }
    if (c == '"') {
      v.kind = Kind::kString;
      return Str(v.text);
    }
    if (Lit("true")) {
      v = JValue::Bool(true);
      return true;
    }
    if (Lit("false")) {
      v = JValue::Bool(false);
      return true;
    }
    if (Lit("null")) {
      v = JValue::Null();
      return true;
    }
    v.kind = Kind::kNumber;
    return Num(v.text);
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// ---- the members of the operations (wire names), for aiming mutations ----

constexpr std::string_view kBlobMembers[] = {"Plaintext", "CiphertextBlob", "ImportToken",
                                             "EncryptedKeyMaterial"};
bool IsBlob(std::string_view m) {
  return std::find(std::begin(kBlobMembers), std::end(kBlobMembers), m) != std::end(kBlobMembers);
}

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const std::uint32_t n = (static_cast<std::uint8_t>(in[i]) << 16) |
                            (static_cast<std::uint8_t>(in[i + 1]) << 8) |
                            static_cast<std::uint8_t>(in[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == in.size()) {
    const std::uint32_t n = static_cast<std::uint8_t>(in[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const std::uint32_t n =
        (static_cast<std::uint8_t>(in[i]) << 16) | (static_cast<std::uint8_t>(in[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

template <typename T, std::size_t N>
const T& Pick(gen::Rng& rng, const T (&items)[N]) {
  return items[rng.Uniform(N)];
}

// The operations, weighted: the import contract's three, and the key calls around them, most.
constexpr Operation kOpsByWeight[] = {
    Operation::kGetParametersForImport, Operation::kGetParametersForImport,
    Operation::kGetParametersForImport, Operation::kImportKeyMaterial,
    Operation::kImportKeyMaterial,      Operation::kImportKeyMaterial,
    Operation::kDeleteImportedKeyMaterial, Operation::kDeleteImportedKeyMaterial,
    Operation::kCreateKey,              Operation::kCreateKey,
    Operation::kDescribeKey,            Operation::kDescribeKey,
    Operation::kEncrypt,                Operation::kDecrypt,
    Operation::kListKeys,               Operation::kEnableKey,
    Operation::kDisableKey,             Operation::kScheduleKeyDeletion,
    Operation::kCancelKeyDeletion,      Operation::kCreateAlias,
    Operation::kDeleteAlias,            Operation::kListAliases,
    Operation::kUpdateAlias,
};

}  // namespace

JValue JValue::Bool(bool b) {
  JValue v;
  v.kind = Kind::kBool;
  v.text = b ? "true" : "false";
  return v;
}
JValue JValue::Number(std::string text) {
  JValue v;
  v.kind = Kind::kNumber;
  v.text = std::move(text);
  return v;
}
JValue JValue::String(std::string bytes) {
  JValue v;
  v.kind = Kind::kString;
  v.text = std::move(bytes);
  return v;
}
JValue JValue::Array(std::vector<JValue> items) {
  JValue v;
  v.kind = Kind::kArray;
  v.items = std::move(items);
  return v;
}
JValue JValue::Object(std::vector<std::pair<std::string, JValue>> members) {
  JValue v;
  v.kind = Kind::kObject;
  v.members = std::move(members);
  return v;
}
JValue* JValue::Member(std::string_view name) {
  for (auto& [n, v] : members) {
    if (n == name) return &v;
  }
  return nullptr;
}
const JValue* JValue::Member(std::string_view name) const {
  for (const auto& [n, v] : members) {
    if (n == name) return &v;
  }
  return nullptr;
}

std::string Serialize(const JValue& value) {
  std::string out;
  SerializeTo(out, value);
  return out;
}

std::optional<JValue> Parse(std::string_view json) { return Parser(json).Run(); }

std::string_view ClassName(Class c) {
  switch (c) {
    case Class::kStructure: return "structure";
    case Class::kValue: return "value";
    case Class::kSyntax: return "syntax";
    case Class::kHeader: return "header";
    case Class::kFraming: return "framing";
    case Class::kSignature: return "signature";
  }
  return "?";
}

std::string_view FramingName(Framing f) {
  switch (f) {
    case Framing::kNone: return "none";
    case Framing::kContentLengthShort: return "content-length-short";
    case Framing::kContentLengthLong: return "content-length-long";
    case Framing::kContentLengthInvalid: return "content-length-invalid";
    case Framing::kContentLengthTwice: return "content-length-twice";
    case Framing::kChunkedBadSize: return "chunked-bad-size";
    case Framing::kChunkedTruncated: return "chunked-truncated";
    case Framing::kChunkedAndLength: return "chunked-and-length";
    case Framing::kPipelined: return "pipelined";
    case Framing::kHalfClosed: return "half-closed";
    case Framing::kBareLf: return "bare-lf";
  }
  return "?";
}

std::string Mutation::Describe() const {
  const auto shown = [](std::string_view s) {
    std::string out;
    for (const char ch : s.substr(0, 60)) {
      const auto c = static_cast<unsigned char>(ch);
      if (c < 0x20 || c >= 0x7F) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02X", c);
        out += buf;
      } else {
        out += ch;
      }
    }
    if (s.size() > 60) out += "... (" + std::to_string(s.size()) + " bytes)";
    return out;
  };
  std::string what;
  switch (op) {
    case Op::kSet: what = member + ": set to " + shown(Serialize(value)); break;
    case Op::kRemove: what = member + ": removed"; break;
    case Op::kAdd: what = member + ": added " + shown(Serialize(value)); break;
    case Op::kBody: what = "body replaced by " + shown(bytes); break;
    case Op::kTruncate: what = "body cut to " + std::to_string(pos) + " bytes"; break;
    case Op::kInsertByte: what = "'" + shown(bytes) + "' inserted at byte " + std::to_string(pos); break;
    case Op::kAppend: what = "'" + shown(bytes) + "' appended to the body"; break;
    case Op::kTarget: what = remove ? "no X-Amz-Target" : "X-Amz-Target: " + shown(bytes); break;
    case Op::kContentType:
      what = remove ? "no Content-Type" : "Content-Type: " + shown(bytes);
      break;
    case Op::kFrame: what = "framing: " + std::string(FramingName(framing)); break;
    case Op::kSign: what = "signature: " + label; break;
  }
  return what + " (" + std::string(ClassName(cls)) + "/" + label + ")";
}

Built Build(const FuzzRequest& request) {
  Built b;
  b.target = std::string(contract::TargetOf(request.op));
  b.content_type = "application/x-amz-json-1.1";
  JValue body = request.body;
  for (const Mutation& m : request.mutations) {
    switch (m.op) {
      case Mutation::Op::kSet:
        if (body.kind != Kind::kObject) break;
        if (JValue* v = body.Member(m.member)) {
          *v = m.value;
        } else {
          body.members.emplace_back(m.member, m.value);
        }
        break;
      case Mutation::Op::kRemove:
        if (body.kind != Kind::kObject) break;
        std::erase_if(body.members, [&](const auto& p) { return p.first == m.member; });
        break;
      case Mutation::Op::kAdd:
        if (body.kind == Kind::kObject) body.members.emplace_back(m.member, m.value);
        break;
      default: break;
    }
  }
  b.body = Serialize(body);
  for (const Mutation& m : request.mutations) {
    switch (m.op) {
      case Mutation::Op::kBody: b.body = m.bytes; break;
      case Mutation::Op::kTruncate: b.body.resize(std::min(b.body.size(), m.pos)); break;
      case Mutation::Op::kInsertByte: b.body.insert(std::min(m.pos, b.body.size()), m.bytes); break;
      case Mutation::Op::kAppend: b.body += m.bytes; break;
      case Mutation::Op::kTarget:
        if (m.remove) b.target.reset();
        else b.target = m.bytes;
        break;
      case Mutation::Op::kContentType:
        if (m.remove) b.content_type.reset();
        else b.content_type = m.bytes;
        break;
      case Mutation::Op::kFrame: b.framing = m.framing; break;
      case Mutation::Op::kSign: b.sig = m.sig; break;
      default: break;
    }
  }
  return b;
}

Mutator::Mutator(std::uint64_t seed, contract::Profile profile, Fixtures fixtures,
                 std::vector<Seed> seeds, std::vector<std::string> dictionary, MixWeights mix)
    : rng_(seed ^ 0x6b6d73636f6e66ULL),
      profile_(profile),
      fx_(std::move(fixtures)),
      seeds_(std::move(seeds)),
      dictionary_(std::move(dictionary)),
      mix_(mix) {}

FuzzRequest Mutator::Base(Operation op) {
  FuzzRequest r;
  r.op = op;
  auto s = [](std::string v) { return JValue::String(std::move(v)); };
  auto key = [&](bool external) -> std::string {
    // Key ids in every form AWS accepts, mostly the plain id.
    const std::string& id = external ? fx_.external_key_id : fx_.symmetric_key_id;
    if (external && !fx_.external_key_arn.empty() && rng_.Chance(15)) return fx_.external_key_arn;
    return id;
  };
  std::vector<std::pair<std::string, JValue>> m;
  const bool y2026 = profile_ == contract::Profile::k2026;
  switch (op) {
    case Operation::kCreateKey: {
      m.emplace_back("Description", s("kmsconform fuzz"));
      if (rng_.Chance(70)) m.emplace_back("Origin", s(rng_.Chance(70) ? "EXTERNAL" : "AWS_KMS"));
      if (rng_.Chance(50)) m.emplace_back("KeySpec", s("SYMMETRIC_DEFAULT"));
      if (rng_.Chance(50)) m.emplace_back("KeyUsage", s("ENCRYPT_DECRYPT"));
      if (rng_.Chance(20)) {
        m.emplace_back("Tags", JValue::Array({JValue::Object(
                                   {{"TagKey", s("kc")}, {"TagValue", s("fuzz")}})}));
      }
      break;
    }
    case Operation::kDescribeKey:
    case Operation::kEnableKey:
    case Operation::kDisableKey:
    case Operation::kCancelKeyDeletion:
      m.emplace_back("KeyId", s(key(rng_.Chance(50))));
      break;
    case Operation::kListKeys:
      if (rng_.Chance(60)) m.emplace_back("Limit", JValue::Number(std::to_string(1 + rng_.Uniform(100))));
      break;
    case Operation::kScheduleKeyDeletion:
      m.emplace_back("KeyId", s(key(rng_.Chance(50))));
      m.emplace_back("PendingWindowInDays", JValue::Number(std::to_string(7 + rng_.Uniform(24))));
      break;
    case Operation::kGetParametersForImport: {
      static constexpr std::string_view kAlgs[] = {"RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1",
                                                   "RSAES_PKCS1_V1_5", "RSA_AES_KEY_WRAP_SHA_256",
                                                   "RSA_AES_KEY_WRAP_SHA_1"};
      m.emplace_back("KeyId", s(key(true)));
      // RSA_AES_KEY_WRAP_* are in the 2026 model's enum only.
      m.emplace_back("WrappingAlgorithm",
                     s(std::string(kAlgs[rng_.Uniform(y2026 ? 5 : 3)])));
      m.emplace_back("WrappingKeySpec", s("RSA_2048"));
      break;
    }
    case Operation::kImportKeyMaterial:
      m.emplace_back("KeyId", s(key(true)));
      m.emplace_back("ImportToken", s(fx_.import_token));
      m.emplace_back("EncryptedKeyMaterial", s(fx_.encrypted_material));
      if (rng_.Chance(50)) {
        m.emplace_back("ExpirationModel", s("KEY_MATERIAL_DOES_NOT_EXPIRE"));
      } else {
        m.emplace_back("ExpirationModel", s("KEY_MATERIAL_EXPIRES"));
        m.emplace_back("ValidTo", JValue::Number("4102444800"));
      }
      if (y2026 && rng_.Chance(30)) m.emplace_back("ImportType", s("EXISTING_KEY_MATERIAL"));
      break;
    case Operation::kDeleteImportedKeyMaterial:
      m.emplace_back("KeyId", s(key(true)));
      break;
    case Operation::kEncrypt:
      m.emplace_back("KeyId", s(key(false)));
      m.emplace_back("Plaintext", s(Base64("kmsconform fuzz plaintext")));
      if (rng_.Chance(30)) {
        m.emplace_back("EncryptionContext", JValue::Object({{"purpose", s("fuzz")}}));
      }
      break;
    case Operation::kDecrypt:
      m.emplace_back("CiphertextBlob", s(fx_.ciphertext));
      if (rng_.Chance(40)) m.emplace_back("KeyId", s(key(false)));
      break;
    case Operation::kCreateAlias:
    case Operation::kUpdateAlias:
      m.emplace_back("AliasName", s("alias/kc-fuzz-" + std::to_string(rng_.Uniform(1000))));
      m.emplace_back("TargetKeyId", s(key(false)));
      break;
    case Operation::kDeleteAlias:
      m.emplace_back("AliasName", s(fx_.alias_name.empty() ? "alias/kc-fuzz-0" : fx_.alias_name));
      break;
    case Operation::kListAliases:
      if (rng_.Chance(50)) m.emplace_back("KeyId", s(key(false)));
      if (rng_.Chance(50)) m.emplace_back("Limit", JValue::Number(std::to_string(1 + rng_.Uniform(100))));
      break;
    default:
      // The operations beyond the key-import contract's sixteen (Sign, GenerateMac, ...):
      // fuzz does not build them; a bare KeyId names the symmetric key.
      m.emplace_back("KeyId", s(key(false)));
      break;
  }
  r.body = JValue::Object(std::move(m));
  return r;
}

std::string Mutator::PickMember(const FuzzRequest& base) {
  if (base.body.kind == Kind::kObject && !base.body.members.empty() && rng_.Chance(85)) {
    return base.body.members[rng_.Uniform(static_cast<std::uint32_t>(base.body.members.size()))].first;
  }
  // A member of the operation the base does not have (optional ones), or a name from the
  // dictionary.
  static constexpr std::string_view kNames[] = {
      "KeyId", "Limit", "Marker", "GrantTokens", "EncryptionAlgorithm", "ValidTo",
      "ExpirationModel", "KeyMaterialId", "ImportType", "KeyMaterialDescription", "DryRun",
      "Origin", "KeySpec", "KeyUsage", "MultiRegion", "Policy", "Description",
      "PendingWindowInDays", "WrappingKeySpec", "WrappingAlgorithm", "EncryptionContext"};
  return std::string(Pick(rng_, kNames));
}

JValue Mutator::OtherType(const JValue& v) {
  static constexpr Kind kKinds[] = {Kind::kNull, Kind::kBool, Kind::kNumber, Kind::kString,
                                    Kind::kArray, Kind::kObject};
  Kind k = Pick(rng_, kKinds);
  if (k == v.kind) k = v.kind == Kind::kString ? Kind::kNumber : Kind::kString;
  switch (k) {
    case Kind::kNull: return JValue::Null();
    case Kind::kBool: return JValue::Bool(rng_.Chance(50));
    case Kind::kNumber: return JValue::Number(rng_.Chance(50) ? "7" : "-1.5");
    case Kind::kString: return JValue::String(v.kind == Kind::kNumber ? v.text : "7");
    case Kind::kArray: return JValue::Array({v});
    case Kind::kObject: return JValue::Object({{"value", v}});
  }
  return JValue::Null();
}

Mutation Mutator::DrawStructure(const FuzzRequest& base) {
  Mutation m;
  m.cls = Class::kStructure;
  const std::string member = PickMember(base);
  const JValue* current = base.body.Member(member);
  switch (rng_.Uniform(7)) {
    case 0:
      m.label = "missing-member";
      m.op = Mutation::Op::kRemove;
      m.member = current ? member : (base.body.members.empty() ? "KeyId" : base.body.members[0].first);
      break;
    case 1: {
      m.label = "extra-member";
      m.op = Mutation::Op::kAdd;
      static constexpr std::string_view kExtra[] = {"Unknown", "keyId", "KEYID", "__type",
                                                    "Key Id", "Recipient", "X"};
      m.member = std::string(Pick(rng_, kExtra));
      m.value = rng_.Chance(50) ? JValue::String("x") : JValue::Object();
      break;
    }
    case 2:
    case 3:
      m.label = "wrong-type";
      m.op = Mutation::Op::kSet;
      m.member = member;
      m.value = OtherType(current ? *current : JValue::String("x"));
      break;
    case 4:
      m.label = "duplicate-key";
      m.op = Mutation::Op::kAdd;
      m.member = current ? member : "KeyId";
      m.value = current && current->kind == Kind::kString ? JValue::String(current->text + "x")
                                                          : JValue::String("1234abcd-12ab-34cd-56ef-1234567890ab");
      break;
    case 5: {
      m.label = "deep-nesting";
      m.op = Mutation::Op::kSet;
      m.member = member;
      static constexpr int kDepths[] = {64, 600, 5000};
      const int depth = Pick(rng_, kDepths);
      JValue v = JValue::String("x");
      const bool arrays = rng_.Chance(50);
      for (int i = 0; i < depth; ++i) {
        // Moved in, never copied (an initializer list would copy the whole depth each time).
        JValue outer = arrays ? JValue::Array() : JValue::Object();
        if (arrays) {
          outer.items.push_back(std::move(v));
        } else {
          outer.members.emplace_back("a", std::move(v));
        }
        v = std::move(outer);
      }
      m.value = std::move(v);
      break;
    }
    default: {
      m.label = "not-an-object";
      m.op = Mutation::Op::kBody;
      static constexpr std::string_view kBodies[] = {"[]", "\"KeyId\"", "7", "null", "true",
                                                     "[{}]"};
      m.bytes = std::string(Pick(rng_, kBodies));
      break;
    }
  }
  return m;
}

Mutation Mutator::DrawValue(const FuzzRequest& base) {
  Mutation m;
  m.cls = Class::kValue;
  m.op = Mutation::Op::kSet;
  m.member = PickMember(base);
  const JValue* current = base.body.Member(m.member);
  const bool blob = IsBlob(m.member);
  const bool number = (current && current->kind == Kind::kNumber) || m.member == "Limit" ||
                      m.member == "PendingWindowInDays" || m.member == "ValidTo";
  const std::uint32_t pick = rng_.Uniform(8);
  if (blob && pick < 3) {
    m.label = "bad-base64";
    static constexpr std::string_view kBad[] = {"not base64!", "QQ", "QUJD=", "QU JD", "====",
                                                "QUJD\n", "-_-_", "QUJDRA=="};
    std::string v(Pick(rng_, kBad));
    if (v == "QUJDRA==" && current) v = current->text + "!";
    m.value = JValue::String(std::move(v));
    return m;
  }
  if (number && pick < 4) {
    m.label = "boundary";
    static constexpr std::string_view kNumbers[] = {"0",    "-1",   "1",          "1000",
                                                    "1001", "6",    "7",          "30",
                                                    "31",   "1.5",  "-0",         "2147483647",
                                                    "2147483648", "-2147483649", "0.0", "1e3"};
    m.value = JValue::Number(std::string(Pick(rng_, kNumbers)));
    return m;
  }
  switch (pick) {
    case 0:
    case 1: {
      m.label = "boundary";
      static constexpr std::size_t kLengths[] = {0, 1, 2048, 2049, 250, 256, 257, 8192, 8193, 4096, 4097};
      m.value = JValue::String(std::string(Pick(rng_, kLengths), 'a'));
      if (blob) m.value = JValue::String(Base64(std::string(Pick(rng_, kLengths), 'a')));
      break;
    }
    case 2: {
      m.label = "huge-number";
      static constexpr std::string_view kHuge[] = {"1e400", "-1e400", "123456789012345678901234567890",
                                                   "1e-400", "9223372036854775808", "1.7976931348623157e309"};
      m.value = JValue::Number(std::string(Pick(rng_, kHuge)));
      break;
    }
    case 3: {
      m.label = "huge-string";
      // Under the 64 KiB bodies AWS (and the mock) take: the decoder must see them.
      static constexpr std::size_t kSizes[] = {20000, 60000};
      m.value = JValue::String(std::string(Pick(rng_, kSizes), 'k'));
      break;
    }
    case 4: {
      m.label = "bad-utf8";
      static constexpr std::string_view kBad[] = {"\xC3\x28", "\xFF\xFE", "\xED\xA0\x80",
                                                  "abc\x80", "\xF4\x90\x80\x80", "\xC0\xAF"};
      const std::string prefix = current && current->kind == Kind::kString ? current->text : "";
      m.value = JValue::String(prefix + std::string(Pick(rng_, kBad)));
      break;
    }
    case 5: {
      m.label = "enum-garbage";
      static constexpr std::string_view kEnums[] = {
          "rsa_2048",     "RSA_1024",  "SM2",     "RSA_4096 ",  "",          "EXTERNAL",
          "SYMMETRIC_DEFAULT", "KEY_MATERIAL_EXPIRES", "RSAES_OAEP_SHA_512", "HMAC_256",
          "ECC_NIST_P256", "NEW_KEY_MATERIAL", "ALL", "null"};
      m.value = JValue::String(std::string(Pick(rng_, kEnums)));
      break;
    }
    case 6: {
      m.label = "dictionary";
      if (dictionary_.empty()) {
        m.value = JValue::String("alias/aws/kms");
      } else {
        m.value = JValue::String(dictionary_[rng_.Uniform(static_cast<std::uint32_t>(dictionary_.size()))]);
      }
      break;
    }
    default: {
      m.label = "control-characters";
      static constexpr std::string_view kCtl[] = {std::string_view("a\0b", 3), "\t\n", "\x7F",
                                                  "\u2028", "\xEF\xBB\xBF"};
      m.value = JValue::String(std::string(Pick(rng_, kCtl)));
      break;
    }
  }
  return m;
}

Mutation Mutator::DrawSyntax(const FuzzRequest& base) {
  Mutation m;
  m.cls = Class::kSyntax;
  const std::size_t size = Serialize(base.body).size();
  switch (rng_.Uniform(5)) {
    case 0:
      m.label = "truncated";
      m.op = Mutation::Op::kTruncate;
      m.pos = size <= 1 ? 0 : 1 + rng_.Uniform(static_cast<std::uint32_t>(size - 1));
      break;
    case 1: {
      m.label = "stray-byte";
      m.op = Mutation::Op::kInsertByte;
      static constexpr std::string_view kBytes[] = {"{", "}", "\"", ",", ":", "]", "\\",
                                                    std::string_view("\0", 1), "\xFF", "'"};
      m.bytes = std::string(Pick(rng_, kBytes));
      m.pos = rng_.Uniform(static_cast<std::uint32_t>(size + 1));
      break;
    }
    case 2: {
      m.label = "trailing-data";
      m.op = Mutation::Op::kAppend;
      static constexpr std::string_view kTail[] = {"}", "x", ",", "{}", "\x00"};
      m.bytes = std::string(Pick(rng_, kTail));
      break;
    }
    case 3: {
      m.label = "not-json";
      m.op = Mutation::Op::kBody;
      static constexpr std::string_view kBodies[] = {"not json", "{", "}", "[", "nul", "{'KeyId':1}",
                                                     "{KeyId:1}", "{\"KeyId\":}", "{,}", "\xEF\xBB\xBF{}",
                                                     "{\"a\":1,}", "<xml/>"};
      m.bytes = std::string(Pick(rng_, kBodies));
      break;
    }
    default:
      m.label = "empty-body";
      m.op = Mutation::Op::kBody;
      m.bytes = rng_.Chance(50) ? "" : " ";
      break;
  }
  return m;
}

Mutation Mutator::DrawHeader(const FuzzRequest& base) {
  Mutation m;
  m.cls = Class::kHeader;
  const std::string op(contract::ToWire(base.op));
  std::string lower = op;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  switch (rng_.Uniform(6)) {
    case 0:
    case 1: {
      m.label = "unknown-operation";
      m.op = Mutation::Op::kTarget;
      const std::string candidates[] = {"TrentService.NoSuchOperation", "TrentService." + lower,
                                        "TrentService." + op + "X",       "TrentService.",
                                        "TrentService." + op + ".Extra", "TrentService.RotateKeyOnDemand",
                                        "Trent." + op, "TrentService " + op};
      m.bytes = candidates[rng_.Uniform(8)];
      break;
    }
    case 2: {
      m.label = "other-service";
      m.op = Mutation::Op::kTarget;
      static constexpr std::string_view kOther[] = {"DynamoDB_20120810.GetItem",
                                                    "AmazonSSM.GetParameter", "x"};
      m.bytes = std::string(Pick(rng_, kOther));
      break;
    }
    case 3:
      m.label = "missing-target";
      m.op = Mutation::Op::kTarget;
      m.remove = true;
      break;
    case 4: {
      m.label = "content-type";
      m.op = Mutation::Op::kContentType;
      static constexpr std::string_view kTypes[] = {"application/json", "text/plain",
                                                    "application/x-amz-json-1.0",
                                                    "application/x-www-form-urlencoded",
                                                    "application/x-amz-json-1.1; charset=utf-8"};
      m.bytes = std::string(Pick(rng_, kTypes));
      break;
    }
    default:
      m.label = "missing-content-type";
      m.op = Mutation::Op::kContentType;
      m.remove = true;
      break;
  }
  return m;
}

Mutation Mutator::DrawFraming() {
  Mutation m;
  m.cls = Class::kFraming;
  m.op = Mutation::Op::kFrame;
  static constexpr Framing kModes[] = {
      Framing::kContentLengthShort, Framing::kContentLengthLong, Framing::kContentLengthInvalid,
      Framing::kContentLengthTwice, Framing::kChunkedBadSize,    Framing::kChunkedTruncated,
      Framing::kChunkedAndLength,   Framing::kPipelined,         Framing::kHalfClosed,
      Framing::kBareLf};
  m.framing = Pick(rng_, kModes);
  m.label = std::string(FramingName(m.framing));
  return m;
}

Mutation Mutator::DrawSignature() {
  Mutation m;
  m.cls = Class::kSignature;
  m.op = Mutation::Op::kSign;
  static constexpr SigMode kModes[] = {SigMode::kUnsigned, SigMode::kBadSignature,
                                       SigMode::kStaleDate, SigMode::kBodyAfterSigning,
                                       SigMode::kUnknownAccessKey};
  m.sig = Pick(rng_, kModes);
  switch (m.sig) {
    case SigMode::kUnsigned: m.label = "unsigned"; break;
    case SigMode::kBadSignature: m.label = "bad-signature"; break;
    case SigMode::kStaleDate: m.label = "stale-date"; break;
    case SigMode::kBodyAfterSigning: m.label = "body-changed-after-signing"; break;
    case SigMode::kUnknownAccessKey: m.label = "unknown-access-key"; break;
    case SigMode::kSigned: break;
  }
  return m;
}

Mutation Mutator::Draw(Class c, const FuzzRequest& base) {
  switch (c) {
    case Class::kStructure: return DrawStructure(base);
    case Class::kValue: return DrawValue(base);
    case Class::kSyntax: return DrawSyntax(base);
    case Class::kHeader: return DrawHeader(base);
    case Class::kFraming: return DrawFraming();
    case Class::kSignature: return DrawSignature();
  }
  return DrawValue(base);
}

FuzzRequest Mutator::NextOf(Class c) {
  ++counter_;
  FuzzRequest r;
  if (!seeds_.empty() && rng_.Chance(10)) {
    const Seed& seed = seeds_[rng_.Uniform(static_cast<std::uint32_t>(seeds_.size()))];
    std::optional<JValue> body = Parse(seed.body);
    if (body && body->kind == Kind::kObject) {
      r.op = seed.op;
      r.body = std::move(*body);
    } else {
      r = Base(Pick(rng_, kOpsByWeight));
    }
  } else {
    r = Base(Pick(rng_, kOpsByWeight));
  }
  r.mutations.push_back(Draw(c, r));
  // Now and then a second change rides along (the minimiser undoes it when it is not needed).
  if ((c == Class::kStructure || c == Class::kValue || c == Class::kFraming ||
       c == Class::kSignature) && rng_.Chance(20)) {
    r.mutations.push_back(Draw(rng_.Chance(50) ? Class::kStructure : Class::kValue, r));
  }
  return r;
}

FuzzRequest Mutator::Next() {
  std::uint32_t total = 0;
  for (const std::uint32_t w : mix_.weights) total += w;
  std::uint32_t x = rng_.Uniform(std::max<std::uint32_t>(total, 1));
  Class c = Class::kValue;
  for (std::size_t i = 0; i < 6; ++i) {
    if (x < mix_.weights[i]) {
      c = kAllClasses[i];
      break;
    }
    x -= mix_.weights[i];
  }
  return NextOf(c);
}

std::vector<FuzzRequest> ShrinkCandidates(const FuzzRequest& request) {
  std::vector<FuzzRequest> out;
  // Undo each mutation but the primary.
  for (std::size_t i = request.mutations.size(); i-- > 1;) {
    FuzzRequest c = request;
    c.mutations.erase(c.mutations.begin() + static_cast<std::ptrdiff_t>(i));
    out.push_back(std::move(c));
  }
  if (request.body.kind != Kind::kObject) return out;
  // Drop each member of the base the primary mutation is not about.
  const std::string_view about = MemberOf(request);
  for (std::size_t i = 0; i < request.body.members.size(); ++i) {
    if (request.body.members[i].first == about) continue;
    FuzzRequest c = request;
    c.body.members.erase(c.body.members.begin() + static_cast<std::ptrdiff_t>(i));
    out.push_back(std::move(c));
  }
  // Halve long strings: of the base, and of the primary mutation's value.
  for (std::size_t i = 0; i < request.body.members.size(); ++i) {
    const JValue& v = request.body.members[i].second;
    if (v.kind == Kind::kString && v.text.size() > 16) {
      FuzzRequest c = request;
      c.body.members[i].second.text.resize(v.text.size() / 2);
      out.push_back(std::move(c));
    }
  }
  if (!request.mutations.empty()) {
    const Mutation& p = request.mutations.front();
    if (p.value.kind == Kind::kString && p.value.text.size() > 16 && p.label != "boundary") {
      FuzzRequest c = request;
      c.mutations.front().value.text.resize(p.value.text.size() / 2);
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::span<const Operation> FuzzedOperations() {
  static constexpr Operation kOps[] = {
      Operation::kCreateKey,         Operation::kDescribeKey,
      Operation::kListKeys,          Operation::kEnableKey,
      Operation::kDisableKey,        Operation::kScheduleKeyDeletion,
      Operation::kCancelKeyDeletion, Operation::kGetParametersForImport,
      Operation::kImportKeyMaterial, Operation::kDeleteImportedKeyMaterial,
      Operation::kEncrypt,           Operation::kDecrypt,
      Operation::kCreateAlias,       Operation::kDeleteAlias,
      Operation::kListAliases,       Operation::kUpdateAlias};
  return kOps;
}

std::string_view MemberOf(const FuzzRequest& request) {
  const Mutation* p = request.primary();
  if (p == nullptr) return {};
  if (p->op == Mutation::Op::kSet || p->op == Mutation::Op::kRemove || p->op == Mutation::Op::kAdd)
    return p->member;
  return {};
}

std::vector<std::string> ParseDictionary(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t q = line.find('"');
    const std::size_t last = line.rfind('"');
    if (q == std::string_view::npos || last <= q) continue;
    const std::string_view raw = line.substr(q + 1, last - q - 1);
    std::string value;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\' || i + 1 >= raw.size()) {
        value += raw[i];
        continue;
      }
      const char e = raw[++i];
      if (e == 'x' && i + 2 < raw.size()) {
        const auto hex = [](char c) {
          return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        };
        if (hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
          value += static_cast<char>(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
          i += 2;
          continue;
        }
        value += 'x';
      } else {
        value += e;  // \\ and \" (and anything else) stand for the character
      }
    }
    out.push_back(std::move(value));
  }
  return out;
}

}  // namespace kc::mutate
