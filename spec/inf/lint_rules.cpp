#include "spec/inf/lint_rules.h"

#include <array>

namespace vmqkit::inf {
namespace {

// Source keys: [WDD] = learn.microsoft.com/windows-hardware/drivers/network/<slug>,
// [WDD-install] = .../drivers/install/<slug>. Decisions where the pages are silent: docs/errata.md.
constexpr std::string_view kAdvancedPage =
    "[WDD] specifying-configuration-parameters-for-the-advanced-properties-page";
constexpr std::string_view kSyntaxPage = "[WDD-install] general-syntax-rules-for-inf-files";
constexpr std::string_view kAddRegPage = "[WDD-install] inf-addreg-directive";
constexpr std::string_view kCatalog = "spec/keyword_catalog (row `source` names the page)";

using enum RuleId;
using S = Severity;

constexpr std::array<RuleInfo, 26> kRules{{
    {kInfSyntax, "inf-syntax", S::kWarning,
     "a line the INF reader had to repair (unterminated quote, bad section header, stray entry)",
     kSyntaxPage},
    {kInfUndefinedString, "inf-undefined-string", S::kWarning,
     "a %strkey% token that no [Strings] or [Strings.LangID] section defines",
     "[WDD-install] inf-strings-section"},
    {kInfMissingSection, "inf-missing-section", S::kError,
     "a Manufacturer, models or AddReg directive names a section the file does not have",
     "[WDD-install] inf-manufacturer-section, inf-models-section, inf-addreg-directive"},
    {kInfAddRegEntry, "inf-addreg-entry", S::kError,
     "an add-registry-section line that is not "
     "reg-root,[subkey],[value-entry-name],[flags],[value]",
     kAddRegPage},
    {kInfUnreferencedParams, "inf-unreferenced-params", S::kNote,
     "an AddReg section with Ndi\\params entries that no DDInstall section of a models section "
     "uses",
     "[WDD-install] inf-ddinstall-section; "
     "[WDD] specifying-configuration-parameters-for-the-"
     "advanced-properties-page"},
    {kParamRequiredValue, "param-required-value", S::kError,
     "an Ndi\\params\\<name> key without the ParamDesc or Type value it must have", kAdvancedPage},
    {kParamValueType, "param-value-type", S::kWarning,
     "an Ndi\\params value written with a registry type other than REG_SZ", kAdvancedPage},
    {kParamDefaultNotInEnum, "param-default-not-in-enum", S::kError,
     "an enum parameter whose Default is not one of its enum subkey values", kAdvancedPage},
    {kParamRange, "param-range", S::kError,
     "a numeric parameter whose Min/Max/Default are not numbers, Min > Max, or Default outside "
     "Min..Max",
     kAdvancedPage},
    {kParamStep, "param-step", S::kWarning,
     "a numeric parameter whose Step is not a positive number or does not reach Default from Min",
     kAdvancedPage},
    {kParamDuplicate, "param-duplicate", S::kWarning,
     "the same Ndi\\params value written twice with the same data for one installed device",
     kAddRegPage},
    {kParamConflict, "param-conflict", S::kError,
     "the same Ndi\\params value written twice with different data for one installed device",
     kAddRegPage},
    {kKeywordSpelling, "keyword-spelling", S::kWarning,
     "a standardized keyword spelt with a different case, without its '*' or with an extra '*'",
     "[WDD] standardized-inf-keywords-for-network-devices (SubkeyName); docs/errata.md E-902"},
    {kKeywordType, "keyword-type", S::kError,
     "a standardized keyword whose Type is not the documented enum/int kind (note: int kind "
     "declared as long/word/dword)",
     kCatalog},
    {kKeywordDefaultMissing, "keyword-default-missing", S::kError,
     "a required (not Optional) standardized keyword without a Default value", kAdvancedPage},
    {kKeywordDefaultValue, "keyword-default-value", S::kError,
     "a standardized keyword whose Default is not a documented value", kCatalog},
    {kKeywordDefaultDiffers, "keyword-default-differs", S::kNote,
     "a standardized keyword whose Default is allowed but not the documented default", kCatalog},
    {kKeywordEnumUndocumented, "keyword-enum-undocumented", S::kError,
     "an enum value of a standardized keyword that the documents do not list", kCatalog},
    {kKeywordEnumMissing, "keyword-enum-missing", S::kWarning,
     "a documented enum value of a standardized keyword that the INF does not offer", kCatalog},
    {kKeywordRange, "keyword-range", S::kError,
     "an int standardized keyword whose Min/Max lie outside the documented range", kCatalog},
    {kKeywordHidden, "keyword-hidden", S::kError,
     "a hidden keyword (*RssOrVmqPreference, *SriovPreferred) specified in the INF",
     "[WDD] standardized-inf-keywords-for-vmq, standardized-inf-keywords-for-sr-iov"},
    {kKeywordObsolete, "keyword-obsolete", S::kWarning,
     "a keyword obsolete for the driver's NDIS version (note when --ndis is not given)",
     "[WDD] standardized-inf-keywords-for-vmq (*VMQLookaheadSplit); docs/errata.md E-903"},
    {kKeywordTooNew, "keyword-too-new", S::kNote,
     "a keyword introduced after the driver's NDIS version (--ndis)", kCatalog},
    {kKeywordHostLocation, "keyword-host-location", S::kError,
     "a Hyper-V switch (VMSMP\\Parameters) value declared as an adapter keyword",
     "[WDD] standardized-inf-keywords-for-vmq (Reserved Registry Keywords)"},
    {kKeywordValue, "keyword-value", S::kError,
     "a standardized keyword value written directly to the driver key that is not allowed",
     kCatalog},
    {kVmqMissingKeyword, "vmq-missing-keyword", S::kError,
     "a device that offers VMQ keywords but not *VMQ or *VMQVlanFiltering",
     "[WDD] standardized-inf-keywords-for-vmq; docs/errata.md E-904"},
}};

}  // namespace

std::string_view ToString(Severity severity) {
  switch (severity) {
    case Severity::kNote:
      return "note";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "?";
}

std::span<const RuleInfo> LintRules() {
  return kRules;
}

const RuleInfo& Rule(RuleId id) {
  return kRules[static_cast<std::size_t>(id)];
}

std::string LintRulesMarkdown() {
  std::string out = "| rule | severity | what it finds | source |\n|---|---|---|---|\n";
  for (const RuleInfo& r : kRules) {
    out += "| `" + std::string(r.name) + "` | " + std::string(ToString(r.severity)) + " | " +
           std::string(r.summary) + " | " + std::string(r.source) + " |\n";
  }
  return out;
}

}  // namespace vmqkit::inf
