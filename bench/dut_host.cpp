#include "bench/dut_host.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "abi/host/filter_requests.h"
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

abi::Platform PlatformOf(const DutHostOptions& options) {
  abi::Platform platform;
  platform.ndis_minor = options.ndis_minor;
  platform.link_speed_bps = 100'000'000'000ull;
  platform.hardware_features = options.features;
  platform.processor_groups = {options.processors};
  platform.instance = options.instance;
  return platform;
}

}  // namespace

std::span<const std::pair<std::string_view, std::uint32_t>> BenchKeywords() {
  return kBenchKeywords;
}

DutHost::DutHost(const vmqkit_dut_ops& ops, const DutHostOptions& options)
    : adapter_(ops, PlatformOf(options), *this) {
  // Room for a few batches of indications between returns: no allocation in timed loops.
  queues_.resize(4096);
  cookies_.resize(4096);
}

NdisStatus DutHost::Initialize() {
  std::array<std::uint8_t, 256> hardware{}, current{};
  return static_cast<NdisStatus>(adapter_.Initialize(hardware, current).status);
}

NdisStatus DutHost::Request(std::uint32_t oid, std::uint32_t type, ndis::Bytes& buffer,
                            std::uint64_t request_id) {
  return static_cast<NdisStatus>(
      adapter_.Request(abi::WholeBufferRequest(oid, type, buffer, request_id)).status);
}

NdisStatus DutHost::Allocate(std::uint32_t queue_id, std::uint64_t affinity_mask) {
  scratch_ = abi::AllocateQueueBuffer(queue_id, affinity_mask);
  return Request(ndis::kOidReceiveFilterAllocateQueue, VMQKIT_REQUEST_METHOD, scratch_);
}

NdisStatus DutHost::Complete(std::span<const std::uint32_t> queue_ids) {
  scratch_ = abi::AllocationCompleteBuffer(queue_ids);
  return Request(ndis::kOidReceiveFilterQueueAllocationComplete, VMQKIT_REQUEST_METHOD, scratch_);
}

NdisStatus DutHost::SetFilter(std::uint32_t queue_id, std::uint32_t filter_id, std::uint64_t mac,
                              std::uint16_t vlan) {
  scratch_ = abi::SetFilterBuffer(queue_id, filter_id, mac, vlan);
  return Request(ndis::kOidReceiveFilterSetFilter, VMQKIT_REQUEST_METHOD, scratch_);
}

NdisStatus DutHost::ClearFilter(std::uint32_t queue_id, std::uint32_t filter_id) {
  scratch_ = abi::ClearFilterBuffer(queue_id, filter_id);
  return Request(ndis::kOidReceiveFilterClearFilter, VMQKIT_REQUEST_SET, scratch_);
}

NdisStatus DutHost::Free(std::uint32_t queue_id, std::uint64_t request_id) {
  scratch_ = abi::FreeQueueBuffer(queue_id);
  return Request(ndis::kOidReceiveFilterFreeQueue, VMQKIT_REQUEST_SET, scratch_, request_id);
}

void DutHost::ReturnAll() {
  if (count_ != 0) adapter_.Return(std::span<const std::uint64_t>(cookies_.data(), count_));
  Forget();
}

void DutHost::ReturnQueue(std::uint32_t queue_id) {
  std::vector<std::uint64_t> returned;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    if (queues_[i] == queue_id) {
      returned.push_back(cookies_[i]);
    } else {
      queues_[kept] = queues_[i];
      cookies_[kept] = cookies_[i];
      ++kept;
    }
  }
  count_ = kept;
  if (!returned.empty()) adapter_.Return(returned);
}

std::uint32_t DutHost::ReadConfig(const char* keyword, std::uint32_t* value) {
  ++config_reads_;
  for (const auto& [name, v] : kBenchKeywords) {
    if (name == keyword) {
      *value = v;
      return static_cast<std::uint32_t>(NdisStatus::kSuccess);
    }
  }
  return static_cast<std::uint32_t>(NdisStatus::kFailure);
}

void DutHost::IndicateReceive(std::span<const vmqkit_receive_indication> frames, std::uint32_t) {
  const std::size_t at = count_;
  if (queues_.size() < at + frames.size()) {
    queues_.resize(std::max(2 * queues_.size(), at + frames.size()));
    cookies_.resize(queues_.size());
  }
  for (std::size_t i = 0; i < frames.size(); ++i) {
    queues_[at + i] = frames[i].queue_id;
    cookies_[at + i] = frames[i].cookie;
  }
  count_ = at + frames.size();
}

void DutHost::IndicateStatus(std::uint32_t status, std::span<const std::uint8_t> buffer) {
  if (status != static_cast<std::uint32_t>(NdisStatus::kReceiveQueueState)) return;
  const auto state = ndis::DecodeReceiveQueueState(buffer);
  if (state.ok() && state->state == ndis::QueueOperationalState::kDmaStopped) ++dma_stopped_;
}

void DutHost::CompleteOid(std::uint64_t, std::uint32_t status, std::uint32_t, std::uint32_t) {
  ++completions_;
  last_completion_status_ = status;
}

}  // namespace vmqkit::bench
