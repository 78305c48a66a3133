// Scenarios of the 2026 rules of ImportType and KeyMaterialId (ikm.*).
#include "harness/scenarios/scenario.h"
#include "harness/scenarios/session.h"

namespace kc::scenarios {
namespace {

report::RuleResult NotBuilt(Context& ctx, std::string_view id) {
  Session s(ctx, id);
  s.judge().Error("not built yet", "this rule's scenario is being written");
  return s.Finish();
}
report::RuleResult Stub0(Context& ctx) { return NotBuilt(ctx, "ikm.import-type"); }
report::RuleResult Stub1(Context& ctx) { return NotBuilt(ctx, "ikm.reimport-existing"); }
report::RuleResult Stub2(Context& ctx) { return NotBuilt(ctx, "ikm.new-material-symmetric-only"); }

}  // namespace

std::vector<ScenarioSpec> IkmTypeScenarios() {
  return {
      {"ikm.import-type", Stub0, false},
      {"ikm.reimport-existing", Stub1, false},
      {"ikm.new-material-symmetric-only", Stub2, false},
  };
}

}  // namespace kc::scenarios
