#include "mock_kms/server/server_cli.h"

#include <charconv>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>

#include "harness/contract/profile.h"
#include "mock_kms/model/fixed_key_source.h"

namespace kc::mock {
namespace {

template <typename T>
std::optional<T> ParseInteger(std::string_view text) {
  T value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

Status Bad(std::string message) { return InvalidArgumentError(std::move(message)); }

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Bad("--credentials: cannot read " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Bad("--credentials: cannot read " + path);
  return text;
}

}  // namespace

std::string UsageText() {
  return R"(usage: mock-kms [options]

A mock AWS KMS (JSON 1.1 over HTTP) for the key-import contract. Operations:
CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, ScheduleKeyDeletion,
CancelKeyDeletion, GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial,
Encrypt, Decrypt (symmetric keys), CreateAlias, DeleteAlias, ListAliases, UpdateAlias
(DescribeKey, Encrypt and Decrypt also take an alias name or alias ARN as KeyId).

  --host HOST           address to listen on (default 127.0.0.1)
  --port N              port to listen on; 0 (default) picks a free one. Prints
                        "listening on PORT" on stdout once it accepts connections
  --profile 2022|2026   the contract to follow (default 2022)
  --region REGION       region of requests that do not name one (default us-east-1)
  --auth none|sigv4     none (default): any request is accepted; sigv4: only requests
                        signed by an identity of --credentials
  --credentials FILE    one identity per line: ACCESS_KEY_ID SECRET_ACCESS_KEY ACCOUNT_ID
                        ('#' starts a comment); the access key decides the account
                        (default account 111122223333)
  --state-dir DIR       keep keys, material and tokens in DIR (journal + fsync); a
                        restart, even after kill -9, loses nothing acknowledged
  --key-pool N          RSA-2048 wrapping keys kept ready (default 8)
  --key-cache FILE      pre-generated wrapping keys shared by mock processes (each
                        used at most once per process)
  --fault NAME          plant one contract violation: RULE-ID, or RULE-ID:2 (the same
                        rule broken by another mechanism)
  --fault list          print every fault name and exit
  --test-hooks          enable POST /_mock/clock {"advance_seconds": N} (tests only)
  --fixed-wrapping-keys N
                        (tests only, needs --test-hooks) reuse a ring of N wrapping key
                        pairs per size (1..1024): GetParametersForImport response k of a
                        size carries pair k mod N, so no request waits for RSA key
                        generation. Breaks gpfi.fresh-wrapping-key on purpose. The pairs
                        come from --key-cache when given, else from test keys compiled in
                        (8 RSA-2048, 2 RSA-3072, 2 RSA-4096); the rest are generated, the
                        RSA-2048 ring at start, RSA-3072/4096 pairs when first asked for
  --help                print this text and exit

Exit status: 0 after SIGINT/SIGTERM, 2 for bad flags or when the server cannot start.
)";
}

Result<CliCommand> ParseCommandLine(const std::vector<std::string_view>& args) {
  CliCommand command;
  ServerOptions& o = command.options;
  std::optional<std::string> credentials_file;
  std::set<std::string, std::less<>> seen;
  bool list_faults = false;

  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view flag = args[i];
    std::optional<std::string_view> inline_value;
    if (flag.starts_with("--")) {
      if (const std::size_t eq = flag.find('='); eq != std::string_view::npos) {
        inline_value = flag.substr(eq + 1);
        flag = flag.substr(0, eq);
      }
    }
    if (flag == "--help" || flag == "-h") {
      command.action = CliCommand::Action::kHelp;
      return command;
    }
    if (flag == "--test-hooks") {
      if (inline_value) return Bad("--test-hooks takes no value");
      o.test_hooks = true;
      continue;
    }
    static const std::set<std::string_view> kValueFlags = {"--host",
                                                           "--port",
                                                           "--profile",
                                                           "--region",
                                                           "--auth",
                                                           "--credentials",
                                                           "--state-dir",
                                                           "--key-pool",
                                                           "--key-cache",
                                                           "--fault",
                                                           "--fixed-wrapping-keys"};
    if (!kValueFlags.contains(flag)) {
      return Bad("unknown " + std::string(flag.starts_with("-") ? "flag " : "argument ") +
                 std::string(args[i]) + " (see --help)");
    }
    if (!seen.insert(std::string(flag)).second) {
      return Bad(std::string(flag) + " is given more than once");
    }
    std::string_view value;
    if (inline_value) {
      value = *inline_value;
    } else {
      if (i + 1 >= args.size()) return Bad(std::string(flag) + " needs a value (see --help)");
      value = args[++i];
    }
    const std::string v(value);

    if (flag == "--host") {
      if (v.empty()) return Bad("--host must not be empty");
      o.host = v;
    } else if (flag == "--port") {
      const auto port = ParseInteger<int>(value);
      if (!port || *port < 0 || *port > 65535) {
        return Bad("--port: '" + v + "' is not a port number (0..65535)");
      }
      o.port = *port;
    } else if (flag == "--profile") {
      const auto profile = contract::ParseProfile(value);
      if (!profile) return Bad("--profile: '" + v + "' is not a profile (2022 or 2026)");
      o.profile = *profile;
    } else if (flag == "--region") {
      o.region = v;
    } else if (flag == "--auth") {
      if (value == "none") {
        o.auth = AuthMode::kNone;
      } else if (value == "sigv4") {
        o.auth = AuthMode::kSigV4;
      } else {
        return Bad("--auth: '" + v + "' is not an auth mode (none or sigv4)");
      }
    } else if (flag == "--credentials") {
      credentials_file = v;
    } else if (flag == "--state-dir") {
      if (v.empty()) return Bad("--state-dir must not be empty");
      o.state_dir = v;
    } else if (flag == "--key-pool") {
      const auto n = ParseInteger<int>(value);
      if (!n || *n < 0 || *n > 100000) {
        return Bad("--key-pool: '" + v + "' is not a number of keys (0..100000)");
      }
      o.key_pool = *n;
    } else if (flag == "--key-cache") {
      if (v.empty()) return Bad("--key-cache must not be empty");
      o.key_cache = v;
    } else if (flag == "--fixed-wrapping-keys") {
      const auto n = ParseInteger<int>(value);
      if (!n || *n < kMinFixedWrappingKeys || *n > kMaxFixedWrappingKeys) {
        return Bad("--fixed-wrapping-keys: '" + v + "' is not a number of key pairs (" +
                   std::to_string(kMinFixedWrappingKeys) + ".." +
                   std::to_string(kMaxFixedWrappingKeys) + ")");
      }
      o.fixed_wrapping_keys = *n;
    } else if (flag == "--fault") {
      if (value == "list") {
        list_faults = true;
        continue;
      }
      const auto fault = ParseFault(value);
      if (!fault) return Bad("--fault: '" + v + "' is not a fault (see --fault list)");
      o.fault = *fault;
    }
  }
  if (list_faults) {
    command.action = CliCommand::Action::kListFaults;
    return command;
  }
  if (o.fixed_wrapping_keys > 0 && !o.test_hooks) {
    return Bad(
        "--fixed-wrapping-keys needs --test-hooks: reusing wrapping key pairs across "
        "GetParametersForImport responses breaks gpfi.fresh-wrapping-key on purpose, a "
        "test-only mode");
  }
  if (credentials_file) {
    KC_ASSIGN_OR_RETURN(const std::string text, ReadFile(*credentials_file));
    auto identities = ParseCredentialsFile(text);
    if (!identities.ok()) {
      return Bad("--credentials " + *credentials_file + ": " + identities.status().message());
    }
    o.identities = std::move(identities).value();
  }
  if (Status valid = ValidateServerOptions(o); !valid.ok()) return valid;
  return command;
}

}  // namespace kc::mock
