#include "mock_kms/server/server_cli.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>

#include "harness/contract/profile.h"
#include "mock_kms/model/fixed_key_source.h"

extern char** environ;

namespace kc::mock {
namespace {

constexpr std::string_view kEnvPrefix = "MOCK_KMS_";

// Setting: one flag and the environment variable that stands for it.
struct Setting {
  std::string_view flag;
  std::string_view env;
  bool takes_value;
};

// Every flag that configures the server (--help, --version and --fault list are commands,
// not settings, and have no variable).
constexpr Setting kSettings[] = {
    {"--host", "MOCK_KMS_HOST", true},
    {"--port", "MOCK_KMS_PORT", true},
    {"--profile", "MOCK_KMS_PROFILE", true},
    {"--region", "MOCK_KMS_REGION", true},
    {"--auth", "MOCK_KMS_AUTH", true},
    {"--credentials", "MOCK_KMS_CREDENTIALS", true},
    {"--state-dir", "MOCK_KMS_STATE_DIR", true},
    {"--key-pool", "MOCK_KMS_KEY_POOL", true},
    {"--key-cache", "MOCK_KMS_KEY_CACHE", true},
    {"--fault", "MOCK_KMS_FAULT", true},
    {"--test-hooks", "MOCK_KMS_TEST_HOOKS", false},
    {"--fixed-wrapping-keys", "MOCK_KMS_FIXED_WRAPPING_KEYS", true},
};

const Setting* FindFlag(std::string_view flag) {
  for (const Setting& s : kSettings) {
    if (s.flag == flag) return &s;
  }
  return nullptr;
}

template <typename T>
std::optional<T> ParseInteger(std::string_view text) {
  T value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<bool> ParseSwitch(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "1" || lower == "true" || lower == "yes" || lower == "on") return true;
  if (lower == "0" || lower == "false" || lower == "no" || lower == "off") return false;
  return std::nullopt;
}

Status Bad(std::string message) { return InvalidArgumentError(std::move(message)); }

Result<std::string> ReadFile(const std::string& label, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Bad(label + ": cannot read " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Bad(label + ": cannot read " + path);
  return text;
}

// Value: a setting's value and where it came from ("--port" or "MOCK_KMS_PORT"), which
// every message about it names.
struct Value {
  std::string label;
  std::string text;
};

// Apply: sets the option of `setting` from `v`; the same checks whether it came from a flag
// or a variable.
Status Apply(const Setting& setting, const Value& v, ServerOptions& o) {
  const std::string_view flag = setting.flag;
  const std::string& text = v.text;
  const std::string& label = v.label;
  if (flag == "--host") {
    const bool plausible =
        !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
          return std::isalnum(c) || c == '.' || c == ':' || c == '-' || c == '_' || c == '[' ||
                 c == ']' || c == '%';
        });
    if (!plausible) return Bad(label + ": '" + text + "' is not a host name or IP address");
    o.host = text;
  } else if (flag == "--port") {
    const auto port = ParseInteger<int>(text);
    if (!port || *port < 0 || *port > 65535) {
      std::string message = label + ": '" + text + "' is not a port number (0..65535)";
      // Kubernetes sets <SERVICE>_PORT=tcp://IP:PORT for every Service in the namespace.
      if (label == "MOCK_KMS_PORT" && text.starts_with("tcp://")) {
        message += "; Kubernetes sets MOCK_KMS_PORT for a Service named mock-kms: name the "
                   "Service otherwise, set enableServiceLinks: false, or pass --port";
      }
      return Bad(std::move(message));
    }
    o.port = *port;
  } else if (flag == "--profile") {
    const auto profile = contract::ParseProfile(text);
    if (!profile) return Bad(label + ": '" + text + "' is not a profile (2022 or 2026)");
    o.profile = *profile;
  } else if (flag == "--region") {
    const bool valid =
        !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        });
    if (!valid) {
      return Bad(label + ": '" + text + "' is not a region name such as us-east-1 (a-z, 0-9, -)");
    }
    o.region = text;
  } else if (flag == "--auth") {
    if (text == "none") {
      o.auth = AuthMode::kNone;
    } else if (text == "sigv4") {
      o.auth = AuthMode::kSigV4;
    } else {
      return Bad(label + ": '" + text + "' is not an auth mode (none or sigv4)");
    }
  } else if (flag == "--credentials") {
    KC_ASSIGN_OR_RETURN(const std::string content, ReadFile(label, text));
    auto identities = ParseCredentialsFile(content);
    if (!identities.ok()) {
      return Bad(label + " " + text + ": " + identities.status().message());
    }
    o.identities = std::move(identities).value();
  } else if (flag == "--state-dir") {
    if (text.empty()) return Bad(label + " must not be empty");
    o.state_dir = text;
  } else if (flag == "--key-pool") {
    const auto n = ParseInteger<int>(text);
    if (!n || *n < 0 || *n > 100000) {
      return Bad(label + ": '" + text + "' is not a number of keys (0..100000)");
    }
    o.key_pool = *n;
  } else if (flag == "--key-cache") {
    if (text.empty()) return Bad(label + " must not be empty");
    o.key_cache = text;
  } else if (flag == "--fixed-wrapping-keys") {
    const auto n = ParseInteger<int>(text);
    if (!n || *n < kMinFixedWrappingKeys || *n > kMaxFixedWrappingKeys) {
      return Bad(label + ": '" + text + "' is not a number of key pairs (" +
                 std::to_string(kMinFixedWrappingKeys) + ".." +
                 std::to_string(kMaxFixedWrappingKeys) + ")");
    }
    o.fixed_wrapping_keys = *n;
  } else if (flag == "--fault") {
    if (text == "list") {
      return Bad(label + "=list: listing the faults is a command: run mock-kms --fault list");
    }
    const auto fault = ParseFault(text);
    if (!fault) return Bad(label + ": '" + text + "' is not a fault (see --fault list)");
    o.fault = *fault;
  } else if (flag == "--test-hooks") {
    const auto on = ParseSwitch(text);
    if (!on) {
      return Bad(label + ": '" + text + "' is not a switch (1, true, yes, on or 0, false, no, off)");
    }
    o.test_hooks = *on;
  }
  return Status::Ok();
}

// Names Kubernetes gives the variables of a Service named mock-kms (service links); they are
// not meant for mock-kms and draw no warning.
bool IsServiceLinkName(std::string_view name) {
  return name.starts_with("MOCK_KMS_SERVICE_") || name.starts_with("MOCK_KMS_PORT_");
}

}  // namespace

std::string UsageText() {
  return R"(usage: mock-kms [options]

A mock AWS KMS (JSON 1.1 over HTTP) for the key-import contract. Operations:
CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, ScheduleKeyDeletion,
CancelKeyDeletion, GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial,
Encrypt, Decrypt (symmetric keys), CreateAlias, DeleteAlias, ListAliases, UpdateAlias
(DescribeKey, Encrypt and Decrypt also take an alias name or alias ARN as KeyId).
GET /_mock/health answers 200 {"status":"ok","profile":"2022"} without authentication,
for health checks.

  --host HOST           address to listen on (default 127.0.0.1). Any other address
                        than loopback draws a warning: with --auth none anyone who
                        can reach it can use the mock, and there is no TLS
  --port N              port to listen on (default 9566); 0 picks a free one. Prints
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
  --version             print the version and the git commit of the build, and exit
  --help                print this text and exit

Environment: every option above has a variable, as containers are configured:
MOCK_KMS_HOST, MOCK_KMS_PORT, MOCK_KMS_PROFILE, MOCK_KMS_REGION, MOCK_KMS_AUTH,
MOCK_KMS_CREDENTIALS, MOCK_KMS_STATE_DIR, MOCK_KMS_KEY_POOL, MOCK_KMS_KEY_CACHE,
MOCK_KMS_FAULT, MOCK_KMS_TEST_HOOKS (1, true, yes, on or 0, false, no, off) and
MOCK_KMS_FIXED_WRAPPING_KEYS. A flag wins over its variable; an empty variable is unset;
a bad value is refused as a bad flag is.

Exit status: 0 after SIGINT/SIGTERM, 2 for bad flags or variables or when the server
cannot start.
)";
}

Result<CliCommand> ParseCommandLine(const std::vector<std::string_view>& args,
                                    const Environment& env) {
  CliCommand command;
  ServerOptions& o = command.options;
  o.port = kDefaultPort;
  std::map<std::string_view, Value> given;  // by flag
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
    if (flag == "--version") {
      command.action = CliCommand::Action::kVersion;
      return command;
    }
    const Setting* setting = FindFlag(flag);
    if (setting == nullptr) {
      return Bad("unknown " + std::string(flag.starts_with("-") ? "flag " : "argument ") +
                 std::string(args[i]) + " (see --help)");
    }
    if (given.contains(setting->flag) || (setting->flag == "--fault" && list_faults)) {
      return Bad(std::string(flag) + " is given more than once");
    }
    if (!setting->takes_value) {
      if (inline_value) return Bad(std::string(flag) + " takes no value");
      given[setting->flag] = Value{std::string(flag), "1"};
      continue;
    }
    std::string_view value;
    if (inline_value) {
      value = *inline_value;
    } else {
      if (i + 1 >= args.size()) return Bad(std::string(flag) + " needs a value (see --help)");
      value = args[++i];
    }
    if (setting->flag == "--fault" && value == "list") {
      list_faults = true;
      continue;
    }
    given[setting->flag] = Value{std::string(flag), std::string(value)};
  }
  if (list_faults) {
    command.action = CliCommand::Action::kListFaults;
    return command;
  }

  // A flag wins over its variable; an empty variable is unset (compose files often pass
  // `VAR: ${VAR:-}`).
  std::vector<std::string> from_env;
  for (const Setting& setting : kSettings) {
    std::optional<Value> v;
    if (auto it = given.find(setting.flag); it != given.end()) {
      v = it->second;
    } else {
      for (const auto& [name, text] : env) {
        if (name == setting.env && !text.empty()) {
          v = Value{name, text};
          from_env.push_back(name);
        }
      }
    }
    if (v) KC_RETURN_IF_ERROR(Apply(setting, *v, o));
  }
  for (const auto& [name, text] : env) {
    if (!name.starts_with(kEnvPrefix) || IsServiceLinkName(name)) continue;
    const bool known = std::any_of(std::begin(kSettings), std::end(kSettings),
                                   [&](const Setting& s) { return s.env == name; });
    if (!known) {
      command.warnings.push_back("warning: ignoring " + name +
                                 ": not a mock-kms setting (the variables are in --help)");
    }
  }

  if (o.fixed_wrapping_keys > 0 && !o.test_hooks) {
    const bool flag = given.contains("--fixed-wrapping-keys");
    return Bad(std::string(flag ? "--fixed-wrapping-keys needs --test-hooks"
                                : "MOCK_KMS_FIXED_WRAPPING_KEYS needs MOCK_KMS_TEST_HOOKS=1 "
                                  "(or --test-hooks)") +
               ": reusing wrapping key pairs across GetParametersForImport responses breaks "
               "gpfi.fresh-wrapping-key on purpose, a test-only mode");
  }
  if (Status valid = ValidateServerOptions(o); !valid.ok()) {
    if (from_env.empty()) return valid;
    std::string names;
    for (const std::string& n : from_env) names += (names.empty() ? "" : ", ") + n;
    return Bad(valid.message() + " (set from the environment: " + names + ")");
  }
  if (!IsLoopbackHost(o.host)) {
    command.warnings.push_back(
        "warning: listening on " + o.host +
        ", not a loopback address: anyone who can reach it can use this mock KMS" +
        (o.auth == AuthMode::kNone ? " with any credentials (--auth none)" : "") +
        ", over plain HTTP. It is a test double: never give it real key material");
  }
  return command;
}

Environment ProcessEnvironment() {
  Environment env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    if (!entry.starts_with(kEnvPrefix)) continue;
    const std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace_back(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return env;
}

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost") return true;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string h(host);
  unsigned char v4[4];
  if (inet_pton(AF_INET, h.c_str(), v4) == 1) return v4[0] == 127;
  unsigned char v6[16];
  if (inet_pton(AF_INET6, h.c_str(), v6) == 1) {
    static constexpr unsigned char kLoopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                                     0, 0, 0, 0, 0, 0, 0, 1};
    return std::equal(std::begin(v6), std::end(v6), std::begin(kLoopback6));
  }
  return false;
}

}  // namespace kc::mock
