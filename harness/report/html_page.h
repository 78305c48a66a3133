// HTML page scaffolding shared by report.html and matrix.html: one self-contained page,
// inline CSS only, and a Content-Security-Policy that forbids every network fetch and every
// script, so even a mistake in escaping could neither run code nor load anything.
#ifndef KC_REPORT_HTML_PAGE_H_
#define KC_REPORT_HTML_PAGE_H_

#include <string>
#include <string_view>

#include "harness/report/report.h"

namespace kc::report {

// HtmlPageStart: "<!DOCTYPE html>" through "<body>", with `title` escaped.
std::string HtmlPageStart(std::string_view title);
// HtmlPageEnd: "</body></html>".
std::string HtmlPageEnd();
// VerdictBadge: <span class="badge fail">fail</span>; `tooltip` (escaped) becomes its title.
std::string VerdictBadge(Verdict v, std::string_view tooltip = {});
// HtmlId: `s` reduced to the characters safe in an id/fragment ([A-Za-z0-9._-]).
std::string HtmlId(std::string_view s);

}  // namespace kc::report

#endif  // KC_REPORT_HTML_PAGE_H_
