#include "harness/report/report.h"

#include <algorithm>

#include "harness/common/bytes.h"
#include "harness/report/text.h"

namespace kc::report {

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kWarn:
      return "warn";
    case Verdict::kSkip:
      return "skip";
    case Verdict::kError:
      return "error";
  }
  return "error";
}

std::optional<Verdict> ParseVerdict(std::string_view s) {
  for (Verdict v :
       {Verdict::kPass, Verdict::kFail, Verdict::kWarn, Verdict::kSkip, Verdict::kError}) {
    if (s == VerdictName(v)) return v;
  }
  return std::nullopt;
}

std::string_view ControlStatusName(ControlStatus s) {
  switch (s) {
    case ControlStatus::kPassed:
      return "passed";
    case ControlStatus::kFailed:
      return "failed";
    case ControlStatus::kUnavailable:
      return "unavailable";
    case ControlStatus::kNotRun:
      return "not-run";
  }
  return "not-run";
}

std::optional<ControlStatus> ParseControlStatus(std::string_view s) {
  for (ControlStatus c : {ControlStatus::kPassed, ControlStatus::kFailed,
                          ControlStatus::kUnavailable, ControlStatus::kNotRun}) {
    if (s == ControlStatusName(c)) return c;
  }
  return std::nullopt;
}

namespace {

constexpr std::string_view kBase64Prefix = "base64:";

// IsReportText: a body shown as is: well-formed UTF-8 without control characters other
// than TAB, LF and CR, and not itself starting with the base64 marker (which would make it
// ambiguous).
bool IsReportText(std::string_view raw) {
  if (raw.starts_with(kBase64Prefix)) return false;
  for (char c : raw) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) return false;
  }
  return IsUtf8(raw);
}

}  // namespace

std::string BodyForReport(std::string_view raw) {
  if (IsReportText(raw)) return std::string(raw);
  return std::string(kBase64Prefix) + Base64Encode(AsBytes(raw));
}

namespace {

std::string HeaderValue(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoreCase(k, name)) return v;
  }
  return "";
}

// CauseOf: the reply that decided a failed or errored rule, as one line; "" when unknown.
std::string CauseOf(const RuleResult& rule) {
  int seq = 0;
  for (const Check& c : rule.checks) {
    if (c.verdict == rule.status && c.exchange > 0) {
      seq = c.exchange;
      break;
    }
  }
  const Evidence* e = nullptr;
  for (const Evidence& ev : rule.evidence) {
    if (ev.seq == seq && seq > 0) e = &ev;
  }
  if (e == nullptr) return "";
  std::string op = HeaderValue(e->request.headers, "X-Amz-Target");
  if (const auto dot = op.find('.'); dot != std::string::npos) op = op.substr(dot + 1);
  if (op.empty()) op = e->request.method + " " + e->request.path;
  if (!e->response) return op + " got no reply (" + e->transport_error + ")";
  const int status = e->response->status;
  if (status >= 200 && status < 300) return "";  // an acceptance is the rule's own finding
  std::string body;
  for (char c : e->response->body.substr(0, 60)) body += (c == '\n' || c == '\r') ? ' ' : c;
  if (e->response->body.size() > 60) body += "...";
  std::string out = op + " answered HTTP " + std::to_string(status);
  const std::string type = HeaderValue(e->response->headers, "Content-Type");
  if (!type.empty()) out += " " + type;
  return out + " (" + body + ")";
}

}  // namespace

std::vector<Cause> Causes(const RunReport& report) {
  std::vector<Cause> out;
  for (const RuleResult& rule : report.rules) {
    if (rule.status != Verdict::kFail && rule.status != Verdict::kError) continue;
    const std::string what = CauseOf(rule);
    if (what.empty()) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const Cause& c) { return c.what == what; });
    if (it == out.end()) {
      out.push_back(Cause{what, {rule.id}});
    } else {
      it->rules.push_back(rule.id);
    }
  }
  std::erase_if(out, [](const Cause& c) { return c.rules.size() < 2; });
  std::stable_sort(out.begin(), out.end(),
                   [](const Cause& a, const Cause& b) { return a.rules.size() > b.rules.size(); });
  return out;
}

std::string ReproducerFile(std::string_view rule_id) {
  std::string out;
  for (char c : rule_id) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    out.push_back(safe ? c : '_');
  }
  if (out.empty() || out[0] == '.') out.insert(out.begin(), '_');
  return out + ".sh";
}

std::vector<std::pair<std::string, std::string>> MetaRows(const RunReport& r) {
  std::vector<std::pair<std::string, std::string>> rows;
  if (!r.target.name.empty()) rows.emplace_back("name", r.target.name);
  rows.emplace_back("target", r.target.kind);
  if (!r.target.endpoint.empty()) rows.emplace_back("endpoint", r.target.endpoint);
  if (r.target.command) rows.emplace_back("command", *r.target.command);
  if (!r.target.log.empty()) rows.emplace_back("emulator output", r.target.log);
  if (std::any_of(r.rules.begin(), r.rules.end(),
                  [](const RuleResult& rule) { return !rule.reproducer.empty(); })) {
    rows.emplace_back("reproducers",
                      "repro/<rule id>.sh: KC_ENDPOINT=" +
                          (r.target.endpoint.empty() ? std::string("URL") : r.target.endpoint) +
                          " sh repro/<rule id>.sh (exit 1: the departure shows; 0: the target "
                          "conforms; 2: could not run)");
  }
  // An explore run: what it did, and the command line that runs it again (with its seed).
  if (std::any_of(r.rules.begin(), r.rules.end(),
                  [](const RuleResult& rule) { return rule.explore.has_value(); })) {
    rows.emplace_back("mode", "explore: random call sequences, each step checked against the "
                              "model of the contract; departures shrunk to a minimal sequence");
    for (const RuleResult& rule : r.rules) {
      if (rule.explore && !rule.explore->command.empty()) {
        rows.emplace_back("run again", rule.explore->command);
        break;
      }
    }
  }
  if (r.fuzz) {
    rows.emplace_back("mode", "fuzz: structure-aware mutations of valid requests, every reply "
                              "judged; findings minimised, each with a reproducer "
                              "(repro/fuzz-*.sh)");
    if (!r.fuzz->command.empty()) rows.emplace_back("run again", r.fuzz->command);
  }
  rows.emplace_back("clock", r.target.clock);
  rows.emplace_back("region", r.target.region);
  if (!r.target.account.empty()) rows.emplace_back("account", r.target.account);
  rows.emplace_back("profile", r.profile);
  rows.emplace_back("seed", std::to_string(r.seed));
  rows.emplace_back("started", r.started);
  rows.emplace_back("duration", FormatSeconds(r.duration_s) + " s");
  if (!r.tool_version.empty()) rows.emplace_back("kmsconform", r.tool_version);
  if (!r.keys_left.empty()) {
    std::string keys = std::to_string(r.keys_left.size()) + " (not scheduled for deletion): ";
    for (std::size_t i = 0; i < r.keys_left.size(); ++i) {
      if (i > 0) keys += ", ";
      keys += r.keys_left[i];
    }
    rows.emplace_back("keys left behind", keys);
  }
  return rows;
}

void RunReport::Recount() {
  summary = Summary{};
  for (const RuleResult& r : rules) {
    switch (r.status) {
      case Verdict::kPass:
        ++summary.pass;
        break;
      case Verdict::kFail:
        ++summary.fail;
        break;
      case Verdict::kWarn:
        ++summary.warn;
        break;
      case Verdict::kSkip:
        ++summary.skip;
        break;
      case Verdict::kError:
        ++summary.error;
        break;
    }
  }
}

std::string RuleGroup(std::string_view rule_id) {
  const auto dot = rule_id.find('.');
  if (dot == std::string_view::npos || dot == 0) return "other";
  return std::string(rule_id.substr(0, dot));
}

std::string ProgramName(std::string_view command) {
  // The first word as sh splits it (quotes honoured), skipping VAR=value assignments and an
  // `env` or `exec` in front, without its directory: "moto_server -p 4566" -> "moto_server".
  std::size_t i = 0;
  auto next_word = [&]() -> std::string {
    while (i < command.size() && (command[i] == ' ' || command[i] == '\t')) ++i;
    std::string word;
    while (i < command.size() && command[i] != ' ' && command[i] != '\t') {
      const char c = command[i++];
      if (c == '\'' || c == '"') {
        while (i < command.size() && command[i] != c) word += command[i++];
        if (i < command.size()) ++i;
      } else {
        word += c;
      }
    }
    return word;
  };
  std::string word = next_word();
  while (!word.empty() &&
         (word == "env" || word == "exec" ||
          (word.find('=') != std::string::npos && word.find('/') > word.find('=')))) {
    word = next_word();
  }
  const std::size_t slash = word.rfind('/');
  return slash == std::string::npos ? word : word.substr(slash + 1);
}

std::string TargetLabel(const RunReport& run) {
  if (!run.target.name.empty()) return run.target.name;
  if (run.target.command) {
    const std::string program = ProgramName(*run.target.command);
    if (!program.empty()) return program;
  }
  if (run.target.kind == "embedded") return "embedded mock-kms";
  if (!run.target.endpoint.empty()) return run.target.endpoint;
  return run.target.kind.empty() ? "target" : run.target.kind;
}

std::string RunLabel(const RunReport& run) {
  return TargetLabel(run) + " (profile " + (run.profile.empty() ? "?" : run.profile) + ")";
}

}  // namespace kc::report
