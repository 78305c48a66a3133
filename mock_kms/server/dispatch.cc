#include "mock_kms/server/dispatch.h"

#include <array>
#include <charconv>
#include <cmath>
#include <random>
#include <type_traits>

#include "harness/codec/codec.h"
#include "harness/codec/json_writer.h"
#include "harness/codec/strict_json.h"
#include "harness/contract/enums.h"
#include "harness/contract/profile.h"
#include "harness/sigv4/signer.h"
#include "harness/sigv4/verifier.h"
#include "mock_kms/model/errors.h"
#include "mock_kms/server/dispatch_util.h"

namespace kc::mock {
namespace {

using codec::ApiError;
using contract::ErrorType;
using contract::Operation;

constexpr std::string_view kContentTypeHeader = "Content-Type";
constexpr std::string_view kContentLengthHeader = "Content-Length";
constexpr std::string_view kTargetHeader = "X-Amz-Target";
// proto.error-shape fault: the content type of a generic JSON API instead of AWS's.
constexpr std::string_view kPlainJsonContentType = "application/json";
// proto.robustness faults: after this many malformed requests every request answers 500, or
// (:2) every key is forgotten.
constexpr int kRobustnessFaultThreshold = 20;

// ---- the operation table: X-Amz-Target -> decode, call the model, encode ----

// OpResult: what one operation answered: a JSON body, or the AWS error.
struct OpResult {
  std::string body;
  std::optional<ApiError> error;
};

using OpHandler = OpResult (*)(Kms&, const Caller&, std::string_view body, contract::Profile);

template <typename Req, typename Resp, Outcome<Resp> (Kms::*Method)(const Caller&, const Req&)>
OpResult CallOperation(Kms& kms, const Caller& caller, std::string_view body,
                       contract::Profile profile) {
  codec::Decoded<Req> request = codec::DecodeRequest<Req>(body, profile);
  if (!request.ok()) return OpResult{{}, request.error()};
  Outcome<Resp> outcome = (kms.*Method)(caller, request.value());
  if (!outcome.ok()) return OpResult{{}, outcome.error()};
  return OpResult{codec::EncodeResponse<Resp>(outcome.value()), std::nullopt};
}

template <Operation Op, auto Method>
constexpr OpHandler HandlerOf() {
  using Req = codec::RequestOf<Op>;
  using Resp = codec::ResponseOf<Op>;
  static_assert(Req::kOperation == Op);
  return &CallOperation<Req, Resp, Method>;
}

// kOperations: indexed by contract::Operation (its declaration order).
constexpr std::array<OpHandler, 23> kOperations = {
    HandlerOf<Operation::kCreateKey, &Kms::CreateKey>(),
    HandlerOf<Operation::kDescribeKey, &Kms::DescribeKey>(),
    HandlerOf<Operation::kListKeys, &Kms::ListKeys>(),
    HandlerOf<Operation::kEnableKey, &Kms::EnableKey>(),
    HandlerOf<Operation::kDisableKey, &Kms::DisableKey>(),
    HandlerOf<Operation::kScheduleKeyDeletion, &Kms::ScheduleKeyDeletion>(),
    HandlerOf<Operation::kCancelKeyDeletion, &Kms::CancelKeyDeletion>(),
    HandlerOf<Operation::kGetParametersForImport, &Kms::GetParametersForImport>(),
    HandlerOf<Operation::kImportKeyMaterial, &Kms::ImportKeyMaterial>(),
    HandlerOf<Operation::kDeleteImportedKeyMaterial, &Kms::DeleteImportedKeyMaterial>(),
    HandlerOf<Operation::kEncrypt, &Kms::Encrypt>(),
    HandlerOf<Operation::kDecrypt, &Kms::Decrypt>(),
    HandlerOf<Operation::kCreateAlias, &Kms::CreateAlias>(),
    HandlerOf<Operation::kDeleteAlias, &Kms::DeleteAlias>(),
    HandlerOf<Operation::kListAliases, &Kms::ListAliases>(),
    HandlerOf<Operation::kUpdateAlias, &Kms::UpdateAlias>(),
    HandlerOf<Operation::kGetPublicKey, &Kms::GetPublicKey>(),
    HandlerOf<Operation::kSign, &Kms::Sign>(),
    HandlerOf<Operation::kVerify, &Kms::Verify>(),
    HandlerOf<Operation::kGenerateMac, &Kms::GenerateMac>(),
    HandlerOf<Operation::kVerifyMac, &Kms::VerifyMac>(),
    HandlerOf<Operation::kRotateKeyOnDemand, &Kms::RotateKeyOnDemand>(),
    HandlerOf<Operation::kListKeyRotations, &Kms::ListKeyRotations>(),
};
static_assert(contract::EnumTraits<Operation>::kNames.size() == kOperations.size());
static_assert(static_cast<std::size_t>(Operation::kListKeyRotations) + 1 == kOperations.size());

ErrorType ErrorTypeOf(sigv4::VerifyError error) {
  switch (error) {
    case sigv4::VerifyError::kMissingAuthentication:
      return ErrorType::kMissingAuthenticationTokenException;
    case sigv4::VerifyError::kIncompleteSignature:
      return ErrorType::kIncompleteSignatureException;
    case sigv4::VerifyError::kUnknownAccessKey:
      return ErrorType::kUnrecognizedClientException;
    case sigv4::VerifyError::kSignatureMismatch:
    case sigv4::VerifyError::kSignatureExpired:
      return ErrorType::kInvalidSignatureException;
  }
  return ErrorType::kIncompleteSignatureException;
}

std::uint64_t RandomPrefix() {
  // Drawn once per dispatcher: request ids need to be unique, not secret.
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ static_cast<std::uint64_t>(device());
}

}  // namespace

// ---- credentials ----

Result<std::vector<Identity>> ParseCredentialsFile(std::string_view text) {
  std::vector<Identity> identities;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    const std::vector<std::string_view> fields = SplitWhitespace(line);
    if (fields.empty()) continue;
    const std::string where = "credentials line " + std::to_string(line_number) + ": ";
    // Never echo the fields: the second one is a secret.
    if (fields.size() != 3) {
      return InvalidArgumentError(where + "expected ACCESS_KEY_ID SECRET_ACCESS_KEY ACCOUNT_ID (" +
                                  std::to_string(fields.size()) + " fields found)");
    }
    if (fields[0].find('/') != std::string_view::npos) {
      return InvalidArgumentError(where + "the access key id must not contain '/'");
    }
    if (!IsAccountId(fields[2])) {
      return InvalidArgumentError(where + "the account id must be 12 digits");
    }
    for (const Identity& other : identities) {
      if (other.access_key_id == fields[0]) {
        return InvalidArgumentError(where + "access key id " + std::string(fields[0]) +
                                    " is listed twice");
      }
    }
    identities.push_back(
        Identity{std::string(fields[0]), std::string(fields[1]), std::string(fields[2])});
  }
  return identities;
}

std::optional<std::string_view> FindResponseHeader(const HttpResponse& response,
                                                   std::string_view name) {
  for (const auto& [header_name, value] : response.headers) {
    if (sigv4::EqualsIgnoreCase(header_name, name)) return std::string_view{value};
  }
  return std::nullopt;
}

// ---- Dispatcher ----

Dispatcher::Dispatcher(Kms& kms, DispatchOptions options, const Clock& clock)
    : kms_(kms), options_(std::move(options)), clock_(clock), id_prefix_(RandomPrefix()) {
  for (const Identity& identity : options_.identities) {
    identities_by_key_.emplace(identity.access_key_id, &identity);
  }
}

std::string Dispatcher::NewRequestId() {
  return FormatRequestId(id_prefix_, request_counter_.fetch_add(1, std::memory_order_relaxed));
}

HttpResponse Dispatcher::Reply(int status, std::string body, std::string_view content_type) {
  HttpResponse response;
  response.status = status;
  response.headers.reserve(3);
  response.headers.emplace_back(kRequestIdHeader, NewRequestId());
  response.headers.emplace_back(kContentTypeHeader, content_type);
  response.headers.emplace_back(kContentLengthHeader, std::to_string(body.size()));
  response.body = std::move(body);
  return response;
}

HttpResponse Dispatcher::Error(const ApiError& error) {
  if (kms_.options().fault == Fault::kProtoErrorShape2 && error.Is(ErrorType::kNotFoundException)) {
    // proto.error-shape:2 fault: the error disguised as a success, its name in the message.
    std::string body = "{\"message\":";
    codec::AppendJsonString(body, error.type_name + ": " + error.message);
    body += "}";
    return Reply(200, std::move(body), codec::kJsonContentType);
  }
  if (kms_.options().fault == Fault::kProtoErrorShape) {
    // proto.error-shape fault: no x-amzn-RequestId, a generic JSON content type.
    HttpResponse response;
    response.status = error.http_status();
    response.body = codec::EncodeError(error);
    response.headers.emplace_back(kContentTypeHeader, kPlainJsonContentType);
    response.headers.emplace_back(kContentLengthHeader, std::to_string(response.body.size()));
    return response;
  }
  // proto.error-shape: 400 (5xx only for the fault errors), {"__type", "message"},
  // application/x-amz-json-1.1, x-amzn-RequestId.
  return Reply(error.http_status(), codec::EncodeError(error), codec::kJsonContentType);
}

HttpResponse Dispatcher::ErrorResponse(const ApiError& error) { return Error(error); }

HttpResponse Dispatcher::UnknownOperation(std::string message) {
  if (kms_.options().fault == Fault::kProtoUnknownOperation) {
    // proto.unknown-operation fault: a web server's 404 page instead of AWS's error.
    return Reply(404,
                 "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>"
                 "</body></html>\n",
                 "text/html");
  }
  // proto.unknown-operation
  return Error(ApiError::Of(ErrorType::kUnknownOperationException, std::move(message)));
}

HttpResponse Dispatcher::Health() {
  std::string body = "{\"status\":\"ok\",\"profile\":\"";
  body += contract::ToWire(kms_.options().profile);
  body += "\"}";
  return Reply(200, std::move(body), codec::kJsonContentType);
}

HttpResponse Dispatcher::ClockHook(const sigv4::HttpRequest& request) {
  const std::optional<double> seconds = ParseAdvanceSeconds(request.body);
  if (!seconds) {
    return Error(ApiError::Of(ErrorType::kValidationException,
                              "The clock hook expects {\"advance_seconds\": N} with N a number "
                              ">= 0"));
  }
  const EpochSeconds now = options_.advance_clock(*seconds);
  return Reply(200, "{\"now\":" + codec::FormatTimestamp(now) + "}", codec::kJsonContentType);
}

HttpResponse Dispatcher::Handle(const sigv4::HttpRequest& request) {
  const Fault fault = kms_.options().fault;
  const bool is_post = request.method == "POST";

  // The mock's own endpoints.
  if ((request.method == "GET" || request.method == "HEAD") && request.path == kHealthPath) {
    return Health();
  }
  if (fault == Fault::kProtoRobustness &&
      malformed_seen_.load(std::memory_order_relaxed) >= kRobustnessFaultThreshold) {
    // proto.robustness fault: the burst of malformed requests broke the server.
    return Error(ApiError::Of(ErrorType::kKMSInternalException,
                              "The service is unavailable after too many malformed requests."));
  }
  if (options_.test_hooks && options_.advance_clock && is_post && request.path == kClockHookPath) {
    return ClockHook(request);
  }

  // Body size cap before anything looks at the body. 413 with an AWS error body (the status
  // of HttpStatusOf(RequestEntityTooLargeException)).
  if (request.body.size() > options_.max_body_bytes) {
    return Error(ApiError::Of(ErrorType::kRequestEntityTooLargeException,
                              "Request body of " + std::to_string(request.body.size()) +
                                  " bytes exceeds the limit of " +
                                  std::to_string(options_.max_body_bytes) + " bytes"));
  }

  // proto.unknown-operation: POST / with X-Amz-Target "TrentService.<Op>"; anything else
  // (another method, no target, an unknown operation) is UnknownOperationException.
  const std::optional<std::string_view> target = sigv4::FindHeader(request, kTargetHeader);
  std::optional<Operation> operation;
  if (target) operation = contract::OperationFromTarget(TrimWhitespace(*target));
  if (target && !operation && fault == Fault::kProtoUnknownOperation2) {
    // proto.unknown-operation:2 fault: the target is matched ignoring case.
    operation = OperationFromTargetIgnoringCase(TrimWhitespace(*target));
  }
  // An operation the profile's model does not have (RotateKeyOnDemand and ListKeyRotations
  // in 2022) is unknown there, as to a service of that model.
  const bool in_profile =
      operation.has_value() && contract::InProfile(*operation, kms_.options().profile);
  if (!is_post || !in_profile) {
    std::string message;
    if (!target) {
      message = "The request has no X-Amz-Target header";
    } else if (!in_profile) {
      message = "Unknown operation " + std::string(TrimWhitespace(*target).substr(0, 200));
    } else {
      message = "Operations are called with POST, not " + request.method.substr(0, 20);
    }
    return UnknownOperation(std::move(message));
  }

  // Content-Type: application/x-amz-json-1.1, parameters (charset) allowed. A request with
  // no Content-Type at all is read as JSON 1.1 (curl users); another media type is refused
  // the way the service framework refuses a protocol it does not speak: the operation is
  // not found in it.
  if (const auto content_type = sigv4::FindHeader(request, kContentTypeHeader);
      content_type && !IsJson11ContentType(*content_type)) {
    return UnknownOperation("Unsupported Content-Type '" +
                            std::string(TrimWhitespace(*content_type).substr(0, 100)) +
                            "': requests are application/x-amz-json-1.1");
  }

  // Authentication: who calls, and for which region.
  Caller caller;
  if (options_.auth == AuthMode::kSigV4) {
    const sigv4::SecretLookup lookup =
        [this](std::string_view access_key_id) -> std::optional<std::string> {
      const auto it = identities_by_key_.find(std::string(access_key_id));
      if (it == identities_by_key_.end()) return std::nullopt;
      return it->second->secret_access_key;
    };
    const sigv4::VerifyResult verified =
        sigv4::Verify(request, lookup, clock_.Now(), options_.max_clock_skew_seconds);
    if (!verified.ok()) {
      return Error(ApiError::Of(ErrorTypeOf(verified.error()), verified.message()));
    }
    caller.account = identities_by_key_.at(verified.value().access_key_id)->account;
    caller.region = verified.value().region;
  } else {
    const std::optional<CredentialScope> scope =
        ParseCredentialScope(sigv4::FindHeader(request, sigv4::kAuthorizationHeader));
    caller.account = options_.default_account;
    caller.region = options_.default_region;
    if (scope) {
      if (const auto it = identities_by_key_.find(std::string(scope->access_key_id));
          it != identities_by_key_.end()) {
        caller.account = it->second->account;
      }
      if (!scope->region.empty()) caller.region = scope->region;
    }
  }

  std::string_view body = request.body;
  std::string patched;
  const bool gpfi = *operation == Operation::kGetParametersForImport;
  if (fault == Fault::kGpfiRequiredMembers && gpfi) {
    // gpfi.required-members fault: missing wrapping members default silently.
    patched = AddMissingGpfiMembers(body);
    body = patched;
  } else if (fault == Fault::kGpfiWrappingKeySpec2 && gpfi) {
    // gpfi.wrapping-key-spec:2 fault: a spec in no enum is read as RSA_2048.
    patched = ReplaceUnknownStringMember(
        body, "WrappingKeySpec",
        [](std::string_view v) {
          return contract::FromWire<contract::WrappingKeySpec>(v).has_value();
        },
        contract::ToWire(contract::WrappingKeySpec::kRsa2048));
    body = patched;
  } else if (fault == Fault::kGpfiWrappingAlgorithm2 && gpfi) {
    // gpfi.wrapping-algorithm:2 fault: an algorithm in no enum is read as RSAES_OAEP_SHA_256.
    patched = ReplaceUnknownStringMember(
        body, "WrappingAlgorithm",
        [](std::string_view v) {
          return contract::FromWire<contract::WrappingAlgorithm>(v).has_value();
        },
        contract::ToWire(contract::WrappingAlgorithm::kRsaesOaepSha256));
    body = patched;
  }

  if (fault == Fault::kProtoInputValidation) {
    // proto.input-validation fault: out-of-range numbers are clamped, not refused.
    patched = ClampNumberMember(ClampNumberMember(body, "Limit", 1, 1000), "PendingWindowInDays",
                                7, 30);
    body = patched;
  } else if (fault == Fault::kProtoInputValidation2) {
    // proto.input-validation:2 fault: over-long strings and plaintexts are cut, not refused.
    patched = TruncateBlobMember(
        TruncateStringMember(TruncateStringMember(body, "Description", 8192), "AliasName", 256),
        "Plaintext", 4096);
    body = patched;
  }

  OpResult result =
      kOperations[static_cast<std::size_t>(*operation)](kms_, caller, body, kms_.decode_profile());
  if (!result.error) {
    if (fault == Fault::kGpfiResponseShape2 && gpfi) {
      // gpfi.response-shape:2 fault: ParametersValidTo as an ISO-8601 string.
      result.body = NumberMemberAsIso8601(result.body, "ParametersValidTo");
    }
    return Reply(200, std::move(result.body), codec::kJsonContentType);
  }

  if (fault == Fault::kGpfiRequiredMembers2 && gpfi &&
      result.error->Is(ErrorType::kValidationException) &&
      result.error->message.find("'keyId' failed to satisfy constraint: Member must not be null") !=
          std::string::npos) {
    // gpfi.required-members:2 fault: a missing KeyId is looked up as the empty key id.
    return Error(InvalidKeyIdError(""));
  }
  if (result.error->Is(ErrorType::kSerializationException)) {
    if (fault == Fault::kProtoRobustness || fault == Fault::kProtoRobustness2) {
      const int seen = malformed_seen_.fetch_add(1, std::memory_order_relaxed) + 1;
      // proto.robustness:2 fault: the burst makes the mock forget every key (once).
      if (fault == Fault::kProtoRobustness2 && seen == kRobustnessFaultThreshold) {
        kms_.ForgetEverything();
      }
    }
    if (fault == Fault::kProtoMalformedJson) {
      // proto.malformed-json fault: the parser's failure escapes as a 500 page.
      return Reply(500, "Internal Server Error\n", "text/plain");
    }
    if (fault == Fault::kProtoMalformedJson2 && !codec::strict::Document::Parse(body).has_root()) {
      // proto.malformed-json:2 fault: a body that is not JSON kills the connection.
      HttpResponse dropped;
      dropped.drop_connection = true;
      return dropped;
    }
  }
  return Error(*result.error);
}

}  // namespace kc::mock
