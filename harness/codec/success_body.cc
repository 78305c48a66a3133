// NotASuccessBody (codec.h): proto.error-shape's "an error disguised as a success". Some
// emulators answer every error with HTTP 200 and put the error's name into the body (in
// `message`, in `__type`, or as a bare string); a client that trusts the status then reads
// an empty output. A 2xx body is a success output only when it is a JSON object (or empty,
// for the operations whose output may be empty), carries no error member, names no error,
// and has the members a success of that operation always has.
#include <span>
#include <string>

#include "harness/codec/codec.h"
#include "harness/codec/strict_json.h"

namespace kc::codec {
namespace {

using contract::Operation;

// The members every success of op carries (AWS's replies; the model marks none required).
std::span<const std::string_view> SuccessMembers(Operation op) {
  static constexpr std::string_view kMetadata[] = {"KeyMetadata"};
  static constexpr std::string_view kKeys[] = {"Keys"};
  static constexpr std::string_view kKeyId[] = {"KeyId"};
  static constexpr std::string_view kParameters[] = {"KeyId", "ImportToken", "PublicKey",
                                                     "ParametersValidTo"};
  static constexpr std::string_view kEncrypt[] = {"CiphertextBlob", "KeyId"};
  static constexpr std::string_view kDecrypt[] = {"Plaintext", "KeyId"};
  switch (op) {
    case Operation::kCreateKey:
    case Operation::kDescribeKey:
      return kMetadata;
    case Operation::kListKeys:
      return kKeys;
    case Operation::kScheduleKeyDeletion:
    case Operation::kCancelKeyDeletion:
      return kKeyId;
    case Operation::kGetParametersForImport:
      return kParameters;
    case Operation::kEncrypt:
      return kEncrypt;
    case Operation::kDecrypt:
      return kDecrypt;
    default:
      return {};  // outputs that may be empty ({} in 2022)
  }
}

bool NamesAnError(std::string_view s) {
  if (s.find("Exception") != std::string_view::npos) return true;
  const std::size_t colon = s.find(':');
  return contract::FromWire<contract::ErrorType>(s.substr(0, colon)).has_value();
}

std::string Quoted(std::string_view s) {
  std::string out = "'";
  out += s.substr(0, 80);
  if (s.size() > 80) out += "...";
  return out + "'";
}

}  // namespace

std::optional<std::string> NotASuccessBody(Operation op, std::string_view body) {
  const auto required = SuccessMembers(op);
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    if (required.empty()) return std::nullopt;
    return "an empty body (a success carries " + std::string(required.front()) + ")";
  }
  const strict::Document doc = strict::Document::Parse(body);
  if (!doc.has_root() || doc.root().type() != json::Type::kObject) {
    return std::string("a body that is not a JSON object");
  }
  const strict::Value root = doc.root();
  for (std::string_view member : {"__type", "message", "Message", "code", "Code", "errorType",
                                  "error", "Error", "errorMessage"}) {
    if (auto v = root.Find(member)) {
      std::string out = "an error member " + std::string(member);
      if (v->type() == json::Type::kString) out += " = " + Quoted(v->string_value());
      return out;
    }
  }
  std::optional<std::string> named;
  root.ForEachMember([&](std::string_view key, strict::Value v) {
    if (!named && v.type() == json::Type::kString && NamesAnError(v.string_value())) {
      named = "a member " + std::string(key) + " naming an error: " + Quoted(v.string_value());
    }
  });
  if (named) return named;
  for (std::string_view member : required) {
    auto v = root.Find(member);
    if (!v || v->is_null()) {
      return "no " + std::string(member) + " (every success of " +
             std::string(contract::ToWire(op)) + " carries it)";
    }
  }
  return std::nullopt;
}

}  // namespace kc::codec
