// Fuzz target: kc::codec::DecodeRequest<Req> and EncodeRequest<Req>, every request type, both
// profiles. Claim: every body decodes to a request or an ApiError, never a crash; a decoded
// request re-encodes to a body that decodes to the same request (abort on mismatch).
// Input: one selector byte, then the body. 'A'..'P' pick the operations in contract order
// (CreateKey .. Decrypt, CreateAlias .. UpdateAlias) in profile 2022, 'a'..'p' in 2026; other
// bytes pick by value.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "harness/codec/codec.h"

namespace {

using kc::codec::Profile;

template <typename Req>
void RoundTrip(std::string_view body, Profile p) {
  const kc::codec::Decoded<Req> first = kc::codec::DecodeRequest<Req>(body, p);
  if (!first.ok()) return;
  const std::string again = kc::codec::EncodeRequest(first.value());
  const kc::codec::Decoded<Req> second = kc::codec::DecodeRequest<Req>(again, p);
  if (!second.ok() || !(second.value() == first.value())) {
    std::fprintf(stderr, "round trip changed the request\nre-encoded: %s\nsecond: %s\n",
                 again.c_str(), second.ok() ? "ok" : second.error().message.c_str());
    std::abort();
  }
}

using RoundTripFn = void (*)(std::string_view, Profile);
constexpr RoundTripFn kRoundTrips[] = {
    &RoundTrip<kc::codec::CreateKeyRequest>,
    &RoundTrip<kc::codec::DescribeKeyRequest>,
    &RoundTrip<kc::codec::ListKeysRequest>,
    &RoundTrip<kc::codec::EnableKeyRequest>,
    &RoundTrip<kc::codec::DisableKeyRequest>,
    &RoundTrip<kc::codec::ScheduleKeyDeletionRequest>,
    &RoundTrip<kc::codec::CancelKeyDeletionRequest>,
    &RoundTrip<kc::codec::GetParametersForImportRequest>,
    &RoundTrip<kc::codec::ImportKeyMaterialRequest>,
    &RoundTrip<kc::codec::DeleteImportedKeyMaterialRequest>,
    &RoundTrip<kc::codec::EncryptRequest>,
    &RoundTrip<kc::codec::DecryptRequest>,
    &RoundTrip<kc::codec::CreateAliasRequest>,
    &RoundTrip<kc::codec::DeleteAliasRequest>,
    &RoundTrip<kc::codec::ListAliasesRequest>,
    &RoundTrip<kc::codec::UpdateAliasRequest>,
};
constexpr std::size_t kCount = sizeof kRoundTrips / sizeof kRoundTrips[0];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
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
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  kRoundTrips[op](body, p);
  return 0;
}
