#pragma once
// A DUT behind a hook that may rewrite each OID answer, indication or the capabilities, for the
// engine tests (engine_errata_test.cpp, engine_outcomes_test.cpp): the engine is judged on what a
// driver with exactly that behaviour would do.
#include <functional>
#include <memory>
#include <vector>

#include "conformance/engine.h"
#include "conformance/suites.h"
#include "reference/dut_ops.h"

namespace vmqkit::conformance::test {

class BentDevice final : public Device {
 public:
  explicit BentDevice(std::unique_ptr<Device> inner) : inner_(std::move(inner)) {}
  InitializeOutput Initialize() override {
    InitializeOutput out = inner_->Initialize();
    if (bend_initialize) bend_initialize(out);
    return out;
  }
  OidOutput Request(const OidCall& call) override {
    calls.push_back(call.oid);
    OidOutput out = inner_->Request(call);
    if (bend_oid) bend_oid(call, out);
    return out;
  }
  void Receive(ndis::ByteView frame) override { inner_->Receive(frame); }
  void Return(std::span<const std::uint64_t> cookies) override { inner_->Return(cookies); }
  Observed Take() override {
    Observed o = inner_->Take();
    o.completions.insert(o.completions.end(), completions.begin(), completions.end());
    completions.clear();
    if (bend_observed) bend_observed(o);
    return o;
  }

  std::vector<ndis::Oid> calls;
  // Completions a hook adds; the next Take() reports them as the DUT's.
  std::vector<CompletionRecord> completions;
  std::function<void(const OidCall&, OidOutput&)> bend_oid;
  std::function<void(Observed&)> bend_observed;
  std::function<void(InitializeOutput&)> bend_initialize;

 private:
  std::unique_ptr<Device> inner_;
};

// An engine over one bent DUT (the reference unless told).
struct Rig {
  BentDevice* device = nullptr;  // owned by the engine
  Engine engine;
  explicit Rig(const vmqkit_dut_ops* ops = &reference::DutOps(), EngineOptions options = {})
      : engine(
            [this, ops](const PlatformSpec& platform) -> std::unique_ptr<Device> {
              auto bent = std::make_unique<BentDevice>(PluginDevice::Create(ops, platform));
              device = bent.get();
              return bent;
            },
            options) {}
  bool Up(const spec::ModelConfig& config = VmqConfig()) {
    return engine.Configure("A", config) && engine.Initialize("A");
  }
};

}  // namespace vmqkit::conformance::test
