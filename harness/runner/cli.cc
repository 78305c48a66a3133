#include "harness/runner/cli.h"

#include <signal.h>

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "harness/contract/profile.h"
#include "harness/contract/rules.h"
#include "harness/report/report.h"
#include "harness/runner/runner.h"

#ifndef KC_VERSION
#define KC_VERSION "0.0.0"
#endif

namespace kc::runner {
namespace {

constexpr std::string_view kUsage =
    "kmsconform: conformance harness for the AWS KMS key-import contract\n"
    "\n"
    "usage:\n"
    "  kmsconform run      [TARGET] [--profile 2022|2026] [--only ID,...] [--report-dir DIR]\n"
    "                      [--seed N] [--jobs N] [--timeout SECONDS] [--keep-keys]\n"
    "  kmsconform explore  [TARGET] [--budget SECONDS] [--seed N]\n"
    "  kmsconform rules    [--profile P]\n"
    "  kmsconform matrix   REPORT.json... -o DIR\n"
    "  kmsconform --help | --version\n"
    "\n"
    "TARGET: (none)  the embedded mock KMS, in-process on an ephemeral loopback port\n"
    "        --endpoint URL [--region R]           any KMS, real AWS included (https)\n"
    "        --spawn 'CMD with {port}' [--spawn-timeout SECONDS (default 30)]\n"
    "        --clock none|faketime|mock-hook       how the target's time is moved\n"
    "        --other-account-key ID:SECRET         a second identity, for the cross-account rules\n"
    "        --name LABEL                          the target's name in reports (default: the\n"
    "                                              endpoint, or the spawned program's name)\n"
    "        --key-cache FILE | --no-key-cache     embedded: reuse pre-generated RSA wrapping keys\n"
    "Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else test/test.\n"
    "Region: --region, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1.\n"
    "Exit: 0 no rule failed or errored; 1 at least one fail or error; 2 could not run.\n";

std::atomic<bool> g_interrupted{false};
extern "C" void OnSignal(int) { g_interrupted.store(true); }

struct Args {
  std::vector<std::string_view> v;
  std::size_t i = 0;
  bool done() const { return i >= v.size(); }
  std::string_view next() { return v[i++]; }
};

Status Missing(std::string_view flag) {
  return InvalidArgumentError(std::string(flag) + " needs a value");
}

Result<double> ParsePositive(std::string_view flag, std::string_view s) {
  double value = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || p != s.data() + s.size() || !(value > 0) || value > 1e6) {
    return InvalidArgumentError(std::string(flag) + ": '" + std::string(s) +
                                "' is not a positive number of seconds");
  }
  return value;
}

template <typename T>
Result<T> ParseInteger(std::string_view flag, std::string_view s, T min, T max) {
  T value{};
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || p != s.data() + s.size() || value < min || value > max) {
    return InvalidArgumentError(std::string(flag) + ": '" + std::string(s) +
                                "' is not an integer from " + std::to_string(min) + " to " +
                                std::to_string(max));
  }
  return value;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

std::optional<std::string> DefaultKeyCache() {
  std::string base = Env("XDG_CACHE_HOME");
  if (base.empty()) {
    const std::string home = Env("HOME");
    if (home.empty()) return std::nullopt;
    base = home + "/.cache";
  }
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(base) / "kmsconform";
  std::filesystem::create_directories(dir, ec);
  if (ec) return std::nullopt;
  return (dir / "wrapping-keys.bin").string();
}

int Usage(std::FILE* err, const Status& s) {
  std::fprintf(err, "kmsconform: %s\n(kmsconform --help for usage)\n", s.message().c_str());
  return 2;
}

int RulesCommand(Args& a, std::FILE* out, std::FILE* err) {
  std::optional<contract::Profile> profile;
  while (!a.done()) {
    const std::string_view f = a.next();
    if (f == "--profile") {
      if (a.done()) return Usage(err, Missing(f));
      profile = contract::ParseProfile(a.next());
      if (!profile) return Usage(err, InvalidArgumentError("--profile must be 2022 or 2026"));
    } else {
      return Usage(err, InvalidArgumentError("rules: unknown argument '" + std::string(f) + "'"));
    }
  }
  std::fprintf(out, "%-28s %-11s %-9s %s\n", "RULE", "CONFIDENCE", "PROFILES", "TITLE");
  for (const contract::Rule& r : contract::AllRules()) {
    if (profile && !contract::InProfile(r, *profile)) continue;
    const char* profiles = r.profiles == contract::kInBoth ? "2022,2026"
                           : r.profiles == contract::kIn2022 ? "2022" : "2026";
    std::string title(r.title);
    if (r.strictness == contract::Strictness::kWarnOnly) title += " (warn only)";
    if (r.needs_clock) title += " (needs clock control)";
    std::fprintf(out, "%-28.*s %-11.*s %-9s %s\n", static_cast<int>(r.id.size()), r.id.data(),
                 static_cast<int>(contract::ConfidenceName(r.confidence).size()),
                 contract::ConfidenceName(r.confidence).data(), profiles, title.c_str());
  }
  return 0;
}

int MatrixCommand(Args& a, std::FILE* out, std::FILE* err) {
  std::vector<std::string> files;
  std::optional<std::string> dir;
  while (!a.done()) {
    const std::string_view f = a.next();
    if (f == "-o" || f == "--output") {
      if (a.done()) return Usage(err, Missing(f));
      dir = std::string(a.next());
    } else if (f.starts_with("-")) {
      return Usage(err, InvalidArgumentError("matrix: unknown flag '" + std::string(f) + "'"));
    } else {
      files.emplace_back(f);
    }
  }
  if (files.empty()) return Usage(err, InvalidArgumentError("matrix: give at least one report.json"));
  if (!dir) return Usage(err, InvalidArgumentError("matrix: -o DIR is required"));
  std::vector<report::RunReport> runs;
  for (const std::string& file : files) {
    auto text = ReadFile(file);
    if (!text.ok()) return Usage(err, text.status());
    auto run = report::FromJson(*text);
    if (!run.ok()) return Usage(err, run.status().WithContext(file));
    runs.push_back(std::move(run).value());
  }
  if (Status s = report::WriteMatrix(runs, *dir); !s.ok()) {
    std::fprintf(err, "kmsconform: %s\n", s.message().c_str());
    return 1;
  }
  std::fprintf(out, "matrix of %zu runs: %s/matrix.html, %s/matrix.md\n", runs.size(),
               dir->c_str(), dir->c_str());
  return 0;
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return NotFoundError("cannot read " + path);
  std::string data;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    data.append(buf, n);
    if (data.size() > (64u << 20)) {
      std::fclose(f);
      return ResourceExhaustedError(path + " is larger than 64 MiB");
    }
  }
  std::fclose(f);
  return data;
}

Result<RunOptions> ParseRunOptions(const std::vector<std::string_view>& argv) {
  RunOptions o;
  Args a{argv, 0};
  std::optional<std::string> region;
  bool spawn_timeout_set = false, clock_set = false, key_cache_set = false;
  bool no_key_cache = false, seed_set = false;
  while (!a.done()) {
    const std::string_view f = a.next();
    auto value = [&]() -> Result<std::string_view> {
      if (a.done()) return Missing(f);
      return a.next();
    };
    if (f == "--endpoint") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      if (!(v.starts_with("http://") || v.starts_with("https://"))) {
        return InvalidArgumentError("--endpoint: '" + std::string(v) +
                                    "' is not an http:// or https:// URL");
      }
      if (o.target.kind != TargetOptions::Kind::kEmbedded) {
        return InvalidArgumentError("give one target: --endpoint or --spawn");
      }
      o.target.kind = TargetOptions::Kind::kEndpoint;
      o.target.endpoint = std::string(v);
    } else if (f == "--spawn") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      if (o.target.kind != TargetOptions::Kind::kEmbedded) {
        return InvalidArgumentError("give one target: --endpoint or --spawn");
      }
      if (v.find("{port}") == std::string_view::npos) {
        return InvalidArgumentError("--spawn: the command must contain {port}");
      }
      o.target.kind = TargetOptions::Kind::kSpawn;
      o.target.spawn_command = std::string(v);
    } else if (f == "--spawn-timeout") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      KC_ASSIGN_OR_RETURN(o.target.spawn_timeout_seconds, ParsePositive(f, v));
      spawn_timeout_set = true;
    } else if (f == "--region") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      if (v.empty()) return InvalidArgumentError("--region must not be empty");
      region = std::string(v);
    } else if (f == "--clock") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      if (v == "none") {
        o.target.clock = ClockMode::kNone;
      } else if (v == "faketime") {
        o.target.clock = ClockMode::kFaketime;
      } else if (v == "mock-hook") {
        o.target.clock = ClockMode::kMockHook;
      } else {
        return InvalidArgumentError("--clock must be none, faketime or mock-hook");
      }
      clock_set = true;
    } else if (f == "--other-account-key") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      const auto colon = v.find(':');
      if (colon == std::string_view::npos || colon == 0 || colon + 1 == v.size()) {
        return InvalidArgumentError("--other-account-key must be ACCESS_KEY_ID:SECRET");
      }
      o.target.other = sigv4::Credentials{std::string(v.substr(0, colon)),
                                          std::string(v.substr(colon + 1)), ""};
    } else if (f == "--profile") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      auto p = contract::ParseProfile(v);
      if (!p) return InvalidArgumentError("--profile must be 2022 or 2026");
      o.target.profile = *p;
    } else if (f == "--only") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      std::size_t start = 0;
      while (start <= v.size()) {
        const std::size_t comma = std::min(v.find(',', start), v.size());
        const std::string_view id = v.substr(start, comma - start);
        if (!id.empty()) o.only.emplace_back(id);
        start = comma + 1;
      }
      if (o.only.empty()) return InvalidArgumentError("--only needs at least one rule id");
    } else if (f == "--report-dir") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      if (v.empty()) return InvalidArgumentError("--report-dir must not be empty");
      o.report_dir = std::filesystem::path(v);
    } else if (f == "--seed") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      KC_ASSIGN_OR_RETURN(o.seed, ParseInteger<std::uint64_t>(f, v, 0, UINT64_MAX));
      seed_set = true;
    } else if (f == "--jobs") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      KC_ASSIGN_OR_RETURN(o.jobs, ParseInteger<int>(f, v, 1, 64));
    } else if (f == "--timeout") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      KC_ASSIGN_OR_RETURN(o.target.timeout_seconds, ParsePositive(f, v));
    } else if (f == "--name") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      if (v.empty()) return InvalidArgumentError("--name must not be empty");
      o.target.name = std::string(v);
    } else if (f == "--keep-keys") {
      o.keep_keys = true;
    } else if (f == "--key-cache") {
      KC_ASSIGN_OR_RETURN(auto v, value());
      o.target.key_cache = std::string(v);
      key_cache_set = true;
    } else if (f == "--no-key-cache") {
      no_key_cache = true;
    } else {
      return InvalidArgumentError("run: unknown argument '" + std::string(f) + "'");
    }
  }
  const bool embedded = o.target.kind == TargetOptions::Kind::kEmbedded;
  if (spawn_timeout_set && o.target.kind != TargetOptions::Kind::kSpawn) {
    return InvalidArgumentError("--spawn-timeout applies to --spawn only");
  }
  if (clock_set && embedded) {
    return InvalidArgumentError("--clock applies to --endpoint and --spawn (the embedded mock's "
                                "clock is moved directly)");
  }
  if (o.target.other && embedded) {
    return InvalidArgumentError("--other-account-key applies to --endpoint and --spawn (the "
                                "embedded mock has its own second identity)");
  }
  if ((key_cache_set || no_key_cache) && !embedded) {
    return InvalidArgumentError("--key-cache and --no-key-cache apply to the embedded mock only");
  }
  if (key_cache_set && no_key_cache) {
    return InvalidArgumentError("give --key-cache or --no-key-cache, not both");
  }
  if (embedded && !no_key_cache && !key_cache_set) o.target.key_cache = DefaultKeyCache();
  if (!seed_set) o.seed = std::random_device{}() & 0xFFFFFFFFu;
  // Region and credentials from the environment (DESIGN.md).
  if (!region) region = Env("AWS_REGION");
  if (region->empty()) region = Env("AWS_DEFAULT_REGION");
  if (region->empty()) region = std::string(contract::kDefaultRegion);
  o.target.region = *region;
  o.target.credentials.access_key_id = Env("AWS_ACCESS_KEY_ID");
  o.target.credentials.secret_access_key = Env("AWS_SECRET_ACCESS_KEY");
  o.target.credentials.session_token = Env("AWS_SESSION_TOKEN");
  if (o.target.credentials.access_key_id.empty() ||
      o.target.credentials.secret_access_key.empty()) {
    o.target.credentials = sigv4::Credentials{"test", "test", ""};
  }
  return o;
}

int Main(const std::vector<std::string_view>& argv, std::FILE* out, std::FILE* err) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help") {
    std::fputs(std::string(kUsage).c_str(), argv.empty() ? err : out);
    return argv.empty() ? 2 : 0;
  }
  if (argv[0] == "--version") {
    std::fprintf(out, "kmsconform %s\n", KC_VERSION);
    return 0;
  }
  const std::string_view command = argv[0];
  Args rest{std::vector<std::string_view>(argv.begin() + 1, argv.end()), 0};
  for (std::string_view a : rest.v) {
    if (a == "--help" || a == "-h") {
      std::fputs(std::string(kUsage).c_str(), out);
      return 0;
    }
  }
  if (command == "rules") return RulesCommand(rest, out, err);
  if (command == "matrix") return MatrixCommand(rest, out, err);
  if (command == "explore") {
    std::fprintf(err,
                 "kmsconform explore: random stateful sequences against the model come with the "
                 "property-based testing work; not available in this version\n");
    return 2;
  }
  if (command != "run") {
    return Usage(err, InvalidArgumentError("unknown command '" + std::string(command) + "'"));
  }
  auto options = ParseRunOptions(rest.v);
  if (!options.ok()) return Usage(err, options.status());
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  Console console(out, err);
  auto outcome = Run(*options, console, &g_interrupted);
  if (!outcome.ok()) {
    std::fprintf(err, "kmsconform: could not run: %s\n", outcome.status().message().c_str());
    return 2;
  }
  console.Summary(outcome->report, (outcome->report_dir / "report.html").string());
  if (g_interrupted.load()) return 130;
  return outcome->exit_code;
}

}  // namespace kc::runner
