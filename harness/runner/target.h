// Targets: what a run talks to (DESIGN.md, "The two programs"): the embedded mock (in-process,
// on an ephemeral loopback port, the real HTTP path, its clock moved directly), an endpoint
// (any KMS, real AWS included), or a spawned emulator (started on a free port, stopped at
// the end, no process left behind). Each offers its endpoint and, where it can, a
// ClockControl.
#ifndef KC_RUNNER_TARGET_H_
#define KC_RUNNER_TARGET_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/client/client.h"
#include "harness/common/status.h"
#include "harness/contract/enums.h"
#include "harness/report/report.h"
#include "harness/scenarios/scenario.h"

namespace kc::runner {

enum class ClockMode { kDefault, kNone, kFaketime, kMockHook };

struct TargetOptions {
  enum class Kind { kEmbedded, kEndpoint, kSpawn } kind = Kind::kEmbedded;
  std::string endpoint;       // --endpoint
  std::string spawn_command;  // --spawn, with {port}
  double spawn_timeout_seconds = 30;
  ClockMode clock = ClockMode::kDefault;
  std::string region;  // resolved: --region, AWS_REGION, AWS_DEFAULT_REGION, us-east-1
  contract::Profile profile = contract::Profile::k2022;
  sigv4::Credentials credentials;           // resolved from the environment
  std::optional<sigv4::Credentials> other;  // --other-account-key ID:SECRET
  std::optional<std::string> key_cache;     // embedded: wrapping-key cache file
  // embedded only: 0 (the default, and what `run` uses) hands out a fresh wrapping key pair
  // per GetParametersForImport, as AWS does; N > 0 reuses a ring of N pairs per size
  // (mock-kms --test-hooks --fixed-wrapping-keys N), so RSA key generation never bounds
  // explore or fuzz. It breaks gpfi.fresh-wrapping-key on purpose, and material wrapped for
  // response k then imports with the token of response k + N of the same size (counted over
  // the whole mock): see mock_kms/model/fixed_key_source.h. Other targets ignore it (give a
  // spawned mock-kms the flag itself).
  int fixed_wrapping_keys = 0;
  // embedded only (explore --in-process): the harness hands each signed request straight to
  // the mock's dispatcher, without sockets or HTTP parsing (the same signing, SigV4 check,
  // model and transcript). The report still names the mock's HTTP endpoint.
  bool in_process = false;
  // embedded only, for tests (no flag sets it): a mock-kms --fault name ("" none), so that
  // an in-process property can be shown to fail against a broken mock.
  std::string fault;
  double timeout_seconds = 10;
  // spawn: where the emulator's stdout and stderr go (the report folder's target.log);
  // nullopt: a temporary file, removed with the target.
  std::optional<std::filesystem::path> log_file;
  // --name: the target's name in report titles and matrix columns; "" for the default
  // (report::TargetLabel: the spawned program's name, the endpoint, "embedded mock-kms").
  std::string name;
};

class Target {
 public:
  virtual ~Target() = default;
  virtual std::string endpoint() const = 0;
  // clock: nullptr when the target's time cannot be moved.
  virtual scenarios::ClockControl* clock() = 0;
  virtual report::TargetInfo info() const = 0;
  // The identities a run uses (the embedded target makes its own second identity).
  virtual sigv4::Credentials primary() const = 0;
  virtual std::optional<sigv4::Credentials> other() const = 0;
  // Stop: stops what the target started (idempotent).
  virtual void Stop() = 0;
  // Notes for the console (e.g. the embedded mock's key-cache notes).
  virtual std::vector<std::string> notes() const { return {}; }
  // in_process: set when requests can skip the network (the embedded mock with
  // TargetOptions::in_process); clients then call it instead of HTTP.
  virtual client::InProcess in_process() { return {}; }
};

// FileTail: the last max_bytes of a file (an emulator's output), "(no output)" when empty.
std::string FileTail(const std::filesystem::path& file, std::size_t max_bytes);

// StartTarget: the target of the options, started and reachable; Unavailable (with the
// emulator's stderr for a spawn) when it never came up.
Result<std::unique_ptr<Target>> StartTarget(const TargetOptions& options);

// StartEmbeddedTarget: defined in embedded_target.cc, the only file of harness/ that
// includes mock_kms/.
Result<std::unique_ptr<Target>> StartEmbeddedTarget(const TargetOptions& options);

}  // namespace kc::runner

#endif  // KC_RUNNER_TARGET_H_
