#pragma once
// Renderings of lint-inf findings: compiler-style text, one JSON document, SARIF 2.1.0.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "spec/inf/lint.h"

namespace vmqkit::inf {

// "file:line: severity: [rule] message (in [section]; device ...)" per finding, one per line.
std::string FormatFinding(const Finding& finding);
std::string FormatFindings(const std::vector<Finding>& findings);

// {"files": [...], "findings": [{rule, severity, file, line, section, keyword, message,
// devices: [{install_section, device_ids}], source}], "summary": {error, warning, note}}.
nlohmann::json FindingsJson(const std::vector<std::string>& files,
                            const std::vector<Finding>& findings);

// A SARIF 2.1.0 log with one run: tool.driver.rules from LintRules(), one result per finding
// (OASIS SARIF v2.1.0, sarif-schema-2.1.0.json).
nlohmann::json FindingsSarif(const std::vector<Finding>& findings, std::string_view tool_version);

}  // namespace vmqkit::inf
