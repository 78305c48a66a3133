// The error reply, both ways: EncodeError (the server's {"__type","message"}) and
// DecodeErrorReply (the client's botocore-compatible reading, with proto.error-shape findings).
#include <string>

#include "harness/codec/codec.h"
#include "harness/codec/json_access.h"
#include "harness/codec/json_writer.h"
#include "harness/codec/reply_reader.h"

namespace kc::codec {
namespace {

// StringMember: the member called name of obj when it is a JSON string.
std::optional<std::string_view> StringMember(json::Value obj, std::string_view name) {
  const std::optional<json::Value> v = obj.Find(name);
  if (!v || v->type() != json::Type::kString) return std::nullopt;
  return v->string_value();
}

// ExpectedStatus: what AWS answers an error of this type with (proto.error-shape): a 5xx for
// the fault errors, 413 for an oversized body, 400 for everything else.
std::string_view ExpectedStatus(std::string_view type_name, int status, bool& ok) {
  const std::optional<ErrorType> known = contract::FromWire<ErrorType>(type_name);
  if (known && contract::IsFaultError(*known)) {
    ok = status >= 500 && status <= 599;
    return "5xx";
  }
  if (known == ErrorType::kRequestEntityTooLargeException) {
    ok = status == 413;
    return "413";
  }
  ok = status == 400;
  return "400";
}

}  // namespace

std::string EncodeError(const ApiError& error) {
  JsonWriter w(32 + error.type_name.size() + error.message.size());
  w.BeginObject();
  w.Key("__type");
  w.String(error.type_name);
  w.Key("message");
  w.String(error.message);
  w.EndObject();
  return w.Take();
}

ApiError DecodeErrorReply(const HttpReplyView& reply, std::vector<Finding>& findings) {
  CheckReplyHeaders(reply, findings);
  const json::Document doc = json::Document::Parse(reply.body);
  const bool is_object = doc.has_root() && doc.root().type() == json::Type::kObject;
  if (!is_object) {
    findings.push_back({"body", reply.body.empty()
                                    ? "empty (AWS sends {\"__type\": ..., \"message\": ...})"
                                    : "not a JSON object (AWS sends {\"__type\": ..., "
                                      "\"message\": ...})"});
  }

  // The type, as botocore reads it: __type, else "code"/"Code", else the x-amzn-ErrorType
  // header, else the HTTP status as text; then sanitised (cut at ':', keep after '#').
  std::optional<std::string_view> type_field;
  std::optional<std::string_view> raw;
  std::string_view source;
  if (is_object) {
    type_field = StringMember(doc.root(), "__type");
    raw = type_field;
    if (!raw) {
      if ((raw = StringMember(doc.root(), "code"))) {
        source = "the \"code\" member";
      } else if ((raw = StringMember(doc.root(), "Code"))) {
        source = "the \"Code\" member";
      }
    }
  }
  if (!raw && reply.error_type_header) {
    raw = reply.error_type_header;
    source = "the x-amzn-ErrorType header";
  }
  const std::string status_text = std::to_string(reply.status);
  const bool typed = raw.has_value();
  if (!raw) {
    raw = status_text;
    source = "the HTTP status";
  }
  ApiError error;
  error.type_name = std::string(contract::SanitizeErrorType(*raw));
  if (is_object && !type_field) {
    const bool present = doc.root().Find("__type").has_value();
    findings.push_back({"__type", std::string(present ? "not a string" : "missing") +
                                      " (type taken from " + std::string(source) + ")"});
  }
  if (type_field && error.type_name != *type_field) {
    findings.push_back({"__type", "'" + std::string(*type_field) + "' needs sanitising to '" +
                                      error.type_name + "' (AWS sends the bare name)"});
  }

  // The message: "message", else "Message" (botocore reads both; AWS sends "message").
  if (is_object) {
    if (const auto m = StringMember(doc.root(), "message")) {
      error.message = std::string(*m);
    } else if (const auto cap = StringMember(doc.root(), "Message")) {
      error.message = std::string(*cap);
      findings.push_back({"message", "sent as \"Message\", not \"message\""});
    } else {
      const bool present = doc.root().Find("message") || doc.root().Find("Message");
      findings.push_back({"message", present ? "not a string" : "missing"});
    }
  }

  bool status_ok = true;
  const std::string_view expected = ExpectedStatus(error.type_name, reply.status, status_ok);
  if (!status_ok) {
    findings.push_back({"status", "HTTP " + status_text + " for " +
                                      (typed ? error.type_name : "an error without a type") +
                                      " (AWS answers " + std::string(expected) + ")"});
  }
  return error;
}

}  // namespace kc::codec
