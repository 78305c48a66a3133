// Test-only: reads one case of the SigV4 test suite (testdata/sigv4/<name>/).
#ifndef KC_SIGV4_SUITE_CASE_H_
#define KC_SIGV4_SUITE_CASE_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/common/status.h"
#include "harness/sigv4/request.h"

namespace kc::sigv4::testing {

// kSuiteCaseCount: how many cases the suite has; the tests assert they found them all.
inline constexpr std::size_t kSuiteCaseCount = 38;

// SuiteDir: <this source dir>/testdata/sigv4.
std::filesystem::path SuiteDir();

// SuiteCaseNames: the case folders under SuiteDir() (those holding a request.txt), sorted;
// empty when the folder cannot be read.
std::vector<std::string> SuiteCaseNames();

struct SuiteCase {
  std::string name;
  HttpRequest request;      // request.txt
  Credentials credentials;  // context.json "credentials" (its "token" is the session token)
  SigningParams params;     // context.json region, service, timestamp, normalize, ...
  std::int64_t expires_seconds = 0;  // context.json "expiration_in_seconds" (presigning)

  // File: the text of <case>/<file_name>; empty when it cannot be read.
  std::string File(const std::string& file_name) const;
};

// LoadSuiteCase: the case `name`; fails (DataLoss) on an unreadable or malformed file.
Result<SuiteCase> LoadSuiteCase(const std::string& name);

// ReadTextFile: the bytes of `path`, or NotFound.
Result<std::string> ReadTextFile(const std::filesystem::path& path);

}  // namespace kc::sigv4::testing

#endif  // KC_SIGV4_SUITE_CASE_H_
