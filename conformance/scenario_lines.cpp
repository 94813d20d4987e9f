// The engine's scenario lines (formats/scenario.h format) and what capabilities say about hardware.
#include <cstdio>

#include "conformance/engine.h"
#include "ndis/constants.h"
#include "vmqkit/dut.h"

namespace vmqkit::conformance {

using nlohmann::json;

std::string ToHex(ndis::ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

spec::VmqHardware HardwareFrom(const ndis::ReceiveFilterCapabilities& caps) {
  spec::VmqHardware hw;
  hw.num_queues = caps.num_queues;
  hw.max_mac_header_filters = caps.max_mac_header_filters;
  hw.vlan_id_filtering = (caps.supported_mac_header_fields & ndis::kMacHeaderVlanIdSupported) != 0;
  hw.lookahead_split = (caps.supported_queue_properties & ndis::kLookaheadSplitSupported) != 0;
  hw.min_lookahead_split_size = caps.min_lookahead_split_size;
  hw.max_lookahead_split_size = caps.max_lookahead_split_size;
  hw.dynamic_affinity =
      (caps.supported_queue_properties & ndis::kDynamicProcessorAffinityChangeSupported) != 0;
  hw.interrupt_coalescing =
      (caps.supported_queue_properties & ndis::kInterruptVectorCoalescingSupported) != 0;
  hw.msi_x = (caps.supported_queue_properties & ndis::kMsiXSupported) != 0;
  return hw;
}

namespace {
json SupportJson(const spec::HardwareSupport& s) {
  return {{"rss", s.rss}, {"vmq", s.vmq}, {"sriov", s.sriov}};
}
}  // namespace

// [WDD] standardized-inf-keywords-for-vmq: *RssOrVmqPreference decides "whether VMQ capabilities
// should be enabled instead of receive side scaling (RSS) capabilities", a choice only hardware
// with both has. Which it has is what the driver reports to NDIS: RSS through
// NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES.RecvScaleCapabilities ([DDI] "the receive side scaling
// (RSS) capabilities of a miniport adapter"), VMQ through its hardware
// NDIS_RECEIVE_FILTER_CAPABILITIES ("the receive filtering capabilities of a network adapter"),
// SR-IOV through the hardware assist attributes' NDIS_SRIOV_CAPABILITIES (E-023).
void AdoptReportedSupport(const std::optional<std::uint32_t>& reported,
                          spec::HardwareSupport& support, json& configure) {
  if (!reported) return;
  constexpr auto kRss = static_cast<std::uint32_t>(VMQKIT_HW_RSS);
  constexpr auto kVmq = static_cast<std::uint32_t>(VMQKIT_HW_VMQ);
  support.rss = (*reported & kRss) != 0;
  constexpr auto kSriov = static_cast<std::uint32_t>(VMQKIT_HW_SRIOV);
  support.vmq = (*reported & kVmq) != 0;
  support.sriov = (*reported & kSriov) != 0;
  configure["support"] = SupportJson(support);
}

json ConfigureLine(const std::string& adapter, const spec::ModelConfig& c) {
  json line = {{"step", "configure"}, {"adapter", adapter}, {"ndis", ndis::ToString(c.version)}};
  line["support"] = SupportJson(c.support);
  line["link_speed"] = c.link_speed_bps;
  auto keys = [](const spec::RegistryKey& key) {
    json out = json::object();
    for (const auto& v : key.values) {
      if (v.type == spec::RegType::kDword) {
        out[v.name] = v.number;
      } else {
        out[v.name] = v.text;
      }
    }
    return out;
  };
  line["keywords"] = keys(c.adapter_keywords);
  if (!c.vmsmp_parameters.values.empty()) line["vmsmp"] = keys(c.vmsmp_parameters);
  json groups = json::array();
  for (std::uint64_t mask : c.processor_groups) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(mask));
    groups.push_back(text);
  }
  line["processors"] = groups;
  return line;
}

}  // namespace vmqkit::conformance
