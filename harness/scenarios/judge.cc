#include "harness/scenarios/judge.h"

#include <algorithm>

namespace kc::scenarios {
namespace {

using report::Verdict;

int Rank(Verdict v) {
  switch (v) {
    case Verdict::kSkip: return 0;
    case Verdict::kPass: return 1;
    case Verdict::kWarn: return 2;
    case Verdict::kError: return 3;
    case Verdict::kFail: return 4;
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

std::string ReplySummary::Describe() const {
  if (!transport.ok()) return "no reply: " + transport.message();
  std::string out = "HTTP " + std::to_string(status);
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
  outcomes_.push_back(Outcome{v, std::string(what), std::move(expected), std::move(actual)});
}

void Judge::ExpectError(const ReplySummary& reply, std::initializer_list<contract::ErrorType> types,
                        std::string_view what) {
  ExpectError(reply, ExpectedError{std::vector<contract::ErrorType>(types), std::nullopt, {}, std::nullopt},
              what);
}

void Judge::ExpectError(const ReplySummary& reply, const ExpectedError& expected,
                        std::string_view what) {
  const std::string want = ExpectedText(expected);
  const std::string got = reply.Describe();
  // A dropped connection, a timeout or an acceptance where a refusal is due: fail.
  if (!reply.transport.ok() || reply.success) {
    Record(Downgrade(Verdict::kFail), what, want, got);
    return;
  }
  if (!reply.error || IsNonAwsShape(*reply.error)) {
    Record(Downgrade(Verdict::kFail), what, want, got);
    return;
  }
  if (reply.status >= 500) {
    Record(Downgrade(Verdict::kFail), what, want, got + " (a 5xx where a 400 is due)");
    return;
  }
  const bool type_ok =
      std::any_of(expected.types.begin(), expected.types.end(),
                  [&](contract::ErrorType t) { return reply.error->Is(t); });
  if (!type_ok) {
    const contract::Strictness strictness = expected.strictness.value_or(rule_.strictness);
    const Verdict v =
        strictness == contract::Strictness::kStrict ? Verdict::kFail : Verdict::kWarn;
    Record(Downgrade(v), what, want, got);
    return;
  }
  if (reply.status != 400) {
    Record(Verdict::kWarn, what, want + " (HTTP 400)", got + " (AWS answers HTTP 400)");
    return;
  }
  if (expected.message && !MessageMatches(*expected.message, reply.error->message)) {
    Record(Verdict::kWarn, std::string(what) + " (message differs from AWS's text)", want, got);
    return;
  }
  for (const std::string& part : expected.message_contains) {
    if (reply.error->message.find(part) == std::string::npos) {
      Record(Verdict::kWarn, std::string(what) + " (message does not mention " + part + ")", want,
             got);
      return;
    }
  }
  Record(Verdict::kPass, what, want, got);
}

bool Judge::ExpectSuccess(const ReplySummary& reply, std::string_view what) {
  if (reply.transport.ok() && reply.success) {
    Record(Verdict::kPass, what, "success", reply.Describe());
    return true;
  }
  Record(Downgrade(Verdict::kFail), what, "success (HTTP 200)", reply.Describe());
  return false;
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
}

void Judge::Skip(std::string_view reason) { Record(Verdict::kSkip, reason, "", ""); }

Verdict Judge::verdict() const {
  if (outcomes_.empty()) return Verdict::kError;
  Verdict worst = Verdict::kSkip;
  for (const Outcome& o : outcomes_) {
    if (Rank(o.verdict) > Rank(worst)) worst = o.verdict;
  }
  return worst;
}

std::vector<std::string> Judge::CheckLines(std::size_t max) const {
  std::vector<std::string> out;
  for (const Outcome& o : outcomes_) {
    if (out.size() == max) {
      out.push_back("...");
      break;
    }
    std::string line = std::string(report::VerdictName(o.verdict)) + " " + o.what;
    if (!o.expected.empty()) line += ": expected " + o.expected;
    if (!o.actual.empty()) line += (o.expected.empty() ? ": saw " : "; saw ") + o.actual;
    // One comment line each: no newline may end the comment early.
    for (char& c : line) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    out.push_back(std::move(line));
  }
  return out;
}

void Judge::FillResult(report::RuleResult& out) const {
  out.status = verdict();
  if (outcomes_.empty()) {
    out.reason = "the scenario judged nothing (a harness bug)";
    return;
  }
  if (out.status == Verdict::kPass) {
    std::size_t passed = 0;
    std::string checks;
    for (const Outcome& o : outcomes_) {
      if (o.verdict != Verdict::kPass) continue;
      if (passed++ > 0) checks += "; ";
      checks += o.what;
    }
    const std::size_t skipped = outcomes_.size() - passed;
    out.reason = std::to_string(passed) + (passed == 1 ? " check passed" : " checks passed");
    if (skipped > 0) out.reason += " (" + std::to_string(skipped) + " skipped)";
    out.reason += ": " + checks;
    const auto& first = *std::find_if(outcomes_.begin(), outcomes_.end(),
                                      [](const Outcome& o) { return o.verdict == Verdict::kPass; });
    out.expected = first.expected;
    out.actual = first.actual;
    return;
  }
  const auto it = std::find_if(outcomes_.begin(), outcomes_.end(),
                               [&](const Outcome& o) { return o.verdict == out.status; });
  out.reason = it->what;
  if (!it->actual.empty() && out.status != Verdict::kSkip) out.reason += ": " + it->actual;
  out.expected = it->expected;
  out.actual = it->actual;
  // Other departures, so a reader sees all of them in one row.
  std::size_t others = 0;
  for (const Outcome& o : outcomes_) {
    if (&o != &*it && (o.verdict == Verdict::kFail || o.verdict == Verdict::kWarn ||
                       o.verdict == Verdict::kError)) {
      ++others;
    }
  }
  if (others > 0) out.reason += " (+" + std::to_string(others) + " more)";
}

}  // namespace kc::scenarios
