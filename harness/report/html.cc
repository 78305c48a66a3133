// report.html: one self-contained page (html_page.h): the run's header, the counts in
// colour, a coloured row per rule, and for each rule an expandable <details> with expected
// vs actual (fail / warn / error), the checks with the controls each refusal rests on, the
// contract sentence, the HTTP transcript and the reproducer.
// The status filter is CSS only (radio buttons); without CSS every row is simply shown.
// Every piece of text goes through HtmlEscape.
#include <algorithm>
#include <string>
#include <vector>

#include "harness/report/html_page.h"
#include "harness/report/report.h"
#include "harness/report/text.h"

namespace kc::report {
namespace {

// Bodies longer than this are cut in report.html (report.json keeps them whole).
constexpr std::size_t kMaxBodyBytes = 16384;

std::string Pre(std::string_view text, std::string_view cls = {}) {
  std::string out = "<pre";
  if (!cls.empty()) out += " class=\"" + std::string(cls) + "\"";
  out += ">";
  out += HtmlEscape(text);
  out += "</pre>";
  return out;
}

void AppendMeta(std::string& out, const RunReport& r) {
  out += "<h1>kmsconform report: " + HtmlEscape(TargetLabel(r)) + "</h1>\n";
  out += "<table class=\"meta\">\n";
  for (const auto& [k, v] : MetaRows(r)) {
    // The emulator's output is a file beside the report: a relative link.
    const std::string value = k == "emulator output"
                                  ? "<a href=\"" + HtmlEscape(v) + "\">" + HtmlEscape(v) + "</a>"
                                  : HtmlEscape(v);
    out += "<tr><td>" + k + "</td><td>" + value + "</td></tr>\n";
  }
  out += "</table>\n";
}

void AppendSummary(std::string& out, const Summary& s) {
  out += "<h2>Summary</h2>\n<p class=\"summary\">";
  auto badge = [&](Verdict v, int n) {
    out += "<span class=\"badge " + std::string(VerdictName(v)) + "\">" + std::to_string(n) + " " +
           std::string(VerdictName(v)) + "</span>";
  };
  badge(Verdict::kPass, s.pass);
  badge(Verdict::kFail, s.fail);
  badge(Verdict::kWarn, s.warn);
  badge(Verdict::kSkip, s.skip);
  badge(Verdict::kError, s.error);
  out += "</p>\n";
}

// AppendFilters: radio buttons the stylesheet reads with :checked ~ (no script). They must
// be siblings that precede the rules table.
void AppendFilters(std::string& out) {
  static constexpr std::string_view kIds[] = {"all",   "bad",  "fail", "warn",
                                              "error", "skip", "pass"};
  static constexpr std::string_view kLabels[] = {
      "all", "fail + warn + error", "fail", "warn", "error", "skip", "pass"};
  for (std::string_view id : kIds) {
    out += "<input class=\"filter\" type=\"radio\" name=\"filter\" id=\"f-" + std::string(id) +
           "\"" + (id == "all" ? " checked" : "") + ">\n";
  }
  out += "<div class=\"filters\">show: ";
  for (std::size_t i = 0; i < std::size(kIds); ++i) {
    out += "<label for=\"f-" + std::string(kIds[i]) + "\">" + std::string(kLabels[i]) + "</label>";
  }
  out += "</div>\n";
}

const Control* FindControl(const RuleResult& r, std::string_view id) {
  for (const Control& c : r.controls) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

std::string ControlBadge(const RuleResult& r, std::string_view id) {
  const Control* c = FindControl(r, id);
  const std::string status(c ? ControlStatusName(c->status) : "not-run");
  std::string tooltip = c ? c->what : std::string("unknown control");
  if (c && !c->actual.empty()) tooltip += ": " + c->actual;
  return "<span class=\"ctl " + status + "\" title=\"" + HtmlEscape(tooltip) + "\">" +
         HtmlEscape(id) + " " + status + "</span>";
}

// AppendChecks: each check with the exchange it judged and, for a refusal, the controls it
// rests on beside it; then the controls themselves.
void AppendControls(std::string& out, const RuleResult& r);

// AppendChecks: the checks of a row (when it has any), then its controls (when it has any: a
// fuzz row has controls and no checks).
void AppendChecks(std::string& out, const RuleResult& r) {
  if (r.checks.empty()) return AppendControls(out, r);
  out +=
      "<h3>Checks</h3>\n<table class=\"grid checks\"><thead><tr><th>verdict</th><th>check"
      "</th><th>expected</th><th>saw</th><th>exchange</th><th>rests on</th></tr></thead>"
      "\n<tbody>\n";
  for (const Check& c : r.checks) {
    out += "<tr><td class=\"v\">" + VerdictBadge(c.verdict) + "</td><td>" + HtmlEscape(c.what) +
           "</td><td>" + HtmlEscape(c.expected) + "</td><td>" + HtmlEscape(c.actual) + "</td><td>" +
           (c.exchange > 0 ? "#" + std::to_string(c.exchange) : std::string()) + "</td><td>";
    for (const std::string& id : c.controls) out += ControlBadge(r, id);
    if (c.refusal && c.controls.empty()) out += "<span class=\"ctl failed\">no control</span>";
    out += "</td></tr>\n";
  }
  out += "</tbody></table>\n";
  AppendControls(out, r);
}

void AppendControls(std::string& out, const RuleResult& r) {
  if (r.controls.empty()) return;
  out +=
      "<h3>Controls</h3>\n<p class=\"title\">A refusal counts only when its control, run "
      "on the same target in the same run, showed that the premise held.</p>\n"
      "<table class=\"grid checks\"><thead><tr><th>control</th><th>premise</th><th>saw</th>"
      "</tr></thead>\n<tbody>\n";
  for (const Control& c : r.controls) {
    out += "<tr><td class=\"v\">" + ControlBadge(r, c.id) + "</td><td>" + HtmlEscape(c.what) +
           "</td><td>" + HtmlEscape(c.actual) + "</td></tr>\n";
  }
  out += "</tbody></table>\n";
}

void AppendExchange(std::string& out, const Evidence& e, int n) {
  out += "<div class=\"exchange\" id=\"x-" + std::to_string(e.seq > 0 ? e.seq : n) +
         "\"><div class=\"step\">#" + std::to_string(e.seq > 0 ? e.seq : n) + " ";
  if (e.probe) out += "<span class=\"probe\">probe</span> ";
  out += HtmlEscape(e.step.empty() ? std::string("(no step)") : e.step);
  out += " <span class=\"title\">" + HtmlEscape(FormatSeconds(e.ms)) + " ms</span></div>\n";
  out += Pre(RequestText(e, kMaxBodyBytes), "req") + "\n";
  out += Pre(ResponseText(e, kMaxBodyBytes), "resp") + "\n";
  out += "</div>\n";
}

void AppendDetails(std::string& out, const RuleResult& r) {
  // Collapsed: the row already says why; a run with many failures stays scannable.
  const bool departed =
      r.status == Verdict::kFail || r.status == Verdict::kWarn || r.status == Verdict::kError;
  out += "<tr class=\"detail\"><td colspan=\"4\"><details><summary>";
  if (departed) out += "expected vs actual, ";
  auto count = [](std::size_t n, std::string_view one) {
    return std::to_string(n) + " " + std::string(one) + (n == 1 ? "" : "s");
  };
  // Only what the row has: a rule that only passed in explore has counts, not evidence.
  const bool sequence = r.explore && !r.explore->steps.empty();
  std::vector<std::string> parts;
  if (sequence) parts.push_back("minimal sequence (" + count(r.explore->steps.size(), "step") + ")");
  const bool findings = r.fuzz && !r.fuzz->findings.empty();
  if (findings) parts.push_back(count(r.fuzz->findings.size(), "finding"));
  if (!r.checks.empty()) parts.push_back(count(r.checks.size(), "check"));
  if (!r.controls.empty()) parts.push_back(count(r.controls.size(), "control"));
  if (!r.source.empty()) parts.push_back("contract");
  if (!r.evidence.empty()) {
    parts.push_back("HTTP transcript (" + count(r.evidence.size(), "exchange") + ")");
  }
  if (!r.reproducer.empty()) parts.push_back("reproducer");
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? ", " : "") + parts[i];
  out += "</summary>\n";
  if (departed) {
    out += "<div class=\"pair\"><div><h3>Expected</h3>" + Pre(r.expected) +
           "</div><div><h3>Actual</h3>" + Pre(r.actual) + "</div></div>\n";
  }
  if (sequence) {
    out += r.id.starts_with("compare.")
               ? "<h3>Minimal sequence</h3>\n<p class=\"title\">Shrunk from a random sequence; "
                 "each step's outcome on both targets.</p>\n<ol class=\"steps\">\n"
               : "<h3>Minimal sequence</h3>\n<p class=\"title\">Shrunk from a random sequence; "
                 "every step but the last went as the model of AWS predicts.</p>\n"
                 "<ol class=\"steps\">\n";
    for (const std::string& step : r.explore->steps) {
      // The steps are numbered in their text ("3. ImportKeyMaterial ..."): the list's own
      // numbers would repeat them.
      const std::size_t dot = step.find(". ");
      const bool numbered = dot != std::string::npos && dot > 0 && dot < 4 &&
                            std::all_of(step.begin(), step.begin() + static_cast<long>(dot),
                                        [](char c) { return c >= '0' && c <= '9'; });
      out += "<li>" + HtmlEscape(numbered ? step.substr(dot + 2) : step) + "</li>\n";
    }
    out += "</ol>\n";
    if (!r.explore->command.empty()) {
      out += "<p class=\"title\">Found after " + FormatSeconds(r.explore->found_after_s) +
             " s. The same seed finds it again: <code>" + HtmlEscape(r.explore->command) +
             "</code></p>\n";
    }
  }
  if (findings) {
    out += "<h3>Findings</h3>\n<p class=\"title\">Distinct by mutation class and label, each "
           "minimised (mutations undone, members dropped, strings shortened while the finding "
           "held). KC_ENDPOINT=URL sh repro/FILE.sh sends the same bytes to URL; exit 1: the "
           "departure shows; 0: it does not; 2: could not run.</p>\n"
           "<table class=\"grid checks findings\"><colgroup><col class=\"v\"><col class=\"c\">"
           "<col class=\"n\"><col><col class=\"r\"></colgroup><thead><tr><th>verdict</th><th>class/label</th>"
           "<th>requests</th><th>what</th><th>reproducer</th></tr></thead>\n<tbody>\n";
    for (const FuzzFinding& f : r.fuzz->findings) {
      std::string what = HtmlEscape(f.what);
      if (!f.mutations.empty()) {
        what += "<ul class=\"steps\">";
        for (const std::string& m : f.mutations) what += "<li>" + HtmlEscape(m) + "</li>";
        what += "</ul>";
      }
      const std::string file = "repro/" + f.file + ".sh";
      out += "<tr><td class=\"v\">" + VerdictBadge(f.verdict) + "</td><td><code>" +
             HtmlEscape(f.cls + "/" + f.label) + "</code>" +
             (f.operation.empty() ? std::string() : "<div class=\"title\">" + HtmlEscape(f.operation) +
                                                        (f.member.empty() ? "" : " " + HtmlEscape(f.member)) +
                                                        "</div>") +
             "</td><td>" + std::to_string(f.count) + "</td><td>" + what + "</td><td><a href=\"" +
             HtmlEscape(file) + "\">" + HtmlEscape(f.file) + ".sh</a></td></tr>\n";
    }
    out += "</tbody></table>\n";
    const FuzzFinding& top = r.fuzz->findings.front();
    if (!top.minimal_request.empty()) {
      out += "<div class=\"pair\"><div><h3>Minimal request (first finding)</h3>" +
             Pre(top.minimal_request, "req") + "</div><div><h3>Its reply</h3>" +
             Pre(top.reply, "resp") + "</div></div>\n";
    }
  }
  AppendChecks(out, r);
  if (!r.source.empty()) {
    out += "<h3>Contract</h3>\n<blockquote>\u201c" + HtmlEscape(r.source) + "\u201d";
    if (!r.source_ref.empty()) out += "<footer>\u2014 " + HtmlEscape(r.source_ref) + "</footer>";
    out += "</blockquote>\n";
  }
  if (!r.evidence.empty()) {
    out += "<h3>HTTP transcript</h3>\n";
    int n = 0;
    for (const Evidence& e : r.evidence) AppendExchange(out, e, ++n);
  }
  if (!r.reproducer.empty()) {
    const std::string file = "repro/" + ReproducerFile(r.id);
    out += "<h3>Reproducer: <a href=\"" + HtmlEscape(file) + "\">" + HtmlEscape(file) +
           "</a></h3>\n<p class=\"title\">KC_ENDPOINT=URL sh " + HtmlEscape(file) +
           " replays the steps against URL (default: this run's endpoint) and says, step by "
           "step, what AWS does and what the target did. Exit 1: the departure shows; 0: the "
           "target conforms; 2: could not run.</p>\n" +
           Pre(r.reproducer, "repro") + "\n";
  }
  out += "</details></td></tr>\n";
}

void AppendRule(std::string& out, const RuleResult& r) {
  const std::string status(VerdictName(r.status));
  out += "<tbody class=\"rule " + status + "\" id=\"rule-" + HtmlId(r.id) + "\">\n";
  out += "<tr class=\"row\"><td><code>" + HtmlEscape(r.id) + "</code>";
  if (!r.title.empty()) out += "<div class=\"title\">" + HtmlEscape(r.title) + "</div>";
  out += "</td><td>" + HtmlEscape(r.confidence) + "</td><td>" + VerdictBadge(r.status) +
         "</td><td>" + HtmlEscape(r.reason) + "</td></tr>\n";
  AppendDetails(out, r);
  out += "</tbody>\n";
}

}  // namespace

std::string ToHtml(const RunReport& report) {
  RunReport counted = report;
  counted.Recount();
  std::string out = HtmlPageStart("kmsconform report: " + TargetLabel(report) + " (profile " +
                                  report.profile + ")");
  AppendMeta(out, report);
  AppendSummary(out, counted.summary);
  if (const std::vector<Cause> causes = Causes(report); !causes.empty()) {
    out += "<h2>Common causes</h2>\n<ul class=\"causes\">\n";
    for (const Cause& c : causes) {
      out += "<li><b>" + std::to_string(c.rules.size()) + " rules:</b> " + HtmlEscape(c.what) +
             "<div class=\"title\">";
      for (std::size_t i = 0; i < c.rules.size(); ++i) {
        out += (i > 0 ? ", " : "") + HtmlEscape(c.rules[i]);
      }
      out += "</div></li>\n";
    }
    out += "</ul>\n";
  }
  if (report.fuzz) {
    const FuzzStats& f = *report.fuzz;
    out += "<h2>Fuzzing</h2>\n<p>" + std::to_string(f.requests) + " requests in " +
           HtmlEscape(FormatSeconds(f.seconds)) + " s (" +
           std::to_string(static_cast<long>(f.requests_per_second)) + " requests/s), " +
           std::to_string(f.liveness_checks) + " liveness checks.";
    if (!f.command.empty()) {
      out += " The same seed sends the same requests: <code>" + HtmlEscape(f.command) + "</code>";
    }
    out += "</p>\n<table class=\"grid checks\"><thead><tr><th>class</th><th>sent</th>"
           "<th>reached the decoder</th><th>requests with a finding</th></tr></thead>\n<tbody>\n";
    for (const FuzzClassStats& c : f.classes) {
      const long pct = c.sent > 0 ? (c.reached_decoder * 100 + c.sent / 2) / c.sent : 0;
      out += "<tr><td>" + HtmlEscape(c.cls) + "</td><td>" + std::to_string(c.sent) + "</td><td>" +
             std::to_string(c.reached_decoder) +
             (c.sent > 0 ? " (" + std::to_string(pct) + "%)" : std::string()) + "</td><td>" +
             std::to_string(c.findings) + "</td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  out += "<h2>Rules</h2>\n";
  AppendFilters(out);
  out +=
      "<table class=\"grid rules\">\n<thead><tr><th>rule</th><th>confidence</th>"
      "<th>status</th><th>reason</th></tr></thead>\n";
  for (const RuleResult& r : report.rules) AppendRule(out, r);
  out += "</table>\n";
  out += HtmlPageEnd();
  return out;
}

}  // namespace kc::report
