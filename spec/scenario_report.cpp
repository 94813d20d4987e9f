#include "spec/scenario_report.h"

namespace vmqkit::spec {
namespace {

std::string QueueLine(const StepResult& result) {
  std::string text;
  for (const auto& queue : result.queues) {
    text += (text.empty() ? "" : ", ") + std::to_string(queue.queue_id) + ":" +
            std::string(ToString(queue.state));
    if (queue.outstanding != 0) text += "(" + std::to_string(queue.outstanding) + " held)";
  }
  return text;
}

}  // namespace

std::string ToText(const ScenarioReport& report) {
  std::string out;
  for (const StepReport& step : report.steps) {
    out += "line " + std::to_string(step.step.pos.line) + ": " + step.summary + "\n";
    if (step.result && step.step.kind != "rx") {
      out += "    queues " + step.step.adapter + ": " + QueueLine(*step.result) + "\n";
    }
    for (const std::string& finding : step.findings) out += "    FINDING " + finding + "\n";
  }
  return out + std::to_string(report.steps.size()) + " steps, " +
         std::to_string(report.finding_count) + " findings\n";
}

nlohmann::json ToJson(const ScenarioReport& report) {
  nlohmann::json steps = nlohmann::json::array();
  nlohmann::json findings = nlohmann::json::array();
  for (const StepReport& step : report.steps) {
    steps.push_back(ToJson(step));
    for (const std::string& finding : step.findings) findings.push_back(finding);
  }
  return {{"file", report.file},
          {"steps", steps},
          {"findings", findings},
          {"ok", report.finding_count == 0}};
}

}  // namespace vmqkit::spec
