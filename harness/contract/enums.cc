#include "harness/contract/enums.h"

#include <string>

namespace kc::contract {
namespace {

// X-Amz-Target values, built once from the Operation table.
struct Targets {
  std::array<std::string, EnumTraits<Operation>::kNames.size()> values;
  Targets() {
    for (std::size_t i = 0; i < values.size(); ++i) {
      values[i] = std::string(kTargetPrefix) + std::string(EnumTraits<Operation>::kNames[i].wire);
    }
  }
};
const Targets& AllTargets() {
  static const Targets targets;
  return targets;
}

}  // namespace

std::string_view TargetOf(Operation op) {
  for (std::size_t i = 0; i < EnumTraits<Operation>::kNames.size(); ++i) {
    if (EnumTraits<Operation>::kNames[i].value == op) return AllTargets().values[i];
  }
  return {};
}

std::optional<Operation> OperationFromTarget(std::string_view target) {
  if (!target.starts_with(kTargetPrefix)) return std::nullopt;
  return FromWire<Operation>(target.substr(kTargetPrefix.size()));
}

bool IsFaultError(ErrorType type) {
  return type == ErrorType::kKMSInternalException ||
         type == ErrorType::kDependencyTimeoutException ||
         type == ErrorType::kKeyUnavailableException;
}

int HttpStatusOf(ErrorType type) {
  switch (type) {
    case ErrorType::kKMSInternalException: return 500;
    case ErrorType::kKeyUnavailableException: return 500;
    case ErrorType::kDependencyTimeoutException: return 503;
    case ErrorType::kRequestEntityTooLargeException: return 413;
    default: return 400;
  }
}

std::string_view SanitizeErrorType(std::string_view raw) {
  if (const auto colon = raw.find(':'); colon != std::string_view::npos) raw = raw.substr(0, colon);
  if (const auto hash = raw.rfind('#'); hash != std::string_view::npos) raw = raw.substr(hash + 1);
  return raw;
}

}  // namespace kc::contract
