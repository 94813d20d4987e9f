#pragma once
// A host's registry read from a file: a `reg export` of the network adapter class (formats/
// reg_file.h) or a JSON registry (formats/registry_json.h), told apart by the file name.
#include <string>
#include <string_view>

#include "base/result.h"
#include "spec/registry.h"

namespace vmqkit::formats {

// Host and registry files are JSON when their name ends in ".json", in any case.
bool IsJsonPath(std::string_view path);

// .json as the JSON registry, anything else as a .reg export, which must hold an adapter key.
Result<spec::HostRegistry> LoadHostRegistry(const std::string& path);

}  // namespace vmqkit::formats
