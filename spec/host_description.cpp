#include "spec/host_description.h"

#include <algorithm>
#include <cstdio>

#include "spec/keyword_defaults.h"

namespace vmqkit::spec {

std::string_view ToString(TeamMode mode) {
  return mode == TeamMode::kMinQueues ? "min-queues" : "sum-of-queues";
}

std::optional<TeamMode> ParseTeamMode(std::string_view text) {
  if (text == "min-queues") return TeamMode::kMinQueues;
  if (text == "sum-of-queues") return TeamMode::kSumOfQueues;
  return std::nullopt;
}

const AdapterInfo* HostDescription::Info(std::string_view subkey) const {
  for (const AdapterInfo& a : adapters) {
    if (a.subkey == subkey) return &a;
  }
  return nullptr;
}

const Team* HostDescription::TeamOf(std::string_view subkey) const {
  for (const Team& t : teams) {
    if (std::find(t.members.begin(), t.members.end(), subkey) != t.members.end()) return &t;
  }
  return nullptr;
}

std::vector<AdapterKeywords> ReadAdapterKeywords(const HostRegistry& registry) {
  std::vector<AdapterKeywords> out;
  for (const AdapterRegistry& a : registry.adapters) {
    KeywordReader reader(a.key, registry.vmsmp_parameters);
    AdapterKeywords k{a.subkey, ReadProcessorKeywords(reader), false, {}, "registry"};
    k.max_processors_in_registry =
        KeywordReader(a.key, registry.vmsmp_parameters).Read("*MaxRssProcessors").origin ==
        ValueOrigin::kRegistry;
    k.diagnostics = reader.diagnostics();
    out.push_back(std::move(k));
  }
  return out;
}

}  // namespace vmqkit::spec

namespace vmqkit::spec {
namespace {

std::string SpeedText(std::uint64_t bps) {
  char text[32];
  std::snprintf(text, sizeof text, "%g Gbps", static_cast<double>(bps) / 1e9);
  return text;
}

}  // namespace

std::vector<AdapterKeywords> ReadAdapterKeywords(const HostDescription& host) {
  std::vector<AdapterKeywords> out = ReadAdapterKeywords(host.registry);
  constexpr std::uint64_t kTenGig = 10'000'000'000ULL;
  for (AdapterKeywords& k : out) {
    if (k.max_processors_in_registry) continue;
    const AdapterInfo* info = host.Info(k.subkey);
    const WindowsServer release = host.release.value_or(WindowsServer::k2012);
    const std::optional<std::uint64_t> speed = info ? info->link_speed_bps : std::nullopt;
    const std::optional<bool> msi_x = info ? info->msi_x : std::nullopt;
    k.keywords.max_processors =
        MaxRssProcessorsDefault(release, speed.value_or(kTenGig), msi_x.value_or(true));
    k.max_processors_origin =
        "default: " +
        (host.release ? "Windows Server " + std::string(ToString(release))
                      : std::string("Windows Server 2012 or later (assumed)")) +
        ", " + (speed ? SpeedText(*speed) : std::string("10 Gbps (assumed)")) + ", " +
        (msi_x ? (*msi_x ? "MSI-X" : "no MSI-X") : "MSI-X (assumed)");
  }
  return out;
}

}  // namespace vmqkit::spec
