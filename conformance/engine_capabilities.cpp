// The engine's judgement of the capabilities a DUT reports at initialize: through the model's
// permitted sets (spec/capabilities_set.h), never by comparing with one structure. The hardware
// structure may be richer than the model's minimal one ("the complete hardware receive filtering
// capabilities that the network adapter can support", [WDD] determining-receive-filtering-
// capabilities); the current one may realise any interface the sources permit for the keywords
// (docs/errata.md E-008, E-010), and the model then follows the DUT's choice (E-020).
#include "conformance/engine.h"
#include "conformance/engine_text.h"
#include "spec/capabilities_set.h"

namespace vmqkit::conformance {

bool Engine::CompareCapabilities(Adapter& a, const spec::StepResult& r,
                                 const ndis::ReceiveFilterCapabilities& hardware,
                                 const ndis::ReceiveFilterCapabilities& current) {
  const spec::AdvertiseDecision& d = a.model->decision();
  spec::CapabilityCheckInput check;
  check.version = a.config.version;
  check.hardware = hardware;
  check.current = current;
  check.vmq_hardware = a.config.support.vmq;  // E-655
  // The recommended interface first, then the other permitted ones.
  std::vector<spec::ReceiveInterface> permitted{d.interface};
  for (spec::ReceiveInterface i : d.permitted) {
    if (i != d.interface) permitted.push_back(i);
  }
  const spec::CurrentSettings settings{a.config.version, d.vmq_vlan_filtering,
                                       d.vmq_lookahead_split};
  const spec::CurrentJudgement judgement =
      spec::JudgeCapabilities(check, permitted, settings, options_.strict);
  if (!judgement.chosen) {
    const spec::CapabilityViolation& v = judgement.violations.front();
    // Under --strict a permitted but not recommended structure: say which members differ.
    const std::string diff =
        v.rule == "current.recommended"
            ? ": " + CapsDiff(spec::RecommendedCurrent(hardware, d.interface, settings), current)
            : std::string();
    std::string interfaces;
    for (spec::ReceiveInterface i : permitted) {
      interfaces += (interfaces.empty() ? "" : ", ") + std::string(spec::ToString(i));
    }
    Fail({"capabilities." + v.rule, v.source,
          v.message + diff + " (row " + d.row + "; permitted interfaces " + interfaces +
              (options_.strict ? ", --strict: the recommended one" : "") + ")"});
    return false;
  }
  a.model->AdoptCapabilities({hardware, current}, *judgement.chosen);
  if (options_.describe_steps) {
    view_.model = ndis::ToString(r.status) + ": interface " +
                  std::string(spec::ToString(*judgement.chosen)) + " (row " + d.row +
                  "), NumQueues " + std::to_string(current.num_queues);
  }
  return true;
}

}  // namespace vmqkit::conformance
