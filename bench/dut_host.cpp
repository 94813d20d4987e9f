#include "bench/dut_host.h"

#include <array>
#include <string_view>
#include <utility>

#include "ndis/oids.h"
#include "ndis/structures.h"

namespace vmqkit::bench {
namespace {

using ndis::NdisStatus;

constexpr std::array<std::pair<std::string_view, std::uint32_t>, 3> kBenchKeywords = {{
    {"*RssOrVmqPreference", 1},
    {"*VMQ", 1},
    {"*VMQVlanFiltering", 1},
}};

std::array<std::uint8_t, 6> MacBytes(std::uint64_t packed) {
  std::array<std::uint8_t, 6> mac{};
  for (std::size_t i = 0; i < 6; ++i) mac[i] = static_cast<std::uint8_t>(packed >> (8 * i));
  return mac;
}

}  // namespace

std::span<const std::pair<std::string_view, std::uint32_t>> BenchKeywords() {
  return kBenchKeywords;
}

DutHost::DutHost(const vmqkit_dut_ops& ops, const DutHostOptions& options)
    : ops_(ops), groups_{options.processors} {
  callbacks_.read_config = &DutHost::ReadConfig;
  callbacks_.indicate_receive = &DutHost::IndicateReceive;
  callbacks_.indicate_status = &DutHost::IndicateStatus;
  callbacks_.complete_oid = &DutHost::CompleteOid;
  vmqkit_platform platform{};
  platform.abi_version = VMQKIT_DUT_ABI_VERSION;
  platform.ndis_major = 6;
  platform.ndis_minor = options.ndis_minor;
  platform.link_speed_bps = 100'000'000'000ull;
  platform.hardware_features = options.features;
  platform.processor_group_count = static_cast<std::uint32_t>(groups_.size());
  platform.processor_group_masks = groups_.data();
  platform.instance = options.instance;
  adapter_ = ops_.create(&platform, &callbacks_, this);
}

DutHost::~DutHost() {
  if (adapter_ == nullptr) return;
  ops_.halt(adapter_);
  ops_.destroy(adapter_);
}

NdisStatus DutHost::Initialize() {
  std::array<std::uint8_t, 256> hardware{}, current{};
  std::uint32_t hw = 0, cur = 0;
  return static_cast<NdisStatus>(ops_.initialize(adapter_, hardware.data(), hardware.size(), &hw,
                                                 current.data(), current.size(), &cur));
}

NdisStatus DutHost::Request(std::uint32_t oid, std::uint32_t type, ndis::Bytes& buffer,
                            std::uint64_t request_id) {
  std::uint32_t written = 0, needed = 0;
  vmqkit_oid_request request{};
  request.request_id = request_id;
  request.oid = oid;
  request.request_type = type;
  request.buffer = buffer.empty() ? nullptr : buffer.data();
  const auto size = static_cast<std::uint32_t>(buffer.size());
  request.input_length = type == VMQKIT_REQUEST_QUERY ? 0 : size;
  request.output_length = type == VMQKIT_REQUEST_SET ? 0 : size;
  request.bytes_written = &written;
  request.bytes_needed = &needed;
  return static_cast<NdisStatus>(ops_.oid_request(adapter_, &request));
}

NdisStatus DutHost::Allocate(std::uint32_t queue_id, std::uint64_t affinity_mask) {
  ndis::ReceiveQueueParameters p;
  p.revision = ndis::kRevision2;
  p.queue_id = queue_id;
  p.processor_affinity.mask = affinity_mask;
  scratch_ = ndis::Encode(p);
  return Request(ndis::kOidReceiveFilterAllocateQueue, VMQKIT_REQUEST_METHOD, scratch_);
}

NdisStatus DutHost::Complete(std::span<const std::uint32_t> queue_ids) {
  ndis::ReceiveQueueAllocationCompleteArray a;
  for (std::uint32_t id : queue_ids) a.elements.push_back({0, id, NdisStatus::kSuccess});
  scratch_ = ndis::Encode(a);
  return Request(ndis::kOidReceiveFilterQueueAllocationComplete, VMQKIT_REQUEST_METHOD, scratch_);
}

NdisStatus DutHost::SetFilter(std::uint32_t queue_id, std::uint32_t filter_id, std::uint64_t mac,
                              std::uint16_t vlan) {
  ndis::ReceiveFilterParameters p;
  p.queue_id = queue_id;
  p.filter_id = filter_id;
  p.fields.push_back(ndis::MacDestinationField(MacBytes(mac), vlan == 0));
  if (vlan != 0) p.fields.push_back(ndis::VlanIdField(vlan));
  scratch_ = ndis::Encode(p);
  return Request(ndis::kOidReceiveFilterSetFilter, VMQKIT_REQUEST_METHOD, scratch_);
}

NdisStatus DutHost::ClearFilter(std::uint32_t queue_id, std::uint32_t filter_id) {
  scratch_ = ndis::Encode(ndis::ReceiveFilterClearParameters{0, queue_id, filter_id});
  return Request(ndis::kOidReceiveFilterClearFilter, VMQKIT_REQUEST_SET, scratch_);
}

NdisStatus DutHost::Free(std::uint32_t queue_id, std::uint64_t request_id) {
  scratch_ = ndis::Encode(ndis::ReceiveQueueFreeParameters{0, queue_id});
  return Request(ndis::kOidReceiveFilterFreeQueue, VMQKIT_REQUEST_SET, scratch_, request_id);
}

void DutHost::ReturnAll() {
  if (!cookies_.empty()) {
    ops_.return_indications(adapter_, cookies_.data(), static_cast<std::uint32_t>(cookies_.size()));
  }
  Forget();
}

void DutHost::ReturnQueue(std::uint32_t queue_id) {
  std::vector<std::uint64_t> returned;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < queues_.size(); ++i) {
    if (queues_[i] == queue_id) {
      returned.push_back(cookies_[i]);
    } else {
      queues_[kept] = queues_[i];
      cookies_[kept] = cookies_[i];
      ++kept;
    }
  }
  queues_.resize(kept);
  cookies_.resize(kept);
  if (!returned.empty()) {
    ops_.return_indications(adapter_, returned.data(), static_cast<std::uint32_t>(returned.size()));
  }
}

std::uint32_t DutHost::ReadConfig(void* host, const char* keyword, std::uint32_t* value) {
  auto* self = static_cast<DutHost*>(host);
  ++self->config_reads_;
  for (const auto& [name, v] : kBenchKeywords) {
    if (name == keyword) {
      *value = v;
      return static_cast<std::uint32_t>(NdisStatus::kSuccess);
    }
  }
  return static_cast<std::uint32_t>(NdisStatus::kFailure);
}

void DutHost::IndicateReceive(void* host, const vmqkit_receive_indication* frames,
                              std::uint32_t count, std::uint32_t) {
  auto* self = static_cast<DutHost*>(host);
  for (std::uint32_t i = 0; i < count; ++i) {
    self->queues_.push_back(frames[i].queue_id);
    self->cookies_.push_back(frames[i].cookie);
  }
}

void DutHost::IndicateStatus(void* host, std::uint32_t status, const std::uint8_t* buffer,
                             std::uint32_t length) {
  auto* self = static_cast<DutHost*>(host);
  if (status != static_cast<std::uint32_t>(NdisStatus::kReceiveQueueState)) return;
  const auto state = ndis::DecodeReceiveQueueState(ndis::ByteView(buffer, length));
  if (state.ok() && state->state == ndis::QueueOperationalState::kDmaStopped) ++self->dma_stopped_;
}

void DutHost::CompleteOid(void* host, std::uint64_t, std::uint32_t status, std::uint32_t,
                          std::uint32_t) {
  auto* self = static_cast<DutHost*>(host);
  ++self->completions_;
  self->last_completion_status_ = status;
}

}  // namespace vmqkit::bench
