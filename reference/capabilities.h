#pragma once
// NDIS_RECEIVE_FILTER_CAPABILITIES as this driver reports them: the complete hardware set, and the
// current set the registry enables ([WDD] determining-the-vmq-capabilities-of-a-network-adapter).
#include <cstdint>

#include "hwref/profile.h"
#include "ndis/structures.h"
#include "reference/configuration.h"

namespace vmqkit::reference {

// What the silicon gives the driver, derived from the device profile: one pool is the default
// queue's, every other pool can hold a VM queue.
struct QueueBudget {
  std::uint32_t vm_queues = 0;           // NumQueues (the default queue excluded)
  std::uint32_t mac_header_filters = 0;  // MaxMacHeaderFilters
};
QueueBudget BudgetOf(const hwref::Profile& profile);

// Revision 2 (84 bytes) on NDIS 6.30 and later, revision 1 (56 bytes) on 6.20.
std::uint8_t CapabilitiesRevision(bool ndis_630_or_later);

// "The miniport driver must always report the complete RSS and VMQ hardware capabilities
// regardless of the values of these keywords."
ndis::ReceiveFilterCapabilities HardwareCapabilities(const HardwareFeatures& hardware,
                                                     const QueueBudget& budget,
                                                     bool ndis_630_or_later);
// The enabled part: a copy of the hardware set minus what the keywords disable, or an empty
// structure (header only) when VMQ is not the enabled interface.
ndis::ReceiveFilterCapabilities CurrentCapabilities(const ndis::ReceiveFilterCapabilities& hardware,
                                                    const Configuration& config);

}  // namespace vmqkit::reference
