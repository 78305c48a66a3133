#include "harness/scenarios/judge.h"

#include <algorithm>

namespace kc::scenarios {
namespace {

using report::Verdict;

int Rank(Verdict v) {
  switch (v) {
    case Verdict::kSkip:
      return 0;
    case Verdict::kPass:
      return 1;
    case Verdict::kWarn:
      return 2;
    case Verdict::kError:
      return 3;
    case Verdict::kFail:
      return 4;
  }
  return 0;
}

std::string Truncate(std::string_view s, std::size_t n) {
  if (s.size() <= n) return std::string(s);
  return std::string(s.substr(0, n)) + "...";
}

bool MessageMatches(std::string_view expected, std::string_view actual) {
  if (expected.ends_with("...")) return actual.starts_with(expected.substr(0, expected.size() - 3));
  return expected == actual;
}

// An error __type that botocore could not read from the body: empty, or the HTTP status
// it falls back to.
bool IsNonAwsShape(const codec::ApiError& e) {
  if (e.type_name.empty()) return true;
  return std::all_of(e.type_name.begin(), e.type_name.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string BodySnippet(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, 120)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7F) ? ' ' : c;
  }
  if (body.size() > 120) out += "...";
  return out;
}

std::string DisguisedError(const client::RawReply& r) {
  if (!r.ok() || r.status < 200 || r.status >= 300 || !r.operation) return "";
  return codec::NotASuccessBody(*r.operation, r.body).value_or("");
}

std::string ReplySummary::Describe() const {
  if (!transport.ok()) return "no reply: " + transport.message();
  std::string out = "HTTP " + std::to_string(status);
  if (success && !disguised_error.empty()) {
    return out + " with an error disguised as a success: " + disguised_error;
  }
  if (success) return out + " (accepted)";
  if (error && IsNonAwsShape(*error)) {
    out += " without an AWS error type";
    if (!body_snippet.empty()) out += " (body: " + body_snippet + ")";
    return out;
  }
  if (error) {
    out += " " + (error->type_name.empty() ? std::string("(no error type)") : error->type_name);
    if (!error->message.empty()) out += ": " + Truncate(error->message, 240);
  }
  return out;
}

ReplySummary Summarize(const client::RawReply& r) {
  ReplySummary s;
  s.transport = r.transport;
  s.status = r.status;
  if (r.ok()) {
    s.success = r.status >= 200 && r.status < 300;
    if (!s.success) {
      s.error = codec::DecodeErrorReply(r.View(), s.findings);
      s.body_snippet = BodySnippet(r.body);
    } else {
      s.disguised_error = DisguisedError(r);
    }
  }
  return s;
}

std::string ExpectedText(const ExpectedError& expected) {
  std::string out;
  for (std::size_t i = 0; i < expected.types.size(); ++i) {
    if (i > 0) out += " or ";
    out += contract::ToWire(expected.types[i]);
  }
  if (expected.message) out += ": " + *expected.message;
  return out;
}

Verdict Judge::Downgrade(Verdict v) const {
  if (v == Verdict::kFail && rule_.strictness == contract::Strictness::kWarnOnly) {
    return Verdict::kWarn;
  }
  return v;
}

void Judge::Record(Verdict v, std::string_view what, std::string expected, std::string actual) {
  Outcome o;
  o.verdict = v;
  o.what = std::string(what);
  o.expected = std::move(expected);
  o.actual = std::move(actual);
  o.exchange = last_exchange_;
  outcomes_.push_back(std::move(o));
}

void Judge::RecordRefusal(Verdict v, std::string_view what, std::string expected,
                          const ReplySummary& reply, Controls controls) {
  AddRefusal(v, what, std::move(expected), reply.Describe(), controls, "");
  if (reply.transport.ok() && reply.success) outcomes_.back().disguised = reply.disguised_error;
}

ControlRef Judge::NewControl(std::string what, IfControlFails if_fails) {
  report::Control c;
  c.id = "c" + std::to_string(controls_.size() + 1);
  c.what = std::move(what);
  controls_.push_back(std::move(c));
  control_states_.push_back(ControlState{if_fails});
  return ControlRef{controls_.size() - 1};
}

bool Judge::ControlReply(ControlRef c, const ReplySummary& reply) {
  const bool ok = reply.transport.ok() && reply.success && reply.disguised_error.empty();
  return ControlCheck(c, ok, reply.Describe());
}

bool Judge::ControlCheck(ControlRef c, bool ok, std::string actual) {
  report::Control& control = controls_[c.index];
  // A control checked twice (e.g. in a loop) passes only if every check passed.
  if (control.status == report::ControlStatus::kFailed) return false;
  control.status = ok ? report::ControlStatus::kPassed : report::ControlStatus::kFailed;
  control.actual = std::move(actual);
  return ok;
}

void Judge::ControlUnavailable(ControlRef c, std::string reason) {
  report::Control& control = controls_[c.index];
  control.status = report::ControlStatus::kUnavailable;
  control.actual = std::move(reason);
}

void Judge::ExpectError(const ReplySummary& reply, std::initializer_list<contract::ErrorType> types,
                        std::string_view what, Controls controls) {
  ExpectError(
      reply, ExpectedError{std::vector<contract::ErrorType>(types), std::nullopt, {}, std::nullopt},
      what, controls);
}

std::vector<Judge::ScriptStep> Judge::ScriptSteps() const {
  std::vector<ScriptStep> out;
  for (const Outcome& o : outcomes_) {
    if (o.exchange > 0 && o.check) out.push_back(ScriptStep{o.exchange, o.script_expect});
  }
  return out;
}

namespace {
std::string ScriptError(const ExpectedError& expected, const contract::Rule& rule) {
  std::string out = "error:";
  for (std::size_t i = 0; i < expected.types.size(); ++i) {
    if (i > 0) out += "|";
    out += contract::ToWire(expected.types[i]);
  }
  if (expected.strictness.value_or(rule.strictness) != contract::Strictness::kStrict) {
    out += ";inferred";
  }
  return out;
}
}  // namespace

void Judge::ExpectError(const ReplySummary& reply, const ExpectedError& expected,
                        std::string_view what, Controls controls) {
  JudgeRefusal(reply, expected, what, controls);
  outcomes_.back().script_expect = ScriptError(expected, rule_);
}

void Judge::JudgeRefusal(const ReplySummary& reply, const ExpectedError& expected,
                         std::string_view what, Controls controls) {
  const std::string want = ExpectedText(expected);
  auto record = [&](Verdict v, std::string_view w, std::string exp) {
    RecordRefusal(v, w, std::move(exp), reply, controls);
  };
  // A dropped connection, a timeout or an acceptance where a refusal is due: fail.
  if (!reply.transport.ok() || reply.success) return record(Downgrade(Verdict::kFail), what, want);
  if (!reply.error || IsNonAwsShape(*reply.error)) {
    return record(Downgrade(Verdict::kFail), what, want);
  }
  if (reply.status >= 500) {
    RecordRefusal(Downgrade(Verdict::kFail), what, want, reply, controls);
    outcomes_.back().actual += " (a 5xx where a 400 is due)";
    return;
  }
  const bool type_ok = std::any_of(expected.types.begin(), expected.types.end(),
                                   [&](contract::ErrorType t) { return reply.error->Is(t); });
  if (!type_ok) {
    const contract::Strictness strictness = expected.strictness.value_or(rule_.strictness);
    const Verdict v = strictness == contract::Strictness::kStrict ? Verdict::kFail : Verdict::kWarn;
    return record(Downgrade(v), what, want);
  }
  if (reply.status != 400) {
    RecordRefusal(Verdict::kWarn, what, want + " (HTTP 400)", reply, controls);
    outcomes_.back().actual += " (AWS answers HTTP 400)";
    return;
  }
  if (expected.message && !MessageMatches(*expected.message, reply.error->message)) {
    return record(Verdict::kWarn, std::string(what) + " (message differs from AWS's text)", want);
  }
  for (const std::string& part : expected.message_contains) {
    if (reply.error->message.find(part) == std::string::npos) {
      return record(Verdict::kWarn, std::string(what) + " (message does not mention " + part + ")",
                    want);
    }
  }
  record(Verdict::kPass, what, want);
}

void Judge::ExpectRefused(const ReplySummary& reply, std::string_view what, Controls controls) {
  const std::string want = "a refusal (an AWS error, HTTP 4xx)";
  if (!reply.transport.ok() || reply.success || !reply.error || IsNonAwsShape(*reply.error) ||
      reply.status >= 500) {
    RecordRefusal(Downgrade(Verdict::kFail), what, want, reply, controls);
  } else {
    RecordRefusal(Verdict::kPass, what, want, reply, controls);
  }
  outcomes_.back().script_expect = "refused";
}

bool Judge::CheckRefusal(bool ok, std::string_view what, std::string expected, std::string actual,
                         Controls controls) {
  AddRefusal(ok ? Verdict::kPass : Downgrade(Verdict::kFail), what, std::move(expected),
             std::move(actual), controls, "shape");
  return ok;
}

void Judge::Refused(std::string_view what, std::string actual, Controls controls) {
  AddRefusal(Verdict::kPass, what, "a refusal", std::move(actual), controls, "refused");
}

void Judge::AddRefusal(Verdict v, std::string_view what, std::string expected, std::string actual,
                       Controls controls, std::string script_expect) {
  Outcome o;
  o.verdict = v;
  o.what = std::string(what);
  o.expected = std::move(expected);
  o.actual = std::move(actual);
  o.refusal = true;
  o.exchange = last_exchange_;
  o.script_expect = std::move(script_expect);
  for (ControlRef c : controls) o.controls.push_back(c.index);
  outcomes_.push_back(std::move(o));
}

bool Judge::ExpectSuccess(const ReplySummary& reply, std::string_view what) {
  const bool ok = reply.transport.ok() && reply.success;
  if (ok) {
    Record(Verdict::kPass, what, "success", reply.Describe());
  } else {
    Record(Downgrade(Verdict::kFail), what, "success (HTTP 200)", reply.Describe());
  }
  outcomes_.back().script_expect = "ok";
  return ok;
}

bool Judge::Check(bool ok, std::string_view what, std::string expected, std::string actual,
                  std::optional<Verdict> verdict) {
  if (ok) {
    Record(Verdict::kPass, what, std::move(expected), std::move(actual));
  } else {
    Record(verdict ? *verdict : Downgrade(Verdict::kFail), what, std::move(expected),
           std::move(actual));
  }
  return ok;
}

void Judge::Pass(std::string_view what) { Record(Verdict::kPass, what, "", ""); }

void Judge::Warn(std::string_view what, std::string expected, std::string actual) {
  Record(Verdict::kWarn, what, std::move(expected), std::move(actual));
}

void Judge::Fail(std::string_view what, std::string expected, std::string actual) {
  Record(Downgrade(Verdict::kFail), what, std::move(expected), std::move(actual));
}

void Judge::Error(std::string_view what, std::string actual) {
  Record(Verdict::kError, what, "", std::move(actual));
  outcomes_.back().check = false;
}

void Judge::Skip(std::string_view reason) {
  Record(Verdict::kSkip, reason, "", "");
  outcomes_.back().check = false;
}

std::vector<Judge::Outcome> Judge::Resolved() const {
  std::vector<Outcome> out = outcomes_;
  for (Outcome& o : out) {
    if (!o.refusal || (o.verdict != Verdict::kPass && o.verdict != Verdict::kWarn)) continue;
    if (o.controls.empty()) {
      // Unreachable through the API (every refusal names a control); kept as a guard.
      o.verdict = Verdict::kError;
      o.actual += " (a refusal without a control proves nothing: a harness bug)";
      continue;
    }
    for (std::size_t i : o.controls) {
      const report::Control& c = controls_[i];
      if (c.status == report::ControlStatus::kPassed) continue;
      const bool not_judged = control_states_[i].if_fails == IfControlFails::kNotJudged;
      std::string why;
      switch (c.status) {
        case report::ControlStatus::kFailed:
          why = "its control " + c.id + " failed (" + c.what + ": " + c.actual + ")";
          break;
        case report::ControlStatus::kUnavailable:
          why = "its control " + c.id + " cannot be done here (" + c.what + ": " + c.actual + ")";
          break;
        default:
          why = "its control " + c.id + " did not run (" + c.what + ")";
          break;
      }
      if (c.status == report::ControlStatus::kUnavailable || not_judged) {
        o.verdict = Verdict::kSkip;
        o.what = "not judged: " + o.what + ": " + why;
      } else {
        o.verdict = Verdict::kError;
        o.what = "the refusal proves nothing: " + o.what;
        o.actual = o.actual + "; " + why;
      }
      break;
    }
  }
  return out;
}

Verdict Judge::verdict() const {
  if (outcomes_.empty()) return Verdict::kError;
  Verdict worst = Verdict::kSkip;
  for (const Outcome& o : Resolved()) {
    if (Rank(o.verdict) > Rank(worst)) worst = o.verdict;
  }
  return worst;
}

std::vector<std::string> Judge::CheckLines(std::size_t max) const {
  std::vector<std::string> out;
  for (const Outcome& o : Resolved()) {
    if (out.size() == max) {
      out.push_back("...");
      break;
    }
    std::string line = std::string(report::VerdictName(o.verdict)) + " " + o.what;
    if (!o.expected.empty()) line += ": expected " + o.expected;
    if (!o.actual.empty()) line += (o.expected.empty() ? ": saw " : "; saw ") + o.actual;
    for (std::size_t i : o.controls) line += " [control " + controls_[i].id + "]";
    // One comment line each: no newline may end the comment early.
    for (char& c : line) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    out.push_back(std::move(line));
  }
  for (const report::Control& c : controls_) {
    if (out.size() >= max + 8) break;
    std::string line =
        "control " + c.id + " " + std::string(report::ControlStatusName(c.status)) + ": " + c.what;
    if (!c.actual.empty()) line += "; saw " + c.actual;
    for (char& ch : line) {
      if (ch == '\n' || ch == '\r') ch = ' ';
    }
    out.push_back(std::move(line));
  }
  return out;
}

void Judge::FillResult(report::RuleResult& out) const {
  const std::vector<Outcome> resolved = Resolved();
  out.status = verdict();
  out.controls = controls_;
  out.checks.clear();
  for (const Outcome& o : resolved) {
    report::Check c;
    c.what = o.what;
    c.verdict = o.verdict;
    c.expected = o.expected;
    c.actual = o.actual;
    c.refusal = o.refusal;
    for (std::size_t i : o.controls) c.controls.push_back(controls_[i].id);
    c.exchange = o.exchange;
    out.checks.push_back(std::move(c));
    if (!o.disguised.empty()) out.disguised_errors.push_back(o.what + ": " + o.disguised);
  }
  if (resolved.empty()) {
    out.reason = "the scenario judged nothing (a harness bug)";
    return;
  }
  if (out.status == Verdict::kPass) {
    std::size_t passed = 0;
    std::string checks;
    for (const Outcome& o : resolved) {
      if (o.verdict != Verdict::kPass) continue;
      if (passed++ > 0) checks += "; ";
      checks += o.what;
    }
    out.reason =
        std::to_string(passed) + (passed == 1 ? " check passed: " : " checks passed: ") + checks;
    // What was not judged stays visible (a skip inside a passing rule).
    std::string skipped;
    for (const Outcome& o : resolved) {
      if (o.verdict != Verdict::kSkip) continue;
      skipped += skipped.empty() ? "; not judged: " : "; ";
      skipped += o.what;
    }
    out.reason += skipped;
    const auto& first = *std::find_if(resolved.begin(), resolved.end(),
                                      [](const Outcome& o) { return o.verdict == Verdict::kPass; });
    out.expected = first.expected;
    out.actual = first.actual;
    return;
  }
  const auto it = std::find_if(resolved.begin(), resolved.end(),
                               [&](const Outcome& o) { return o.verdict == out.status; });
  out.reason = it->what;
  if (!it->actual.empty() && out.status != Verdict::kSkip) out.reason += ": " + it->actual;
  out.expected = it->expected;
  out.actual = it->actual;
  // Other departures, so a reader sees all of them in one row.
  std::size_t others = 0;
  for (const Outcome& o : resolved) {
    if (&o != &*it && (o.verdict == Verdict::kFail || o.verdict == Verdict::kWarn ||
                       o.verdict == Verdict::kError)) {
      ++others;
    }
  }
  if (others > 0) out.reason += " (+" + std::to_string(others) + " more)";
}

}  // namespace kc::scenarios
