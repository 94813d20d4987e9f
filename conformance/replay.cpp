#include "conformance/replay.h"

#include "conformance/engine_target.h"
#include "formats/scenario_runner.h"

namespace vmqkit::conformance {
namespace {

// The model alone, as `vmqkit replay` without --dut runs a scenario: every step's report,
// findings included, and a fresh set of adapters per run.
class ModelTarget final : public StepTarget {
 public:
  explicit ModelTarget(formats::ScenarioReport& report) : report_(report) {}
  void StartRun() override { runner_.emplace(); }
  Result<bool> Apply(const formats::ScenarioStep& step) override {
    if (!runner_) StartRun();
    auto result = runner_->Apply(step);
    if (!result) return result.error();
    report_.finding_count += result->findings.size();
    report_.steps.push_back(std::move(result).value());
    return true;
  }
  const spec::VmqModel* Model(const std::string& adapter) const override {
    return runner_ ? runner_->Find(adapter) : nullptr;
  }
  void Fail(const formats::ScenarioStep& step, Finding finding) override {
    formats::StepReport failed;
    failed.step = step;
    failed.summary = step.kind;
    failed.findings.push_back(finding.rule + ": " + finding.message);
    ++report_.finding_count;
    report_.steps.push_back(std::move(failed));
  }

 private:
  formats::ScenarioReport& report_;
  std::optional<formats::ScenarioRunner> runner_;
};

}  // namespace

Result<ReplayReport> ReplayOnDut(const CheckFile& file, DeviceFactory factory,
                                 EngineOptions options) {
  options.describe_steps = true;
  EngineTarget target(std::move(factory), options);
  ReplayReport report;
  report.file = file.file;
  target.on_applied = [&](const formats::ScenarioStep& step, const StepView& view, bool skipped) {
    report.steps.push_back(
        {static_cast<std::size_t>(step.pos.line), step.kind, step.adapter, view, skipped});
  };
  auto outcome = RunCheckSteps(file, target);
  if (!outcome) return outcome.error();
  if (target.engine() != nullptr && target.engine()->failed()) {
    report.finding = target.engine()->finding();
    if (!outcome->run_label.empty())
      report.finding->message = outcome->run_label + ": " + report.finding->message;
    report.finding_line = report.steps.empty() ? 0 : report.steps.back().line;
  }
  report.skipped = outcome->skipped;
  return report;
}

Result<ReplayReport> ReplayOnDut(const std::vector<formats::ScenarioStep>& steps,
                                 const std::string& file, DeviceFactory factory,
                                 EngineOptions options) {
  return ReplayOnDut(CheckFile{file, std::nullopt, steps}, std::move(factory), options);
}

Result<formats::ScenarioReport> ReplayOnModel(const CheckFile& file) {
  formats::ScenarioReport report;
  report.file = file.file;
  ModelTarget target(report);
  auto outcome = RunCheckSteps(file, target);
  if (!outcome) return outcome.error();
  return report;
}

std::string ToText(const ReplayReport& report) {
  std::string out;
  for (const auto& step : report.steps) {
    out += "line " + std::to_string(step.line) + ": " + step.kind + " " + step.adapter;
    if (step.skipped) {
      out += " (model-only check, skipped)\n";
      continue;
    }
    out += "\n";
    if (!step.view.model.empty()) out += "    model: " + step.view.model + "\n";
    if (!step.view.dut.empty()) out += "    dut:   " + step.view.dut + "\n";
  }
  if (report.skipped) out += "check skipped: " + *report.skipped + "\n";
  if (report.finding) {
    out += "DIVERGENCE at line " + std::to_string(report.finding_line) + ": rule " +
           report.finding->rule + " (" + report.finding->source + ")\n    " +
           report.finding->message + "\n";
  } else {
    out += "no divergence: the DUT stayed inside the model's permitted outcomes\n";
  }
  return out;
}

nlohmann::json ToJson(const ReplayReport& report) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : report.steps) {
    nlohmann::json s = {{"line", step.line}, {"step", step.kind}, {"adapter", step.adapter}};
    if (step.skipped) {
      s["skipped"] = true;
    } else {
      s["model"] = step.view.model;
      s["dut"] = step.view.dut;
    }
    steps.push_back(s);
  }
  nlohmann::json doc = {{"file", report.file}, {"steps", steps}, {"ok", !report.finding}};
  if (report.skipped) doc["skipped"] = *report.skipped;
  if (report.finding) doc["finding"] = FindingJson(*report.finding, report.finding_line);
  return doc;
}

}  // namespace vmqkit::conformance
