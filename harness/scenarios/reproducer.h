// Reproducer: the shell script (AWS CLI v2 + openssl, curl for raw requests) that replays a
// scenario's steps against the same endpoint, so a reader of a report can see the failure
// with their own eyes. The Session appends one command per step as the scenario runs;
// values only known at run time (key ids, ARNs) become shell variables.
//
// Credentials come from the environment of whoever runs the script (default test/test);
// the script never contains a secret.
#ifndef KC_SCENARIOS_REPRODUCER_H_
#define KC_SCENARIOS_REPRODUCER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/contract/enums.h"

namespace kc::scenarios {

class Reproducer {
 public:
  Reproducer(std::string_view rule_id, std::string_view endpoint, std::string_view region);

  // Bind: from now on `value` (a key id, an ARN) is written as ${var}.
  void Bind(std::string_view value, std::string_view var);
  // Substitute: text with every bound value replaced by its ${var}, longest first.
  std::string Substitute(std::string_view text) const;

  void Comment(std::string_view text);
  // SetProbe: while on, kms/curl commands are written so that the script goes on after a
  // refusal and says which it was ("accepted" / "refused (exit N)").
  void SetProbe(bool probe) { probe_ = probe; }
  // Line: a command, written as is (callers quote).
  void Line(std::string_view command);
  // Expect: a comment saying what AWS answers to the command before it.
  void Expect(std::string_view what);
  // Raw: a curl command sending this body with this X-Amz-Target, signed with SigV4
  // (curl --aws-sigv4). Bound values in the body become shell variables.
  void Raw(std::string_view target, std::string_view body, std::string_view content_type,
           bool sign);
  void UsesOtherAccount() { uses_other_ = true; }

  // Script: the whole script, "#!/bin/sh" first.
  std::string Script() const;

 private:
  std::string rule_id_;
  std::string endpoint_;
  std::string region_;
  std::vector<std::pair<std::string, std::string>> bindings_;  // value -> var
  std::vector<std::string> lines_;
  bool uses_other_ = false;
  bool probe_ = false;
};

// ShellQuote: s in single quotes, safe for sh.
std::string ShellQuote(std::string_view s);

// OpensslWrapCommands: the openssl commands that wrap file `in` with the public key file
// `pub` (DER SPKI) into `out`, as `alg` requires (RSA_AES_KEY_WRAP: an AES-256 key wrapped
// with RSA-OAEP, then the material wrapped with AES-KWP, concatenated).
std::vector<std::string> OpensslWrapCommands(contract::WrappingAlgorithm alg, std::string_view pub,
                                             std::string_view in, std::string_view out);

}  // namespace kc::scenarios

#endif  // KC_SCENARIOS_REPRODUCER_H_
