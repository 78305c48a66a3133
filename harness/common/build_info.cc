#include "harness/common/build_info.h"

#include "kc_build_commit.h"  // generated: KC_GIT_COMMIT

#ifndef KC_VERSION
#error "KC_VERSION must be defined by the build (harness/common/CMakeLists.txt)"
#endif

namespace kc {

std::string_view BuildVersion() { return KC_VERSION; }

std::string_view BuildCommit() { return KC_GIT_COMMIT; }

std::string VersionLine(std::string_view program) {
  std::string line(program);
  line += " ";
  line += BuildVersion();
  line += " (commit ";
  line += BuildCommit();
  line += ")";
  return line;
}

}  // namespace kc
