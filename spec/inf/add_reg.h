#pragma once
// AddReg sections and who installs them. An add-registry-section entry is
//   reg-root, [subkey], [value-entry-name], [flags], [value[, value...]]
// ([WDD-install] inf-addreg-directive); the models sections named by [Manufacturer] map hardware
// IDs to DDInstall sections, whose AddReg directives name the add-registry-sections
// ([WDD-install] inf-manufacturer-section, inf-models-section, inf-ddinstall-section).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spec/inf/inf_file.h"

namespace vmqkit::inf {

// The registry type in the high word of the AddReg flags, plus the binary bit of the low word
// ([WDD-install] inf-addreg-directive: FLG_ADDREG_TYPE_*; FLG_ADDREG_BINVALUETYPE = 0x1).
enum class RegType : std::uint8_t { kSz, kMultiSz, kExpandSz, kDword, kNone, kBinary };

std::string_view ToString(RegType type);

struct AddRegEntry {
  std::uint32_t line = 0;
  std::string section;
  std::string root;        // HKR, HKLM, ...
  std::string subkey;      // as written, without leading/trailing '\'
  std::string value_name;  // empty: the key's default value
  std::uint32_t flags = 0;
  RegType type = RegType::kSz;
  bool deletes = false;   // FLG_ADDREG_DELVAL
  bool key_only = false;  // FLG_ADDREG_KEYONLY
  std::string data;       // the value as written (REG_MULTI_SZ parts joined with ',')
};

// The Ndi\params\<keyword>[\enum] view of an HKR entry.
struct NdiParamRef {
  std::string keyword;  // spelling as written
  bool enum_subkey = false;
};
// Set when the entry writes under the driver key's Ndi\params\<keyword> or its enum subkey
// ([WDD] specifying-configuration-parameters-for-the-advanced-properties-page). Deeper subkeys
// are not parameters and give nullopt.
std::optional<NdiParamRef> AsNdiParam(const AddRegEntry& entry);

// A DDInstall section and the devices (hardware IDs) a models section installs with it.
struct InstallUnit {
  std::string section;                    // DDInstall section name as found in the file
  std::uint32_t line = 0;                 // where that section starts
  std::vector<std::string> device_ids;    // hardware IDs from the models sections
  std::vector<std::string> descriptions;  // device descriptions, substituted
  std::vector<std::string> add_reg;       // AddReg section names in directive order
};

struct InstallGraph {
  std::vector<InstallUnit> units;
  // AddReg sections with Ndi\params entries that no DDInstall section reaches.
  std::vector<std::string> unreferenced_param_sections;
  // Directives naming sections the file does not have.
  struct Missing {
    std::uint32_t line = 0;
    std::string from_section;
    std::string name;
    std::string what;  // "AddReg section", "models section", "DDInstall section"
  };
  std::vector<Missing> missing;
};

InstallGraph BuildInstallGraph(const InfFile& file);

// Parses the entries of one add-registry-section; entries that are not registry lines (no known
// root) are skipped and reported through `problems` as (line, message).
struct AddRegProblem {
  std::uint32_t line = 0;
  std::string message;
};
std::vector<AddRegEntry> ParseAddRegSection(const InfSection& section,
                                            std::vector<AddRegProblem>& problems);

// Numbers as INF files write them: decimal or 0x-hex, optional sign; nullopt otherwise.
std::optional<std::int64_t> ParseInfNumber(std::string_view text);

}  // namespace vmqkit::inf
