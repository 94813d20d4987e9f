#include "spec/host_description.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "base/text_encoding.h"
#include "spec/registry_json.h"

namespace vmqkit::spec {
namespace {

struct TooDeep {};

Result<nlohmann::json> ParseJson(std::string_view text, const std::string& file) {
  try {
    // The callback refuses deep nesting before it is built, so hostile input cannot exhaust the
    // stack.
    return nlohmann::json::parse(text,
                                 [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
                                   if (depth > kMaxJsonDepth) throw TooDeep{};
                                   return true;
                                 });
  } catch (const TooDeep&) {
    return InputError({file, 0, 0},
                      "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    if (const auto colon = what.rfind(": "); colon != std::string::npos)
      what = what.substr(colon + 2);
    return InputError(PosOfOffset(text, e.byte > 0 ? e.byte - 1 : 0, file), "invalid JSON: " + what);
  } catch (const nlohmann::json::exception& e) {
    // A number too large for a double throws out_of_range, not parse_error (found by
    // fuzz/host_description_fuzz).
    std::string what = e.what();
    if (const auto bracket = what.find("] "); bracket != std::string::npos)
      what = what.substr(bracket + 2);
    return InputError({file, 0, 0}, "invalid JSON: " + what);
  }
}

bool IsHostDescription(const nlohmann::json& doc) {
  return doc.is_object() &&
         (doc.contains("topology") || doc.contains("teams") || doc.contains("registry"));
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
  return ValidateTopology(t, {file, 0, 0});
}

Result<AdapterInfo> ParseAdapterInfo(const std::string& subkey, const nlohmann::json& j,
                                     const std::string& file) {
  const std::string what = "adapter \"" + subkey + "\"";
  if (!j.is_object()) return InputError({file, 0, 0}, what + " must be an object");
  AdapterInfo info{subkey, "", std::nullopt, std::nullopt};
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
      Result<std::int64_t> v = IntegerMember(j, "processors", 1, kMaximumProcPerSystem, file, what);
      if (!v) return v.error();
      info.processors = *v;
    } else if (name != "registry") {
      return InputError({file, 0, 0},
                        what + ": unknown member \"" + name +
                            "\" (expected name, link_speed_gbps, processors, registry)");
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
  const std::optional<TeamMode> mode = ParseTeamMode(j["mode"].get<std::string>());
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

}  // namespace

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

Result<HostDescription> ParseHostDescriptionJson(std::string_view text, const std::string& file) {
  Result<nlohmann::json> parsed = ParseJson(text, file);
  if (!parsed) return parsed.error();
  const nlohmann::json& doc = *parsed;
  if (!IsHostDescription(doc)) {
    Result<HostRegistry> registry = ParseRegistryJson(text, file);
    if (!registry) return registry.error();
    HostDescription host{file, std::move(*registry), std::nullopt, {}, {}};
    for (const AdapterRegistry& a : host.registry.adapters)
      host.adapters.push_back({a.subkey, "", {}, {}});
    return host;
  }

  HostDescription host;
  host.origin = file;
  host.registry.origin = file;
  host.registry.vmsmp_parameters.path = std::string(kVmsmpParametersKey);
  for (const auto& [name, value] : doc.items()) {
    if (name != "topology" && name != "registry" && name != "adapters" && name != "teams" &&
        name != "vmsmp") {
      return InputError({file, 0, 0},
                        "unexpected top-level member \"" + name +
                            "\" (expected topology, registry, adapters, vmsmp, teams)");
    }
  }
  if (doc.contains("topology")) {
    Result<HostTopology> t = ParseTopology(doc["topology"], file);
    if (!t) return t.error();
    host.topology = *t;
  }
  if (doc.contains("registry")) {
    if (!doc["registry"].is_string()) {
      return InputError({file, 0, 0},
                        "\"registry\" must be the path of a .reg or JSON registry file");
    }
    const std::filesystem::path base = std::filesystem::path(file).parent_path();
    const std::string path = (base / doc["registry"].get<std::string>()).string();
    Result<HostRegistry> registry = LoadHostRegistry(path);
    if (!registry) return registry.error();
    host.registry = std::move(*registry);
  }
  // Inline registry values go through the JSON registry reader, so they mean the same as there.
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
  for (const AdapterInfo& info : host.adapters) {
    if (host.registry.FindAdapter(info.subkey) == nullptr) {
      return InputError({file, 0, 0}, "adapter \"" + info.subkey + "\" has no registry values");
    }
  }
  // Every registry adapter gets an entry, in registry order.
  std::vector<AdapterInfo> ordered;
  for (const AdapterRegistry& a : host.registry.adapters) {
    const AdapterInfo* info = host.Info(a.subkey);
    ordered.push_back(info ? *info : AdapterInfo{a.subkey, "", {}, {}});
  }
  host.adapters = std::move(ordered);
  if (host.registry.adapters.empty()) return InputError({file, 0, 0}, "the host has no adapters");

  if (doc.contains("teams")) {
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
  }
  return host;
}

Result<HostDescription> LoadHostDescription(const std::string& path) {
  if (EndsWithIgnoreCase(path, ".json")) {
    Result<std::string> bytes = ReadFileBytes(path);
    if (!bytes) return bytes.error();
    return ParseHostDescriptionJson(*bytes, path);
  }
  Result<HostRegistry> registry = LoadHostRegistry(path);
  if (!registry) return registry.error();
  HostDescription host{path, std::move(*registry), std::nullopt, {}, {}};
  for (const AdapterRegistry& a : host.registry.adapters)
    host.adapters.push_back({a.subkey, "", {}, {}});
  return host;
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
