#include "conformance/replay.h"

#include "ndis/oids.h"

namespace vmqkit::conformance {
namespace {

Error At(const SourcePos& pos, const std::string& message) {
  return InputError(pos, message);
}

Result<bool> RunStep(Engine& engine, const spec::ScenarioStep& step) {
  const std::string& adapter = step.adapter;
  if (step.kind == "configure") {
    auto config = spec::ParseModelConfig(step.body, step.pos);
    if (!config) return config.error();
    return engine.Configure(adapter, *config);
  }
  if (step.kind == "initialize") return engine.Initialize(adapter);
  const spec::VmqModel* model = engine.Model(adapter);
  if (model == nullptr) {
    return At(step.pos, "adapter \"" + adapter + "\" is not configured and initialized");
  }
  if (step.kind == "oid") {
    auto request = spec::ParseOidRequest(step.body, step.pos, *model);
    if (!request) return request.error();
    const std::string deliver = step.body.value("deliver", "ndis");
    if (deliver != "ndis" && deliver != "direct")
      return At(step.pos, "\"deliver\" must be \"ndis\" or \"direct\"");
    return engine.Oid(adapter, *request,
                      deliver == "direct" ? Delivery::kDirect : Delivery::kAsNdis);
  }
  if (step.kind == "rx") {
    auto frame = spec::ParseFrameSpec(step.body, step.pos);
    if (!frame) return frame.error();
    const auto hold = step.body.find("hold");
    if (hold != step.body.end() && !hold->is_boolean())
      return At(step.pos, "\"hold\" must be a boolean");
    return engine.Rx(adapter, *frame, hold != step.body.end() && hold->get<bool>());
  }
  if (step.kind == "return") {
    const auto queue = step.body.find("queue_id");
    if (queue == step.body.end() || !queue->is_number_unsigned() || *queue > 0xFFFFFFFFu)
      return At(step.pos, "\"queue_id\" must be a number 0..4294967295");
    std::optional<std::uint32_t> count;
    if (auto c = step.body.find("count"); c != step.body.end()) {
      if (!c->is_number_unsigned() || *c > 0xFFFFFFFFu)
        return At(step.pos, "\"count\" must be a number 0..4294967295");
      count = c->get<std::uint32_t>();
    }
    return engine.Return(adapter, queue->get<std::uint32_t>(), count);
  }
  return At(step.pos, "step \"" + step.kind + "\" cannot run on a DUT");
}

}  // namespace

Result<ReplayReport> ReplayOnDut(const std::vector<spec::ScenarioStep>& steps,
                                 const std::string& file, DeviceFactory factory,
                                 EngineOptions options) {
  options.describe_steps = true;
  Engine engine(std::move(factory), options);
  ReplayReport report;
  report.file = file;
  for (const auto& step : steps) {
    ReplayedStep out{static_cast<std::size_t>(step.pos.line), step.kind, step.adapter, {}, false};
    if (step.kind == "expect" || step.kind == "status") {
      out.skipped = true;
      report.steps.push_back(out);
      continue;
    }
    auto ok = RunStep(engine, step);
    if (!ok) return ok.error();
    out.view = engine.last_view();
    report.steps.push_back(out);
    if (engine.failed()) {
      report.finding = engine.finding();
      report.finding_line = out.line;
      break;
    }
  }
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
  if (report.finding) doc["finding"] = FindingJson(*report.finding, report.finding_line);
  return doc;
}

}  // namespace vmqkit::conformance
