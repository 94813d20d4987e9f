#pragma once
// Scenario files: JSON Lines, one step per line (`configure`, `initialize`, `oid`, `rx`, `return`,
// `expect`, `status`; docs/formats.md). This is the reading side: steps with their positions, and
// the step fields as model values. formats/scenario_runner.h runs the steps on the model,
// formats/scenario_report.h says what happened.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/result.h"
#include "spec/vmq_model.h"

namespace vmqkit::formats {

struct ScenarioStep {
  SourcePos pos;
  std::string kind;     // "configure", "initialize", "oid", "rx", "return", "expect", "status"
  std::string adapter;  // "A" unless the line names one
  nlohmann::json body;
};

// Blank lines and lines starting with '#' or '//' are skipped. Errors name file:line:column.
Result<std::vector<ScenarioStep>> ParseScenario(std::string_view text, const std::string& file);
Result<std::vector<ScenarioStep>> LoadScenario(const std::string& path);

// Step fields -> model values, shared with the CLI (`vmqkit route`) and the conformance replay.
Result<spec::ModelConfig> ParseModelConfig(const nlohmann::json& body, const SourcePos& pos);
Result<ndis::Bytes> ParseFrameSpec(const nlohmann::json& body, const SourcePos& pos);
Result<spec::OidRequest> ParseOidRequest(const nlohmann::json& body, const SourcePos& pos,
                                         const spec::VmqModel& model);

}  // namespace vmqkit::formats
