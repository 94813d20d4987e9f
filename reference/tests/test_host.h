#pragma once
// A small host for the reference DUT: it plays NDIS through the C ABI (registry reads, receive and
// status indications, OID completions are recorded) and builds OID buffers with ndis/ encoders.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hwref/frame.h"
#include "hwref/register_file.h"
#include "ndis/frame.h"
#include "ndis/oids.h"
#include "ndis/status.h"
#include "ndis/structures.h"
#include "reference/dut_ops.h"
#include "reference/miniport.h"
#include "vmqkit/dut.h"

namespace vmqkit::reference::test {

using ndis::NdisStatus;

struct Indication {
  std::uint32_t queue_id = 0;
  std::uint32_t filter_id = 0;
  std::vector<std::uint8_t> frame;
  std::uint32_t vlan_id = 0;
  std::uint64_t cookie = 0;
  std::uint32_t flags = 0;
};
struct StatusIndication {
  std::uint32_t status = 0;
  std::vector<std::uint8_t> buffer;
};
struct Completion {
  std::uint64_t request_id = 0;
  std::uint32_t status = 0;
};
// Everything the host saw, in order: "R:<keyword>", "I:<queue>", "S:<status>", "C:<request>".
struct HostLog {
  std::map<std::string, std::uint32_t> registry;
  std::vector<std::string> reads;
  std::vector<Indication> indications;
  std::vector<StatusIndication> statuses;
  std::vector<Completion> completions;
  std::vector<std::string> events;
};

inline vmqkit_host_callbacks Callbacks() {
  vmqkit_host_callbacks cb{};
  cb.read_config = [](void* host, const char* keyword, std::uint32_t* value) -> std::uint32_t {
    auto* log = static_cast<HostLog*>(host);
    log->reads.emplace_back(keyword);
    log->events.push_back("R:" + std::string(keyword));
    auto it = log->registry.find(keyword);
    if (it == log->registry.end()) return static_cast<std::uint32_t>(NdisStatus::kFailure);
    *value = it->second;
    return static_cast<std::uint32_t>(NdisStatus::kSuccess);
  };
  cb.indicate_receive = [](void* host, const vmqkit_receive_indication* frames, std::uint32_t count,
                           std::uint32_t flags) {
    auto* log = static_cast<HostLog*>(host);
    for (std::uint32_t i = 0; i < count; ++i) {
      const auto& f = frames[i];
      log->indications.push_back(Indication{f.queue_id, f.filter_id,
                                            std::vector<std::uint8_t>(f.frame, f.frame + f.length),
                                            f.vlan_id, f.cookie, flags});
      log->events.push_back("I:" + std::to_string(f.queue_id));
    }
  };
  cb.indicate_status = [](void* host, std::uint32_t status, const std::uint8_t* buffer,
                          std::uint32_t length) {
    auto* log = static_cast<HostLog*>(host);
    log->statuses.push_back(
        StatusIndication{status, std::vector<std::uint8_t>(buffer, buffer + length)});
    log->events.push_back("S:" + ndis::ToString(static_cast<NdisStatus>(status)));
  };
  cb.complete_oid = [](void* host, std::uint64_t request_id, std::uint32_t status, std::uint32_t,
                       std::uint32_t) {
    auto* log = static_cast<HostLog*>(host);
    log->completions.push_back(Completion{request_id, status});
    log->events.push_back("C:" + std::to_string(request_id));
  };
  return cb;
}

struct OidResult {
  NdisStatus status = NdisStatus::kSuccess;
  std::uint32_t written = 0;
  std::uint32_t needed = 0;
  ndis::Bytes buffer;
};

inline std::array<std::uint8_t, 6> MacBytes(std::uint64_t packed) {
  std::array<std::uint8_t, 6> mac{};
  for (std::size_t i = 0; i < 6; ++i) mac[i] = static_cast<std::uint8_t>(packed >> (8 * i));
  return mac;
}

struct DutOptions {
  std::uint8_t ndis_minor = 30;
  std::uint32_t features = VMQKIT_HW_VMQ | VMQKIT_HW_RSS;
  std::vector<std::uint64_t> groups = {0xFF};
  hwref::ProfileKind profile = hwref::ProfileKind::kLarge;
  std::map<std::string, std::uint32_t> registry = {{"*RssOrVmqPreference", 1}};
  std::uint32_t instance = 0;
};

// One adapter driven through the DUT ABI, as the conformance suite would.
class Dut {
 public:
  Dut() : Dut(DutOptions{}) {}
  explicit Dut(const DutOptions& options) : ops_(DutOps(options.profile)) {
    log.registry = options.registry;
    vmqkit_platform platform{};
    platform.abi_version = VMQKIT_DUT_ABI_VERSION;
    platform.ndis_major = 6;
    platform.ndis_minor = options.ndis_minor;
    platform.link_speed_bps = 10'000'000'000ull;
    platform.hardware_features = options.features;
    platform.processor_group_count = static_cast<std::uint32_t>(options.groups.size());
    platform.processor_group_masks = options.groups.data();
    platform.instance = options.instance;
    callbacks_ = Callbacks();
    adapter_ = ops_.create(&platform, &callbacks_, &log);
  }
  ~Dut() {
    if (adapter_ != nullptr) {
      ops_.halt(adapter_);
      ops_.destroy(adapter_);
    }
  }
  Dut(const Dut&) = delete;
  Dut& operator=(const Dut&) = delete;

  NdisStatus Initialize() {
    hardware_caps.assign(128, 0);
    current_caps.assign(128, 0);
    std::uint32_t hw = 0;
    std::uint32_t cur = 0;
    auto status = static_cast<NdisStatus>(
        ops_.initialize(adapter_, hardware_caps.data(), 128, &hw, current_caps.data(), 128, &cur));
    hardware_caps.resize(hw);
    current_caps.resize(cur);
    return status;
  }

  OidResult Request(ndis::Oid oid, std::uint32_t type, ndis::Bytes buffer,
                    std::uint64_t request_id = 0, std::optional<std::uint32_t> output = {}) {
    OidResult result;
    result.buffer = std::move(buffer);
    vmqkit_oid_request request{};
    request.request_id = request_id;
    request.oid = oid;
    request.request_type = type;
    request.buffer = result.buffer.empty() ? nullptr : result.buffer.data();
    request.input_length =
        type == VMQKIT_REQUEST_QUERY ? 0 : static_cast<std::uint32_t>(result.buffer.size());
    request.output_length = output.value_or(
        type == VMQKIT_REQUEST_SET ? 0 : static_cast<std::uint32_t>(result.buffer.size()));
    request.bytes_written = &result.written;
    request.bytes_needed = &result.needed;
    result.status = static_cast<NdisStatus>(ops_.oid_request(adapter_, &request));
    return result;
  }

  OidResult Allocate(std::uint32_t queue_id, std::uint64_t mask = 0x1, std::uint16_t group = 0) {
    ndis::ReceiveQueueParameters p;
    p.revision = ndis::kRevision2;
    p.queue_id = queue_id;
    p.processor_affinity.mask = mask;
    p.processor_affinity.group = group;
    return Request(ndis::kOidReceiveFilterAllocateQueue, VMQKIT_REQUEST_METHOD, ndis::Encode(p));
  }
  OidResult Complete(std::vector<std::uint32_t> queue_ids) {
    ndis::ReceiveQueueAllocationCompleteArray a;
    for (auto id : queue_ids) a.elements.push_back({0, id, NdisStatus::kSuccess});
    return Request(ndis::kOidReceiveFilterQueueAllocationComplete, VMQKIT_REQUEST_METHOD,
                   ndis::Encode(a));
  }
  // vlan == 0: MAC with UNTAGGED_OR_ZERO; otherwise MAC + VLAN id.
  OidResult SetFilter(std::uint32_t queue_id, std::uint32_t filter_id, std::uint64_t mac,
                      std::uint16_t vlan = 0) {
    ndis::ReceiveFilterParameters p;
    p.queue_id = queue_id;
    p.filter_id = filter_id;
    p.fields.push_back(ndis::MacDestinationField(MacBytes(mac), vlan == 0));
    if (vlan != 0) p.fields.push_back(ndis::VlanIdField(vlan));
    return Request(ndis::kOidReceiveFilterSetFilter, VMQKIT_REQUEST_METHOD, ndis::Encode(p));
  }
  OidResult ClearFilter(std::uint32_t queue_id, std::uint32_t filter_id) {
    return Request(ndis::kOidReceiveFilterClearFilter, VMQKIT_REQUEST_SET,
                   ndis::Encode(ndis::ReceiveFilterClearParameters{0, queue_id, filter_id}));
  }
  OidResult Free(std::uint32_t queue_id, std::uint64_t request_id = 77) {
    return Request(ndis::kOidReceiveFilterFreeQueue, VMQKIT_REQUEST_SET,
                   ndis::Encode(ndis::ReceiveQueueFreeParameters{0, queue_id}), request_id);
  }
  OidResult SetAffinity(std::uint32_t queue_id, std::uint64_t mask) {
    ndis::ReceiveQueueParameters p;
    p.queue_id = queue_id;
    p.flags = ndis::kQueueProcessorAffinityChanged;
    p.processor_affinity.mask = mask;
    return Request(ndis::kOidReceiveFilterQueueParameters, VMQKIT_REQUEST_SET, ndis::Encode(p));
  }
  void Send(const std::vector<std::uint8_t>& frame) {
    ops_.receive(adapter_, frame.data(), static_cast<std::uint32_t>(frame.size()));
  }
  void Return(std::vector<std::uint64_t> cookies) {
    ops_.return_indications(adapter_, cookies.data(), static_cast<std::uint32_t>(cookies.size()));
  }
  void ReturnAll() {
    std::vector<std::uint64_t> cookies;
    for (const auto& i : log.indications) cookies.push_back(i.cookie);
    Return(cookies);
  }

  bool created() const { return adapter_ != nullptr; }
  Miniport& miniport() { return *static_cast<Miniport*>(adapter_); }
  // MMIO read-back, as a driver or a bus analyzer would see the device.
  std::uint32_t Reg(hwref::RegisterId id, std::uint32_t index = 0) {
    return miniport().nic().registers().Read(id, index);
  }
  std::uint64_t PoolWords(hwref::RegisterId id, std::uint32_t entry) {
    return std::uint64_t{Reg(id, 2 * entry)} | (std::uint64_t{Reg(id, 2 * entry + 1)} << 32);
  }

  HostLog log;
  ndis::Bytes hardware_caps;
  ndis::Bytes current_caps;

 private:
  const vmqkit_dut_ops& ops_;
  vmqkit_host_callbacks callbacks_{};
  void* adapter_ = nullptr;
};

// Ethernet frame: destination (packed), optional 802.1Q TCI, 60 bytes.
inline std::vector<std::uint8_t> Frame(std::uint64_t destination,
                                       std::optional<std::uint16_t> tci = {},
                                       std::uint8_t marker = 0) {
  ndis::FrameSpec spec;
  spec.destination.bytes = MacBytes(destination);
  spec.source.bytes = {0x02, 0, 0, 0, 0, 0x99};
  if (tci) {
    ndis::VlanTag tag;
    tag.vlan_id = *tci & 0xFFF;
    tag.priority = static_cast<std::uint8_t>(*tci >> 13);
    spec.tag = tag;
  }
  spec.ether_type = 0x88B5;
  auto bytes = ndis::BuildFrame(spec);
  bytes.back() = marker;
  return bytes;
}

inline constexpr std::uint64_t Mac(std::uint8_t last, std::uint8_t prefix = 0x5D) {
  return hwref::PackMac({0x00, 0x15, prefix, 0x00, 0x00, last});
}

}  // namespace vmqkit::reference::test
