// Fuzz target: kc::mock::Dispatcher::Handle (mock_kms/server/dispatch.h) on arbitrary
// request sequences against a deterministic in-process Kms (ManualClock,
// DeterministicRandom, FixedKeySource with one compiled RSA-2048 test key).
// Claim (proto.error-shape, proto.malformed-json, proto.unknown-operation): every reply has
// x-amzn-RequestId and a Content-Length equal to its body, its status is one of 200, 400,
// 413, 500, 503, its body is a JSON object, and a non-200 body carries string "__type"
// and "message" members; 5xx only for the fault errors.
//
// Input: byte 0 configures the model (bit 0: profile 2026; bit 1: --auth sigv4; bit 2:
// test hooks; bit 3: the alias table, below); then up to 32 records [selector][length lo]
// [length hi][body...]. Selector bits 0-3: the operation (0..11 in contract::Operation
// order; with the alias table, 4..7 are CreateAlias, DeleteAlias, ListAliases, UpdateAlias
// instead of EnableKey..CancelKeyDeletion), 12 no X-Amz-Target, 13 an
// unknown target, 14 GET /_mock/health, 15 POST /_mock/clock; bits 4-5: Content-Type
// (JSON 1.1, with charset, none, text/plain); bit 6: sign the request (SigV4 with the one
// identity, whatever the auth mode); bit 7: GET instead of POST.
// KC_FUZZ_VERBOSE=1 prints every reply (to write seeds that use the created key ids).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/common/bytes.h"
#include "harness/common/clock.h"
#include "harness/contract/enums.h"
#include "harness/crypto/keys.h"
#include "harness/crypto/random.h"
#include "harness/sigv4/signer.h"
#include "mock_kms/model/fixed_key_source.h"
#include "mock_kms/model/fixed_test_keys.h"
#include "mock_kms/model/kms.h"
#include "mock_kms/server/dispatch.h"

namespace {

using kc::mock::Dispatcher;
using kc::mock::HttpResponse;

constexpr const char* kAccessKey = "AKIAFUZZMOCKDISPATCH";
constexpr const char* kSecretKey = "fuzz/Secret+Key/0123456789abcdefghijklmn";
constexpr const char* kAccount = "444455556666";

// The key this target always used (now compiled in: FixedTestKeys): a fuzz run must not
// depend on the system's randomness.
const kc::crypto::PrivateKey& WrappingKey() { return kc::mock::FixedTestKeys(2048)[3]; }

[[noreturn]] void Violation(const char* what, const HttpResponse& reply) {
  std::fprintf(stderr, "proto.error-shape violated: %s\nstatus %d\nbody: %.400s\n", what,
               reply.status, reply.body.c_str());
  std::abort();
}

void CheckReply(const HttpResponse& reply) {
  if (!kc::mock::FindResponseHeader(reply, kc::mock::kRequestIdHeader)) {
    Violation("no x-amzn-RequestId", reply);
  }
  const auto length = kc::mock::FindResponseHeader(reply, "Content-Length");
  if (!length || *length != std::to_string(reply.body.size())) {
    Violation("Content-Length missing or wrong", reply);
  }
  const int s = reply.status;
  if (s != 200 && s != 400 && s != 413 && s != 500 && s != 503) Violation("status", reply);
  const auto json = nlohmann::json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) Violation("body is not a JSON object", reply);
  if (s == 200) return;
  const auto type = json.find("__type");
  const auto message = json.find("message");
  if (type == json.end() || !type->is_string()) Violation("no string __type", reply);
  if (message == json.end() || !message->is_string()) Violation("no string message", reply);
  const auto error = kc::contract::FromWire<kc::contract::ErrorType>(type->get<std::string>());
  if (!error) Violation("unknown __type", reply);
  if (s >= 500 && !kc::contract::IsFaultError(*error)) Violation("5xx for a client error", reply);
}

kc::sigv4::HttpRequest BuildRequest(std::uint8_t selector, std::string body, bool hooks,
                                    bool alias_table) {
  kc::sigv4::HttpRequest r;
  r.method = (selector & 0x80) ? "GET" : "POST";
  r.path = "/";
  r.headers.emplace_back("Host", "kms.us-east-1.amazonaws.com");
  const unsigned op = selector & 0x0f;
  if (op < 12) {
    constexpr unsigned kFirstAlias = static_cast<unsigned>(kc::contract::Operation::kCreateAlias);
    const unsigned index = alias_table && op >= 4 && op < 8 ? kFirstAlias + (op - 4) : op;
    const auto operation = static_cast<kc::contract::Operation>(index);
    r.headers.emplace_back("X-Amz-Target", std::string(kc::contract::TargetOf(operation)));
  } else if (op == 13) {
    r.headers.emplace_back("X-Amz-Target", "TrentService.Bogus");
  } else if (op == 14) {
    r.method = "GET";
    r.path = std::string(kc::mock::kHealthPath);
  } else if (op == 15 && hooks) {
    r.path = std::string(kc::mock::kClockHookPath);
  }
  static constexpr const char* kContentTypes[] = {"application/x-amz-json-1.1",
                                                  "application/x-amz-json-1.1; charset=utf-8",
                                                  nullptr, "text/plain"};
  if (const char* type = kContentTypes[(selector >> 4) & 0x3]) {
    r.headers.emplace_back("Content-Type", type);
  }
  r.body = std::move(body);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t config = data[0];
  kc::ManualClock clock;
  kc::crypto::DeterministicRandom random(1);
  kc::mock::FixedKeySource keys({WrappingKey()});
  kc::mock::KmsOptions kms_options;
  kms_options.profile = (config & 1) ? kc::contract::Profile::k2026 : kc::contract::Profile::k2022;
  auto kms = kc::mock::Kms::Create(kms_options, clock, random, keys);
  if (!kms.ok()) std::abort();
  kc::mock::DispatchOptions options;
  options.auth = (config & 2) ? kc::mock::AuthMode::kSigV4 : kc::mock::AuthMode::kNone;
  options.identities.push_back({kAccessKey, kSecretKey, kAccount});
  options.test_hooks = (config & 4) != 0;
  options.advance_clock = [&clock](double seconds) {
    clock.Advance(seconds);
    return clock.Now();
  };
  Dispatcher dispatcher(**kms, options, clock);
  // Read once, before any thread could change the environment.
  static const bool verbose =
      std::getenv("KC_FUZZ_VERBOSE") != nullptr;  // NOLINT(concurrency-mt-unsafe)

  std::size_t at = 1;
  for (int records = 0; records < 32 && at + 3 <= size; ++records) {
    const std::uint8_t selector = data[at];
    const std::size_t length = data[at + 1] | (static_cast<std::size_t>(data[at + 2]) << 8);
    at += 3;
    const std::size_t take = length < size - at ? length : size - at;
    std::string body(reinterpret_cast<const char*>(data + at), take);
    at += take;
    kc::sigv4::HttpRequest request =
        BuildRequest(selector, std::move(body), options.test_hooks, (config & 8) != 0);
    if (selector & 0x40) {
      kc::sigv4::SigningParams params;
      params.region = "us-east-1";
      params.service = "kms";
      params.time = clock.Now();
      auto signed_request = kc::sigv4::Sign(request, {kAccessKey, kSecretKey, ""}, params);
      if (signed_request.ok()) request = std::move(signed_request).value();
    }
    const HttpResponse reply = dispatcher.Handle(request);
    if (verbose) std::fprintf(stderr, "%d %s\n", reply.status, reply.body.c_str());
    CheckReply(reply);
  }
  return 0;
}
