// MiniportOidRequest: every information buffer is decoded (header, revision, size, array bounds)
// and every field checked before anything changes; a rejected request leaves the adapter as it was.
#include <algorithm>
#include <span>

#include "hwref/frame.h"
#include "ndis/oids.h"
#include "ndis/structure_fields.h"
#include "reference/miniport.h"

namespace vmqkit::reference {
namespace {

using ndis::NdisStatus;

constexpr std::uint32_t Status(NdisStatus status) {
  return static_cast<std::uint32_t>(status);
}

struct Reply {
  const vmqkit_oid_request& request;
  std::uint32_t Done(NdisStatus status, std::uint32_t written = 0, std::uint32_t needed = 0) const {
    if (request.bytes_written != nullptr) *request.bytes_written = written;
    if (request.bytes_needed != nullptr) *request.bytes_needed = needed;
    return Status(status);
  }
  std::uint32_t Failed(const ndis::DecodeFailure& failure) const {
    return Done(failure.status, 0, failure.bytes_needed);
  }
};

ndis::ByteView Input(const vmqkit_oid_request& request) {
  if (request.buffer == nullptr) return {};
  return ndis::ByteView(request.buffer, request.input_length);
}

// Copies an encoded answer into the caller's buffer, or says how much is needed.
std::uint32_t Answer(const vmqkit_oid_request& request, const ndis::Bytes& bytes) {
  const Reply reply{request};
  const auto size = static_cast<std::uint32_t>(bytes.size());
  if (request.buffer == nullptr || request.output_length < size) {
    return reply.Done(NdisStatus::kInvalidLength, 0, size);
  }
  std::copy(bytes.begin(), bytes.end(), request.buffer);
  return reply.Done(NdisStatus::kSuccess, size, 0);
}

// A method request answers in the same buffer: the driver echoes the structure it read, with its
// output members filled in, so the output must hold what the input held (E-506).
bool OutputFits(const vmqkit_oid_request& request) {
  return request.output_length >= request.input_length;
}

// The caller's buffer as the driver may write it: a method request answers in place.
std::span<std::uint8_t> Output(const vmqkit_oid_request& request) {
  if (request.buffer == nullptr) return {};
  return std::span<std::uint8_t>(request.buffer, request.input_length);
}

// What a VMQ filter may say ([WDD] setting-a-vmq-filter, [DDI] field parameters; E-504).
struct FilterSpec {
  std::uint64_t mac = 0;
  std::uint32_t vlan_class = kUntaggedOrZero;
};
std::optional<FilterSpec> ParseVmqFilter(const ndis::ReceiveFilterParameters& params,
                                         bool vlan_filtering) {
  std::optional<std::uint64_t> mac;
  bool untagged_or_zero = false;
  std::optional<std::uint32_t> vlan;
  for (const auto& field : params.fields) {
    if (field.frame_header != ndis::FrameHeader::kMac) return std::nullopt;
    if (field.test != ndis::ReceiveFilterTest::kEqual) return std::nullopt;
    switch (field.mac_field()) {
      case ndis::MacHeaderField::kDestinationAddress:
        if (mac || (field.flags & ~ndis::kFieldMacHeaderVlanUntaggedOrZero) != 0)
          return std::nullopt;
        mac = hwref::PackMac(field.FieldMacAddress());
        untagged_or_zero = (field.flags & ndis::kFieldMacHeaderVlanUntaggedOrZero) != 0;
        break;
      case ndis::MacHeaderField::kVlanId: {
        // Network byte order ([DDI] field parameters: "must be specified in network byte order
        // (big-endian) format"); VID 0 is what UNTAGGED_OR_ZERO says, and IEEE 802.1Q reserves
        // VID 0xFFF ("shall not be configured as a PVID or a member of a VID set"): 1..4094.
        const std::uint32_t vid = field.FieldNetworkShort();
        if (vlan || field.flags != 0 || vid == 0 || vid >= 4095 || !vlan_filtering)
          return std::nullopt;
        vlan = vid;
        break;
      }
      default:
        return std::nullopt;
    }
  }
  // A MAC is required, and exactly one of "VLAN id" and "untagged or zero" (the Hyper-V switch
  // always sets one of them; a MAC-only filter is refused, which the DDI permits from 6.30).
  if (!mac || untagged_or_zero == vlan.has_value()) return std::nullopt;
  return FilterSpec{*mac, vlan.value_or(kUntaggedOrZero)};
}

}  // namespace

std::uint32_t Miniport::OidRequest(const vmqkit_oid_request& request) {
  const Reply reply{request};
  reply.Done(NdisStatus::kSuccess);
  if (!initialized_ || halted_) return reply.Done(NdisStatus::kNotAccepted);
  if (request.buffer == nullptr && (request.input_length != 0 || request.output_length != 0)) {
    return reply.Done(NdisStatus::kInvalidParameter);
  }
  const auto kind = request.request_type;
  const bool vmq = config_.VmqEnabled();
  switch (request.oid) {
    case ndis::kOidReceiveFilterHardwareCapabilities:
      if (kind != VMQKIT_REQUEST_QUERY) break;
      return QueryCapabilities(request, hardware_caps_);
    case ndis::kOidReceiveFilterCurrentCapabilities:
      if (kind != VMQKIT_REQUEST_QUERY) break;
      return QueryCapabilities(request, current_caps_);
    case ndis::kOidReceiveFilterGlobalParameters:
      if (kind != VMQKIT_REQUEST_QUERY) break;
      return QueryGlobalParameters(request);
    case ndis::kOidReceiveFilterAllocateQueue:
      if (kind != VMQKIT_REQUEST_METHOD || !vmq) break;
      return AllocateQueue(request);
    case ndis::kOidReceiveFilterQueueAllocationComplete:
      if (kind != VMQKIT_REQUEST_METHOD || !vmq) break;
      return QueueAllocationComplete(request);
    case ndis::kOidReceiveFilterSetFilter:
      if (kind != VMQKIT_REQUEST_METHOD || !vmq) break;
      return SetFilter(request);
    case ndis::kOidReceiveFilterClearFilter:
      // Driver Verifier NdisOidComplete: CLEAR_FILTER and FREE_QUEUE complete only with
      // NOT_ACCEPTED, REQUEST_ABORTED, SUCCESS or PENDING; every refusal is NOT_ACCEPTED (E-322).
      if (kind != VMQKIT_REQUEST_SET || !vmq) return reply.Done(NdisStatus::kNotAccepted);
      return ClearFilter(request);
    case ndis::kOidReceiveFilterFreeQueue:
      if (kind != VMQKIT_REQUEST_SET || !vmq) return reply.Done(NdisStatus::kNotAccepted);
      return FreeQueue(request);
    case ndis::kOidReceiveFilterQueueParameters:
      if (!vmq) break;
      if (kind == VMQKIT_REQUEST_SET) return SetQueueParameters(request);
      if (kind == VMQKIT_REQUEST_METHOD) return QueryQueueParameters(request);
      break;
    case ndis::kOidReceiveFilterEnumFilters:
      if (kind != VMQKIT_REQUEST_METHOD || !vmq) break;
      return EnumFilters(request);
    default:
      break;
  }
  return reply.Done(NdisStatus::kNotSupported);
}

std::uint32_t Miniport::QueryGlobalParameters(const vmqkit_oid_request& request) {
  ndis::ReceiveFilterGlobalParameters global;
  global.enabled_filter_types = current_caps_.enabled_filter_types;
  global.enabled_queue_types = current_caps_.enabled_queue_types;
  return Answer(request, ndis::Encode(global));
}

std::uint32_t Miniport::QueryCapabilities(const vmqkit_oid_request& request,
                                          const ndis::ReceiveFilterCapabilities& caps) {
  return Answer(request, ndis::Encode(caps));
}

// OID_RECEIVE_FILTER_ALLOCATE_QUEUE: NDIS has assigned QueueId; the driver claims a pool, sets up
// its ring, routes its interrupt to the affinity's processor and returns MSIXTableEntry.
std::uint32_t Miniport::AllocateQueue(const vmqkit_oid_request& request) {
  const Reply reply{request};
  auto decoded = ndis::DecodeReceiveQueueParameters(Input(request));
  if (!decoded) return reply.Failed(decoded.error());
  const ndis::ReceiveQueueParameters& params = *decoded;
  if (!OutputFits(request)) return reply.Done(NdisStatus::kInvalidLength, 0, request.input_length);
  if (params.queue_type != ndis::ReceiveQueueType::kVmQueue)
    return reply.Done(NdisStatus::kInvalidParameter);
  if (params.queue_id == ndis::kDefaultReceiveQueueId || queues_.contains(params.queue_id)) {
    return reply.Done(NdisStatus::kInvalidParameter);
  }
  if ((params.flags & ndis::kQueueChangeMask) != 0)
    return reply.Done(NdisStatus::kInvalidParameter);
  // No lookahead split: 6.20 may not ask for it; 6.30+ ignores the flag but LookaheadSize must be
  // 0.
  if (ndis_630_ ? params.lookahead_size != 0
                : (params.flags & ndis::kQueueLookaheadSplitRequired) != 0) {
    return reply.Done(NdisStatus::kInvalidParameter);
  }
  if (params.qos_sq_id != 0) return reply.Done(NdisStatus::kNotSupported);
  const auto processor = ProcessorOf(params.processor_affinity);
  if (!processor) return reply.Done(NdisStatus::kInvalidParameter);
  if (queues_.size() >= current_caps_.num_queues) return reply.Done(NdisStatus::kResources);
  const auto pool = AllocatePool();
  if (!pool) return reply.Done(NdisStatus::kResources);

  VmQueue queue;
  queue.queue_id = params.queue_id;
  queue.parameters = params;
  queue.processor = *processor;
  queue.parameters.msix_table_entry = VectorOfProcessor(*processor);
  queue.pools.push_back(PoolUse{*pool, {}});
  pool_owner_[*pool] = params.queue_id;
  // 6.30+: the VLAN tag of a VLAN-filtered frame goes into the 802.1Q OOB data (RXDCTL.VME).
  StartRing(*pool, ndis_630_);
  RouteRingInterrupt(RingOfPool(*pool), queue.parameters.msix_table_entry);
  // The pool receives (VFRE), and its filters enter the tables, only once the allocation is
  // complete (E-505).
  const std::uint32_t vector = queue.parameters.msix_table_entry;
  queues_.emplace(params.queue_id, std::move(queue));
  ProgramPoolOptions(*pool);

  ndis::PutField(Output(request),
                 ndis::FieldOf(ndis::Structure::kReceiveQueueParameters, "MSIXTableEntry"), vector);
  return reply.Done(NdisStatus::kSuccess, request.input_length);
}

// OID_RECEIVE_FILTER_QUEUE_ALLOCATION_COMPLETE: every listed queue must be freshly allocated;
// the driver writes each CompletionStatus and starts receiving on them.
std::uint32_t Miniport::QueueAllocationComplete(const vmqkit_oid_request& request) {
  const Reply reply{request};
  auto decoded = ndis::DecodeReceiveQueueAllocationCompleteArray(Input(request));
  if (!decoded) return reply.Failed(decoded.error());
  if (!OutputFits(request)) return reply.Done(NdisStatus::kInvalidLength, 0, request.input_length);
  std::vector<std::uint32_t> ids;
  for (const auto& element : decoded->elements) {
    auto it = queues_.find(element.queue_id);
    if (it == queues_.end()) return reply.Done(NdisStatus::kInvalidParameter);
    const QueueState state = it->second.state;
    if (state != QueueState::kAllocated && state != QueueState::kSet) {
      return reply.Done(NdisStatus::kInvalidParameter);
    }
    if (std::find(ids.begin(), ids.end(), element.queue_id) != ids.end()) {
      return reply.Done(NdisStatus::kInvalidParameter);
    }
    ids.push_back(element.queue_id);
  }
  constexpr auto kCompletionStatus =
      ndis::FieldOf(ndis::Structure::kReceiveQueueAllocationCompleteParameters, "CompletionStatus");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    VmQueue& queue = queues_.at(ids[i]);
    queue.state = queue.state == QueueState::kSet ? QueueState::kRunning : QueueState::kPaused;
    for (const PoolUse& use : queue.pools) SetPoolEnabled(use.pool, true);
    if (queue.state == QueueState::kRunning) ProgramQueueFilters(queue);
    ndis::PutField(ndis::ArrayElement(Output(request),
                                      ndis::Structure::kReceiveQueueAllocationCompleteArray, i),
                   kCompletionStatus, Status(NdisStatus::kSuccess));
  }
  return reply.Done(NdisStatus::kSuccess, request.input_length);
}

// OID_RECEIVE_FILTER_SET_FILTER: NDIS has assigned FilterId. The filter joins a pool of its queue
// where the pool's MAC x VLAN product stays exact, or a new pool; the address and VLAN entries it
// needs must all be available before anything is written (no partial programming).
std::uint32_t Miniport::SetFilter(const vmqkit_oid_request& request) {
  const Reply reply{request};
  auto decoded = ndis::DecodeReceiveFilterParameters(Input(request));
  if (!decoded) return reply.Failed(decoded.error());
  const ndis::ReceiveFilterParameters& params = *decoded;
  if (!OutputFits(request)) return reply.Done(NdisStatus::kInvalidLength, 0, request.input_length);
  if (params.filter_type != ndis::ReceiveFilterType::kVmQueue || params.flags != 0 ||
      params.requested_filter_id_bit_count != 0 || params.vport_id != 0) {
    return reply.Done(NdisStatus::kInvalidParameter);
  }
  if (params.filter_id == ndis::kDefaultReceiveFilterId || filters_.contains(params.filter_id)) {
    return reply.Done(NdisStatus::kInvalidParameter);
  }
  const bool default_queue = params.queue_id == ndis::kDefaultReceiveQueueId;
  auto queue_it = queues_.find(params.queue_id);
  if (!default_queue &&
      (queue_it == queues_.end() || queue_it->second.state == QueueState::kFreeing)) {
    return reply.Done(NdisStatus::kInvalidParameter);
  }
  // The driver holds to the MaxMacHeaderFilters it advertised (capabilities.cpp; [DDI]
  // ns-ntddndis-_ndis_receive_filter_capabilities), filters of every queue counted: one more is
  // refused with INVALID_PARAMETER, as the sample refuses it ([SAMPLE] vmq.c SetRxFilter).
  if (filters_.size() >= current_caps_.max_mac_header_filters) {
    return reply.Done(NdisStatus::kInvalidParameter);
  }
  const auto spec = ParseVmqFilter(params, config_.vmq_vlan_filtering);
  if (!spec) return reply.Done(NdisStatus::kInvalidParameter);

  VmqFilter filter{params.filter_id, params.queue_id, spec->mac, spec->vlan_class, default_pool()};
  if (default_queue) {
    // Frames nobody else claims reach the default queue anyway: nothing to program.
    filters_.emplace(filter.filter_id, filter);
    return reply.Done(NdisStatus::kSuccess, request.input_length);
  }
  VmQueue& queue = queue_it->second;
  // Pick the pool: one whose filters all share this MAC, or all share this VLAN class, or an
  // empty one; otherwise a new pool (E-501).
  std::optional<std::size_t> slot;
  for (std::size_t i = 0; i < queue.pools.size() && !slot; ++i) {
    if (queue.pools[i].Takes(filter.mac, filter.vlan_class)) slot = i;
  }
  std::optional<std::uint32_t> new_pool;
  if (!slot) {
    new_pool = AllocatePool();
    if (!new_pool) return reply.Done(NdisStatus::kResources);
  }
  if (filter.mac != hwref::kBroadcastMac && !addresses_.CanAcquire(filter.mac)) {
    return reply.Done(NdisStatus::kResources);
  }
  if (filter.vlan_class != kUntaggedOrZero && !vlans_.CanAcquire(filter.vlan_class)) {
    return reply.Done(NdisStatus::kResources);
  }

  if (new_pool) {
    pool_owner_[*new_pool] = queue.queue_id;
    queue.pools.push_back(PoolUse{*new_pool, {}});
    slot = queue.pools.size() - 1;
    StartRing(*new_pool, ndis_630_);
    RouteRingInterrupt(RingOfPool(*new_pool), queue.parameters.msix_table_entry);
    if (queue.state == QueueState::kPaused || queue.state == QueueState::kRunning) {
      SetPoolEnabled(*new_pool, true);
    }
  }
  filter.pool = queue.pools[*slot].pool;
  queue.pools[*slot].Add(filter.filter_id, filter.mac, filter.vlan_class);
  filters_.emplace(filter.filter_id, filter);
  // The state first: the hardware tables carry only a Running queue's filters (E-505).
  if (queue.state == QueueState::kAllocated) queue.state = QueueState::kSet;
  if (queue.state == QueueState::kPaused) queue.state = QueueState::kRunning;
  AddFilterToHardware(filter);
  return reply.Done(NdisStatus::kSuccess, request.input_length);
}

// OID_RECEIVE_FILTER_CLEAR_FILTER: the filter leaves its pool; entries nobody else uses are
// cleared; an emptied extra pool goes back; the last filter of a queue stops its reception.
std::uint32_t Miniport::ClearFilter(const vmqkit_oid_request& request) {
  const Reply reply{request};
  // Refusals are NOT_ACCEPTED (NdisOidComplete, E-322): FILE_NOT_FOUND, INVALID_PARAMETER and
  // INVALID_LENGTH are what NDIS answers before a request reaches the miniport.
  auto decoded = ndis::DecodeReceiveFilterClearParameters(Input(request));
  if (!decoded) return reply.Done(NdisStatus::kNotAccepted);
  auto it = filters_.find(decoded->filter_id);
  if (it == filters_.end() || it->second.queue_id != decoded->queue_id) {
    return reply.Done(NdisStatus::kNotAccepted);
  }
  const VmqFilter filter = it->second;
  const auto read = static_cast<std::uint32_t>(
      ndis::SizeOf(ndis::Structure::kReceiveFilterClearParameters, ndis::kRevision1));
  filters_.erase(it);
  if (filter.queue_id == ndis::kDefaultReceiveQueueId)
    return reply.Done(NdisStatus::kSuccess, read);

  VmQueue& queue = queues_.at(filter.queue_id);
  for (std::size_t i = 0; i < queue.pools.size(); ++i) {
    auto& ids = queue.pools[i].filter_ids;
    auto pos = std::find(ids.begin(), ids.end(), filter.filter_id);
    if (pos == ids.end()) continue;
    ids.erase(pos);
    // What the remaining filters share, from scratch.
    PoolUse rest;
    rest.pool = queue.pools[i].pool;
    for (std::uint32_t id : ids) {
      const VmqFilter& kept = filters_.at(id);
      rest.Add(id, kept.mac, kept.vlan_class);
    }
    queue.pools[i] = std::move(rest);
    RemoveFilterFromHardware(filter);
    if (ids.empty() && i != 0) {  // extra pool emptied: give it back (the home pool stays)
      const std::uint32_t pool = queue.pools[i].pool;
      StopRing(pool);
      SetPoolEnabled(pool, false);
      pool_owner_[pool].reset();
      nic_.registers().Write(hwref::RegisterId::kVMOLR, pool, 0);
      queue.pools.erase(queue.pools.begin() + static_cast<std::ptrdiff_t>(i));
    }
    break;
  }
  bool any = false;
  for (const PoolUse& use : queue.pools) any = any || !use.filter_ids.empty();
  if (!any) {
    if (queue.state == QueueState::kSet) queue.state = QueueState::kAllocated;
    if (queue.state == QueueState::kRunning) queue.state = QueueState::kPaused;
  }
  return reply.Done(NdisStatus::kSuccess, read);
}

// OID_RECEIVE_FILTER_FREE_QUEUE: stop DMA, say so (NDIS_STATUS_RECEIVE_QUEUE_STATE, DmaStopped),
// then complete once every indicated frame of the queue has come back ([WDD] freeing-a-vm-queue).
std::uint32_t Miniport::FreeQueue(const vmqkit_oid_request& request) {
  const Reply reply{request};
  // Refusals are NOT_ACCEPTED (NdisOidComplete, E-322).
  auto decoded = ndis::DecodeReceiveQueueFreeParameters(Input(request));
  if (!decoded) return reply.Done(NdisStatus::kNotAccepted);
  auto it = queues_.find(decoded->queue_id);
  if (it == queues_.end()) return reply.Done(NdisStatus::kNotAccepted);
  VmQueue& queue = it->second;
  // "The queue cannot be freed while there are filters set" (E-507).
  if (queue.state != QueueState::kAllocated && queue.state != QueueState::kPaused) {
    return reply.Done(NdisStatus::kNotAccepted);
  }
  const auto read = static_cast<std::uint32_t>(
      ndis::SizeOf(ndis::Structure::kReceiveQueueFreeParameters, ndis::kRevision1));
  for (const PoolUse& use : queue.pools) {
    StopRing(use.pool);
    SetPoolEnabled(use.pool, false);
  }
  queue.state = QueueState::kFreeing;
  if (callbacks_.indicate_status != nullptr) {
    ndis::ReceiveQueueState state{0, queue.queue_id, ndis::QueueOperationalState::kDmaStopped};
    const ndis::Bytes bytes = ndis::Encode(state);
    callbacks_.indicate_status(host_, Status(NdisStatus::kReceiveQueueState), bytes.data(),
                               static_cast<std::uint32_t>(bytes.size()));
  }
  if (queue.outstanding == 0) {
    ReleaseQueueResources(queue);
    queues_.erase(it);
    return reply.Done(NdisStatus::kSuccess, read);
  }
  queue.pending_free = request.request_id;
  return reply.Done(NdisStatus::kPending, read);
}

// OID_RECEIVE_FILTER_QUEUE_PARAMETERS (set): only parameters with a change flag change; a new
// affinity reprograms the queue's MSI-X routing (IVAR) to the new processor's vector.
std::uint32_t Miniport::SetQueueParameters(const vmqkit_oid_request& request) {
  const Reply reply{request};
  auto decoded = ndis::DecodeReceiveQueueParameters(Input(request));
  if (!decoded) return reply.Failed(decoded.error());
  const ndis::ReceiveQueueParameters& params = *decoded;
  auto it = queues_.find(params.queue_id);
  if (it == queues_.end() || it->second.state == QueueState::kFreeing) {
    return reply.Done(NdisStatus::kInvalidParameter);
  }
  VmQueue& queue = it->second;
  std::uint32_t supported = ndis::kQueueFlagsChanged |
                            ndis::kQueueSuggestedRecvBufferNumbersChanged | ndis::kQueueNameChanged;
  if (ndis_630_) supported |= ndis::kQueueProcessorAffinityChanged;
  const std::uint32_t changes = params.flags & ndis::kQueueChangeMask;
  if ((changes & ~supported) != 0) return reply.Done(NdisStatus::kInvalidParameter);
  std::optional<std::uint32_t> processor;
  if ((changes & ndis::kQueueProcessorAffinityChanged) != 0) {
    processor = ProcessorOf(params.processor_affinity);
    if (!processor) return reply.Done(NdisStatus::kInvalidParameter);
  }
  if ((changes & ndis::kQueueFlagsChanged) != 0) {
    if ((params.flags & ~ndis::kQueueChangeMask & ~ndis::kQueuePerQueueReceiveIndication &
         ~ndis::kQueueLookaheadSplitRequired) != 0) {
      return reply.Done(NdisStatus::kInvalidParameter);
    }
    queue.parameters.flags = params.flags & ~ndis::kQueueChangeMask;
  }
  if ((changes & ndis::kQueueSuggestedRecvBufferNumbersChanged) != 0) {
    queue.parameters.num_suggested_receive_buffers = params.num_suggested_receive_buffers;
  }
  if ((changes & ndis::kQueueNameChanged) != 0) {
    queue.parameters.vm_name = params.vm_name;
    queue.parameters.queue_name = params.queue_name;
  }
  if (processor) {
    queue.parameters.processor_affinity = params.processor_affinity;
    queue.processor = *processor;
    queue.parameters.msix_table_entry = VectorOfProcessor(*processor);
    for (const PoolUse& use : queue.pools) {
      RouteRingInterrupt(RingOfPool(use.pool), queue.parameters.msix_table_entry);
    }
  }
  return reply.Done(NdisStatus::kSuccess, request.input_length);
}

// QUEUE_PARAMETERS (method): NDIS answers it from its cache; the driver answers the same way from
// its own copy, for hosts that pass the query down.
std::uint32_t Miniport::QueryQueueParameters(const vmqkit_oid_request& request) {
  const Reply reply{request};
  auto decoded = ndis::DecodeReceiveQueueParameters(Input(request));
  if (!decoded) return reply.Failed(decoded.error());
  auto it = queues_.find(decoded->queue_id);
  if (it == queues_.end() || it->second.state == QueueState::kFreeing) {
    return reply.Done(NdisStatus::kInvalidParameter);
  }
  ndis::ReceiveQueueParameters answer = it->second.parameters;
  answer.revision = decoded->revision;
  return Answer(request, ndis::Encode(answer));
}

// ENUM_FILTERS (method): the filters of one queue, NDIS_RECEIVE_FILTER_INFO_ARRAY.
std::uint32_t Miniport::EnumFilters(const vmqkit_oid_request& request) {
  const Reply reply{request};
  auto header = ndis::CheckHeader(Input(request), ndis::Structure::kReceiveFilterInfoArray);
  if (!header) return reply.Failed(header.error());
  const auto queue_id = static_cast<std::uint32_t>(ndis::GetField(
      Input(request), ndis::FieldOf(ndis::Structure::kReceiveFilterInfoArray, "QueueId")));
  if (queue_id != ndis::kDefaultReceiveQueueId && !queues_.contains(queue_id)) {
    return reply.Done(NdisStatus::kInvalidParameter);
  }
  ndis::ReceiveFilterInfoArray answer;
  answer.revision = header->revision;
  answer.queue_id = queue_id;
  for (const auto& [id, filter] : filters_) {
    if (filter.queue_id == queue_id)
      answer.elements.push_back({0, ndis::ReceiveFilterType::kVmQueue, id});
  }
  return Answer(request, ndis::Encode(answer));
}

}  // namespace vmqkit::reference
