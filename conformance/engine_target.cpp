#include "conformance/engine_target.h"

namespace vmqkit::conformance {
namespace {

Error At(const SourcePos& pos, const std::string& message) {
  return InputError(pos, message);
}

Result<std::optional<std::uint32_t>> ReturnCount(const nlohmann::json& body, const SourcePos& pos) {
  const auto c = body.find("count");
  if (c == body.end()) return std::optional<std::uint32_t>();
  if (!c->is_number_unsigned() || *c > 0xFFFFFFFFu)
    return At(pos, "\"count\" must be a number 0..4294967295");
  return std::optional<std::uint32_t>(c->get<std::uint32_t>());
}

}  // namespace

EngineTarget::EngineTarget(DeviceFactory factory, EngineOptions options,
                           std::function<void(const nlohmann::json&)> on_step)
    : factory_(std::move(factory)), options_(options), on_step_(std::move(on_step)) {}

void EngineTarget::StartRun() {
  if (engine_) earlier_steps_ += engine_->steps();
  engine_.emplace(factory_, options_);
  if (on_step_) {
    // The runner's crash/hang record starts the scenario of a new run here.
    on_step_({{"step", "#run"}});
    engine_->OnStep(on_step_);
  }
}

const spec::VmqModel* EngineTarget::Model(const std::string& adapter) const {
  return engine_ ? engine_->Model(adapter) : nullptr;
}

void EngineTarget::Fail(const formats::ScenarioStep& /*step*/, Finding finding) {
  if (engine_) engine_->Fail(std::move(finding));
}

Result<bool> EngineTarget::Apply(const formats::ScenarioStep& step) {
  if (!engine_) StartRun();
  if (step.kind == "expect" || step.kind == "status") {
    if (on_applied) on_applied(step, {}, true);
    return true;
  }
  auto ok = Run(*engine_, step);
  if (!ok) return ok;
  if (on_applied) on_applied(step, engine_->last_view(), false);
  return !engine_->failed();
}

Result<bool> EngineTarget::Run(Engine& engine, const formats::ScenarioStep& step) {
  const std::string& adapter = step.adapter;
  if (step.kind == "configure") {
    auto config = formats::ParseModelConfig(step.body, step.pos);
    if (!config) return config.error();
    return engine.Configure(adapter, *config);
  }
  if (step.kind == "initialize") return engine.Initialize(adapter);
  const spec::VmqModel* model = engine.Model(adapter);
  if (model == nullptr) {
    return At(step.pos, "adapter \"" + adapter + "\" is not configured and initialized");
  }
  if (step.kind == "oid") {
    auto request = formats::ParseOidRequest(step.body, step.pos, *model);
    if (!request) return request.error();
    const std::string deliver = step.body.value("deliver", "ndis");
    if (deliver != "ndis" && deliver != "direct")
      return At(step.pos, "\"deliver\" must be \"ndis\" or \"direct\"");
    return engine.Oid(adapter, *request,
                      deliver == "direct" ? Delivery::kDirect : Delivery::kAsNdis);
  }
  if (step.kind == "rx") {
    auto frame = formats::ParseFrameSpec(step.body, step.pos);
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
    auto count = ReturnCount(step.body, step.pos);
    if (!count) return count.error();
    return engine.Return(adapter, queue->get<std::uint32_t>(), *count);
  }
  return At(step.pos, "step \"" + step.kind + "\" cannot run on a DUT");
}

}  // namespace vmqkit::conformance
