#pragma once
// The lint-inf rules: one table read by the linter, the SARIF `rules` array, the CLI help and
// docs/lint-inf.md (kept in sync by LintRules.DocsTableMatchesRuleTable).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace vmqkit::inf {

enum class Severity : std::uint8_t { kNote, kWarning, kError };
std::string_view ToString(Severity severity);  // "note", "warning", "error" (SARIF levels too)

enum class RuleId : std::uint8_t {
  kInfSyntax,
  kInfUndefinedString,
  kInfMissingSection,
  kInfAddRegEntry,
  kInfUnreferencedParams,
  kParamRequiredValue,
  kParamValueType,
  kParamDefaultNotInEnum,
  kParamRange,
  kParamStep,
  kParamDuplicate,
  kParamConflict,
  kKeywordSpelling,
  kKeywordType,
  kKeywordDefaultMissing,
  kKeywordDefaultValue,
  kKeywordDefaultDiffers,
  kKeywordEnumUndocumented,
  kKeywordEnumMissing,
  kKeywordRange,
  kKeywordHidden,
  kKeywordObsolete,
  kKeywordTooNew,
  kKeywordHostLocation,
  kKeywordValue,
  kVmqMissingKeyword,
};

struct RuleInfo {
  RuleId id;
  std::string_view name;     // the rule id printed in findings, e.g. "keyword-hidden"
  Severity severity;         // default; a finding may be lower where the table says so
  std::string_view summary;  // one line, for SARIF shortDescription and the docs table
  std::string_view source;   // the document the rule comes from
};

std::span<const RuleInfo> LintRules();
const RuleInfo& Rule(RuleId id);

// The Markdown table of docs/lint-inf.md, generated from LintRules().
std::string LintRulesMarkdown();

}  // namespace vmqkit::inf
