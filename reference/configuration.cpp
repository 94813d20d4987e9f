#include "reference/configuration.h"

namespace vmqkit::reference {
namespace {

// An enumeration keyword with values 0/1: anything else (or absent) means the documented default,
// since NDIS does not range-check registry values ([DDI] ndis/nf-ndis-ndisreadconfiguration).
bool ReadSwitch(const ReadInteger& read, std::string_view keyword, bool default_value) {
  std::uint32_t value = 0;
  if (!read(keyword, value) || value > 1) return default_value;
  return value == 1;
}

// VMQ side: *VMQ, then (when enabled) *VMQVlanFiltering, and on NDIS 6.20 *VMQLookaheadSplit
// (E-011, E-012). Defaults: [WDD] standardized-inf-keywords-for-vmq, all "1 Enabled".
bool ReadVmqKeywords(const ReadInteger& read, bool ndis_630_or_later, Configuration& config) {
  if (!ReadSwitch(read, "*VMQ", true)) return false;
  config.vmq_vlan_filtering = ReadSwitch(read, "*VMQVlanFiltering", true);
  // The hardware has no lookahead split; 6.20 drivers still read the keyword (E-012) and the
  // capability stays unreported whatever it says.
  if (!ndis_630_or_later) (void)ReadSwitch(read, "*VMQLookaheadSplit", true);
  return true;
}

}  // namespace

Configuration ReadConfiguration(const HardwareFeatures& hardware, bool ndis_630_or_later,
                                const ReadInteger& read) {
  Configuration config;
  // SR-IOV preference first ([WDD] handling-sr-iov--vmq--and-rss-standardized-inf-keywords).
  if (hardware.sriov && ReadSwitch(read, "*SriovPreferred", false)) {
    const bool sriov = ReadSwitch(read, "*SRIOV", true);
    // Under SR-IOV preference the VMQ keywords decide "SR-IOV and VMQ" (E-009); RSS is never read.
    const bool vmq = hardware.vmq && ReadVmqKeywords(read, ndis_630_or_later, config);
    // "However, the driver must read the VMQ *VMQVlanFiltering standardized keyword" (same page):
    // unconditionally, so also when *VMQ is off or the hardware has no VMQ.
    if (!vmq) config.vmq_vlan_filtering = ReadSwitch(read, "*VMQVlanFiltering", true);
    if (sriov && vmq)
      config.enabled = EnabledInterface::kSriovAndVmq;
    else if (sriov)
      config.enabled = EnabledInterface::kSriov;
    else if (vmq)
      config.enabled = EnabledInterface::kVmq;
    return config;
  }
  // *RssOrVmqPreference only matters when the adapter has both (E-008).
  bool vmq_preference = hardware.vmq;
  if (hardware.rss && hardware.vmq) vmq_preference = ReadSwitch(read, "*RssOrVmqPreference", false);
  if (vmq_preference) {
    // "must not read any of the RSS or SR-IOV standardized keywords".
    if (ReadVmqKeywords(read, ndis_630_or_later, config)) config.enabled = EnabledInterface::kVmq;
    return config;
  }
  if (hardware.rss && ReadSwitch(read, "*RSS", true)) config.enabled = EnabledInterface::kRss;
  return config;
}

}  // namespace vmqkit::reference
