#include "abi/host/filter_requests.h"

#include "ndis/status.h"
#include "ndis/structures.h"

namespace vmqkit::abi {

std::array<std::uint8_t, 6> MacBytes(std::uint64_t packed) {
  std::array<std::uint8_t, 6> mac{};
  for (std::size_t i = 0; i < mac.size(); ++i) {
    mac[i] = static_cast<std::uint8_t>(packed >> (8 * i));
  }
  return mac;
}

ndis::Bytes AllocateQueueBuffer(std::uint32_t queue_id, std::uint64_t affinity_mask,
                                std::uint16_t group) {
  ndis::ReceiveQueueParameters p;
  p.revision = ndis::kRevision2;
  p.queue_id = queue_id;
  p.processor_affinity.mask = affinity_mask;
  p.processor_affinity.group = group;
  return ndis::Encode(p);
}

ndis::Bytes AllocationCompleteBuffer(std::span<const std::uint32_t> queue_ids) {
  ndis::ReceiveQueueAllocationCompleteArray a;
  for (std::uint32_t id : queue_ids) a.elements.push_back({0, id, ndis::NdisStatus::kSuccess});
  return ndis::Encode(a);
}

ndis::Bytes SetFilterBuffer(std::uint32_t queue_id, std::uint32_t filter_id, std::uint64_t mac,
                            std::uint16_t vlan) {
  ndis::ReceiveFilterParameters p;
  p.queue_id = queue_id;
  p.filter_id = filter_id;
  p.fields.push_back(ndis::MacDestinationField(MacBytes(mac), vlan == 0));
  if (vlan != 0) p.fields.push_back(ndis::VlanIdField(vlan));
  return ndis::Encode(p);
}

ndis::Bytes ClearFilterBuffer(std::uint32_t queue_id, std::uint32_t filter_id) {
  return ndis::Encode(ndis::ReceiveFilterClearParameters{0, queue_id, filter_id});
}

ndis::Bytes FreeQueueBuffer(std::uint32_t queue_id) {
  return ndis::Encode(ndis::ReceiveQueueFreeParameters{0, queue_id});
}

}  // namespace vmqkit::abi
