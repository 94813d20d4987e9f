#pragma once
// A small host for the reference DUT: it plays NDIS through the C ABI (abi/host/dut_adapter.h;
// registry reads, receive and status indications, OID completions are recorded) and builds OID
// buffers with abi/host/filter_requests.h.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "abi/host/dut_adapter.h"
#include "abi/host/filter_requests.h"
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
// Its members are the NDIS services (abi::NdisHost) the DUT calls.
struct HostLog {
  HostLog() = default;
  explicit HostLog(std::map<std::string, std::uint32_t> keywords) : registry(std::move(keywords)) {}

  std::map<std::string, std::uint32_t> registry;
  std::vector<std::string> reads;
  std::vector<Indication> indications;
  std::vector<StatusIndication> statuses;
  std::vector<Completion> completions;
  std::vector<std::string> events;

  std::uint32_t ReadConfig(const char* keyword, std::uint32_t* value) {
    reads.emplace_back(keyword);
    events.push_back("R:" + std::string(keyword));
    auto it = registry.find(keyword);
    if (it == registry.end()) return static_cast<std::uint32_t>(NdisStatus::kFailure);
    *value = it->second;
    return static_cast<std::uint32_t>(NdisStatus::kSuccess);
  }
  void IndicateReceive(std::span<const vmqkit_receive_indication> frames, std::uint32_t flags) {
    for (const auto& f : frames) {
      indications.push_back(Indication{f.queue_id, f.filter_id,
                                       std::vector<std::uint8_t>(f.frame, f.frame + f.length),
                                       f.vlan_id, f.cookie, flags});
      events.push_back("I:" + std::to_string(f.queue_id));
    }
  }
  void IndicateStatus(std::uint32_t status, std::span<const std::uint8_t> buffer) {
    statuses.push_back(StatusIndication{status, {buffer.begin(), buffer.end()}});
    events.push_back("S:" + ndis::ToString(static_cast<NdisStatus>(status)));
  }
  void CompleteOid(std::uint64_t request_id, std::uint32_t status, std::uint32_t, std::uint32_t) {
    completions.push_back(Completion{request_id, status});
    events.push_back("C:" + std::to_string(request_id));
  }
};

struct OidResult {
  NdisStatus status = NdisStatus::kSuccess;
  std::uint32_t written = 0;
  std::uint32_t needed = 0;
  ndis::Bytes buffer;
};

using abi::MacBytes;

struct DutOptions {
  std::uint8_t ndis_minor = 30;
  std::uint32_t features = VMQKIT_HW_VMQ | VMQKIT_HW_RSS;
  std::vector<std::uint64_t> groups = {0xFF};
  hwref::ProfileKind profile = hwref::ProfileKind::kLarge;
  std::map<std::string, std::uint32_t> registry = {{"*RssOrVmqPreference", 1}};
  std::uint32_t instance = 0;
};

inline abi::Platform PlatformOf(const DutOptions& options) {
  abi::Platform platform;
  platform.ndis_minor = options.ndis_minor;
  platform.link_speed_bps = 10'000'000'000ull;
  platform.hardware_features = options.features;
  platform.processor_groups = options.groups;
  platform.instance = options.instance;
  return platform;
}

// One adapter driven through the DUT ABI, as the conformance suite would.
class Dut {
 public:
  Dut() : Dut(DutOptions{}) {}
  explicit Dut(const DutOptions& options)
      : log(options.registry), adapter_(DutOps(options.profile), PlatformOf(options), log) {}
  Dut(const Dut&) = delete;
  Dut& operator=(const Dut&) = delete;

  NdisStatus Initialize() {
    hardware_caps.assign(128, 0);
    current_caps.assign(128, 0);
    const abi::InitializeResult result = adapter_.Initialize(hardware_caps, current_caps);
    hardware_caps.resize(result.hardware_written);
    current_caps.resize(result.current_written);
    return static_cast<NdisStatus>(result.status);
  }

  OidResult Request(ndis::Oid oid, std::uint32_t type, ndis::Bytes buffer,
                    std::uint64_t request_id = 0, std::optional<std::uint32_t> output = {}) {
    OidResult result;
    result.buffer = std::move(buffer);
    abi::OidRequest request = abi::WholeBufferRequest(oid, type, result.buffer, request_id);
    if (output) request.output_length = *output;
    const abi::OidResult out = adapter_.Request(request);
    result.status = static_cast<NdisStatus>(out.status);
    result.written = out.bytes_written;
    result.needed = out.bytes_needed;
    return result;
  }

  OidResult Allocate(std::uint32_t queue_id, std::uint64_t mask = 0x1, std::uint16_t group = 0) {
    return Request(ndis::kOidReceiveFilterAllocateQueue, VMQKIT_REQUEST_METHOD,
                   abi::AllocateQueueBuffer(queue_id, mask, group));
  }
  OidResult Complete(std::vector<std::uint32_t> queue_ids) {
    return Request(ndis::kOidReceiveFilterQueueAllocationComplete, VMQKIT_REQUEST_METHOD,
                   abi::AllocationCompleteBuffer(queue_ids));
  }
  // vlan == 0: MAC with UNTAGGED_OR_ZERO; otherwise MAC + VLAN id.
  OidResult SetFilter(std::uint32_t queue_id, std::uint32_t filter_id, std::uint64_t mac,
                      std::uint16_t vlan = 0) {
    return Request(ndis::kOidReceiveFilterSetFilter, VMQKIT_REQUEST_METHOD,
                   abi::SetFilterBuffer(queue_id, filter_id, mac, vlan));
  }
  OidResult ClearFilter(std::uint32_t queue_id, std::uint32_t filter_id) {
    return Request(ndis::kOidReceiveFilterClearFilter, VMQKIT_REQUEST_SET,
                   abi::ClearFilterBuffer(queue_id, filter_id));
  }
  OidResult Free(std::uint32_t queue_id, std::uint64_t request_id = 77) {
    return Request(ndis::kOidReceiveFilterFreeQueue, VMQKIT_REQUEST_SET,
                   abi::FreeQueueBuffer(queue_id), request_id);
  }
  OidResult SetAffinity(std::uint32_t queue_id, std::uint64_t mask) {
    ndis::ReceiveQueueParameters p;
    p.queue_id = queue_id;
    p.flags = ndis::kQueueProcessorAffinityChanged;
    p.processor_affinity.mask = mask;
    return Request(ndis::kOidReceiveFilterQueueParameters, VMQKIT_REQUEST_SET, ndis::Encode(p));
  }
  void Send(const std::vector<std::uint8_t>& frame) { adapter_.Receive(frame); }
  // Every frame in one receive_batch call.
  void SendBatch(const std::vector<std::vector<std::uint8_t>>& frames) {
    std::vector<vmqkit_frame> wire;
    for (const auto& f : frames)
      wire.push_back(vmqkit_frame{f.data(), static_cast<std::uint32_t>(f.size()), 0});
    adapter_.ReceiveBatch(wire);
  }
  void Return(std::vector<std::uint64_t> cookies) { adapter_.Return(cookies); }
  void ReturnAll() {
    std::vector<std::uint64_t> cookies;
    for (const auto& i : log.indications) cookies.push_back(i.cookie);
    Return(cookies);
  }

  bool created() const { return adapter_.created(); }
  Miniport& miniport() { return *static_cast<Miniport*>(adapter_.context()); }
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
  // Last: it halts the DUT while the log still exists.
  abi::DutAdapter adapter_;
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
