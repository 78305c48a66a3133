// The kmsconform command line (DESIGN.md): run, explore, fuzz, rules, matrix. Every bad flag is a message
// on stderr and exit code 2; every command has its own --help (flags.h).
#ifndef KC_RUNNER_CLI_H_
#define KC_RUNNER_CLI_H_

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/status.h"
#include "harness/runner/explore.h"
#include "harness/runner/fuzz.h"
#include "harness/runner/runner.h"

namespace kc::runner {

// ParseRunOptions: the arguments after "run"; InvalidArgument with a message for the user.
// Region and credentials are resolved from the environment.
Result<RunOptions> ParseRunOptions(const std::vector<std::string_view>& args);

// CommandFlags: the flags `command` (run, rules, matrix) accepts, as its parser knows them
// (the --help text is made from the same list).
std::vector<std::string_view> CommandFlags(std::string_view command);
// CommandHelp: `kmsconform COMMAND --help`.
std::string CommandHelp(std::string_view command);

// ExploreCommand: `kmsconform explore`'s options, or --list-rules.
struct ExploreCommand {
  ExploreOptions options;
  bool list_rules = false;
};
Result<ExploreCommand> ParseExploreOptions(const std::vector<std::string_view>& args);

// ParseFuzzOptions: the arguments after "fuzz".
Result<FuzzOptions> ParseFuzzOptions(const std::vector<std::string_view>& args);

// Main: the whole program, argv without the program name; returns the exit code.
int Main(const std::vector<std::string_view>& argv, std::FILE* out, std::FILE* err);

// ReadFile: a whole file (at most 64 MiB).
Result<std::string> ReadFile(const std::string& path);

}  // namespace kc::runner

#endif  // KC_RUNNER_CLI_H_
