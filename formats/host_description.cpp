#include "formats/host_description.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/text_encoding.h"
#include "formats/host_registry.h"
#include "formats/json_text.h"
#include "formats/registry_json.h"

namespace vmqkit::formats {

using spec::AdapterInfo;
using spec::AdapterRegistry;
using spec::HostDescription;
using spec::HostRegistry;
using spec::HostTopology;
using spec::Team;
using spec::TeamMode;

namespace {

bool IsHostDescription(const nlohmann::json& doc) {
  return doc.is_object() && (doc.contains("topology") || doc.contains("teams") ||
                             doc.contains("registry") || doc.contains("windows"));
}

Result<std::int64_t> IntegerMember(const nlohmann::json& object, const char* name, std::int64_t min,
                                   std::int64_t max, const std::string& file,
                                   const std::string& what) {
  const nlohmann::json& v = object.at(name);
  if (!v.is_number_integer() || v.get<std::int64_t>() < min || v.get<std::int64_t>() > max) {
    return InputError({file, 0, 0}, what + ": \"" + name + "\" must be an integer " +
                                        std::to_string(min) + ".." + std::to_string(max));
  }
  return v.get<std::int64_t>();
}

Result<HostTopology> ParseTopology(const nlohmann::json& j, const std::string& file) {
  if (!j.is_object()) return InputError({file, 0, 0}, "\"topology\" must be an object");
  HostTopology t;
  for (const auto& [name, value] : j.items()) {
    std::int64_t* field = name == "groups"          ? &t.groups
                          : name == "lps_per_group" ? &t.lps_per_group
                          : name == "smt"           ? &t.smt
                          : name == "numa_nodes"    ? &t.numa_nodes
                                                    : nullptr;
    if (field == nullptr) {
      return InputError({file, 0, 0}, "\"topology\": unknown member \"" + name +
                                          "\" (expected groups, lps_per_group, smt, numa_nodes)");
    }
    Result<std::int64_t> v = IntegerMember(j, name.c_str(), 1, 1 << 16, file, "\"topology\"");
    if (!v) return v.error();
    *field = *v;
  }
  if (!j.contains("lps_per_group")) {
    return InputError({file, 0, 0}, "\"topology\" needs \"lps_per_group\"");
  }
  return spec::ValidateTopology(t, {file, 0, 0});
}

Result<AdapterInfo> ParseAdapterInfo(const std::string& subkey, const nlohmann::json& j,
                                     const std::string& file) {
  const std::string what = "adapter \"" + subkey + "\"";
  if (!j.is_object()) return InputError({file, 0, 0}, what + " must be an object");
  AdapterInfo info{subkey, "", std::nullopt, std::nullopt, std::nullopt};
  for (const auto& [name, value] : j.items()) {
    if (name == "name") {
      if (!value.is_string()) return InputError({file, 0, 0}, what + ": \"name\" must be a string");
      info.name = value.get<std::string>();
    } else if (name == "link_speed_gbps") {
      if (!value.is_number() || value.get<double>() <= 0 || value.get<double>() > 1e5) {
        return InputError({file, 0, 0}, what + ": \"link_speed_gbps\" must be a positive number");
      }
      info.link_speed_bps = static_cast<std::uint64_t>(value.get<double>() * 1e9 + 0.5);
    } else if (name == "processors") {
      Result<std::int64_t> v =
          IntegerMember(j, "processors", 1, spec::kMaximumProcPerSystem, file, what);
      if (!v) return v.error();
      info.processors = *v;
    } else if (name == "msi_x") {
      if (!value.is_boolean())
        return InputError({file, 0, 0}, what + ": \"msi_x\" must be true or false");
      info.msi_x = value.get<bool>();
    } else if (name != "registry") {
      return InputError({file, 0, 0},
                        what + ": unknown member \"" + name +
                            "\" (expected name, link_speed_gbps, processors, msi_x, registry)");
    }
  }
  return info;
}

Result<Team> ParseTeam(const nlohmann::json& j, const std::string& file) {
  if (!j.is_object() || !j.contains("mode") || !j.contains("members") || !j["mode"].is_string() ||
      !j["members"].is_array()) {
    return InputError(
        {file, 0, 0},
        "each team must be {\"name\": ..., \"mode\": \"min-queues\"|\"sum-of-queues\", "
        "\"members\": [subkeys]}");
  }
  Team team;
  if (j.contains("name")) {
    if (!j["name"].is_string()) return InputError({file, 0, 0}, "team \"name\" must be a string");
    team.name = j["name"].get<std::string>();
  }
  const std::optional<TeamMode> mode = spec::ParseTeamMode(j["mode"].get<std::string>());
  if (!mode) {
    return InputError({file, 0, 0}, "team \"" + team.name + "\": mode \"" +
                                        j["mode"].get<std::string>() +
                                        "\" is neither \"min-queues\" nor \"sum-of-queues\"");
  }
  team.mode = *mode;
  for (const nlohmann::json& m : j["members"]) {
    if (!m.is_string())
      return InputError({file, 0, 0}, "team \"" + team.name + "\": members are subkey strings");
    team.members.push_back(m.get<std::string>());
  }
  if (team.members.size() < 2) {
    return InputError({file, 0, 0}, "team \"" + team.name + "\" needs at least two members");
  }
  return team;
}

// A registry file alone: one adapter entry per registry adapter, nothing else known.
HostDescription RegistryOnly(const std::string& origin, HostRegistry registry) {
  HostDescription host{origin, std::move(registry), std::nullopt, {}, {}, std::nullopt};
  for (const AdapterRegistry& a : host.registry.adapters)
    host.adapters.push_back({a.subkey, "", {}, {}, {}});
  return host;
}

Result<void> CheckTopLevelMembers(const nlohmann::json& doc, const std::string& file) {
  for (const auto& [name, value] : doc.items()) {
    if (name != "topology" && name != "registry" && name != "adapters" && name != "teams" &&
        name != "vmsmp" && name != "windows") {
      return InputError({file, 0, 0},
                        "unexpected top-level member \"" + name +
                            "\" (expected topology, registry, adapters, vmsmp, teams, windows)");
    }
  }
  return {};
}

// "registry": a .reg or JSON registry file, relative to the host file's folder.
Result<void> ReadRegistryFile(const nlohmann::json& doc, const std::string& file,
                              HostDescription& host) {
  if (!doc.contains("registry")) return {};
  if (!doc["registry"].is_string()) {
    return InputError({file, 0, 0},
                      "\"registry\" must be the path of a .reg or JSON registry file");
  }
  const std::filesystem::path base = std::filesystem::path(file).parent_path();
  const std::string path = (base / doc["registry"].get<std::string>()).string();
  Result<HostRegistry> registry = LoadHostRegistry(path);
  if (!registry) return registry.error();
  host.registry = std::move(*registry);
  return {};
}

// "adapters" (what is known about each, and inline registry values) and "vmsmp". Inline values go
// through the JSON registry reader, so they mean the same as there.
Result<void> ReadAdapters(const nlohmann::json& doc, const std::string& file,
                          HostDescription& host) {
  nlohmann::json inline_registry = {{"adapters", nlohmann::json::object()}};
  if (doc.contains("adapters")) {
    if (!doc["adapters"].is_object()) {
      return InputError({file, 0, 0}, "\"adapters\" must be an object of subkey -> adapter");
    }
    for (const auto& [subkey, value] : doc["adapters"].items()) {
      Result<AdapterInfo> info = ParseAdapterInfo(subkey, value, file);
      if (!info) return info.error();
      host.adapters.push_back(*info);
      if (value.contains("registry")) {
        if (host.registry.FindAdapter(subkey) != nullptr) {
          return InputError(
              {file, 0, 0},
              "adapter \"" + subkey + "\" has values both inline and in the \"registry\" file");
        }
        inline_registry["adapters"][subkey] = value["registry"];
      }
    }
  }
  if (doc.contains("vmsmp")) inline_registry["vmsmp"] = doc["vmsmp"];
  if (!inline_registry["adapters"].empty()) {
    Result<HostRegistry> registry = ParseRegistryJson(inline_registry.dump(), file);
    if (!registry) return registry.error();
    for (AdapterRegistry& a : registry->adapters) host.registry.adapters.push_back(std::move(a));
    if (doc.contains("vmsmp")) host.registry.vmsmp_parameters = registry->vmsmp_parameters;
  }
  return {};
}

// Every adapter described has registry values; every registry adapter gets an entry, in registry
// order.
Result<void> MatchAdaptersToRegistry(const std::string& file, HostDescription& host) {
  for (const AdapterInfo& info : host.adapters) {
    if (host.registry.FindAdapter(info.subkey) == nullptr) {
      return InputError({file, 0, 0}, "adapter \"" + info.subkey + "\" has no registry values");
    }
  }
  std::vector<AdapterInfo> ordered;
  for (const AdapterRegistry& a : host.registry.adapters) {
    const AdapterInfo* info = host.Info(a.subkey);
    ordered.push_back(info ? *info : AdapterInfo{a.subkey, "", {}, {}, {}});
  }
  host.adapters = std::move(ordered);
  if (host.registry.adapters.empty()) return InputError({file, 0, 0}, "the host has no adapters");
  return {};
}

Result<void> ReadTeams(const nlohmann::json& doc, const std::string& file, HostDescription& host) {
  if (!doc.contains("teams")) return {};
  if (!doc["teams"].is_array()) return InputError({file, 0, 0}, "\"teams\" must be an array");
  for (const nlohmann::json& j : doc["teams"]) {
    Result<Team> team = ParseTeam(j, file);
    if (!team) return team.error();
    for (const std::string& m : team->members) {
      if (host.registry.FindAdapter(m) == nullptr) {
        return InputError({file, 0, 0}, "team \"" + team->name + "\": no adapter \"" + m + "\"");
      }
      if (host.TeamOf(m) != nullptr ||
          std::count(team->members.begin(), team->members.end(), m) > 1) {
        return InputError({file, 0, 0}, "adapter \"" + m + "\" is in more than one team");
      }
    }
    host.teams.push_back(std::move(*team));
  }
  return {};
}

}  // namespace

Result<HostDescription> ParseHostDescriptionJson(std::string_view text, const std::string& file) {
  Result<nlohmann::json> parsed = ParseJsonText(text, file);
  if (!parsed) return parsed.error();
  const nlohmann::json& doc = *parsed;
  if (!IsHostDescription(doc)) {
    Result<HostRegistry> registry = ParseRegistryJson(text, file);
    if (!registry) return registry.error();
    return RegistryOnly(file, std::move(*registry));
  }
  HostDescription host;
  host.origin = file;
  host.registry.origin = file;
  host.registry.vmsmp_parameters.path = std::string(spec::kVmsmpParametersKey);
  if (Result<void> ok = CheckTopLevelMembers(doc, file); !ok) return ok.error();
  if (doc.contains("topology")) {
    Result<HostTopology> t = ParseTopology(doc["topology"], file);
    if (!t) return t.error();
    host.topology = *t;
  }
  if (doc.contains("windows")) {
    const nlohmann::json& w = doc["windows"];
    const std::optional<spec::WindowsServer> release =
        w.is_string() ? spec::ParseWindowsServer(w.get<std::string>()) : std::nullopt;
    if (!release) {
      std::string names;
      for (const spec::WindowsServerRow& row : spec::WindowsServerReleases())
        names += (names.empty() ? "" : ", ") + std::string(row.name);
      return InputError({file, 0, 0}, "\"windows\" must be one of " + names);
    }
    host.release = *release;
  }
  if (Result<void> ok = ReadRegistryFile(doc, file, host); !ok) return ok.error();
  if (Result<void> ok = ReadAdapters(doc, file, host); !ok) return ok.error();
  if (Result<void> ok = MatchAdaptersToRegistry(file, host); !ok) return ok.error();
  if (Result<void> ok = ReadTeams(doc, file, host); !ok) return ok.error();
  return host;
}

Result<HostDescription> LoadHostDescription(const std::string& path) {
  if (IsJsonPath(path)) {
    Result<std::string> bytes = ReadFileBytes(path);
    if (!bytes) return bytes.error();
    return ParseHostDescriptionJson(*bytes, path);
  }
  Result<HostRegistry> registry = LoadHostRegistry(path);
  if (!registry) return registry.error();
  return RegistryOnly(path, std::move(*registry));
}

}  // namespace vmqkit::formats
