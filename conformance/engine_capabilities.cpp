// The engine's judgement of the capabilities a DUT reports at initialize: through the model's
// permitted sets (spec/capabilities_set.h), never by comparing with one structure. The hardware
// structure may be richer than the model's minimal one ("the complete hardware receive filtering
// capabilities that the network adapter can support", [WDD] determining-receive-filtering-
// capabilities); the current one may realise any interface the sources permit for the keywords
// (docs/errata.md E-008, E-010), and the model then follows the DUT's choice (E-020).
#include <algorithm>

#include "conformance/engine.h"
#include "conformance/engine_text.h"
#include "spec/capabilities_set.h"

namespace vmqkit::conformance {

namespace {

bool Waived(const EngineOptions& options, const std::string& rule) {
  return std::find(options.waived.begin(), options.waived.end(), rule) != options.waived.end();
}

// Every violation of the DUT's two structures, whichever judgement finds it
// (spec::JudgeCapabilities stops at the first judgement that finds one), and the interface the
// current structure realises.
struct AllViolations {
  std::vector<spec::CapabilityViolation> found;
  std::optional<spec::ReceiveInterface> current_realises;
};

AllViolations JudgeEverything(const spec::CapabilityCheckInput& check,
                              const std::vector<spec::ReceiveInterface>& permitted,
                              const spec::CurrentSettings& settings, bool strict) {
  AllViolations all;
  all.found = spec::CheckCapabilities(check);
  for (spec::CapabilityViolation& v :
       spec::JudgeHardwareCapabilities(check.version, check.vmq_hardware, check.hardware)) {
    all.found.push_back(std::move(v));
  }
  std::erase_if(all.found, [&](const spec::CapabilityViolation& v) { return v.should && !strict; });
  const spec::CurrentJudgement current = spec::JudgeCurrentAgainstPermitted(
      check.hardware, permitted, settings, check.current, strict);
  all.current_realises = current.chosen;
  if (!current.chosen) {
    all.found.insert(all.found.end(), current.violations.begin(), current.violations.end());
  }
  return all;
}

// The interface the model goes on with once the waived violations are set aside (each recorded
// in options.waivers, the first of its rule), or none when a violation that is not waived remains.
std::optional<spec::ReceiveInterface> ChooseDespiteWaivers(
    const AllViolations& all, const std::vector<spec::ReceiveInterface>& permitted,
    const EngineOptions& options) {
  bool unwaived = false;
  for (const spec::CapabilityViolation& v : all.found) {
    const std::string rule = "capabilities." + v.rule;
    if (!Waived(options, rule)) {
      unwaived = true;
    } else if (options.waivers != nullptr &&
               std::none_of(options.waivers->begin(), options.waivers->end(),
                            [&](const Finding& f) { return f.rule == rule; })) {
      options.waivers->push_back({rule, v.source, v.message});
    }
  }
  if (unwaived) return std::nullopt;
  // With the current structure's own violations waived, the model takes the recommended one.
  return all.current_realises ? all.current_realises
                              : std::optional<spec::ReceiveInterface>(permitted.front());
}

}  // namespace

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
  std::optional<spec::ReceiveInterface> chosen = judgement.chosen;
  if (!chosen) {
    const AllViolations all = JudgeEverything(check, permitted, settings, options_.strict);
    if (!options_.waived.empty()) chosen = ChooseDespiteWaivers(all, permitted, options_);
    if (!chosen) {
      // The first violation that is not waived is the finding; the others are named with it,
      // so that one run shows everything the structures break.
      const spec::CapabilityViolation* first = nullptr;
      std::string others;
      for (const spec::CapabilityViolation& v : all.found) {
        if (Waived(options_, "capabilities." + v.rule)) continue;
        if (first == nullptr) {
          first = &v;
        } else if (v.rule != first->rule &&
                   others.find("capabilities." + v.rule) == std::string::npos) {
          others += (others.empty() ? "" : ", ") + std::string("capabilities.") + v.rule;
        }
      }
      const spec::CapabilityViolation& v = first != nullptr ? *first : judgement.violations.front();
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
                (options_.strict ? ", --strict: the recommended one" : "") + ")" +
                (others.empty() ? "" : "; the same structures also break " + others)});
      return false;
    }
  }
  a.model->AdoptCapabilities({hardware, current}, *chosen);
  if (options_.describe_steps) {
    view_.model = ndis::ToString(r.status) + ": interface " + std::string(spec::ToString(*chosen)) +
                  " (row " + d.row + "), NumQueues " + std::to_string(current.num_queues);
  }
  return true;
}

}  // namespace vmqkit::conformance
