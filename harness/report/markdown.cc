// report.md: the run for a human reading a terminal, a PR comment or a CI summary: the
// header, the counts, one table row per rule, then a section per fail / warn / error with
// expected vs actual, the contract sentence, the HTTP transcript and the reproducer.
// Text from the target only ever lands in a fenced block (MarkdownFence) or goes through
// MarkdownInline, so it cannot become markup or raw HTML.
#include <string>

#include "harness/report/report.h"
#include "harness/report/text.h"

namespace kc::report {
namespace {

// Bodies longer than this are cut in report.md (report.json keeps them whole).
constexpr std::size_t kMaxBodyBytes = 2048;

std::string StatusLabel(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "**FAIL**";
    case Verdict::kWarn:
      return "*warn*";
    case Verdict::kSkip:
      return "skip";
    case Verdict::kError:
      return "**ERROR**";
  }
  return "?";
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return out;
}

void AppendHeader(std::string& out, const RunReport& r) {
  out += "# kmsconform report: " + MarkdownInline(TargetLabel(r)) + "\n\n";
  out += "| | |\n|---|---|\n";
  for (const auto& [k, v] : MetaRows(r)) {
    if (k == "emulator output") {
      out += "| " + k + " | [" + MarkdownInline(v) + "](" + MarkdownInline(v) + ") |\n";
    } else {
      out += "| " + k + " | " + MarkdownInline(v) + " |\n";
    }
  }
  out += "\n";
}

void AppendSummary(std::string& out, const Summary& s, std::size_t total) {
  out += "**" + std::to_string(total) + " rules:** " + std::to_string(s.pass) + " pass, " +
         std::to_string(s.fail) + " fail, " + std::to_string(s.warn) + " warn, " +
         std::to_string(s.skip) + " skip, " + std::to_string(s.error) + " error\n\n";
}

void AppendTable(std::string& out, const RunReport& r) {
  out += "## Rules\n\n";
  out += "| rule | title | confidence | status | reason |\n";
  out += "|---|---|---|---|---|\n";
  for (const RuleResult& rule : r.rules) {
    out += "| " + MarkdownInline(rule.id) + " | " + MarkdownInline(rule.title) + " | " +
           MarkdownInline(rule.confidence) + " | " + StatusLabel(rule.status) + " | " +
           MarkdownInline(rule.reason) + " |\n";
  }
  out += "\n";
}

void AppendChecks(std::string& out, const RuleResult& rule) {
  if (rule.checks.empty()) return;
  out += "**Checks** (a refusal counts only when the controls it rests on passed)\n\n";
  out += "| verdict | check | saw | exchange | rests on |\n|---|---|---|---|---|\n";
  for (const Check& c : rule.checks) {
    std::string controls;
    for (const std::string& id : c.controls) {
      std::string status = "not-run";
      for (const Control& k : rule.controls) {
        if (k.id == id) status = std::string(ControlStatusName(k.status));
      }
      if (!controls.empty()) controls += ", ";
      controls += id + " " + status;
    }
    out += "| " + StatusLabel(c.verdict) + " | " + MarkdownInline(c.what) + " | " +
           MarkdownInline(c.actual) + " | " +
           (c.exchange > 0 ? "#" + std::to_string(c.exchange) : std::string()) + " | " +
           MarkdownInline(controls) + " |\n";
  }
  out += "\n";
  if (rule.controls.empty()) return;
  out += "**Controls**\n\n| control | status | premise | saw |\n|---|---|---|---|\n";
  for (const Control& c : rule.controls) {
    out += "| " + MarkdownInline(c.id) + " | " + std::string(ControlStatusName(c.status)) + " | " +
           MarkdownInline(c.what) + " | " + MarkdownInline(c.actual) + " |\n";
  }
  out += "\n";
}

void AppendEvidence(std::string& out, const std::vector<Evidence>& evidence) {
  if (evidence.empty()) return;
  out += "**HTTP transcript**\n\n";
  int n = 0;
  for (const Evidence& e : evidence) {
    ++n;
    out += "#" + std::to_string(e.seq > 0 ? e.seq : n) + " " + (e.probe ? "**probe** " : "") +
           MarkdownInline(e.step.empty() ? std::string("(no step)") : e.step) + " \u2014 " +
           FormatSeconds(e.ms) + " ms\n\n";
    out += MarkdownFence(RequestText(e, kMaxBodyBytes), "http");
    out += "\n";
    out += MarkdownFence(ResponseText(e, kMaxBodyBytes), "http");
    out += "\n";
  }
}

void AppendDetail(std::string& out, const RuleResult& rule) {
  out += "### " + Upper(VerdictName(rule.status)) + ": " + MarkdownInline(rule.id);
  if (!rule.title.empty()) out += " \u2014 " + MarkdownInline(rule.title);
  out += "\n\n";
  out += "- confidence: " + MarkdownInline(rule.confidence) + "\n";
  out += "- reason: " + MarkdownInline(rule.reason) + "\n\n";
  if (!rule.expected.empty())
    out += "**Expected**\n\n" + MarkdownFence(rule.expected, "text") + "\n";
  if (!rule.actual.empty()) out += "**Actual**\n\n" + MarkdownFence(rule.actual, "text") + "\n";
  if (rule.explore && !rule.explore->steps.empty()) {
    out += rule.id.starts_with("compare.")
               ? "**Minimal sequence** (shrunk; each step's outcome on both targets)\n\n"
               : "**Minimal sequence** (shrunk; every step but the last went as the model of "
                 "AWS predicts)\n\n";
    for (const std::string& step : rule.explore->steps) out += "- " + MarkdownInline(step) + "\n";
    out += "\n";
    if (!rule.explore->command.empty()) {
      out += "Found after " + FormatSeconds(rule.explore->found_after_s) +
             " s. The same seed finds it again: `" + rule.explore->command + "`\n\n";
    }
  }
  if (rule.fuzz && !rule.fuzz->findings.empty()) {
    out += "**Findings** (" + std::to_string(rule.fuzz->findings.size()) +
           ", distinct by mutation class and label; each minimised)\n\n";
    for (const FuzzFinding& f : rule.fuzz->findings) {
      out += "- **" + std::string(VerdictName(f.verdict)) + "** `" + f.cls + "/" + f.label + "` (" +
             std::to_string(f.count) + (f.count == 1 ? " request" : " requests") +
             (f.operation.empty() ? "" : ", " + MarkdownInline(f.operation)) +
             (f.member.empty() ? "" : " " + MarkdownInline(f.member)) + "): " +
             MarkdownInline(f.what) + "\n";
      for (const std::string& m : f.mutations) out += "  - " + MarkdownInline(m) + "\n";
      const std::string file = "repro/" + f.file + ".sh";
      out += "  - reproducer: [" + MarkdownInline(file) + "](" + file + ") (`KC_ENDPOINT=URL sh " +
             file + "`)\n";
    }
    out += "\n";
    const FuzzFinding& top = rule.fuzz->findings.front();
    if (!top.minimal_request.empty()) {
      out += "Minimal request of the first finding\n\n" + MarkdownFence(top.minimal_request, "http") +
             "\nIts reply\n\n" + MarkdownFence(top.reply, "http") + "\n";
    }
  }
  if (!rule.source.empty()) {
    out += "**Contract**\n\n> \u201c" + MarkdownInline(rule.source) + "\u201d\n";
    if (!rule.source_ref.empty()) out += ">\n> \u2014 " + MarkdownInline(rule.source_ref) + "\n";
    out += "\n";
  }
  AppendChecks(out, rule);
  AppendEvidence(out, rule.evidence);
  if (!rule.reproducer.empty()) {
    const std::string file = "repro/" + ReproducerFile(rule.id);
    out += "**Reproducer** ([" + MarkdownInline(file) + "](" + file + "): `KC_ENDPOINT=URL sh " +
           file + "`; exit 1: the departure shows, 0: the target conforms, 2: could not run)\n\n" +
           MarkdownFence(rule.reproducer, "sh") + "\n";
  }
}

}  // namespace

std::string ToMarkdown(const RunReport& report) {
  RunReport counted = report;
  counted.Recount();
  std::string out;
  AppendHeader(out, report);
  AppendSummary(out, counted.summary, report.rules.size());
  if (const std::vector<Cause> causes = Causes(report); !causes.empty()) {
    out += "## Common causes\n\n";
    for (const Cause& c : causes) {
      std::string ids;
      for (const std::string& id : c.rules) ids += (ids.empty() ? "" : ", ") + id;
      out += "- **" + std::to_string(c.rules.size()) + " rules:** " + MarkdownInline(c.what) +
             " (" + MarkdownInline(ids) + ")\n";
    }
    out += "\n";
  }
  if (report.fuzz) {
    const FuzzStats& f = *report.fuzz;
    out += "## Fuzzing\n\n" + std::to_string(f.requests) + " requests in " +
           FormatSeconds(f.seconds) + " s (" + std::to_string(static_cast<long>(f.requests_per_second)) +
           " requests/s), " + std::to_string(f.liveness_checks) + " liveness checks.";
    if (!f.command.empty()) out += " The same seed sends the same requests: `" + f.command + "`";
    out += "\n\n| class | sent | reached the decoder | requests with a finding |\n|---|---:|---:|---:|\n";
    for (const FuzzClassStats& c : f.classes) {
      const long pct = c.sent > 0 ? (c.reached_decoder * 100 + c.sent / 2) / c.sent : 0;
      out += "| " + MarkdownInline(c.cls) + " | " + std::to_string(c.sent) + " | " +
             std::to_string(c.reached_decoder) + (c.sent > 0 ? " (" + std::to_string(pct) + "%)" : "") +
             " | " + std::to_string(c.findings) + " |\n";
    }
    out += "\n";
  }
  AppendTable(out, report);
  bool any = false;
  for (const RuleResult& rule : report.rules) {
    if (rule.status != Verdict::kFail && rule.status != Verdict::kWarn &&
        rule.status != Verdict::kError) {
      continue;
    }
    if (!any) out += "## Failures, warnings and errors\n\n";
    any = true;
    AppendDetail(out, rule);
  }
  return out;
}

}  // namespace kc::report
