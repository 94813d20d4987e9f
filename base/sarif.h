#pragma once
// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format, sarif-schema-2.1.0.json): the
// parts every vmqkit writer shares (lint-inf findings, conformance failures) and the shape check
// their tests run on every log written.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace vmqkit {

inline constexpr std::string_view kSarifSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// A path as a SARIF artifactLocation.uri: relative paths stay relative (forward slashes),
// absolute ones become file:// URIs; bytes outside RFC 3986 unreserved/'/' are percent-encoded.
std::string SarifUri(std::string_view path);

// A log with one run of tool `tool_name`: tool.driver carries `rules` (reportingDescriptor
// objects), the run carries `results`.
nlohmann::json SarifLog(std::string_view tool_name, std::string_view tool_version,
                        nlohmann::json rules, nlohmann::json results);

// The parts of sarif-schema-2.1.0.json a log must satisfy: required properties, enums and minimums
// on every object vmqkit's writers emit (sarifLog, run, tool, toolComponent, reportingDescriptor,
// reportingConfiguration, result, message, location, physicalLocation, artifactLocation, region,
// logicalLocation). Returns what is wrong; empty means the shape holds.
std::vector<std::string> SarifShapeProblems(const nlohmann::json& log);

}  // namespace vmqkit
