// VmqModel: the filter OIDs (set, clear, enumerate, filter parameters).
#include <algorithm>

#include "ndis/constants.h"
#include "spec/vmq_model.h"
#include "spec/vmq_model_steps.h"

namespace vmqkit::spec {

using model_steps::BlankCell;
using model_steps::DecodeRefused;
using model_steps::kClearPage;
using model_steps::kSetFilterOidPage;
using model_steps::LowestFreeId;
using model_steps::Refused;
using model_steps::Succeeded;
using ndis::NdisStatus;

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
    // A full filter table: [SAMPLE] vmq.c SetRxFilter answers INVALID_PARAMETER (recommended,
    // E-512); the page's "The request failed for other reasons" (FAILURE) and NDIS_STATUS_RESOURCES
    // for a resource the adapter ran out of are permitted too (E-320).
    StepResult refused = Refused(
        NdisStatus::kInvalidParameter, Side::kMiniport, "set-filter.max-filters",
        "[SAMPLE] vmq.c SetRxFilter; docs/errata.md E-320",
        "all " + std::to_string(current.max_mac_header_filters) + " MAC header filters are in use");
    refused.permitted = {NdisStatus::kInvalidParameter, NdisStatus::kResources,
                         NdisStatus::kFailure};
    return refused;
  }
  FilterValidation validation = ValidateVmqFilter(params, {config_.version, &current});
  if (auto* rejection = std::get_if<Rejection>(&validation.result)) {
    StepResult refused = Refused(*rejection);
    // 6.20: "the miniport driver must return a failed status" ([DDI]
    // ns-ntddndis-_ndis_receive_filter_field_parameters): any failure status (E-321).
    refused.any_failure = refused.rule == "filter.mac-only-needs-flag-6.20";
    return refused;
  }
  // NDIS assigns the filter id, unique on the adapter across all queues, from 1
  // ([DDI] NDIS_RECEIVE_FILTER_PARAMETERS: "A value of zero is invalid").
  const std::uint32_t filter_id = LowestFreeId(filters_, 1, 0xFFFFFFFFu);
  params.filter_id = filter_id;
  filters_.emplace(filter_id, FilterRecord{filter_id, params.queue_id,
                                           std::get<VmqFilter>(validation.result), params});
  routing_filters_.reset();
  StepResult result = Succeeded();
  if (validation.refusal_also_permitted) {
    // 6.30+: "must do either one of the following: ... return a failed status ... [or] configure
    // the network adapter to inspect and filter the specified MAC address fields" (E-321).
    result.any_failure = true;
    result.no_recommendation = true;  // "either one of": neither is recommended, not even strictly
    result.rule = "filter.mac-only-6.30";
    result.source = "[DDI] ns-ntddndis-_ndis_receive_filter_field_parameters";
    result.reason =
        "MAC filter without VLAN test or flag: accepted, any VLAN (any failure permitted)";
  } else if (queue->first != ndis::kDefaultReceiveQueueId && !queue->second.filter_ids.empty()) {
    // A queue's second and later filters: NDIS_RECEIVE_FILTER_CAPABILITIES counts queues and MAC
    // header filters, not filters per queue, so the adapter may run out of what holds them
    // (E-501's pools): NDIS_STATUS_RESOURCES is permitted (E-320).
    result.permitted = {NdisStatus::kSuccess, NdisStatus::kResources};
    result.rule = "set-filter.resources";
    result.source = "docs/errata.md E-320";
    result.reason = "a further filter of the queue: accepted (RESOURCES permitted)";
  }
  result.filters_set = {filter_id};
  QueueRecord& record = queue->second;
  // Kept ascending: inserted in place (a queue may hold thousands of filters).
  record.filter_ids.insert(
      std::lower_bound(record.filter_ids.begin(), record.filter_ids.end(), filter_id), filter_id);
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
  result.filters_cleared = {filter->first};
  std::erase(queue.filter_ids, filter->first);
  filters_.erase(filter);
  routing_filters_.reset();
  // After CLEAR of the last filter no more indications on the queue; the miniport may stop DMA
  // but "should not send the DMA stopped state indication in this case"
  // ([WDD] ndis-virtual-machine-queue-states).
  Transition(result, queue, event);
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

}  // namespace vmqkit::spec
