#pragma once
// The receive-filter OID buffers a host sends a VMQ miniport, encoded with ndis/: what NDIS passes
// down for ALLOCATE_QUEUE, QUEUE_ALLOCATION_COMPLETE, SET_FILTER, CLEAR_FILTER and FREE_QUEUE
// once it has assigned the queue and filter ids ([WDD] allocating-a-vm-queue,
// setting-a-vmq-filter).
#include <array>
#include <cstdint>
#include <span>

#include "ndis/wire.h"

namespace vmqkit::abi {

// A MAC address packed into an integer, byte 0 in bits 7:0 (hwref::PackMac's order).
std::array<std::uint8_t, 6> MacBytes(std::uint64_t packed);

// NDIS_RECEIVE_QUEUE_PARAMETERS (revision 2) for OID_RECEIVE_FILTER_ALLOCATE_QUEUE.
ndis::Bytes AllocateQueueBuffer(std::uint32_t queue_id, std::uint64_t affinity_mask,
                                std::uint16_t group = 0);
// NDIS_RECEIVE_QUEUE_ALLOCATION_COMPLETE_ARRAY, every queue completed with SUCCESS.
ndis::Bytes AllocationCompleteBuffer(std::span<const std::uint32_t> queue_ids);
// NDIS_RECEIVE_FILTER_PARAMETERS: vlan 0 is the MAC with UNTAGGED_OR_ZERO, otherwise MAC + VLAN id.
ndis::Bytes SetFilterBuffer(std::uint32_t queue_id, std::uint32_t filter_id, std::uint64_t mac,
                            std::uint16_t vlan);
// NDIS_RECEIVE_FILTER_CLEAR_PARAMETERS.
ndis::Bytes ClearFilterBuffer(std::uint32_t queue_id, std::uint32_t filter_id);
// NDIS_RECEIVE_QUEUE_FREE_PARAMETERS.
ndis::Bytes FreeQueueBuffer(std::uint32_t queue_id);

}  // namespace vmqkit::abi
