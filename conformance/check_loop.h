#pragma once
// The one loop that runs a check file (conformance/check_file.h) on what can run scenario steps:
// the engine with a DUT (`vmqkit conform`, `vmqkit replay --dut`) or the model alone
// (`vmqkit replay`). It expands the check-file steps into plain scenario steps: `run` starts a
// fresh set of adapters, `repeat` repeats steps a number of times that may come from the
// capabilities the DUT advertised, `decision-table` makes one run per row of a spec decision
// table, `compare-runs` compares the hardware capabilities across runs, and an `oid` step's
// `patch` rewrites bytes of the encoded request. ${...} expressions are docs/formats.md's.
#include <optional>
#include <string>

#include "base/result.h"
#include "conformance/check_file.h"
#include "conformance/engine.h"

namespace vmqkit::conformance {

class StepTarget {
 public:
  virtual ~StepTarget() = default;
  // A fresh set of adapters: the steps that follow run on new devices and models.
  virtual void StartRun() = 0;
  // One plain scenario step; false once a finding ends the check.
  virtual Result<bool> Apply(const formats::ScenarioStep& step) = 0;
  virtual const spec::VmqModel* Model(const std::string& adapter) const = 0;
  // A finding of a check-file step (compare-runs).
  virtual void Fail(const formats::ScenarioStep& step, Finding finding) = 0;
};

struct LoopOutcome {
  std::optional<std::string> skipped;  // why the check does not apply (onlyif / skipif)
  std::string run_label;               // the label of the run in progress when the loop ended
};

// Input errors (a step that cannot run, an expression that does not evaluate) name
// file:line:column.
Result<LoopOutcome> RunCheckSteps(const CheckFile& file, StepTarget& target);

}  // namespace vmqkit::conformance
