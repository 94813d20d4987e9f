#pragma once
// Windows .reg files, as `reg export` and regedit write them: "Windows Registry Editor Version
// 5.00" (UTF-16LE with BOM) or "REGEDIT4" / UTF-8 text; [key] lines, "name"="text",
// "name"=dword:XXXXXXXX, "name"=hex(n):.. with '\' continuations, ';' comments.
#include <string>
#include <string_view>

#include "base/result.h"
#include "spec/registry.h"

namespace vmqkit::formats {

// Parses the raw bytes of a .reg file. `file` names it in error positions.
Result<spec::RegistryFile> ParseRegFile(std::string_view bytes, const std::string& file);

enum class RegEncoding { kUtf16Le, kUtf8 };
// Writes a file that ParseRegFile reads back to the same keys and values.
std::string WriteRegFile(const spec::RegistryFile& file, RegEncoding encoding);

}  // namespace vmqkit::formats
