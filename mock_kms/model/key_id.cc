#include "mock_kms/model/key_id.h"

#include <array>

namespace kc::mock {
namespace {

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !IsHex(s[i])) return false;
  }
  return true;
}

bool IsMrk(std::string_view s) {
  if (s.size() != 36 || s.substr(0, 4) != "mrk-") return false;
  for (char c : s.substr(4)) {
    if (!IsHex(c)) return false;
  }
  return true;
}

bool IsAccount(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool IsRegion(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool IsPartition(std::string_view s) { return s == "aws" || s == "aws-cn" || s == "aws-us-gov"; }

}  // namespace

// AWS alias names: alias/ followed by 1..250 of [a-zA-Z0-9/_-].
bool IsAliasName(std::string_view s) {
  constexpr std::string_view kPrefix = "alias/";
  if (s.size() <= kPrefix.size() || s.size() > 256 || s.substr(0, kPrefix.size()) != kPrefix) {
    return false;
  }
  for (char c : s.substr(kPrefix.size())) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '/' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

namespace {

// Split: the six ':' separated fields of an ARN (the resource keeps any further ':').
bool SplitArn(std::string_view s, std::array<std::string_view, 6>& out) {
  for (std::size_t i = 0; i < 5; ++i) {
    const std::size_t colon = s.find(':');
    if (colon == std::string_view::npos) return false;
    out[i] = s.substr(0, colon);
    s.remove_prefix(colon + 1);
  }
  out[5] = s;
  return true;
}

}  // namespace

bool IsKeyId(std::string_view s) { return IsUuid(s) || IsMrk(s); }

KeyRef ParseKeyRef(std::string_view input) {
  KeyRef ref;
  if (IsKeyId(input)) {
    ref.kind = KeyRefKind::kKeyId;
    ref.resource = input;
    return ref;
  }
  if (IsAliasName(input)) {
    ref.kind = KeyRefKind::kAliasName;
    ref.resource = input;
    return ref;
  }
  std::array<std::string_view, 6> f;
  if (!SplitArn(input, f) || f[0] != "arn" || !IsPartition(f[1]) || f[2] != "kms" ||
      !IsRegion(f[3]) || !IsAccount(f[4])) {
    return ref;
  }
  constexpr std::string_view kKeyPrefix = "key/";
  if (f[5].substr(0, kKeyPrefix.size()) == kKeyPrefix && IsKeyId(f[5].substr(kKeyPrefix.size()))) {
    ref.kind = KeyRefKind::kKeyArn;
    ref.resource = f[5].substr(kKeyPrefix.size());
  } else if (IsAliasName(f[5])) {
    ref.kind = KeyRefKind::kAliasArn;
    ref.resource = f[5];
  } else {
    return ref;
  }
  ref.region = f[3];
  ref.account = f[4];
  return ref;
}

std::string_view PartitionOf(std::string_view region) {
  if (region.substr(0, 3) == "cn-") return "aws-cn";
  if (region.substr(0, 7) == "us-gov-") return "aws-us-gov";
  return "aws";
}

std::string KeyArn(std::string_view region, std::string_view account, std::string_view key_id) {
  const std::string_view partition = PartitionOf(region);
  std::string arn;
  arn.reserve(4 + partition.size() + 5 + region.size() + 1 + account.size() + 5 + key_id.size());
  arn.append("arn:").append(partition).append(":kms:").append(region).append(":");
  arn.append(account).append(":key/").append(key_id);
  return arn;
}

std::string AliasArn(std::string_view region, std::string_view account, std::string_view alias) {
  std::string arn("arn:");
  arn.append(PartitionOf(region)).append(":kms:").append(region).append(":");
  arn.append(account).append(":").append(alias);
  return arn;
}

std::string NewKeyId(ByteView random16, bool multi_region) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::array<std::uint8_t, 16> b{};
  for (std::size_t i = 0; i < b.size() && i < random16.size(); ++i) b[i] = random16[i];
  std::string out;
  out.reserve(36);
  if (multi_region) {
    out = "mrk-";
    for (std::uint8_t v : b) {
      out.push_back(kHex[v >> 4]);
      out.push_back(kHex[v & 0xf]);
    }
    return out;
  }
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0xf]);
  }
  return out;
}

}  // namespace kc::mock
