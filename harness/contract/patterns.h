// The model's `pattern` constraints, implemented without a regex engine (they are Java
// regular expressions, matched against the whole value, and only eight occur in the
// operations kmsconform speaks). contract_model_test.cc checks that every pattern in the
// tables is one of them.
#ifndef KC_CONTRACT_PATTERNS_H_
#define KC_CONTRACT_PATTERNS_H_

#include <optional>
#include <string_view>

namespace kc::contract {

// MatchesModelPattern: whether the UTF-8 value matches the whole pattern; nullopt when
// the pattern is not one this function knows.
std::optional<bool> MatchesModelPattern(std::string_view pattern, std::string_view value);

}  // namespace kc::contract

#endif  // KC_CONTRACT_PATTERNS_H_
