// libFuzzer target: the INF reader (UTF-16LE/UTF-8/ANSI bytes -> sections, AddReg entries) and the
// linter behind `vmqkit lint-inf`, with and without a known NDIS version.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ndis/version.h"
#include "spec/inf/inf_file.h"
#include "spec/inf/lint.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  vmqkit::Result<vmqkit::inf::InfFile> file = vmqkit::inf::ParseInfBytes(bytes, "fuzz.inf");
  if (!file) return 0;
  const auto unknown = vmqkit::inf::LintInf(*file, {});
  const auto known = vmqkit::inf::LintInf(*file, {vmqkit::ndis::kNdis630});
  // Every finding must point into the file it came from.
  for (const auto* findings : {&unknown, &known}) {
    for (const auto& finding : *findings) {
      if (finding.file != "fuzz.inf") __builtin_trap();
    }
    (void)vmqkit::inf::HasErrors(*findings);
  }
  return 0;
}
