// Build identity of kmsconform and mock-kms: the project version and the git commit the
// binary was built from (cmake/KcBuildInfo.cmake computes it at build time).
#ifndef KC_HARNESS_COMMON_BUILD_INFO_H_
#define KC_HARNESS_COMMON_BUILD_INFO_H_

#include <string>
#include <string_view>

namespace kc {

// BuildVersion: the project version of CMakeLists.txt, e.g. "0.1.0".
std::string_view BuildVersion();

// BuildCommit: the abbreviated commit id, with "-dirty" when tracked files differed from it,
// or "unknown" for a build without git metadata (e.g. from a source tarball).
std::string_view BuildCommit();

// VersionLine: what `PROGRAM --version` prints: "PROGRAM 0.1.0 (commit 1a2b3c4d5e6f)".
std::string VersionLine(std::string_view program);

}  // namespace kc

#endif  // KC_HARNESS_COMMON_BUILD_INFO_H_
