#include "spec/inf/lint.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "base/echoed_text.h"
#include "base/text.h"
#include "spec/inf/add_reg.h"
#include "spec/keyword_catalog.h"

namespace vmqkit::inf {
namespace {

using spec::KeywordSpec;
using spec::KeywordType;
using spec::SpellingMatch;

// Ndi\params value names ([WDD]
// specifying-configuration-parameters-for-the-advanced-properties-page).
constexpr std::string_view kParamDesc = "paramdesc";
constexpr std::string_view kType = "type";
constexpr std::string_view kDefault = "default";
constexpr std::string_view kOptional = "optional";
constexpr std::string_view kMin = "min";
constexpr std::string_view kMax = "max";
constexpr std::string_view kStep = "step";

// One Ndi\params\<name> key as one installed device sees it, assembled from all its AddReg
// sections in directive order (later writes win, as they do in the registry).
struct ParamModel {
  std::string spelling;  // first spelling seen
  const AddRegEntry* first = nullptr;
  std::map<std::string, std::vector<const AddRegEntry*>> values;  // lower-case value name
  std::vector<const AddRegEntry*> enum_entries;
  std::vector<std::pair<std::string, const AddRegEntry*>> spellings;  // each distinct spelling

  const AddRegEntry* Last(std::string_view name) const {
    const auto it = values.find(std::string(name));
    return it == values.end() || it->second.empty() ? nullptr : it->second.back();
  }
};

std::string AllowedText(const KeywordSpec& spec) {
  if (spec.type == KeywordType::kInt) return fmt::format("{}..{}", spec.min, spec.max);
  std::string out;
  for (const spec::EnumChoice& c : spec.choices) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", c.value, c.description);
  }
  return out;
}

// Input text a message quotes, clipped (docs/errata.md E-955).
std::string Echo(std::string_view text) {
  return ClipEchoedText(text);
}

bool IsNumericType(std::string_view type) {
  return type == "int" || type == "long" || type == "word" || type == "dword";
}

class Linter {
 public:
  Linter(const InfFile& file, const LintOptions& options) : file_(file), options_(options) {}

  std::vector<Finding> Run() {
    for (const InfProblem& p : file_.problems) {
      Add(p.kind == InfProblem::Kind::kSyntax ? RuleId::kInfSyntax : RuleId::kInfUndefinedString,
          p.line, p.section, "", p.message);
    }
    const InstallGraph graph = BuildInstallGraph(file_);
    for (const InstallGraph::Missing& m : graph.missing) {
      Add(RuleId::kInfMissingSection, m.line, m.from_section, "",
          fmt::format("{} [{}] is not in the file", m.what, Echo(m.name)));
    }
    for (const InstallUnit& unit : graph.units) {
      devices_ = {AffectedDevice{unit.section, unit.device_ids}};
      LintUnit(unit.add_reg);
    }
    for (const std::string& section : graph.unreferenced_param_sections) {
      devices_.clear();
      const InfSection* s = file_.FindSection(section);
      Add(RuleId::kInfUnreferencedParams, s->line, s->name, "",
          fmt::format("[{}] declares Ndi\\params keywords but no DDInstall section of a models "
                      "section names it in an AddReg directive; it is checked on its own",
                      Echo(s->name)));
      LintUnit({section});
    }
    std::vector<Finding> out;
    out.reserve(findings_.size());
    for (auto& [key, finding] : findings_) out.push_back(std::move(finding));
    return out;
  }

 private:
  using Key = std::tuple<std::uint32_t, RuleId, std::string, std::string>;

  void Add(RuleId rule, std::uint32_t line, const std::string& section, const std::string& keyword,
           std::string message, std::optional<Severity> severity = std::nullopt) {
    const Key key{line, rule, section, message};
    auto it = findings_.find(key);
    if (it == findings_.end()) {
      Finding f;
      f.rule = rule;
      f.severity = severity.value_or(Rule(rule).severity);
      f.file = file_.path;
      f.line = line;
      f.section = Echo(section);
      f.keyword = Echo(keyword);
      f.message = std::move(message);
      it = findings_.emplace(key, std::move(f)).first;
    }
    for (const AffectedDevice& d : devices_) {
      auto& list = it->second.devices;
      if (std::none_of(list.begin(), list.end(), [&d](const AffectedDevice& x) {
            return x.install_section == Echo(d.install_section);
          })) {
        AffectedDevice clipped{Echo(d.install_section), {}};
        for (const std::string& id : d.device_ids) clipped.device_ids.push_back(Echo(id));
        list.push_back(std::move(clipped));
      }
    }
  }

  void Add(RuleId rule, const AddRegEntry& at, const std::string& keyword, std::string message,
           std::optional<Severity> severity = std::nullopt) {
    Add(rule, at.line, at.section, keyword, std::move(message), severity);
  }

  const std::vector<AddRegEntry>& Entries(const std::string& section) {
    const std::string key = ToLower(section);
    auto it = parsed_.find(key);
    if (it != parsed_.end()) return it->second;
    std::vector<AddRegProblem> problems;
    const InfSection* s = file_.FindSection(section);
    std::vector<AddRegEntry> entries = ParseAddRegSection(*s, problems);
    for (const AddRegProblem& p : problems) {
      Add(RuleId::kInfAddRegEntry, p.line, s->name, "", p.message);
    }
    return parsed_.emplace(key, std::move(entries)).first->second;
  }

  void LintUnit(const std::vector<std::string>& sections) {
    std::map<std::string, ParamModel> params;  // lower-case keyword name
    std::vector<std::string> order;
    for (const std::string& section : sections) {
      for (const AddRegEntry& e : Entries(section)) {
        if (e.deletes) continue;
        if (const std::optional<NdiParamRef> ref = AsNdiParam(e)) {
          const std::string key = ToLower(ref->keyword);
          ParamModel& p = params[key];
          if (p.first == nullptr) {
            p.spelling = ref->keyword;
            p.first = &e;
            order.push_back(key);
          }
          if (std::none_of(p.spellings.begin(), p.spellings.end(),
                           [&ref](const auto& s) { return s.first == ref->keyword; })) {
            p.spellings.emplace_back(ref->keyword, &e);
          }
          if (e.key_only) continue;
          if (ref->enum_subkey) {
            p.enum_entries.push_back(&e);
          } else {
            p.values[ToLower(e.value_name)].push_back(&e);
          }
          if (e.type != RegType::kSz) {
            Add(RuleId::kParamValueType, e, ref->keyword,
                fmt::format("{}\\{} is written as {}; Advanced-page parameter values are REG_SZ "
                            "strings (flags 0)",
                            Echo(e.subkey), Echo(e.value_name), ToString(e.type)));
          }
        } else if (EqualsIgnoreCase(e.root, "HKR") && e.subkey.empty() && !e.key_only) {
          CheckDirectValue(e);
        }
      }
    }
    bool has_vmq_family = false;
    std::map<std::string, bool> offered;  // canonical names offered with the registry's spelling
    for (const std::string& key : order) {
      const ParamModel& p = params[key];
      for (const auto& [spelling, at] : p.spellings) CheckSpelling(spelling, *at);
      CheckDuplicates(p);
      const std::optional<spec::SpellingLookup> found = spec::LookupSpelling(p.spelling);
      const bool same_name = found && (found->match == SpellingMatch::kExact ||
                                       found->match == SpellingMatch::kCaseDiffers);
      // A hidden keyword's whole key has to go; its shape is not worth a second finding.
      if (!(same_name && found->spec->hidden)) CheckParam(p);
      if (!found) continue;
      const KeywordSpec& spec = *found->spec;
      if (spec.location == spec::KeywordLocation::kVmsmpParameters) {
        Add(RuleId::kKeywordHostLocation, *p.first, p.spelling,
            fmt::format("{} is a value of the Hyper-V switch key HKLM\\SYSTEM\\CurrentControlSet\\"
                        "Services\\VMSMP\\Parameters, not an adapter keyword; NDIS never reads it "
                        "from the adapter's Ndi\\params",
                        spec.name));
        continue;
      }
      // '*VMQ' and 'VMQ' are different registry names; only same-name spellings are the keyword.
      if (!same_name) continue;
      offered[std::string(spec.name)] = true;
      if (spec.family == spec::KeywordFamily::kVmq) has_vmq_family = true;
      CheckKeyword(p, spec);
    }
    if (has_vmq_family && !devices_.empty()) CheckVmqSet(offered, sections);
  }

  void CheckSpelling(const std::string& spelling, const AddRegEntry& e) {
    const std::optional<spec::SpellingLookup> found = spec::LookupSpelling(spelling);
    if (!found || found->match == SpellingMatch::kExact) return;
    if (found->spec->location == spec::KeywordLocation::kVmsmpParameters) return;
    std::string_view how;
    switch (found->match) {
      case SpellingMatch::kCaseDiffers:
        how =
            "differs in case from the documented name; the registry is case-insensitive, so it "
            "works, but tools and readers expect the documented spelling";
        break;
      case SpellingMatch::kMissingStar:
        how =
            "lacks the '*' of the standardized keyword, so it is a different, vendor-private "
            "registry value that NDIS and Windows do not read as the standardized keyword";
        break;
      case SpellingMatch::kExtraStar:
        how = "has a '*' the documented name does not have";
        break;
      case SpellingMatch::kExact:
        break;
    }
    Add(RuleId::kKeywordSpelling, e, spelling,
        fmt::format("'{}' {}: write {}", Echo(spelling), how, found->spec->name));
  }

  void CheckDirectValue(const AddRegEntry& e) {
    const std::optional<spec::SpellingLookup> found = spec::LookupSpelling(e.value_name);
    if (!found ||
        (found->match != SpellingMatch::kExact && found->match != SpellingMatch::kCaseDiffers)) {
      return;
    }
    const KeywordSpec& spec = *found->spec;
    if (spec.location == spec::KeywordLocation::kVmsmpParameters) {
      Add(RuleId::kKeywordHostLocation, e, e.value_name,
          fmt::format("{} belongs under HKLM\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\"
                      "Parameters; written to the adapter's driver key it has no effect",
                      spec.name));
      return;
    }
    if (spec.hidden) {
      Add(RuleId::kKeywordHidden, e, e.value_name,
          fmt::format("{} is a hidden keyword that must not be specified in the INF file",
                      spec.name));
      return;
    }
    const std::optional<std::int64_t> value = ParseInfNumber(e.data);
    if (!value || !spec::IsAllowedValue(spec, *value)) {
      Add(RuleId::kKeywordValue, e, e.value_name,
          fmt::format("{} is set to \"{}\", which is not a documented value ({})", spec.name,
                      Echo(e.data), AllowedText(spec)));
    }
  }

  void CheckDuplicates(const ParamModel& p) {
    auto check = [&](const std::vector<const AddRegEntry*>& writes, const std::string& what) {
      for (std::size_t i = 1; i < writes.size(); ++i) {
        const AddRegEntry& prev = *writes[i - 1];
        const AddRegEntry& cur = *writes[i];
        const bool same = prev.data == cur.data && prev.type == cur.type;
        Add(same ? RuleId::kParamDuplicate : RuleId::kParamConflict, cur, p.spelling,
            same ? fmt::format("{} is written again with the same data (first at {}:{} in [{}])",
                               what, file_.path, prev.line, Echo(prev.section))
                 : fmt::format("{} = \"{}\" overrides \"{}\" written at {}:{} in [{}]; the "
                               "later write wins",
                               what, Echo(cur.data), Echo(prev.data), file_.path, prev.line,
                               Echo(prev.section)));
      }
    };
    for (const auto& [name, writes] : p.values) {
      check(writes, fmt::format("Ndi\\params\\{} value {}", Echo(p.spelling),
                                Echo(writes.front()->value_name)));
    }
    std::map<std::string, std::vector<const AddRegEntry*>> by_value;
    for (const AddRegEntry* e : p.enum_entries) by_value[ToLower(e->value_name)].push_back(e);
    for (const auto& [name, writes] : by_value) {
      check(writes, fmt::format("Ndi\\params\\{}\\enum value \"{}\"", Echo(p.spelling),
                                Echo(writes.front()->value_name)));
    }
  }

  // Rules of the Advanced properties page that hold for every parameter, standardized or not.
  void CheckParam(const ParamModel& p) {
    const AddRegEntry* type = p.Last(kType);
    if (p.Last(kParamDesc) == nullptr) {
      Add(RuleId::kParamRequiredValue, *p.first, p.spelling,
          fmt::format("Ndi\\params\\{} has no ParamDesc value", Echo(p.spelling)));
    }
    if (type == nullptr) {
      Add(RuleId::kParamRequiredValue, *p.first, p.spelling,
          fmt::format("Ndi\\params\\{} has no Type value", Echo(p.spelling)));
      return;
    }
    const std::string t = ToLower(type->data);
    if (t == "enum") {
      if (p.enum_entries.empty()) {
        Add(RuleId::kParamRequiredValue, *type, p.spelling,
            fmt::format("enum parameter {} has no Ndi\\params\\{}\\enum values", Echo(p.spelling),
                        Echo(p.spelling)));
        return;
      }
      if (const AddRegEntry* def = p.Last(kDefault)) {
        const bool listed =
            std::any_of(p.enum_entries.begin(), p.enum_entries.end(),
                        [def](const AddRegEntry* e) { return e->value_name == def->data; });
        if (!listed) {
          Add(RuleId::kParamDefaultNotInEnum, *def, p.spelling,
              fmt::format("Default \"{}\" of {} is not one of its enum values", Echo(def->data),
                          Echo(p.spelling)));
        }
      }
    } else if (IsNumericType(t)) {
      CheckNumeric(p);
    } else if (t != "edit") {
      Add(RuleId::kParamRequiredValue, *type, p.spelling,
          fmt::format("Type \"{}\" of {} is not int, long, word, dword, edit or enum",
                      Echo(type->data), Echo(p.spelling)));
    }
  }

  void CheckNumeric(const ParamModel& p) {
    struct Bound {
      const AddRegEntry* entry;
      std::optional<std::int64_t> value;
    };
    auto read = [&](std::string_view name) -> Bound {
      const AddRegEntry* e = p.Last(name);
      if (e == nullptr) return {nullptr, std::nullopt};
      const std::optional<std::int64_t> v = ParseInfNumber(e->data);
      if (!v) {
        Add(RuleId::kParamRange, *e, p.spelling,
            fmt::format("{} \"{}\" of numeric parameter {} is not a number", Echo(e->value_name),
                        Echo(e->data), Echo(p.spelling)));
      }
      return {e, v};
    };
    const Bound min = read(kMin);
    const Bound max = read(kMax);
    const Bound def = read(kDefault);
    const Bound step = read(kStep);
    if (min.value && max.value && *min.value > *max.value) {
      Add(RuleId::kParamRange, *max.entry, p.spelling,
          fmt::format("{} has Min {} greater than Max {}", Echo(p.spelling), *min.value,
                      *max.value));
    }
    if (def.value &&
        ((min.value && *def.value < *min.value) || (max.value && *def.value > *max.value))) {
      Add(RuleId::kParamRange, *def.entry, p.spelling,
          fmt::format("Default {} of {} lies outside its Min..Max {}..{}", *def.value,
                      Echo(p.spelling), min.value ? std::to_string(*min.value) : "-",
                      max.value ? std::to_string(*max.value) : "-"));
    }
    if (step.entry != nullptr && step.value) {
      // "The minimum value is the starting point" of the steps (Advanced properties page).
      if (*step.value <= 0) {
        Add(RuleId::kParamStep, *step.entry, p.spelling,
            fmt::format("Step {} of {} is not positive", *step.value, Echo(p.spelling)));
      } else if (def.value && min.value && (*def.value - *min.value) % *step.value != 0) {
        Add(RuleId::kParamStep, *step.entry, p.spelling,
            fmt::format("Default {} of {} is not reachable from Min {} in steps of {}", *def.value,
                        Echo(p.spelling), *min.value, *step.value));
      }
    }
  }

  void CheckKeyword(const ParamModel& p, const KeywordSpec& spec) {
    if (spec.hidden) {
      Add(RuleId::kKeywordHidden, *p.first, p.spelling,
          fmt::format("{} is a hidden keyword: it must not be specified in the INF file and is "
                      "not shown on the Advanced properties page",
                      spec.name));
      return;
    }
    CheckVersion(p, spec);
    const AddRegEntry* type = p.Last(kType);
    const std::string t = type != nullptr ? ToLower(type->data) : std::string();
    if (type != nullptr) {
      if (spec.type == KeywordType::kEnum && t != "enum") {
        Add(RuleId::kKeywordType, *type, p.spelling,
            fmt::format("{} is an enumeration keyword: Type must be \"enum\", not \"{}\"",
                        spec.name, Echo(type->data)));
      } else if (spec.type == KeywordType::kInt && !IsNumericType(t)) {
        Add(RuleId::kKeywordType, *type, p.spelling,
            fmt::format("{} is an integer keyword: Type must be \"int\", not \"{}\"", spec.name,
                        Echo(type->data)));
      } else if (spec.type == KeywordType::kInt && t != "int") {
        Add(RuleId::kKeywordType, *type, p.spelling,
            fmt::format("{} is documented with Type \"int\"; \"{}\" is also numeric", spec.name,
                        Echo(type->data)),
            Severity::kNote);
      }
    }
    CheckDefault(p, spec);
    if (spec.type == KeywordType::kEnum && t == "enum") CheckEnumValues(p, spec);
    if (spec.type == KeywordType::kInt && IsNumericType(t)) CheckRange(p, spec);
  }

  void CheckVersion(const ParamModel& p, const KeywordSpec& spec) {
    if (spec.obsolete_from) {
      if (!options_.ndis) {
        Add(RuleId::kKeywordObsolete, *p.first, p.spelling,
            fmt::format("{} is obsolete from NDIS {}; a driver of NDIS {} or later must not offer "
                        "it (pass --ndis to check the driver's version)",
                        spec.name, ndis::ToString(*spec.obsolete_from),
                        ndis::ToString(*spec.obsolete_from)),
            Severity::kNote);
      } else if (*options_.ndis >= *spec.obsolete_from) {
        Add(RuleId::kKeywordObsolete, *p.first, p.spelling,
            fmt::format("{} is obsolete from NDIS {}, and this is an NDIS {} driver: the setting "
                        "has no effect and should not be offered",
                        spec.name, ndis::ToString(*spec.obsolete_from),
                        ndis::ToString(*options_.ndis)));
      }
    }
    if (options_.ndis && *options_.ndis < spec.since) {
      Add(RuleId::kKeywordTooNew, *p.first, p.spelling,
          fmt::format("{} applies from NDIS {}; an NDIS {} driver is not expected to support it",
                      spec.name, ndis::ToString(spec.since), ndis::ToString(*options_.ndis)));
    }
  }

  void CheckDefault(const ParamModel& p, const KeywordSpec& spec) {
    const AddRegEntry* def = p.Last(kDefault);
    if (def == nullptr) {
      const AddRegEntry* optional = p.Last(kOptional);
      if (optional == nullptr || optional->data != "1") {
        Add(RuleId::kKeywordDefaultMissing, *p.first, p.spelling,
            fmt::format("{} has no Default value; a required parameter must have one (documented "
                        "default: {})",
                        spec.name, spec.default_value));
      }
      return;
    }
    const std::optional<std::int64_t> value = ParseInfNumber(def->data);
    if (!value || !spec::IsAllowedValue(spec, *value)) {
      Add(RuleId::kKeywordDefaultValue, *def, p.spelling,
          fmt::format("Default \"{}\" of {} is not a documented value ({})", Echo(def->data),
                      spec.name, AllowedText(spec)));
    } else if (*value != spec.default_value) {
      Add(RuleId::kKeywordDefaultDiffers, *def, p.spelling,
          fmt::format("Default {} of {} is allowed but the documented default is {}", *value,
                      spec.name, spec.default_value));
    }
  }

  void CheckEnumValues(const ParamModel& p, const KeywordSpec& spec) {
    std::vector<std::int64_t> seen;
    for (const AddRegEntry* e : p.enum_entries) {
      const std::optional<std::int64_t> value = ParseInfNumber(e->value_name);
      if (value) seen.push_back(*value);
      if (!value || !spec::IsAllowedValue(spec, *value)) {
        Add(RuleId::kKeywordEnumUndocumented, *e, p.spelling,
            fmt::format("enum value \"{}\" of {} is not documented ({})", Echo(e->value_name),
                        spec.name, AllowedText(spec)));
      }
    }
    for (const spec::EnumChoice& c : spec.choices) {
      if (std::find(seen.begin(), seen.end(), c.value) == seen.end()) {
        Add(RuleId::kKeywordEnumMissing, *p.first, p.spelling,
            fmt::format("{} does not offer the documented value {} ({})", spec.name, c.value,
                        c.description));
      }
    }
  }

  void CheckRange(const ParamModel& p, const KeywordSpec& spec) {
    if (const AddRegEntry* min = p.Last(kMin)) {
      const std::optional<std::int64_t> v = ParseInfNumber(min->data);
      if (v && *v < spec.min) {
        Add(RuleId::kKeywordRange, *min, p.spelling,
            fmt::format("Min {} of {} is below the documented minimum {}", *v, spec.name,
                        spec.min));
      }
    }
    if (const AddRegEntry* max = p.Last(kMax)) {
      const std::optional<std::int64_t> v = ParseInfNumber(max->data);
      if (v && *v > spec.max) {
        Add(RuleId::kKeywordRange, *max, p.spelling,
            fmt::format("Max {} of {} is above the documented maximum {}", *v, spec.name,
                        spec.max));
      }
    }
  }

  // A device that offers VMQ keywords must let the user switch VMQ (*VMQ) and, where the adapter
  // filters on VLAN IDs, VLAN filtering (*VMQVlanFiltering): docs/errata.md E-904.
  void CheckVmqSet(const std::map<std::string, bool>& offered,
                   const std::vector<std::string>& sections) {
    const InfSection* install = file_.FindSection(devices_.front().install_section);
    const std::uint32_t line = install != nullptr ? install->line : 0;
    const std::string where = install != nullptr ? install->name : std::string();
    const std::string from = fmt::format("{}", fmt::join(sections, ", "));
    if (!offered.contains("*VMQ")) {
      Add(RuleId::kVmqMissingKeyword, line, where, "*VMQ",
          fmt::format("[{}] offers VMQ keywords (AddReg {}) but not *VMQ, so VMQ cannot be "
                      "switched on or off from the Advanced properties page or Set-NetAdapterVmq",
                      Echo(where), Echo(from)));
    }
    if (!offered.contains("*VMQVlanFiltering")) {
      Add(RuleId::kVmqMissingKeyword, line, where, "*VMQVlanFiltering",
          fmt::format("[{}] offers VMQ keywords (AddReg {}) but not *VMQVlanFiltering; offer it "
                      "when the adapter filters on VLAN IDs (optional from NDIS 6.30)",
                      Echo(where), Echo(from)),
          Severity::kWarning);
    }
  }

  const InfFile& file_;
  const LintOptions& options_;
  std::vector<AffectedDevice> devices_;
  std::map<std::string, std::vector<AddRegEntry>> parsed_;
  std::map<Key, Finding> findings_;
};

}  // namespace

std::vector<Finding> LintInf(const InfFile& file, const LintOptions& options) {
  return Linter(file, options).Run();
}

bool HasErrors(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::kError; });
}

}  // namespace vmqkit::inf
