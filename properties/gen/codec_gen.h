// codec_gen: RapidCheck generators of valid wire values, shared by every property of
// kmsconform (codec, mock, stateful model). "Valid" means: accepted by the API model of the
// profile asked for (contract::Spec): lengths, value ranges, enums and patterns hold, and
// members only a later model has are left unset. Whether a value makes *semantic* sense to a
// KMS (a key that exists, a token that verifies) is the caller's business.
//
//   const auto req = *kc::gen::ValidRequest<kc::codec::ImportKeyMaterialRequest>(p);
//   const auto meta = *kc::gen::KeyMetadataFor(p);
//
// Text generators produce UTF-8 and count lengths in UTF-16 code units, as the model does.
#ifndef KC_PROPERTIES_GEN_CODEC_GEN_H_
#define KC_PROPERTIES_GEN_CODEC_GEN_H_

#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <rapidcheck.h>

#include "harness/codec/codec.h"
#include "harness/codec/types.h"
#include "harness/common/utf8.h"
#include "harness/contract/enums.h"
#include "harness/contract/profile.h"

namespace kc::gen {

using contract::Profile;

// ---- basics ----

inline rc::Gen<Profile> AnyProfile() { return rc::gen::element(Profile::k2022, Profile::k2026); }

// Optional: unset or a value of gen, half and half.
template <typename T>
rc::Gen<std::optional<T>> Optional(rc::Gen<T> gen) {
  return rc::gen::oneOf(rc::gen::just(std::optional<T>()),
                        rc::gen::map(std::move(gen), [](T v) { return std::optional<T>(std::move(v)); }));
}

// Since2026: a member only the 2026 model has: Optional(gen) in 2026, always unset in 2022.
template <typename T>
rc::Gen<std::optional<T>> Since2026(Profile p, rc::Gen<T> gen) {
  return p == Profile::k2026 ? Optional(std::move(gen)) : rc::gen::just(std::optional<T>());
}

// VectorOf: between min and max elements of gen.
template <typename T>
rc::Gen<std::vector<T>> VectorOf(std::size_t min, std::size_t max, rc::Gen<T> gen) {
  return rc::gen::mapcat(rc::gen::inRange<std::size_t>(min, max + 1), [gen](std::size_t n) {
    return rc::gen::container<std::vector<T>>(n, gen);
  });
}

// ---- text ----

// Utf8: the UTF-8 encoding of a Unicode scalar value.
inline std::string Utf8(std::uint32_t cp) {
  std::string out;
  AppendUtf8(out, static_cast<char32_t>(cp));
  return out;
}

// CodePoint: any Unicode scalar value, weighted toward what breaks codecs: ASCII letters,
// JSON's specials (quote, backslash, slash), control characters, DEL, Latin-1, the rest of
// the BMP (not surrogates), and astral code points (two UTF-16 units).
inline rc::Gen<std::uint32_t> CodePoint() {
  return rc::gen::weightedOneOf<std::uint32_t>({
      {8, rc::gen::inRange<std::uint32_t>('a', 'z' + 1)},
      {2, rc::gen::inRange<std::uint32_t>(0x20, 0x7F)},
      {1, rc::gen::elementOf(std::vector<std::uint32_t>{'"', '\\', '/', 0x7F, 0})},
      {1, rc::gen::inRange<std::uint32_t>(0x01, 0x20)},
      {1, rc::gen::inRange<std::uint32_t>(0x80, 0x100)},
      {1, rc::gen::inRange<std::uint32_t>(0x100, 0xD800)},
      {1, rc::gen::inRange<std::uint32_t>(0xE000, 0x10000)},
      {1, rc::gen::inRange<std::uint32_t>(0x10000, 0x110000)},
  });
}

// TextOf: UTF-8 text of code points from cp whose UTF-16 length is in [min_units, max_units];
// at most ~48 code points beyond min_units, so that properties stay fast.
inline rc::Gen<std::string> TextOf(std::size_t min_units, std::size_t max_units,
                                   rc::Gen<std::uint32_t> cp) {
  const std::size_t cap = std::min(max_units, min_units + 48);
  return rc::gen::map(VectorOf<std::uint32_t>(min_units, cap, cp),
                      [min_units, max_units](const std::vector<std::uint32_t>& cps) {
                        std::vector<std::uint32_t> kept;
                        std::size_t units = 0;
                        for (const std::uint32_t c : cps) {
                          const std::size_t u = c >= 0x10000 ? 2 : 1;
                          if (units + u > max_units) continue;
                          kept.push_back(c);
                          units += u;
                        }
                        // Astral code points skipped near the limit: pad with ASCII.
                        while (units < min_units) {
                          kept.push_back('x');
                          ++units;
                        }
                        std::string out;
                        for (const std::uint32_t c : kept) out += Utf8(c);
                        return out;
                      });
}

// Text: any UTF-8 text with a UTF-16 length in [min_units, max_units].
inline rc::Gen<std::string> Text(std::size_t min_units, std::size_t max_units) {
  return TextOf(min_units, max_units, CodePoint());
}

// CharsOf: text of the given ASCII characters, length in [min, max] (capped like TextOf).
inline rc::Gen<std::string> CharsOf(std::string_view alphabet, std::size_t min, std::size_t max) {
  const std::size_t cap = std::min(max, min + 48);
  std::vector<char> chars(alphabet.begin(), alphabet.end());
  return rc::gen::map(VectorOf<char>(min, cap, rc::gen::elementOf(chars)),
                      [](const std::vector<char>& v) { return std::string(v.begin(), v.end()); });
}

inline constexpr std::string_view kLowerHex = "0123456789abcdef";
inline constexpr std::string_view kAlnum =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// Hex: exactly n lower-case hex digits (KeyMaterialId: 64).
inline rc::Gen<std::string> Hex(std::size_t n) { return CharsOf(kLowerHex, n, n); }

// The model's patterns, as generators of matching text.
// PolicyText: [\u0009\u000A\u000D\u0020-\u00FF]+ (Policy), length 1..max.
inline rc::Gen<std::string> PolicyText(std::size_t max = 131072) {
  return TextOf(1, max, rc::gen::weightedOneOf<std::uint32_t>({
                            {6, rc::gen::inRange<std::uint32_t>(0x20, 0x7F)},
                            {1, rc::gen::element<std::uint32_t>(0x09, 0x0A, 0x0D)},
                            {1, rc::gen::inRange<std::uint32_t>(0x7F, 0x100)},
                        }));
}
// MarkerText: [\u0020-\u00FF]* (Marker, NextMarker), length 1..1024.
inline rc::Gen<std::string> MarkerText() {
  return TextOf(1, 1024, rc::gen::inRange<std::uint32_t>(0x20, 0x100));
}
// KeyMaterialDescription: ^[a-zA-Z0-9:/_\s.-]+$, length 1..256.
inline rc::Gen<std::string> KeyMaterialDescription() {
  return CharsOf(std::string(kAlnum) + ":/_ \t\n\x0B\f\r.-", 1, 256);
}
// XksKeyId: ^[a-zA-Z0-9-_.]+$, length 1..128.
inline rc::Gen<std::string> XksKeyId() { return CharsOf(std::string(kAlnum) + "-_.", 1, 128); }

// ---- identifiers ----

inline rc::Gen<std::string> Region() {
  return rc::gen::element<std::string>("us-east-1", "us-west-2", "eu-west-1", "eu-central-1",
                                       "ap-southeast-2", "us-gov-west-1", "cn-north-1");
}
inline rc::Gen<std::string> AccountId() { return CharsOf("0123456789", 12, 12); }

// KeyUuid: a key id as AWS mints them: 8-4-4-4-12 lower-case hex.
inline rc::Gen<std::string> KeyUuid() {
  return rc::gen::apply(
      [](const std::string& a, const std::string& b, const std::string& c, const std::string& d,
         const std::string& e) { return a + "-" + b + "-" + c + "-" + d + "-" + e; },
      Hex(8), Hex(4), Hex(4), Hex(4), Hex(12));
}
// KeyArn: arn:aws:kms:<region>:<account>:key/<uuid> (mrk- prefixed for multi-Region keys).
inline rc::Gen<std::string> KeyArn() {
  return rc::gen::apply(
      [](const std::string& region, const std::string& account, bool mrk, const std::string& id) {
        return "arn:aws:kms:" + region + ":" + account + ":key/" + (mrk ? "mrk-" : "") + id;
      },
      Region(), AccountId(), rc::gen::weightedElement<bool>({{9, false}, {1, true}}), KeyUuid());
}
inline rc::Gen<std::string> AliasName() {
  return rc::gen::map(CharsOf(std::string(kAlnum) + "/_-", 1, 40),
                      [](const std::string& s) { return "alias/" + s; });
}
inline rc::Gen<std::string> AliasArn() {
  return rc::gen::apply(
      [](const std::string& region, const std::string& account, const std::string& alias) {
        return "arn:aws:kms:" + region + ":" + account + ":" + alias;
      },
      Region(), AccountId(), AliasName());
}
// KeyIdOrArn: what AWS puts in a KeyId output member: the id or the key ARN.
inline rc::Gen<std::string> KeyIdOrArn() { return rc::gen::oneOf(KeyUuid(), KeyArn()); }
// KeyReference: what a request may name a key by: id, key ARN, alias name or alias ARN
// (proto.key-id-forms), and now and then any text of KeyIdType's length (1..2048).
inline rc::Gen<std::string> KeyReference() {
  return rc::gen::weightedOneOf<std::string>(
      {{4, KeyUuid()}, {4, KeyArn()}, {1, AliasName()}, {1, AliasArn()}, {1, Text(1, 2048)}});
}
inline rc::Gen<std::string> KeyMaterialId() { return Hex(64); }

// ---- enums ----

// EnumValue: a value of E that profile p's model lists (contract::InProfile).
template <typename E>
rc::Gen<E> EnumValue(Profile p) {
  std::vector<E> values;
  for (const auto& n : contract::AllValues<E>()) {
    if (contract::InProfile(n.value, p)) values.push_back(n.value);
  }
  return rc::gen::elementOf(values);
}
// CustomerMasterKeySpec: the deprecated member's enum stopped growing in 2022.
inline rc::Gen<codec::KeySpec> CustomerMasterKeySpec() {
  return EnumValue<codec::KeySpec>(Profile::k2022);
}
// SupportedWrappingKeySpec / SupportedWrappingAlgorithm: what the profile's GetParametersForImport
// accepts beyond the model (CONTRACT.md: gpfi.wrapping-key-spec, gpfi.wrapping-algorithm).
inline rc::Gen<codec::WrappingKeySpec> SupportedWrappingKeySpec(Profile p) {
  return rc::gen::suchThat(EnumValue<codec::WrappingKeySpec>(p), [p](codec::WrappingKeySpec s) {
    return contract::SupportsWrappingKeySpec(p, s);
  });
}
inline rc::Gen<codec::WrappingAlgorithm> SupportedWrappingAlgorithm(Profile p) {
  return rc::gen::suchThat(EnumValue<codec::WrappingAlgorithm>(p),
                           [p](codec::WrappingAlgorithm a) {
                             return contract::SupportsWrappingAlgorithm(p, a);
                           });
}

// ---- blobs and timestamps ----

// Blob: between min and max bytes (at most ~300 beyond min, to stay fast).
inline rc::Gen<Bytes> Blob(std::size_t min, std::size_t max) {
  const std::size_t cap = std::min(max, min + 300);
  return VectorOf<std::uint8_t>(min, cap, rc::gen::arbitrary<std::uint8_t>());
}

// RealisticEpochSeconds: 2017..2036, whole seconds or with milliseconds, as AWS sends them.
inline rc::Gen<EpochSeconds> RealisticEpochSeconds() {
  return rc::gen::apply(
      [](std::int64_t s, int ms, bool whole) {
        return whole ? static_cast<double>(s) : static_cast<double>(s) + ms / 1000.0;
      },
      rc::gen::inRange<std::int64_t>(1'500'000'000, 2'100'000'000),
      rc::gen::inRange(0, 1000), rc::gen::arbitrary<bool>());
}
// FiniteDouble: any finite double, every bit pattern alike (subnormals, -0.0, 1e308 ...).
inline rc::Gen<double> FiniteDouble() {
  return rc::gen::suchThat(
      rc::gen::map(rc::gen::arbitrary<std::uint64_t>(),
                   [](std::uint64_t bits) { return std::bit_cast<double>(bits); }),
      [](double d) { return std::isfinite(d); });
}
// EpochSeconds: mostly realistic, sometimes any finite double (timestamps carry no model bounds).
inline rc::Gen<EpochSeconds> AnyEpochSeconds() {
  return rc::gen::weightedOneOf<EpochSeconds>({{4, RealisticEpochSeconds()}, {1, FiniteDouble()}});
}

// ---- shared structures ----

inline rc::Gen<codec::Tag> TagValue() {
  return rc::gen::build<codec::Tag>(rc::gen::set(&codec::Tag::tag_key, Text(1, 128)),
                                    rc::gen::set(&codec::Tag::tag_value, Text(0, 256)));
}
inline rc::Gen<std::vector<std::string>> GrantTokens() {
  return VectorOf<std::string>(0, 10, Text(1, 8192));
}
inline rc::Gen<codec::EncryptionContext> EncryptionContextValue() {
  return rc::gen::map(VectorOf<std::pair<std::string, std::string>>(
                          0, 4, rc::gen::pair(Text(0, 20), Text(0, 40))),
                      [](const std::vector<std::pair<std::string, std::string>>& kv) {
                        return codec::EncryptionContext(kv.begin(), kv.end());
                      });
}

// KeyMetadataFor: DescribeKey/CreateKey output of profile p (KeyId always set).
inline rc::Gen<codec::KeyMetadata> KeyMetadataFor(Profile p) {
  using M = codec::KeyMetadata;
  using rc::gen::set;
  return rc::gen::build<M>(
      set(&M::aws_account_id, Optional(AccountId())), set(&M::key_id, KeyUuid()),
      set(&M::arn, Optional(KeyArn())), set(&M::creation_date, Optional(AnyEpochSeconds())),
      set(&M::enabled, Optional(rc::gen::arbitrary<bool>())),
      set(&M::description, Optional(Text(0, 8192))),
      set(&M::key_usage, Optional(EnumValue<codec::KeyUsage>(p))),
      set(&M::key_state, Optional(EnumValue<codec::KeyState>(p))),
      set(&M::deletion_date, Optional(AnyEpochSeconds())),
      set(&M::valid_to, Optional(AnyEpochSeconds())),
      set(&M::origin, Optional(EnumValue<codec::Origin>(p))),
      set(&M::expiration_model, Optional(EnumValue<codec::ExpirationModel>(p))),
      set(&M::key_manager, Optional(EnumValue<codec::KeyManager>(p))),
      set(&M::customer_master_key_spec, Optional(CustomerMasterKeySpec())),
      set(&M::key_spec, Optional(EnumValue<codec::KeySpec>(p))),
      set(&M::encryption_algorithms,
          Optional(VectorOf<codec::EncryptionAlgorithm>(0, 4,
                                                        EnumValue<codec::EncryptionAlgorithm>(p)))),
      set(&M::signing_algorithms,
          Optional(VectorOf<codec::SigningAlgorithm>(0, 4, EnumValue<codec::SigningAlgorithm>(p)))),
      set(&M::mac_algorithms,
          Optional(VectorOf<codec::MacAlgorithm>(0, 4, EnumValue<codec::MacAlgorithm>(p)))),
      set(&M::key_agreement_algorithms,
          Since2026(p, VectorOf<codec::KeyAgreementAlgorithm>(
                           0, 2, EnumValue<codec::KeyAgreementAlgorithm>(p)))),
      set(&M::multi_region, Optional(rc::gen::arbitrary<bool>())),
      set(&M::pending_deletion_window_in_days, Optional(rc::gen::inRange(1, 366))),
      set(&M::current_key_material_id, Since2026(p, KeyMaterialId())));
}

// ---- requests ----

inline rc::Gen<codec::CreateKeyRequest> CreateKeyRequestFor(Profile p) {
  using R = codec::CreateKeyRequest;
  using rc::gen::set;
  return rc::gen::build<R>(
      set(&R::policy, Optional(PolicyText())), set(&R::description, Optional(Text(0, 8192))),
      set(&R::key_usage, Optional(EnumValue<codec::KeyUsage>(p))),
      set(&R::customer_master_key_spec, Optional(CustomerMasterKeySpec())),
      set(&R::key_spec, Optional(EnumValue<codec::KeySpec>(p))),
      set(&R::origin, Optional(EnumValue<codec::Origin>(p))),
      set(&R::custom_key_store_id, Optional(Text(1, 64))),
      set(&R::bypass_policy_lockout_safety_check, Optional(rc::gen::arbitrary<bool>())),
      set(&R::tags, Optional(VectorOf<codec::Tag>(0, 4, TagValue()))),
      set(&R::multi_region, Optional(rc::gen::arbitrary<bool>())),
      set(&R::xks_key_id, Optional(XksKeyId())));
}
inline rc::Gen<codec::DescribeKeyRequest> DescribeKeyRequestFor(Profile) {
  using R = codec::DescribeKeyRequest;
  return rc::gen::build<R>(rc::gen::set(&R::key_id, KeyReference()),
                           rc::gen::set(&R::grant_tokens, Optional(GrantTokens())));
}
inline rc::Gen<codec::ListKeysRequest> ListKeysRequestFor(Profile) {
  using R = codec::ListKeysRequest;
  return rc::gen::build<R>(rc::gen::set(&R::limit, Optional(rc::gen::inRange(1, 1001))),
                           rc::gen::set(&R::marker, Optional(MarkerText())));
}
inline rc::Gen<codec::EnableKeyRequest> EnableKeyRequestFor(Profile) {
  return rc::gen::build<codec::EnableKeyRequest>(
      rc::gen::set(&codec::EnableKeyRequest::key_id, KeyReference()));
}
inline rc::Gen<codec::DisableKeyRequest> DisableKeyRequestFor(Profile) {
  return rc::gen::build<codec::DisableKeyRequest>(
      rc::gen::set(&codec::DisableKeyRequest::key_id, KeyReference()));
}
inline rc::Gen<codec::ScheduleKeyDeletionRequest> ScheduleKeyDeletionRequestFor(Profile) {
  using R = codec::ScheduleKeyDeletionRequest;
  // The model allows 1..365; AWS's service accepts 7..30 (contract::kMin/MaxPendingWindowDays).
  return rc::gen::build<R>(rc::gen::set(&R::key_id, KeyReference()),
                           rc::gen::set(&R::pending_window_in_days,
                                        Optional(rc::gen::inRange(1, 366))));
}
inline rc::Gen<codec::CancelKeyDeletionRequest> CancelKeyDeletionRequestFor(Profile) {
  return rc::gen::build<codec::CancelKeyDeletionRequest>(
      rc::gen::set(&codec::CancelKeyDeletionRequest::key_id, KeyReference()));
}
inline rc::Gen<codec::GetParametersForImportRequest> GetParametersForImportRequestFor(Profile p) {
  using R = codec::GetParametersForImportRequest;
  return rc::gen::build<R>(
      rc::gen::set(&R::key_id, KeyReference()),
      rc::gen::set(&R::wrapping_algorithm, EnumValue<codec::WrappingAlgorithm>(p)),
      rc::gen::set(&R::wrapping_key_spec, EnumValue<codec::WrappingKeySpec>(p)));
}
inline rc::Gen<codec::ImportKeyMaterialRequest> ImportKeyMaterialRequestFor(Profile p) {
  using R = codec::ImportKeyMaterialRequest;
  using rc::gen::set;
  return rc::gen::build<R>(
      set(&R::key_id, KeyReference()), set(&R::import_token, Blob(1, 6144)),
      set(&R::encrypted_key_material, Blob(1, 6144)),
      set(&R::valid_to, Optional(AnyEpochSeconds())),
      set(&R::expiration_model, Optional(EnumValue<codec::ExpirationModel>(p))),
      set(&R::import_type, Since2026(p, EnumValue<codec::ImportType>(p))),
      set(&R::key_material_description, Since2026(p, KeyMaterialDescription())),
      set(&R::key_material_id, Since2026(p, KeyMaterialId())));
}
inline rc::Gen<codec::DeleteImportedKeyMaterialRequest> DeleteImportedKeyMaterialRequestFor(
    Profile p) {
  using R = codec::DeleteImportedKeyMaterialRequest;
  return rc::gen::build<R>(rc::gen::set(&R::key_id, KeyReference()),
                           rc::gen::set(&R::key_material_id, Since2026(p, KeyMaterialId())));
}
inline rc::Gen<codec::EncryptRequest> EncryptRequestFor(Profile p) {
  using R = codec::EncryptRequest;
  using rc::gen::set;
  return rc::gen::build<R>(
      set(&R::key_id, KeyReference()), set(&R::plaintext, Blob(1, 4096)),
      set(&R::encryption_context, Optional(EncryptionContextValue())),
      set(&R::grant_tokens, Optional(GrantTokens())),
      set(&R::encryption_algorithm, Optional(EnumValue<codec::EncryptionAlgorithm>(p))),
      set(&R::dry_run, Since2026(p, rc::gen::arbitrary<bool>())));
}
inline rc::Gen<codec::DecryptRequest> DecryptRequestFor(Profile p) {
  using R = codec::DecryptRequest;
  using rc::gen::set;
  // CiphertextBlob is required in the 2022 model, optional in 2026.
  auto ciphertext = p == Profile::k2022
                        ? rc::gen::map(Blob(1, 6144), [](Bytes b) { return std::optional<Bytes>(b); })
                        : Optional(Blob(1, 6144));
  return rc::gen::build<R>(
      set(&R::ciphertext_blob, ciphertext),
      set(&R::encryption_context, Optional(EncryptionContextValue())),
      set(&R::grant_tokens, Optional(GrantTokens())), set(&R::key_id, Optional(KeyReference())),
      set(&R::encryption_algorithm, Optional(EnumValue<codec::EncryptionAlgorithm>(p))),
      set(&R::dry_run, Since2026(p, rc::gen::arbitrary<bool>())));
}

// ---- responses ----

inline rc::Gen<codec::EmptyResponse> EmptyResponseFor(Profile) {
  return rc::gen::just(codec::EmptyResponse{});
}
inline rc::Gen<codec::CreateKeyResponse> CreateKeyResponseFor(Profile p) {
  return rc::gen::build<codec::CreateKeyResponse>(
      rc::gen::set(&codec::CreateKeyResponse::key_metadata, Optional(KeyMetadataFor(p))));
}
inline rc::Gen<codec::DescribeKeyResponse> DescribeKeyResponseFor(Profile p) {
  return rc::gen::build<codec::DescribeKeyResponse>(
      rc::gen::set(&codec::DescribeKeyResponse::key_metadata, Optional(KeyMetadataFor(p))));
}
inline rc::Gen<codec::ListKeysResponse> ListKeysResponseFor(Profile) {
  using R = codec::ListKeysResponse;
  using E = codec::KeyListEntry;
  auto entry = rc::gen::build<E>(rc::gen::set(&E::key_id, Optional(KeyUuid())),
                                 rc::gen::set(&E::key_arn, Optional(KeyArn())));
  return rc::gen::build<R>(rc::gen::set(&R::keys, Optional(VectorOf<E>(0, 5, entry))),
                           rc::gen::set(&R::next_marker, Optional(MarkerText())),
                           rc::gen::set(&R::truncated, Optional(rc::gen::arbitrary<bool>())));
}
inline rc::Gen<codec::ScheduleKeyDeletionResponse> ScheduleKeyDeletionResponseFor(Profile p) {
  using R = codec::ScheduleKeyDeletionResponse;
  return rc::gen::build<R>(
      rc::gen::set(&R::key_id, Optional(KeyIdOrArn())),
      rc::gen::set(&R::deletion_date, Optional(AnyEpochSeconds())),
      rc::gen::set(&R::key_state, Optional(EnumValue<codec::KeyState>(p))),
      rc::gen::set(&R::pending_window_in_days, Optional(rc::gen::inRange(1, 366))));
}
inline rc::Gen<codec::CancelKeyDeletionResponse> CancelKeyDeletionResponseFor(Profile) {
  return rc::gen::build<codec::CancelKeyDeletionResponse>(
      rc::gen::set(&codec::CancelKeyDeletionResponse::key_id, Optional(KeyIdOrArn())));
}
inline rc::Gen<codec::GetParametersForImportResponse> GetParametersForImportResponseFor(Profile) {
  using R = codec::GetParametersForImportResponse;
  return rc::gen::build<R>(rc::gen::set(&R::key_id, Optional(KeyArn())),
                           rc::gen::set(&R::import_token, Optional(Blob(1, 6144))),
                           rc::gen::set(&R::public_key, Optional(Blob(1, 4096))),
                           rc::gen::set(&R::parameters_valid_to, Optional(AnyEpochSeconds())));
}
// ImportKeyMaterialResponse / DeleteImportedKeyMaterialResponse: {} in 2022.
inline rc::Gen<codec::ImportKeyMaterialResponse> ImportKeyMaterialResponseFor(Profile p) {
  using R = codec::ImportKeyMaterialResponse;
  return rc::gen::build<R>(rc::gen::set(&R::key_id, Since2026(p, KeyArn())),
                           rc::gen::set(&R::key_material_id, Since2026(p, KeyMaterialId())));
}
inline rc::Gen<codec::DeleteImportedKeyMaterialResponse> DeleteImportedKeyMaterialResponseFor(
    Profile p) {
  using R = codec::DeleteImportedKeyMaterialResponse;
  return rc::gen::build<R>(rc::gen::set(&R::key_id, Since2026(p, KeyArn())),
                           rc::gen::set(&R::key_material_id, Since2026(p, KeyMaterialId())));
}
inline rc::Gen<codec::EncryptResponse> EncryptResponseFor(Profile p) {
  using R = codec::EncryptResponse;
  return rc::gen::build<R>(
      rc::gen::set(&R::ciphertext_blob, Optional(Blob(1, 6144))),
      rc::gen::set(&R::key_id, Optional(KeyArn())),
      rc::gen::set(&R::encryption_algorithm, Optional(EnumValue<codec::EncryptionAlgorithm>(p))));
}
inline rc::Gen<codec::DecryptResponse> DecryptResponseFor(Profile p) {
  using R = codec::DecryptResponse;
  return rc::gen::build<R>(
      rc::gen::set(&R::key_id, Optional(KeyArn())),
      rc::gen::set(&R::plaintext, Optional(Blob(1, 4096))),
      rc::gen::set(&R::encryption_algorithm, Optional(EnumValue<codec::EncryptionAlgorithm>(p))),
      rc::gen::set(&R::key_material_id, Since2026(p, KeyMaterialId())));
}

// ---- hostile input ----

// JsonishText: text made of JSON tokens, member names and values of the model, glued at
// random: mostly malformed, sometimes well-formed; reaches deeper than random bytes.
inline rc::Gen<std::string> JsonishText() {
  static const std::vector<std::string> kTokens = {
      "{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "0", "-1", "5.0", "1e400",
      "2147483648", "\"KeyId\"", "\"ImportToken\"", "\"ValidTo\"", "\"Tags\"",
      "\"TagKey\"", "\"KeyMetadata\"", "\"KeyState\"", "\"__type\"", "\"message\"",
      "\"AQID\"", "\"RSA_2048\"", "\"x\"", "\"\\u0000\"", "\"\\ud800\"", "\xC3\xA9",
      "\xFF", " ", "\n"};
  return rc::gen::map(VectorOf<std::string>(0, 40, rc::gen::elementOf(kTokens)),
                      [](const std::vector<std::string>& tokens) {
                        std::string out;
                        for (const std::string& t : tokens) out += t;
                        return out;
                      });
}

// Mutated: text of base with a few random edits (flip a byte, delete or duplicate a span,
// insert a token): almost-valid input, where decoders' corner cases live.
inline rc::Gen<std::string> Mutated(rc::Gen<std::string> base) {
  return rc::gen::mapcat(std::move(base), [](std::string text) {
    return rc::gen::map(
        VectorOf<std::tuple<int, std::size_t, std::size_t, std::uint8_t>>(
            1, 4,
            rc::gen::tuple(rc::gen::inRange(0, 4), rc::gen::arbitrary<std::size_t>(),
                           rc::gen::inRange<std::size_t>(0, 16), rc::gen::arbitrary<std::uint8_t>())),
        [text](const std::vector<std::tuple<int, std::size_t, std::size_t, std::uint8_t>>& edits) {
          std::string t = text;
          for (const auto& [kind, at, len, byte] : edits) {
            const std::size_t pos = t.empty() ? 0 : at % (t.size() + 1);
            const std::size_t n = std::min(len, t.size() - pos);
            switch (kind) {
              case 0:
                if (pos < t.size()) t[pos] = static_cast<char>(byte);
                break;
              case 1: t.erase(pos, n); break;
              case 2: t.insert(pos, t.substr(pos, n)); break;
              default: t.insert(pos, std::string(1 + byte % 3, "{}[]\",:\\"[byte % 8]));
            }
          }
          return t;
        });
  });
}

// ---- by type ----

// ValidRequest<Req>(p) / ValidResponse<Resp>(p): the generator of that type for profile p.
template <typename Req>
rc::Gen<Req> ValidRequest(Profile p) {
  using namespace codec;  // NOLINT(google-build-using-namespace): the type list reads better
  if constexpr (std::is_same_v<Req, CreateKeyRequest>) return CreateKeyRequestFor(p);
  else if constexpr (std::is_same_v<Req, DescribeKeyRequest>) return DescribeKeyRequestFor(p);
  else if constexpr (std::is_same_v<Req, ListKeysRequest>) return ListKeysRequestFor(p);
  else if constexpr (std::is_same_v<Req, EnableKeyRequest>) return EnableKeyRequestFor(p);
  else if constexpr (std::is_same_v<Req, DisableKeyRequest>) return DisableKeyRequestFor(p);
  else if constexpr (std::is_same_v<Req, ScheduleKeyDeletionRequest>) return ScheduleKeyDeletionRequestFor(p);
  else if constexpr (std::is_same_v<Req, CancelKeyDeletionRequest>) return CancelKeyDeletionRequestFor(p);
  else if constexpr (std::is_same_v<Req, GetParametersForImportRequest>) return GetParametersForImportRequestFor(p);
  else if constexpr (std::is_same_v<Req, ImportKeyMaterialRequest>) return ImportKeyMaterialRequestFor(p);
  else if constexpr (std::is_same_v<Req, DeleteImportedKeyMaterialRequest>) return DeleteImportedKeyMaterialRequestFor(p);
  else if constexpr (std::is_same_v<Req, EncryptRequest>) return EncryptRequestFor(p);
  else if constexpr (std::is_same_v<Req, DecryptRequest>) return DecryptRequestFor(p);
  else static_assert(sizeof(Req) == 0, "not a request type of types.h");
}

template <typename Resp>
rc::Gen<Resp> ValidResponse(Profile p) {
  using namespace codec;  // NOLINT(google-build-using-namespace)
  if constexpr (std::is_same_v<Resp, EmptyResponse>) return EmptyResponseFor(p);
  else if constexpr (std::is_same_v<Resp, CreateKeyResponse>) return CreateKeyResponseFor(p);
  else if constexpr (std::is_same_v<Resp, DescribeKeyResponse>) return DescribeKeyResponseFor(p);
  else if constexpr (std::is_same_v<Resp, ListKeysResponse>) return ListKeysResponseFor(p);
  else if constexpr (std::is_same_v<Resp, ScheduleKeyDeletionResponse>) return ScheduleKeyDeletionResponseFor(p);
  else if constexpr (std::is_same_v<Resp, CancelKeyDeletionResponse>) return CancelKeyDeletionResponseFor(p);
  else if constexpr (std::is_same_v<Resp, GetParametersForImportResponse>) return GetParametersForImportResponseFor(p);
  else if constexpr (std::is_same_v<Resp, ImportKeyMaterialResponse>) return ImportKeyMaterialResponseFor(p);
  else if constexpr (std::is_same_v<Resp, DeleteImportedKeyMaterialResponse>) return DeleteImportedKeyMaterialResponseFor(p);
  else if constexpr (std::is_same_v<Resp, EncryptResponse>) return EncryptResponseFor(p);
  else if constexpr (std::is_same_v<Resp, DecryptResponse>) return DecryptResponseFor(p);
  else static_assert(sizeof(Resp) == 0, "not a response type of types.h");
}

}  // namespace kc::gen

// RapidCheck prints a failing value with showValue (found by argument-dependent lookup): the
// codec types show as their JSON.
namespace kc::codec {
#define KC_GEN_SHOW_REQUEST(T) \
  inline void showValue(const T& v, std::ostream& os) { os << EncodeRequest(v); }
#define KC_GEN_SHOW_RESPONSE(T) \
  inline void showValue(const T& v, std::ostream& os) { os << EncodeResponse(v); }
KC_GEN_SHOW_REQUEST(CreateKeyRequest)
KC_GEN_SHOW_REQUEST(DescribeKeyRequest)
KC_GEN_SHOW_REQUEST(ListKeysRequest)
KC_GEN_SHOW_REQUEST(EnableKeyRequest)
KC_GEN_SHOW_REQUEST(DisableKeyRequest)
KC_GEN_SHOW_REQUEST(ScheduleKeyDeletionRequest)
KC_GEN_SHOW_REQUEST(CancelKeyDeletionRequest)
KC_GEN_SHOW_REQUEST(GetParametersForImportRequest)
KC_GEN_SHOW_REQUEST(ImportKeyMaterialRequest)
KC_GEN_SHOW_REQUEST(DeleteImportedKeyMaterialRequest)
KC_GEN_SHOW_REQUEST(EncryptRequest)
KC_GEN_SHOW_REQUEST(DecryptRequest)
KC_GEN_SHOW_RESPONSE(EmptyResponse)
KC_GEN_SHOW_RESPONSE(CreateKeyResponse)
KC_GEN_SHOW_RESPONSE(DescribeKeyResponse)
KC_GEN_SHOW_RESPONSE(ListKeysResponse)
KC_GEN_SHOW_RESPONSE(ScheduleKeyDeletionResponse)
KC_GEN_SHOW_RESPONSE(CancelKeyDeletionResponse)
KC_GEN_SHOW_RESPONSE(GetParametersForImportResponse)
KC_GEN_SHOW_RESPONSE(ImportKeyMaterialResponse)
KC_GEN_SHOW_RESPONSE(DeleteImportedKeyMaterialResponse)
KC_GEN_SHOW_RESPONSE(EncryptResponse)
KC_GEN_SHOW_RESPONSE(DecryptResponse)
#undef KC_GEN_SHOW_REQUEST
#undef KC_GEN_SHOW_RESPONSE
inline void showValue(const Finding& f, std::ostream& os) { os << "{" << f.where << ": " << f.what << "}"; }
inline void showValue(const ApiError& e, std::ostream& os) {
  os << e.type_name << ": " << e.message;
}
}  // namespace kc::codec

#endif  // KC_PROPERTIES_GEN_CODEC_GEN_H_
