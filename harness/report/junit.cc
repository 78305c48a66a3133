// junit.xml: one <testsuite> per run, one <testcase> per rule (DESIGN.md, "Report"):
// fail -> <failure>, error -> <error>, skip -> <skipped>, warn -> passes with the reason
// in <system-out>. Every piece of text goes through XmlEscape.
#include <string>

#include "harness/report/report.h"
#include "harness/report/text.h"

namespace kc::report {
namespace {

std::string Attr(std::string_view name, std::string_view value) {
  std::string out = " ";
  out += name;
  out += "=\"";
  out += XmlEscape(value, /*attribute=*/true);
  out += '"';
  return out;
}

std::string ExpectedActual(const RuleResult& r) {
  std::string out;
  if (!r.reason.empty()) out += r.reason + "\n";
  if (!r.expected.empty()) out += "expected: " + r.expected + "\n";
  if (!r.actual.empty()) out += "actual: " + r.actual + "\n";
  if (!r.source.empty()) {
    out += "contract: \"" + r.source + "\"";
    if (!r.source_ref.empty()) out += " (" + r.source_ref + ")";
    out += "\n";
  }
  return out;
}

void AppendTestcase(std::string& out, const RuleResult& r) {
  out += "  <testcase";
  out += Attr("classname", RuleGroup(r.id));
  out += Attr("name", r.id);
  out += Attr("time", FormatSeconds(r.duration_s));
  out += ">\n";
  switch (r.status) {
    case Verdict::kPass:
      break;
    case Verdict::kFail:
      out += "    <failure" + Attr("message", r.reason) + Attr("type", "fail") + ">";
      out += XmlEscape(ExpectedActual(r), false);
      out += "</failure>\n";
      break;
    case Verdict::kError:
      out += "    <error" + Attr("message", r.reason) + Attr("type", "error") + ">";
      out += XmlEscape(ExpectedActual(r), false);
      out += "</error>\n";
      break;
    case Verdict::kSkip:
      out += "    <skipped" + Attr("message", r.reason) + "/>\n";
      break;
    case Verdict::kWarn:
      out += "    <system-out>";
      out += XmlEscape("warn: " + ExpectedActual(r), false);
      out += "</system-out>\n";
      break;
  }
  out += "  </testcase>\n";
}

}  // namespace

std::string ToJUnit(const RunReport& report) {
  RunReport counted = report;
  counted.Recount();
  const Summary& s = counted.summary;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuite";
  out += Attr("name", "kmsconform " + report.profile + " " + TargetLabel(report));
  out += Attr("tests", std::to_string(report.rules.size()));
  out += Attr("failures", std::to_string(s.fail));
  out += Attr("errors", std::to_string(s.error));
  out += Attr("skipped", std::to_string(s.skip));
  out += Attr("time", FormatSeconds(report.duration_s));
  if (!report.started.empty()) {
    // JUnit's timestamp is ISO 8601 without a zone designator.
    std::string ts = report.started;
    if (ts.ends_with('Z')) ts.pop_back();
    out += Attr("timestamp", ts);
  }
  out += ">\n";
  out += "  <properties>\n";
  auto property = [&](std::string_view name, std::string_view value) {
    out += "    <property" + Attr("name", name) + Attr("value", value) + "/>\n";
  };
  property("profile", report.profile);
  property("target.kind", report.target.kind);
  property("target.endpoint", report.target.endpoint);
  if (report.target.command) property("target.command", *report.target.command);
  property("target.clock", report.target.clock);
  property("target.region", report.target.region);
  property("seed", std::to_string(report.seed));
  property("tool_version", report.tool_version);
  out += "  </properties>\n";
  for (const RuleResult& r : report.rules) AppendTestcase(out, r);
  out += "</testsuite>\n";
  return out;
}

}  // namespace kc::report
