// Fuzz target: kc::codec::DecodeResponse<Resp> (and so DecodeErrorReply) and
// EncodeResponse<Resp>, every response type, both profiles. Claim: any status, headers and
// body decode to a value, an error or "undecodable", never a crash; a decoded value re-encodes
// to a body that decodes to the same value (abort on mismatch).
// Input: a selector byte ('A'..'L' pick the response types below in profile 2022, 'a'..'l' in
// 2026; other bytes pick by value), a reply byte (low nibble: the status from kStatuses;
// 0x40: Content-Type text/html instead of x-amz-json-1.1; 0x80: no x-amzn-RequestId; 0x20
// clear: an x-amzn-ErrorType header), then the body.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "harness/codec/codec.h"

namespace {

using kc::codec::HttpReplyView;
using kc::codec::Profile;

constexpr int kStatuses[16] = {200, 200, 201, 204, 400, 400, 404, 413,
                               500, 503, 302, 0,   299, 199, 600, -1};

template <typename Resp>
void RoundTrip(const HttpReplyView& reply, Profile p) {
  const kc::codec::ClientReply<Resp> first = kc::codec::DecodeResponse<Resp>(reply, p);
  if (first.value.has_value() + first.error.has_value() > 1) std::abort();
  if (!first.value) return;
  const std::string body = kc::codec::EncodeResponse(*first.value);
  HttpReplyView again;
  again.status = 200;
  again.body = body;
  again.content_type = kc::codec::kJsonContentType;
  again.request_id = "fuzz";
  const kc::codec::ClientReply<Resp> second = kc::codec::DecodeResponse<Resp>(again, p);
  if (!second.value || !(*second.value == *first.value)) {
    std::fprintf(stderr, "round trip changed the response\nre-encoded: %s\n", body.c_str());
    std::abort();
  }
}

using RoundTripFn = void (*)(const HttpReplyView&, Profile);
constexpr RoundTripFn kRoundTrips[] = {
    &RoundTrip<kc::codec::EmptyResponse>,
    &RoundTrip<kc::codec::CreateKeyResponse>,
    &RoundTrip<kc::codec::DescribeKeyResponse>,
    &RoundTrip<kc::codec::ListKeysResponse>,
    &RoundTrip<kc::codec::ScheduleKeyDeletionResponse>,
    &RoundTrip<kc::codec::CancelKeyDeletionResponse>,
    &RoundTrip<kc::codec::GetParametersForImportResponse>,
    &RoundTrip<kc::codec::ImportKeyMaterialResponse>,
    &RoundTrip<kc::codec::DeleteImportedKeyMaterialResponse>,
    &RoundTrip<kc::codec::EncryptResponse>,
    &RoundTrip<kc::codec::DecryptResponse>,
    &RoundTrip<kc::codec::ListAliasesResponse>,
};
constexpr std::size_t kCount = sizeof kRoundTrips / sizeof kRoundTrips[0];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t s = data[0];
  std::size_t op = s % kCount;
  Profile p = (s / kCount) % 2 == 0 ? Profile::k2022 : Profile::k2026;
  if (s >= 'A' && s < 'A' + kCount) {
    op = static_cast<std::size_t>(s - 'A');
    p = Profile::k2022;
  } else if (s >= 'a' && s < 'a' + kCount) {
    op = static_cast<std::size_t>(s - 'a');
    p = Profile::k2026;
  }
  const std::uint8_t r = data[1];
  HttpReplyView reply;
  reply.status = kStatuses[r & 0x0F];
  reply.body = std::string_view(reinterpret_cast<const char*>(data) + 2, size - 2);
  reply.content_type = (r & 0x40) != 0 ? "text/html" : kc::codec::kJsonContentType;
  if ((r & 0x80) == 0) reply.request_id = "fuzz-request-id";
  if ((r & 0x20) == 0) reply.error_type_header = "com.amazonaws.kms#KMSInternalException:x";
  kRoundTrips[op](reply, p);
  return 0;
}
