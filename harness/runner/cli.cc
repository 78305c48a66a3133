#include "harness/runner/cli.h"

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>
#include <signal.h>

#include "harness/common/build_info.h"
#include "harness/contract/profile.h"
#include "harness/contract/rules.h"
#include "harness/report/report.h"
#include "harness/runner/explore.h"
#include "harness/runner/flags.h"
#include "harness/scenarios/reproducer.h"
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
    "  kmsconform run      [TARGET] [flags]   check every rule of a profile against a target\n"
    "  kmsconform explore  [TARGET] [flags]   random call sequences checked against the model\n"
    "  kmsconform fuzz     [TARGET] [flags]   malformed requests, every reply judged\n"
    "  kmsconform rules    [--profile P]      the catalogue of rules, with confidence\n"
    "  kmsconform matrix   REPORT... -o DIR   several runs side by side\n"
    "  kmsconform --help | --version\n"
    "  kmsconform COMMAND --help              the flags of COMMAND, with their defaults\n"
    "\n"
    "TARGET: nothing for the embedded mock KMS; --endpoint URL; or --spawn 'CMD {port}'.\n"
    "Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else test/test.\n"
    "Exit: 0 no rule failed or errored (warn and skip allowed); 1 at least one fail or error;\n"
    "      2 could not run (bad usage, unwritable report directory, target not reachable or\n"
    "      not a KMS endpoint).\n";

constexpr std::string_view kTargetGroup =
    "target (default: the embedded mock KMS, in-process on an ephemeral loopback port)";

// The flags every command that talks to a target takes (run; later explore and fuzz).
constexpr FlagSpec kTargetFlags[] = {
    {"--endpoint", "URL", "any KMS endpoint, real AWS included (http:// or https://)", "",
     kTargetGroup},
    {"--spawn", "'CMD {port}'",
     "start an emulator on a free port ({port} is replaced) and stop "
     "it at the end",
     "", kTargetGroup},
    {"--spawn-timeout", "SECONDS", "how long a spawned emulator may take to answer", "30",
     kTargetGroup},
    {"--region", "R", "the region requests are signed for",
     "AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1", kTargetGroup},
    {"--clock", "none|faketime|mock-hook",
     "how the target's time is moved for the time rules (faketime: the spawned command runs "
     "under libfaketime; mock-hook: POST /_mock/clock of mock-kms --test-hooks)",
     "none; the embedded mock's clock is moved directly", kTargetGroup},
    {"--other-account-key", "ID:SECRET",
     "a second identity, in another account, for the cross-account rules",
     "none, and those checks skip; the embedded mock has its own", kTargetGroup},
    {"--name", "LABEL", "the target's name in report titles and matrix columns",
     "the endpoint, or the spawned program's name", kTargetGroup},
    {"--timeout", "SECONDS", "per request: connect, send and answer", "10", kTargetGroup},
    {"--key-cache", "FILE", "embedded mock: pre-generated RSA wrapping keys, kept across runs",
     "$XDG_CACHE_HOME or ~/.cache, then kmsconform/wrapping-keys.bin", kTargetGroup},
    {"--no-key-cache", "", "embedded mock: generate every wrapping key afresh", "", kTargetGroup},
};

constexpr std::string_view kRunGroup = "run";
constexpr FlagSpec kRunFlags[] = {
    {"--profile", "2022|2026", "the contract to check", "2022", kRunGroup},
    {"--only", "ID,...", "only these rules (kmsconform rules lists them)",
     "every rule of the profile", kRunGroup},
    {"--report-dir", "DIR", "where report.json, report.html, report.md and junit.xml go",
     "reports/<UTC time>-<pid>, and reports/latest points to it", kRunGroup},
    {"--seed", "N", "the seed of material and plaintexts (the same seed gives the same bytes)",
     "random, written in the report", kRunGroup},
    {"--jobs", "N", "rules run in parallel (the time rules always run last, one at a time)", "4",
     kRunGroup},
    {"--keep-keys", "",
     "leave the keys the run created; without it they are scheduled for "
     "deletion (7 days, the minimum) at the end",
     "", kRunGroup},
    {"--help", "", "this help", "", kRunGroup},
};

constexpr FlagSpec kRulesFlags[] = {
    {"--profile", "2022|2026", "only the rules of this profile", "every rule"},
    {"--help", "", "this help", ""},
};

constexpr FlagSpec kMatrixFlags[] = {
    {"-o", "DIR", "where matrix.html and matrix.md go (required)", ""},
    {"--output", "DIR", "the same as -o", ""},
    {"--help", "", "this help", ""},
};

constexpr std::string_view kExploreGroup = "explore";
constexpr FlagSpec kExploreFlags[] = {
    {"--profile", "2022|2026", "the contract to check", "2022", kExploreGroup},
    {"--budget", "SECONDS", "how long to explore (shrinking a departure included)", "60",
     kExploreGroup},
    {"--max-steps", "N", "commands per sequence (each followed by a DescribeKey check)", "20",
     kExploreGroup},
    {"--seed", "N", "the seed of the sequences (the same seed gives the same sequences)",
     "random, written in the report", kExploreGroup},
    {"--report-dir", "DIR", "where report.json, report.html, report.md and junit.xml go",
     "reports/<UTC time>-<pid>, and reports/latest points to it", kExploreGroup},
    {"--stop-on-first", "", "stop at the first departure (once it is shrunk)", "", kExploreGroup},
    {"--in-process", "", "embedded mock only: hand each signed request straight to the mock, "
     "without sockets (fastest; the transcript is the same)", "", kExploreGroup},
    {"--compare-to", "URL|embedded", "differential: run each sequence against this target too and "
     "report every difference in outcome, whatever the model says", "", kExploreGroup},
    {"--compare-spawn", "'CMD {port}'", "differential: start this emulator and compare with it",
     "", kExploreGroup},
    {"--compare-clock", "none|faketime|mock-hook", "how the compared target's time is moved",
     "none", kExploreGroup},
    {"--compare-other-account-key", "ID:SECRET", "the compared target's second identity", "",
     kExploreGroup},
    {"--compare-name", "LABEL", "the compared target's name in the report",
     "its endpoint or program name", kExploreGroup},
    {"--list-rules", "", "print the rules explore can judge on this target, and why the others "
     "are left out, then exit", "", kExploreGroup},
    {"--keep-keys", "", "leave the keys the sequences created (the embedded mock's are never "
     "cleaned up: it goes with the run)", "", kExploreGroup},
    {"--help", "", "this help", "", kExploreGroup},
};

constexpr std::string_view kFuzzGroup = "fuzz";
constexpr FlagSpec kFuzzFlags[] = {
    {"--profile", "2022|2026", "the contract to judge by (its API model and strict decoder)", "2022",
     kFuzzGroup},
    {"--budget", "SECONDS", "how long to send requests (minimising the findings takes at most "
     "10 s more)", "60", kFuzzGroup},
    {"--seed", "N", "the seed of the mutations (the same seed gives the same requests)",
     "random, written in the report", kFuzzGroup},
    {"--rate", "R", "at most R requests per second", "unlimited", kFuzzGroup},
    {"--max-requests", "N", "at most N requests, fuzzing and minimising (the few calls of the "
     "setup and of the liveness checks not counted)", "unlimited", kFuzzGroup},
    {"--allow-remote", "", "fuzz a target that is not on a loopback address (a warning is "
     "printed)", "loopback targets only", kFuzzGroup},
    {"--report-dir", "DIR", "where report.json, report.html, report.md, junit.xml and repro/ go",
     "reports/<UTC time>-<pid>, and reports/latest points to it", kFuzzGroup},
    {"--keep-keys", "", "leave the keys the run created", "", kFuzzGroup},
    {"--help", "", "this help", "", kFuzzGroup},
};

std::vector<FlagSpec> FuzzFlagSpecs() {
  std::vector<FlagSpec> out(std::begin(kTargetFlags), std::end(kTargetFlags));
  out.insert(out.end(), std::begin(kFuzzFlags), std::end(kFuzzFlags));
  return out;
}

std::vector<FlagSpec> ExploreFlagSpecs() {
  std::vector<FlagSpec> out(std::begin(kTargetFlags), std::end(kTargetFlags));
  out.insert(out.end(), std::begin(kExploreFlags), std::end(kExploreFlags));
  return out;
}

std::vector<FlagSpec> RunFlagSpecs() {
  std::vector<FlagSpec> out(std::begin(kTargetFlags), std::end(kTargetFlags));
  out.insert(out.end(), std::begin(kRunFlags), std::end(kRunFlags));
  return out;
}

std::string HelpText(std::string_view command) {
  if (command == "run") {
    return "usage: kmsconform run [TARGET] [flags]\n\n"
           "Checks every rule of the profile against the target and writes report.json,\n"
           "report.html, report.md and junit.xml. Exit: 0 no rule failed or errored (warn and\n"
           "skip allowed); 1 at least one fail or error; 2 could not run.\n" +
           FlagHelp(RunFlagSpecs());
  }
  if (command == "explore") {
    return "usage: kmsconform explore [TARGET] [flags]\n\n"
           "Random sequences of calls against the target, each step checked against the model\n"
           "of the contract (the answer, the error's shape, what a success carries, and the\n"
           "key's state by DescribeKey); a departure is shrunk to the shortest sequence that\n"
           "shows it and written into the report with its transcript and a reproducer. A rule\n"
           "passes only when at least 20 steps that depended on it ran. Exit codes as run.\n" +
           FlagHelp(ExploreFlagSpecs());
  }
  if (command == "fuzz") {
    return "usage: kmsconform fuzz [TARGET] [flags]\n\n"
           "Structure-aware mutations of valid requests (wrong types, missing and extra members,\n"
           "boundary values, bad base64 and UTF-8, deep nesting, duplicate keys, unknown\n"
           "X-Amz-Target, other Content-Types, HTTP framing faults, bad signatures) sent to the\n"
           "target, every reply judged by proto.error-shape, proto.malformed-json,\n"
           "proto.unknown-operation, proto.input-validation and proto.robustness, with a\n"
           "liveness check every 100 requests. Findings are distinct by (rule, class, label),\n"
           "minimised, and written into the report with a reproducer script each\n"
           "(repro/fuzz-*.sh, sending the same bytes to $KC_ENDPOINT). Plain http:// only.\n"
           "Exit codes as run.\n" +
           FlagHelp(FuzzFlagSpecs());
  }
  if (command == "rules") {
    return "usage: kmsconform rules [--profile 2022|2026]\n\n"
           "The catalogue: every rule's id, confidence (confirmed: recorded against AWS;\n"
           "documented: stated by AWS's docs or model; inferred: what AWS most plausibly\n"
           "does), profiles and title.\n\n" +
           FlagHelp(kRulesFlags);
  }
  return "usage: kmsconform matrix REPORT... -o DIR\n\n"
         "Several runs side by side (rules x runs) in DIR/matrix.html and DIR/matrix.md.\n"
         "REPORT is a report.json or a report folder (its report.json).\n\n" +
         FlagHelp(kMatrixFlags);
}

std::atomic<bool> g_interrupted{false};
extern "C" void OnSignal(int) { g_interrupted.store(true); }

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

int Usage(std::FILE* err, const Status& s, std::string_view command = {}) {
  std::fprintf(err, "kmsconform: %s\n(kmsconform %s%s--help for usage)\n", s.message().c_str(),
               std::string(command).c_str(), command.empty() ? "" : " ");
  return 2;
}

int RulesCommand(const std::vector<std::string_view>& args, std::FILE* out, std::FILE* err) {
  auto parsed = ParseFlags("rules", args, kRulesFlags, false);
  if (!parsed.ok()) return Usage(err, parsed.status(), "rules");
  std::optional<contract::Profile> profile;
  for (const ParsedFlag& f : parsed->flags) {
    if (f.name == "--profile") {
      profile = contract::ParseProfile(f.value);
      if (!profile)
        return Usage(err, InvalidArgumentError("--profile must be 2022 or 2026"), "rules");
    }
  }
  std::fprintf(out, "%-31s %-11s %-9s %s\n", "RULE", "CONFIDENCE", "PROFILES", "TITLE");
  for (const contract::Rule& r : contract::AllRules()) {
    if (profile && !contract::InProfile(r, *profile)) continue;
    const char* profiles = r.profiles == contract::kInBoth   ? "2022,2026"
                           : r.profiles == contract::kIn2022 ? "2022"
                                                             : "2026";
    std::string title(r.title);
    if (contract::NeverJudged(r)) {
      title += " (never judged: skip)";
    } else if (r.strictness == contract::Strictness::kWarnOnly) {
      title += " (warn only)";
    }
    if (r.needs_clock) title += " (needs clock control)";
    std::fprintf(out, "%-31.*s %-11.*s %-9s %s\n", static_cast<int>(r.id.size()), r.id.data(),
                 static_cast<int>(contract::ConfidenceName(r.confidence).size()),
                 contract::ConfidenceName(r.confidence).data(), profiles, title.c_str());
  }
  return 0;
}

int MatrixCommand(const std::vector<std::string_view>& args, std::FILE* out, std::FILE* err) {
  auto parsed = ParseFlags("matrix", args, kMatrixFlags, true);
  if (!parsed.ok()) return Usage(err, parsed.status(), "matrix");
  std::vector<std::string> files(parsed->positionals.begin(), parsed->positionals.end());
  std::optional<std::string> dir;
  for (const ParsedFlag& f : parsed->flags) {
    if (f.name == "-o" || f.name == "--output") dir = std::string(f.value);
  }
  if (files.empty())
    return Usage(err, InvalidArgumentError("matrix: give at least one report.json"), "matrix");
  if (!dir) return Usage(err, InvalidArgumentError("matrix: -o DIR is required"), "matrix");
  std::vector<report::RunReport> runs;
  std::vector<std::string> links;
  for (const std::string& given : files) {
    // A report folder stands for its report.json.
    std::filesystem::path file = given;
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) file /= "report.json";
    if (!std::filesystem::exists(file, ec)) {
      return Usage(err,
                   NotFoundError(file.string() + ": no such file" +
                                 (file.filename() == "report.json" && file.string() != given
                                      ? " (is " + given + " a kmsconform report folder?)"
                                      : "")),
                   "matrix");
    }
    auto text = ReadFile(file.string());
    if (!text.ok()) return Usage(err, text.status(), "matrix");
    auto run = report::FromJson(*text);
    if (!run.ok()) return Usage(err, run.status().WithContext(file.string()), "matrix");
    runs.push_back(std::move(run).value());
    // The run's report.html, relative to the matrix folder (absolute paths when they differ
    // in root).
    const std::filesystem::path html =
        std::filesystem::absolute(file, ec).parent_path() / "report.html";
    std::string link;
    if (std::filesystem::exists(html, ec)) {
      const std::filesystem::path out_dir = std::filesystem::absolute(*dir, ec);
      link = html.lexically_relative(out_dir).generic_string();
    }
    links.push_back(link);
  }
  if (Status s = report::WriteMatrix(runs, *dir, links); !s.ok()) {
    std::fprintf(err, "kmsconform: %s\n", s.message().c_str());
    return 1;
  }
  std::fprintf(out, "matrix of %zu runs: %s/matrix.html, %s/matrix.md\n", runs.size(), dir->c_str(),
               dir->c_str());
  return 0;
}

}  // namespace

std::string CommandHelp(std::string_view command) { return HelpText(command); }

std::vector<std::string_view> CommandFlags(std::string_view command) {
  std::vector<std::string_view> out;
  auto add = [&](std::span<const FlagSpec> specs) {
    for (const FlagSpec& f : specs) out.push_back(f.name);
  };
  if (command == "run") add(RunFlagSpecs());
  if (command == "explore") add(ExploreFlagSpecs());
  if (command == "fuzz") add(FuzzFlagSpecs());
  if (command == "rules") add(kRulesFlags);
  if (command == "matrix") add(kMatrixFlags);
  return out;
}

Result<std::string> ReadFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    char buf[256];
    return NotFoundError("cannot read " + path + ": " + strerror_r(errno, buf, sizeof buf));
  }
  std::string data;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 || std::ferror(f)) {
    if (std::ferror(f)) {
      char reason[256];
      const std::string why = strerror_r(errno, reason, sizeof reason);
      std::fclose(f);
      return DataLossError("cannot read " + path + ": " + why);
    }
    data.append(buf, n);
    if (data.size() > (64u << 20)) {
      std::fclose(f);
      return ResourceExhaustedError(path + " is larger than 64 MiB");
    }
  }
  std::fclose(f);
  return data;
}

namespace {

// ParseCommon: the flags run and explore share (the target, the profile, the report folder,
// the seed, the keys); `extra` handles the command's own flags.
Result<RunOptions> ParseCommon(
    std::string_view command, const std::vector<std::string_view>& argv,
    std::span<const FlagSpec> specs,
    const std::function<Status(std::string_view flag, std::string_view value)>& extra) {
  RunOptions o;
  KC_ASSIGN_OR_RETURN(ParsedArgs parsed, ParseFlags(command, argv, specs, false));
  std::optional<std::string> region;
  bool spawn_timeout_set = false, clock_set = false, key_cache_set = false;
  bool no_key_cache = false, seed_set = false;
  for (const ParsedFlag& flag : parsed.flags) {
    const std::string_view f = flag.name;
    const std::string_view v = flag.value;
    if (f == "--endpoint") {
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
      if (o.target.kind != TargetOptions::Kind::kEmbedded) {
        return InvalidArgumentError("give one target: --endpoint or --spawn");
      }
      if (v.find("{port}") == std::string_view::npos) {
        return InvalidArgumentError("--spawn: the command must contain {port}");
      }
      o.target.kind = TargetOptions::Kind::kSpawn;
      o.target.spawn_command = std::string(v);
    } else if (f == "--spawn-timeout") {
      KC_ASSIGN_OR_RETURN(o.target.spawn_timeout_seconds, ParsePositive(f, v));
      spawn_timeout_set = true;
    } else if (f == "--region") {
      if (v.empty()) return InvalidArgumentError("--region must not be empty");
      region = std::string(v);
    } else if (f == "--clock") {
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
      const auto colon = v.find(':');
      if (colon == std::string_view::npos || colon == 0 || colon + 1 == v.size()) {
        return InvalidArgumentError("--other-account-key must be ACCESS_KEY_ID:SECRET");
      }
      o.target.other =
          sigv4::Credentials{std::string(v.substr(0, colon)), std::string(v.substr(colon + 1)), ""};
    } else if (f == "--name") {
      if (v.empty()) return InvalidArgumentError("--name must not be empty");
      o.target.name = std::string(v);
    } else if (f == "--profile") {
      auto p = contract::ParseProfile(v);
      if (!p) return InvalidArgumentError("--profile must be 2022 or 2026");
      o.target.profile = *p;
    } else if (f == "--only") {
      std::size_t start = 0;
      while (start <= v.size()) {
        const std::size_t comma = std::min(v.find(',', start), v.size());
        const std::string_view id = v.substr(start, comma - start);
        if (!id.empty()) o.only.emplace_back(id);
        start = comma + 1;
      }
      if (o.only.empty()) return InvalidArgumentError("--only needs at least one rule id");
    } else if (f == "--report-dir") {
      if (v.empty()) return InvalidArgumentError("--report-dir must not be empty");
      o.report_dir = std::filesystem::path(v);
    } else if (f == "--seed") {
      KC_ASSIGN_OR_RETURN(o.seed, ParseInteger<std::uint64_t>(f, v, 0, UINT64_MAX));
      seed_set = true;
    } else if (f == "--jobs") {
      KC_ASSIGN_OR_RETURN(o.jobs, ParseInteger<int>(f, v, 1, 64));
    } else if (f == "--timeout") {
      KC_ASSIGN_OR_RETURN(o.target.timeout_seconds, ParsePositive(f, v));
    } else if (f == "--keep-keys") {
      o.keep_keys = true;
    } else if (f == "--key-cache") {
      o.target.key_cache = std::string(v);
      key_cache_set = true;
    } else if (f == "--no-key-cache") {
      no_key_cache = true;
    } else if (extra) {
      KC_RETURN_IF_ERROR(extra(f, v));
    }
  }
  const bool embedded = o.target.kind == TargetOptions::Kind::kEmbedded;
  if (spawn_timeout_set && o.target.kind != TargetOptions::Kind::kSpawn) {
    return InvalidArgumentError("--spawn-timeout applies to --spawn only");
  }
  if (clock_set && embedded) {
    return InvalidArgumentError(
        "--clock applies to --endpoint and --spawn (the embedded mock's "
        "clock is moved directly)");
  }
  if (o.target.other && embedded) {
    return InvalidArgumentError(
        "--other-account-key applies to --endpoint and --spawn (the "
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

}  // namespace

Result<RunOptions> ParseRunOptions(const std::vector<std::string_view>& argv) {
  return ParseCommon("run", argv, RunFlagSpecs(), nullptr);
}

Result<ExploreCommand> ParseExploreOptions(const std::vector<std::string_view>& argv) {
  ExploreCommand out;
  bool compare_target = false;
  bool in_process = false;
  auto extra = [&](std::string_view f, std::string_view v) -> Status {
    if (f == "--budget") {
      KC_ASSIGN_OR_RETURN(out.options.budget_seconds, ParsePositive(f, v));
    } else if (f == "--max-steps") {
      KC_ASSIGN_OR_RETURN(out.options.max_steps, ParseInteger<std::uint32_t>(f, v, 1, 1000));
    } else if (f == "--list-rules") {
      out.list_rules = true;
    } else if (f == "--stop-on-first") {
      out.options.stop_when_found = {"*"};
    } else if (f == "--in-process") {
      in_process = true;
    } else if (f.starts_with("--compare-")) {
      if (!out.options.compare) out.options.compare = TargetOptions{};
      TargetOptions& b = *out.options.compare;
      if (f == "--compare-to" || f == "--compare-spawn") {
        if (compare_target) return InvalidArgumentError("give one target to compare with");
        compare_target = true;
      }
      if (f == "--compare-to") {
        if (v == "embedded") {
          b.kind = TargetOptions::Kind::kEmbedded;
        } else if (v.starts_with("http://") || v.starts_with("https://")) {
          b.kind = TargetOptions::Kind::kEndpoint;
          b.endpoint = std::string(v);
        } else {
          return InvalidArgumentError("--compare-to: '" + std::string(v) +
                                      "' is not 'embedded' or an http:// or https:// URL");
        }
      } else if (f == "--compare-spawn") {
        if (v.find("{port}") == std::string_view::npos) {
          return InvalidArgumentError("--compare-spawn: the command must contain {port}");
        }
        b.kind = TargetOptions::Kind::kSpawn;
        b.spawn_command = std::string(v);
      } else if (f == "--compare-clock") {
        if (v == "none") b.clock = ClockMode::kNone;
        else if (v == "faketime") b.clock = ClockMode::kFaketime;
        else if (v == "mock-hook") b.clock = ClockMode::kMockHook;
        else return InvalidArgumentError("--compare-clock must be none, faketime or mock-hook");
      } else if (f == "--compare-other-account-key") {
        const auto colon = v.find(':');
        if (colon == std::string_view::npos || colon == 0 || colon + 1 == v.size()) {
          return InvalidArgumentError("--compare-other-account-key must be ACCESS_KEY_ID:SECRET");
        }
        b.other = sigv4::Credentials{std::string(v.substr(0, colon)),
                                     std::string(v.substr(colon + 1)), ""};
      } else if (f == "--compare-name") {
        b.name = std::string(v);
      }
    }
    return Status::Ok();
  };
  KC_ASSIGN_OR_RETURN(RunOptions common,
                      ParseCommon("explore", argv, ExploreFlagSpecs(), extra));
  out.options.target = std::move(common.target);
  out.options.report_dir = std::move(common.report_dir);
  out.options.seed = common.seed;
  out.options.keep_keys = common.keep_keys;
  if (in_process) {
    if (out.options.target.kind != TargetOptions::Kind::kEmbedded) {
      return InvalidArgumentError("--in-process applies to the embedded mock only");
    }
    out.options.target.in_process = true;
  }
  if (out.options.compare) {
    TargetOptions& b = *out.options.compare;
    if (!compare_target) {
      return InvalidArgumentError("--compare-clock, --compare-other-account-key and "
                                  "--compare-name need --compare-to or --compare-spawn");
    }
    b.profile = out.options.target.profile;
    b.region = out.options.target.region;
    b.credentials = out.options.target.credentials;
    b.timeout_seconds = out.options.target.timeout_seconds;
    if (b.kind == TargetOptions::Kind::kEmbedded) {
      b.key_cache = out.options.target.key_cache;
      if (b.clock != ClockMode::kDefault && b.clock != ClockMode::kNone) {
        return InvalidArgumentError("--compare-clock applies to --compare-to URL and "
                                    "--compare-spawn (the embedded mock's clock moves directly)");
      }
    }
  }
  return out;
}

Result<FuzzOptions> ParseFuzzOptions(const std::vector<std::string_view>& argv) {
  FuzzOptions out;
  auto extra = [&](std::string_view f, std::string_view v) -> Status {
    if (f == "--budget") {
      KC_ASSIGN_OR_RETURN(out.budget_seconds, ParsePositive(f, v));
    } else if (f == "--rate") {
      double rate = 0;
      const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), rate);
      if (ec != std::errc() || p != v.data() + v.size() || !(rate > 0) || rate > 1e7) {
        return InvalidArgumentError("--rate: '" + std::string(v) +
                                    "' is not a positive number of requests per second");
      }
      out.rate = rate;
    } else if (f == "--max-requests") {
      KC_ASSIGN_OR_RETURN(out.max_requests,
                          ParseInteger<std::uint64_t>(f, v, 1, 1000000000000ULL));
    } else if (f == "--allow-remote") {
      out.allow_remote = true;
    }
    return Status::Ok();
  };
  KC_ASSIGN_OR_RETURN(RunOptions common, ParseCommon("fuzz", argv, FuzzFlagSpecs(), extra));
  out.target = std::move(common.target);
  out.report_dir = std::move(common.report_dir);
  out.seed = common.seed;
  out.keep_keys = common.keep_keys;
  KC_RETURN_IF_ERROR(CheckFuzzTarget(out.target, out.allow_remote, nullptr));
  return out;
}

namespace {

// Finish: the exit code of a run or explore, with its summary (2: it could not run; 130:
// interrupted).
int Finish(const Result<RunOutcome>& outcome, Console& console, std::FILE* err) {
  if (!outcome.ok()) {
    std::fprintf(err, "kmsconform: could not run: %s\n", outcome.status().message().c_str());
    return 2;
  }
  console.Summary(outcome->report, (outcome->report_dir / "report.html").string());
  if (g_interrupted.load()) return 130;
  return outcome->exit_code;
}

void InstallSignalHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

// CommandLine: "kmsconform COMMAND ARGS...", quoted for a shell, with --seed SEED added when
// the arguments did not give one: the command that does the same again.
std::string CommandLine(std::string_view command, const std::vector<std::string_view>& args,
                        std::uint64_t seed) {
  std::string line = "kmsconform " + std::string(command);
  bool seed_given = false;
  for (std::string_view a : args) {
    line += " " + (a.find_first_of(" '\"") == std::string_view::npos ? std::string(a)
                                                                    : scenarios::ShellQuote(a));
    if (a == "--seed") seed_given = true;
  }
  if (!seed_given) line += " --seed " + std::to_string(seed);
  return line;
}

int ExploreMain(const std::vector<std::string_view>& args, std::FILE* out, std::FILE* err) {
  auto parsed = ParseExploreOptions(args);
  if (!parsed.ok()) return Usage(err, parsed.status(), "explore");
  ExploreOptions& o = parsed->options;
  if (parsed->list_rules) {
    const bool clock = o.target.kind == TargetOptions::Kind::kEmbedded ||
                       (o.target.clock != ClockMode::kNone && o.target.clock != ClockMode::kDefault);
    const bool other = o.target.kind == TargetOptions::Kind::kEmbedded || o.target.other;
    std::fprintf(out, "explore judges (profile %s%s%s):\n",
                 std::string(contract::ToWire(o.target.profile)).c_str(),
                 clock ? "" : ", no clock control", other ? "" : ", no second identity");
    for (const std::string& id : ExploreRules(o.target.profile, clock, other)) {
      std::fprintf(out, "  %s\n", id.c_str());
    }
    std::fprintf(out, "left out:\n");
    for (const auto& [id, why] : NotExplored(o.target.profile)) {
      std::fprintf(out, "  %-28s %s\n", id.c_str(), why.c_str());
    }
    return 0;
  }
  // The command line that explores the same sequences again.
  o.command_line = CommandLine("explore", args, o.seed);
  InstallSignalHandlers();
  Console console(out, err);
  return Finish(Explore(o, console, &g_interrupted), console, err);
}

int FuzzMain(const std::vector<std::string_view>& args, std::FILE* out, std::FILE* err) {
  auto parsed = ParseFuzzOptions(args);
  if (!parsed.ok()) return Usage(err, parsed.status(), "fuzz");
  FuzzOptions& o = *parsed;
  o.command_line = CommandLine("fuzz", args, o.seed);
  InstallSignalHandlers();
  Console console(out, err);
  return Finish(Fuzz(o, console, &g_interrupted), console, err);
}

}  // namespace

int Main(const std::vector<std::string_view>& argv, std::FILE* out, std::FILE* err) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help") {
    std::fputs(std::string(kUsage).c_str(), argv.empty() ? err : out);
    return argv.empty() ? 2 : 0;
  }
  if (argv[0] == "--version") {
    std::fprintf(out, "%s\n", VersionLine("kmsconform").c_str());
    return 0;
  }
  const std::string_view command = argv[0];
  const std::vector<std::string_view> rest(argv.begin() + 1, argv.end());
  const bool known =
      command == "run" || command == "explore" || command == "fuzz" || command == "rules" ||
      command == "matrix";
  if (known) {
    for (std::string_view a : rest) {
      if (a == "--help" || a == "-h") {
        std::fputs(CommandHelp(command).c_str(), out);
        return 0;
      }
    }
  }
  if (command == "rules") return RulesCommand(rest, out, err);
  if (command == "matrix") return MatrixCommand(rest, out, err);
  if (command == "explore") return ExploreMain(rest, out, err);
  if (command == "fuzz") return FuzzMain(rest, out, err);
  if (command != "run") {
    return Usage(err, InvalidArgumentError("unknown command '" + std::string(command) +
                                           "' (commands: run, explore, fuzz, rules, matrix)"));
  }
  auto options = ParseRunOptions(rest);
  if (!options.ok()) return Usage(err, options.status(), "run");
  InstallSignalHandlers();
  Console console(out, err);
  return Finish(Run(*options, console, &g_interrupted), console, err);
}

}  // namespace kc::runner
