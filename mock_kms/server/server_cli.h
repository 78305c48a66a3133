// The mock-kms command line (DESIGN.md, "The two programs"): flags -> ServerOptions.
// Pure except for reading the --credentials file, so unit tests cover every flag.
#ifndef KC_MOCK_KMS_SERVER_SERVER_CLI_H_
#define KC_MOCK_KMS_SERVER_SERVER_CLI_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/common/status.h"
#include "mock_kms/server/server_options.h"

namespace kc::mock {

// kDefaultPort: where mock-kms listens when neither --port nor MOCK_KMS_PORT says otherwise.
// Chosen not to clash with the emulators it is used beside: LocalStack 4566 (and its legacy
// per-service ports 4567-4599), moto_server 5000, local-kms 8080. The embedded target and the
// tests use port 0 (ServerOptions::port's default), never this one.
inline constexpr int kDefaultPort = 9566;

// Environment: name/value pairs of the process environment (only MOCK_KMS_* ones matter).
using Environment = std::vector<std::pair<std::string, std::string>>;

// CliCommand: what mock-kms was asked to do.
struct CliCommand {
  enum class Action { kServe, kHelp, kVersion, kListFaults };
  Action action = Action::kServe;
  ServerOptions options;
  // One line each, for stderr: a --host that is not loopback, MOCK_KMS_* names that are not
  // settings.
  std::vector<std::string> warnings;
};

// ParseCommandLine: the command of `args` (without the program name) and the MOCK_KMS_*
// variables of `env`. Flags take their value as the next argument or after '='
// (--port=8080). Every flag has a variable (--key-pool: MOCK_KMS_KEY_POOL; --test-hooks:
// MOCK_KMS_TEST_HOOKS=1|true|yes|on or 0|false|no|off); a flag wins over its variable, an
// empty variable counts as unset. InvalidArgument with a one-line message for the user for an
// unknown or repeated flag, a missing or bad value of a flag or a variable (named as given),
// an unreadable --credentials file, or options that cannot work together (exit code 2).
// Messages never contain a secret.
Result<CliCommand> ParseCommandLine(const std::vector<std::string_view>& args,
                                    const Environment& env = {});

// ProcessEnvironment: the MOCK_KMS_* variables of this process.
Environment ProcessEnvironment();

// IsLoopbackHost: "localhost", 127.0.0.0/8, ::1 (also as [::1]).
bool IsLoopbackHost(std::string_view host);

// UsageText: the --help text.
std::string UsageText();

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_SERVER_SERVER_CLI_H_
