#pragma once
// The PowerShell output objects an administrator has, by their documented property names: one
// table read by the PowerShell readers (formats/powershell_records.h), docs/admin.md and the tests.
// A record is of the kind whose table holds every property it has (docs/errata.md E-712).
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace vmqkit::formats {

enum class PsKind : std::uint8_t {
  kVmq,               // Get-NetAdapterVmq: MSFT_NetAdapterVmqSettingData
  kRss,               // Get-NetAdapterRss: MSFT_NetAdapterRssSettingData
  kAdvancedProperty,  // Get-NetAdapterAdvancedProperty -AllProperties
  kVmNetworkAdapter,  // Get-VMNetworkAdapter -All | Select VMName, Name, VmqWeight, VlanSetting
  kProcessor,         // Get-CimInstance Win32_Processor (the host's cores and logical processors)
  kNetAdapter,        // Get-NetAdapter: MSFT_NetAdapter (the link speed)
  kVmSwitch,          // Get-VMSwitch: the physical adapters behind each virtual switch
};

struct PsKindInfo {
  PsKind kind;
  std::string_view cmdlet;  // what the administrator runs
  std::string_view source;  // the page that documents the properties
  std::span<const std::string_view> properties;
  std::span<const std::string_view> inherited;  // MSFT_NetAdapterSettingData's, when it has them
  // Non-empty for a kind whose full view holds more properties than any page lists (E-714): a
  // record with one of these is of this kind whatever else it has.
  std::span<const std::string_view> identifying;

  bool Has(std::string_view property) const;  // in either list, ignoring case
};

std::span<const PsKindInfo> PsKinds();
const PsKindInfo& Describe(PsKind kind);

// Members PowerShell adds to every CIM instance it prints or serializes (ConvertTo-Json writes
// them too): accepted for every kind, never read.
bool IsCimInstanceMember(std::string_view name);

// The display labels of the cmdlets' default views, mapped to the property they show:
// "BaseProcessor: [Group:Number]" -> "BaseProcessor", ...
struct PsDisplayLabel {
  std::string_view label;
  std::string_view property;
};
std::span<const PsDisplayLabel> PsDisplayLabels();
std::optional<std::string_view> PropertyOfLabel(std::string_view label);

}  // namespace vmqkit::formats
