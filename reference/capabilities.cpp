#include "reference/capabilities.h"

namespace vmqkit::reference {

QueueBudget BudgetOf(const hwref::Profile& profile) {
  QueueBudget budget;
  budget.vm_queues = profile.pools - 1;  // the last pool is the default queue's (E-502)
  budget.mac_header_filters = profile.address_entries;
  return budget;
}

std::uint8_t CapabilitiesRevision(bool ndis_630_or_later) {
  return ndis_630_or_later ? ndis::kRevision2 : ndis::kRevision1;
}

ndis::ReceiveFilterCapabilities HardwareCapabilities(const HardwareFeatures& hardware,
                                                     const QueueBudget& budget,
                                                     bool ndis_630_or_later) {
  ndis::ReceiveFilterCapabilities caps;
  caps.revision = CapabilitiesRevision(ndis_630_or_later);
  if (!hardware.vmq) return caps;
  caps.enabled_filter_types = ndis::kVmqFiltersEnabled;
  caps.enabled_queue_types = ndis::kVmQueuesEnabled;
  caps.num_queues = budget.vm_queues;  // "must not include the default queue"
  // MSI-X and VM queues are mandatory for VMQ; 6.30+ VMQ drivers "must set" dynamic affinity and
  // interrupt vector coalescing ([DDI] ns-ntddndis-_ndis_receive_filter_capabilities).
  caps.supported_queue_properties = ndis::kMsiXSupported | ndis::kVmQueueSupported;
  if (ndis_630_or_later) {
    caps.supported_queue_properties |=
        ndis::kDynamicProcessorAffinityChangeSupported | ndis::kInterruptVectorCoalescingSupported;
  }
  caps.supported_filter_tests = ndis::kTestHeaderFieldEqualSupported;
  caps.supported_headers = ndis::kMacHeaderSupported;
  caps.supported_mac_header_fields =
      ndis::kMacHeaderDestAddrSupported | ndis::kMacHeaderVlanIdSupported;
  caps.max_mac_header_filters = budget.mac_header_filters;
  // No lookahead split: Min/MaxLookaheadSplitSize stay 0.
  return caps;
}

ndis::ReceiveFilterCapabilities CurrentCapabilities(const ndis::ReceiveFilterCapabilities& hardware,
                                                    const Configuration& config) {
  ndis::ReceiveFilterCapabilities current;
  current.revision = hardware.revision;
  const bool sriov_only = config.enabled == EnabledInterface::kSriov;
  if (!config.VmqEnabled() && !sriov_only) return current;
  current = hardware;
  if (!config.vmq_vlan_filtering)
    current.supported_mac_header_fields &= ~ndis::kMacHeaderVlanIdSupported;
  if (sriov_only) {
    // SR-IOV alone ([DDI] ns-ntddndis-_ndis_receive_filter_capabilities): VM_QUEUE_SUPPORTED and
    // MSI_X stay (the driver "must set this flag if it is enabled to use the VMQ or SR-IOV
    // interface"), VM_QUEUES_ENABLED goes ("must not set this flag if ... only use the SR-IOV
    // interface"), NumQueues is 0, VMQ_FILTERS_ENABLED stays ("should set").
    current.enabled_queue_types = 0;
    current.num_queues = 0;
    return current;
  }
  // SR-IOV and VMQ together: VPorts replace VM queues, so no nondefault VM queue is offered
  // ([DDI] capabilities, NumQueues).
  if (config.enabled == EnabledInterface::kSriovAndVmq) current.num_queues = 0;
  return current;
}

}  // namespace vmqkit::reference
