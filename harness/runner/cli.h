// The kmsconform command line (DESIGN.md): run, explore (later), rules, matrix. Every bad
// flag is a message on stderr and exit code 2.
#ifndef KC_RUNNER_CLI_H_
#define KC_RUNNER_CLI_H_

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/status.h"
#include "harness/runner/runner.h"

namespace kc::runner {

// ParseRunOptions: the arguments after "run"; InvalidArgument with a message for the user.
// Region and credentials are resolved from the environment.
Result<RunOptions> ParseRunOptions(const std::vector<std::string_view>& args);

// Main: the whole program, argv without the program name; returns the exit code.
int Main(const std::vector<std::string_view>& argv, std::FILE* out, std::FILE* err);

// ReadFile: a whole file (at most 64 MiB).
Result<std::string> ReadFile(const std::string& path);

}  // namespace kc::runner

#endif  // KC_RUNNER_CLI_H_
