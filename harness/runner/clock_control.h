// Clock controls for targets the runner does not hold in-process (DESIGN.md, "Clock
// control"), and the wrapper that checks a move took effect.
#ifndef KC_RUNNER_CLOCK_CONTROL_H_
#define KC_RUNNER_CLOCK_CONTROL_H_

#include <filesystem>
#include <memory>
#include <string>

#include "harness/client/client.h"
#include "harness/common/status.h"
#include "harness/scenarios/scenario.h"

namespace kc::runner {

// MakeFaketimeClock: moves a spawned emulator's time by writing offsets ("+86401") into its
// FAKETIME_TIMESTAMP_FILE.
std::unique_ptr<scenarios::ClockControl> MakeFaketimeClock(const std::filesystem::path& file);
// WriteFaketimeOffset: writes "+N" (whole seconds) into file atomically.
Status WriteFaketimeOffset(const std::filesystem::path& file, double seconds);

// MakeMockHookClock: moves a mock-kms started with --test-hooks: POST /_mock/clock.
Result<std::unique_ptr<scenarios::ClockControl>> MakeMockHookClock(
    const client::Target& target, const client::ClientOptions& options);

// MakeVerifiedClock: a move counts only when a fresh ParametersValidTo moves with it
// (a static binary ignores libfaketime; an emulator may not implement the hook). A failed
// check is remembered: later moves fail at once with the same reason, so every time rule
// is skipped with it. Creates a probe EXTERNAL key on first use (tracked for clean-up).
std::unique_ptr<scenarios::ClockControl> MakeVerifiedClock(
    std::unique_ptr<scenarios::ClockControl> inner, const client::Target& target,
    const client::ClientOptions& options, scenarios::KeyTracker& keys);

// FaketimeLibrary: the full path of libfaketimeMT.so.1 (threaded programs), or NotFound.
Result<std::string> FaketimeLibrary();

}  // namespace kc::runner

#endif  // KC_RUNNER_CLOCK_CONTROL_H_
