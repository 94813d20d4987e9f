// The conformance run as a SARIF 2.1.0 log, so failed rules show in code-scanning views the way
// lint-inf's findings do. One rule per check of the run, one result per failed check.
#include <string>

#include "base/sarif.h"
#include "conformance/runner.h"

namespace vmqkit::conformance {

nlohmann::json ToSarif(const RunReport& report, std::string_view tool_version) {
  nlohmann::json rules = nlohmann::json::array();
  nlohmann::json results = nlohmann::json::array();
  for (std::size_t i = 0; i < report.checks.size(); ++i) {
    const CheckRecord& c = report.checks[i];
    rules.push_back({{"id", c.name},
                     {"shortDescription", {{"text", c.name + " (suite " + c.suite + ")"}}},
                     {"fullDescription", {{"text", c.name + ". Source: " + c.source}}},
                     {"defaultConfiguration", {{"level", "error"}}},
                     {"properties", {{"suite", c.suite}, {"source", c.source}}}});
    if (c.result.verdict != Verdict::kFail) continue;
    const Finding finding = c.result.finding.value_or(Finding{c.name, c.source, c.result.note});
    nlohmann::json result = {
        {"ruleId", c.name},
        {"ruleIndex", i},
        {"level", "error"},
        {"message",
         {{"text", "rule " + finding.rule + " (" + finding.source + "): " + finding.message +
                       (c.counterexample_path.empty()
                            ? std::string()
                            : "; replay: vmqkit replay " + c.counterexample_path)}}},
        {"properties",
         {{"rule", finding.rule},
          {"suite", c.suite},
          {"seed", report.options.seed},
          {"dut", report.dut}}}};
    nlohmann::json logical = {{{"name", c.name}, {"kind", "test"}}};
    nlohmann::json physical = nlohmann::json::object();
    if (!c.counterexample_path.empty()) {
      physical = {{"artifactLocation", {{"uri", SarifUri(c.counterexample_path)}}},
                  {"region", {{"startLine", 1}}}};
    }
    result["locations"] =
        physical.empty() ? nlohmann::json::array({{{"logicalLocations", logical}}})
                         : nlohmann::json::array(
                               {{{"physicalLocation", physical}, {"logicalLocations", logical}}});
    results.push_back(result);
  }
  return SarifLog("vmqkit conform", tool_version, std::move(rules), std::move(results));
}

}  // namespace vmqkit::conformance
