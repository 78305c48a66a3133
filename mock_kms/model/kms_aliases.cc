// The aliases: CreateAlias, DeleteAlias, UpdateAlias, ListAliases. An alias names one key of
// its (account, region); DescribeKey, Encrypt and Decrypt accept it as a KeyId (Kms::Impl::
// Resolve). Sources: the AWS KMS API Reference pages of the four operations (the 2026 API
// model's documentation), AWS's key-state table (developerguide/key-state.html), and where
// AWS's reply is known from elsewhere, errors.cc says so. Each refusal below names its
// source; "inferred" marks the error types the documentation does not give.
#include <array>
#include <mutex>

#include "harness/contract/key_states.h"
#include "mock_kms/model/byte_io.h"
#include "mock_kms/model/key_id.h"
#include "mock_kms/model/kms_impl.h"

namespace kc::mock {
namespace {

using contract::KeyUsage;

constexpr std::string_view kAliasPrefix = "alias/";
constexpr std::string_view kReservedPrefix = "alias/aws/";
// ListAliases, Limit: "If you include a value, it must be between 1 and 100, inclusive. If
// you do not include a value, it defaults to 50." (The model's LimitType allows 1..1000.)
constexpr int kDefaultAliasListLimit = 50;
constexpr int kMaxAliasListLimit = 100;

// CheckAliasName: the rules of AliasName that the model's pattern (^[a-zA-Z0-9:/_-]+$,
// 1..256, checked by the codec) does not express. CreateAlias, AliasName: "This value must
// begin with alias/ followed by a name, such as alias/ExampleAlias. [...] It can contain only
// alphanumeric characters, forward slashes (/), underscores (_), and dashes (-). The alias
// name cannot begin with alias/aws/. The alias/aws/ prefix is reserved for Amazon Web
// Services managed keys." DeleteAlias and UpdateAlias check the same (for them the type of
// each refusal is inferred: the mock has no AWS managed aliases, and a name it could never
// have created is refused as at CreateAlias rather than not found).
std::optional<ApiError> CheckAliasName(std::string_view name) {
  if (!name.starts_with(kAliasPrefix)) return AliasPrefixError();
  if (name.starts_with(kReservedPrefix)) return AliasReservedError(name);
  if (name.size() == kAliasPrefix.size()) return AliasEmptyNameError();
  // The codec let through only [a-zA-Z0-9:/_-]: ':' is the one character left to refuse.
  if (!IsAliasName(name)) return AliasInvalidCharactersError(name);
  return std::nullopt;
}

// KeyClass: UpdateAlias: "The current and new KMS key must be the same type (both symmetric
// or both asymmetric or both HMAC), and they must have the same key usage."
enum class KeyClass { kSymmetric, kAsymmetric, kHmac };
KeyClass ClassOf(KeySpec spec) {
  switch (spec) {
    case KeySpec::kSymmetricDefault:
      return KeyClass::kSymmetric;
    case KeySpec::kHmac224:
    case KeySpec::kHmac256:
    case KeySpec::kHmac384:
    case KeySpec::kHmac512:
      return KeyClass::kHmac;
    default:
      return KeyClass::kAsymmetric;
  }
}

std::string_view ClassName(KeyClass k) {
  switch (k) {
    case KeyClass::kSymmetric:
      return "symmetric";
    case KeyClass::kAsymmetric:
      return "asymmetric";
    case KeyClass::kHmac:
      return "HMAC";
  }
  return "";
}

// AliasMarkerTag: the tag that makes a ListAliases marker ours, for this account and region
// (a ListKeys marker never passes: another label).
std::array<std::uint8_t, 8> AliasMarkerTag(const crypto::Digest256& key, std::string_view account,
                                           std::string_view region, std::string_view after) {
  ByteWriter w;
  w.Str("ListAliases");
  w.Str(account);
  w.Str(region);
  w.Str(after);
  const crypto::Digest256 mac = crypto::HmacSha256(key, w.bytes());
  std::array<std::uint8_t, 8> tag{};
  std::copy(mac.begin(), mac.begin() + 8, tag.begin());
  return tag;
}

}  // namespace

// ---------------------------------------------------------------- CreateAlias

Outcome<codec::EmptyResponse> Kms::Impl::CreateAlias(const Caller& c,
                                                     const codec::CreateAliasRequest& r) {
  if (auto e = CheckAliasName(r.alias_name)) return *e;
  // TargetKeyId: "Specify the key ID or key ARN of the KMS key." An alias is refused as at
  // the import operations (Resolve: NotFoundException "Invalid keyId '<input>'", type
  // inferred). "The KMS key must be in the same Amazon Web Services Region"; another
  // account's key ARN is not found ("Cross-account use: No").
  const auto resolved = Resolve(c, r.target_key_id, Operation::kCreateAlias);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  const EpochSeconds now = clock_.Now();
  std::unique_lock<std::shared_mutex> lock(mu_);
  if (const AliasRecord* existing = store_.FindAlias(c.account, c.region, r.alias_name)) {
    // An alias whose key has reached its deletion date went with it: upkeep first.
    Outcome<KeyRecord*> old =
        FindForWrite(KeyTarget{c.account, c.region, existing->target_key_id}, now);
    if (!old.ok()) return old.error();
    // "The alias must be unique in the account and Region" (AlreadyExistsException).
    if (store_.FindAlias(c.account, c.region, r.alias_name) != nullptr) {
      return AliasAlreadyExistsError(AliasArn(c.region, c.account, r.alias_name));
    }
  }
  Outcome<KeyRecord*> found = FindForWrite(t, now);
  if (!found.ok()) return found.error();
  const KeyRecord* rec = found.value();
  // "A valid KMS key is required. You can't create an alias without a KMS key."
  // (NotFoundException, the text DescribeKey answers for a missing key.)
  if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
  // Key-state table: CreateAlias on a key pending deletion: "KMSInvalidStateException: <key
  // ARN> is pending deletion."
  if (!contract::LookupKeyState(Operation::kCreateAlias, rec->state, profile()).allowed) {
    return StateError(t, *rec, Operation::kCreateAlias);
  }
  AliasRecord alias;
  alias.target_key_id = rec->key_id;
  alias.creation_date = now;
  alias.last_updated_date = now;
  if (auto e = CommitAlias(c, r.alias_name, std::move(alias))) return *e;
  return codec::EmptyResponse{};
}

// ---------------------------------------------------------------- UpdateAlias

Outcome<codec::EmptyResponse> Kms::Impl::UpdateAlias(const Caller& c,
                                                     const codec::UpdateAliasRequest& r) {
  if (auto e = CheckAliasName(r.alias_name)) return *e;
  // TargetKeyId: "Specify the key ID or key ARN of the KMS key." (as at CreateAlias).
  const auto resolved = Resolve(c, r.target_key_id, Operation::kUpdateAlias);
  if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
  const KeyTarget& t = std::get<KeyTarget>(resolved);
  const EpochSeconds now = clock_.Now();
  std::unique_lock<std::shared_mutex> lock(mu_);
  const ApiError not_found = AliasNotFoundError(AliasArn(c.region, c.account, r.alias_name));
  const AliasRecord* alias = store_.FindAlias(c.account, c.region, r.alias_name);
  if (alias == nullptr) return not_found;  // "Associates an existing KMS alias"
  // The current key, after upkeep (past its deletion date it is gone, and the alias too).
  const KeyTarget current_target{c.account, c.region, alias->target_key_id};
  Outcome<KeyRecord*> current = FindForWrite(current_target, now);
  if (!current.ok()) return current.error();
  alias = store_.FindAlias(c.account, c.region, r.alias_name);
  if (alias == nullptr || current.value() == nullptr) return not_found;
  const KeySpec current_spec = current.value()->spec;
  const KeyUsage current_usage = current.value()->usage;
  AliasRecord next = *alias;  // (the upkeep of the new key below may change the store)
  Outcome<KeyRecord*> found = FindForWrite(t, now);
  if (!found.ok()) return found.error();
  const KeyRecord* rec = found.value();
  if (rec == nullptr) return KeyDoesNotExistError(Arn(t));
  // Key-state table, UpdateAlias: "If the source KMS key is pending deletion, the command
  // succeeds. If the destination KMS key is pending deletion, the command fails with error:
  // KMSInvalidStateException : <key ARN> is pending deletion."
  if (!contract::LookupKeyState(Operation::kUpdateAlias, rec->state, profile()).allowed) {
    return StateError(t, *rec, Operation::kUpdateAlias);
  }
  // "The current and new KMS key must be the same type (both symmetric or both asymmetric
  // or both HMAC), and they must have the same key usage." The error type is not documented:
  // ValidationException (inferred), as AWS refuses other combinations of valid values (e.g.
  // CreateKey's KeyUsage that does not fit its KeySpec).
  if (ClassOf(rec->spec) != ClassOf(current_spec) || rec->usage != current_usage) {
    return ValidationError(
        "Alias " + r.alias_name + " cannot be associated with " + Arn(t) +
        ": its key type and key usage (" + std::string(ClassName(ClassOf(rec->spec))) + ", " +
        std::string(contract::ToWire(rec->usage)) +
        ") differ from those of the alias's current key (" +
        std::string(ClassName(ClassOf(current_spec))) + ", " +
        std::string(contract::ToWire(current_usage)) +
        "). The current and new KMS key must be the same type and have the same key usage.");
  }
  next.target_key_id = rec->key_id;
  // AliasListEntry, LastUpdatedDate: "Date and time that the alias was most recently
  // associated with a KMS key in the account and Region."
  next.last_updated_date = now;
  if (auto e = CommitAlias(c, r.alias_name, std::move(next))) return *e;
  return codec::EmptyResponse{};
}

// ---------------------------------------------------------------- DeleteAlias

Outcome<codec::EmptyResponse> Kms::Impl::DeleteAlias(const Caller& c,
                                                     const codec::DeleteAliasRequest& r) {
  if (auto e = CheckAliasName(r.alias_name)) return *e;
  const EpochSeconds now = clock_.Now();
  std::unique_lock<std::shared_mutex> lock(mu_);
  // The model's NotFoundException, in the text DescribeKey answers for a missing alias.
  const ApiError not_found = AliasNotFoundError(AliasArn(c.region, c.account, r.alias_name));
  const AliasRecord* alias = store_.FindAlias(c.account, c.region, r.alias_name);
  if (alias == nullptr) return not_found;
  Outcome<KeyRecord*> key = FindForWrite(KeyTarget{c.account, c.region, alias->target_key_id}, now);
  if (!key.ok()) return key.error();
  if (store_.FindAlias(c.account, c.region, r.alias_name) == nullptr) return not_found;
  // Key-state table: DeleteAlias succeeds whatever the state of the alias's key.
  if (auto e = CommitAliasRemove(c, r.alias_name)) return *e;
  return codec::EmptyResponse{};
}

// ---------------------------------------------------------------- ListAliases

Outcome<codec::ListAliasesResponse> Kms::Impl::ListAliases(const Caller& c,
                                                           const codec::ListAliasesRequest& r) {
  const int limit = r.limit.value_or(kDefaultAliasListLimit);
  if (limit < 1 || limit > kMaxAliasListLimit) {
    // The documented range 1..100 (the codec refuses what the model's 1..1000 does not
    // allow first). Type and text inferred, in the service framework's words.
    return ValidationError(
        "1 validation error detected: Value '" + std::to_string(limit) +
        "' at 'limit' failed to satisfy constraint: Member must have value " +
        (limit < 1 ? "greater than or equal to 1" : "less than or equal to 100"));
  }
  std::string after;
  if (r.marker) {
    // A marker is ours only if it carries our tag for this account and region (the model's
    // InvalidMarkerException otherwise).
    const std::optional<Bytes> raw = Base64DecodeStrict(*r.marker);
    bool ok = raw.has_value();
    if (ok) {
      ByteReader reader(*raw);
      ByteView tag;
      ok = reader.Str(after) && !after.empty() && reader.Raw(8, tag) && reader.done();
      const auto want = AliasMarkerTag(marker_key_, c.account, c.region, after);
      ok = ok && crypto::ConstantTimeEquals(tag, want);
    }
    if (!ok) {
      return ApiError::Of(ErrorType::kInvalidMarkerException,
                          "The marker '" + *r.marker + "' is not valid for this request.");
    }
  }
  // KeyId: "Lists only aliases that are associated with the specified KMS key. [...] Specify
  // the key ID or key ARN of the KMS key." (an alias is refused as at the import operations;
  // a key that does not exist is the model's NotFoundException).
  std::optional<KeyTarget> filter;
  if (r.key_id) {
    auto resolved = Resolve(c, *r.key_id, Operation::kListAliases);
    if (const auto* e = std::get_if<LookupError>(&resolved)) return e->error;
    filter = std::move(std::get<KeyTarget>(resolved));
  }
  const EpochSeconds now = clock_.Now();
  codec::ListAliasesResponse out;
  out.aliases.emplace();
  bool truncated = false;
  const std::string* last = nullptr;
  std::string last_name;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    if (filter) {
      const KeyRecord* rec = store_.Find(filter->account, filter->region, filter->key_id);
      if (rec == nullptr || IsGone(*rec, now)) return KeyDoesNotExistError(Arn(*filter));
    }
    store_.ForEachAliasAfter(
        c.account, c.region, after, [&](const std::string& name, const AliasRecord& alias) {
          if (filter && alias.target_key_id != filter->key_id) return true;
          // The aliases of a key past its deletion date are gone with it.
          const KeyRecord* key = store_.Find(c.account, c.region, alias.target_key_id);
          if (key == nullptr || IsGone(*key, now)) return true;
          if (out.aliases->size() == static_cast<std::size_t>(limit)) {
            truncated = true;
            return false;
          }
          codec::AliasListEntry e;
          e.alias_name = name;
          e.alias_arn = AliasArn(c.region, c.account, name);
          e.target_key_id = alias.target_key_id;
          e.creation_date = alias.creation_date;
          e.last_updated_date = alias.last_updated_date;
          out.aliases->push_back(std::move(e));
          last = &name;
          return true;
        });
    if (last != nullptr) last_name = *last;
  }
  out.truncated = truncated;
  if (truncated) {
    // "When Truncated is true, this element is present and contains the value to use for the
    // Marker parameter in a subsequent request." In name order, so a page never repeats or
    // skips an alias that stays.
    ByteWriter w;
    w.Str(last_name);
    w.Raw(AliasMarkerTag(marker_key_, c.account, c.region, last_name));
    out.next_marker = Base64Encode(w.bytes());
  }
  return out;
}

}  // namespace kc::mock
