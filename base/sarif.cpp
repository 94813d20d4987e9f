#include "base/sarif.h"

#include <cstdint>
#include <cstdio>
#include <set>

namespace vmqkit {
namespace {

using nlohmann::json;

bool IsLevel(const json& v) {
  return v.is_string() && (v == "none" || v == "note" || v == "warning" || v == "error");
}

// Problems of one result against the rules of its run.
void ResultProblems(const json& result, const json& rules, std::vector<std::string>& problems) {
  auto need = [&problems](bool ok, const char* what) {
    if (!ok) problems.emplace_back(what);
    return ok;
  };
  need(result.contains("message") &&
           (result["message"].contains("text") || result["message"].contains("id")),
       "result message without text or id");
  need(IsLevel(result.value("level", json())), "result level not a level");
  need(result.contains("ruleId") && result["ruleId"].is_string(), "result without ruleId");
  const json index = result.value("ruleIndex", json());
  if (need(index.is_number_integer() && index.get<std::int64_t>() >= 0 &&
               static_cast<std::size_t>(index.get<std::int64_t>()) < rules.size(),
           "ruleIndex out of range")) {
    need(rules[index.get<std::size_t>()].value("id", json()) == result.value("ruleId", json()),
         "ruleIndex does not point at ruleId");
  }
  for (const json& location : result.value("locations", json::array())) {
    // A location may be logical only; a physical one names its artifact.
    const json physical = location.value("physicalLocation", json());
    if (physical.is_object()) {
      const json artifact = physical.value("artifactLocation", json::object());
      need(artifact.contains("uri") && artifact["uri"].is_string(), "artifactLocation.uri missing");
    }
    if (physical.is_object() && physical.contains("region")) {
      const json start = physical["region"].value("startLine", json());
      need(start.is_number_integer() && start.get<std::int64_t>() >= 1, "region.startLine below 1");
    }
    for (const json& logical : location.value("logicalLocations", json::array())) {
      need(logical.contains("name") && logical["name"].is_string(), "logicalLocation without name");
    }
  }
}

}  // namespace

std::string SarifUri(std::string_view path) {
  std::string out;
  if (!path.empty() && path.front() == '/') out = "file://";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || c == '/';
    if (c == '\\') {
      out += '/';
    } else if (unreserved) {
      out += ch;
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", c);
      out += escaped;
    }
  }
  return out;
}

nlohmann::json SarifLog(std::string_view tool_name, std::string_view tool_version,
                        nlohmann::json rules, nlohmann::json results) {
  return {{"$schema", kSarifSchema},
          {"version", "2.1.0"},
          {"runs",
           {{{"tool",
              {{"driver",
                {{"name", tool_name}, {"version", tool_version}, {"rules", std::move(rules)}}}}},
             {"results", std::move(results)}}}}};
}

std::vector<std::string> SarifShapeProblems(const nlohmann::json& log) {
  std::vector<std::string> problems;
  auto need = [&problems](bool ok, const char* what) {
    if (!ok) problems.emplace_back(what);
    return ok;
  };
  if (!need(log.is_object(), "log is not an object")) return problems;
  need(log.value("version", json()) == "2.1.0", "version is not 2.1.0");
  if (log.contains("$schema")) need(log["$schema"].is_string(), "$schema is not a string");
  if (!need(log.contains("runs") && log["runs"].is_array(), "runs is not an array")) {
    return problems;
  }
  for (const json& run : log["runs"]) {
    if (!need(run.is_object() && run.contains("tool") && run["tool"].contains("driver"),
              "run.tool.driver missing")) {
      continue;
    }
    const json& driver = run["tool"]["driver"];
    need(driver.contains("name") && driver["name"].is_string(), "tool.driver.name missing");
    const json rules = driver.value("rules", json::array());
    if (!need(rules.is_array(), "rules is not an array")) continue;
    std::set<std::string> ids;
    for (const json& rule : rules) {
      if (!need(rule.contains("id") && rule["id"].is_string(), "rule without id")) continue;
      need(ids.insert(rule["id"].get<std::string>()).second, "duplicate rule id");
      need(rule.value("shortDescription", json::object()).contains("text"),
           "rule shortDescription without text");
      need(IsLevel(rule.value("defaultConfiguration", json::object()).value("level", json())),
           "rule default level not a level");
    }
    if (!need(run.contains("results") && run["results"].is_array(), "results not an array")) {
      continue;
    }
    for (const json& result : run["results"]) ResultProblems(result, rules, problems);
  }
  return problems;
}

}  // namespace vmqkit
