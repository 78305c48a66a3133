// The mock-kms command line (DESIGN.md, "The two programs"): flags -> ServerOptions.
// Pure except for reading the --credentials file, so unit tests cover every flag.
#ifndef KC_MOCK_KMS_SERVER_SERVER_CLI_H_
#define KC_MOCK_KMS_SERVER_SERVER_CLI_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/common/status.h"
#include "mock_kms/server/server_options.h"

namespace kc::mock {

// CliCommand: what mock-kms was asked to do.
struct CliCommand {
  enum class Action { kServe, kHelp, kListFaults };
  Action action = Action::kServe;
  ServerOptions options;
};

// ParseCommandLine: the command of `args` (without the program name). Flags take their
// value as the next argument or after '=' (--port=8080). InvalidArgument with a one-line
// message for the user for an unknown or repeated flag, a missing or bad value, an
// unreadable --credentials file, or options that cannot work together (exit code 2).
// Messages never contain a secret.
Result<CliCommand> ParseCommandLine(const std::vector<std::string_view>& args);

// UsageText: the --help text.
std::string UsageText();

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_SERVER_SERVER_CLI_H_
