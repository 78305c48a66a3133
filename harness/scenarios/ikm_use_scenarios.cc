// Scenarios of the 2026 rules of imported asymmetric and HMAC material (ikm.*).
#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"

namespace kc::scenarios {
namespace {

report::RuleResult NotBuilt(Context& ctx, std::string_view id) {
  Session s(ctx, id);
  s.judge().Error("not built yet", "this rule's scenario is being written");
  return s.Finish();
}
report::RuleResult Stub0(Context& ctx) { return NotBuilt(ctx, "ikm.material-format"); }
report::RuleResult Stub1(Context& ctx) { return NotBuilt(ctx, "ikm.large-material-wrap"); }
report::RuleResult Stub2(Context& ctx) { return NotBuilt(ctx, "ikm.asymmetric-in-use"); }
report::RuleResult Stub3(Context& ctx) { return NotBuilt(ctx, "ikm.hmac-in-use"); }
report::RuleResult Stub4(Context& ctx) { return NotBuilt(ctx, "ikm.edwards-mldsa"); }

}  // namespace

std::vector<ScenarioSpec> IkmUseScenarios() {
  return {
      {"ikm.material-format", Stub0, false},
      {"ikm.large-material-wrap", Stub1, false},
      {"ikm.asymmetric-in-use", Stub2, false},
      {"ikm.hmac-in-use", Stub3, false},
      {"ikm.edwards-mldsa", Stub4, false},
  };
}

}  // namespace kc::scenarios
