#include "formats/host_registry.h"

#include "base/text.h"
#include "base/text_encoding.h"
#include "formats/reg_file.h"
#include "formats/registry_json.h"

namespace vmqkit::formats {

bool IsJsonPath(std::string_view path) {
  return EndsWithIgnoreCase(path, ".json");
}

Result<spec::HostRegistry> LoadHostRegistry(const std::string& path) {
  Result<std::string> bytes = ReadFileBytes(path);
  if (!bytes) return bytes.error();
  if (IsJsonPath(path)) return ParseRegistryJson(*bytes, path);
  Result<spec::RegistryFile> file = ParseRegFile(*bytes, path);
  if (!file) return file.error();
  spec::HostRegistry host = spec::ToHostRegistry(*file, path);
  if (host.adapters.empty()) {
    return InputError({path, 0, 0},
                      "no network adapter key found: expected [" + std::string(spec::kNetClassKey) +
                          "\\NNNN] keys, as `reg export` of the network adapter class writes them");
  }
  return host;
}

}  // namespace vmqkit::formats
