// The matrix of several runs (`kmsconform matrix`): rules as rows (the union of every run's
// rules, in catalogue order, rules the catalogue does not know after them in order of first
// appearance) and runs as columns, each cell the run's verdict for the rule.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "harness/contract/rules.h"
#include "harness/report/html_page.h"
#include "harness/report/report.h"
#include "harness/report/text.h"

namespace kc::report {
namespace {

struct Matrix {
  std::vector<std::string> columns;  // unique labels, one per run
  std::vector<std::string> rows;     // rule ids
  std::vector<Summary> summaries;    // per run
};

std::vector<std::string> ColumnLabels(const std::vector<RunReport>& runs) {
  std::vector<std::string> labels;
  std::map<std::string, int> seen;
  for (const RunReport& run : runs) {
    std::string label = RunLabel(run);
    const int n = ++seen[label];
    if (n > 1) label += " #" + std::to_string(n);
    labels.push_back(std::move(label));
  }
  return labels;
}

std::vector<std::string> RuleRows(const std::vector<RunReport>& runs) {
  const auto catalogue = contract::AllRules();
  auto catalogue_index = [&](std::string_view id) -> std::size_t {
    for (std::size_t i = 0; i < catalogue.size(); ++i) {
      if (catalogue[i].id == id) return i;
    }
    return catalogue.size();
  };
  struct Row {
    std::string id;
    std::size_t catalogue_index;
    std::size_t first_seen;
  };
  std::vector<Row> rows;
  for (const RunReport& run : runs) {
    for (const RuleResult& r : run.rules) {
      if (std::none_of(rows.begin(), rows.end(), [&](const Row& x) { return x.id == r.id; })) {
        rows.push_back(Row{r.id, catalogue_index(r.id), rows.size()});
      }
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.catalogue_index != b.catalogue_index) return a.catalogue_index < b.catalogue_index;
    return a.first_seen < b.first_seen;
  });
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (Row& r : rows) ids.push_back(std::move(r.id));
  return ids;
}

Matrix Build(const std::vector<RunReport>& runs) {
  Matrix m;
  m.columns = ColumnLabels(runs);
  m.rows = RuleRows(runs);
  for (const RunReport& run : runs) {
    RunReport counted = run;
    counted.Recount();
    m.summaries.push_back(counted.summary);
  }
  return m;
}

// Find: the result of rule `id` in `run`, or nullptr when the run did not have it.
const RuleResult* Find(const RunReport& run, std::string_view id) {
  for (const RuleResult& r : run.rules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::string SummaryText(const Summary& s) {
  return std::to_string(s.pass) + " pass, " + std::to_string(s.fail) + " fail, " +
         std::to_string(s.warn) + " warn, " + std::to_string(s.skip) + " skip, " +
         std::to_string(s.error) + " error";
}

constexpr std::string_view kNotRun = "not run (outside this run's profile or --only)";

// LinkTarget: a relative file path as a URL path (each byte outside the unreserved set and
// '/' percent-encoded), so no path can become markup or another URL.
std::string LinkTarget(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    const auto u = static_cast<unsigned char>(c);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
    if (keep) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace

std::string MatrixMarkdown(const std::vector<RunReport>& runs,
                           const std::vector<std::string>& links) {
  const Matrix m = Build(runs);
  std::string out = "# kmsconform matrix\n\n";
  out += std::to_string(m.rows.size()) + " rules \u00d7 " + std::to_string(runs.size()) +
         " runs. \u2014 = not run.\n\n";
  out += "| rule |";
  for (std::size_t i = 0; i < m.columns.size(); ++i) {
    if (i < links.size() && !links[i].empty()) {
      out += " [" + MarkdownInline(m.columns[i]) + "](" + LinkTarget(links[i]) + ") |";
    } else {
      out += " " + MarkdownInline(m.columns[i]) + " |";
    }
  }
  out += "\n|---|";
  for (std::size_t i = 0; i < m.columns.size(); ++i) out += "---|";
  out += "\n";
  for (const std::string& id : m.rows) {
    out += "| " + MarkdownInline(id) + " |";
    for (const RunReport& run : runs) {
      const RuleResult* r = Find(run, id);
      if (r == nullptr) {
        out += " \u2014 |";
      } else if (r->status == Verdict::kFail || r->status == Verdict::kError) {
        out += " **" + std::string(VerdictName(r->status)) + "** |";
      } else {
        out += " " + std::string(VerdictName(r->status)) + " |";
      }
    }
    out += "\n";
  }
  out += "| **summary** |";
  for (const Summary& s : m.summaries) out += " " + SummaryText(s) + " |";
  out += "\n\n## Runs\n\n";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunReport& run = runs[i];
    out += "- " + MarkdownInline(m.columns[i]) + ": started " + MarkdownInline(run.started) +
           ", seed " + std::to_string(run.seed) + ", clock " + MarkdownInline(run.target.clock) +
           ", region " + MarkdownInline(run.target.region);
    if (!run.tool_version.empty()) out += ", kmsconform " + MarkdownInline(run.tool_version);
    out += "\n";
  }
  return out;
}

std::string MatrixHtml(const std::vector<RunReport>& runs, const std::vector<std::string>& links) {
  const Matrix m = Build(runs);
  std::string out = HtmlPageStart("kmsconform matrix");
  out += "<h1>kmsconform matrix</h1>\n<p>" + std::to_string(m.rows.size()) + " rules \u00d7 " +
         std::to_string(runs.size()) +
         " runs. Hover a cell for the reason; \u2014 = not run.</p>\n";
  out += "<table class=\"grid matrix\">\n<thead><tr><th>rule</th>";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunReport& run = runs[i];
    const std::string tip = "started " + run.started + ", seed " + std::to_string(run.seed) +
                            ", clock " + run.target.clock + ", region " + run.target.region;
    const bool linked = i < links.size() && !links[i].empty();
    out += "<th title=\"" + HtmlEscape(tip) + "\">" +
           (linked ? "<a href=\"" + HtmlEscape(LinkTarget(links[i])) + "\">" : std::string()) +
           HtmlEscape(m.columns[i]) + (linked ? "</a>" : "") + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const std::string& id : m.rows) {
    out += "<tr><td><code>" + HtmlEscape(id) + "</code></td>";
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const RuleResult* r = Find(runs[i], id);
      if (r == nullptr) {
        out += "<td class=\"cell\"><span class=\"badge none\" title=\"" + HtmlEscape(kNotRun) +
               "\">\u2014</span></td>";
      } else if (i < links.size() && !links[i].empty()) {
        // The cell opens the rule's row in that run's report.
        out += "<td class=\"cell\"><a href=\"" +
               HtmlEscape(LinkTarget(links[i]) + "#rule-" + HtmlId(id)) + "\">" +
               VerdictBadge(r->status, r->reason) + "</a></td>";
      } else {
        out += "<td class=\"cell\">" + VerdictBadge(r->status, r->reason) + "</td>";
      }
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n<tfoot><tr><th>summary</th>";
  for (const Summary& s : m.summaries) {
    out += "<td class=\"cell\">";
    auto count = [&](Verdict v, int n) {
      if (n == 0) return;
      out += "<span class=\"badge " + std::string(VerdictName(v)) + "\">" + std::to_string(n) +
             " " + std::string(VerdictName(v)) + "</span> ";
    };
    count(Verdict::kPass, s.pass);
    count(Verdict::kFail, s.fail);
    count(Verdict::kWarn, s.warn);
    count(Verdict::kSkip, s.skip);
    count(Verdict::kError, s.error);
    out += "</td>";
  }
  out += "</tr></tfoot>\n</table>\n";
  out += HtmlPageEnd();
  return out;
}

}  // namespace kc::report
