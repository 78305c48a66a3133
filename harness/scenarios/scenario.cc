#include "harness/scenarios/scenario.h"

#include <chrono>
#include <exception>

#include "harness/contract/rules.h"

namespace kc::scenarios {

void KeyTracker::Add(KeyRecord key) {
  std::lock_guard<std::mutex> lock(mu_);
  keys_.push_back(std::move(key));
}

std::vector<KeyRecord> KeyTracker::All() const {
  std::lock_guard<std::mutex> lock(mu_);
  return keys_;
}

std::span<const ScenarioSpec> AllScenarios() {
  static const std::vector<ScenarioSpec> all = [] {
    std::vector<ScenarioSpec> specs;
    for (auto group : {GpfiScenarios, IkmTokenScenarios, IkmKeyScenarios, IkmMaterialScenarios,
                       IkmUseScenarios, IkmTypeScenarios, DikmScenarios, RotScenarios, ProtoScenarios, StateScenarios}) {
      for (const ScenarioSpec& s : group()) specs.push_back(s);
    }
    // Catalogue order.
    std::vector<ScenarioSpec> ordered;
    for (const contract::Rule& rule : contract::AllRules()) {
      for (const ScenarioSpec& s : specs) {
        if (s.rule_id == rule.id) ordered.push_back(s);
      }
    }
    return ordered;
  }();
  return all;
}

const ScenarioSpec* FindScenario(std::string_view rule_id) {
  for (const ScenarioSpec& s : AllScenarios()) {
    if (s.rule_id == rule_id) return &s;
  }
  return nullptr;
}

report::RuleResult RunScenario(const ScenarioSpec& spec, Context& ctx) {
  const auto start = std::chrono::steady_clock::now();
  report::RuleResult result;
  try {
    result = spec.run(ctx);
  } catch (const std::exception& e) {
    result = report::RuleResult{};
    result.id = std::string(spec.rule_id);
    result.status = report::Verdict::kError;
    result.reason = std::string("the harness failed while running this rule: ") + e.what();
  } catch (...) {
    result = report::RuleResult{};
    result.id = std::string(spec.rule_id);
    result.status = report::Verdict::kError;
    result.reason = "the harness failed while running this rule";
  }
  if (const contract::Rule* rule = contract::FindRule(spec.rule_id)) {
    result.id = std::string(rule->id);
    result.title = std::string(rule->title);
    result.confidence = std::string(contract::ConfidenceName(rule->confidence));
    result.source = std::string(rule->source);
    result.source_ref = std::string(rule->source_ref);
    if (result.expected.empty()) result.expected = std::string(rule->expected);
  }
  result.duration_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace kc::scenarios
