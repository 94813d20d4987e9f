#include "spec/capabilities.h"

#include <array>
#include <functional>

#include "ndis/constants.h"
#include "spec/capabilities_set.h"

namespace vmqkit::spec {
namespace {

using ndis::kNdis630;
using ndis::ReceiveFilterCapabilities;
using C = ReceiveFilterCapabilities;
constexpr std::string_view kCapsPage = "[DDI] ns-ntddndis-_ndis_receive_filter_capabilities";
constexpr std::string_view kDeterminePage =
    "[WDD] determining-the-vmq-capabilities-of-a-network-adapter";

bool Has(std::uint32_t bits, std::uint32_t flag) {
  return (bits & flag) == flag;
}
bool Subset(std::uint32_t inner, std::uint32_t outer) {
  return (inner & ~outer) == 0;
}

struct Rule {
  std::string_view id;
  std::string_view source;
  std::string_view text;
  // Returns a message when violated.
  std::function<std::optional<std::string>(const CapabilityCheckInput&)> violated;
  bool should = false;  // a "should" of the page: only the recommended outcome (--strict)
};

std::optional<std::string> RequireFlag(const ReceiveFilterCapabilities& caps,
                                       std::uint32_t ReceiveFilterCapabilities::*member,
                                       std::uint32_t flag, std::string_view name) {
  if (Has(caps.*member, flag)) return std::nullopt;
  return "hardware capabilities lack " + std::string(name);
}

// The checks of the rules below that are more than one flag; each returns a message when violated.
std::optional<std::string> LookaheadSplitOffFrom630(const CapabilityCheckInput& in) {
  if (in.version < kNdis630) return std::nullopt;
  for (const auto* caps : {&in.hardware, &in.current}) {
    const char* which = caps == &in.hardware ? "hardware" : "current";
    if (Has(caps->supported_queue_properties, ndis::kLookaheadSplitSupported) ||
        caps->min_lookahead_split_size != 0 || caps->max_lookahead_split_size != 0) {
      return std::string(which) +
             " capabilities advertise lookahead split, unsupported from NDIS 6.30";
    }
  }
  return std::nullopt;
}

std::optional<std::string> RevisionOfTheVersion(const CapabilityCheckInput& in) {
  const std::uint8_t expected = CapabilitiesRevisionFor(in.version);
  for (const auto* caps : {&in.hardware, &in.current}) {
    if (caps->revision < expected) {
      return std::string(caps == &in.hardware ? "hardware" : "current") +
             " capabilities have revision " + std::to_string(caps->revision) + ", NDIS " +
             ndis::ToString(in.version) + " needs " + std::to_string(expected);
    }
  }
  return std::nullopt;
}

std::optional<std::string> FlagsReserved(const CapabilityCheckInput& in) {
  if (in.hardware.flags == 0 && in.current.flags == 0) return std::nullopt;
  return std::string("Flags is not 0");
}

std::optional<std::string> NoImplatFlags(const CapabilityCheckInput& in) {
  std::uint32_t forbidden = ndis::kImplatSumOfQueuesMode;
  if (in.version < ndis::kNdis680) forbidden |= ndis::kImplatMinOfQueuesMode;
  if ((in.hardware.supported_queue_properties & forbidden) == 0) return std::nullopt;
  return std::string("hardware capabilities set an IMPLAT_*_OF_QUEUES_MODE flag");
}

std::optional<std::string> NumQueuesExcludesDefault(const CapabilityCheckInput& in) {
  if (!in.hardware_total_queues) return std::nullopt;
  if (*in.hardware_total_queues == 0 || in.hardware.num_queues <= *in.hardware_total_queues - 1) {
    return std::nullopt;
  }
  return "NumQueues " + std::to_string(in.hardware.num_queues) + " but the hardware has " +
         std::to_string(*in.hardware_total_queues) + " queues including the default one";
}

std::optional<std::string> MacFiltersCoverQueues(const CapabilityCheckInput& in) {
  for (const auto* caps : {&in.hardware, &in.current}) {
    if (caps->max_mac_header_filters < caps->num_queues) {
      return std::string(caps == &in.hardware ? "hardware" : "current") + " MaxMacHeaderFilters " +
             std::to_string(caps->max_mac_header_filters) + " < NumQueues " +
             std::to_string(caps->num_queues);
    }
  }
  return std::nullopt;
}

std::optional<std::string> CurrentSubsetOfHardware(const CapabilityCheckInput& in) {
  const auto& h = in.hardware;
  const auto& c = in.current;
  struct Bits {
    const char* name;
    std::uint32_t C::*member;
  };
  constexpr std::array kBits = {
      Bits{"EnabledFilterTypes", &C::enabled_filter_types},
      Bits{"EnabledQueueTypes", &C::enabled_queue_types},
      Bits{"SupportedQueueProperties", &C::supported_queue_properties},
      Bits{"SupportedFilterTests", &C::supported_filter_tests},
      Bits{"SupportedHeaders", &C::supported_headers},
      Bits{"SupportedMacHeaderFields", &C::supported_mac_header_fields},
      Bits{"SupportedARPHeaderFields", &C::supported_arp_header_fields},
      Bits{"SupportedIPv4HeaderFields", &C::supported_ipv4_header_fields},
      Bits{"SupportedIPv6HeaderFields", &C::supported_ipv6_header_fields},
      Bits{"SupportedUdpHeaderFields", &C::supported_udp_header_fields},
  };
  for (const auto& bits : kBits) {
    if (!Subset(c.*bits.member, h.*bits.member)) {
      return std::string("current ") + bits.name + " has bits the hardware lacks";
    }
  }
  if (c.num_queues > h.num_queues) return std::string("current NumQueues > hardware");
  if (c.max_mac_header_filters > h.max_mac_header_filters) {
    return std::string("current MaxMacHeaderFilters > hardware");
  }
  return std::nullopt;
}

std::vector<Rule> Rules() {
  auto flag_rule = [](std::string_view id, std::uint32_t C::*member, std::uint32_t flag,
                      std::string_view name, std::string_view text, bool from_630) {
    return Rule{id, from_630 ? kCapsPage : kDeterminePage, text,
                [=](const CapabilityCheckInput& in) -> std::optional<std::string> {
                  if (!in.vmq_hardware || (from_630 && in.version < kNdis630)) return std::nullopt;
                  return RequireFlag(in.hardware, member, flag, name);
                }};
  };
  std::vector<Rule> rules = {
      flag_rule("hardware.msi-x", &C::supported_queue_properties, ndis::kMsiXSupported,
                "NDIS_RECEIVE_FILTER_MSI_X_SUPPORTED", "a VMQ miniport sets MSI_X_SUPPORTED",
                false),
      flag_rule("hardware.vm-queue", &C::supported_queue_properties, ndis::kVmQueueSupported,
                "NDIS_RECEIVE_FILTER_VM_QUEUE_SUPPORTED", "a VMQ miniport sets VM_QUEUE_SUPPORTED",
                false),
      flag_rule("hardware.test-equal", &C::supported_filter_tests,
                ndis::kTestHeaderFieldEqualSupported,
                "NDIS_RECEIVE_FILTER_TEST_HEADER_FIELD_EQUAL_SUPPORTED",
                "a VMQ miniport supports the Equal test", false),
      flag_rule("hardware.mac-header", &C::supported_headers, ndis::kMacHeaderSupported,
                "NDIS_RECEIVE_FILTER_MAC_HEADER_SUPPORTED",
                "a VMQ miniport filters on the MAC header", false),
      flag_rule("hardware.dest-addr", &C::supported_mac_header_fields,
                ndis::kMacHeaderDestAddrSupported,
                "NDIS_RECEIVE_FILTER_MAC_HEADER_DEST_ADDR_SUPPORTED",
                "a VMQ miniport filters on the destination MAC address", false),
      flag_rule("hardware.dynamic-affinity", &C::supported_queue_properties,
                ndis::kDynamicProcessorAffinityChangeSupported,
                "NDIS_RECEIVE_FILTER_DYNAMIC_PROCESSOR_AFFINITY_CHANGE_SUPPORTED",
                "from NDIS 6.30 a VMQ miniport supports dynamic affinity change", true),
      flag_rule("hardware.interrupt-coalescing", &C::supported_queue_properties,
                ndis::kInterruptVectorCoalescingSupported,
                "NDIS_RECEIVE_FILTER_INTERRUPT_VECTOR_COALESCING_SUPPORTED",
                "from NDIS 6.30 a VMQ miniport coalesces interrupt vectors", true),
      Rule{"no-lookahead-split", kCapsPage,
           "from NDIS 6.30 LOOKAHEAD_SPLIT is not set and the split sizes are 0",
           LookaheadSplitOffFrom630},
      Rule{"revision", kCapsPage,
           "NDIS 6.30 and later report NDIS_RECEIVE_FILTER_CAPABILITIES_REVISION_2",
           RevisionOfTheVersion},
      Rule{"flags-reserved", kCapsPage, "Flags is reserved for NDIS (0)", FlagsReserved},
      Rule{"implat-flags", kCapsPage,
           "IMPLAT_*_OF_QUEUES_MODE are for LBFO filters, not set by miniports (0x40 means "
           "DYNAMIC_PROCESSOR_AFFINITY_CHANGE_FOR_DEFAULT_QUEUE from NDIS 6.80)",
           NoImplatFlags},
      Rule{"num-queues-excludes-default", kCapsPage, "NumQueues does not include the default queue",
           NumQueuesExcludesDefault},
      // [WDD] determining-the-vmq-capabilities-of-a-network-adapter, MaxMacHeaderFilters: "There
      // should be at least as many header filters as there are VM queues." A should (E-017).
      Rule{"mac-filters-cover-queues", kDeterminePage,
           "MaxMacHeaderFilters >= NumQueues (a should: --strict only)", MacFiltersCoverQueues,
           true},
      Rule{"current-subset-of-hardware", "[WDD] oid-receive-filter-hardware-capabilities",
           "current capabilities are a subset of the hardware capabilities",
           CurrentSubsetOfHardware},
  };
  return rules;
}

}  // namespace

std::uint8_t CapabilitiesRevisionFor(ndis::NdisVersion version) {
  return version >= ndis::kNdis630 ? ndis::kRevision2 : ndis::kRevision1;
}

AdvertisedCapabilities BuildCapabilities(const VmqHardware& hw, ndis::NdisVersion version,
                                         const AdvertiseDecision& decision) {
  const bool ndis630 = version >= ndis::kNdis630;
  ReceiveFilterCapabilities caps;
  caps.revision = CapabilitiesRevisionFor(version);
  caps.enabled_filter_types = ndis::kVmqFiltersEnabled;
  caps.enabled_queue_types = ndis::kVmQueuesEnabled;
  caps.num_queues = hw.num_queues;
  caps.supported_queue_properties =
      ndis::kVmQueueSupported | (hw.msi_x ? ndis::kMsiXSupported : 0) |
      (hw.lookahead_split && !ndis630 ? ndis::kLookaheadSplitSupported : 0) |
      (hw.dynamic_affinity && ndis630 ? ndis::kDynamicProcessorAffinityChangeSupported : 0) |
      (hw.interrupt_coalescing && ndis630 ? ndis::kInterruptVectorCoalescingSupported : 0);
  caps.supported_filter_tests = ndis::kTestHeaderFieldEqualSupported;
  caps.supported_headers = ndis::kMacHeaderSupported;
  caps.supported_mac_header_fields = ndis::kMacHeaderDestAddrSupported |
                                     (hw.vlan_id_filtering ? ndis::kMacHeaderVlanIdSupported : 0);
  caps.max_mac_header_filters = hw.max_mac_header_filters;
  if (hw.lookahead_split && !ndis630) {
    caps.min_lookahead_split_size = hw.min_lookahead_split_size;
    caps.max_lookahead_split_size = hw.max_lookahead_split_size;
  }

  AdvertisedCapabilities out;
  out.hardware = caps;
  // The recommended current structure of the decision's interface (spec/capabilities_set.h).
  out.current = RecommendedCurrent(
      caps, decision.interface,
      CurrentSettings{version, decision.vmq_vlan_filtering, decision.vmq_lookahead_split});
  return out;
}

std::vector<CapabilityViolation> CheckCapabilities(const CapabilityCheckInput& input) {
  std::vector<CapabilityViolation> violations;
  for (const Rule& rule : Rules()) {
    if (auto message = rule.violated(input)) {
      violations.push_back({std::string(rule.id), std::string(rule.source), *message, rule.should});
    }
  }
  return violations;
}

std::vector<CapabilityRuleInfo> CapabilityRules() {
  std::vector<CapabilityRuleInfo> out;
  for (const Rule& rule : Rules()) out.push_back({rule.id, rule.source, rule.text, rule.should});
  return out;
}

}  // namespace vmqkit::spec
