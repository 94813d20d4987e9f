#pragma once
// MiniportInitializeEx's registry pass: which standardized keywords the driver reads, in which
// order, and what it concludes. Every read goes through the host's read_config callback (the
// NdisReadConfiguration of the DUT ABI), so the suite sees exactly what a real driver would read.
#include <cstdint>
#include <functional>
#include <string_view>

namespace vmqkit::reference {

// The interface the registry enables ([WDD]
// handling-sr-iov--vmq--and-rss-standardized-inf-keywords).
enum class EnabledInterface : std::uint8_t { kNone, kRss, kVmq, kSriov, kSriovAndVmq };

struct HardwareFeatures {
  bool rss = false;
  bool vmq = false;
  bool sriov = false;
};

struct Configuration {
  EnabledInterface enabled = EnabledInterface::kNone;
  bool vmq_vlan_filtering = false;  // *VMQVlanFiltering (meaningful when VMQ is enabled)

  bool VmqEnabled() const {
    return enabled == EnabledInterface::kVmq || enabled == EnabledInterface::kSriovAndVmq;
  }
};

// NdisReadConfiguration(NdisParameterInteger): the value, or nothing when absent / not a number.
using ReadInteger = std::function<bool(std::string_view keyword, std::uint32_t& value)>;

// Reads what the decision needs and nothing else. Never reads the reserved keywords
// (*RssMaxProcNumber, *MaxRssProcessors, TenGigVmqEnabled, BelowTenGigVmqEnabled) nor any RSS
// processor keyword: the processor set comes from the platform (NdisGetRssProcessorInformation).
Configuration ReadConfiguration(const HardwareFeatures& hardware, bool ndis_630_or_later,
                                const ReadInteger& read);

// The keywords a VMQ driver must never read ([WDD] standardized-inf-keywords-for-vmq, "Reserved
// registry keywords"; E-001). Tests check the driver against this list.
inline constexpr std::string_view kReservedKeywords[] = {
    "*RssMaxProcNumber", "*MaxRssProcessors", "TenGigVmqEnabled", "BelowTenGigVmqEnabled"};

}  // namespace vmqkit::reference
