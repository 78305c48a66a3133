// kc-corpus-gen: seed inputs for the stateful fuzz target mock_contract, drawn by the same
// generators as `kmsconform explore` (harness/gen: gen::Sequence) and written in the
// target's byte form (gen::EncodeCommands). Not a fuzz target: scripts/gen-fuzz-corpus runs
// it (and then keeps only the inputs that add coverage).
//   kc-corpus-gen OUTDIR [COUNT (default 40)] [SEED (default 1)]
// Half the files are profile 2022, half 2026; names are the content's FNV-1a hash, so a
// rerun does not duplicate files.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "harness/gen/gen.h"

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::fprintf(argc < 2 ? stderr : stdout,
                 "usage: kc-corpus-gen OUTDIR [COUNT] [SEED]\n"
                 "Writes COUNT (default 40) seed inputs for the fuzz target mock_contract:\n"
                 "command sequences drawn by harness/gen, half in each profile.\n");
    return argc < 2 ? 2 : 0;
  }
  const std::filesystem::path out = argv[1];
  const long count = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 40;
  const unsigned long long seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  if (count <= 0 || count > 100000) {
    std::fprintf(stderr, "kc-corpus-gen: COUNT must be from 1 to 100000\n");
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) {
    std::fprintf(stderr, "kc-corpus-gen: cannot create %s: %s\n", out.c_str(),
                 ec.message().c_str());
    return 2;
  }
  kc::gen::Rng rng(seed);
  for (long i = 0; i < count; ++i) {
    kc::gen::SequenceOptions o;
    o.profile = i % 2 == 0 ? kc::contract::Profile::k2022 : kc::contract::Profile::k2026;
    o.clock = true;
    o.other = true;
    const std::string bytes = kc::gen::EncodeCommands(o.profile, kc::gen::Sequence(rng, o));
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ULL;
    char name[32];
    std::snprintf(name, sizeof name, "gen-%016llx", static_cast<unsigned long long>(h));
    std::ofstream f(out / name, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) {
      std::fprintf(stderr, "kc-corpus-gen: cannot write %s\n", (out / name).c_str());
      return 1;
    }
  }
  std::printf("wrote %ld inputs to %s\n", count, out.c_str());
  return 0;
}
