// Console: what a run prints (DESIGN.md): a progress line while it runs (on a terminal);
// then, in catalogue order, one line per rule that did not simply pass (fail, warn, error,
// skip, and passes with checks not judged) with its reason; the summary; the common causes;
// the report path. Never prints a body or a secret.
#ifndef KC_RUNNER_CONSOLE_H_
#define KC_RUNNER_CONSOLE_H_

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include "harness/report/report.h"

namespace kc::runner {

class Console {
 public:
  // out: results and summary; err: progress and notes. Progress is drawn in place only when
  // err is a terminal.
  Console(std::FILE* out, std::FILE* err);
  void Note(std::string_view text);
  void Progress(std::size_t done, std::size_t total, std::string_view current);
  void Summary(const report::RunReport& report, std::string_view report_path);

 private:
  void ClearProgress();
  std::mutex mu_;
  std::FILE* out_;
  std::FILE* err_;
  bool tty_;
  bool progress_shown_ = false;
};

}  // namespace kc::runner

#endif  // KC_RUNNER_CONSOLE_H_
