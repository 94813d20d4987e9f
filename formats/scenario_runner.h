#pragma once
// The model-only run of a scenario: one spec::VmqModel per named adapter, driven step by step; the
// `expect` and `status` steps check the step before them, and a check that does not hold is a
// finding, not an error (docs/formats.md "Scenario files").
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "formats/scenario.h"
#include "formats/scenario_report.h"
#include "spec/vmq_model.h"

namespace vmqkit::formats {

class ScenarioRunner {
 public:
  // Runs one step. Input errors (unknown step, bad field) are errors with the step's position;
  // findings are in the report.
  Result<StepReport> Apply(const ScenarioStep& step);

  const std::map<std::string, spec::VmqModel>& adapters() const { return adapters_; }
  const spec::VmqModel* Find(const std::string& adapter) const;

 private:
  Result<StepReport> Configure(const ScenarioStep& step);
  StepReport Initialize(const ScenarioStep& step, spec::VmqModel& model);
  Result<StepReport> Oid(const ScenarioStep& step, spec::VmqModel& model);
  Result<StepReport> Rx(const ScenarioStep& step, spec::VmqModel& model);
  Result<StepReport> Return(const ScenarioStep& step, spec::VmqModel& model);
  Result<StepReport> Expect(const ScenarioStep& step);
  Result<StepReport> Status(const ScenarioStep& step);

  std::map<std::string, spec::VmqModel> adapters_;
  std::optional<StepReport> last_;  // the last step with a model result
};

Result<ScenarioReport> RunScenario(const std::vector<ScenarioStep>& steps, const std::string& file);

}  // namespace vmqkit::formats
