#pragma once
// A Hyper-V host as its administrator has it: PowerShell output (formats/powershell_records.h) of
// Get-NetAdapterVmq, Get-NetAdapterRss, Get-NetAdapterAdvancedProperty -AllProperties,
// Get-VMNetworkAdapter and Win32_Processor, a `reg export` of the class key, a JSON host
// description; files or directories, several outputs concatenated in one file. `vmqkit diagnose`,
// `overlap` and `advise` read it through `--host`.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "spec/host_description.h"

namespace vmqkit::formats {

// One adapter of Get-NetAdapterVmq (MSFT_NetAdapterVmqSettingData) or, for an adapter VMQ does not
// list, of Get-NetAdapterRss (MSFT_NetAdapterRssSettingData).
struct PsAdapter {
  std::string name;                   // Name: what Set-NetAdapterVmq -Name takes
  std::string interface_description;  // InterfaceDescription: the registry's DriverDesc
  bool from_vmq = true;               // false: from Get-NetAdapterRss only
  bool enabled = false;               // Enabled
  spec::ProcessorNumber base;         // BaseProcessorGroup:BaseProcessorNumber (BaseVmqProcessor)
  std::int64_t max_processors = 16;   // MaxProcessors
  std::optional<spec::ProcessorNumber> max;  // MaxProcessorNumber (in the base's group, E-712)
  std::optional<std::int64_t> numa_node;     // NumaNode
  std::optional<std::int64_t> queues;        // NumberOfReceiveQueues
  std::string subkey;  // the class key's subkey, when a `reg export` names the adapter
  SourcePos where;
};

// One virtual network adapter of Get-VMNetworkAdapter -All.
struct PsVmNic {
  std::string vm_name;  // VMName (empty for the management OS)
  std::string name;
  std::string switch_name;
  std::int64_t vmq_weight = 100;        // VmqWeight: 0 turns VMQ off for this vNIC
  std::optional<std::int64_t> vlan_id;  // VlanSetting.AccessVlanId in access mode
  SourcePos where;
};

// One virtual switch of Get-VMSwitch and the physical adapters behind it, by InterfaceDescription.
struct PsVmSwitch {
  std::string name;
  std::vector<std::string> interface_descriptions;
  SourcePos where;
};

struct AdminHost {
  spec::HostDescription description;  // adapters keyed by subkey (or by Name without a .reg)
  std::vector<PsAdapter> adapters;    // what the cmdlets said, same order as description.adapters
  std::vector<PsVmNic> vnics;
  std::vector<PsVmSwitch> switches;
  std::vector<std::string> files;          // every file read, in order
  bool from_powershell = false;            // at least one PowerShell output was read
  std::optional<SourcePos> topology_from;  // Win32_Processor's first record, when it gave one
};

// Is this path a directory, or a file that holds PowerShell output rather than a .reg or JSON?
bool IsAdminHostPath(const std::string& path);

// Reads every path (a directory: its regular files in name order) and joins what they say.
Result<AdminHost> LoadAdminHost(const std::vector<std::string>& paths);

}  // namespace vmqkit::formats
