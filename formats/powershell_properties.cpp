#include "formats/powershell_properties.h"

#include <algorithm>
#include <array>

#include "base/text.h"

namespace vmqkit::formats {
namespace {

// MSFT_NetAdapterSettingData, which the three NetAdapter classes below inherit ([MOF] the classes'
// pages list the inherited properties first).
constexpr std::array<std::string_view, 8> kSettingData{
    "Caption", "Description",          "ElementName", "InstanceID",
    "Name",    "InterfaceDescription", "Source",      "SystemName",
};

// [MOF] learn.microsoft.com/windows/win32/fwp/wmi/netadaptercimprov/msft-netadaptervmqsettingdata
constexpr std::array<std::string_view, 18> kVmq{
    // The default view's column: "group:number" of the base processor.
    "BaseVmqProcessor",
    "Enabled",
    "NumberOfReceiveQueues",
    "TotalNumberOfMacAddresses",
    "NumMacAddressesPerPort",
    "NumVlansPerPort",
    "VlanFilteringSupported",
    "LookaheadSplitSupported",
    "MinLookaheadSplitSize",
    "MaxLookaheadSplitSize",
    "AnyVlanSupported",
    "DynamicProcessorAffinityChangeSupported",
    "InterruptVectorCoalescingSupported",
    "BaseProcessorGroup",
    "BaseProcessorNumber",
    "MaxProcessors",
    "MaxProcessorNumber",
    "NumaNode",
};

// [MOF] .../netadaptercimprov/msft-netadapterrsssettingdata
constexpr std::array<std::string_view, 34> kRss{
    "Enabled",
    "MsiSupported",
    "MsiXSupported",
    "MsiXEnabled",
    "ClassificationAtIsrSupported",
    "ClassificationAtDpcSupported",
    "TcpIPv4HashSupported",
    "TcpIPv6HashSupported",
    "TcpIPv6ExtensionHashSupported",
    "ToeplitzHashFunctionSupported",
    "RssOnPortsSupported",
    "NumberOfInterruptMessages",
    "NumberOfReceiveQueues",
    "IPv4HashEnabled",
    "TcpIPv4HashEnabled",
    "IPv6HashEnabled",
    "IPv6ExtensionHashEnabled",
    "TcpIPv6HashEnabled",
    "TcpIPv6ExtensionHashEnabled",
    "ToeplitzHashFunctionEnabled",
    "IndirectionTableEntryCount",
    "HashKeySize",
    "IndirectionTable",
    "Profile",
    "BaseProcessorGroup",
    "BaseProcessorNumber",
    "MaxProcessorGroup",
    "MaxProcessorNumber",
    "MaxProcessors",
    "NumaNode",
    "RssProcessorArraySize",
    "RssProcessorArray",
    // Only the default list view has these two ("BaseProcessor: [Group:Number]", ...).
    "BaseProcessor",
    "MaxProcessor",
};

// [MOF] .../netadaptercimprov/msft-netadapteradvancedpropertysettingdata
constexpr std::array<std::string_view, 11> kAdvanced{
    "DisplayName",
    "DisplayValue",
    "RegistryKeyword",
    "RegistryValue",
    "RegistryDataType",
    "DisplayParameterType",
    "DefaultDisplayValue",
    "DefaultRegistryValue",
    "ValidDisplayValues",
    "ValidRegistryValues",
    "NumericParameterBaseValue",
};

// [PSD] Get-VMNetworkAdapter (Hyper-V module): the properties the Select names, and the
// switch the adapter is connected to.
constexpr std::array<std::string_view, 6> kVmNic{
    "VMName", "Name", "VmqWeight", "VlanSetting", "SwitchName", "IsManagementOs",
};

// [MOF] Win32_Processor (cimwin32prov): the counts that give the SMT width.
constexpr std::array<std::string_view, 5> kProcessor{
    "DeviceID", "Name", "SocketDesignation", "NumberOfCores", "NumberOfLogicalProcessors",
};

// [MOF] .../netadaptercimprov/msft-netadapter: the properties vmqkit reads or that the default
// table view shows (its Name, InterfaceDescription, ifIndex, Status, MacAddress, LinkSpeed columns
// are aliases and script properties PowerShell's type data adds to MSFT_NetAdapter). The full view
// (`Format-List *`) has several dozen more from CIM_NetworkPort and the type data, which no single
// page lists: the kind is told by its link speed properties instead (E-714).
constexpr std::array<std::string_view, 12> kNetAdapter{
    "Name",
    "InterfaceDescription",
    "InterfaceAlias",
    "ifAlias",
    "ifIndex",
    "Status",
    "MacAddress",
    "LinkSpeed",
    "Speed",
    "ReceiveLinkSpeed",
    "TransmitLinkSpeed",
    "InterfaceIndex",
};
// No other kind has these.
constexpr std::array<std::string_view, 3> kNetAdapterIdentifying{
    "LinkSpeed",
    "ReceiveLinkSpeed",
    "TransmitLinkSpeed",
};

// [PSD] Get-VMSwitch (Hyper-V module): the switch's name and the physical adapters it is bound to
// (NetAdapterInterfaceDescriptions: the members of a Switch Embedded Team). Like Get-NetAdapter,
// the full view has more properties than any page lists (E-714).
constexpr std::array<std::string_view, 7> kVmSwitch{
    "Name",
    "Id",
    "SwitchType",
    "AllowManagementOS",
    "EmbeddedTeamingEnabled",
    "NetAdapterInterfaceDescription",
    "NetAdapterInterfaceDescriptions",
};
constexpr std::array<std::string_view, 2> kVmSwitchIdentifying{
    "NetAdapterInterfaceDescription",
    "NetAdapterInterfaceDescriptions",
};

constexpr std::array<PsKindInfo, 7> kKinds{{
    {PsKind::kVmq, "Get-NetAdapterVmq", "MSFT_NetAdapterVmqSettingData", kVmq, kSettingData, {}},
    {PsKind::kRss, "Get-NetAdapterRss", "MSFT_NetAdapterRssSettingData", kRss, kSettingData, {}},
    {PsKind::kAdvancedProperty,
     "Get-NetAdapterAdvancedProperty -AllProperties",
     "MSFT_NetAdapterAdvancedPropertySettingData",
     kAdvanced,
     kSettingData,
     {}},
    {PsKind::kVmNetworkAdapter,
     "Get-VMNetworkAdapter -All",
     "Hyper-V VMNetworkAdapter",
     kVmNic,
     {},
     {}},
    {PsKind::kProcessor, "Get-CimInstance Win32_Processor", "Win32_Processor", kProcessor, {}, {}},
    {PsKind::kNetAdapter,
     "Get-NetAdapter",
     "MSFT_NetAdapter",
     kNetAdapter,
     {},
     kNetAdapterIdentifying},
    {PsKind::kVmSwitch, "Get-VMSwitch", "Hyper-V VMSwitch", kVmSwitch, {}, kVmSwitchIdentifying},
}};

// The default views' labels ([PSD] Get-NetAdapterVmq / Get-NetAdapterRss examples).
constexpr std::array<PsDisplayLabel, 4> kLabels{{
    {"BaseProcessor: [Group:Number]", "BaseProcessor"},
    {"MaxProcessor: [Group:Number]", "MaxProcessor"},
    {"RssProcessorArray: [Group:Number/NUMA Distance]", "RssProcessorArray"},
    {"IndirectionTable: [Group:Number]", "IndirectionTable"},
}};

}  // namespace

bool PsKindInfo::Has(std::string_view property) const {
  auto in = [&](std::span<const std::string_view> list) {
    return std::any_of(list.begin(), list.end(),
                       [&](std::string_view p) { return EqualsIgnoreCase(p, property); });
  };
  return in(properties) || in(inherited);
}

std::span<const PsKindInfo> PsKinds() {
  return kKinds;
}

const PsKindInfo& Describe(PsKind kind) {
  for (const PsKindInfo& k : kKinds) {
    if (k.kind == kind) return k;
  }
  return kKinds.front();
}

bool IsCimInstanceMember(std::string_view name) {
  for (std::string_view m :
       {"PSComputerName", "CimClass", "CimInstanceProperties", "CimSystemProperties"}) {
    if (EqualsIgnoreCase(name, m)) return true;
  }
  return false;
}

std::span<const PsDisplayLabel> PsDisplayLabels() {
  return kLabels;
}

std::optional<std::string_view> PropertyOfLabel(std::string_view label) {
  for (const PsDisplayLabel& l : kLabels) {
    if (EqualsIgnoreCase(l.label, label)) return l.property;
  }
  return std::nullopt;
}

}  // namespace vmqkit::formats
