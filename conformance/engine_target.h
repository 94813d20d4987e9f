#pragma once
// Check-file steps on the engine: a DUT and the model side by side, a fresh Engine per run.
// `vmqkit conform` runs the check files through it, `vmqkit replay --dut` any scenario or check
// file. `expect` and `status` steps are model-only checks: they are skipped here.
#include <cstddef>
#include <functional>
#include <optional>

#include "conformance/check_loop.h"
#include "conformance/engine.h"

namespace vmqkit::conformance {

class EngineTarget final : public StepTarget {
 public:
  EngineTarget(DeviceFactory factory, EngineOptions options,
               std::function<void(const nlohmann::json&)> on_step = {});

  void StartRun() override;
  Result<bool> Apply(const formats::ScenarioStep& step) override;
  const spec::VmqModel* Model(const std::string& adapter) const override;
  void Fail(const formats::ScenarioStep& step, Finding finding) override;

  // The run in progress (null before the first step).
  const Engine* engine() const { return engine_ ? &*engine_ : nullptr; }
  // Steps executed on model and DUT over every run.
  std::size_t steps() const { return earlier_steps_ + (engine_ ? engine_->steps() : 0); }
  // Called after each step with what the model and the DUT answered; `skipped` for the
  // model-only checks.
  std::function<void(const formats::ScenarioStep& step, const StepView& view, bool skipped)>
      on_applied;

 private:
  Result<bool> Run(Engine& engine, const formats::ScenarioStep& step);

  DeviceFactory factory_;
  EngineOptions options_;
  std::function<void(const nlohmann::json&)> on_step_;
  std::optional<Engine> engine_;
  std::size_t earlier_steps_ = 0;
};

}  // namespace vmqkit::conformance
