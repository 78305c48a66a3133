// replay_main: runs fuzz inputs through a target without libFuzzer, so that every corpus
// is a regression test in ordinary builds (cpp-httplib / Envoy style).
//
//   target FILE_OR_DIR...   each file, and each regular file of each directory (sorted)
// Exits 0 after running every input; 1 when no input was found (an empty corpus must not
// pass silently) or an argument cannot be read. A crash or abort is the target's verdict.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

bool RunFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  // A copy in its own allocation, so ASan sees reads past the end.
  std::vector<std::uint8_t> input(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(input.empty() ? nullptr : input.data(), input.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  std::size_t runs = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg(argv[i]);
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(arg, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        if (!RunFile(f)) {
          std::fprintf(stderr, "replay: cannot read %s\n", f.c_str());
          return 1;
        }
        ++runs;
      }
    } else if (!RunFile(arg)) {
      std::fprintf(stderr, "replay: cannot read %s\n", argv[i]);
      return 1;
    } else {
      ++runs;
    }
  }
  std::printf("replay: %zu inputs ran cleanly\n", runs);
  return runs == 0 ? 1 : 0;
}
