#include "harness/runner/console.h"

#include <unistd.h>

namespace kc::runner {

Console::Console(std::FILE* out, std::FILE* err)
    : out_(out), err_(err), tty_(err != nullptr && isatty(fileno(err)) == 1) {}

void Console::ClearProgress() {
  if (progress_shown_) {
    std::fputs("\r\033[K", err_);
    progress_shown_ = false;
  }
}

void Console::Note(std::string_view text) {
  std::lock_guard<std::mutex> lock(mu_);
  ClearProgress();
  std::fprintf(err_, "%.*s\n", static_cast<int>(text.size()), text.data());
  std::fflush(err_);
}

void Console::Progress(std::size_t done, std::size_t total, std::string_view current) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!tty_) return;
  std::fprintf(err_, "\r\033[K[%zu/%zu] %.*s", done, total, static_cast<int>(current.size()),
               current.data());
  std::fflush(err_);
  progress_shown_ = true;
}

void Console::Summary(const report::RunReport& report, std::string_view report_path) {
  std::lock_guard<std::mutex> lock(mu_);
  ClearProgress();
  // One line per rule that did not simply pass, in catalogue order: departures, errors,
  // skips with their reasons, and passes with checks that were not judged.
  for (const report::RuleResult& rule : report.rules) {
    const bool notes = rule.status == report::Verdict::kPass &&
                       rule.reason.find("not judged: ") != std::string::npos;
    if (rule.status == report::Verdict::kPass && !notes) continue;
    std::string reason = rule.reason;
    if (notes) reason = reason.substr(reason.find("not judged: "));
    const std::string_view verdict = report::VerdictName(rule.status);
    std::fprintf(out_, "%-5.*s %s: %s\n", static_cast<int>(verdict.size()), verdict.data(),
                 rule.id.c_str(), reason.c_str());
  }
  const auto& s = report.summary;
  std::fprintf(out_,
               "%zu rules (profile %s, %s %s): %d pass, %d fail, %d warn, %d skip, %d error "
               "in %.1f s\n",
               report.rules.size(), report.profile.c_str(), report.target.kind.c_str(),
               report.target.endpoint.c_str(), s.pass, s.fail, s.warn, s.skip, s.error,
               report.duration_s);
  for (const report::Cause& c : report::Causes(report)) {
    std::fprintf(out_, "common cause of %zu rules: %s\n", c.rules.size(), c.what.c_str());
  }
  std::fprintf(out_, "report: %.*s\n", static_cast<int>(report_path.size()), report_path.data());
  std::fflush(out_);
}

}  // namespace kc::runner
