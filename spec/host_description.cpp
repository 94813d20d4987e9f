#include "spec/host_description.h"

#include <algorithm>

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
    AdapterKeywords k{a.subkey, ReadProcessorKeywords(reader), false, {}};
    k.max_processors_in_registry =
        KeywordReader(a.key, registry.vmsmp_parameters).Read("*MaxRssProcessors").origin ==
        ValueOrigin::kRegistry;
    k.diagnostics = reader.diagnostics();
    out.push_back(std::move(k));
  }
  return out;
}

}  // namespace vmqkit::spec
