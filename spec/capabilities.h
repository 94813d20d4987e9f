#pragma once
// Receive-filter capabilities a VMQ miniport advertises: the hardware capabilities (complete,
// whatever the keywords say) and the current ones (what the advertisement decision enabled), and a
// checker that returns every violated rule with its source.
// Sources: [DDI] ns-ntddndis-_ndis_receive_filter_capabilities; [WDD]
// determining-the-vmq-capabilities-of-a-network-adapter, oid-receive-filter-hardware-capabilities,
// standardized-inf-keywords-for-vmq ("must always report the complete ... hardware capabilities").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ndis/structures.h"
#include "ndis/version.h"
#include "spec/advertise.h"

namespace vmqkit::spec {

// What the adapter's hardware can do. The defaults describe a 10 GbE VMQ adapter with 8 queues
// (the default queue and 7 VM queues).
struct VmqHardware {
  std::uint32_t num_queues = 7;  // VM queues, the default queue excluded
  std::uint32_t max_mac_header_filters = 16;
  bool vlan_id_filtering = true;
  bool lookahead_split = false;  // only meaningful before NDIS 6.30
  std::uint32_t min_lookahead_split_size = 0;
  std::uint32_t max_lookahead_split_size = 0;
  bool dynamic_affinity = true;
  bool interrupt_coalescing = true;
  bool msi_x = true;
};

struct AdvertisedCapabilities {
  ndis::ReceiveFilterCapabilities hardware;
  ndis::ReceiveFilterCapabilities current;
};

// The header revision an NDIS version reports: 1 for 6.20, 2 from 6.30.
std::uint8_t CapabilitiesRevisionFor(ndis::NdisVersion version);

// Hardware capabilities are complete; current ones are the recommended structure of the
// decision's interface (RecommendedCurrent, spec/capabilities_set.h): the hardware copy minus
// VLAN_ID / LOOKAHEAD_SPLIT when their keywords are off for VMQ (NumQueues 0 with SR-IOV), the
// SR-IOV-only structure of E-010 for SR-IOV alone, a header with zeroed members otherwise.
AdvertisedCapabilities BuildCapabilities(const VmqHardware& hardware, ndis::NdisVersion version,
                                         const AdvertiseDecision& decision);

struct CapabilityViolation {
  std::string rule;    // short id, e.g. "hardware.msi-x"
  std::string source;  // doc page the rule comes from
  std::string message;
  // The page says "should", not "must": a conforming driver may differ, so only `--strict` (the
  // recommended outcome) fails it.
  bool should = false;
};

struct CapabilityCheckInput {
  ndis::NdisVersion version = ndis::kNdis630;
  ndis::ReceiveFilterCapabilities hardware;
  ndis::ReceiveFilterCapabilities current;
  // Total receive queues of the hardware including the default one, when known: NumQueues must
  // then be at most total - 1.
  std::optional<std::uint32_t> hardware_total_queues;
  // Whether the hardware supports VMQ at all. The mandatory flags are for "miniport drivers that
  // support VMQ" ([WDD] determining-the-vmq-capabilities-of-a-network-adapter); hardware without
  // VMQ reports header-only capabilities (docs/errata.md E-655).
  bool vmq_hardware = true;
};

// Every violated rule, in table order; empty when the advertisement conforms.
std::vector<CapabilityViolation> CheckCapabilities(const CapabilityCheckInput& input);

struct CapabilityRuleInfo {
  std::string_view rule;
  std::string_view source;
  std::string_view text;
  bool should = false;
};
// The rule table the checker runs (for docs and tests).
std::vector<CapabilityRuleInfo> CapabilityRules();

}  // namespace vmqkit::spec
