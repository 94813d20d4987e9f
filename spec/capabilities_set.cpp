#include "spec/capabilities_set.h"

#include <algorithm>
#include <array>
#include <string>

#include "ndis/constants.h"

namespace vmqkit::spec {
namespace {

using C = ndis::ReceiveFilterCapabilities;
using ndis::kNdis620;
using ndis::kNdis630;
using ndis::kNdis680;

constexpr std::string_view kCapsPage = "[DDI] ns-ntddndis-_ndis_receive_filter_capabilities";
constexpr std::string_view kDeterminePage =
    "[WDD] determining-the-vmq-capabilities-of-a-network-adapter";

// [DDI] ns-ntddndis-_ndis_receive_filter_capabilities, member by member ("This flag is supported
// in NDIS 6.30 and later" where the page says so; [HDR] ntddndis.h for ANY_VLAN).
constexpr std::array<CapabilityFlagRow, 30> kFlags{{
    {"EnabledFilterTypes", &C::enabled_filter_types, ndis::kVmqFiltersEnabled,
     "VMQ_FILTERS_ENABLED", kNdis620, std::nullopt},
    {"EnabledFilterTypes", &C::enabled_filter_types, ndis::kPacketCoalescingFiltersEnabled,
     "PACKET_COALESCING_FILTERS_ENABLED", kNdis630, std::nullopt},
    {"EnabledQueueTypes", &C::enabled_queue_types, ndis::kVmQueuesEnabled, "VM_QUEUES_ENABLED",
     kNdis620, std::nullopt},
    {"SupportedQueueProperties", &C::supported_queue_properties, ndis::kMsiXSupported,
     "MSI_X_SUPPORTED", kNdis620, std::nullopt},
    {"SupportedQueueProperties", &C::supported_queue_properties, ndis::kVmQueueSupported,
     "VM_QUEUE_SUPPORTED", kNdis620, std::nullopt},
    // "Miniport drivers that support this version of NDIS [6.30] must not set this flag."
    {"SupportedQueueProperties", &C::supported_queue_properties, ndis::kLookaheadSplitSupported,
     "LOOKAHEAD_SPLIT_SUPPORTED", kNdis620, kNdis630},
    {"SupportedQueueProperties", &C::supported_queue_properties,
     ndis::kDynamicProcessorAffinityChangeSupported, "DYNAMIC_PROCESSOR_AFFINITY_CHANGE_SUPPORTED",
     kNdis630, std::nullopt},
    {"SupportedQueueProperties", &C::supported_queue_properties,
     ndis::kInterruptVectorCoalescingSupported, "INTERRUPT_VECTOR_COALESCING_SUPPORTED", kNdis630,
     std::nullopt},
    {"SupportedQueueProperties", &C::supported_queue_properties, ndis::kAnyVlanSupported,
     "ANY_VLAN_SUPPORTED", kNdis630, std::nullopt},
    // 0x40 is IMPLAT_MIN_OF_QUEUES_MODE (LBFO only, the `implat-flags` rule) before 6.80 and
    // DYNAMIC_PROCESSOR_AFFINITY_CHANGE_FOR_DEFAULT_QUEUE_SUPPORTED from 6.80.
    {"SupportedQueueProperties", &C::supported_queue_properties,
     ndis::kDynamicProcessorAffinityChangeForDefaultQueueSupported,
     "DYNAMIC_PROCESSOR_AFFINITY_CHANGE_FOR_DEFAULT_QUEUE_SUPPORTED", kNdis680, std::nullopt},
    {"SupportedQueueProperties", &C::supported_queue_properties,
     ndis::kPacketCoalescingSupportedOnDefaultQueue, "PACKET_COALESCING_SUPPORTED_ON_DEFAULT_QUEUE",
     kNdis630, std::nullopt},
    {"SupportedFilterTests", &C::supported_filter_tests, ndis::kTestHeaderFieldEqualSupported,
     "TEST_HEADER_FIELD_EQUAL_SUPPORTED", kNdis620, std::nullopt},
    {"SupportedFilterTests", &C::supported_filter_tests, ndis::kTestHeaderFieldMaskEqualSupported,
     "TEST_HEADER_FIELD_MASK_EQUAL_SUPPORTED", kNdis620, std::nullopt},
    {"SupportedFilterTests", &C::supported_filter_tests, ndis::kTestHeaderFieldNotEqualSupported,
     "TEST_HEADER_FIELD_NOT_EQUAL_SUPPORTED", kNdis630, std::nullopt},
    {"SupportedHeaders", &C::supported_headers, ndis::kMacHeaderSupported, "MAC_HEADER_SUPPORTED",
     kNdis620, std::nullopt},
    {"SupportedHeaders", &C::supported_headers, ndis::kArpHeaderSupported, "ARP_HEADER_SUPPORTED",
     kNdis630, std::nullopt},
    {"SupportedHeaders", &C::supported_headers, ndis::kIpv4HeaderSupported, "IPV4_HEADER_SUPPORTED",
     kNdis630, std::nullopt},
    {"SupportedHeaders", &C::supported_headers, ndis::kIpv6HeaderSupported, "IPV6_HEADER_SUPPORTED",
     kNdis630, std::nullopt},
    {"SupportedHeaders", &C::supported_headers, ndis::kUdpHeaderSupported, "UDP_HEADER_SUPPORTED",
     kNdis630, std::nullopt},
    {"SupportedMacHeaderFields", &C::supported_mac_header_fields, ndis::kMacHeaderDestAddrSupported,
     "MAC_HEADER_DEST_ADDR_SUPPORTED", kNdis620, std::nullopt},
    {"SupportedMacHeaderFields", &C::supported_mac_header_fields,
     ndis::kMacHeaderSourceAddrSupported, "MAC_HEADER_SOURCE_ADDR_SUPPORTED", kNdis620,
     std::nullopt},
    {"SupportedMacHeaderFields", &C::supported_mac_header_fields, ndis::kMacHeaderProtocolSupported,
     "MAC_HEADER_PROTOCOL_SUPPORTED", kNdis620, std::nullopt},
    {"SupportedMacHeaderFields", &C::supported_mac_header_fields, ndis::kMacHeaderVlanIdSupported,
     "MAC_HEADER_VLAN_ID_SUPPORTED", kNdis620, std::nullopt},
    {"SupportedMacHeaderFields", &C::supported_mac_header_fields, ndis::kMacHeaderPrioritySupported,
     "MAC_HEADER_PRIORITY_SUPPORTED", kNdis620, std::nullopt},
    {"SupportedMacHeaderFields", &C::supported_mac_header_fields,
     ndis::kMacHeaderPacketTypeSupported, "MAC_HEADER_PACKET_TYPE_SUPPORTED", kNdis630,
     std::nullopt},
    {"SupportedARPHeaderFields", &C::supported_arp_header_fields,
     ndis::kArpHeaderOperationSupported, "ARP_HEADER_OPERATION_SUPPORTED", kNdis630, std::nullopt},
    {"SupportedARPHeaderFields", &C::supported_arp_header_fields, ndis::kArpHeaderSpaSupported,
     "ARP_HEADER_SPA_SUPPORTED", kNdis630, std::nullopt},
    {"SupportedARPHeaderFields", &C::supported_arp_header_fields, ndis::kArpHeaderTpaSupported,
     "ARP_HEADER_TPA_SUPPORTED", kNdis630, std::nullopt},
    {"SupportedIPv4HeaderFields", &C::supported_ipv4_header_fields,
     ndis::kIpv4HeaderProtocolSupported, "IPV4_HEADER_PROTOCOL_SUPPORTED", kNdis630, std::nullopt},
    {"SupportedIPv6HeaderFields", &C::supported_ipv6_header_fields,
     ndis::kIpv6HeaderProtocolSupported, "IPV6_HEADER_PROTOCOL_SUPPORTED", kNdis630, std::nullopt},
}};
// UDP's one field shares its bit value with IPv6's; it is checked below with its member.

std::string Hex(std::uint32_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "0x";
  bool started = false;
  for (int shift = 28; shift >= 0; shift -= 4) {
    const std::uint32_t digit = (value >> shift) & 0xF;
    if (digit == 0 && !started && shift != 0) continue;
    started = true;
    out.push_back(kDigits[digit]);
  }
  return out;
}

bool Defined(const CapabilityFlagRow& row, ndis::NdisVersion version) {
  return version >= row.since && (!row.until || version < *row.until);
}

// Bits of a member that no row defines for the version.
std::uint32_t UndefinedBits(std::uint32_t C::*field, std::uint32_t value,
                            ndis::NdisVersion version) {
  std::uint32_t allowed = 0;
  for (const CapabilityFlagRow& row : kFlags) {
    if (row.field == field && Defined(row, version)) allowed |= row.bit;
  }
  return value & ~allowed;
}

struct Member {
  std::string_view name;
  std::uint32_t C::*field;
};
constexpr std::array<Member, 10> kBitMembers{{
    {"EnabledFilterTypes", &C::enabled_filter_types},
    {"EnabledQueueTypes", &C::enabled_queue_types},
    {"SupportedQueueProperties", &C::supported_queue_properties},
    {"SupportedFilterTests", &C::supported_filter_tests},
    {"SupportedHeaders", &C::supported_headers},
    {"SupportedMacHeaderFields", &C::supported_mac_header_fields},
    {"SupportedARPHeaderFields", &C::supported_arp_header_fields},
    {"SupportedIPv4HeaderFields", &C::supported_ipv4_header_fields},
    {"SupportedIPv6HeaderFields", &C::supported_ipv6_header_fields},
    {"SupportedUdpHeaderFields", &C::supported_udp_header_fields},
}};

std::uint32_t AllowedUdpBits(ndis::NdisVersion version) {
  return version >= kNdis630 ? ndis::kUdpHeaderDestPortSupported : 0u;
}

void Add(std::vector<CapabilityViolation>& out, std::string rule, std::string_view source,
         std::string message, bool should = false) {
  out.push_back({std::move(rule), std::string(source), std::move(message), should});
}

// Flags no NDIS version defines; IMPLAT (LBFO) bits are the `implat-flags` rule's.
void CheckDefinedFlags(const C& caps, ndis::NdisVersion version, std::string_view which,
                       std::vector<CapabilityViolation>& out) {
  for (const Member& m : kBitMembers) {
    std::uint32_t undefined = m.field == &C::supported_udp_header_fields
                                  ? caps.*m.field & ~AllowedUdpBits(version)
                                  : UndefinedBits(m.field, caps.*m.field, version);
    if (m.field == &C::supported_queue_properties) {
      undefined &= ~(ndis::kImplatMinOfQueuesMode | ndis::kImplatSumOfQueuesMode);
    }
    if (undefined != 0) {
      Add(out, std::string(which) + ".defined-flags", kCapsPage,
          std::string(which) + " " + std::string(m.name) + " sets " + Hex(undefined) +
              ", which NDIS " + ndis::ToString(version) + " does not define");
    }
  }
}

// MaxFieldTestsPerPacketCoalescingFilter / MaxPacketCoalescingFilters: "Network adapters that
// support packet coalescing must support five or more ... ten or more ... If the adapter does not
// support packet coalescing, the miniport driver must set this value to zero."
void CheckPacketCoalescing(const C& caps, std::vector<CapabilityViolation>& out) {
  const bool coalesces =
      (caps.supported_queue_properties & ndis::kPacketCoalescingSupportedOnDefaultQueue) != 0;
  const bool ok = coalesces ? caps.max_field_tests_per_packet_coalescing_filter >= 5 &&
                                  caps.max_packet_coalescing_filters >= 10
                            : caps.max_field_tests_per_packet_coalescing_filter == 0 &&
                                  caps.max_packet_coalescing_filters == 0;
  if (ok) return;
  Add(out, "hardware.packet-coalescing", kCapsPage,
      std::string(coalesces ? "an adapter that coalesces packets supports at least 5 field tests "
                              "per filter and 10 filters"
                            : "without PACKET_COALESCING_SUPPORTED_ON_DEFAULT_QUEUE both packet "
                              "coalescing maxima are 0") +
          ": MaxFieldTestsPerPacketCoalescingFilter " +
          std::to_string(caps.max_field_tests_per_packet_coalescing_filter) +
          ", MaxPacketCoalescingFilters " + std::to_string(caps.max_packet_coalescing_filters));
}

// MaxQueueGroups, MaxQueuesPerQueueGroup: "This member is reserved for NDIS."; NdisReserved:
// "Reserved. Set to 0."
void CheckReserved(const C& caps, std::string_view which, std::vector<CapabilityViolation>& out) {
  if (caps.max_queue_groups != 0 || caps.max_queues_per_queue_group != 0 ||
      caps.ndis_reserved != 0) {
    Add(out, std::string(which) + ".reserved-members", kCapsPage,
        std::string(which) +
            " capabilities fill a member reserved for NDIS (MaxQueueGroups, "
            "MaxQueuesPerQueueGroup or NdisReserved)");
  }
}

bool Has(std::uint32_t bits, std::uint32_t flag) {
  return (bits & flag) == flag;
}

// The flags a miniport enabled for VMQ or SR-IOV must set in its current SupportedQueueProperties
// and SupportedFilterTests / SupportedMacHeaderFields ([DDI]: MSI_X "mandatory for miniport
// drivers that support the VMQ or SR-IOV interface"; VM_QUEUE "must set this flag if it is enabled
// to use the VMQ or SR-IOV interface"; from 6.30 dynamic affinity and vector coalescing "Miniport
// drivers that support the VMQ or SR-IOV interface must set this flag"; the Equal test "If the
// miniport driver supports the VMQ or SR-IOV interfaces, it must set this flag"; DEST_ADDR
// "Starting with NDIS 6.30, miniport drivers that support the VMQ or SR-IOV interface must set").
void CheckEnabledFlags(const C& hardware, const C& current, ndis::NdisVersion version,
                       std::vector<CapabilityViolation>& out) {
  struct Need {
    std::uint32_t C::*field;
    std::uint32_t bit;
    std::string_view flag;
    bool from_630;
  };
  constexpr std::array<Need, 6> kNeeds{{
      {&C::supported_queue_properties, ndis::kMsiXSupported, "MSI_X_SUPPORTED", false},
      {&C::supported_queue_properties, ndis::kVmQueueSupported, "VM_QUEUE_SUPPORTED", false},
      {&C::supported_queue_properties, ndis::kDynamicProcessorAffinityChangeSupported,
       "DYNAMIC_PROCESSOR_AFFINITY_CHANGE_SUPPORTED", true},
      {&C::supported_queue_properties, ndis::kInterruptVectorCoalescingSupported,
       "INTERRUPT_VECTOR_COALESCING_SUPPORTED", true},
      {&C::supported_filter_tests, ndis::kTestHeaderFieldEqualSupported,
       "TEST_HEADER_FIELD_EQUAL_SUPPORTED", false},
      {&C::supported_mac_header_fields, ndis::kMacHeaderDestAddrSupported,
       "MAC_HEADER_DEST_ADDR_SUPPORTED", true},
  }};
  for (const Need& n : kNeeds) {
    if (n.from_630 && version < kNdis630) continue;
    // A flag the hardware lacks is the hardware rules' finding, not this one's.
    if (!Has(hardware.*n.field, n.bit)) continue;
    if (!Has(current.*n.field, n.bit)) {
      Add(out, "current.enabled-flags", kCapsPage,
          "current capabilities of an enabled VMQ or SR-IOV interface lack " + std::string(n.flag));
    }
  }
}

// Current members are the hardware's or a part of them (E-019).
void CheckWithinHardware(const C& hardware, const C& current,
                         std::vector<CapabilityViolation>& out) {
  for (const Member& m : kBitMembers) {
    if ((current.*m.field & ~(hardware.*m.field)) != 0) {
      Add(out, "current.within-hardware", "[WDD] oid-receive-filter-hardware-capabilities",
          "current " + std::string(m.name) + " has bits the hardware capabilities lack");
    }
  }
  if (current.max_mac_header_filters > hardware.max_mac_header_filters) {
    Add(out, "current.within-hardware", "[WDD] oid-receive-filter-hardware-capabilities",
        "current MaxMacHeaderFilters " + std::to_string(current.max_mac_header_filters) +
            " > hardware " + std::to_string(hardware.max_mac_header_filters));
  }
}

// A flag whose presence the keywords decide: set exactly when the hardware has it and the keyword
// enabled it ([WDD] standardized-inf-keywords-for-vmq: the keyword "describes whether the device
// has enabled or disabled the ability ... The miniport driver reports this capability with the
// ... flag").
void CheckKeywordFlag(const C& hardware, const C& current, std::uint32_t C::*field,
                      std::uint32_t bit, bool enabled, std::string_view keyword,
                      std::vector<CapabilityViolation>& out) {
  const bool expected = Has(hardware.*field, bit) && enabled;
  if (Has(current.*field, bit) == expected) return;
  Add(out, "current.follows-keywords", "[WDD] standardized-inf-keywords-for-vmq",
      std::string(expected ? "current capabilities lack the flag "
                           : "current capabilities keep the flag ") +
          "that " + std::string(keyword) + (enabled ? " enables" : " disables"));
}

void CheckVmq(const C& hardware, const C& current, bool sriov, const CurrentSettings& settings,
              std::vector<CapabilityViolation>& out) {
  if (!Has(current.enabled_filter_types, ndis::kVmqFiltersEnabled) ||
      !Has(current.enabled_queue_types, ndis::kVmQueuesEnabled)) {
    Add(out, "current.vmq-enabled", kDeterminePage,
        "VMQ is enabled, but the current capabilities lack VMQ_FILTERS_ENABLED or "
        "VM_QUEUES_ENABLED");
  }
  // "If the miniport driver is enabled to use the SR-IOV interface, it must set this member to
  // zero"; with VMQ alone NumQueues is the VM queues the adapter supports (E-019: the hardware's).
  const std::uint32_t queues = sriov ? 0 : hardware.num_queues;
  if (current.num_queues != queues) {
    Add(out, "current.num-queues", kCapsPage,
        "current NumQueues " + std::to_string(current.num_queues) + ", expected " +
            std::to_string(queues) + (sriov ? " (SR-IOV enabled: VPorts replace VM queues)" : ""));
  }
  if (!Has(current.supported_headers, ndis::kMacHeaderSupported)) {
    Add(out, "current.enabled-flags", kDeterminePage,
        "current capabilities with VMQ enabled lack MAC_HEADER_SUPPORTED");
  }
  if (current.max_mac_header_filters == 0) {
    Add(out, "current.enabled-flags", kDeterminePage,
        "current MaxMacHeaderFilters is 0 with VMQ enabled");
  }
  CheckKeywordFlag(hardware, current, &C::supported_queue_properties,
                   ndis::kLookaheadSplitSupported, settings.lookahead_split, "*VMQLookaheadSplit",
                   out);
  if (!settings.lookahead_split &&
      (current.min_lookahead_split_size != 0 || current.max_lookahead_split_size != 0)) {
    Add(out, "current.follows-keywords", "[WDD] standardized-inf-keywords-for-vmq",
        "lookahead split sizes with *VMQLookaheadSplit off");
  }
}

// SR-IOV alone ([DDI]): VM_QUEUES_ENABLED "must not set this flag if the miniport driver is
// enabled to only use the SR-IOV interface"; NumQueues "must set this member to zero";
// VMQ_FILTERS_ENABLED "should set this flag if the miniport driver is enabled to use the SR-IOV
// interface" (a should: E-010). The should reaches only hardware that reports the flag: current
// capabilities stay within the hardware's ([WDD] oid-receive-filter-hardware-capabilities), so
// recommending it without would demand what `current.within-hardware` forbids (E-010).
void CheckSriovOnly(const C& hardware, const C& current, std::vector<CapabilityViolation>& out) {
  if (Has(current.enabled_queue_types, ndis::kVmQueuesEnabled)) {
    Add(out, "current.sriov-no-vm-queues", kCapsPage,
        "SR-IOV alone is enabled, but the current capabilities set VM_QUEUES_ENABLED");
  }
  if (current.num_queues != 0) {
    Add(out, "current.num-queues", kCapsPage,
        "current NumQueues " + std::to_string(current.num_queues) +
            " with SR-IOV enabled (must be 0: VPorts replace VM queues)");
  }
  if (Has(hardware.enabled_filter_types, ndis::kVmqFiltersEnabled) &&
      !Has(current.enabled_filter_types, ndis::kVmqFiltersEnabled)) {
    Add(out, "current.sriov-vmq-filters", kCapsPage,
        "SR-IOV is enabled; the miniport should set VMQ_FILTERS_ENABLED", true);
  }
}

}  // namespace

std::span<const CapabilityFlagRow> CapabilityFlagTable() {
  return kFlags;
}

std::vector<CapabilityViolation> JudgeHardwareCapabilities(ndis::NdisVersion version,
                                                           bool vmq_hardware, const C& hw) {
  std::vector<CapabilityViolation> out;
  if (!vmq_hardware) {
    // Hardware without VMQ has no receive filter capabilities: a header only (E-655).
    C header_only;
    header_only.revision = hw.revision;
    if (hw != header_only) {
      Add(out, "hardware-complete", "docs/errata.md E-655",
          "hardware without VMQ reports receive filter capabilities");
    }
    return out;
  }
  CheckDefinedFlags(hw, version, "hardware", out);
  if (version >= kNdis630) CheckPacketCoalescing(hw, out);
  CheckReserved(hw, "hardware", out);
  return out;
}

C RecommendedCurrent(const C& hardware, ReceiveInterface interface,
                     const CurrentSettings& settings) {
  C current;
  current.revision = hardware.revision;
  if (interface == ReceiveInterface::kNone || interface == ReceiveInterface::kRss) return current;
  current = hardware;
  if (!settings.vlan_filtering)
    current.supported_mac_header_fields &= ~ndis::kMacHeaderVlanIdSupported;
  if (!settings.lookahead_split) {
    current.supported_queue_properties &= ~ndis::kLookaheadSplitSupported;
    current.min_lookahead_split_size = 0;
    current.max_lookahead_split_size = 0;
  }
  if (interface != ReceiveInterface::kSriov ||
      Has(hardware.enabled_filter_types, ndis::kVmqFiltersEnabled)) {
    current.enabled_filter_types |= ndis::kVmqFiltersEnabled;
  }
  if (interface == ReceiveInterface::kSriovVmq || interface == ReceiveInterface::kSriov) {
    current.num_queues = 0;
  }
  if (interface == ReceiveInterface::kSriov) current.enabled_queue_types &= ~ndis::kVmQueuesEnabled;
  return current;
}

std::vector<CapabilityViolation> JudgeCurrentCapabilities(const C& hardware,
                                                          ReceiveInterface interface,
                                                          const CurrentSettings& settings,
                                                          const C& current) {
  std::vector<CapabilityViolation> out;
  if (current.flags != 0) Add(out, "flags-reserved", kCapsPage, "current Flags is not 0");
  if (interface == ReceiveInterface::kNone || interface == ReceiveInterface::kRss) {
    // Neither VMQ nor SR-IOV: "The miniport driver must advertise the capabilities of the currently
    // enabled interface" ([WDD] handling-sr-iov--vmq--and-rss-standardized-inf-keywords): no
    // receive filtering member is filled.
    C header_only;
    header_only.revision = current.revision;
    if (current != header_only) {
      Add(out, "current.none-enabled",
          "[WDD] handling-sr-iov--vmq--and-rss-standardized-inf-keywords",
          "neither VMQ nor SR-IOV is enabled, but the current capabilities fill receive filter "
          "members");
    }
    return out;
  }
  CheckWithinHardware(hardware, current, out);
  CheckDefinedFlags(current, settings.version, "current", out);
  CheckReserved(current, "current", out);
  CheckEnabledFlags(hardware, current, settings.version, out);
  CheckKeywordFlag(hardware, current, &C::supported_mac_header_fields,
                   ndis::kMacHeaderVlanIdSupported, settings.vlan_filtering, "*VMQVlanFiltering",
                   out);
  if (interface == ReceiveInterface::kSriov) {
    CheckSriovOnly(hardware, current, out);
  } else {
    CheckVmq(hardware, current, interface == ReceiveInterface::kSriovVmq, settings, out);
  }
  return out;
}

CurrentJudgement JudgeCurrentAgainstPermitted(const C& hardware,
                                              std::span<const ReceiveInterface> permitted,
                                              const CurrentSettings& settings, const C& current,
                                              bool strict) {
  CurrentJudgement judgement;
  if (permitted.empty()) return judgement;
  // Strict: the recommended interface (the first) and its recommended structure only.
  const std::size_t tried = strict ? 1 : permitted.size();
  for (std::size_t i = 0; i < tried; ++i) {
    std::vector<CapabilityViolation> v =
        JudgeCurrentCapabilities(hardware, permitted[i], settings, current);
    if (!strict) std::erase_if(v, [](const CapabilityViolation& x) { return x.should; });
    if (strict && v.empty() && current != RecommendedCurrent(hardware, permitted[i], settings)) {
      Add(v, "current.recommended", kDeterminePage,
          "the current capabilities are permitted but not the recommended ones (the hardware "
          "structure as the keywords enable it)",
          true);
    }
    if (v.empty()) {
      judgement.chosen = permitted[i];
      judgement.violations.clear();
      return judgement;
    }
    if (i == 0) judgement.violations = std::move(v);
  }
  return judgement;
}

CurrentJudgement JudgeCapabilities(const CapabilityCheckInput& input,
                                   std::span<const ReceiveInterface> permitted,
                                   const CurrentSettings& settings, bool strict) {
  CurrentJudgement judgement;
  auto counts = [strict](const CapabilityViolation& v) { return strict || !v.should; };
  for (std::vector<CapabilityViolation> found :
       {CheckCapabilities(input),
        JudgeHardwareCapabilities(input.version, input.vmq_hardware, input.hardware)}) {
    std::erase_if(found, [&](const CapabilityViolation& v) { return !counts(v); });
    if (!found.empty()) {
      judgement.violations = std::move(found);
      return judgement;
    }
  }
  return JudgeCurrentAgainstPermitted(input.hardware, permitted, settings, input.current, strict);
}

}  // namespace vmqkit::spec
