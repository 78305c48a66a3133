// ServerOptions: everything mock-kms takes on its command line (DESIGN.md, "The two
// programs"), plus the HTTP tuning the CLI does not expose. The runner's embedded target
// fills one in directly; mock-kms fills it from its flags (server_cli.h).
#ifndef KC_MOCK_KMS_SERVER_SERVER_OPTIONS_H_
#define KC_MOCK_KMS_SERVER_SERVER_OPTIONS_H_

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/common/status.h"
#include "harness/contract/enums.h"
#include "mock_kms/model/faults.h"
#include "mock_kms/server/dispatch.h"

namespace kc::mock {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: an ephemeral port (MockServer::port() tells which)
  contract::Profile profile = contract::Profile::k2022;
  std::string region = "us-east-1";
  AuthMode auth = AuthMode::kNone;
  std::vector<Identity> identities;  // --credentials
  std::optional<std::filesystem::path> state_dir;
  int key_pool = 8;  // RSA-2048 wrapping keys kept ready (KeyPoolOptions::target)
  std::optional<std::filesystem::path> key_cache;
  Fault fault = Fault::kNone;
  bool test_hooks = false;  // POST /_mock/clock
  // --fixed-wrapping-keys N (0: off): a ring of N wrapping key pairs per size, reused in
  // turn (FixedKeySource::Ring, over key_cache when given; key_pool is then unused). Breaks
  // gpfi.fresh-wrapping-key on purpose, so that RSA key generation never bounds explore or
  // fuzz: the command line takes it only with --test-hooks; the runner's embedded target
  // sets it directly (TargetOptions::fixed_wrapping_keys).
  int fixed_wrapping_keys = 0;

  // HTTP tuning (not on the command line).
  std::size_t max_body_bytes = std::size_t{64} * 1024;
  // What one request may make the server read, headers and body (also a body that is only
  // skipped because it is over max_body_bytes). Past it the reply is a 413 and the
  // connection closes: a chunked or endless request cannot make the server buffer it.
  std::size_t max_request_bytes = std::size_t{1024} * 1024;
  // Workers are started on demand up to this many (one per open connection).
  std::size_t max_threads = 1024;
  // An idle keep-alive connection is closed after this long; a request must arrive whole
  // within read_timeout_seconds.
  int keep_alive_timeout_seconds = 5;
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 5;
  std::size_t keep_alive_max_requests = 1'000'000;
  int listen_backlog = 1024;
};

// ValidateServerOptions: InvalidArgument, with a message for the user, when the options
// cannot work together (e.g. --auth sigv4 without identities, a port out of range).
Status ValidateServerOptions(const ServerOptions& options);

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_SERVER_SERVER_OPTIONS_H_
