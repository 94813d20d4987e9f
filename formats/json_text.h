#pragma once
// Parsing a JSON text with bounded nesting: every error an input error naming file:line:column.
// Shared by the host description, the JSON registry's callers and the PowerShell readers.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/result.h"

namespace vmqkit::formats {

Result<nlohmann::json> ParseJsonText(std::string_view text, const std::string& file);

}  // namespace vmqkit::formats
