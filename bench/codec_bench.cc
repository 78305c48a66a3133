// codec_bench: the codec's hot paths, as the mock serves them.
//  - DecodeRequest of a typical ImportKeyMaterial body (~1.2 KB: a 512-byte ImportToken, a
//    256-byte EncryptedKeyMaterial, a key ARN, ExpirationModel, ValidTo), with validation and
//    base64 decoding. Target: >= 100,000/s on one core.
//  - EncodeRequest of the same request and EncodeResponse of a GetParametersForImport reply.
//    Target: >= 150,000/s.
//  - nlohmann's plain DOM parse of the same body: the reference the decode is compared with.
#include <cstdint>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "harness/codec/codec.h"

namespace {

using kc::Bytes;
using kc::codec::Profile;

Bytes Pattern(std::size_t n, std::uint8_t seed) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 131 + (i >> 3));
  return b;
}

kc::codec::ImportKeyMaterialRequest TypicalImport() {
  kc::codec::ImportKeyMaterialRequest r;
  r.key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  r.import_token = Pattern(512, 7);
  r.encrypted_key_material = Pattern(256, 11);
  r.expiration_model = kc::codec::ExpirationModel::kKeyMaterialExpires;
  r.valid_to = 1798761600.5;
  return r;
}

const std::string& TypicalImportBody() {
  static const std::string body = kc::codec::EncodeRequest(TypicalImport());
  return body;
}

void BM_DecodeImportKeyMaterialRequest(benchmark::State& state) {
  const std::string& body = TypicalImportBody();
  for (auto _ : state) {
    auto decoded =
        kc::codec::DecodeRequest<kc::codec::ImportKeyMaterialRequest>(body, Profile::k2026);
    if (!decoded.ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(decoded);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
  state.counters["body_bytes"] = static_cast<double>(body.size());
}
BENCHMARK(BM_DecodeImportKeyMaterialRequest);

void BM_NlohmannParseReference(benchmark::State& state) {
  const std::string& body = TypicalImportBody();
  for (auto _ : state) {
    auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    benchmark::DoNotOptimize(doc);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_NlohmannParseReference);

void BM_EncodeImportKeyMaterialRequest(benchmark::State& state) {
  const auto req = TypicalImport();
  for (auto _ : state) {
    std::string body = kc::codec::EncodeRequest(req);
    benchmark::DoNotOptimize(body);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeImportKeyMaterialRequest);

void BM_EncodeGetParametersForImportResponse(benchmark::State& state) {
  kc::codec::GetParametersForImportResponse resp;
  resp.key_id = TypicalImport().key_id;
  resp.import_token = Pattern(512, 3);
  resp.public_key = Pattern(294, 5);  // an RSA-2048 SubjectPublicKeyInfo
  resp.parameters_valid_to = 1767312000.123;
  for (auto _ : state) {
    std::string body = kc::codec::EncodeResponse(resp);
    benchmark::DoNotOptimize(body);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeGetParametersForImportResponse);

void BM_DecodeGetParametersForImportResponse(benchmark::State& state) {
  kc::codec::GetParametersForImportResponse resp;
  resp.key_id = TypicalImport().key_id;
  resp.import_token = Pattern(512, 3);
  resp.public_key = Pattern(294, 5);
  resp.parameters_valid_to = 1767312000.123;
  const std::string body = kc::codec::EncodeResponse(resp);
  kc::codec::HttpReplyView reply;
  reply.status = 200;
  reply.body = body;
  reply.content_type = kc::codec::kJsonContentType;
  reply.request_id = "c6f5a5b2-2c1e-4a6e-9f3e-0d1d2b3c4e5f";
  for (auto _ : state) {
    auto decoded = kc::codec::DecodeResponse<kc::codec::GetParametersForImportResponse>(
        reply, Profile::k2026);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeGetParametersForImportResponse);

}  // namespace
