#include "harness/report/report_test_util.h"

#include <vector>

namespace kc::report::testing {

std::string Hostile() {
  return std::string("<script>alert(\"x\")</script> & 'q' ]]> ```\n| a | `b` *c* [l](http://e.x)") +
         std::string("\x01\x0b\x1f\x7f", 4) + "\xff\xfe\xc3" + "\r\n\t end";
}

RunReport SmallReport() {
  RunReport r;
  r.tool_version = "0.1.0";
  r.profile = "2022";
  r.target = TargetInfo{"endpoint",  "http://127.0.0.1:4566", std::nullopt, "none",
                        "us-east-1", "111122223333",          "",           ""};
  r.started = "2026-11-28T12:00:00Z";
  r.duration_s = 1.7;
  r.seed = 42;
  RuleResult rule;
  rule.id = "ikm.token-bound-to-key";
  rule.title = "A token issued for key A is refused for key B";
  rule.confidence = "documented";
  rule.status = Verdict::kFail;
  rule.reason = "ImportKeyMaterial with key A's token succeeded on key B";
  rule.expected = "InvalidImportTokenException";
  rule.actual = "HTTP 200";
  Evidence e;
  e.step = "probe: ImportKeyMaterial on B with A's token";
  e.probe = true;
  e.request = HttpRequestRecord{
      "POST", "/", {{"X-Amz-Target", "TrentService.ImportKeyMaterial"}}, "{\"KeyId\":\"b\"}"};
  e.response = HttpResponseRecord{200, {{"x-amzn-RequestId", "r-1"}}, "{}"};
  e.ms = 3;
  rule.evidence.push_back(e);
  rule.reproducer = "#!/bin/sh\naws kms import-key-material\n";
  rule.source =
      "To import key material, you must use the public key and import token from the same "
      "response.";
  rule.source_ref = "AWS CLI reference";
  rule.duration_s = 0.25;
  r.rules.push_back(rule);
  r.Recount();
  return r;
}

RunReport AllVerdictsReport() {
  RunReport r = SmallReport();
  r.rules.clear();
  auto add = [&](std::string id, Verdict v, std::string reason) {
    RuleResult rule;
    rule.id = std::move(id);
    rule.title = "title of " + rule.id;
    rule.confidence = "documented";
    rule.status = v;
    rule.reason = std::move(reason);
    rule.expected = "expected of " + rule.id;
    rule.actual = "actual of " + rule.id;
    rule.source = "source sentence";
    rule.source_ref = "source ref";
    rule.reproducer = "#!/bin/sh\necho " + rule.id + "\n";
    Evidence setup;
    setup.step = "setup: CreateKey";
    setup.request =
        HttpRequestRecord{"POST", "/", {{"X-Amz-Target", "TrentService.CreateKey"}}, "{}"};
    setup.response = HttpResponseRecord{200, {}, "{\"KeyMetadata\":{}}"};
    setup.ms = 1.5;
    rule.evidence.push_back(setup);
    Evidence probe;
    probe.step = "probe";
    probe.probe = true;
    probe.request = HttpRequestRecord{"POST", "/", {}, ""};
    probe.transport_error = "UNAVAILABLE: connection closed before a response";
    probe.ms = 2;
    rule.evidence.push_back(probe);
    r.rules.push_back(std::move(rule));
  };
  add("gpfi.origin-external-only", Verdict::kPass, "refused as AWS does");
  add("gpfi.key-not-found", Verdict::kFail, "accepted an unknown key");
  add("ikm.key-state", Verdict::kWarn, "another plausible type");
  add("ikm.token-expired", Verdict::kSkip, "no clock control (--clock none)");
  add("dikm.lifecycle", Verdict::kError, "setup CreateKey failed");
  r.Recount();
  return r;
}

RunReport HostileReport() {
  const std::string kHostile = Hostile();
  RunReport r;
  r.tool_version = kHostile;
  r.profile = kHostile;
  r.target =
      TargetInfo{kHostile, kHostile, kHostile, kHostile, kHostile, kHostile, kHostile, kHostile};
  r.started = kHostile;
  r.seed = 7;
  for (Verdict v :
       {Verdict::kPass, Verdict::kFail, Verdict::kWarn, Verdict::kSkip, Verdict::kError}) {
    RuleResult rule;
    rule.id = "proto." + std::string(VerdictName(v)) + kHostile;
    rule.title = kHostile;
    rule.confidence = kHostile;
    rule.status = v;
    rule.reason = kHostile;
    rule.expected = kHostile;
    rule.actual = kHostile;
    rule.source = kHostile;
    rule.source_ref = kHostile;
    rule.reproducer = kHostile;
    Evidence e;
    e.step = kHostile;
    e.probe = true;
    e.request = HttpRequestRecord{kHostile, kHostile, {{kHostile, kHostile}}, kHostile};
    e.response = HttpResponseRecord{400, {{kHostile, kHostile}}, kHostile};
    rule.evidence.push_back(e);
    e.response.reset();
    e.transport_error = kHostile;
    rule.evidence.push_back(e);
    r.rules.push_back(std::move(rule));
  }
  r.Recount();
  return r;
}

namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == ':' || c == '.';
}

// EntityLength: the length of the entity reference at text[i] ('&'), or 0.
std::size_t EntityLength(std::string_view text, std::size_t i) {
  std::size_t j = i + 1;
  if (j < text.size() && text[j] == '#') ++j;
  const std::size_t start = j;
  while (j < text.size() &&
         ((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= '0' && text[j] <= '9')))
    ++j;
  if (j == start || j >= text.size() || text[j] != ';') return 0;
  return j - i + 1;
}

}  // namespace

std::string MarkupProblems(std::string_view text, bool html) {
  std::vector<std::string> stack;
  auto at = [](std::size_t i, std::string_view what) {
    return "offset " + std::to_string(i) + ": " + std::string(what);
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return at(i, "control character");
    if (c == '&') {
      if (EntityLength(text, i) == 0) return at(i, "bare '&'");
      ++i;
      continue;
    }
    if (c == '>') {
      if (!html) return at(i, "bare '>'");
      ++i;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    if (text.substr(i).starts_with("<?")) {
      const auto end = text.find("?>", i);
      if (end == std::string_view::npos) return at(i, "unterminated <?");
      i = end + 2;
      continue;
    }
    if (text.substr(i).starts_with("<!")) {
      const auto end = text.find('>', i);
      if (end == std::string_view::npos) return at(i, "unterminated <!");
      i = end + 1;
      continue;
    }
    const bool closing = i + 1 < text.size() && text[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    const std::size_t name_start = j;
    while (j < text.size() && IsNameChar(text[j])) ++j;
    const std::string name(text.substr(name_start, j - name_start));
    if (name.empty()) return at(i, "'<' that starts no tag");
    if (html && name == "style") {  // CSS is raw text
      const auto end = text.find("</style>", j);
      if (end == std::string_view::npos) return at(i, "unterminated <style>");
      i = end + 8;
      continue;
    }
    // Attributes: name="value" or a bare name (HTML boolean attributes).
    bool self_closing = false;
    while (true) {
      while (j < text.size() && (text[j] == ' ' || text[j] == '\n')) ++j;
      if (j >= text.size()) return at(i, "unterminated tag");
      if (text[j] == '>') break;
      if (text[j] == '/' && j + 1 < text.size() && text[j + 1] == '>') {
        self_closing = true;
        ++j;
        break;
      }
      const std::size_t attr_start = j;
      while (j < text.size() && IsNameChar(text[j])) ++j;
      if (j == attr_start) return at(j, "bad character in tag");
      if (j < text.size() && text[j] == '=') {
        ++j;
        if (j >= text.size() || text[j] != '"') return at(j, "unquoted attribute");
        const auto end = text.find('"', j + 1);
        if (end == std::string_view::npos) return at(j, "unterminated attribute");
        const std::string_view value = text.substr(j + 1, end - j - 1);
        if (value.find('<') != std::string_view::npos) return at(j, "'<' in attribute");
        for (std::size_t k = 0; k < value.size(); ++k) {
          if (value[k] == '&' && EntityLength(value, k) == 0)
            return at(j + 1 + k, "bare '&' in attribute");
        }
        j = end + 1;
      } else if (!html) {
        return at(j, "attribute without a value");
      }
    }
    const bool is_void = html && (name == "meta" || name == "input" || name == "br");
    if (closing) {
      if (stack.empty() || stack.back() != name) return at(i, "unbalanced </" + name + ">");
      stack.pop_back();
    } else if (!self_closing && !is_void) {
      stack.push_back(name);
    }
    i = j + 1;
  }
  if (!stack.empty()) return "unclosed <" + stack.back() + ">";
  return "";
}

}  // namespace kc::report::testing
