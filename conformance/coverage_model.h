#pragma once
// Functional coverage of a conformance run, as hardware verification does it with covergroups: a
// declared model (groups of named bins: frame kinds x VLAN forms, filter kinds, queue-table cells,
// NDIS versions, keyword settings, tag bits, allocate/free cycles past NumQueues, table
// exhaustion, ...), counted by the engine at every step it runs (EngineOptions::coverage), merged
// by the runner across checks, printed by `vmqkit conform --coverage` and written into the JSON
// report. A bin no step reached is open: the run did not exercise that part of the contract, so a
// pass says nothing about it. docs/conformance.md, "Coverage".
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ndis/wire.h"
#include "spec/vmq_model.h"

namespace vmqkit::conformance {

// One covergroup: what is sampled, when, and its bins in report order.
struct CoverageGroup {
  std::string_view name;
  std::string_view samples;
  std::span<const std::string_view> bins;
};

// The declared model, in report order. Every bin the counter can hit is declared here.
std::span<const CoverageGroup> CoverageModel();

// Hit counts of the declared bins. A value: merged by the runner, sent from a check's child
// process as JSON. The sampling hooks are called by the engine after the model took each step.
class Coverage {
 public:
  Coverage();
  // Counts one hit of a declared bin; a name the model does not declare is a programming error
  // and is counted under the group's "(undeclared)" key so a test sees it.
  void Hit(std::string_view group, std::string_view bin);
  // Counts one hit of the bin at `index` in the declared model (groups in order, each group's
  // bins in order): the sampling hooks resolve their bins once, at compile time where they can.
  void Hit(std::size_t index) { ++counts_[index]; }
  std::uint64_t Count(std::string_view group, std::string_view bin) const;
  void Merge(const Coverage& other);
  bool empty() const;

  // Bins with no hit, as "group: bin".
  std::vector<std::string> OpenBins() const;
  std::size_t ClosedBinCount() const;
  std::size_t DeclaredBinCount() const;

  // {"group": {"bin": count, ...}, ...} for every declared bin (zeros included) and, under
  // "summary", closed/total/open.
  nlohmann::json ToJson() const;
  static Coverage FromJson(const nlohmann::json& json);
  // The table `vmqkit conform --coverage` prints: group, closed/total, open bins named.
  std::string Table() const;

  // Sampling hooks (engine.cpp, engine_oid.cpp, engine_receive.cpp).
  void OnInitialize(const std::string& adapter, const spec::VmqModel& model);
  void OnOid(const std::string& adapter, const spec::VmqModel& before,
             const spec::OidRequest& request, const spec::StepResult& result,
             const spec::VmqModel& after);
  void OnReceive(ndis::ByteView frame, const spec::StepResult& result);
  void OnReturn(const spec::StepResult& result);

 private:
  struct Life {
    std::uint64_t allocations = 0;
    std::map<std::uint32_t, bool> ids_seen;  // queue ids this adapter has allocated
  };
  std::vector<std::uint64_t> counts_;  // per declared bin, by index (see Hit(std::size_t))
  std::map<std::string, std::uint64_t, std::less<>> undeclared_;  // per group name
  std::map<std::string, Life> lives_;  // per adapter name, reset at initialize
};

}  // namespace vmqkit::conformance
