// Reproducers of `kmsconform fuzz` findings: a shell script and the bytes it sends. A
// well-framed, normally signed request goes out with curl (`--data-binary @file`, signed
// afresh with `--aws-sigv4`); framing faults, signature faults and a liveness finding go out
// with a python3 socket program in the script (framing must be byte-exact; curl would fix
// it). Keys, the import token and the alias the request names are made afresh on the target
// first (a restarted emulator has none of the run's), and replaced in the bytes.
//
// The script judges the reply as the run did (the finding's kind: a 5xx, a success where AWS
// refuses, another error type, an error without AWS's shape, no reply, ...) and exits 1 when
// the departure shows, 0 when it does not, 2 when it could not run (a missing tool, an
// unreachable target, a setup call that failed). The endpoint comes from $KC_ENDPOINT,
// credentials from the environment (default test/test); no secret is in the script.
#ifndef KC_MUTATE_REPRO_H_
#define KC_MUTATE_REPRO_H_

#include <string>
#include <vector>

#include "harness/mutate/mutate.h"

namespace kc::mutate {

struct ReproInput {
  std::string rule, cls, label, kind, what, expected, expected_type;
  std::string endpoint;  // the run's ($KC_ENDPOINT's default)
  std::string region;
  Fixtures fixtures;  // the run's: replaced by fresh ones where the bytes name them
  Built built;        // the minimal request
  bool liveness = false;
  std::vector<Built> burst;  // liveness: the requests sent before the check failed
};

struct Repro {
  std::string script;
  std::string data;  // curl: the body; python: a JSON description of the requests
  bool uses_curl = false;
};

Repro MakeRepro(const ReproInput& in);

}  // namespace kc::mutate

#endif  // KC_MUTATE_REPRO_H_
