#include "harness/scenarios/util.h"

#include <cstdio>
#include <vector>

namespace kc::scenarios {
namespace {

// Splits an ARN at its first five colons: arn, partition, service, region, account, resource.
std::vector<std::string> SplitArn(std::string_view arn) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const std::size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return {};
    parts.emplace_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  parts.emplace_back(arn.substr(start));
  if (parts[0] != "arn") return {};
  return parts;
}

std::string JoinArn(const std::vector<std::string>& p) {
  return p[0] + ":" + p[1] + ":" + p[2] + ":" + p[3] + ":" + p[4] + ":" + p[5];
}

std::string Replace(std::string_view arn, std::size_t index, std::string_view value) {
  auto parts = SplitArn(arn);
  if (parts.empty()) return std::string(arn);
  parts[index] = std::string(value);
  return JoinArn(parts);
}

}  // namespace

std::string ArnRegion(std::string_view arn) {
  auto p = SplitArn(arn);
  return p.empty() ? "" : p[3];
}

std::string ArnAccount(std::string_view arn) {
  auto p = SplitArn(arn);
  return p.empty() ? "" : p[4];
}

std::string ArnWithRegion(std::string_view arn, std::string_view region) {
  return Replace(arn, 3, region);
}

std::string ArnWithAccount(std::string_view arn, std::string_view account) {
  return Replace(arn, 4, account);
}

std::string ArnWithKeyId(std::string_view arn, std::string_view key_id) {
  return Replace(arn, 5, "key/" + std::string(key_id));
}

std::string OtherAccountThan(std::string_view account) {
  return account == "999988887777" ? "444455556666" : "999988887777";
}

std::string AliasArn(std::string_view key_arn, std::string_view name) {
  return Replace(key_arn, 5, "alias/" + std::string(name));
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace kc::scenarios
