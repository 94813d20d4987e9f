#pragma once
// Replaying a scenario (a counterexample of `vmqkit conform`, or any docs/formats.md scenario) on
// a DUT and on the model side by side, through the conformance engine: the same comparisons as the
// suite, so a counterexample fails again at the same step with the same rule.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "conformance/engine.h"
#include "formats/scenario.h"

namespace vmqkit::conformance {

struct ReplayedStep {
  std::size_t line = 0;
  std::string kind;
  std::string adapter;
  StepView view;  // empty for steps only the model-only replay runs (expect, status)
  bool skipped = false;
};

struct ReplayReport {
  std::string file;
  std::vector<ReplayedStep> steps;
  std::optional<Finding> finding;  // the first divergence
  std::size_t finding_line = 0;
};

// Runs the scenario; input errors (a step the engine cannot run) name the file, line and column.
// `expect` and `status` steps are model-only checks and are skipped.
Result<ReplayReport> ReplayOnDut(const std::vector<formats::ScenarioStep>& steps,
                                 const std::string& file, DeviceFactory factory,
                                 EngineOptions options);

std::string ToText(const ReplayReport& report);
nlohmann::json ToJson(const ReplayReport& report);

}  // namespace vmqkit::conformance
