#include "harness/report/html_page.h"

#include "harness/report/text.h"

namespace kc::report {
namespace {

// Colours: pass green, fail red, warn amber, skip grey, error purple (DESIGN.md, "Report").
constexpr std::string_view kCss = R"css(
:root{--pass:#1a7f37;--pass-bg:#e6f6ea;--fail:#cf222e;--fail-bg:#ffebe9;--warn:#9a6700;
--warn-bg:#fff6d6;--skip:#57606a;--skip-bg:#f3f4f6;--error:#8250df;--error-bg:#f5eeff}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
margin:24px;color:#1f2328;background:#fff}
h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:24px 0 8px}
h3{font-size:14px;margin:14px 0 6px}
table{border-collapse:collapse}
table.meta td{padding:2px 14px 2px 0;vertical-align:top}table.meta td:first-child{color:#57606a}
table.grid{width:100%;margin-top:8px}
table.grid th,table.grid td{border:1px solid #d0d7de;padding:5px 8px;text-align:left;
vertical-align:top}
table.grid th{background:#f6f8fa}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:8px;margin:4px 0;
white-space:pre-wrap;word-break:break-all;max-height:480px;overflow:auto}
pre.repro{user-select:all;-webkit-user-select:all;background:#0d1117;color:#e6edf3}
.badge{display:inline-block;border-radius:10px;padding:1px 9px;font-weight:600;color:#fff;
font-size:12px}
.badge.pass{background:var(--pass)}.badge.fail{background:var(--fail)}
.badge.warn{background:var(--warn)}.badge.skip{background:var(--skip)}
.badge.error{background:var(--error)}.badge.none{background:#d0d7de;color:#1f2328}
.summary .badge{font-size:14px;padding:3px 12px;margin-right:6px}
tbody.rule.pass td{background:var(--pass-bg)}tbody.rule.fail td{background:var(--fail-bg)}
tbody.rule.warn td{background:var(--warn-bg)}tbody.rule.skip td{background:var(--skip-bg)}
tbody.rule.error td{background:var(--error-bg)}
tbody.rule tr.row td:first-child{border-left:5px solid #d0d7de}
tbody.rule.pass tr.row td:first-child{border-left-color:var(--pass)}
tbody.rule.fail tr.row td:first-child{border-left-color:var(--fail)}
tbody.rule.warn tr.row td:first-child{border-left-color:var(--warn)}
tbody.rule.skip tr.row td:first-child{border-left-color:var(--skip)}
tbody.rule.error tr.row td:first-child{border-left-color:var(--error)}
tbody.rule tr.detail td{background:#fff}
.title{color:#57606a;font-size:12px}
details>summary{cursor:pointer;font-weight:600}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:10px}
blockquote{margin:4px 0;padding:4px 12px;border-left:4px solid #d0d7de;color:#424a53}
blockquote footer{font-size:12px;color:#57606a}
.exchange{margin:8px 0 14px}.step{font-weight:600}.probe{color:var(--fail)}
.ctl{display:inline-block;border-radius:10px;padding:0 7px;font-size:12px;font-weight:600;
border:1px solid #d0d7de;margin:1px 2px;white-space:nowrap}
.ctl.passed{background:var(--pass-bg);color:var(--pass);border-color:var(--pass)}
.ctl.failed{background:var(--fail-bg);color:var(--fail);border-color:var(--fail)}
.ctl.unavailable,.ctl.not-run{background:var(--skip-bg);color:var(--skip)}
table.checks{width:100%;margin:4px 0 8px}table.checks td,table.checks th{font-size:12px}
table.checks td.v{white-space:nowrap}
table.findings{table-layout:fixed}table.findings td{overflow-wrap:anywhere;word-break:break-word}
table.findings col.v{width:60px}table.findings col.c{width:210px}table.findings col.n{width:70px}
table.findings col.r{width:230px}
.filters label{display:inline-block;border:1px solid #d0d7de;border-radius:6px;
padding:2px 10px;margin:0 4px 8px 0;cursor:pointer;background:#f6f8fa}
#f-all:checked~.filters label[for=f-all],#f-pass:checked~.filters label[for=f-pass],
#f-fail:checked~.filters label[for=f-fail],#f-warn:checked~.filters label[for=f-warn],
#f-skip:checked~.filters label[for=f-skip],#f-error:checked~.filters label[for=f-error],
#f-bad:checked~.filters label[for=f-bad]{background:#1f2328;color:#fff}
#f-pass:checked~table tbody.rule:not(.pass),#f-fail:checked~table tbody.rule:not(.fail),
#f-warn:checked~table tbody.rule:not(.warn),#f-skip:checked~table tbody.rule:not(.skip),
#f-error:checked~table tbody.rule:not(.error),
#f-bad:checked~table tbody.rule.pass,#f-bad:checked~table tbody.rule.skip{display:none}
input.filter{position:absolute;opacity:0;pointer-events:none}
td.cell{text-align:center;white-space:nowrap}
@media print{.filters{display:none}details{display:block}}
)css";

}  // namespace

std::string HtmlPageStart(std::string_view title) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      // No network and no script, whatever ends up in the page.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; img-src 'none'; script-src 'none'; form-action 'none'\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n<title>";
  out += HtmlEscape(title);
  out += "</title>\n<style>";
  out += kCss;
  out += "</style>\n</head>\n<body>\n";
  return out;
}

std::string HtmlPageEnd() { return "</body>\n</html>\n"; }

std::string VerdictBadge(Verdict v, std::string_view tooltip) {
  std::string out = "<span class=\"badge ";
  out += VerdictName(v);
  out += '"';
  if (!tooltip.empty()) {
    out += " title=\"";
    out += HtmlEscape(tooltip);
    out += '"';
  }
  out += '>';
  out += VerdictName(v);
  out += "</span>";
  return out;
}

std::string HtmlId(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    out.push_back(safe ? c : '-');
  }
  return out;
}

}  // namespace kc::report
