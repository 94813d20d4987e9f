#pragma once
// Reading a host (spec/host_description.h) from files: the JSON host description of
// docs/processors.md ("Host description"), a JSON registry, or a `reg export`.
#include <string>
#include <string_view>

#include "base/result.h"
#include "spec/host_description.h"

namespace vmqkit::formats {

// .json: a host description when the top level has "topology", "teams" or "registry", otherwise a
// JSON registry; anything else: a `reg export`.
Result<spec::HostDescription> LoadHostDescription(const std::string& path);
// `file` names the input in messages; relative "registry" paths are resolved from its folder.
Result<spec::HostDescription> ParseHostDescriptionJson(std::string_view text,
                                                       const std::string& file);

}  // namespace vmqkit::formats
