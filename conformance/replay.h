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
#include "conformance/check_file.h"
#include "conformance/engine.h"
#include "formats/scenario.h"
#include "formats/scenario_report.h"

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
  std::optional<std::string> skipped;  // a check file's onlyif/skipif that did not hold
};

// Runs the scenario or check file (conformance/check_file.h); input errors (a step the engine
// cannot run) name the file, line and column. `expect` and `status` steps are model-only checks
// and are skipped.
Result<ReplayReport> ReplayOnDut(const CheckFile& file, DeviceFactory factory,
                                 EngineOptions options);
Result<ReplayReport> ReplayOnDut(const std::vector<formats::ScenarioStep>& steps,
                                 const std::string& file, DeviceFactory factory,
                                 EngineOptions options);

// A scenario or check file on the model alone (`vmqkit replay FILE`): formats::RunScenario's
// report, with the check-file steps expanded.
Result<formats::ScenarioReport> ReplayOnModel(const CheckFile& file);

std::string ToText(const ReplayReport& report);
nlohmann::json ToJson(const ReplayReport& report);

}  // namespace vmqkit::conformance
