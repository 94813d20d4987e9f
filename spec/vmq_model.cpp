#include "spec/vmq_model.h"

#include <algorithm>

#include "ndis/constants.h"
#include "spec/vmq_model_steps.h"

namespace vmqkit::spec {
namespace model_steps {

using ndis::NdisStatus;

namespace {

std::string CellName(QueueEvent event, QueueState state) {
  return "table." + std::string(ToString(event)) + "." + std::string(ToString(state));
}

}  // namespace

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

StepResult BlankCell(QueueEvent event, const QueueRecord& queue) {
  return Refused(
      NdisStatus::kInvalidParameter, Side::kNdis, CellName(event, queue.state), kStatesPage,
      std::string(ToString(event)) + " is invalid for queue " + std::to_string(queue.queue_id) +
          " in state " + std::string(ToString(queue.state)));
}

}  // namespace model_steps

using model_steps::kStatesPage;
using model_steps::Refused;
using model_steps::Succeeded;
using ndis::NdisStatus;

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
  input.hardware = AdvertiseHardware();
  input.ndis = config_.version;
  input.supported_speed_bps = config_.link_speed_bps;
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

HardwareSupport VmqModel::AdvertiseHardware() const {
  HardwareSupport hw = config_.support;
  // The VMQ features behind *VMQVlanFiltering / *VMQLookaheadSplit are the hardware's (E-011,
  // E-012): the model's hardware is what the DUT reports (E-653).
  hw.vlan_id_filtering = config_.hardware.vlan_id_filtering;
  hw.lookahead_split = config_.hardware.lookahead_split;
  return hw;
}

void VmqModel::AdoptCapabilities(const AdvertisedCapabilities& dut, ReceiveInterface chosen) {
  capabilities_ = dut;
  if (chosen != decision_.interface) {
    // The reads that depend on what ended up enabled (AR-12, AR-13: "when VMQ ends up enabled")
    // follow the permitted interface the DUT enabled, not the recommended one (E-011, E-020).
    ReadObligations obligations =
        ApplyReadRules({AdvertiseHardware(), config_.version, decision_.preference, chosen});
    decision_.must_read = std::move(obligations.must_read);
    decision_.must_not_read = std::move(obligations.must_not_read);
  }
  decision_.interface = chosen;
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

const RouteFilters& VmqModel::RoutingFilters() const {
  if (!routing_filters_) {
    std::vector<RouteFilter> filters;
    filters.reserve(filters_.size());
    for (const auto& [id, filter] : filters_) {
      filters.push_back(RouteFilter{id, filter.queue_id, filter.filter});
    }
    routing_filters_ = std::make_shared<const RouteFilters>(std::move(filters));
  }
  return *routing_filters_;
}

StepResult VmqModel::Receive(ndis::ByteView frame, bool hold) {
  std::map<std::uint32_t, RouteQueue> queues;
  for (const auto& [id, queue] : queues_)
    queues.emplace_hint(queues.end(), id, RouteQueue{queue.state});
  StepResult result = Succeeded();
  result.route = Route(queues, RoutingFilters(), frame);
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
