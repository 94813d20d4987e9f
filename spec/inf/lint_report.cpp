#include "spec/inf/lint_report.h"

#include <fmt/format.h>

#include "base/sarif.h"

namespace vmqkit::inf {
namespace {

std::string DevicesText(const std::vector<AffectedDevice>& devices) {
  if (devices.empty()) return "not installed by any models entry";
  std::string out;
  for (const AffectedDevice& d : devices) {
    if (!out.empty()) out += "; ";
    out += fmt::format("installed by [{}] for ", d.install_section);
    for (std::size_t i = 0; i < d.device_ids.size(); ++i) {
      if (i > 0) out += ", ";
      out += d.device_ids[i].empty() ? std::string("(no hardware ID)") : d.device_ids[i];
    }
  }
  return out;
}

nlohmann::json DevicesJson(const std::vector<AffectedDevice>& devices) {
  nlohmann::json out = nlohmann::json::array();
  for (const AffectedDevice& d : devices) {
    out.push_back({{"install_section", d.install_section}, {"device_ids", d.device_ids}});
  }
  return out;
}

}  // namespace

std::string FormatFinding(const Finding& f) {
  return fmt::format("{}:{}: {}: [{}] {} (in [{}]; {})", f.file, f.line, ToString(f.severity),
                     Rule(f.rule).name, f.message, f.section, DevicesText(f.devices));
}

std::string FormatFindings(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) out += FormatFinding(f) + "\n";
  return out;
}

nlohmann::json FindingsJson(const std::vector<std::string>& files,
                            const std::vector<Finding>& findings) {
  nlohmann::json list = nlohmann::json::array();
  int errors = 0;
  int warnings = 0;
  int notes = 0;
  for (const Finding& f : findings) {
    (f.severity == Severity::kError     ? errors
     : f.severity == Severity::kWarning ? warnings
                                        : notes)++;
    list.push_back({{"rule", Rule(f.rule).name},
                    {"severity", ToString(f.severity)},
                    {"file", f.file},
                    {"line", f.line},
                    {"section", f.section},
                    {"keyword", f.keyword},
                    {"message", f.message},
                    {"devices", DevicesJson(f.devices)},
                    {"source", Rule(f.rule).source}});
  }
  return {{"files", files},
          {"findings", list},
          {"summary", {{"error", errors}, {"warning", warnings}, {"note", notes}}}};
}

nlohmann::json FindingsSarif(const std::vector<Finding>& findings, std::string_view tool_version) {
  nlohmann::json rules = nlohmann::json::array();
  for (const RuleInfo& r : LintRules()) {
    rules.push_back(
        {{"id", r.name},
         {"shortDescription", {{"text", r.summary}}},
         {"fullDescription", {{"text", fmt::format("{} Source: {}", r.summary, r.source)}}},
         {"defaultConfiguration", {{"level", ToString(r.severity)}}},
         {"properties", {{"source", r.source}}}});
  }
  nlohmann::json results = nlohmann::json::array();
  for (const Finding& f : findings) {
    nlohmann::json region = {{"startLine", f.line == 0 ? 1 : f.line}};
    nlohmann::json result = {
        {"ruleId", Rule(f.rule).name},
        {"ruleIndex", static_cast<int>(f.rule)},
        {"level", ToString(f.severity)},
        {"message", {{"text", fmt::format("{} ({})", f.message, DevicesText(f.devices))}}},
        {"locations",
         {{{"physicalLocation",
            {{"artifactLocation", {{"uri", SarifUri(f.file)}}}, {"region", region}}},
           {"logicalLocations", {{{"name", f.section}, {"kind", "section"}}}}}}},
        {"properties",
         {{"section", f.section}, {"keyword", f.keyword}, {"devices", DevicesJson(f.devices)}}}};
    results.push_back(result);
  }
  return SarifLog("vmqkit lint-inf", tool_version, std::move(rules), std::move(results));
}

}  // namespace vmqkit::inf
