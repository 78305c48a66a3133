// The rule catalogue of CONTRACT.md: every rule the harness checks, with its stable id,
// a title, one confidence value, the profiles it belongs to, what AWS answers, and the
// sentence of the source it comes from. Rule ids are the project's vocabulary: scenarios,
// properties, fuzz assertions, report rows and mock faults all use them.
#ifndef KC_CONTRACT_RULES_H_
#define KC_CONTRACT_RULES_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "harness/contract/enums.h"

namespace kc::contract {

// Confidence (CONTRACT.md): confirmed = recorded against AWS; documented = stated by the
// AWS docs or model; inferred = what AWS most plausibly does.
enum class Confidence : std::uint8_t { kConfirmed, kDocumented, kInferred };
std::string_view ConfidenceName(Confidence c);  // "confirmed" | "documented" | "inferred"

// Strictness: how a departure is judged.
//  kStrict:       any departure fails.
//  kTypeInferred: accepting what the contract forbids fails; a refusal with another
//                 plausible error type warns (documented rule, undocumented type).
//  kWarnOnly:     a departure only ever warns.
enum class Strictness : std::uint8_t { kStrict, kTypeInferred, kWarnOnly };

enum ProfileMask : std::uint8_t { kIn2022 = 1, kIn2026 = 2, kInBoth = 3 };

struct Rule {
  std::string_view id;        // "ikm.token-bound-to-key"
  std::string_view title;     // one line
  Confidence confidence;
  Strictness strictness;
  std::uint8_t profiles;      // ProfileMask
  bool needs_clock;           // judged only where the target's time can be moved
  std::string_view expected;  // what AWS answers
  std::string_view source;    // the quoted sentence the rule comes from
  std::string_view source_ref;  // where that sentence is
};

// AllRules: the catalogue, in CONTRACT.md's order.
std::span<const Rule> AllRules();
// FindRule: the rule with this id, or nullptr.
const Rule* FindRule(std::string_view id);
// RulesFor: the rules of profile p, in catalogue order.
std::vector<const Rule*> RulesFor(Profile p);
bool InProfile(const Rule& rule, Profile p);
// NeverJudged: a rule whose row is always `skip`, with the reason (ikm.edwards-mldsa: OpenSSL
// 3.0 cannot verify those signatures). It has no faults: nothing it could catch.
bool NeverJudged(const Rule& rule);

}  // namespace kc::contract

#endif  // KC_CONTRACT_RULES_H_
