// Scenarios: one per rule of CONTRACT.md. A scenario sets up its own keys (never assuming
// ids, account or region: it reads them from CreateKey's response), probes the target, and
// judges with the contract's verdicts. Scenarios of one rule group live in one file
// (gpfi_scenarios.cc, ikm_token_scenarios.cc, ...) and register themselves in the table of
// AllScenarios().
#ifndef KC_SCENARIOS_SCENARIO_H_
#define KC_SCENARIOS_SCENARIO_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/client/client.h"
#include "harness/common/status.h"
#include "harness/contract/enums.h"
#include "harness/contract/rules.h"
#include "harness/report/report.h"

namespace kc::scenarios {

// ClockControl: moves the target's time (DESIGN.md, "Clock control"). Implemented by the
// runner: direct (the embedded mock), faketime (a spawned emulator under libfaketime) and
// mock-hook (POST /_mock/clock).
class ClockControl {
 public:
  virtual ~ClockControl() = default;
  virtual std::string_view kind() const = 0;
  // Advance: moves the target's clock forward by `seconds`. On success returns the target's
  // total offset from local time, which clients must sign with (KmsClient::SetClockOffset).
  virtual Result<double> Advance(double seconds) = 0;
  // offset: the target's current offset from local time.
  virtual double offset() const = 0;
};

// KeyRecord: a key a scenario created, for the clean-up at the end of the run.
struct KeyRecord {
  std::string key_id;
  std::string arn;
  bool other_account = false;
};

// KeyTracker: every key created during a run (thread-safe).
class KeyTracker {
 public:
  void Add(KeyRecord key);
  std::vector<KeyRecord> All() const;

 private:
  mutable std::mutex mu_;
  std::vector<KeyRecord> keys_;
};

// ClientFactory: a fresh client for the primary identity or the other account's. Each
// scenario gets its own clients (own connection, own transcript).
class ClientFactory {
 public:
  virtual ~ClientFactory() = default;
  virtual Result<std::unique_ptr<client::KmsClient>> Primary() = 0;
  // Other: a client of a second identity in another account; NotFound when the run has none.
  virtual Result<std::unique_ptr<client::KmsClient>> Other() = 0;
  virtual bool has_other() const = 0;
};

// Context: what a scenario may use. Shared by all scenarios of a run.
struct Context {
  ClientFactory& clients;
  contract::Profile profile = contract::Profile::k2022;
  ClockControl* clock = nullptr;  // nullptr: the target's time cannot be moved
  KeyTracker& keys;
  // Material and plaintexts of a scenario come from a DeterministicRandom seeded with
  // (seed, rule id): the same seed gives the same bytes, whatever --jobs does.
  std::uint64_t seed = 0;
  std::string endpoint;  // for reproducers
  std::string region;
};

using ScenarioFn = report::RuleResult (*)(Context& ctx);

struct ScenarioSpec {
  std::string_view rule_id;
  ScenarioFn run;
  // Moves the target's clock: runs after the others, one at a time, even with --jobs.
  bool moves_clock = false;
};

// AllScenarios: one per rule of the catalogue (both profiles), in catalogue order.
std::span<const ScenarioSpec> AllScenarios();
const ScenarioSpec* FindScenario(std::string_view rule_id);

// RunScenario: runs spec for ctx, filling the rule's catalogue fields (title, confidence,
// source) and the duration; never throws (an exception in a scenario becomes an `error`).
report::RuleResult RunScenario(const ScenarioSpec& spec, Context& ctx);

// ---- registration (used by the *_scenarios.cc files) ----
// Each group file defines a function returning its specs; AllScenarios concatenates them.
std::vector<ScenarioSpec> GpfiScenarios();
std::vector<ScenarioSpec> IkmTokenScenarios();
std::vector<ScenarioSpec> IkmKeyScenarios();
std::vector<ScenarioSpec> IkmMaterialScenarios();
std::vector<ScenarioSpec> IkmUseScenarios();   // profile 2026: asymmetric/HMAC material
std::vector<ScenarioSpec> IkmTypeScenarios();  // profile 2026: ImportType, KeyMaterialId
std::vector<ScenarioSpec> DikmScenarios();
std::vector<ScenarioSpec> RotScenarios();      // profile 2026: rotation, dikm.key-material-id
std::vector<ScenarioSpec> ProtoScenarios();
std::vector<ScenarioSpec> StateScenarios();

}  // namespace kc::scenarios

#endif  // KC_SCENARIOS_SCENARIO_H_
