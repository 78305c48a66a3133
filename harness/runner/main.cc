// kmsconform: the conformance harness's command line (harness/runner/cli.h).
#include <string_view>
#include <vector>

#include "harness/runner/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  return kc::runner::Main(args, stdout, stderr);
}
