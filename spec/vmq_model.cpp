#include "spec/vmq_model.h"

#include <algorithm>

#include "ndis/constants.h"

namespace vmqkit::spec {
namespace {

using ndis::NdisStatus;

constexpr const char* kFreePage = "[WDD] oid-receive-filter-free-queue";
constexpr const char* kSetFilterOidPage = "[WDD] oid-receive-filter-set-filter";
constexpr const char* kClearPage = "[WDD] oid-receive-filter-clear-filter";
constexpr const char* kCompletePage = "[WDD] oid-receive-filter-queue-allocation-complete";
constexpr const char* kQueueParamsPage = "[WDD] oid-receive-filter-queue-parameters";
constexpr const char* kStatesPage = "[WDD] queue-states-and-operations";
constexpr const char* kQueueParamsDdi = "[DDI] ns-ntddndis-_ndis_receive_queue_parameters";

StepResult Refused(Rejection rejection) {
  StepResult result;
  result.status = rejection.status;
  result.permitted = {rejection.status};
  result.rejected_by = rejection.side;
  result.rule = std::move(rejection.rule);
  result.source = std::move(rejection.source);
  result.reason = std::move(rejection.reason);
  return result;
}

StepResult Refused(NdisStatus status, Side side, std::string rule, std::string source,
                   std::string reason) {
  return Refused(Rejection{status, side, std::move(rule), std::move(source), std::move(reason)});
}

// A buffer NDIS cannot read as the OID's structure: NDIS fails the request before the miniport
// sees it ([WDD] oid-receive-filter-* "Return status codes": INVALID_LENGTH with BytesNeeded).
StepResult DecodeRefused(const ndis::DecodeFailure& failure, std::string_view structure) {
  StepResult result =
      Refused(failure.status, Side::kNdis,
              failure.status == NdisStatus::kInvalidLength ? "buffer.length" : "buffer.header",
              "[HDR] ntddndis.h " + std::string(structure), failure.reason);
  result.bytes_needed = failure.bytes_needed;
  return result;
}

StepResult Succeeded() {
  StepResult result;
  result.permitted = {NdisStatus::kSuccess};
  return result;
}

std::string CellName(QueueEvent event, QueueState state) {
  return "table." + std::string(ToString(event)) + "." + std::string(ToString(state));
}

// The table cell refuses: a blank entry is an invalid event/state combination.
StepResult BlankCell(QueueEvent event, const QueueRecord& queue) {
  return Refused(
      NdisStatus::kInvalidParameter, Side::kNdis, CellName(event, queue.state), kStatesPage,
      std::string(ToString(event)) + " is invalid for queue " + std::to_string(queue.queue_id) +
          " in state " + std::string(ToString(queue.state)));
}

std::uint32_t LowestFreeId(const auto& map, std::uint32_t first, std::uint32_t last) {
  for (std::uint32_t id = first; id <= last && id != 0; ++id) {
    if (!map.contains(id)) return id;
  }
  return 0;
}

}  // namespace

VmqModel::VmqModel(ModelConfig config) : config_(std::move(config)) {
  // "The default queue (queue identifier zero) is always allocated and cannot be freed."
  // ([WDD] vmq-receive-filters / allocating-a-vm-queue). It is modelled as Running.
  QueueRecord default_queue;
  default_queue.queue_id = ndis::kDefaultReceiveQueueId;
  default_queue.state = QueueState::kRunning;
  queues_.emplace(default_queue.queue_id, default_queue);
}

std::vector<QueueSnapshot> VmqModel::Snapshot() const {
  std::vector<QueueSnapshot> out;
  for (const auto& [id, queue] : queues_) {
    out.push_back({id, queue.state, queue.filter_ids, queue.outstanding});
  }
  return out;
}

StepResult VmqModel::Finish(StepResult result) const {
  if (result.permitted.empty()) result.permitted = {result.status};
  result.queues = Snapshot();
  return result;
}

void VmqModel::Transition(StepResult& result, QueueRecord& queue, QueueEvent event) {
  if (queue.queue_id == ndis::kDefaultReceiveQueueId) return;  // the default queue has no cells
  const auto next = NextState(event, queue.state);
  // Callers check the cell first; a blank cell here would be a model defect, so it changes nothing.
  if (!next) return;
  if (*next != queue.state)
    result.transitions.push_back({queue.queue_id, queue.state, *next, event});
  queue.state = *next;
}

StepResult VmqModel::Initialize() {
  if (initialized_) {
    return Finish(Refused(NdisStatus::kFailure, Side::kNdis, "initialize.once", kStatesPage,
                          "the adapter is already initialized"));
  }
  AdvertiseInput input;
  input.hardware = config_.support;
  input.ndis = config_.version;
  input.link_speed_bps = config_.link_speed_bps;
  decision_ = DecideAdvertisement(input, config_.adapter_keywords, config_.vmsmp_parameters);
  capabilities_ = BuildCapabilities(config_.hardware, config_.version, decision_);
  // Hardware without VMQ has no receive filter capabilities: header-only, as the current ones
  // when VMQ is disabled ([SAMPLE]; docs/errata.md E-655).
  if (!config_.support.vmq) capabilities_.hardware = capabilities_.current;
  initialized_ = true;
  StepResult result = Succeeded();
  result.output = ndis::Encode(capabilities_.hardware);
  const ndis::Bytes current = ndis::Encode(capabilities_.current);
  result.output.insert(result.output.end(), current.begin(), current.end());
  result.bytes_written = static_cast<std::uint32_t>(result.output.size());
  return Finish(std::move(result));
}

StepResult VmqModel::Request(const OidRequest& request) {
  const ndis::OidInfo* oid = ndis::FindOid(request.oid);
  if (oid == nullptr) {
    return Finish(Refused(NdisStatus::kNotSupported, Side::kMiniport, "oid.unknown",
                          "[HDR] ntddndis.h", "not a receive-filter OID"));
  }
  if (!initialized_) {
    return Finish(Refused(NdisStatus::kFailure, Side::kNdis, "oid.before-initialize", kStatesPage,
                          "the adapter is not initialized"));
  }
  if (config_.version < oid->since) {
    return Finish(Refused(NdisStatus::kNotSupported, Side::kNdis, "oid.version",
                          "[WDD] " + std::string(oid->source),
                          ndis::FullName(*oid) + " needs NDIS " + ndis::ToString(oid->since)));
  }
  if (ndis::FindRule(*oid, request.kind) == nullptr) {
    return Finish(Refused(NdisStatus::kNotSupported, Side::kNdis, "oid.request-kind",
                          "docs/errata.md E-310",
                          ndis::FullName(*oid) + " is not documented as a " +
                              std::string(ndis::ToString(request.kind)) + " request"));
  }
  switch (request.oid) {
    case ndis::kOidReceiveFilterHardwareCapabilities:
      return Finish(QueryStructure(request, ndis::Encode(capabilities_.hardware)));
    case ndis::kOidReceiveFilterCurrentCapabilities:
      return Finish(QueryStructure(request, ndis::Encode(capabilities_.current)));
    case ndis::kOidReceiveFilterGlobalParameters:
      return Finish(QueryStructure(request, ndis::Encode(ndis::ReceiveFilterGlobalParameters{
                                                0, capabilities_.current.enabled_filter_types,
                                                capabilities_.current.enabled_queue_types})));
    case ndis::kOidReceiveFilterAllocateQueue:
      return Finish(AllocateQueue(request));
    case ndis::kOidReceiveFilterFreeQueue:
      return Finish(FreeQueue(request));
    case ndis::kOidReceiveFilterSetFilter:
      return Finish(SetFilter(request));
    case ndis::kOidReceiveFilterClearFilter:
      return Finish(ClearFilter(request));
    case ndis::kOidReceiveFilterQueueAllocationComplete:
      return Finish(AllocationComplete(request));
    case ndis::kOidReceiveFilterQueueParameters:
      return Finish(request.kind == ndis::RequestKind::kSet ? QueueParametersSet(request)
                                                            : QueueParametersQuery(request));
    case ndis::kOidReceiveFilterEnumFilters:
      return Finish(EnumFilters(request));
    case ndis::kOidReceiveFilterParameters:
      return Finish(FilterParametersQuery(request));
    case ndis::kOidReceiveFilterEnumQueues:
      return Finish(Refused(NdisStatus::kNotSupported, Side::kNdis, "model.enum-queues",
                            "docs/errata.md E-311",
                            "the model does not answer ENUM_QUEUES (NDIS_RECEIVE_QUEUE_INFO_ARRAY "
                            "is not modelled)"));
    case ndis::kOidReceiveFilterMoveFilter:
      // MOVE_FILTER moves a filter between VPorts of an SR-IOV NIC switch
      // ([WDD] oid-receive-filter-move-filter); a VMQ adapter has none.
      return Finish(Refused(NdisStatus::kNotSupported, Side::kMiniport, "move-filter.sriov-only",
                            "[WDD] oid-receive-filter-move-filter",
                            "MOVE_FILTER applies to SR-IOV VPorts only"));
    default:
      break;
  }
  return Finish(Refused(NdisStatus::kNotSupported, Side::kMiniport, "oid.unknown",
                        "[HDR] ntddndis.h", "not handled"));
}

StepResult VmqModel::QueryStructure(const OidRequest& request, ndis::Bytes encoded) {
  const auto needed = static_cast<std::uint32_t>(encoded.size());
  if (request.output_length && *request.output_length < needed) {
    StepResult result = Refused(NdisStatus::kInvalidLength, Side::kNdis, "buffer.output-length",
                                "[WDD] oid-receive-filter-* (INVALID_LENGTH, BytesNeeded)",
                                "the output buffer has " + std::to_string(*request.output_length) +
                                    " bytes, " + std::to_string(needed) + " are needed");
    result.bytes_needed = needed;
    return result;
  }
  StepResult result = Succeeded();
  result.output = std::move(encoded);
  result.bytes_written = needed;
  return result;
}

std::optional<Rejection> VmqModel::CheckAffinity(const ndis::GroupAffinity& affinity) const {
  // "At least one processor must be specified" ([DDI] NDIS_RECEIVE_QUEUE_PARAMETERS), and the
  // processors must be ones NDIS gave the adapter ([SAMPLE] checks group and active CPUs; E-312).
  if (affinity.mask == 0) {
    return Rejection{NdisStatus::kInvalidParameter, Side::kMiniport, "affinity.not-empty",
                     kQueueParamsDdi, "ProcessorAffinity.Mask is 0"};
  }
  if (affinity.group >= config_.processor_groups.size()) {
    return Rejection{NdisStatus::kInvalidParameter, Side::kMiniport, "affinity.group",
                     "docs/errata.md E-312",
                     "processor group " + std::to_string(affinity.group) + " does not exist"};
  }
  const std::uint64_t allowed = config_.processor_groups[affinity.group];
  if ((affinity.mask & ~allowed) != 0) {
    return Rejection{NdisStatus::kInvalidParameter, Side::kMiniport, "affinity.processor-set",
                     "docs/errata.md E-312",
                     "ProcessorAffinity.Mask has processors outside the adapter's set"};
  }
  return std::nullopt;
}

StepResult VmqModel::AllocateQueue(const OidRequest& request) {
  auto decoded = ndis::DecodeReceiveQueueParameters(request.buffer);
  if (!decoded) return DecodeRefused(decoded.error(), "NDIS_RECEIVE_QUEUE_PARAMETERS");
  ndis::ReceiveQueueParameters params = *decoded;
  const auto& current = capabilities_.current;
  if ((current.enabled_queue_types & ndis::kVmQueuesEnabled) == 0) {
    return Refused(NdisStatus::kNotSupported, Side::kNdis, "allocate.vmq-enabled",
                   "docs/errata.md E-310", "VM queues are not enabled in the current capabilities");
  }
  if (params.queue_type != ndis::ReceiveQueueType::kVmQueue) {
    return Refused(NdisStatus::kInvalidParameter, Side::kNdis, "allocate.queue-type",
                   kQueueParamsDdi, "QueueType is not NdisReceiveQueueTypeVMQueue");
  }
  std::size_t live = 0;
  for (const auto& [id, queue] : queues_) live += id != ndis::kDefaultReceiveQueueId ? 1 : 0;
  if (live >= current.num_queues) {
    return Refused(NdisStatus::kFailure, Side::kNdis, "allocate.num-queues", "docs/errata.md E-313",
                   "all " + std::to_string(current.num_queues) + " VM queues are allocated");
  }
  if (config_.version >= ndis::kNdis630 && params.lookahead_size != 0) {
    return Refused(NdisStatus::kInvalidParameter, Side::kMiniport, "allocate.lookahead-size-6.30",
                   kQueueParamsDdi, "from NDIS 6.30 LookaheadSize must be 0");
  }
  if (config_.version < ndis::kNdis630 &&
      (params.flags & ndis::kQueueLookaheadSplitRequired) != 0 &&
      (current.supported_queue_properties & ndis::kLookaheadSplitSupported) == 0) {
    return Refused(NdisStatus::kInvalidParameter, Side::kMiniport, "allocate.lookahead-split",
                   kQueueParamsDdi, "LOOKAHEAD_SPLIT_REQUIRED but lookahead split is not enabled");
  }
  if (auto bad = CheckAffinity(params.processor_affinity)) return Refused(*bad);
  // NDIS assigns the queue id, unique on the adapter, before the miniport sees the request
  // ([WDD] allocating-a-vm-queue); the model takes the lowest free id in 1..NumQueues.
  const std::uint32_t id = LowestFreeId(queues_, 1, current.num_queues);
  params.queue_id = id;
  params.msix_table_entry = id;  // the miniport's choice; any entry is conformant
  QueueRecord queue;
  queue.queue_id = id;
  queue.state = QueueState::kUndefined;
  queue.parameters = params;
  StepResult result = Succeeded();
  auto& stored = queues_.emplace(id, queue).first->second;
  Transition(result, stored, QueueEvent::kAllocateQueue);
  result.output = ndis::Encode(params);
  result.bytes_written = static_cast<std::uint32_t>(result.output.size());
  return result;
}

StepResult VmqModel::SetFilter(const OidRequest& request) {
  auto decoded = ndis::DecodeReceiveFilterParameters(request.buffer);
  if (!decoded) return DecodeRefused(decoded.error(), "NDIS_RECEIVE_FILTER_PARAMETERS");
  ndis::ReceiveFilterParameters params = *decoded;
  const auto& current = capabilities_.current;
  if ((current.enabled_filter_types & ndis::kVmqFiltersEnabled) == 0) {
    return Refused(NdisStatus::kNotSupported, Side::kNdis, "set-filter.vmq-enabled",
                   "docs/errata.md E-310",
                   "VMQ filters are not enabled in the current capabilities");
  }
  auto queue = queues_.find(params.queue_id);
  if (queue == queues_.end()) {
    return Refused(NdisStatus::kInvalidParameter, Side::kNdis, "set-filter.queue-exists",
                   kSetFilterOidPage,
                   "queue " + std::to_string(params.queue_id) + " is not allocated");
  }
  if (queue->first != ndis::kDefaultReceiveQueueId &&
      !NextState(QueueEvent::kSetFilter, queue->second.state)) {
    return BlankCell(QueueEvent::kSetFilter, queue->second);
  }
  if (params.requested_filter_id_bit_count != 0) {
    return Refused(NdisStatus::kInvalidParameter, Side::kNdis, "set-filter.id-bit-count",
                   "[DDI] ns-ntddndis-_ndis_receive_filter_parameters",
                   "RequestedFilterIdBitCount must be 0");
  }
  if (filters_.size() >= current.max_mac_header_filters) {
    return Refused(
        NdisStatus::kInvalidParameter, Side::kMiniport, "set-filter.max-filters",
        "[SAMPLE] vmq.c SetRxFilter",
        "all " + std::to_string(current.max_mac_header_filters) + " MAC header filters are in use");
  }
  FilterValidation validation = ValidateVmqFilter(params, {config_.version, &current});
  if (auto* rejection = std::get_if<Rejection>(&validation.result)) return Refused(*rejection);
  // NDIS assigns the filter id, unique on the adapter across all queues, from 1
  // ([DDI] NDIS_RECEIVE_FILTER_PARAMETERS: "A value of zero is invalid").
  const std::uint32_t filter_id = LowestFreeId(filters_, 1, 0xFFFFFFFFu);
  params.filter_id = filter_id;
  filters_.emplace(filter_id, FilterRecord{filter_id, params.queue_id,
                                           std::get<VmqFilter>(validation.result), params});
  StepResult result = Succeeded();
  if (validation.refusal_also_permitted) {
    result.permitted = {NdisStatus::kSuccess, NdisStatus::kInvalidParameter};
    result.rule = "filter.mac-only-6.30";
    result.source = "[DDI] ns-ntddndis-_ndis_receive_filter_field_parameters";
    result.reason = "MAC filter without VLAN test or flag: accepted, any VLAN (refusal permitted)";
  }
  QueueRecord& record = queue->second;
  record.filter_ids.push_back(filter_id);
  std::sort(record.filter_ids.begin(), record.filter_ids.end());
  Transition(result, record, QueueEvent::kSetFilter);
  result.output = ndis::Encode(params);
  result.bytes_written = static_cast<std::uint32_t>(result.output.size());
  return result;
}

StepResult VmqModel::ClearFilter(const OidRequest& request) {
  auto decoded = ndis::DecodeReceiveFilterClearParameters(request.buffer);
  if (!decoded) return DecodeRefused(decoded.error(), "NDIS_RECEIVE_FILTER_CLEAR_PARAMETERS");
  const auto filter = filters_.find(decoded->filter_id);
  if (filter == filters_.end()) {
    return Refused(NdisStatus::kFileNotFound, Side::kNdis, "clear-filter.filter-exists", kClearPage,
                   "filter " + std::to_string(decoded->filter_id) + " is not set");
  }
  if (filter->second.queue_id != decoded->queue_id) {
    return Refused(NdisStatus::kInvalidParameter, Side::kNdis, "clear-filter.queue-matches",
                   "docs/errata.md E-314",
                   "filter " + std::to_string(decoded->filter_id) + " is on queue " +
                       std::to_string(filter->second.queue_id) + ", not " +
                       std::to_string(decoded->queue_id));
  }
  QueueRecord& queue = queues_.at(filter->second.queue_id);
  const QueueEvent event =
      queue.filter_ids.size() == 1 ? QueueEvent::kClearLastFilter : QueueEvent::kClearNotLastFilter;
  if (queue.queue_id != ndis::kDefaultReceiveQueueId && !NextState(event, queue.state)) {
    return BlankCell(event, queue);
  }
  StepResult result = Succeeded();
  std::erase(queue.filter_ids, filter->first);
  filters_.erase(filter);
  // After CLEAR of the last filter no more indications on the queue; the miniport may stop DMA
  // but "should not send the DMA stopped state indication in this case"
  // ([WDD] ndis-virtual-machine-queue-states).
  Transition(result, queue, event);
  return result;
}

StepResult VmqModel::FreeQueue(const OidRequest& request) {
  auto decoded = ndis::DecodeReceiveQueueFreeParameters(request.buffer);
  if (!decoded) return DecodeRefused(decoded.error(), "NDIS_RECEIVE_QUEUE_FREE_PARAMETERS");
  if (decoded->queue_id == ndis::kDefaultReceiveQueueId) {
    return Refused(NdisStatus::kInvalidParameter, Side::kNdis, "free.default-queue",
                   "[WDD] vmq-receive-filters",
                   "the default queue is always allocated and cannot be freed");
  }
  auto it = queues_.find(decoded->queue_id);
  if (it == queues_.end()) {
    return Refused(NdisStatus::kInvalidParameter, Side::kNdis, "free.queue-exists", kFreePage,
                   "queue " + std::to_string(decoded->queue_id) + " is not allocated");
  }
  QueueRecord& queue = it->second;
  if (!NextState(QueueEvent::kFreeQueue, queue.state)) {
    StepResult refused = BlankCell(QueueEvent::kFreeQueue, queue);
    if (!queue.filter_ids.empty()) {
      // "the queue cannot be freed while there are filters set" ([WDD]
      // ndis-virtual-machine-queue-states); NDIS refuses (E-315).
      refused.source += "; docs/errata.md E-315";
      refused.reason += " (filters are still set)";
    }
    return refused;
  }
  StepResult result = Succeeded();
  // Miniport: stop DMA, indicate NDIS_STATUS_RECEIVE_QUEUE_STATE DmaStopped (the only required
  // state indication), wait for the outstanding indications, free, complete ([WDD]
  // freeing-a-vm-queue; [SAMPLE] pends while references remain).
  Transition(result, queue, QueueEvent::kFreeQueue);
  ndis::ReceiveQueueState state{0, queue.queue_id, ndis::QueueOperationalState::kDmaStopped};
  result.indications.push_back({NdisStatus::kReceiveQueueState, ndis::Encode(state), state});
  Transition(result, queue, QueueEvent::kDmaStoppedIndicated);
  if (queue.outstanding > 0) {
    queue.free_pending = true;
    result.status = NdisStatus::kPending;
    result.permitted = {NdisStatus::kPending};
    result.reason = std::to_string(queue.outstanding) +
                    " indications are outstanding: FREE_QUEUE pends until they are returned";
    return result;
  }
  CompleteFree(result, queue);
  // Synchronous completion; a miniport may also pend and complete later.
  result.permitted = {NdisStatus::kSuccess, NdisStatus::kPending};
  return result;
}

void VmqModel::CompleteFree(StepResult& result, QueueRecord& queue) {
  const std::uint32_t id = queue.queue_id;
  const bool was_pending = queue.free_pending;
  Transition(result, queue, QueueEvent::kIndicationsComplete);
  queues_.erase(id);  // Undefined: the id is free again
  if (was_pending) {
    result.completions.push_back({ndis::kOidReceiveFilterFreeQueue, id, NdisStatus::kSuccess});
  }
}

StepResult VmqModel::AllocationComplete(const OidRequest& request) {
  auto decoded = ndis::DecodeReceiveQueueAllocationCompleteArray(request.buffer);
  if (!decoded) {
    return DecodeRefused(decoded.error(), "NDIS_RECEIVE_QUEUE_ALLOCATION_COMPLETE_ARRAY");
  }
  ndis::ReceiveQueueAllocationCompleteArray array = *decoded;
  // All elements are checked before any queue changes, so a refused request changes nothing
  // (E-316).
  std::optional<StepResult> first_refusal;
  for (auto& element : array.elements) {
    element.completion_status = NdisStatus::kSuccess;
    auto it = queues_.find(element.queue_id);
    if (it == queues_.end() || element.queue_id == ndis::kDefaultReceiveQueueId) {
      element.completion_status = NdisStatus::kInvalidParameter;
      if (!first_refusal) {
        first_refusal = Refused(
            NdisStatus::kInvalidParameter, Side::kNdis, "complete.queue-exists", kCompletePage,
            "queue " + std::to_string(element.queue_id) + " is not an allocated VM queue");
      }
    } else if (!NextState(QueueEvent::kAllocationComplete, it->second.state)) {
      element.completion_status = NdisStatus::kInvalidParameter;
      if (!first_refusal) first_refusal = BlankCell(QueueEvent::kAllocationComplete, it->second);
    }
  }
  StepResult result = first_refusal ? *first_refusal : Succeeded();
  if (!first_refusal) {
    for (const auto& element : array.elements) {
      Transition(result, queues_.at(element.queue_id), QueueEvent::kAllocationComplete);
    }
  }
  result.output = ndis::Encode(array);
  result.bytes_written = static_cast<std::uint32_t>(result.output.size());
  return result;
}

StepResult VmqModel::QueueParametersQuery(const OidRequest& request) {
  auto decoded = ndis::DecodeReceiveQueueParameters(request.buffer);
  if (!decoded) return DecodeRefused(decoded.error(), "NDIS_RECEIVE_QUEUE_PARAMETERS");
  auto it = queues_.find(decoded->queue_id);
  if (it == queues_.end() || it->first == ndis::kDefaultReceiveQueueId) {
    return Refused(NdisStatus::kInvalidParameter, Side::kNdis, "queue-parameters.queue-exists",
                   kQueueParamsPage,
                   "queue " + std::to_string(decoded->queue_id) + " is not an allocated VM queue");
  }
  if (!NextState(QueueEvent::kQueueParametersQuery, it->second.state)) {
    return BlankCell(QueueEvent::kQueueParametersQuery, it->second);
  }
  ndis::ReceiveQueueParameters answer = it->second.parameters;
  answer.revision = std::min(decoded->revision, answer.revision);
  // NDIS answers from its cache ([WDD] oid-receive-filter-queue-parameters).
  return QueryStructure(request, ndis::Encode(answer));
}

StepResult VmqModel::QueueParametersSet(const OidRequest& request) {
  auto decoded = ndis::DecodeReceiveQueueParameters(request.buffer);
  if (!decoded) return DecodeRefused(decoded.error(), "NDIS_RECEIVE_QUEUE_PARAMETERS");
  const ndis::ReceiveQueueParameters& change = *decoded;
  auto it = queues_.find(change.queue_id);
  if (it == queues_.end() || it->first == ndis::kDefaultReceiveQueueId) {
    return Refused(NdisStatus::kInvalidParameter, Side::kNdis, "queue-parameters.queue-exists",
                   kQueueParamsPage,
                   "queue " + std::to_string(change.queue_id) + " is not an allocated VM queue");
  }
  QueueRecord& queue = it->second;
  if (!NextState(QueueEvent::kQueueParametersSet, queue.state)) {
    return BlankCell(QueueEvent::kQueueParametersSet, queue);
  }
  // Only parameters with a change flag may change after allocation
  // ([WDD] oid-receive-filter-queue-parameters); unknown change bits are refused.
  std::uint32_t known = ndis::kQueueFlagsChanged | ndis::kQueueProcessorAffinityChanged |
                        ndis::kQueueSuggestedRecvBufferNumbersChanged | ndis::kQueueNameChanged;
  if (config_.version >= ndis::kNdis630) known |= ndis::kQueueInterruptCoalescingDomainIdChanged;
  if (config_.version >= ndis::kNdis650) known |= ndis::kQueueQosSqIdChanged;
  const std::uint32_t changes = change.flags & ndis::kQueueChangeMask;
  if ((changes & ~known) != 0) {
    return Refused(NdisStatus::kInvalidParameter, Side::kMiniport, "queue-parameters.change-flags",
                   kQueueParamsPage,
                   "unknown change flags for NDIS " + ndis::ToString(config_.version));
  }
  ndis::ReceiveQueueParameters updated = queue.parameters;
  if ((changes & ndis::kQueueProcessorAffinityChanged) != 0) {
    // Only when DYNAMIC_PROCESSOR_AFFINITY_CHANGE_SUPPORTED is advertised ([DDI] capabilities;
    // NDIS refuses to "enable a capability that the underlying network adapter does not support").
    if ((capabilities_.current.supported_queue_properties &
         ndis::kDynamicProcessorAffinityChangeSupported) == 0) {
      return Refused(NdisStatus::kInvalidParameter, Side::kNdis,
                     "queue-parameters.affinity-needs-dynamic-change",
                     "[DDI] ns-ntddndis-_ndis_receive_filter_capabilities",
                     "DYNAMIC_PROCESSOR_AFFINITY_CHANGE_SUPPORTED is not advertised");
    }
    if (auto bad = CheckAffinity(change.processor_affinity)) return Refused(*bad);
    updated.processor_affinity = change.processor_affinity;
  }
  if ((changes & ndis::kQueueQosSqIdChanged) != 0 && change.qos_sq_id != 0) {
    // "NOT_SUPPORTED allowed if nonzero" ([DDI] QosSqId); the model has no QoS offload.
    return Refused(NdisStatus::kNotSupported, Side::kMiniport, "queue-parameters.qos-sq-id",
                   kQueueParamsDdi, "QoS send queues are not supported");
  }
  if ((changes & ndis::kQueueFlagsChanged) != 0) {
    updated.flags = change.flags & ~ndis::kQueueChangeMask;
  }
  if ((changes & ndis::kQueueSuggestedRecvBufferNumbersChanged) != 0) {
    updated.num_suggested_receive_buffers = change.num_suggested_receive_buffers;
  }
  if ((changes & ndis::kQueueNameChanged) != 0) {
    updated.vm_name = change.vm_name;
    updated.queue_name = change.queue_name;
  }
  if ((changes & ndis::kQueueInterruptCoalescingDomainIdChanged) != 0) {
    updated.interrupt_coalescing_domain_id = change.interrupt_coalescing_domain_id;
  }
  queue.parameters = updated;
  StepResult result = Succeeded();
  Transition(result, queue, QueueEvent::kQueueParametersSet);
  return result;
}

StepResult VmqModel::EnumFilters(const OidRequest& request) {
  auto decoded = ndis::DecodeReceiveFilterInfoArray(request.buffer);
  if (!decoded) return DecodeRefused(decoded.error(), "NDIS_RECEIVE_FILTER_INFO_ARRAY");
  auto it = queues_.find(decoded->queue_id);
  if (it == queues_.end()) {
    return Refused(NdisStatus::kInvalidParameter, Side::kNdis, "enum-filters.queue-exists",
                   "[WDD] oid-receive-filter-enum-filters",
                   "queue " + std::to_string(decoded->queue_id) + " is not allocated");
  }
  if (it->first != ndis::kDefaultReceiveQueueId &&
      !NextState(QueueEvent::kEnumFilters, it->second.state)) {
    return BlankCell(QueueEvent::kEnumFilters, it->second);
  }
  ndis::ReceiveFilterInfoArray answer;
  answer.revision = decoded->revision;
  answer.queue_id = decoded->queue_id;
  for (std::uint32_t id : it->second.filter_ids) {
    answer.elements.push_back({0, ndis::ReceiveFilterType::kVmQueue, id});
  }
  return QueryStructure(request, ndis::Encode(answer));
}

StepResult VmqModel::FilterParametersQuery(const OidRequest& request) {
  auto decoded = ndis::DecodeReceiveFilterParameters(request.buffer);
  if (!decoded) return DecodeRefused(decoded.error(), "NDIS_RECEIVE_FILTER_PARAMETERS");
  auto it = filters_.find(decoded->filter_id);
  if (it == filters_.end()) {
    // "INVALID_PARAMETER if FilterId 0/undefined" ([WDD] oid-receive-filter-parameters).
    return Refused(NdisStatus::kInvalidParameter, Side::kNdis, "filter-parameters.filter-exists",
                   "[WDD] oid-receive-filter-parameters",
                   "filter " + std::to_string(decoded->filter_id) + " is not set");
  }
  return QueryStructure(request, ndis::Encode(it->second.parameters));
}

StepResult VmqModel::Receive(ndis::ByteView frame, bool hold) {
  RouteState state;
  for (const auto& [id, queue] : queues_) state.queues[id] = RouteQueue{queue.state};
  for (const auto& [id, filter] : filters_) {
    state.filters.push_back(RouteFilter{id, filter.queue_id, filter.filter});
  }
  StepResult result = Succeeded();
  result.route = Route(state, frame);
  const RouteOutcome chosen = result.route->strict;
  if (!chosen.drop && hold) queues_.at(chosen.queue_id).outstanding += 1;
  return Finish(std::move(result));
}

StepResult VmqModel::ReturnIndications(std::uint32_t queue_id, std::optional<std::uint32_t> count) {
  auto it = queues_.find(queue_id);
  if (it == queues_.end()) {
    return Finish(Refused(NdisStatus::kInvalidParameter, Side::kNdis, "return.queue-exists",
                          "[WDD] ndis-vmq-live-migration-support",
                          "queue " + std::to_string(queue_id) + " has no outstanding indications"));
  }
  QueueRecord& queue = it->second;
  const std::uint32_t returned = std::min(queue.outstanding, count.value_or(queue.outstanding));
  queue.outstanding -= returned;
  StepResult result = Succeeded();
  result.reason = std::to_string(returned) + " indications returned";
  if (queue.state == QueueState::kFreeing && queue.outstanding == 0) CompleteFree(result, queue);
  return Finish(std::move(result));
}

std::vector<std::string> VmqModel::CheckInvariants() const {
  std::vector<std::string> problems;
  auto say = [&](std::uint32_t id, const std::string& what) {
    problems.push_back("queue " + std::to_string(id) + ": " + what);
  };
  if (!queues_.contains(ndis::kDefaultReceiveQueueId)) problems.push_back("default queue missing");
  std::size_t filter_refs = 0;
  for (const auto& [id, queue] : queues_) {
    if (id != queue.queue_id) say(id, "id mismatch");
    filter_refs += queue.filter_ids.size();
    for (std::uint32_t filter_id : queue.filter_ids) {
      auto filter = filters_.find(filter_id);
      if (filter == filters_.end() || filter->second.queue_id != id) say(id, "dangling filter");
    }
    if (id == ndis::kDefaultReceiveQueueId) {
      if (queue.state != QueueState::kRunning) say(id, "default queue not Running");
      continue;
    }
    const bool has_filters = !queue.filter_ids.empty();
    switch (queue.state) {
      case QueueState::kUndefined:
        say(id, "an Undefined queue is still recorded");
        break;
      case QueueState::kAllocated:
      case QueueState::kPaused:
      case QueueState::kDmaStopped:
      case QueueState::kFreeing:
        if (has_filters) say(id, std::string(ToString(queue.state)) + " with filters");
        break;
      case QueueState::kSet:
      case QueueState::kRunning:
        if (!has_filters) say(id, std::string(ToString(queue.state)) + " without filters");
        break;
    }
    if (queue.state == QueueState::kDmaStopped) say(id, "DmaStopped outside a FREE_QUEUE step");
    if (queue.free_pending != (queue.state == QueueState::kFreeing)) {
      say(id, "Freeing and a pending FREE_QUEUE disagree");
    }
    if (id > capabilities_.current.num_queues) say(id, "id beyond NumQueues");
  }
  if (filter_refs != filters_.size()) problems.push_back("filters not owned by exactly one queue");
  if (filters_.contains(ndis::kDefaultReceiveFilterId)) problems.push_back("filter id 0 assigned");
  return problems;
}

}  // namespace vmqkit::spec
