#pragma once
// PowerShell output as an administrator saves it (`... | Format-List *`, the default table,
// `ConvertTo-Json` of PowerShell 5.1 and 7, `Out-File`'s UTF-16LE with BOM), read into records:
// one per output object, each property with the line it was read from. Which cmdlet wrote a record
// is told by its property names (formats/powershell_properties.h, docs/errata.md E-712).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "formats/powershell_properties.h"

namespace vmqkit::formats {

struct PsProperty {
  std::string name;  // the documented property name (a view's label is mapped to it)
  std::string text;  // the value as printed; a JSON array's elements joined by one space
  // A JSON object's members, one level (VlanSetting's OperationMode, AccessVlanId, ...).
  std::vector<std::pair<std::string, std::string>> members;
  SourcePos where;
};

struct PsRecord {
  PsKind kind = PsKind::kVmq;
  SourcePos where;
  std::vector<PsProperty> properties;
  const PsProperty* Find(std::string_view name) const;  // ignoring case
};

// Does this (decoded) text look like PowerShell output rather than a .reg export or JSON registry?
bool LooksLikePowerShellText(std::string_view text);

// Reads Format-List text, default tables or ConvertTo-Json output; several of them may follow one
// another in one file. An unknown property, a record no cmdlet's table explains, a truncated or
// malformed object is an input error naming file:line.
Result<std::vector<PsRecord>> ParsePowerShellOutput(std::string_view text, const std::string& file);

// Reads and decodes a file (UTF-16LE with BOM, UTF-8, ANSI), then ParsePowerShellOutput.
Result<std::vector<PsRecord>> LoadPowerShellOutput(const std::string& path);

}  // namespace vmqkit::formats
