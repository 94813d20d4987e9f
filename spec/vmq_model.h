#pragma once
// The VMQ model of one network adapter: it plays NDIS (assigns queue and filter ids, performs the
// checks NDIS performs) and the miniport, and says which side rejects what. A value type driven
// step by step with the same commands a driver gets (initialize, OID requests with their
// information buffers, received frames, returned indications), so the conformance engine can run
// it in lockstep with a DUT. Sources are cited at each rule in vmq_model.cpp.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ndis/oids.h"
#include "ndis/status.h"
#include "ndis/structures.h"
#include "ndis/version.h"
#include "spec/advertise.h"
#include "spec/capabilities.h"
#include "spec/queue_states.h"
#include "spec/registry.h"
#include "spec/route.h"
#include "spec/vmq_filter.h"

namespace vmqkit::spec {

struct ModelConfig {
  ndis::NdisVersion version = ndis::kNdis630;
  HardwareSupport support;  // which receive interfaces the hardware has
  VmqHardware hardware;
  // The fastest speed the adapter supports (what VMSMP's TenGig/BelowTenGig values key on, E-013).
  std::uint64_t link_speed_bps = 10'000'000'000ULL;
  RegistryKey adapter_keywords;  // the adapter's instance key
  RegistryKey vmsmp_parameters;
  // The processors NDIS gives the adapter (NdisGetRssProcessorInformation), one mask per group.
  std::vector<std::uint64_t> processor_groups = {0xFF};
};

struct OidRequest {
  ndis::Oid oid = 0;
  ndis::RequestKind kind = ndis::RequestKind::kMethod;
  ndis::Bytes buffer;  // InformationBuffer contents as the caller filled them
  // OutputBufferLength of query/method requests; unset means "as large as needed".
  std::optional<std::uint32_t> output_length;
};

struct QueueTransition {
  std::uint32_t queue_id = 0;
  QueueState from = QueueState::kUndefined;
  QueueState to = QueueState::kUndefined;
  QueueEvent event = QueueEvent::kAllocateQueue;
};

struct StatusIndication {
  ndis::NdisStatus code = ndis::NdisStatus::kReceiveQueueState;
  ndis::Bytes buffer;                                  // the StatusBuffer, encoded
  std::optional<ndis::ReceiveQueueState> queue_state;  // decoded, for RECEIVE_QUEUE_STATE
};

// A request that returned PENDING and has now completed.
struct OidCompletion {
  ndis::Oid oid = 0;
  std::uint32_t queue_id = 0;
  ndis::NdisStatus status = ndis::NdisStatus::kSuccess;
};

struct QueueSnapshot {
  std::uint32_t queue_id = 0;
  QueueState state = QueueState::kUndefined;
  std::vector<std::uint32_t> filter_ids;
  std::uint32_t outstanding = 0;  // indicated frames not yet returned
  friend bool operator==(const QueueSnapshot&, const QueueSnapshot&) = default;
};

struct StepResult {
  ndis::NdisStatus status = ndis::NdisStatus::kSuccess;
  // Every status the sources permit for this request (the model's `status` is among them).
  std::vector<ndis::NdisStatus> permitted;
  // Any failure status (error severity) is permitted too, where a page asks only for "a failed
  // status" (spec/outcomes.h Permits; docs/errata.md E-321).
  bool any_failure = false;
  // The sources offer alternatives and recommend none ("must do either one of the following"):
  // `--strict` then accepts every permitted status too (E-321), since a recommendation the
  // documents do not make would be a demand beyond them.
  bool no_recommendation = false;
  std::optional<Side> rejected_by;  // set when the status is a refusal
  std::string rule;                 // the rule that decided a refusal
  std::string source;
  std::string reason;
  std::uint32_t bytes_written = 0;
  std::uint32_t bytes_needed = 0;
  ndis::Bytes output;  // the information buffer after the request
  std::vector<QueueTransition> transitions;
  std::vector<StatusIndication> indications;
  std::vector<OidCompletion> completions;
  std::optional<RouteResult> route;   // receive steps
  std::vector<QueueSnapshot> queues;  // every queue after the step, by id
  // The filters the step set and cleared, by FilterId: what changed in filters(), so a caller
  // comparing before and after need not walk the whole table.
  std::vector<std::uint32_t> filters_set;
  std::vector<std::uint32_t> filters_cleared;
};

struct QueueRecord {
  std::uint32_t queue_id = 0;
  QueueState state = QueueState::kUndefined;
  ndis::ReceiveQueueParameters parameters;
  std::vector<std::uint32_t> filter_ids;  // ascending
  std::uint32_t outstanding = 0;
  bool free_pending = false;  // FREE_QUEUE returned PENDING and waits for returns
};

struct FilterRecord {
  std::uint32_t filter_id = 0;
  std::uint32_t queue_id = 0;
  VmqFilter filter;
  ndis::ReceiveFilterParameters parameters;  // as set, with the assigned FilterId
};

class VmqModel {
 public:
  explicit VmqModel(ModelConfig config);

  // MiniportInitializeEx: the advertisement decision and the capabilities. The output buffer holds
  // the hardware capabilities followed by the current ones.
  StepResult Initialize();
  StepResult Request(const OidRequest& request);
  // A frame put on the wire. The model indicates it on its recommended queue; with `hold` the
  // indication stays outstanding until ReturnIndications.
  StepResult Receive(ndis::ByteView frame, bool hold = false);
  // The overlying driver returns up to `count` (all when unset) outstanding indications of a queue.
  StepResult ReturnIndications(std::uint32_t queue_id, std::optional<std::uint32_t> count);

  // After Initialize, when the engine found the DUT's capabilities inside the permitted sets
  // (spec/capabilities_set.h): the model follows the DUT's hardware structure, its chosen permitted
  // interface and its current structure, so later steps are judged against what the DUT enabled;
  // the read rules that depend on the enabled interface follow that interface (E-011).
  void AdoptCapabilities(const AdvertisedCapabilities& dut, ReceiveInterface chosen);

  bool initialized() const { return initialized_; }
  const ModelConfig& config() const { return config_; }
  const AdvertiseDecision& decision() const { return decision_; }
  const AdvertisedCapabilities& capabilities() const { return capabilities_; }
  const std::map<std::uint32_t, QueueRecord>& queues() const { return queues_; }
  const std::map<std::uint32_t, FilterRecord>& filters() const { return filters_; }
  std::vector<QueueSnapshot> Snapshot() const;

  // Structural invariants of the documented machine (state vs filters vs completion); empty when
  // the model is in a documented configuration.
  std::vector<std::string> CheckInvariants() const;

 private:
  // The hardware the advertisement decision reasons about: the supported interfaces, with the VMQ
  // features the DUT reported (E-011, E-012, E-653).
  HardwareSupport AdvertiseHardware() const;
  StepResult Finish(StepResult result) const;
  StepResult AllocateQueue(const OidRequest& request);
  StepResult FreeQueue(const OidRequest& request);
  StepResult SetFilter(const OidRequest& request);
  StepResult ClearFilter(const OidRequest& request);
  StepResult AllocationComplete(const OidRequest& request);
  StepResult QueueParametersQuery(const OidRequest& request);
  StepResult QueueParametersSet(const OidRequest& request);
  StepResult EnumFilters(const OidRequest& request);
  StepResult FilterParametersQuery(const OidRequest& request);
  StepResult QueryStructure(const OidRequest& request, ndis::Bytes encoded);
  void Transition(StepResult& result, QueueRecord& queue, QueueEvent event);
  void CompleteFree(StepResult& result, QueueRecord& queue);
  std::optional<Rejection> CheckAffinity(const ndis::GroupAffinity& affinity) const;
  bool PartlyOutside(const ndis::GroupAffinity& affinity) const;

  ModelConfig config_;
  bool initialized_ = false;
  AdvertiseDecision decision_;
  AdvertisedCapabilities capabilities_;
  std::map<std::uint32_t, QueueRecord> queues_;  // includes the default queue 0
  std::map<std::uint32_t, FilterRecord> filters_;
  // filters_ as routing reads them, indexed by address (spec/route.h RouteFilters); built at the
  // first frame after a filter was set or cleared, shared between copies of the model.
  const RouteFilters& RoutingFilters() const;
  mutable std::shared_ptr<const RouteFilters> routing_filters_;
};

}  // namespace vmqkit::spec
