// The AWS JSON 1.1 codec: typed requests/responses/errors <-> bytes. Pure and total: every
// byte string yields a value or an error, never a crash, a throw or global state.
//
// Two decoders, for the two sides of the wire:
//  - server side (the mock): DecodeRequest is strict. A body becomes the typed request or
//    the exact error AWS answers: SerializationException for malformed JSON, a wrong JSON
//    type, invalid base64 or a duplicate key (a project choice: AWS's behaviour there is
//    unknown); ValidationException for a missing required member, a value outside the
//    profile's enum, a length/value or pattern violation, in the service framework's
//    format ("2 validation errors detected: Value 'x' at 'wrappingKeySpec' failed to
//    satisfy constraint: Member must satisfy enum value set: [RSA_2048]; Value null at
//    'keyId' failed to satisfy constraint: Member must not be null"). Members the
//    profile's model does not have are ignored, as AWS ignores unknown members.
//  - client side (the harness): DecodeResponse is lenient. Any reply of any emulator
//    decodes (accepting what botocore accepts: __type sanitised at ':' and '#', "message"
//    or "Message", timestamps as numbers or ISO-8601 strings, ...) and every departure from
//    the contract comes back as a Finding, not a failure.
// Encoders produce exactly what AWS produces: the members that are set, blobs in base64,
// timestamps as epoch-second numbers.
#ifndef KC_CODEC_CODEC_H_
#define KC_CODEC_CODEC_H_

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "harness/codec/types.h"
#include "harness/contract/enums.h"

namespace kc::codec {

using contract::Profile;

// The Content-Type of AWS JSON 1.1 requests and replies.
constexpr std::string_view kJsonContentType = "application/x-amz-json-1.1";

// Decoded<T>: a decoded request, or the AWS error the server must answer instead.
template <typename T>
class [[nodiscard]] Decoded {
 public:
  Decoded(T value) : v_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Decoded(ApiError error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const ApiError& error() const { return std::get<ApiError>(v_); }

 private:
  std::variant<T, ApiError> v_;
};

// ---- server side ----

// DecodeRequest: the strict decode of a request body for profile p. An empty body means
// "{}". Defined for every request type of types.h.
template <typename Req>
Decoded<Req> DecodeRequest(std::string_view body, Profile p);

// EncodeResponse: the JSON body AWS sends for a successful reply (only the members set).
template <typename Resp>
std::string EncodeResponse(const Resp& resp);

// EncodeError: {"__type":"<type_name>","message":"<message>"}.
std::string EncodeError(const ApiError& error);

// ---- client side ----

// EncodeRequest: the JSON body of a request (only the members set).
template <typename Req>
std::string EncodeRequest(const Req& req);

// Finding: one departure of a reply from the contract, e.g.
//   {"ParametersValidTo", "timestamp sent as an ISO-8601 string, not epoch seconds"}
//   {"status", "HTTP 500 for NotFoundException (AWS answers 400)"}
struct Finding {
  std::string where;  // member name (model spelling), "status", "header:<name>", "body"
  std::string what;
  bool operator==(const Finding&) const = default;
};

// HttpReplyView: what the client decoder needs of an HTTP reply.
struct HttpReplyView {
  int status = 0;
  std::string_view body;
  std::optional<std::string_view> content_type;     // Content-Type header, if present
  std::optional<std::string_view> request_id;       // x-amzn-RequestId header, if present
  std::optional<std::string_view> error_type_header;  // x-amzn-ErrorType header, if present
};

// ClientReply<Resp>: exactly one of value (a 2xx reply), error (any other status), or
// neither (a 2xx whose body is not a JSON object: undecodable); findings either way.
template <typename Resp>
struct ClientReply {
  int http_status = 0;
  std::optional<Resp> value;
  std::optional<ApiError> error;
  std::vector<Finding> findings;

  bool ok() const { return value.has_value(); }
  bool undecodable() const { return !value && !error; }
  bool IsError(ErrorType t) const { return error && error->Is(t); }
};

// DecodeResponse: the lenient decode of a reply to an operation whose success output is Resp.
template <typename Resp>
ClientReply<Resp> DecodeResponse(const HttpReplyView& reply, Profile p);

// DecodeErrorReply: the error of a non-2xx reply as botocore reads it: type from __type
// (else "code"/"Code", else the x-amzn-ErrorType header, else the HTTP status as text),
// sanitised; message from "message" or "Message". Findings for every departure from
// proto.error-shape (status, content type, request id, missing or unsanitised __type).
ApiError DecodeErrorReply(const HttpReplyView& reply, std::vector<Finding>& findings);

// NotASuccessBody: why the body of a 2xx reply to op is not a success output of op (an
// error disguised as a success, proto.error-shape): not a JSON object, an error member
// (__type, message, Message, code, ...), a member whose value names an error, or a member
// every success of op carries is missing. nullopt for a success output.
std::optional<std::string> NotASuccessBody(contract::Operation op, std::string_view body);

// ---- timestamps ----

// FormatTimestamp: epoch seconds as AWS's JSON 1.1 services print them: Java's
// Double.toString ("1.593893322325E9", "1.7672256E9"); the shortest digits that read back
// to the same double.
std::string FormatTimestamp(EpochSeconds t);

// ---- the definitions that exist (one per type of types.h; the .cc of each operation) ----
// Declared here so that every use sees the explicit specialisation, never an implicit
// instantiation of the undefined primary template.
#define KC_CODEC_REQUEST(Req)                                           \
  template <>                                                           \
  Decoded<Req> DecodeRequest<Req>(std::string_view body, Profile p);    \
  template <>                                                           \
  std::string EncodeRequest<Req>(const Req& req)
#define KC_CODEC_RESPONSE(Resp)                                               \
  template <>                                                                 \
  std::string EncodeResponse<Resp>(const Resp& resp);                         \
  template <>                                                                 \
  ClientReply<Resp> DecodeResponse<Resp>(const HttpReplyView& reply, Profile p)
KC_CODEC_REQUEST(CreateKeyRequest);
KC_CODEC_REQUEST(DescribeKeyRequest);
KC_CODEC_REQUEST(ListKeysRequest);
KC_CODEC_REQUEST(EnableKeyRequest);
KC_CODEC_REQUEST(DisableKeyRequest);
KC_CODEC_REQUEST(ScheduleKeyDeletionRequest);
KC_CODEC_REQUEST(CancelKeyDeletionRequest);
KC_CODEC_REQUEST(GetParametersForImportRequest);
KC_CODEC_REQUEST(ImportKeyMaterialRequest);
KC_CODEC_REQUEST(DeleteImportedKeyMaterialRequest);
KC_CODEC_REQUEST(EncryptRequest);
KC_CODEC_REQUEST(DecryptRequest);
KC_CODEC_REQUEST(CreateAliasRequest);
KC_CODEC_REQUEST(DeleteAliasRequest);
KC_CODEC_REQUEST(ListAliasesRequest);
KC_CODEC_REQUEST(UpdateAliasRequest);
KC_CODEC_REQUEST(GetPublicKeyRequest);
KC_CODEC_REQUEST(SignRequest);
KC_CODEC_REQUEST(VerifyRequest);
KC_CODEC_REQUEST(GenerateMacRequest);
KC_CODEC_REQUEST(VerifyMacRequest);
KC_CODEC_REQUEST(RotateKeyOnDemandRequest);
KC_CODEC_REQUEST(ListKeyRotationsRequest);
KC_CODEC_RESPONSE(EmptyResponse);
KC_CODEC_RESPONSE(CreateKeyResponse);
KC_CODEC_RESPONSE(DescribeKeyResponse);
KC_CODEC_RESPONSE(ListKeysResponse);
KC_CODEC_RESPONSE(ScheduleKeyDeletionResponse);
KC_CODEC_RESPONSE(CancelKeyDeletionResponse);
KC_CODEC_RESPONSE(GetParametersForImportResponse);
KC_CODEC_RESPONSE(ImportKeyMaterialResponse);
KC_CODEC_RESPONSE(DeleteImportedKeyMaterialResponse);
KC_CODEC_RESPONSE(EncryptResponse);
KC_CODEC_RESPONSE(DecryptResponse);
KC_CODEC_RESPONSE(ListAliasesResponse);
KC_CODEC_RESPONSE(GetPublicKeyResponse);
KC_CODEC_RESPONSE(SignResponse);
KC_CODEC_RESPONSE(VerifyResponse);
KC_CODEC_RESPONSE(GenerateMacResponse);
KC_CODEC_RESPONSE(VerifyMacResponse);
KC_CODEC_RESPONSE(RotateKeyOnDemandResponse);
KC_CODEC_RESPONSE(ListKeyRotationsResponse);
#undef KC_CODEC_REQUEST
#undef KC_CODEC_RESPONSE

}  // namespace kc::codec

#endif  // KC_CODEC_CODEC_H_
