// A minimal VMQ miniport behind the DUT ABI (abi/include/vmqkit/dut.h): the smallest
// driver core that passes `vmqkit conform`. It is the template a vendor starts from, and the
// correct DUT the conformance suite's own tests and mutants build on. It keeps its state in plain
// tables (no hardware model): filters are matched in software, in filter-id order.
//
// It shares only the wire vocabulary (ndis/) with the rest of vmqkit and never calls spec/.
#include "duts/minimal/minimal_dut.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <optional>
#include <vector>

#include "ndis/constants.h"
#include "ndis/frame.h"
#include "ndis/oids.h"
#include "ndis/status.h"
#include "ndis/structures.h"

namespace vmqkit::duts {
namespace {

using ndis::NdisStatus;

constexpr std::uint32_t kHardwareQueues = 7;  // VM queues; the default queue is not counted
constexpr std::uint32_t kHardwareFilters = 16;

struct Filter {
  std::uint32_t queue_id = 0;
  ndis::MacAddress mac;
  std::optional<std::uint16_t> vlan;
  bool untagged_or_zero = false;
};

struct Queue {
  std::uint32_t flags = 0;
  bool complete = false;     // QUEUE_ALLOCATION_COMPLETE seen
  bool dma_stopped = false;  // FREE_QUEUE seen, waiting for returns
  std::uint64_t free_request = 0;
  std::uint32_t outstanding = 0;
};

struct Adapter {
  vmqkit_platform platform{};
  std::vector<std::uint64_t> groups;
  vmqkit_host_callbacks host{};
  void* host_context = nullptr;
  bool vmq_enabled = false;
  bool sriov_enabled = false;
  bool vlan_filtering = false;
  std::map<std::uint32_t, Queue> queues;  // VM queues by NDIS-assigned id
  std::map<std::uint32_t, Filter> filters;
  std::map<std::uint64_t, std::uint32_t> indicated;  // cookie -> queue
  std::uint64_t next_cookie = 1;
  std::vector<std::uint8_t> frame_copy;
};

bool Ndis630(const Adapter& a) {
  return a.platform.ndis_major > 6 || (a.platform.ndis_major == 6 && a.platform.ndis_minor >= 30);
}

// NdisReadConfiguration of an enumeration keyword: absent, unreadable or out of range gives the
// documented default ([DDI] ndis/nf-ndis-ndisreadconfiguration: NDIS does not check ranges).
std::uint32_t ReadEnum(Adapter& a, const char* keyword, std::uint32_t fallback) {
  std::uint32_t value = 0;
  if (a.host.read_config(a.host_context, keyword, &value) != 0 || value > 1) return fallback;
  return value;
}

// MiniportInitializeEx keyword handling: [WDD] standardized-inf-keywords-for-vmq ("Handling VMQ
// and RSS INF Keywords") and handling-sr-iov--vmq--and-rss-standardized-inf-keywords.
void ReadKeywords(Adapter& a) {
  const std::uint32_t hw = a.platform.hardware_features;
  const bool has_rss = (hw & VMQKIT_HW_RSS) != 0;
  const bool has_vmq = (hw & VMQKIT_HW_VMQ) != 0;
  // SR-IOV is an NDIS 6.30 interface: an NDIS 6.20 miniport has none to prefer.
  const bool has_sriov = (hw & VMQKIT_HW_SRIOV) != 0 && Ndis630(a);
  if (!has_rss && !has_vmq && !has_sriov) return;
  const bool sriov_preferred = has_sriov && ReadEnum(a, "*SriovPreferred", 0) == 1;
  bool vmq_preferred = has_vmq && !has_rss;
  if (sriov_preferred) {
    a.sriov_enabled = ReadEnum(a, "*SRIOV", 1) == 1;
    a.vmq_enabled = has_vmq && ReadEnum(a, "*VMQ", 1) == 1;
    if (!a.sriov_enabled && !a.vmq_enabled) a.vmq_enabled = false;
    a.vlan_filtering = ReadEnum(a, "*VMQVlanFiltering", 1) == 1;
  } else {
    if (has_vmq && has_rss) vmq_preferred = ReadEnum(a, "*RssOrVmqPreference", 0) == 1;
    if (vmq_preferred) {
      a.vmq_enabled = ReadEnum(a, "*VMQ", 1) == 1;
      if (a.vmq_enabled) a.vlan_filtering = ReadEnum(a, "*VMQVlanFiltering", 1) == 1;
      if (a.vmq_enabled && !Ndis630(a)) ReadEnum(a, "*VMQLookaheadSplit", 1);
    } else if (has_rss) {
      ReadEnum(a, "*RSS", 1);  // RSS itself is outside this sample
    }
  }
  if (sriov_preferred && a.vmq_enabled && !Ndis630(a)) ReadEnum(a, "*VMQLookaheadSplit", 1);
}

ndis::ReceiveFilterCapabilities HardwareCapabilities(const Adapter& a) {
  const bool v630 = Ndis630(a);
  ndis::ReceiveFilterCapabilities caps;
  caps.revision = v630 ? ndis::kRevision2 : ndis::kRevision1;
  // A device without VMQ has no receive filter capabilities: header only (docs/errata.md E-655).
  if ((a.platform.hardware_features & VMQKIT_HW_VMQ) == 0) return caps;
  caps.enabled_filter_types = ndis::kVmqFiltersEnabled;
  caps.enabled_queue_types = ndis::kVmQueuesEnabled;
  caps.num_queues = kHardwareQueues;
  caps.supported_queue_properties = ndis::kVmQueueSupported | ndis::kMsiXSupported |
                                    (v630 ? ndis::kDynamicProcessorAffinityChangeSupported |
                                                ndis::kInterruptVectorCoalescingSupported
                                          : 0u);
  caps.supported_filter_tests = ndis::kTestHeaderFieldEqualSupported;
  caps.supported_headers = ndis::kMacHeaderSupported;
  caps.supported_mac_header_fields =
      ndis::kMacHeaderDestAddrSupported | ndis::kMacHeaderVlanIdSupported;
  caps.max_mac_header_filters = kHardwareFilters;
  return caps;
}

ndis::ReceiveFilterCapabilities CurrentCapabilities(const Adapter& a) {
  ndis::ReceiveFilterCapabilities caps = HardwareCapabilities(a);
  if (!a.vmq_enabled && !a.sriov_enabled) {
    ndis::ReceiveFilterCapabilities none;
    none.revision = caps.revision;
    return none;
  }
  if (!a.vlan_filtering) caps.supported_mac_header_fields &= ~ndis::kMacHeaderVlanIdSupported;
  if (a.sriov_enabled) caps.num_queues = 0;  // PF VPorts replace VM queues
  // SR-IOV alone: no VM queues, but VM_QUEUE_SUPPORTED, MSI_X and VMQ_FILTERS_ENABLED stay ([DDI]
  // ns-ntddndis-_ndis_receive_filter_capabilities; docs/errata.md E-010).
  if (!a.vmq_enabled) caps.enabled_queue_types = 0;
  return caps;
}

std::uint32_t Write(const ndis::Bytes& bytes, std::uint8_t* out, std::uint32_t length,
                    std::uint32_t* written) {
  *written = 0;
  if (bytes.size() > length) return static_cast<std::uint32_t>(NdisStatus::kBufferTooShort);
  std::memcpy(out, bytes.data(), bytes.size());
  *written = static_cast<std::uint32_t>(bytes.size());
  return 0;
}

std::uint32_t Fail(const vmqkit_oid_request& r, const ndis::DecodeFailure& failure) {
  *r.bytes_needed = failure.bytes_needed;
  return static_cast<std::uint32_t>(failure.status);
}

std::uint32_t Status(NdisStatus status) {
  return static_cast<std::uint32_t>(status);
}

bool AffinityUsable(const Adapter& a, const ndis::GroupAffinity& affinity) {
  // Processors come from the platform (NdisGetRssProcessorInformation), never from the registry
  // ([WDD] vmq-interrupt-requirements).
  // Processors outside the set are not used; none inside is a refusal (docs/errata.md E-312).
  if (affinity.mask == 0 || affinity.group >= a.groups.size()) return false;
  return (affinity.mask & a.groups[affinity.group]) != 0;
}

std::uint32_t AllocateQueue(Adapter& a, const vmqkit_oid_request& r, ndis::ByteView in) {
  auto params = ndis::DecodeReceiveQueueParameters(in);
  if (!params) return Fail(r, params.error());
  const std::uint32_t id = params->queue_id;
  if (id == 0 || id > kHardwareQueues || a.queues.contains(id))
    return Status(NdisStatus::kInvalidParameter);
  if (Ndis630(a) && params->lookahead_size != 0) return Status(NdisStatus::kInvalidParameter);
  if (!AffinityUsable(a, params->processor_affinity)) return Status(NdisStatus::kInvalidParameter);
  ndis::ReceiveQueueParameters out = *params;
  out.msix_table_entry = id;  // one MSI-X entry per queue
  const ndis::Bytes encoded = ndis::Encode(out);
  if (encoded.size() > r.output_length) {
    *r.bytes_needed = static_cast<std::uint32_t>(encoded.size());
    return Status(NdisStatus::kInvalidLength);
  }
  a.queues[id] = Queue{params->flags, false, false, 0, 0};
  std::memcpy(r.buffer, encoded.data(), encoded.size());
  *r.bytes_written = static_cast<std::uint32_t>(encoded.size());
  return 0;
}

std::uint32_t SetFilter(Adapter& a, const vmqkit_oid_request& r, ndis::ByteView in) {
  auto params = ndis::DecodeReceiveFilterParameters(in);
  if (!params) return Fail(r, params.error());
  if (params->queue_id != 0 && !a.queues.contains(params->queue_id)) {
    return Status(NdisStatus::kInvalidParameter);
  }
  if (params->queue_id != 0 && a.queues[params->queue_id].dma_stopped) {
    return Status(NdisStatus::kInvalidParameter);
  }
  if (params->filter_id == 0 || a.filters.contains(params->filter_id) ||
      a.filters.size() >= kHardwareFilters ||
      params->filter_type != ndis::ReceiveFilterType::kVmQueue) {
    return Status(NdisStatus::kInvalidParameter);
  }
  // [SAMPLE] IsSupportedRxFilter: MAC header, Equal test, destination address or VLAN id; exactly
  // one of {VLAN field, UNTAGGED_OR_ZERO flag} (from 6.30 a MAC-only filter is accepted).
  Filter filter;
  filter.queue_id = params->queue_id;
  bool have_mac = false;
  for (const auto& field : params->fields) {
    if (field.frame_header != ndis::FrameHeader::kMac ||
        field.test != ndis::ReceiveFilterTest::kEqual) {
      return Status(NdisStatus::kInvalidParameter);
    }
    if (field.mac_field() == ndis::MacHeaderField::kDestinationAddress && !have_mac) {
      have_mac = true;
      filter.mac.bytes = field.FieldMacAddress();
      filter.untagged_or_zero = (field.flags & ndis::kFieldMacHeaderVlanUntaggedOrZero) != 0;
    } else if (field.mac_field() == ndis::MacHeaderField::kVlanId && !filter.vlan) {
      if (!a.vlan_filtering) return Status(NdisStatus::kInvalidParameter);
      const std::uint16_t vlan = field.FieldNetworkShort();
      if (vlan == 0 || vlan > 4094) return Status(NdisStatus::kInvalidParameter);
      filter.vlan = vlan;
    } else {
      return Status(NdisStatus::kInvalidParameter);
    }
  }
  if (!have_mac) return Status(NdisStatus::kInvalidParameter);
  if (filter.vlan && filter.untagged_or_zero) return Status(NdisStatus::kInvalidParameter);
  if (!filter.vlan && !filter.untagged_or_zero && !Ndis630(a)) {
    return Status(NdisStatus::kInvalidParameter);
  }
  a.filters[params->filter_id] = filter;
  const ndis::Bytes encoded = ndis::Encode(*params);
  if (encoded.size() <= r.output_length) {
    std::memcpy(r.buffer, encoded.data(), encoded.size());
    *r.bytes_written = static_cast<std::uint32_t>(encoded.size());
  }
  return 0;
}

std::uint32_t ClearFilter(Adapter& a, const vmqkit_oid_request& /*r*/, ndis::ByteView in) {
  // Driver Verifier NdisOidComplete: CLEAR_FILTER and FREE_QUEUE complete only with NOT_ACCEPTED,
  // REQUEST_ABORTED, SUCCESS or PENDING, so every refusal is NOT_ACCEPTED (docs/errata.md E-322).
  auto params = ndis::DecodeReceiveFilterClearParameters(in);
  if (!params) return Status(NdisStatus::kNotAccepted);
  auto it = a.filters.find(params->filter_id);
  if (it == a.filters.end() || it->second.queue_id != params->queue_id) {
    return Status(NdisStatus::kNotAccepted);
  }
  a.filters.erase(it);  // the last filter stops indications; no state indication
  return 0;
}

bool HasFilters(const Adapter& a, std::uint32_t queue_id) {
  return std::any_of(a.filters.begin(), a.filters.end(),
                     [&](const auto& f) { return f.second.queue_id == queue_id; });
}

void IndicateDmaStopped(Adapter& a, std::uint32_t queue_id) {
  const ndis::Bytes state =
      ndis::Encode(ndis::ReceiveQueueState{0, queue_id, ndis::QueueOperationalState::kDmaStopped});
  a.host.indicate_status(a.host_context, Status(NdisStatus::kReceiveQueueState), state.data(),
                         static_cast<std::uint32_t>(state.size()));
}

std::uint32_t FreeQueue(Adapter& a, const vmqkit_oid_request& r, ndis::ByteView in) {
  auto params = ndis::DecodeReceiveQueueFreeParameters(in);
  if (!params) return Status(NdisStatus::kNotAccepted);  // NdisOidComplete (E-322)
  auto it = a.queues.find(params->queue_id);
  if (it == a.queues.end() || it->second.dma_stopped || HasFilters(a, params->queue_id)) {
    return Status(NdisStatus::kNotAccepted);
  }
  // [WDD] freeing-a-vm-queue: stop DMA, indicate DmaStopped, wait for the indicated frames.
  it->second.dma_stopped = true;
  IndicateDmaStopped(a, params->queue_id);
  if (it->second.outstanding > 0) {
    it->second.free_request = r.request_id;
    return Status(NdisStatus::kPending);
  }
  a.queues.erase(it);
  return 0;
}

std::uint32_t AllocationComplete(Adapter& a, const vmqkit_oid_request& r, ndis::ByteView in) {
  auto array = ndis::DecodeReceiveQueueAllocationCompleteArray(in);
  if (!array) return Fail(r, array.error());
  ndis::ReceiveQueueAllocationCompleteArray out = *array;
  bool all_ok = true;
  for (auto& element : out.elements) {
    auto it = a.queues.find(element.queue_id);
    const bool ok = it != a.queues.end() && !it->second.complete && !it->second.dma_stopped;
    element.completion_status = ok ? NdisStatus::kSuccess : NdisStatus::kInvalidParameter;
    all_ok = all_ok && ok;
  }
  if (all_ok) {
    for (const auto& element : out.elements) a.queues[element.queue_id].complete = true;
  }
  const ndis::Bytes encoded = ndis::Encode(out);
  if (encoded.size() <= r.output_length) {
    std::memcpy(r.buffer, encoded.data(), encoded.size());
    *r.bytes_written = static_cast<std::uint32_t>(encoded.size());
  }
  return all_ok ? 0 : Status(NdisStatus::kInvalidParameter);
}

std::uint32_t QueueParametersSet(Adapter& a, const vmqkit_oid_request& r, ndis::ByteView in) {
  auto params = ndis::DecodeReceiveQueueParameters(in);
  if (!params) return Fail(r, params.error());
  auto it = a.queues.find(params->queue_id);
  if (it == a.queues.end() || it->second.dma_stopped) return Status(NdisStatus::kInvalidParameter);
  const std::uint32_t changes = params->flags & ndis::kQueueChangeMask;
  std::uint32_t known = ndis::kQueueFlagsChanged | ndis::kQueueProcessorAffinityChanged |
                        ndis::kQueueSuggestedRecvBufferNumbersChanged | ndis::kQueueNameChanged;
  if (Ndis630(a)) known |= ndis::kQueueInterruptCoalescingDomainIdChanged;
  const bool ndis650 =
      a.platform.ndis_major > 6 || (a.platform.ndis_major == 6 && a.platform.ndis_minor >= 50);
  if (ndis650) known |= ndis::kQueueQosSqIdChanged;
  if ((changes & ~known) != 0) return Status(NdisStatus::kInvalidParameter);
  if ((changes & ndis::kQueueProcessorAffinityChanged) != 0 &&
      !AffinityUsable(a, params->processor_affinity)) {
    return Status(NdisStatus::kInvalidParameter);
  }
  if ((changes & ndis::kQueueQosSqIdChanged) != 0 && params->qos_sq_id != 0) {
    return Status(NdisStatus::kNotSupported);
  }
  if ((changes & ndis::kQueueFlagsChanged) != 0)
    it->second.flags = params->flags & ~ndis::kQueueChangeMask;
  return 0;
}

std::uint32_t OidRequest(void* context, const vmqkit_oid_request* request) {
  auto& a = *static_cast<Adapter*>(context);
  const vmqkit_oid_request& r = *request;
  *r.bytes_written = 0;
  *r.bytes_needed = 0;
  if (r.buffer == nullptr && r.input_length != 0) return Status(NdisStatus::kInvalidParameter);
  const ndis::ByteView in(r.buffer, r.input_length);
  const bool vmq = a.vmq_enabled && !a.sriov_enabled;
  switch (r.oid) {
    case ndis::kOidReceiveFilterAllocateQueue:
      if (r.request_type != VMQKIT_REQUEST_METHOD) break;
      return vmq ? AllocateQueue(a, r, in) : Status(NdisStatus::kNotSupported);
    case ndis::kOidReceiveFilterSetFilter:
      if (r.request_type != VMQKIT_REQUEST_METHOD) break;
      return a.vmq_enabled ? SetFilter(a, r, in) : Status(NdisStatus::kNotSupported);
    case ndis::kOidReceiveFilterClearFilter:
      if (r.request_type != VMQKIT_REQUEST_SET) return Status(NdisStatus::kNotAccepted);
      return ClearFilter(a, r, in);
    case ndis::kOidReceiveFilterFreeQueue:
      if (r.request_type != VMQKIT_REQUEST_SET) return Status(NdisStatus::kNotAccepted);
      return FreeQueue(a, r, in);
    case ndis::kOidReceiveFilterQueueAllocationComplete:
      if (r.request_type != VMQKIT_REQUEST_METHOD) break;
      return AllocationComplete(a, r, in);
    case ndis::kOidReceiveFilterQueueParameters:
      if (r.request_type != VMQKIT_REQUEST_SET) break;
      return QueueParametersSet(a, r, in);
    default:
      break;
  }
  return Status(NdisStatus::kNotSupported);
}

bool Running(const Adapter& a, std::uint32_t queue_id) {
  auto it = a.queues.find(queue_id);
  return it != a.queues.end() && it->second.complete && !it->second.dma_stopped;
}

bool Matches(const Filter& f, const ndis::FrameView& frame) {
  if (frame.destination != f.mac) return false;
  if (frame.service_tag) return !f.vlan && !f.untagged_or_zero;  // 802.1ad: no 802.1Q VLAN
  if (f.vlan) return frame.tag && frame.tag->vlan_id == *f.vlan;
  if (f.untagged_or_zero) return !frame.tag || frame.tag->vlan_id == 0;
  return true;  // 6.30 MAC-only filter: any VLAN
}

void Receive(void* context, const std::uint8_t* bytes, std::uint32_t length) {
  auto& a = *static_cast<Adapter*>(context);
  const ndis::ByteView view(bytes, length);
  auto parsed = ndis::ParseFrame(view);
  if (!std::holds_alternative<ndis::FrameView>(parsed)) return;  // runts are discarded by the MAC
  const auto& frame = std::get<ndis::FrameView>(parsed);
  std::uint32_t queue_id = 0;
  if (!frame.service_tag) {
    for (const auto& [id, filter] : a.filters) {  // first match in filter-id order
      // The default queue always runs; filters set on it take frames there in id order too.
      if ((filter.queue_id == 0 || Running(a, filter.queue_id)) && Matches(filter, frame)) {
        queue_id = filter.queue_id;
        break;
      }
    }
  }
  a.frame_copy.assign(bytes, bytes + length);
  vmqkit_receive_indication indication{};
  if (Ndis630(a) && queue_id != 0 && frame.tag && frame.tag->vlan_id != 0) {
    // From NDIS 6.30: "If a VLAN tag is present in the received packet, the network adapter must
    // remove it from the packet data" and the miniport puts it in the 8021Q info ([DDI]
    // ns-ntddndis-_ndis_receive_filter_field_parameters; docs/errata.md E-326).
    a.frame_copy.erase(a.frame_copy.begin() + 12, a.frame_copy.begin() + 16);
    indication.vlan_id = frame.tag->vlan_id;
  }
  indication.queue_id = queue_id;
  indication.filter_id = 0;
  indication.frame = a.frame_copy.data();
  indication.length = static_cast<std::uint32_t>(a.frame_copy.size());
  indication.cookie = a.next_cookie++;
  a.indicated[indication.cookie] = queue_id;
  if (queue_id != 0) a.queues[queue_id].outstanding += 1;
  a.host.indicate_receive(a.host_context, &indication, 1, VMQKIT_RECEIVE_FLAG_SINGLE_QUEUE);
}

void ReturnIndications(void* context, const std::uint64_t* cookies, std::uint32_t count) {
  auto& a = *static_cast<Adapter*>(context);
  for (std::uint32_t i = 0; i < count; ++i) {
    auto it = a.indicated.find(cookies[i]);
    if (it == a.indicated.end()) continue;
    const std::uint32_t queue_id = it->second;
    a.indicated.erase(it);
    auto queue = a.queues.find(queue_id);
    if (queue == a.queues.end()) continue;
    queue->second.outstanding -= 1;
    if (queue->second.dma_stopped && queue->second.outstanding == 0) {
      const std::uint64_t request = queue->second.free_request;
      a.queues.erase(queue);
      a.host.complete_oid(a.host_context, request, 0, 0, 0);
    }
  }
}

void* Create(const vmqkit_platform* platform, const vmqkit_host_callbacks* callbacks, void* host) {
  if (platform == nullptr || callbacks == nullptr ||
      platform->abi_version != VMQKIT_DUT_ABI_VERSION) {
    return nullptr;
  }
  auto* a = new Adapter;
  a->platform = *platform;
  a->groups.assign(platform->processor_group_masks,
                   platform->processor_group_masks + platform->processor_group_count);
  a->platform.processor_group_masks = nullptr;
  a->host = *callbacks;
  a->host_context = host;
  return a;
}

std::uint32_t Initialize(void* context, std::uint8_t* hardware, std::uint32_t hardware_length,
                         std::uint32_t* hardware_written, std::uint8_t* current,
                         std::uint32_t current_length, std::uint32_t* current_written) {
  auto& a = *static_cast<Adapter*>(context);
  ReadKeywords(a);
  if (const std::uint32_t s = Write(ndis::Encode(HardwareCapabilities(a)), hardware,
                                    hardware_length, hardware_written)) {
    return s;
  }
  return Write(ndis::Encode(CurrentCapabilities(a)), current, current_length, current_written);
}

void Halt(void* context) {
  auto& a = *static_cast<Adapter*>(context);
  a.queues.clear();
  a.filters.clear();
  a.indicated.clear();
}

void Destroy(void* context) {
  delete static_cast<Adapter*>(context);
}

constexpr vmqkit_dut_ops kOps = {
    VMQKIT_DUT_ABI_VERSION,
    sizeof(vmqkit_dut_ops),
    "vmqkit minimal example miniport",
    "1.0",
    Create,
    Initialize,
    OidRequest,
    Receive,
    ReturnIndications,
    Halt,
    Destroy,
    nullptr,  // reported_hardware_features: the platform's hardware
    nullptr,  // receive_batch: one frame per receive call
};

}  // namespace

const vmqkit_dut_ops* MinimalDutOps() {
  return &kOps;
}

}  // namespace vmqkit::duts
