#pragma once
// The JSON registry: {"*VMQ": "1", "*RssBaseProcNumber": 2}. A string is REG_SZ, a number in
// 0..2^32-1 is REG_DWORD; any other JSON value is kept as "no registry type" so the reader can
// report and ignore it. Host keywords (VMSMP\Parameters, e.g. TenGigVmqEnabled) found at the top
// level go to that key. Several adapters: {"adapters": {"0007": {...}, "0010": {...}},
// "vmsmp": {...}}.
#include <string>
#include <string_view>

#include "base/result.h"
#include "spec/registry.h"

namespace vmqkit::formats {

// Nesting deeper than this is refused before parsing, so hostile input cannot exhaust the stack.
inline constexpr int kMaxJsonDepth = 64;

Result<spec::HostRegistry> ParseRegistryJson(std::string_view text, const std::string& file);

}  // namespace vmqkit::formats
