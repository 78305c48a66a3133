// Scenarios of the 2026 rules of rotation (rot.*) and of dikm.key-material-id.
#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"

namespace kc::scenarios {
namespace {

report::RuleResult NotBuilt(Context& ctx, std::string_view id) {
  Session s(ctx, id);
  s.judge().Error("not built yet", "this rule's scenario is being written");
  return s.Finish();
}
report::RuleResult Stub0(Context& ctx) { return NotBuilt(ctx, "dikm.key-material-id"); }
report::RuleResult Stub1(Context& ctx) { return NotBuilt(ctx, "rot.on-demand"); }
report::RuleResult Stub2(Context& ctx) { return NotBuilt(ctx, "rot.limit"); }
report::RuleResult Stub3(Context& ctx) { return NotBuilt(ctx, "rot.list-rotations"); }

}  // namespace

std::vector<ScenarioSpec> RotScenarios() {
  return {
      {"dikm.key-material-id", Stub0, false},
      {"rot.on-demand", Stub1, false},
      {"rot.limit", Stub2, false},
      {"rot.list-rotations", Stub3, false},
  };
}

}  // namespace kc::scenarios
