// Flags: the command line's flags as data. Each subcommand lists its flags (FlagSpec); the
// parser and the --help text are both made from that list, so they cannot drift apart. The
// parser refuses an unknown flag with the nearest known one ("did you mean --timeout?") and
// a flag whose value is missing ("--region needs a value") instead of taking the next flag
// as its value.
#ifndef KC_RUNNER_FLAGS_H_
#define KC_RUNNER_FLAGS_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/status.h"

namespace kc::runner {

struct FlagSpec {
  std::string_view name;          // "--region"
  std::string_view value;         // the value's name in the help ("R"); "" for a switch
  std::string_view help;          // one line
  std::string_view default_text;  // shown as "(default: ...)"; "" for none
  std::string_view group = "";    // heading in the help ("target", ...); "" for none
};

struct ParsedFlag {
  std::string_view name;   // the spec's name
  std::string_view value;  // "" for a switch
};

struct ParsedArgs {
  std::vector<ParsedFlag> flags;  // in command-line order
  std::vector<std::string_view> positionals;
};

// ParseFlags: args of `command` against specs. Positional arguments (not starting with '-')
// are allowed only when allow_positionals. InvalidArgument with a message for the user.
Result<ParsedArgs> ParseFlags(std::string_view command, const std::vector<std::string_view>& args,
                              std::span<const FlagSpec> specs, bool allow_positionals);

// NearestFlag: the spec name closest to `unknown` (edit distance), or "" when none is close.
std::string NearestFlag(std::string_view unknown, std::span<const FlagSpec> specs);

// FlagHelp: the flags as help lines, grouped, one per flag with its value, help and default.
std::string FlagHelp(std::span<const FlagSpec> specs);

}  // namespace kc::runner

#endif  // KC_RUNNER_FLAGS_H_
