#pragma once
// A host for `vmqkit overlap` / `vmqkit advise`: its adapters' registry values, its processor
// topology, what is known about each adapter (name, link speed, a processor count the user wants)
// and its NIC teams. vmqkit::formats reads one from a `reg export` / JSON registry
// (values only) or from the JSON host description of docs/processors.md ("Host description").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "spec/host_topology.h"
#include "spec/processor_set.h"
#include "spec/registry.h"
#include "spec/windows_release.h"

namespace vmqkit::spec {

// NIC teaming load-distribution families ([WSD] nic-teaming/NIC-Teaming.md; [PERF]):
// switch-dependent or address-hash teams are Min-Queues, switch-independent teams with Dynamic or
// Hyper-V Port distribution (and every SET team) are Sum-of-Queues.
enum class TeamMode : std::uint8_t { kMinQueues, kSumOfQueues };
std::string_view ToString(TeamMode mode);  // "min-queues", "sum-of-queues"
std::optional<TeamMode> ParseTeamMode(std::string_view text);

struct Team {
  std::string name;
  TeamMode mode = TeamMode::kSumOfQueues;
  std::vector<std::string> members;  // adapter subkeys
};

struct AdapterInfo {
  std::string subkey;
  std::string name;                             // the connection name Set-NetAdapterVmq -Name takes
  std::optional<std::uint64_t> link_speed_bps;  // drives the KB's processor count
  std::optional<std::int64_t> processors;       // the count the user wants, overrides link speed
  std::optional<bool> msi_x;                    // the NIC's MSI-X support, for *MaxRssProcessors
};

struct HostDescription {
  std::string origin;
  HostRegistry registry;
  std::optional<HostTopology> topology;  // absent for a plain registry file
  std::vector<AdapterInfo> adapters;     // one per registry adapter, same order
  std::vector<Team> teams;
  std::optional<WindowsServer> release;  // the host's Windows Server release, when known

  const AdapterInfo* Info(std::string_view subkey) const;
  // The team an adapter belongs to, if any.
  const Team* TeamOf(std::string_view subkey) const;
};

// One adapter's processor keywords as NDIS reads them, with what the reader had to say.
struct AdapterKeywords {
  std::string subkey;
  RssProcessorKeywords keywords;
  bool max_processors_in_registry = false;  // *MaxRssProcessors was set (not the default)
  std::vector<Diagnostic> diagnostics;
  // Where keywords.max_processors came from: "registry", or the default row taken and what of it
  // was assumed ("default: Windows Server 2012 or later (assumed), 1 Gbps, MSI-X").
  std::string max_processors_origin = "registry";
};
// The values as the registry holds them; an absent *MaxRssProcessors reads as the catalog's one
// default (16, the 10 Gbps MSI-X row).
std::vector<AdapterKeywords> ReadAdapterKeywords(const HostRegistry& registry);
// The same, with an absent *MaxRssProcessors taking the default NDIS applies to that adapter on
// that host: by release, link speed and MSI-X ([WDD] standardized-inf-keywords-for-rss; E-022).
// Unknown release: Windows Server 2012 or later; unknown speed: 10 Gbps; unknown MSI-X: supported
// (a VMQ miniport "must support MSI-X", [WDD] vmq-interrupt-requirements). Each assumption is
// named in max_processors_origin.
std::vector<AdapterKeywords> ReadAdapterKeywords(const HostDescription& host);

}  // namespace vmqkit::spec
