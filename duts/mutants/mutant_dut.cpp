// A mutant DUT: a correct miniport (the minimal example or the reference, mutant_base_*.cpp)
// behind a wrapper that breaks exactly one documented rule, named by mutants.txt. The wrapper works
// only through the DUT ABI (it rewrites requests, results and callbacks), so the same wrapper sits
// on either DUT unchanged.
#include "duts/mutants/mutant_dut.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

#include "ndis/constants.h"
#include "ndis/frame.h"
#include "ndis/oids.h"
#include "ndis/status.h"
#include "ndis/structure_fields.h"
#include "ndis/structures.h"

namespace vmqkit::duts::mutants {
namespace {

using ndis::NdisStatus;

constexpr std::uint32_t kInvalidParameter =
    static_cast<std::uint32_t>(NdisStatus::kInvalidParameter);
constexpr std::uint32_t kInvalidLength = static_cast<std::uint32_t>(NdisStatus::kInvalidLength);
constexpr std::uint32_t kPending = static_cast<std::uint32_t>(NdisStatus::kPending);
constexpr std::uint32_t kNotAccepted = static_cast<std::uint32_t>(NdisStatus::kNotAccepted);

struct Wrapped {
  std::string_view mutation;
  const vmqkit_dut_ops* inner_ops = nullptr;
  void* inner = nullptr;
  vmqkit_host_callbacks host{};
  void* host_context = nullptr;
  vmqkit_host_callbacks mine{};
  std::vector<std::uint64_t> groups;
  std::set<std::uint32_t> allocated;
  std::map<std::uint32_t, bool> complete;  // queue -> allocation complete
  std::map<std::uint32_t, std::pair<ndis::MacAddress, std::uint32_t>> filters;  // id -> mac, queue
  std::map<std::uint32_t, ndis::MacAddress> cleared;  // queue -> MAC of its cleared last filter
  std::set<std::uint64_t> swallowed;                  // completions not passed on
  bool swallow_all_completions = false;
  bool rss_or_vmq_preference_zero = false;  // *RssOrVmqPreference 0 or absent, as read
  std::uint32_t reported_features = 0;      // VMQKIT_HW_* of the wrapper's device
  std::vector<std::uint8_t> frame;
  std::vector<std::vector<std::uint8_t>> tagged;  // frames with their tag put back, per call
};

bool Is(const Wrapped& w, std::string_view name) {
  return w.mutation == name;
}

std::uint32_t ReadConfig(void* context, const char* keyword, std::uint32_t* value) {
  auto& w = *static_cast<Wrapped*>(context);
  if (Is(w, "skips-vmq-keyword") && std::string_view(keyword) == "*VMQ") {
    *value = 1;
    return 0;
  }
  if (Is(w, "skips-rss-or-vmq-preference-on-rss-and-vmq") &&
      std::string_view(keyword) == "*RssOrVmqPreference") {
    *value = 1;  // decides for VMQ without asking
    return 0;
  }
  if (Is(w, "enables-vmq-without-reading-vlan-filtering") &&
      std::string_view(keyword) == "*VMQVlanFiltering") {
    *value = 1;  // filters on VLAN ids without asking
    return 0;
  }
  std::uint32_t status = w.host.read_config(w.host_context, keyword, value);
  if (Is(w, "vmq-device-treats-absent-vmq-as-disabled") && std::string_view(keyword) == "*VMQ" &&
      status != 0) {
    *value = 0;  // netvmini's reading of a *VMQ the registry lacks (vmq.c ReadRxQueueConfig)
    status = 0;
  }
  if (Is(w, "treats-out-of-range-vmq-as-disabled") && std::string_view(keyword) == "*VMQ" &&
      status == 0 && *value > 1) {
    *value = 0;
  }
  return status;
}

std::optional<std::uint32_t> QueueOf(const Wrapped& w, const ndis::MacAddress& mac,
                                     bool completed) {
  for (const auto& [id, filter] : w.filters) {
    if (filter.first == mac && w.complete.count(filter.second) != 0 &&
        w.complete.at(filter.second) == completed) {
      return filter.second;
    }
  }
  return std::nullopt;
}

void IndicateReceive(void* context, const vmqkit_receive_indication* frames, std::uint32_t count,
                     std::uint32_t flags) {
  auto& w = *static_cast<Wrapped*>(context);
  std::vector<vmqkit_receive_indication> copy(frames, frames + count);
  std::vector<std::uint64_t> dropped;
  std::vector<vmqkit_receive_indication> out;
  w.tagged.clear();
  w.tagged.reserve(copy.size());
  for (auto& f : copy) {
    auto parsed = ndis::ParseFrame(ndis::ByteView(f.frame, f.length));
    const ndis::FrameView* view = std::get_if<ndis::FrameView>(&parsed);
    if (Is(w, "global-vlan-filter-drops-tagged") && f.queue_id == 0 && view && view->tag &&
        view->tag->vlan_id != 0) {
      dropped.push_back(f.cookie);
      continue;
    }
    if (Is(w, "nonzero-filter-id-in-indication") && f.queue_id != 0) f.filter_id = 1;
    if (Is(w, "corrupts-indicated-frame") && f.length > 0) {
      w.frame.assign(f.frame, f.frame + f.length);
      w.frame.back() ^= 0x5A;
      f.frame = w.frame.data();
    }
    if (Is(w, "indicates-before-allocation-complete") && f.queue_id == 0 && view) {
      if (auto q = QueueOf(w, view->destination, false)) f.queue_id = *q;
    }
    if (Is(w, "indicates-broadcast-on-vm-queue") && f.queue_id == 0 && view &&
        view->destination.IsMulticast()) {
      // E-308 wrongly read: a group frame on a running queue whose filter's VLAN would match.
      for (const auto& [id, filter] : w.filters) {
        if (filter.second != 0 && w.complete.count(filter.second) != 0 &&
            w.complete.at(filter.second)) {
          f.queue_id = filter.second;
          break;
        }
      }
    }
    if (Is(w, "keeps-vlan-tag-6.30") && f.queue_id != 0 && f.vlan_id != 0 && view && !view->tag) {
      // The tag the miniport stripped into the 8021Q info is put back into the frame.
      std::vector<std::uint8_t>& bytes = w.tagged.emplace_back(f.frame, f.frame + f.length);
      const std::array<std::uint8_t, 4> tag = {0x81, 0x00,
                                               static_cast<std::uint8_t>((f.vlan_id >> 8) & 0x0F),
                                               static_cast<std::uint8_t>(f.vlan_id & 0xFF)};
      bytes.insert(bytes.begin() + 12, tag.begin(), tag.end());
      f.frame = bytes.data();
      f.length = static_cast<std::uint32_t>(bytes.size());
    }
    if (Is(w, "indicates-after-last-filter-cleared") && f.queue_id == 0 && view) {
      for (const auto& [queue, mac] : w.cleared) {
        if (mac == view->destination && w.allocated.count(queue) != 0) f.queue_id = queue;
      }
    }
    out.push_back(f);
    if (Is(w, "indicates-frame-twice")) out.push_back(f);
  }
  if (!out.empty()) {
    w.host.indicate_receive(w.host_context, out.data(), static_cast<std::uint32_t>(out.size()),
                            flags);
  }
  if (!dropped.empty()) {
    w.inner_ops->return_indications(w.inner, dropped.data(),
                                    static_cast<std::uint32_t>(dropped.size()));
  }
}

void IndicateStatus(void* context, std::uint32_t status, const std::uint8_t* buffer,
                    std::uint32_t length) {
  auto& w = *static_cast<Wrapped*>(context);
  if (Is(w, "no-dma-stopped-indication")) return;
  std::vector<std::uint8_t> copy(buffer, buffer + length);
  if (Is(w, "dma-stopped-reports-paused") && copy.size() >= 16) {
    ndis::PutField(copy, ndis::FieldOf(ndis::Structure::kReceiveQueueState, "QueueState"),
                   static_cast<std::uint32_t>(ndis::QueueOperationalState::kPaused));
  }
  w.host.indicate_status(w.host_context, status, copy.data(), length);
}

void CompleteOid(void* context, std::uint64_t request, std::uint32_t status, std::uint32_t written,
                 std::uint32_t needed) {
  auto& w = *static_cast<Wrapped*>(context);
  if (w.swallow_all_completions || w.swallowed.erase(request) != 0) return;
  w.host.complete_oid(w.host_context, request, status, written, needed);
}

void* Create(const vmqkit_platform* platform, const vmqkit_host_callbacks* callbacks, void* host) {
  auto* w = new Wrapped;
  w->mutation = MutationName();
  w->inner_ops = BaseOps();
  w->host = *callbacks;
  w->host_context = host;
  w->mine = {ReadConfig, IndicateReceive, IndicateStatus, CompleteOid};
  w->groups.assign(platform->processor_group_masks,
                   platform->processor_group_masks + platform->processor_group_count);
  w->swallow_all_completions = Is(*w, "never-completes-free");
  // The device the wrapper's driver has: the platform's, except for the variants of a device
  // without RSS, or with VMQ only as netvmini's (E-023, E-011), which the inner driver is told and
  // which the wrapper reports.
  vmqkit_platform device = *platform;
  if (Is(*w, "vmq-device-without-rss")) {
    device.hardware_features &= ~static_cast<std::uint32_t>(VMQKIT_HW_RSS);
  }
  if (Is(*w, "vmq-device-treats-absent-vmq-as-disabled")) {
    device.hardware_features &= static_cast<std::uint32_t>(VMQKIT_HW_VMQ);
  }
  w->reported_features = device.hardware_features;
  w->inner = w->inner_ops->create(&device, &w->mine, w);
  if (w->inner == nullptr) {
    delete w;
    return nullptr;
  }
  return w;
}

// The capability variants (variants.txt: permitted structures that must pass) and mutants
// (structures outside the permitted sets) of issue 19 (docs/errata.md E-010, E-019, E-020).
template <class Patch>
void PatchCapabilities(const Wrapped& w, std::uint8_t* hardware, std::uint32_t hardware_written,
                       std::uint8_t* current, std::uint32_t current_written, Patch& patch) {
  using C = ndis::ReceiveFilterCapabilities;
  if (Is(w, "reports-richer-hardware")) {
    // A device that does more than VMQ needs, with only the flags its NDIS version defines.
    auto richer = [](C& c) {
      if (c.enabled_queue_types == 0 && c.supported_queue_properties == 0) return;
      c.supported_filter_tests |= ndis::kTestHeaderFieldMaskEqualSupported;
      c.supported_mac_header_fields |= ndis::kMacHeaderSourceAddrSupported |
                                       ndis::kMacHeaderProtocolSupported |
                                       ndis::kMacHeaderPrioritySupported;
      if (c.revision < ndis::kRevision2) return;
      c.supported_filter_tests |= ndis::kTestHeaderFieldNotEqualSupported;
      c.supported_headers |= ndis::kArpHeaderSupported | ndis::kIpv4HeaderSupported |
                             ndis::kIpv6HeaderSupported | ndis::kUdpHeaderSupported;
      c.supported_arp_header_fields = ndis::kArpHeaderOperationSupported;
      c.supported_ipv4_header_fields = ndis::kIpv4HeaderProtocolSupported;
      c.supported_ipv6_header_fields = ndis::kIpv6HeaderProtocolSupported;
      c.supported_udp_header_fields = ndis::kUdpHeaderDestPortSupported;
      c.supported_queue_properties |= ndis::kPacketCoalescingSupportedOnDefaultQueue;
      c.max_field_tests_per_packet_coalescing_filter = 5;
      c.max_packet_coalescing_filters = 10;
    };
    patch(hardware, hardware_written, richer);
    patch(current, current_written, richer);
  }
  // SR-IOV alone: VM_QUEUE_SUPPORTED without VM_QUEUES_ENABLED.
  auto sriov_alone = [](const C& c) {
    return (c.enabled_queue_types & ndis::kVmQueuesEnabled) == 0 &&
           (c.supported_queue_properties & ndis::kVmQueueSupported) != 0;
  };
  if (Is(w, "sriov-alone-without-vmq-filters")) {
    patch(current, current_written, [&](C& c) {
      if (sriov_alone(c)) c.enabled_filter_types &= ~ndis::kVmqFiltersEnabled;
    });
  }
  if (Is(w, "picks-sriov-alone-over-sriov-and-vmq") && w.rss_or_vmq_preference_zero) {
    // SR-IOV and VMQ enabled (VM queues on, NumQueues 0) with *RssOrVmqPreference 0: enable SR-IOV
    // alone instead (row sriov/E-010b permits both).
    patch(current, current_written, [](C& c) {
      if ((c.enabled_queue_types & ndis::kVmQueuesEnabled) != 0 && c.num_queues == 0) {
        c.enabled_queue_types &= ~ndis::kVmQueuesEnabled;
      }
    });
  }
  if (Is(w, "sriov-alone-enables-vm-queues")) {
    patch(current, current_written, [&](C& c) {
      if (sriov_alone(c)) c.enabled_queue_types |= ndis::kVmQueuesEnabled;
    });
  }
  if (Is(w, "fills-reserved-capability-member")) {
    patch(hardware, hardware_written, [](C& c) { c.max_queue_groups = 1; });
  }
}

std::uint32_t Initialize(void* context, std::uint8_t* hardware, std::uint32_t hardware_length,
                         std::uint32_t* hardware_written, std::uint8_t* current,
                         std::uint32_t current_length, std::uint32_t* current_written) {
  auto& w = *static_cast<Wrapped*>(context);
  std::uint32_t unused = 0;
  if (Is(w, "reads-rss-under-vmq-preference")) w.host.read_config(w.host_context, "*RSS", &unused);
  if (Is(w, "reads-reserved-rss-max-proc-number")) {
    w.host.read_config(w.host_context, "*RssMaxProcNumber", &unused);
  }
  if (Is(w, "reads-vmsmp-ten-gig-vmq-enabled"))
    w.host.read_config(w.host_context, "TenGigVmqEnabled", &unused);
  if (Is(w, "picks-sriov-alone-over-sriov-and-vmq")) {
    // A VMQ keyword, may-read under every preference that can enable SR-IOV.
    w.rss_or_vmq_preference_zero =
        w.host.read_config(w.host_context, "*RssOrVmqPreference", &unused) != 0 || unused == 0;
  }
  const std::uint32_t status =
      w.inner_ops->initialize(w.inner, hardware, hardware_length, hardware_written, current,
                              current_length, current_written);
  auto patch = [](std::uint8_t* caps, std::uint32_t written, auto&& change) {
    auto decoded = ndis::DecodeReceiveFilterCapabilities(ndis::ByteView(caps, written));
    if (!decoded) return;
    ndis::ReceiveFilterCapabilities value = *decoded;
    change(value);
    const ndis::Bytes encoded = ndis::Encode(value);
    std::memcpy(caps, encoded.data(), std::min<std::size_t>(encoded.size(), written));
  };
  if (Is(w, "reports-current-as-hardware")) {
    std::memcpy(hardware, current, *current_written);
    *hardware_written = *current_written;
  }
  if (Is(w, "counts-default-queue-in-num-queues")) {
    auto add = [](ndis::ReceiveFilterCapabilities& c) {
      c.num_queues += c.num_queues != 0 ? 1 : 0;
    };
    patch(hardware, *hardware_written, add);
    patch(current, *current_written, add);
  }
  if (Is(w, "omits-msi-x-flag")) {
    auto clear = [](ndis::ReceiveFilterCapabilities& c) {
      c.supported_queue_properties &= ~ndis::kMsiXSupported;
    };
    patch(hardware, *hardware_written, clear);
    patch(current, *current_written, clear);
  }
  if (Is(w, "ignores-vlan-filtering-keyword")) {
    patch(current, *current_written, [](ndis::ReceiveFilterCapabilities& c) {
      if (c.enabled_queue_types != 0)
        c.supported_mac_header_fields |= ndis::kMacHeaderVlanIdSupported;
    });
  }
  PatchCapabilities(w, hardware, *hardware_written, current, *current_written, patch);
  return status;
}

// ALLOCATE_QUEUE: the affinity or lookahead the wrapper accepts on the inner DUT's behalf,
// rewritten into one the inner DUT takes.
void RewriteAllocateQueue(const Wrapped& w, vmqkit_oid_request& r) {
  if (r.input_length < 56 || w.groups.empty()) return;
  using ndis::Structure;
  constexpr auto kMask =
      ndis::FieldOf(Structure::kReceiveQueueParameters, "ProcessorAffinity.Mask");
  constexpr auto kGroup =
      ndis::FieldOf(Structure::kReceiveQueueParameters, "ProcessorAffinity.Group");
  const std::span<std::uint8_t> params(r.buffer, r.input_length);
  const std::uint64_t mask = ndis::GetField(params, kMask);
  const std::uint64_t allowed = w.groups[0];
  const std::uint64_t lowest = allowed & (~allowed + 1);
  if ((Is(w, "accepts-affinity-outside-processor-set") && mask != 0 && (mask & ~allowed) != 0) ||
      (Is(w, "accepts-empty-affinity") && mask == 0)) {
    ndis::PutField(params, kMask, lowest);
    ndis::PutField(params, kGroup, 0);
  }
  if (Is(w, "accepts-lookahead-size-6.30")) {
    ndis::PutField(params, ndis::FieldOf(Structure::kReceiveQueueParameters, "LookaheadSize"), 0);
  }
}

// SET_FILTER: the VLAN field test dropped before the inner DUT sees it; `rewritten` holds the
// new buffer for the duration of the call.
void RewriteSetFilter(vmqkit_oid_request& r, std::vector<std::uint8_t>& rewritten) {
  auto params = ndis::DecodeReceiveFilterParameters(ndis::ByteView(r.buffer, r.input_length));
  if (!params) return;
  ndis::ReceiveFilterParameters p = *params;
  std::erase_if(p.fields,
                [](const auto& f) { return f.mac_field() == ndis::MacHeaderField::kVlanId; });
  rewritten = ndis::Encode(p);
  rewritten.resize(std::max<std::size_t>(rewritten.size(), r.output_length));
  r.buffer = rewritten.data();
  r.input_length = static_cast<std::uint32_t>(ndis::Encode(p).size());
}

// The wrapper's record of queues and filters after a request, and the status it reports instead
// of the inner DUT's.
void AfterAllocation(Wrapped& w, ndis::Oid oid, ndis::ByteView in, std::uint32_t status) {
  if (oid == ndis::kOidReceiveFilterAllocateQueue && status == 0) {
    if (auto p = ndis::DecodeReceiveQueueParameters(in)) {
      w.allocated.insert(p->queue_id);
      w.complete[p->queue_id] = false;
    }
  }
  if (oid == ndis::kOidReceiveFilterQueueAllocationComplete && status == 0) {
    if (auto a = ndis::DecodeReceiveQueueAllocationCompleteArray(in)) {
      for (const auto& e : a->elements) w.complete[e.queue_id] = true;
    }
  }
}

std::uint32_t AfterSetFilter(Wrapped& w, ndis::ByteView in, std::uint32_t status) {
  auto p = ndis::DecodeReceiveFilterParameters(in);
  if (status == 0 && p && !p->fields.empty()) {
    w.filters[p->filter_id] = {ndis::MacAddress{p->fields.front().FieldMacAddress()}, p->queue_id};
  }
  if (status == kInvalidParameter && p) {
    if (Is(w, "accepts-invalid-filter") && w.allocated.count(p->queue_id) != 0) status = 0;
    if (Is(w, "accepts-filter-on-unallocated-queue") && p->queue_id != 0 &&
        w.allocated.count(p->queue_id) == 0) {
      status = 0;
    }
  }
  return status;
}

void AfterClearFilter(Wrapped& w, ndis::ByteView in) {
  auto c = ndis::DecodeReceiveFilterClearParameters(in);
  if (!c) return;
  auto f = w.filters.find(c->filter_id);
  if (f == w.filters.end()) return;
  const std::uint32_t queue = f->second.second;
  const ndis::MacAddress mac = f->second.first;
  w.filters.erase(f);
  bool last = true;
  for (const auto& [id, filter] : w.filters) last = last && filter.second != queue;
  if (!last) return;
  w.cleared[queue] = mac;
  // A Paused indication here is an optional, true one (variant indicates-queue-states); DmaStopped
  // is the state "the queue should not enter" when DMA stops for another reason than a free.
  if (Is(w, "state-indication-on-last-clear") || (Is(w, "indicates-queue-states") && queue != 0)) {
    const auto reported = Is(w, "indicates-queue-states")
                              ? ndis::QueueOperationalState::kPaused
                              : ndis::QueueOperationalState::kDmaStopped;
    const ndis::Bytes state = ndis::Encode(ndis::ReceiveQueueState{0, queue, reported});
    w.host.indicate_status(w.host_context,
                           static_cast<std::uint32_t>(NdisStatus::kReceiveQueueState), state.data(),
                           static_cast<std::uint32_t>(state.size()));
  }
}

std::uint32_t AfterFreeQueue(Wrapped& w, std::uint64_t request_id, ndis::ByteView in,
                             std::uint32_t status) {
  auto f = ndis::DecodeReceiveQueueFreeParameters(in);
  if (status == kPending && Is(w, "completes-free-with-outstanding")) {
    w.swallowed.insert(request_id);
    status = 0;
  }
  if (status == kNotAccepted && Is(w, "refuses-free-with-invalid-parameter")) {
    status = kInvalidParameter;
  }
  if (status == kNotAccepted && f && Is(w, "accepts-free-of-unallocated-queue") &&
      w.allocated.count(f->queue_id) == 0) {
    status = 0;
  }
  if ((status == 0 || status == kPending) && f) {
    w.allocated.erase(f->queue_id);
    w.complete.erase(f->queue_id);
  }
  return status;
}

// Variants (variants.txt): a refusal the sources permit, taken before the inner DUT sees the
// request; nothing when the variant takes the request as the inner DUT does.
std::optional<std::uint32_t> VariantRefusal(const Wrapped& w, const vmqkit_oid_request& r) {
  if (Is(w, "refuses-partial-affinity") && r.oid == ndis::kOidReceiveFilterAllocateQueue) {
    // A mask with processors outside the adapter's set is refused as a whole (E-312).
    auto q = ndis::DecodeReceiveQueueParameters(ndis::ByteView(r.buffer, r.input_length));
    if (q && q->processor_affinity.group < w.groups.size() &&
        (q->processor_affinity.mask & ~w.groups[q->processor_affinity.group]) != 0) {
      return kInvalidParameter;
    }
  }
  return std::nullopt;
}

// A filter of the MAC-only shape: one DestinationAddress test, no VLAN test, no
// UNTAGGED_OR_ZERO flag.
bool MacOnly(const ndis::ReceiveFilterParameters& p) {
  return p.fields.size() == 1 && p.fields[0].frame_header == ndis::FrameHeader::kMac &&
         p.fields[0].test == ndis::ReceiveFilterTest::kEqual &&
         p.fields[0].mac_field() == ndis::MacHeaderField::kDestinationAddress &&
         (p.fields[0].flags & ndis::kFieldMacHeaderVlanUntaggedOrZero) == 0;
}

// Variants that refuse a SET_FILTER after the inner DUT validated it: the inner DUT's answer,
// or a refusal the sources permit once the filter it took is cleared again (nothing changed).
std::uint32_t VariantSetFilter(Wrapped& w, const vmqkit_oid_request& r, std::uint32_t status) {
  auto p = ndis::DecodeReceiveFilterParameters(ndis::ByteView(r.buffer, r.input_length));
  if (!p) return status;
  std::optional<std::uint32_t> refusal;
  // 6.30: "must do either one of the following": "return a failed status" (FAILURE is one) or
  // filter the MAC; the variant takes back what the inner DUT accepted.
  if (Is(w, "refuses-mac-only-filter-with-failure") && status == 0 && MacOnly(*p)) {
    refusal = static_cast<std::uint32_t>(NdisStatus::kFailure);
  }
  if (Is(w, "resources-for-further-filters") && p->queue_id != 0 && status == 0) {
    for (const auto& [id, filter] : w.filters) {
      if (filter.second == p->queue_id)
        refusal = static_cast<std::uint32_t>(NdisStatus::kResources);
    }
  }
  if (!refusal) return status;
  if (status == 0) {
    ndis::Bytes clear =
        ndis::Encode(ndis::ReceiveFilterClearParameters{0, p->queue_id, p->filter_id});
    std::uint32_t written = 0;
    std::uint32_t needed = 0;
    vmqkit_oid_request undo{r.request_id,
                            ndis::kOidReceiveFilterClearFilter,
                            VMQKIT_REQUEST_SET,
                            clear.data(),
                            static_cast<std::uint32_t>(clear.size()),
                            0,
                            &written,
                            &needed};
    (void)w.inner_ops->oid_request(w.inner, &undo);
    *r.bytes_written = 0;
  }
  return *refusal;
}

// Variant indicates-queue-states: the optional NDIS_STATUS_RECEIVE_QUEUE_STATE indications of the
// states the queues enter (Paused on allocation, Running or Paused on allocation complete).
void IndicateQueueStates(Wrapped& w, ndis::Oid oid, ndis::ByteView in) {
  std::vector<std::pair<std::uint32_t, ndis::QueueOperationalState>> states;
  if (oid == ndis::kOidReceiveFilterAllocateQueue) {
    if (auto p = ndis::DecodeReceiveQueueParameters(in)) {
      states.emplace_back(p->queue_id, ndis::QueueOperationalState::kPaused);
    }
  }
  if (oid == ndis::kOidReceiveFilterQueueAllocationComplete) {
    if (auto a = ndis::DecodeReceiveQueueAllocationCompleteArray(in)) {
      for (const auto& e : a->elements) {
        bool filters = false;
        for (const auto& [id, filter] : w.filters) filters = filters || filter.second == e.queue_id;
        states.emplace_back(e.queue_id, filters ? ndis::QueueOperationalState::kRunning
                                                : ndis::QueueOperationalState::kPaused);
      }
    }
  }
  for (const auto& [queue, state] : states) {
    const ndis::Bytes bytes = ndis::Encode(ndis::ReceiveQueueState{0, queue, state});
    w.host.indicate_status(w.host_context,
                           static_cast<std::uint32_t>(NdisStatus::kReceiveQueueState), bytes.data(),
                           static_cast<std::uint32_t>(bytes.size()));
  }
}

std::uint32_t OidRequest(void* context, const vmqkit_oid_request* original) {
  auto& w = *static_cast<Wrapped*>(context);
  vmqkit_oid_request r = *original;
  std::vector<std::uint8_t> rewritten;
  if (Is(w, "crashes-on-truncated-header") && r.input_length > 0 && r.input_length < 4) {
    std::raise(SIGSEGV);
  }
  if (Is(w, "hangs-on-free-queue") && r.oid == ndis::kOidReceiveFilterFreeQueue) {
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (auto refusal = VariantRefusal(w, r)) return *refusal;
  if (r.oid == ndis::kOidReceiveFilterAllocateQueue) RewriteAllocateQueue(w, r);
  if (Is(w, "ignores-filter-vlan-field") && r.oid == ndis::kOidReceiveFilterSetFilter)
    RewriteSetFilter(r, rewritten);
  std::uint32_t status = w.inner_ops->oid_request(w.inner, &r);
  const ndis::ByteView in(original->buffer, original->input_length);
  AfterAllocation(w, r.oid, in, status);
  if (r.oid == ndis::kOidReceiveFilterSetFilter) {
    status = VariantSetFilter(w, *original, status);
    status = AfterSetFilter(w, in, status);
  }
  if (r.oid == ndis::kOidReceiveFilterClearFilter && status == 0) AfterClearFilter(w, in);
  if (r.oid == ndis::kOidReceiveFilterFreeQueue)
    status = AfterFreeQueue(w, r.request_id, in, status);
  if (status == kInvalidLength) {
    if (Is(w, "accepts-short-buffer")) status = 0;
    if (Is(w, "wrong-bytes-needed")) *original->bytes_needed = 0;
  }
  if (status == 0 && Is(w, "indicates-queue-states")) IndicateQueueStates(w, r.oid, in);
  if (status == 0 && Is(w, "changes-allocate-output") &&
      r.oid == ndis::kOidReceiveFilterAllocateQueue && original->output_length >= 56) {
    // The miniport's answer carries another NumSuggestedReceiveBuffers than the request.
    const std::span<std::uint8_t> out(original->buffer, original->output_length);
    constexpr auto kBuffers =
        ndis::FieldOf(ndis::Structure::kReceiveQueueParameters, "NumSuggestedReceiveBuffers");
    ndis::PutField(out, kBuffers, ndis::GetField(out, kBuffers) + 1);
  }
  if (status == 0 && Is(w, "shares-one-msix-entry") &&
      r.oid == ndis::kOidReceiveFilterAllocateQueue && original->output_length >= 56) {
    // Every VM queue's interrupt on MSI-X table entry 0: queues may share vectors (E-328).
    const std::span<std::uint8_t> out(original->buffer, original->output_length);
    constexpr auto kEntry =
        ndis::FieldOf(ndis::Structure::kReceiveQueueParameters, "MSIXTableEntry");
    ndis::PutField(out, kEntry, 0);
  }
  if (Is(w, "pends-every-request") && status != kPending) {
    // MiniportOidRequest returns PENDING and completes with NdisMOidRequestComplete, before the
    // call returns (the buffer is the caller's only during the call).
    w.host.complete_oid(w.host_context, original->request_id, status, *original->bytes_written,
                        *original->bytes_needed);
    return kPending;
  }
  return status;
}

void Receive(void* context, const std::uint8_t* frame, std::uint32_t length) {
  auto& w = *static_cast<Wrapped*>(context);
  w.inner_ops->receive(w.inner, frame, length);
}

void ReturnIndications(void* context, const std::uint64_t* cookies, std::uint32_t count) {
  auto& w = *static_cast<Wrapped*>(context);
  // A frame indicated twice comes back twice; the inner DUT ignores the unknown second cookie.
  w.inner_ops->return_indications(w.inner, cookies, count);
}

void Halt(void* context) {
  auto& w = *static_cast<Wrapped*>(context);
  w.inner_ops->halt(w.inner);
}

void Destroy(void* context) {
  auto* w = static_cast<Wrapped*>(context);
  w->inner_ops->destroy(w->inner);
  delete w;
}

// vmqkit_dut_ops.reported_hardware_features: the mutations and variants about the hardware a
// driver reports (E-023) say what their device has; the others leave it to the platform.
std::uint32_t ReportedHardwareFeatures(void* context) {
  return static_cast<Wrapped*>(context)->reported_features;
}

bool ReportsHardware(std::string_view mutation) {
  return mutation == "vmq-device-without-rss" ||
         mutation == "vmq-device-treats-absent-vmq-as-disabled" ||
         mutation == "skips-rss-or-vmq-preference-on-rss-and-vmq";
}

// The same table with or without reported_hardware_features.
constexpr vmqkit_dut_ops OpsReporting(bool reports_hardware) {
  return {
      VMQKIT_DUT_ABI_VERSION,
      sizeof(vmqkit_dut_ops),
      "vmqkit mutant",
      "1.0",
      Create,
      Initialize,
      OidRequest,
      Receive,
      ReturnIndications,
      Halt,
      Destroy,
      reports_hardware ? ReportedHardwareFeatures : nullptr,
      nullptr,  // receive_batch: one frame per receive call
  };
}
constexpr vmqkit_dut_ops kOps = OpsReporting(false);
constexpr vmqkit_dut_ops kReportingOps = OpsReporting(true);

}  // namespace

}  // namespace vmqkit::duts::mutants

extern "C" VMQKIT_DUT_EXPORT const vmqkit_dut_ops* vmqkit_dut_entry(uint32_t host_abi_version) {
  if (host_abi_version != VMQKIT_DUT_ABI_VERSION) return nullptr;
  namespace m = vmqkit::duts::mutants;
  return m::ReportsHardware(m::MutationName()) ? &m::kReportingOps : &m::kOps;
}
