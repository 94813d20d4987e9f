// VmqModel: the queue OIDs (allocate, free, allocation complete, queue parameters)
// and the affinity check they share.
#include <algorithm>

#include "ndis/constants.h"
#include "spec/vmq_model.h"
#include "spec/vmq_model_steps.h"

namespace vmqkit::spec {

using model_steps::BlankCell;
using model_steps::DecodeRefused;
using model_steps::kCompletePage;
using model_steps::kFreePage;
using model_steps::kQueueParamsDdi;
using model_steps::kQueueParamsPage;
using model_steps::LowestFreeId;
using model_steps::Refused;
using model_steps::Succeeded;
using ndis::NdisStatus;

std::optional<Rejection> VmqModel::CheckAffinity(const ndis::GroupAffinity& affinity) const {
  // "At least one processor must be specified" ([DDI] NDIS_RECEIVE_QUEUE_PARAMETERS), and the
  // processors must be ones NDIS gave the adapter ([WDD] vmq-interrupt-requirements: from
  // NdisGetRssProcessorInformation; [SAMPLE] checks group and active CPUs; E-312).
  if (affinity.mask == 0) {
    return Rejection{NdisStatus::kInvalidParameter, Side::kMiniport, "affinity.not-empty",
                     kQueueParamsDdi, "ProcessorAffinity.Mask is 0"};
  }
  if (affinity.group >= config_.processor_groups.size()) {
    return Rejection{NdisStatus::kInvalidParameter, Side::kMiniport, "affinity.group",
                     "docs/errata.md E-312",
                     "processor group " + std::to_string(affinity.group) + " does not exist"};
  }
  if ((affinity.mask & config_.processor_groups[affinity.group]) == 0) {
    return Rejection{NdisStatus::kInvalidParameter, Side::kMiniport, "affinity.processor-set",
                     "docs/errata.md E-312",
                     "ProcessorAffinity.Mask has no processor of the adapter's set"};
  }
  return std::nullopt;
}

bool VmqModel::PartlyOutside(const ndis::GroupAffinity& affinity) const {
  return (affinity.mask & ~config_.processor_groups.at(affinity.group)) != 0;
}

namespace {

// A mask with processors both inside and outside the adapter's set: no page says which; the
// miniport may use the processors inside (E-511) or refuse (E-312). The model accepts.
void PermitAffinityRefusal(StepResult& result) {
  result.permitted = {NdisStatus::kSuccess, NdisStatus::kInvalidParameter};
  result.rule = "affinity.processor-set";
  result.source = "docs/errata.md E-312";
  result.reason = "processors outside the adapter's set: accepted (refusal permitted)";
}

}  // namespace

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
    // NDIS assigns the ids 1..NumQueues and has none left; passed down anyway, any failure
    // status (E-651), RESOURCES among them (E-320, E-510).
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
  if (PartlyOutside(params.processor_affinity)) PermitAffinityRefusal(result);
  auto& stored = queues_.emplace(id, queue).first->second;
  Transition(result, stored, QueueEvent::kAllocateQueue);
  result.output = ndis::Encode(params);
  result.bytes_written = static_cast<std::uint32_t>(result.output.size());
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
  // Synchronous completion; a miniport may also pend and complete later, as with any request
  // (the engine judges the completion: docs/errata.md E-324).
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
  bool partly_outside = false;
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
    partly_outside = PartlyOutside(change.processor_affinity);
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
  if (partly_outside) PermitAffinityRefusal(result);
  Transition(result, queue, QueueEvent::kQueueParametersSet);
  return result;
}

}  // namespace vmqkit::spec
