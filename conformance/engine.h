#pragma once
// The model-vs-DUT engine: one command stream drives a VmqModel and a device in lockstep, per
// named adapter, and after every step compares what the sources make observable: status (within
// the model's permitted set, or the recommended one with `strict`), bytes written / needed,
// queue states as NDIS sees them (outstanding indications, a pending FREE_QUEUE), receive
// indications (which queue, which frame, how many, per-queue flag), status indications,
// completions, and at initialize the keywords read and the capabilities. The suite plays NDIS:
// it assigns QueueId / FilterId and refuses what NDIS refuses before the DUT sees it
// (docs/dut-abi.md, "Division of labour"). Every command is also written as a scenario line
// (formats/scenario.h format) so a failure is replayable.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/device.h"
#include "spec/vmq_model.h"

namespace vmqkit::conformance {

struct Finding {
  std::string rule;    // e.g. "free.pends-while-outstanding"
  std::string source;  // doc page or errata entry
  std::string message;
};
// The "finding" object of the replay and check-trace JSON reports.
nlohmann::json FindingJson(const Finding& finding, std::size_t line);

// How an OID request reaches the DUT.
enum class Delivery : std::uint8_t {
  kAsNdis,  // NDIS checks first; what NDIS refuses never reaches the DUT
  kDirect,  // passed down unchecked (robustness: the DUT must refuse it itself)
};

class Coverage;  // conformance/coverage_model.h

struct EngineOptions {
  bool strict = false;           // only the model's recommended outcome passes
  bool describe_steps = false;   // fill Engine::last_view() (replay prints it side by side)
  Coverage* coverage = nullptr;  // counts the coverage bins of every step; not owned
  // Capability rules ("capabilities.hardware.msi-x", ...) judged and reported but not failed
  // (`vmqkit conform --waive`): a driver with a known capability defect is judged past
  // initialize. docs/conformance.md, "Waivers".
  std::vector<std::string> waived = {};
  std::vector<Finding>* waivers = nullptr;  // the waived violations met, first of each rule
};

// One step as the model and the DUT answered it, for humans (`vmqkit replay --dut`).
struct StepView {
  std::string model;  // status and permitted set, or the route's permitted queues
  std::string dut;    // what the DUT returned / indicated
};

// Makes a device for an adapter; the engine calls it at configure time.
using DeviceFactory = std::function<std::unique_ptr<Device>(const PlatformSpec&)>;

class Engine {
 public:
  Engine(DeviceFactory factory, EngineOptions options);

  // Each command runs on the model and the DUT and compares; it returns false once a finding
  // exists (later commands are then ignored).
  bool Configure(const std::string& adapter, const spec::ModelConfig& config);
  bool Initialize(const std::string& adapter);
  bool Oid(const std::string& adapter, const spec::OidRequest& request,
           Delivery delivery = Delivery::kAsNdis);
  bool Rx(const std::string& adapter, const ndis::Bytes& frame, bool hold = false);
  bool Return(const std::string& adapter, std::uint32_t queue_id,
              std::optional<std::uint32_t> count = std::nullopt);
  // Frames of every kind for every installed filter and for the filters the last OID step
  // cleared (untagged, priority-tagged, each VLAN in use, a VLAN none uses; and a broadcast), so
  // a programming error with a visible effect shows right after the step (docs/errata.md E-327).
  bool Probe(const std::string& adapter);

  bool failed() const { return finding_.has_value(); }
  const std::optional<Finding>& finding() const { return finding_; }
  // The scenario so far, one JSON object per line; a `# finding` comment is not included.
  const std::vector<nlohmann::json>& scenario() const { return lines_; }
  std::size_t steps() const { return steps_; }
  // The last step's answers (with EngineOptions::describe_steps).
  const StepView& last_view() const { return view_; }
  // The model of an adapter (after Initialize), for generators and targeted suites.
  const spec::VmqModel* Model(const std::string& adapter) const;
  // Called with each scenario line before the step runs (the runner streams it to its parent so
  // a crash or hang still leaves the scenario behind).
  void OnStep(std::function<void(const nlohmann::json&)> callback) {
    on_step_ = std::move(callback);
  }
  // Adds a finding from outside a step (a suite's own check), with the scenario so far.
  void Fail(Finding finding);

 private:
  struct Pending {
    std::uint64_t request_id = 0;
    ndis::Oid oid = 0;
    std::uint32_t queue_id = 0;
  };
  struct Adapter {
    spec::ModelConfig config;
    std::unique_ptr<Device> device;
    std::optional<spec::VmqModel> model;
    std::size_t configure_line = 0;
    std::map<std::uint32_t, std::vector<std::uint64_t>> held;  // queue -> DUT cookies
    std::vector<Pending> pending;
    std::uint32_t instance = 0;
    std::vector<ndis::MacAddress> cleared;  // MACs of the filters the last OID step removed
    // The model as it was before the step in progress, for the comparisons that need both
    // states and for following a DUT that took another permitted branch. Kept level with `model`
    // by replaying each step on it once the step is judged (the model is deterministic), so no
    // step copies the model: a table of thousands of filters costs each step nothing extra.
    std::optional<spec::VmqModel> before;
    bool reverted = false;  // the step reset `model` to `before` (the DUT's other branch)
  };
  // After a step on `a`: `before` replays it (`step` applies it to a model), unless the step
  // reset the model to `before` or a finding ended the run (nothing is compared after one).
  template <typename Step>
  void CatchUp(Adapter& a, Step step) {
    if (a.reverted) {
      a.reverted = false;
    } else if (!failed() && a.before) {
      step(*a.before);
    }
  }
  // `model` back to the state before the step (the DUT took another permitted branch).
  static void Revert(Adapter& a) {
    *a.model = *a.before;
    a.reverted = true;
  }

  Adapter* Find(const std::string& adapter, const nlohmann::json& line);
  void Record(const nlohmann::json& line);
  bool Check(bool ok, const std::string& rule, const std::string& source,
             const std::string& message);
  // The final status against the model's permitted set (spec::Permits), and the Driver
  // Verifier rule NdisOidComplete for the OIDs it names.
  bool CompareStatus(const spec::StepResult& expected, std::uint32_t actual, ndis::Oid oid,
                     const std::string& what);
  // Status indications (the required ones, then optional ones: spec::OptionalIndicationProblem
  // against the model before and after the step) and completions of pended requests.
  bool CompareSideEffects(Adapter& a, const spec::StepResult& expected,
                          const spec::VmqModel& before, const Observed& observed,
                          const std::string& what);
  bool CompareIndications(const spec::StepResult& expected, const spec::VmqModel& before,
                          const spec::VmqModel& after, const Observed& observed,
                          const std::string& what);
  bool CompareQueues(Adapter& a);
  bool CompareReads(const spec::AdvertiseDecision& d, const Observed& observed);
  bool CompareCapabilities(Adapter& a, const spec::StepResult& r,
                           const ndis::ReceiveFilterCapabilities& hardware,
                           const ndis::ReceiveFilterCapabilities& current);
  void ReturnUnheld(Adapter& a, const std::vector<std::uint64_t>& cookies);
  // The steps once recorded and their adapter found (engine_oid.cpp, engine_receive.cpp).
  bool RxStep(Adapter& a, const ndis::Bytes& frame, bool hold);
  bool ReturnStep(Adapter& a, std::uint32_t queue_id, std::optional<std::uint32_t> count);
  bool OidStep(Adapter& a, const std::string& name, const spec::OidRequest& request,
               Delivery delivery);
  bool CheckOidBuffer(const OidCall& call, const OidOutput& out, const std::string& what);
  // A request the DUT pended: its completion within the call is the answer (docs/errata.md
  // E-324); false with a finding when it never came or came twice.
  bool TakeCompletion(const OidCall& call, OidOutput& out, Observed& observed,
                      const std::string& what);
  bool CheckOidAnswer(const OidCall& call, const spec::StepResult& r, const OidOutput& out,
                      const std::string& what);
  bool CheckAllocateOutput(const OidCall& call, const OidOutput& out, const std::string& what);
  // Records a pended request; the result its completion must match within this step.
  spec::StepResult Pend(Adapter& a, const spec::OidRequest& request, const spec::StepResult& r,
                        std::uint64_t request_id);

  DeviceFactory factory_;
  EngineOptions options_;
  std::map<std::string, Adapter> adapters_;
  std::vector<nlohmann::json> lines_;
  std::optional<Finding> finding_;
  std::function<void(const nlohmann::json&)> on_step_;
  std::size_t steps_ = 0;
  std::uint64_t next_request_ = 1;
  StepView view_;
};

// Scenario line for a model configuration (formats/scenario.h `configure`).
nlohmann::json ConfigureLine(const std::string& adapter, const spec::ModelConfig& config);
std::string ToHex(ndis::ByteView bytes);

// What the hardware capabilities say about the hardware, as the model describes hardware.
spec::VmqHardware HardwareFrom(const ndis::ReceiveFilterCapabilities& caps);
// The RSS, VMQ and SR-IOV a DUT reported at initialize replace the platform's (docs/errata.md
// E-023); `configure` (the scenario's configure line) records them. Nothing changes when it did not
// say.
void AdoptReportedSupport(const std::optional<std::uint32_t>& reported,
                          spec::HardwareSupport& support, nlohmann::json& configure);

}  // namespace vmqkit::conformance
