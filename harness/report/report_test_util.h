// Sample reports for the writers' tests: a small one (exact JSON), one with every verdict,
// and a hostile one whose every string is something a target could send to break a writer.
#ifndef KC_REPORT_REPORT_TEST_UTIL_H_
#define KC_REPORT_REPORT_TEST_UTIL_H_

#include <string>
#include <string_view>

#include "harness/report/report.h"

namespace kc::report::testing {

// SmallReport: one failing rule with one exchange.
RunReport SmallReport();
// AllVerdictsReport: five rules, one per verdict, endpoint target.
RunReport AllVerdictsReport();
// Hostile: markup, quotes, control characters, ill-formed UTF-8, a fence, a CDATA end.
std::string Hostile();
// HostileReport: Hostile() in every string field (target, rules, evidence).
RunReport HostileReport();

// MarkupProblems: "" when `text` is well-formed markup: tags balance, attribute values are
// quoted and hold no '<', every '&' starts an entity, no character XML 1.0 forbids. With
// html = true, HTML's void elements (meta, input, br) need no end tag. Otherwise the first
// problem, with its offset.
std::string MarkupProblems(std::string_view text, bool html);

}  // namespace kc::report::testing

#endif  // KC_REPORT_REPORT_TEST_UTIL_H_
