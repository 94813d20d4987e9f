#pragma once
// Scenario files: JSON Lines, one step per line (`configure`, `initialize`, `oid`, `rx`, `return`,
// `expect`, `status`; docs/formats.md). The runner drives one VmqModel per named adapter and checks
// the `expect` and `status` steps; a check that does not hold is a finding.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/result.h"
#include "spec/vmq_model.h"

namespace vmqkit::spec {

struct ScenarioStep {
  SourcePos pos;
  std::string kind;     // "configure", "initialize", "oid", "rx", "return", "expect", "status"
  std::string adapter;  // "A" unless the line names one
  nlohmann::json body;
};

// Blank lines and lines starting with '#' or '//' are skipped. Errors name file:line:column.
Result<std::vector<ScenarioStep>> ParseScenario(std::string_view text, const std::string& file);
Result<std::vector<ScenarioStep>> LoadScenario(const std::string& path);

struct StepReport {
  ScenarioStep step;
  std::string summary;                              // one line for humans
  std::optional<StepResult> result;                 // model steps
  std::optional<std::uint32_t> assigned_queue_id;   // ALLOCATE_QUEUE output
  std::optional<std::uint32_t> assigned_filter_id;  // SET_FILTER output
  std::vector<std::string> findings;                // checks that did not hold
  std::vector<std::string> notes;                   // what a check verified
};

class ScenarioRunner {
 public:
  // Runs one step. Input errors (unknown step, bad field) are errors with the step's position;
  // findings are in the report.
  Result<StepReport> Apply(const ScenarioStep& step);

  const std::map<std::string, VmqModel>& adapters() const { return adapters_; }
  const VmqModel* Find(const std::string& adapter) const;

 private:
  Result<StepReport> Configure(const ScenarioStep& step);
  Result<StepReport> Oid(const ScenarioStep& step, VmqModel& model);
  Result<StepReport> Rx(const ScenarioStep& step, VmqModel& model);
  Result<StepReport> Expect(const ScenarioStep& step);
  Result<StepReport> Status(const ScenarioStep& step);

  std::map<std::string, VmqModel> adapters_;
  std::optional<StepReport> last_;  // the last step with a model result
};

struct ScenarioReport {
  std::string file;
  std::vector<StepReport> steps;
  std::size_t finding_count = 0;
};

Result<ScenarioReport> RunScenario(const std::vector<ScenarioStep>& steps, const std::string& file);

// Parsing helpers shared with the CLI (`vmqkit route`): JSON field -> model values.
Result<ModelConfig> ParseModelConfig(const nlohmann::json& body, const SourcePos& pos);
Result<ndis::Bytes> ParseFrameSpec(const nlohmann::json& body, const SourcePos& pos);
Result<OidRequest> ParseOidRequest(const nlohmann::json& body, const SourcePos& pos,
                                   const VmqModel& model);

nlohmann::json ToJson(const StepReport& report);
nlohmann::json ToJson(const RouteResult& route);

}  // namespace vmqkit::spec
