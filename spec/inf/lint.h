#pragma once
// `vmqkit lint-inf`: checks the Ndi\params keywords an INF offers against the standardized
// keyword catalog (spec/keyword_catalog.h, the only source of keyword facts) and the INF rules of
// the Advanced properties page. Each finding names its rule, file, line, section and the DDInstall
// sections / hardware IDs it affects.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ndis/version.h"
#include "spec/inf/inf_file.h"
#include "spec/inf/lint_rules.h"

namespace vmqkit::inf {

struct LintOptions {
  // The driver's NDIS version; nullopt when unknown (obsolete keywords then give notes).
  std::optional<ndis::NdisVersion> ndis;
};

struct AffectedDevice {
  std::string install_section;          // DDInstall section
  std::vector<std::string> device_ids;  // hardware IDs the models sections install with it
};

struct Finding {
  RuleId rule = RuleId::kInfSyntax;
  Severity severity = Severity::kError;
  std::string file;
  std::uint32_t line = 0;
  std::string section;
  std::string keyword;  // the Ndi\params name as written, when the finding is about one
  std::string message;
  std::vector<AffectedDevice> devices;  // empty: not reached from any models section
};

// Findings sorted by file, line, rule; one finding per place even when several devices share it.
std::vector<Finding> LintInf(const InfFile& file, const LintOptions& options);

bool HasErrors(const std::vector<Finding>& findings);

}  // namespace vmqkit::inf
