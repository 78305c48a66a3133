// Structure-aware mutation of valid KMS requests, for `kmsconform fuzz` (DESIGN.md): a valid
// request of one of the operations kmsconform speaks (built with the codec from the run's own
// keys and parameters, or a JSON seed of corpus/codec_request compiled in), and a list of
// labelled mutations applied to it. A mutation is data, not a random seed: the same request
// with a mutation left out is the same request without that one change, which is what the
// minimiser needs ("undo mutations while the finding persists").
//
// Classes (each mutation has one, and a label inside it):
//   structure  wrong JSON types, missing and extra members, duplicate keys, deep nesting,
//              a body that is not an object
//   value      boundary and out-of-range values, huge numbers and strings, bad base64, bad
//              UTF-8, enum values from nowhere or of another enum, dictionary words
//   syntax     bodies that are not JSON: truncated, a stray byte, trailing data, nothing
//   header     unknown and malformed X-Amz-Target, another or no Content-Type
//   framing    HTTP framing faults: Content-Length lies, bad chunking, pipelined and
//              half-closed requests, bare LF line ends
//   signature  requests not signed, or whose signature does not match (the only class sent
//              unsigned or signed wrong; every other request is signed after mutation)
// Everything here is pure and deterministic: the same seed gives the same requests.
#ifndef KC_MUTATE_MUTATE_H_
#define KC_MUTATE_MUTATE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/contract/enums.h"
#include "harness/gen/gen.h"

namespace kc::mutate {

// JValue: a JSON value that can also carry what JSON parsers choke on: duplicate member names,
// numbers of any size or form (kept as text), strings with bytes that are not UTF-8.
struct JValue {
  enum class Kind : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  std::string text;  // number: its text; string: its bytes (escaped on output); bool: true|false
  std::vector<JValue> items;                            // array
  std::vector<std::pair<std::string, JValue>> members;  // object, in order, duplicates allowed

  static JValue Null() { return {}; }
  static JValue Bool(bool b);
  static JValue Number(std::string text);
  static JValue String(std::string bytes);
  static JValue Array(std::vector<JValue> items = {});
  static JValue Object(std::vector<std::pair<std::string, JValue>> members = {});
  // Member: the first member named `name`, or nullptr.
  JValue* Member(std::string_view name);
  const JValue* Member(std::string_view name) const;
  bool operator==(const JValue&) const = default;
};

// Serialize: compact JSON. String bytes are escaped as JSON requires (", \, control
// characters); bytes >= 0x80 go out as they are, so invalid UTF-8 stays invalid. Deep values
// are written without recursion limits (an explicit stack).
std::string Serialize(const JValue& value);
// Parse: JSON text (RFC 8259; duplicate names kept, numbers kept as text) to a JValue;
// nullopt when it is not JSON or nests deeper than 512.
std::optional<JValue> Parse(std::string_view json);

enum class Class : std::uint8_t { kStructure, kValue, kSyntax, kHeader, kFraming, kSignature };
inline constexpr Class kAllClasses[] = {Class::kStructure, Class::kValue,   Class::kSyntax,
                                        Class::kHeader,    Class::kFraming, Class::kSignature};
std::string_view ClassName(Class c);  // "structure" | "value" | ...

// Framing: how the request goes on the wire (wire.h).
enum class Framing : std::uint8_t {
  kNone,                  // Content-Length, exact
  kContentLengthShort,    // Content-Length smaller than the body sent
  kContentLengthLong,     // Content-Length larger than the body sent, then the sending side shut
  kContentLengthInvalid,  // Content-Length: "12abc"
  kContentLengthTwice,    // two different Content-Length headers
  kChunkedBadSize,        // Transfer-Encoding: chunked with a chunk size that is not hex
  kChunkedTruncated,      // chunked, without the last chunk, then the sending side shut
  kChunkedAndLength,      // Transfer-Encoding: chunked and a (wrong) Content-Length
  kPipelined,             // the request twice in one write
  kHalfClosed,            // the request, then the client shuts down its sending side
  kBareLf,                // header lines end with LF, not CRLF
};
std::string_view FramingName(Framing f);

// SigMode: what the signature class does to the signature.
enum class SigMode : std::uint8_t {
  kSigned,            // the default: signed after every other mutation
  kUnsigned,          // no Authorization, no X-Amz-Date
  kBadSignature,      // one hex digit of the signature changed
  kStaleDate,         // signed for a time 20 minutes ago
  kBodyAfterSigning,  // the body changed after signing
  kUnknownAccessKey,  // signed with an access key id the target cannot know
};

struct Mutation {
  enum class Op : std::uint8_t {
    kSet,          // member = value (added when absent)
    kRemove,       // member removed (every member of that name)
    kAdd,          // member appended (a second one when present: a duplicate key)
    kBody,         // the whole body replaced by `bytes` (after serialisation)
    kTruncate,     // the body cut to its first `pos` bytes
    kInsertByte,   // bytes inserted at pos (clamped to the body)
    kAppend,       // bytes appended to the body
    kTarget,       // X-Amz-Target = bytes (absent when `remove`)
    kContentType,  // Content-Type = bytes (absent when `remove`)
    kFrame,        // framing
    kSign,         // signature mode
  };
  Class cls = Class::kStructure;
  std::string label;  // e.g. "wrong-type"
  Op op = Op::kSet;
  std::string member;  // kSet/kRemove/kAdd: the member's name (top level)
  JValue value;        // kSet/kAdd
  std::string bytes;   // kBody/kInsertByte/kAppend/kTarget/kContentType
  std::size_t pos = 0;
  bool remove = false;
  Framing framing = Framing::kNone;
  SigMode sig = SigMode::kSigned;

  // Describe: one line, e.g. "KeyId: set to 7 (structure/wrong-type)".
  std::string Describe() const;
  bool operator==(const Mutation&) const = default;
};

// FuzzRequest: a valid request and what was done to it. mutations[0] is the primary one: its
// class and label name the request in the report; the others ride along.
struct FuzzRequest {
  contract::Operation op = contract::Operation::kListKeys;
  JValue body;
  std::vector<Mutation> mutations;
  const Mutation* primary() const { return mutations.empty() ? nullptr : &mutations.front(); }
};

// Built: the request ready to sign and send.
struct Built {
  std::optional<std::string> target;        // X-Amz-Target (nullopt: none)
  std::optional<std::string> content_type;  // Content-Type (nullopt: none)
  std::string body;
  Framing framing = Framing::kNone;
  SigMode sig = SigMode::kSigned;
};
Built Build(const FuzzRequest& request);

// Fixtures: what valid requests refer to (created by the run before fuzzing).
struct Fixtures {
  std::string external_key_id;  // an EXTERNAL symmetric key
  std::string external_key_arn;
  std::string symmetric_key_id;  // an AWS_KMS symmetric key (Encrypt/Decrypt)
  std::string alias_name;        // "alias/..." of symmetric_key_id ("" when none)
  std::string import_token;      // base64, a GetParametersForImport of external_key_id
  std::string encrypted_material;  // base64, material wrapped for that response (OAEP-SHA-256)
  std::string ciphertext;          // base64, an Encrypt under symmetric_key_id
};

// Seeds: bases beyond the codec's own (corpus/codec_request's JSON bodies, compiled in):
// operation and body; those that are not a JSON object are skipped.
struct Seed {
  contract::Operation op;
  std::string body;
};

struct MixWeights {
  // Per class, in kAllClasses order; relative weights (the default mix).
  std::uint32_t weights[6] = {30, 36, 12, 6, 8, 8};
};

class Mutator {
 public:
  Mutator(std::uint64_t seed, contract::Profile profile, Fixtures fixtures,
          std::vector<Seed> seeds = {}, std::vector<std::string> dictionary = {},
          MixWeights mix = {});
  // Next: a new request: a base and one primary mutation of a class drawn by the mix (plus,
  // now and then, a second one of class structure or value).
  FuzzRequest Next();
  // NextOf: a request whose primary mutation is of class c.
  FuzzRequest NextOf(Class c);
  // Base: a valid request of op (no mutation).
  FuzzRequest Base(contract::Operation op);
  // Random: the generator, for callers that draw alongside (deterministic).
  gen::Rng& rng() { return rng_; }

 private:
  Mutation Draw(Class c, const FuzzRequest& base);
  Mutation DrawStructure(const FuzzRequest& base);
  Mutation DrawValue(const FuzzRequest& base);
  Mutation DrawSyntax(const FuzzRequest& base);
  Mutation DrawHeader(const FuzzRequest& base);
  Mutation DrawFraming();
  Mutation DrawSignature();
  std::string PickMember(const FuzzRequest& base);
  JValue OtherType(const JValue& v);

  gen::Rng rng_;
  contract::Profile profile_;
  Fixtures fx_;
  std::vector<Seed> seeds_;
  std::vector<std::string> dictionary_;
  MixWeights mix_;
  std::uint32_t counter_ = 0;
};

// Shrink candidates for the minimiser, simplest first: each mutation but the primary undone;
// each member of the base dropped; each long string of the base halved. Every candidate keeps
// the primary mutation.
std::vector<FuzzRequest> ShrinkCandidates(const FuzzRequest& request);

// FuzzedOperations: the operations Base builds valid requests of: the sixteen of the
// key-import contract and the calls around it.
std::span<const contract::Operation> FuzzedOperations();

// MemberOf: the member a request's primary mutation is about ("" when none).
std::string_view MemberOf(const FuzzRequest& request);

// ParseDictionary: the values of a libFuzzer dictionary (lines `"..."` or `name="..."`, with
// \xNN, \\ and \" escapes; comments and blank lines skipped).
std::vector<std::string> ParseDictionary(std::string_view text);

}  // namespace kc::mutate

#endif  // KC_MUTATE_MUTATE_H_
